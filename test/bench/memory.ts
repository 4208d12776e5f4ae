// Peak memory of each function: a fresh `node` (no tsx, nothing but the bundle) imports the function's bundle, then
// invokes its handler with its sample events (events/) in a warm loop against DynamoDB Local and the local SNS, as the
// Lambda would run them. Reports the resident set after init, its peak over the loop and the process's maxRSS.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { routeList } from '../../shared/http/routes.ts';
import { JOB_NAMES } from '../../shared/jobs.ts';
import { PROJECT_ROOT } from '../../infra/aws/constructs/platform-function.ts';
import { INIT_ENV } from './init-time.ts';

export interface MemoryResult {
  events: number;
  calls: number;
  /** Status codes (or 'ok' for non-HTTP handlers) of the loop's calls, with counts. */
  outcomes: Record<string, number>;
  rssAfterInitMb: number;
  /** The largest resident set sampled after each call (what Lambda's "Max Memory Used" reports). */
  peakRssMb: number;
  /** getrusage's maxRSS: on Linux it keeps the spawning parent's value across exec, so it is only an upper bound. */
  maxRssMb: number;
  heapUsedMb: number;
}

const PROBE = `
const [url, eventsFile, rounds] = process.argv.slice(1);
const mb = (b) => Math.round((b / 1048576) * 10) / 10;
const { handler } = await import(url);
const events = JSON.parse((await import('node:fs')).readFileSync(eventsFile, 'utf8'));
const rssAfterInit = process.memoryUsage().rss;
let peak = rssAfterInit;
const outcomes = {};
let calls = 0;
const context = (i) => ({ awsRequestId: 'bench-' + i, functionName: 'bench', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:cn-north-1:000000000000:function:bench', memoryLimitInMB: '512', logGroupName: 'bench', logStreamName: 'bench', callbackWaitsForEmptyEventLoop: false, getRemainingTimeInMillis: () => 10000, done() {}, fail() {}, succeed() {} });
for (let r = 0; r < Number(rounds); r++) {
  for (const e of events) {
    let key;
    try {
      const out = await handler(structuredClone(e), context(calls));
      key = out && typeof out === 'object' && 'statusCode' in out ? String(out.statusCode) : 'ok';
    } catch (err) {
      key = 'threw ' + (err && err.name);
    }
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    calls += 1;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
}
process.stdout.write(JSON.stringify({ events: events.length, calls, outcomes, rssAfterInitMb: mb(rssAfterInit), peakRssMb: mb(peak), maxRssMb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10, heapUsedMb: mb(process.memoryUsage().heapUsed) }));
`;

/** The sample events of a function: its routes' API Gateway events, the relay's stream event, a job's schedule event. */
export function sampleEvents(fn: string): unknown[] {
  const read = (p: string) => JSON.parse(readFileSync(join(PROJECT_ROOT, 'events', p), 'utf8')) as unknown;
  const has = (p: string) => existsSync(join(PROJECT_ROOT, 'events', p));
  if (fn === 'outbox-relay') return [read('stream/outbox-insert.json')];
  if ((JOB_NAMES as readonly string[]).includes(fn)) return has(`schedule/${fn}.json`) ? [read(`schedule/${fn}.json`)] : [];
  return routeList.filter((r) => r.fn === fn && existsSync(join(PROJECT_ROOT, 'events', 'api', `${r.name}.json`))).map((r) => read(`api/${r.name}.json`));
}

/**
 * Runs the probe without blocking this process: the local SNS the relay and the subscriptions function publish to
 * answers from this process's event loop.
 */
export function peakMemory(bundlePath: string, fn: string, env: Record<string, string>, scratch: string, rounds: number): Promise<MemoryResult> {
  const eventsFile = join(scratch, `events-${fn}.json`);
  writeFileSync(eventsFile, JSON.stringify(sampleEvents(fn)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', PROBE, pathToFileURL(bundlePath).href, eventsFile, String(rounds)], {
      env: { ...INIT_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`memory probe of ${fn} exited with ${code ?? signal}:\n${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as MemoryResult);
      } catch (e) {
        reject(e as Error);
      }
    });
  });
}
