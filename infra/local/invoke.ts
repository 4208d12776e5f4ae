// npm run invoke -- <function> <event.json>: runs one function locally against DynamoDB Local and prints its result.
// npm run invoke -- <job> --at <ISO time>: runs a scheduled job once, as of that time (what would a sweep do then?).
// Uses the DynamoDB Local of a running `npm start`, or starts one on the same data for the duration of the call.
import './env.ts';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { API_FUNCTIONS, routeList } from '../../shared/http/routes.ts';
import { JOB_NAMES, isJobName, type JobRun } from '../../shared/jobs.ts';
import { lambdaContext } from './lambda-context.ts';
import { connectLocal, type LocalTarget } from './target.ts';

const FUNCTIONS: readonly string[] = [...API_FUNCTIONS, 'outbox-relay', ...JOB_NAMES];
const usage = `usage: npm run invoke -- <${FUNCTIONS.join('|')}> <event.json>\n       npm run invoke -- <${JOB_NAMES.join('|')}> --at <ISO time>`;
const [fn, second, third] = process.argv.slice(2);
function fail(line: string): never {
  console.error(line);
  process.exit(2);
}
if (!fn) fail(usage);
if (!FUNCTIONS.includes(fn)) fail(`invoke: no function or job named '${fn}' (one of: ${FUNCTIONS.join(', ')}).`);
let event: unknown;
if (second === '--at') {
  if (!isJobName(fn)) fail(`invoke: --at runs a scheduled job; '${fn}' is not one (${JOB_NAMES.join(', ')}).`);
  if (!third || Number.isNaN(Date.parse(third))) fail(`invoke: --at needs an ISO time, e.g. --at 2026-12-24T09:00:00+08:00.`);
  event = { time: new Date(third).toISOString() };
} else {
  if (!second) fail(usage);
  const path = resolve(second);
  if (!existsSync(path)) fail(`invoke: no event file ${second}.`);
  try {
    event = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    fail(`invoke: ${second} is not a JSON file.`);
  }
  checkEventFits(fn, second, event);
}

/** The event must be one the function receives: an API Gateway event of one of its routes, or a stream batch for the relay. */
function checkEventFits(name: string, file: string, e: unknown): void {
  const ev = (typeof e === 'object' && e !== null ? e : {}) as { httpMethod?: unknown; resource?: unknown; Records?: unknown };
  if (name === 'outbox-relay') {
    if (!Array.isArray(ev.Records)) fail(`invoke: ${file} is not a DynamoDB stream event (no Records); see events/stream/.`);
    return;
  }
  if (!(API_FUNCTIONS as readonly string[]).includes(name)) return;
  const route = routeList.find((r) => r.method === ev.httpMethod && r.path === ev.resource);
  if (!route) fail(`invoke: ${file} is not an API Gateway event of a route (httpMethod and resource); see events/api/.`);
  if (route.fn !== name) fail(`invoke: ${file} is ${route.method} ${route.path}, a route of ${route.fn}, not of ${name}: npm run invoke -- ${route.fn} ${file}`);
}
const dataDir = resolve(process.env['LOCAL_DATA_DIR'] ?? '.local');

let target: LocalTarget | undefined;
try {
  target = await connectLocal(dataDir);
  const { tableName } = target;

  let result: unknown;
  if (isJobName(fn)) {
    // A job runs as the schedule would run it, with its progress lines on the terminal.
    const { run } = (await import(`../../functions/${fn}/job.ts`)) as { run: JobRun };
    const time = (event as { time?: unknown }).time;
    const now = typeof time === 'string' && !Number.isNaN(Date.parse(time)) ? new Date(time) : new Date();
    console.error(`running ${fn} as of ${now.toISOString()}`);
    const { documentClient } = await import('../../shared/store/client.ts');
    result = await run({ db: documentClient(), table: tableName, now, runId: `invoke-${fn}-${Date.now()}`, progress: (line, counts) => console.error(`  ${line} ${JSON.stringify(counts)}`) });
  } else {
    const mod = (await import(`../../functions/${fn}/handler.ts`)) as { handler: (e: unknown, c: unknown) => Promise<unknown> };
    result = await mod.handler(event, lambdaContext(fn));
  }
  const r = result as { body?: unknown };
  if (typeof r?.body === 'string' && r.body.startsWith('{')) r.body = JSON.parse(r.body);
  console.log(JSON.stringify(result, null, 2));
} catch (err) {
  console.error(`invoke failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await target?.close();
}
