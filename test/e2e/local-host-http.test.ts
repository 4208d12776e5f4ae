// The local host at the HTTP level, as clients that keep connections open see it: a refused oversized body closes its
// connection cleanly (the next request of a keep-alive client is served), and requests Node itself refuses (oversized
// or malformed headers) still get problem+json.
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePlanBody } from '../support/bodies.ts';
import { countyOffice } from '../support/callers.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';

let platform: TestPlatform;
let agent: Agent;

beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  agent?.destroy();
  await platform?.close();
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The local port of the client's socket: the same port means the same connection. */
  socketPort: number;
}

/** One request through the agent; the body is written in 64 KiB chunks, as a streaming client sends it. */
function send(method: string, path: string, opts: { body?: Buffer; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = request(`${platform.url}${path}`, { method, agent, headers: { ...(opts.body ? { 'Content-Type': 'application/json', 'Content-Length': String(opts.body.length) } : {}), ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      const socketPort = res.socket.localPort!;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), socketPort }));
      res.on('error', fail);
    });
    req.on('error', fail);
    if (!opts.body) return void req.end();
    for (let at = 0; at < opts.body.length; at += 65536) req.write(opts.body.subarray(at, at + 65536));
    req.end();
  });
}

/** Bytes written straight to a socket, and everything the server answers until it closes the connection. */
function raw(bytes: string): Promise<string> {
  return new Promise((ok, fail) => {
    const socket = connect(platform.port, '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString('utf8')));
    socket.on('end', () => ok(out));
    socket.on('error', fail);
  });
}

function parseRaw(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { statusLine, headers, body };
}

describe('a body larger than the local host reads', () => {
  it('gets a 413 problem with Connection: close, and the keep-alive client’s next request is served on a new connection', async () => {
    // Prepare: one kept-alive connection, already used once
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const token = await platform.token(countyOffice);
    const first = await send('GET', '/v1/health');
    expect(first.status).toBe(200);

    // Act: 2 MiB, twice what the host reads, then a normal request through the same agent
    const big = Buffer.alloc(2 * 1024 * 1024, 'a');
    const refused = await send('POST', '/v1/plans', { body: big, headers: { Authorization: `Bearer ${token}` } });
    const next = await send('POST', '/v1/plans', { body: Buffer.from(JSON.stringify(samplePlanBody())), headers: { Authorization: `Bearer ${token}` } });

    // Assess
    expect(refused.status).toBe(413);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.headers['connection']).toBe('close');
    expect(JSON.parse(refused.body)).toMatchObject({ status: 413, code: 'payload-too-large' });
    expect(refused.socketPort).toBe(first.socketPort);
    expect(next.status).toBe(201);
    expect(next.socketPort).not.toBe(refused.socketPort);
  });

  it('keeps the connection open after the handler’s own 413 (a body under the host’s limit, over the API’s)', async () => {
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const token = await platform.token(countyOffice);
    const refused = await send('POST', '/v1/plans', { body: Buffer.alloc(100 * 1024, 'a'), headers: { Authorization: `Bearer ${token}` } });
    const next = await send('GET', '/v1/health');

    expect(refused.status).toBe(413);
    expect(next.status).toBe(200);
    expect(next.socketPort).toBe(refused.socketPort);
  });
});

describe('requests Node refuses before the route is known', () => {
  it('answers oversized headers with a 431 problem+json and closes the connection', async () => {
    const answer = parseRaw(await raw(`GET /v1/health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(64 * 1024)}\r\n\r\n`));

    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.headers['connection']).toBe('close');
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
    expect(JSON.parse(answer.body)).toMatchObject({ status: 431, code: 'header-fields-too-large', title: 'The request headers are too large', requestId: expect.any(String) });
  });

  it('answers a request that is not HTTP with a 400 problem+json', async () => {
    const answer = parseRaw(await raw('GET /v1/health HTTP/1.1\r\nHost localhost\r\n\r\n'));

    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ status: 400, code: 'malformed-request' });
  });
});
