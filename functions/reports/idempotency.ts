// Idempotency-Key for a citizen's report: the stored first answer keeps the follow-up code sealed (purpose `report`,
// bound to the idempotency record), opened only to replay it; the request hash is keyed, since a report body can hold
// a contact. A repeat is looked up before the use case runs, so it never meets (or counts against) the per-source limit.
import { runtime } from '../../shared/app/runtime.ts';
import { isSealedField, type SealedField } from '../../shared/pii/sealed.ts';
import { piiVault } from '../../shared/pii/vault.ts';
import { documentClient, tableName } from '../../shared/store/client.ts';
import { replayOf, runIdempotent, type IdempotencyRequest, type IdempotencyRunner, type StoredResponse } from '../../shared/store/idempotency.ts';
import { keys } from '../../shared/store/keys.ts';

const FIELD = 'followUpCode';

/** The sealed field's binding: the idempotency record it lives in, so a copy moved to another record does not open. */
const bindingOf = (req: IdempotencyRequest) => ({ recordKey: keys.idempotency(req.scope).PK, field: FIELD });

/** The receipt as the idempotency record keeps it: the code sealed under the scope the report's data key uses. */
export async function sealedReceipt<B extends { followUpCode: string }>(req: IdempotencyRequest, scope: string, body: B): Promise<Omit<B, 'followUpCode'> & { followUpCode: SealedField }> {
  const sealed = await piiVault().seal(body.followUpCode, { ...bindingOf(req), incidentId: scope, purpose: 'report', kind: 'text' });
  return { ...body, followUpCode: sealed };
}

/** The stored receipt with its code opened again (410 once the report data of its incident was destroyed). */
async function opened(req: IdempotencyRequest, stored: StoredResponse & { replayed: boolean }): Promise<StoredResponse & { replayed: boolean }> {
  const body = stored.body as Record<string, unknown> | null;
  const sealed = body?.[FIELD];
  if (!isSealedField(sealed)) return stored;
  return { ...stored, body: { ...body, [FIELD]: await piiVault().open(sealed, bindingOf(req)) } };
}

const nowSeconds = () => Math.floor(runtime.clock.now().getTime() / 1000);

export const reportIdempotency: IdempotencyRunner = {
  hash: (request) => piiVault().requestHash(request),
  async run(req, attempt) {
    // Before the attempt: the attempt reads the per-source count first and would refuse the resend of the last report
    // the limit allowed with a 429 instead of its answer.
    const earlier = await replayOf(documentClient(), tableName(), req, nowSeconds());
    if (earlier) return opened(req, earlier);
    const r = await runIdempotent(documentClient(), tableName(), req, nowSeconds, attempt);
    return r.replayed ? opened(req, r) : r;
  },
};
