// Bare baseline for the health function: no SDK client, a trivial handler.
export const handler = async () => ({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"status":"ok"}' });
