// Closed-loop load: autocannon against the local API, and the same concurrency of raw SDK calls in this process.
// Latencies are taken per response with hrtime (autocannon's own histogram keeps whole milliseconds only).
import autocannon, { type RequestSpec } from 'autocannon';
import { summarize } from './stats.ts';

/** One timed run; runs of the same subject are merged into a LoadResult. */
export interface LoadRun {
  latencies: number[];
  ok: number;
  failed: number;
  outcomes: Record<string, number>;
  durationS: number;
  /** CPU time of this whole process (user + system) during the run. */
  cpuMs: number;
}

export interface LoadResult {
  /** Completed requests with the expected outcome. */
  ok: number;
  /** Requests with another status, errors and timeouts: a benchmark with any is not valid. */
  failed: number;
  /** HTTP status codes, or the names of the errors raw calls threw, with their counts. */
  outcomes: Record<string, number>;
  durationS: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** CPU this process spent per completed request (client, server, handler and SDK for the API; SDK for raw calls). */
  cpuMsPerRequest: number;
}

export function merge(runs: LoadRun[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies);
  const outcomes: Record<string, number> = {};
  for (const r of runs) for (const [k, v] of Object.entries(r.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
  const ok = runs.reduce((s, r) => s + r.ok, 0);
  const durationS = runs.reduce((s, r) => s + r.durationS, 0);
  const cpuMs = runs.reduce((s, r) => s + r.cpuMs, 0);
  const s = summarize(latencies);
  return {
    ok,
    failed: runs.reduce((n, r) => n + r.failed, 0),
    outcomes,
    durationS,
    rps: ok / durationS,
    p50Ms: s.p50,
    p99Ms: s.p99,
    meanMs: s.mean,
    cpuMsPerRequest: cpuMs / ok,
  };
}

export async function httpLoad(opts: {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationS: number;
  expectStatus: number;
  /** A new path for every request (autocannon's setupRequest); otherwise each request goes to `url`. */
  path?: () => string;
}): Promise<LoadRun> {
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const instance = autocannon({
    url: opts.url,
    method: opts.method,
    headers: opts.headers,
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    connections: opts.connections,
    duration: opts.durationS,
    timeout: 10,
    ...(opts.path ? { requests: [{ setupRequest: (r: RequestSpec) => ({ ...r, path: opts.path!() }) }] } : {}),
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    outcomes[statusCode] = (outcomes[statusCode] ?? 0) + 1;
    if (statusCode === opts.expectStatus) {
      ok += 1;
      latencies.push(responseTime);
    } else failed += 1;
  });
  const result = await instance;
  const durationS = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  if (result.errors) outcomes['connection-errors'] = result.errors;
  return { latencies, ok, failed: failed + result.errors, outcomes, durationS, cpuMs: (used.user + used.system) / 1000 };
}

/** `concurrency` loops, each awaiting `call` back to back for `durationS` seconds, as autocannon's connections do. */
/**
 * The same call behind a bare node:http server on a free port, answering its result as JSON: an HTTP hop with nothing
 * of the platform in it, to tell what the platform adds from what any HTTP server in this process costs.
 */
export async function bareHttpServer(call: () => Promise<unknown>): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    req.resume();
    call().then(
      (out) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(out));
      },
      () => {
        res.writeHead(500);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the bare HTTP server has no port');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function closedLoop(call: () => Promise<unknown>, concurrency: number, durationS: number): Promise<LoadRun> {
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  let failed = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const end = started + BigInt(Math.round(durationS * 1e9));
  const loop = async () => {
    while (process.hrtime.bigint() < end) {
      const t0 = process.hrtime.bigint();
      try {
        await call();
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch (err) {
        failed += 1;
        const name = err instanceof Error ? err.name : 'Error';
        outcomes[name] = (outcomes[name] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  outcomes['ok'] = latencies.length;
  return { latencies, ok: latencies.length, failed, outcomes, durationS: elapsedS, cpuMs: (used.user + used.system) / 1000 };
}
