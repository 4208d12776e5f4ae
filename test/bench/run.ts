// `npm run bench`: bundle sizes, cold init per function against a bare handler with the same SDK clients, Powertools
// Logger against Lambda's own JSON log format, warm middleware overhead, the local API under load against raw DynamoDB
// Local (plan create and read, response activation), list latency at 1k against 100k plans, each function's peak
// memory, a cost model per million API calls; then personal-data encryption in the warm process, requisitions sealed
// against in the clear and the owner's list at 10 against 10k, the volunteer search at 100 against 50k and the
// deployment request against its raw transaction, the destruction of an incident's personal data against a plain
// delete, and the web console's bytes and first render. Prints one table with a target and verdict per line and writes
// every figure to bench-results/bench.json. Missed targets are reported, not fatal; errors exit 1.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { BARE_KINDS, bareEntry, bareOf, bundle, FUNCTION_NAMES, functionEntry, type BareKind, type BundleResult, type FunctionName } from './bundles.ts';
import { importTime, importTimeMs } from './init-time.ts';
import type { LoggerResult } from './logger.ts';
import type { MemoryResult } from './memory.ts';
import type { MiddlewareResult } from './middleware.ts';
import type { LoadResult, LoadRun } from './load.ts';
import type { Summary } from './stats.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Platform } from '../../infra/local/platform.ts';
import { fmt, kib, median, round, table } from './stats.ts';
import { PROJECT_ROOT } from '../../infra/aws/constructs/platform-function.ts';

// Settings, overridable for a quick look (BENCH_LOAD_SECONDS=2 npm run bench); the defaults are the benchmark.
const INIT_RUNS = Number(process.env['BENCH_INIT_RUNS'] ?? 15);
const MIDDLEWARE_CALLS = Number(process.env['BENCH_MIDDLEWARE_CALLS'] ?? 20_000);
const CONNECTIONS = 10;
const LOAD_SECONDS = Number(process.env['BENCH_LOAD_SECONDS'] ?? 10);
const WARMUP_SECONDS = 2;
const SMALL_DIVISION = { code: '110106', plans: Number(process.env['BENCH_SMALL_PLANS'] ?? 1_000) };
const LARGE_DIVISION = { code: '110108', plans: Number(process.env['BENCH_LARGE_PLANS'] ?? 100_000) };
/** Seeding the list divisions may take at most this long; past it the step fails instead of holding the run. */
const SEED_SECONDS = Number(process.env['BENCH_SEED_SECONDS'] ?? 300);
/** Rounds of a function's sample events in the memory probe's warm loop. */
const MEMORY_ROUNDS = Number(process.env['BENCH_MEMORY_ROUNDS'] ?? 50);
/** Calls of each operation whose request units and handler time the cost model uses. */
const COST_CALLS = Number(process.env['BENCH_COST_CALLS'] ?? 100);
const LOGGER_CALLS = Number(process.env['BENCH_LOGGER_CALLS'] ?? 20_000);
/** BENCH_SECTIONS=init,load,activation (names after the numbers) runs only those, for a second look at a few on a busy machine. */
const SECTIONS = process.env['BENCH_SECTIONS']?.split(',').map((x) => x.trim());
const wanted = (section: string) => !SECTIONS || SECTIONS.includes(section.replace(/^\d+\s*/, ''));
/** The memory each function is deployed with (infra/aws/constructs/platform-function.ts). */
const CONFIGURED_MEMORY_MB = 512;
/** Incidents seeded before the activation warm-ups; topped up from the warm-up rates before the measured runs. */
const ACTIVATION_SEED = Number(process.env['BENCH_ACTIVATION_SEED'] ?? 4_000);
/** At most this long for the relay to clear the stream of the earlier sections before the activation runs. */
const STREAM_BACKLOG_SECONDS = Number(process.env['BENCH_STREAM_BACKLOG_SECONDS'] ?? 60);
/**
 * How long to watch the relay after the activation runs (up to every alert out). The local relay is slower than the
 * activations, so its backlog is measured as a rate, not waited out.
 */
const RELAY_WINDOW_SECONDS = Number(process.env['BENCH_RELAY_WINDOW_SECONDS'] ?? 10);
const LIST_REQUESTS = 200;
const LIST_WARMUP = 20;
/** 10 pii: seals and opens of one field per measure (a record of 8 fields is timed an eighth as often). */
const PII_ITERATIONS = Number(process.env['BENCH_PII_ITERATIONS'] ?? 20_000);
/** 11 requisitions: writes and reads of each side (in the clear, sealed) per field measure, half that per requisition. */
const REQUISITION_ITERATIONS = Number(process.env['BENCH_REQUISITION_ITERATIONS'] ?? 400);
/** GET /v1/me/requisitions requests at each table size, and the larger size (the smaller is 10). */
const ME_REQUESTS = Number(process.env['BENCH_ME_REQUESTS'] ?? 300);
const ME_LARGE = Number(process.env['BENCH_ME_LARGE'] ?? 10_000);
/** 12 social: consenting volunteers in the large search division (the small one has 100), and the deployment runs. */
const VOLUNTEERS_LARGE = Number(process.env['BENCH_VOLUNTEERS_LARGE'] ?? 50_000);
const DEPLOYMENT_SECONDS = Number(process.env['BENCH_DEPLOYMENT_SECONDS'] ?? LOAD_SECONDS);
/** 13 pii-destruction: sealed records of the incident destroyed (and of its twin deleted plainly). */
const PII_DESTRUCTION_RECORDS = Number(process.env['BENCH_PII_DESTRUCTION_RECORDS'] ?? 10_000);
/** 14 console: fresh browser profiles, each a cold visit and a reload. */
const CONSOLE_RUNS = Number(process.env['BENCH_CONSOLE_RUNS'] ?? 5);

type Verdict = 'PASS' | 'FAIL' | 'INFO' | 'ERROR';
interface Line {
  section: string;
  measure: string;
  value: string;
  target: string;
  verdict: Verdict;
}

const startedAt = Date.now();
const lines: Line[] = [];
const errors: { step: string; message: string }[] = [];
const results: Record<string, unknown> = {};
const loadStart = os.loadavg();

function progress(msg: string): void {
  const s = Math.round((Date.now() - startedAt) / 1000);
  console.log(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${msg}`);
}

function verdict(ok: boolean): Verdict {
  return ok ? 'PASS' : 'FAIL';
}

async function step(name: string, fn: () => Promise<void>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    errors.push({ step: name, message });
    lines.push({ section: name, measure: 'step failed', value: message.split('\n')[0]!.slice(0, 120), target: '-', verdict: 'ERROR' });
    progress(`ERROR in ${name}: ${message}`);
    return false;
  }
}

const scratch = mkdtempSync(join(os.tmpdir(), 'erp-bench-'));
const bundles: Partial<Record<FunctionName, BundleResult>> = {};
const bares: Partial<Record<BareKind, BundleResult>> = {};

// 1. Bundle size --------------------------------------------------------------------------------------------------
const LOGGER_BASELINES = ['logger-powertools', 'logger-console'] as const;
const loggerBundles: Partial<Record<(typeof LOGGER_BASELINES)[number], BundleResult>> = {};

async function bundleSizes(): Promise<void> {
  progress(`1/14 bundling the ${FUNCTION_NAMES.length} functions, ${BARE_KINDS.length} bare baselines and 2 logger baselines with esbuild (as the CDK stack does)`);
  for (const name of FUNCTION_NAMES) {
    const b = await bundle(functionEntry(name), scratch, name);
    bundles[name] = b;
    const clients = b.packages.filter((p) => p.startsWith('@aws-sdk/client-')).map((p) => p.slice('@aws-sdk/client-'.length));
    lines.push({
      section: '1 bundle',
      measure: `${name} (minified / gzip)`,
      value: `${b.bytes} B (${kib(b.bytes)}) / ${b.gzipBytes} B (${kib(b.gzipBytes)}); largest: ${b.topInputs
        .slice(0, 3)
        .map((i) => `${i.name} ${kib(i.bytes)}`)
        .join(', ')}; SDK clients: ${clients.join(', ') || 'none'}`,
      target: '-',
      verdict: 'INFO',
    });
  }
  for (const kind of BARE_KINDS) bares[kind] = await bundle(bareEntry(kind), scratch, `bare-${kind}`);
  for (const name of LOGGER_BASELINES) loggerBundles[name] = await bundle(join(PROJECT_ROOT, 'test', 'bench', 'bare', `${name}.ts`), scratch, name);
  results['bundles'] = { functions: bundles, bare: bares, logger: loggerBundles };
}

// 2. Fresh-process init -------------------------------------------------------------------------------------------
/** Median wall and CPU milliseconds of `runs` fresh imports of each file, taken in turns so drift hits all alike. */
function initSamples(files: string[], runs: number): { wallMs: number[]; cpuMs: number[] }[] {
  // One untimed import of each first: the file cache, not the first run, is what a warm Lambda host has.
  for (const f of files) importTime(f);
  const out = files.map(() => ({ wallMs: [] as number[], cpuMs: [] as number[] }));
  for (let i = 0; i < runs; i++) {
    files.forEach((f, j) => {
      const t = importTime(f);
      out[j]!.wallMs.push(t.ms);
      out[j]!.cpuMs.push(t.cpuMs);
    });
  }
  return out;
}

/** One function's init against its bare baseline, into `out` and the table. */
function initOf(name: string, out: Record<string, unknown>): void {
  const fn = bundles[name];
  if (!fn) throw new Error(`no bundle for ${name}: step 1 failed`);
  const kind = bareOf(fn);
  const bare = bares[kind];
  if (!bare) throw new Error(`no bare ${kind} bundle: step 1 failed`);
  const [f, b] = initSamples([fn.outfile, bare.outfile], INIT_RUNS) as [{ wallMs: number[]; cpuMs: number[] }, { wallMs: number[]; cpuMs: number[] }];
  const fm = median(f.wallMs);
  const bm = median(b.wallMs);
  const ratio = fm / bm;
  const cpuRatio = median(f.cpuMs) / median(b.cpuMs);
  // The fastest run is the least disturbed by other work on the machine: reported beside the median.
  const minRatio = Math.min(...f.wallMs) / Math.min(...b.wallMs);
  out[name] = {
    bare: kind,
    runs: INIT_RUNS,
    functionMs: f.wallMs,
    bareMs: b.wallMs,
    functionCpuMs: f.cpuMs,
    bareCpuMs: b.cpuMs,
    functionMedianMs: fm,
    bareMedianMs: bm,
    functionMedianCpuMs: median(f.cpuMs),
    bareMedianCpuMs: median(b.cpuMs),
    ratio,
    cpuRatio,
    minRatio,
  };
  const detail = `${fmt(fm, 1)} ms vs bare ${fmt(bm, 1)} ms = ${fmt(ratio, 3)}x; CPU ${fmt(median(f.cpuMs), 1)} / ${fmt(median(b.cpuMs), 1)} ms = ${fmt(cpuRatio, 3)}x; fastest runs ${fmt(minRatio, 3)}x`;
  if (kind === 'none') {
    // No SDK client: the bare baseline is an empty module (about 1 ms), against which a ratio says nothing.
    lines.push({ section: '2 init', measure: `${name} import, median of ${INIT_RUNS} (no SDK client: absolute time against an empty module)`, value: detail, target: '-', verdict: 'INFO' });
  } else {
    lines.push({
      section: '2 init',
      measure: `${name} import, median of ${INIT_RUNS} (bare: ${kind}, the SDK clients its bundle carries)`,
      value: detail,
      // Judged on CPU time: an import does no I/O (no client connects at init), so its CPU time is what it takes on a
      // core of its own, as in a Lambda sandbox; wall time on this shared 2-core machine also counts other processes.
      target: 'CPU ratio <= 1.2',
      verdict: verdict(cpuRatio <= 1.2),
    });
  }
  progress(`   ${name}: ${fmt(fm, 1)} ms vs bare ${fmt(bm, 1)} ms (CPU ${fmt(cpuRatio, 3)}x)`);
}

async function initTimes(): Promise<void> {
  progress(`2/14 fresh-process init: ${INIT_RUNS} node processes per bundle and per bare baseline (wall and CPU time of the import)`);
  const out: Record<string, unknown> = {};
  for (const name of FUNCTION_NAMES) {
    try {
      initOf(name, out);
    } catch (err) {
      errors.push({ step: `2 init ${name}`, message: (err as Error).message });
      lines.push({ section: '2 init', measure: name, value: (err as Error).message.split('\n')[0]!.slice(0, 120), target: '-', verdict: 'ERROR' });
    }
  }
  // Source maps are opt-in (NODE_OPTIONS=--enable-source-maps, for debugging): what they would cost, on one function.
  const plans = bundles['plans'];
  if (plans) {
    importTimeMs(plans.outfile, ['--enable-source-maps']);
    const sm = median(Array.from({ length: INIT_RUNS }, () => importTimeMs(plans.outfile, ['--enable-source-maps'])));
    out['plansWithSourceMapsMedianMs'] = sm;
    lines.push({ section: '2 init', measure: 'plans import with --enable-source-maps (opt-in, not deployed)', value: `${fmt(sm, 1)} ms`, target: '-', verdict: 'INFO' });
  }
  results['init'] = out;
}

// 3. Logger: Powertools Logger against Lambda's own JSON log format --------------------------------------------------
async function loggerComparison(): Promise<void> {
  progress(`3/14 logger: init of each logger on its own, then ${LOGGER_CALLS} warm calls each in a child process`);
  const none = bares['none'];
  const pt = loggerBundles['logger-powertools'];
  const own = loggerBundles['logger-console'];
  if (!none || !pt || !own) throw new Error('no logger baseline bundles: step 1 failed');
  const [n, p, o] = initSamples([none.outfile, pt.outfile, own.outfile], INIT_RUNS) as [{ wallMs: number[]; cpuMs: number[] }, { wallMs: number[]; cpuMs: number[] }, { wallMs: number[]; cpuMs: number[] }];
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'test/bench/logger.ts')], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 180_000,
    // Logs go to /dev/null: what is measured is the logger, not the terminal.
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', AWS_REGION: 'cn-north-1', BENCH_LOGGER_CALLS: String(LOGGER_CALLS) },
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`logger benchmark exited with ${r.status ?? r.signal}:\n${r.stderr.slice(-3000)}`);
  const warm = JSON.parse(r.stderr.trim().split('\n').pop()!) as LoggerResult;
  const init = {
    bareMedianMs: median(n.wallMs),
    powertools: { bytes: pt.bytes, medianMs: median(p.wallMs), medianCpuMs: median(p.cpuMs) },
    lambdaJson: { bytes: own.bytes, medianMs: median(o.wallMs), medianCpuMs: median(o.cpuMs) },
  };
  const chosen = init.lambdaJson.medianCpuMs <= init.powertools.medianCpuMs && warm.lambdaJson.p50 <= warm.powertools.p50 ? 'lambda-json' : 'powertools';
  results['logger'] = { init, warm, chosen, inUse: 'lambda-json (shared/log.ts)' };
  lines.push({
    section: '3 logger',
    measure: 'init on its own (bundle; import median over an empty module)',
    value: `Powertools Logger + middleware ${kib(pt.bytes)}, ${fmt(init.powertools.medianMs - init.bareMedianMs, 1)} ms (CPU ${fmt(init.powertools.medianCpuMs, 1)} ms); console logger for LoggingFormat.JSON ${kib(own.bytes)}, ${fmt(init.lambdaJson.medianMs - init.bareMedianMs, 1)} ms (CPU ${fmt(init.lambdaJson.medianCpuMs, 1)} ms)`,
    target: '-',
    verdict: 'INFO',
  });
  lines.push({
    section: '3 logger',
    measure: `logger.info('request refused', { code, status }) with the request's keys, ${warm.calls} calls`,
    value: `Powertools p50 ${fmt(warm.powertools.p50)} us, ${warm.powertools.bytesPerLine} B/line; Lambda JSON format (runtime simulated) p50 ${fmt(warm.lambdaJson.p50)} us, ${warm.lambdaJson.bytesPerLine} B/line`,
    target: 'choose the lighter',
    verdict: chosen === 'lambda-json' ? 'PASS' : 'FAIL',
  });
}

// 3. Warm middleware overhead -------------------------------------------------------------------------------------
async function middlewareOverhead(): Promise<void> {
  progress(`4/14 warm middleware overhead: ${MIDDLEWARE_CALLS} in-process calls per handler, in a child process`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'test/bench/middleware.ts')], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 180_000,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      TABLE_NAME: 'bench-middleware',
      AWS_REGION: 'cn-north-1',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      BENCH_MIDDLEWARE_CALLS: String(MIDDLEWARE_CALLS),
    },
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`middleware benchmark exited with ${r.status ?? r.signal}:\n${r.stderr.slice(-3000)}`);
  const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as MiddlewareResult;
  results['middleware'] = m;
  const row = (measure: string, p: MiddlewareResult['health']) =>
    lines.push({
      section: '4 middleware',
      measure,
      value: `overhead p50 ${fmt(p.overheadP50Us)} us, mean ${fmt(p.overheadMeanUs)} us (real p50 ${fmt(p.real.p50)} / mean ${fmt(p.real.mean)} us; bare p50 ${fmt(p.bare.p50)} / mean ${fmt(p.bare.mean)} us)`,
      target: 'p50 overhead < 50 us',
      verdict: verdict(p.overheadP50Us < 50),
    });
  row('GET /v1/health, real vs bare handler', m.health);
  row('GET /v1/plans/{id}, stubbed send, real vs bare', m.getPlan);
}

// 4, 5 and 6. Against DynamoDB Local -------------------------------------------------------------------------------
function loadRow(measure: string, r: LoadResult, section = '5 load'): Line {
  return {
    section,
    measure,
    value: `p50 ${fmt(r.p50Ms)} ms, p99 ${fmt(r.p99Ms)} ms, ${fmt(r.rps, 0)} req/s (${r.ok} ok in ${fmt(r.durationS, 1)} s; node CPU ${fmt(r.cpuMsPerRequest, 3)} ms/req)`,
    target: '-',
    verdict: 'INFO',
  };
}

function assertClean(name: string, r: LoadResult): void {
  if (r.failed > 0 || r.ok === 0) throw new Error(`${name}: ${r.failed} failed and ${r.ok} ok requests: ${JSON.stringify(r.outcomes)}`);
}

async function againstDynamoLocal(): Promise<void> {
  // The handlers read their configuration and create their logger at import: set it before anything loads them.
  process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
  process.env['POWERTOOLS_METRICS_DISABLED'] = 'true';
  process.env['AWS_REGION'] ??= 'cn-north-1';
  const { startPlatform } = await import('../../infra/local/platform.ts');
  const { signToken } = await import('../../infra/local/auth.ts');
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  const { keys } = await import('../../shared/store/keys.ts');
  const { samplePlanBody } = await import('../support/bodies.ts');
  const { auditItem, samplePlan } = await import('./fixtures.ts');
  const { planHeadItem, planVersionItem } = await import('../../shared/store/plans.ts');
  const { bareHttpServer, closedLoop, httpLoad, merge } = await import('./load.ts');
  const { measureLists, seedDivision } = await import('./list.ts');

  progress('5/14 starting the local platform (DynamoDB Local in memory, API server, stream poller)');
  const envBefore = { ...process.env };
  const platform = await startPlatform({ dataDir: join(scratch, 'platform'), persist: false, tableName: 'bench', print: () => {} });
  // What the platform set for its handlers (table, endpoints, topic, data directory): the memory probes get the same.
  const platformEnv = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && envBefore[k] !== v)) as Record<string, string>;
  let readPlanId: string | undefined;
  let largeDivisionToken: string | undefined;
  const dynamoPort = new URL(platform.dynamoEndpoint).port;
  results['dynamoLocalPort'] = Number(dynamoPort);
  stopPlatform = () => platform.stop();
  const raw = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: platform.dynamoEndpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const table = platform.tableName;
  const office = (division: string) => signToken({ sub: `office-${division}`, roles: ['office'], division, level: 'county' }, platform.secret);

  try {
    if (wanted('load')) await step('5 load', async () => {
      const token = await office('110105');
      const json = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
      const planBody = JSON.stringify(samplePlanBody());

      // (a) POST /v1/plans vs the TransactWriteItems it commits: head (condition), version, audit.
      const rawCreate = () => {
        const { plan, latest } = samplePlan('110105', { now: new Date() });
        const notThere = { ConditionExpression: 'attribute_not_exists(PK)' };
        return raw.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table, Item: planHeadItem(plan, latest), ...notThere } },
              { Put: { TableName: table, Item: planVersionItem(latest), ...notThere } },
              { Put: { TableName: table, Item: auditItem(plan, 'bench'), ...notThere } },
            ],
          }),
        );
      };
      const postApi = (durationS: number) =>
        httpLoad({ url: `${platform.url}/v1/plans`, method: 'POST', headers: json, body: planBody, connections: CONNECTIONS, durationS, expectStatus: 201 });
      progress(`   POST /v1/plans: warm-up ${WARMUP_SECONDS} s each, then 2 x ${LOAD_SECONDS / 2} s API and raw TransactWriteItems, alternating`);
      assertClean('POST warm-up', merge([await postApi(WARMUP_SECONDS)]));
      assertClean('raw TransactWrite warm-up', merge([await closedLoop(rawCreate, CONNECTIONS, WARMUP_SECONDS)]));
      const postRuns: LoadRun[] = [];
      const txRuns: LoadRun[] = [];
      for (let half = 0; half < 2; half++) {
        postRuns.push(await postApi(LOAD_SECONDS / 2));
        txRuns.push(await closedLoop(rawCreate, CONNECTIONS, LOAD_SECONDS / 2));
      }
      const post = merge(postRuns);
      const tx = merge(txRuns);
      assertClean('POST /v1/plans', post);
      assertClean('raw TransactWriteItems', tx);

      // (b) GET /v1/plans/{id} (one GetItem of the head, which carries the latest version) vs that raw GetItem.
      const created = await fetch(`${platform.url}/v1/plans`, { method: 'POST', headers: json, body: planBody });
      const planId = ((await created.json()) as { planId?: string }).planId;
      if (created.status !== 201 || !planId) throw new Error(`creating the plan to read failed with ${created.status}`);
      readPlanId = planId;
      const headKey = keys.planHead(planId);
      const getHead = () => raw.send(new GetCommand({ TableName: table, Key: headKey, ConsistentRead: true })).then(mustHave);
      const getApi = (durationS: number) =>
        httpLoad({ url: `${platform.url}/v1/plans/${planId}`, method: 'GET', headers: { Authorization: `Bearer ${token}` }, connections: CONNECTIONS, durationS, expectStatus: 200 });
      progress(`   GET /v1/plans/{id}: warm-up ${WARMUP_SECONDS} s each, then 2 x ${LOAD_SECONDS / 2} s API and raw GetItem, alternating`);
      assertClean('GET warm-up', merge([await getApi(WARMUP_SECONDS)]));
      assertClean('raw GetItem warm-up', merge([await closedLoop(getHead, CONNECTIONS, WARMUP_SECONDS)]));
      const getRuns: LoadRun[] = [];
      const oneRuns: LoadRun[] = [];
      for (let half = 0; half < 2; half++) {
        getRuns.push(await getApi(LOAD_SECONDS / 2));
        oneRuns.push(await closedLoop(getHead, CONNECTIONS, LOAD_SECONDS / 2));
      }
      const get = merge(getRuns);
      const one = merge(oneRuns);
      assertClean('GET /v1/plans/{id}', get);
      assertClean('raw GetItem', one);
      // The same GetItem behind a bare HTTP server in this process: what an HTTP hop costs by itself, so the ratio
      // against it is what the platform adds (API Gateway does the hop on AWS).
      const bare = await bareHttpServer(() => raw.send(new GetCommand({ TableName: table, Key: headKey, ConsistentRead: true })).then(mustHave));
      let hop: LoadResult;
      try {
        hop = merge([await httpLoad({ url: bare.url, method: 'GET', headers: {}, connections: CONNECTIONS, durationS: LOAD_SECONDS / 2, expectStatus: 200 })]);
      } finally {
        await bare.close();
      }
      assertClean('GetItem behind a bare HTTP server', hop);

      results['load'] = {
        connections: CONNECTIONS,
        seconds: LOAD_SECONDS,
        note: 'autocannon and the API server share this process; raw calls run in this process with the same concurrency. GET /v1/plans/{id} reads the plan head, which carries the latest version: one GetItem, ConsistentRead.',
        post: { api: post, rawTransactWrite: tx, ratio: post.rps / tx.rps },
        get: { api: get, rawGetItem: one, ratio: get.rps / one.rps, bareHttpGetItem: hop, ratioToBareHttp: get.rps / hop.rps },
      };
      lines.push(loadRow('POST /v1/plans (API, 10 connections)', post));
      lines.push(loadRow('raw TransactWriteItems (head+version+audit Put)', tx));
      lines.push({ section: '5 load', measure: 'POST throughput API / raw', value: fmt(post.rps / tx.rps, 3), target: '>= 0.8', verdict: verdict(post.rps / tx.rps >= 0.8) });
      lines.push(loadRow('GET /v1/plans/{id} (API: one GetItem of the head, latest version inside)', get));
      lines.push(loadRow('raw GetItem of the head', one));
      lines.push({ section: '5 load', measure: 'GET throughput API / raw GetItem', value: fmt(get.rps / one.rps, 3), target: '>= 0.8', verdict: verdict(get.rps / one.rps >= 0.8) });
      lines.push(loadRow('the same GetItem behind a bare node:http server (an HTTP hop, nothing of the platform)', hop));
      lines.push({ section: '5 load', measure: 'GET throughput API / bare HTTP + GetItem (what the platform adds)', value: fmt(get.rps / hop.rps, 3), target: '-', verdict: 'INFO' });
    });

    let activation: ActivationContext | undefined;
    if (wanted('activation')) {
      await step('6 activation', async () => {
        activation = await activationLoad({ platform, raw, table, office });
      });
    }

    if (wanted('list')) await step('7 list', async () => {
      progress(
        `7/14 seeding ${SMALL_DIVISION.plans} plan heads into ${SMALL_DIVISION.code} and ${LARGE_DIVISION.plans} into ${LARGE_DIVISION.code} (BatchWriteItem, 25 per batch, in parallel; at most ${SEED_SECONDS} s)`,
      );
      const seedStarted = Date.now();
      const deadline = seedStarted + SEED_SECONDS * 1000;
      const small = await seedDivision(raw, table, SMALL_DIVISION.code, SMALL_DIVISION.plans, (n) => progress(`   ${SMALL_DIVISION.code}: ${n} written`), deadline);
      progress(`   ${SMALL_DIVISION.code}: ${small.written} written`);
      const large = await seedDivision(raw, table, LARGE_DIVISION.code, LARGE_DIVISION.plans, (n) => progress(`   ${LARGE_DIVISION.code}: ${n} written`), deadline);
      const seedSeconds = (Date.now() - seedStarted) / 1000;
      const seedRate = (small.written + large.written) / seedSeconds;
      progress(`   seeded in ${fmt(seedSeconds, 1)} s (${fmt(seedRate, 0)} items/s, ${small.retries + large.retries} batch retries); measuring ${LIST_REQUESTS} list requests each`);
      const path = (code: string, extra = '') => `/v1/plans?division=${code}&limit=20${extra}`;
      const smallToken = await office(SMALL_DIVISION.code);
      const largeToken = await office(LARGE_DIVISION.code);
      const s = await measureLists(
        platform.url,
        [
          { name: 'small', path: path(SMALL_DIVISION.code), token: smallToken, expectItems: 20 },
          { name: 'large', path: path(LARGE_DIVISION.code), token: largeToken, expectItems: 20 },
          { name: 'largePublished', path: path(LARGE_DIVISION.code, '&status=published'), token: largeToken, expectItems: 20 },
        ],
        LIST_REQUESTS,
        LIST_WARMUP,
      );
      const ratio = s['large']!.p50 / s['small']!.p50;
      results['list'] = { seedSeconds, seedRate, seedRetries: small.retries + large.retries, small: { ...SMALL_DIVISION, ...s['small'] }, large: { ...LARGE_DIVISION, ...s['large'] }, largePublished: s['largePublished'], ratio };
      const row = (measure: string, x: Summary): Line => ({
        section: '7 list',
        measure,
        value: `p50 ${fmt(x.p50)} ms, p99 ${fmt(x.p99)} ms (${x.n} requests)`,
        target: '-',
        verdict: 'INFO',
      });
      lines.push(row(`GET /v1/plans?division=${SMALL_DIVISION.code}&limit=20 (${SMALL_DIVISION.plans} plans)`, s['small']!));
      lines.push(row(`GET /v1/plans?division=${LARGE_DIVISION.code}&limit=20 (${LARGE_DIVISION.plans} plans)`, s['large']!));
      lines.push(row(`  same, &status=published (20 plans with a pending filing)`, s['largePublished']!));
      lines.push({ section: '7 list', measure: `seeding ${SMALL_DIVISION.plans + LARGE_DIVISION.plans} plan heads (BatchWriteItem in parallel)`, value: `${fmt(seedSeconds, 1)} s, ${fmt(seedRate, 0)} items/s`, target: `<= ${SEED_SECONDS} s`, verdict: 'PASS' });
      lines.push({ section: '7 list', measure: `p50 ratio ${LARGE_DIVISION.plans} / ${SMALL_DIVISION.plans} plans`, value: fmt(ratio, 3), target: '<= 1.1', verdict: verdict(ratio <= 1.1) });
      largeDivisionToken = largeToken;
    });

    if (wanted('memory') && Object.keys(bundles).length > 0) await step('8 memory', () => memoryPeaks(platformEnv));
    if (wanted('cost')) await step('9 cost', () => costModel({ platform, raw, table, office }, activation, readPlanId, largeDivisionToken));
    if (PLATFORM_SECTIONS.some((x) => wanted(x))) await newerSections({ platform, raw, table, office });
  } finally {
    progress('stopping the platform');
    raw.destroy();
    await platform.stop();
    stopPlatform = undefined;
  }
}

// 5. Response activation --------------------------------------------------------------------------------------------
interface PlatformContext {
  platform: Platform;
  raw: DynamoDBDocumentClient;
  table: string;
  office: (division: string) => Promise<string>;
}

/** What the activation section leaves for the cost model: the plan in force and incidents still ready to activate. */
interface ActivationContext {
  pool: import('./activation.ts').IncidentPool;
  plan: import('../../shared/domain/incident.ts').PlanInForce;
  division: string;
}

/**
 * POST /v1/incidents/{id}/response, each request on a fresh incident ready to activate, against the raw
 * TransactWriteItems of the same items on seeded incidents, and against the use case's reads and write done raw.
 */
async function activationLoad({ platform, raw, table, office }: PlatformContext): Promise<ActivationContext> {
  const { samplePlanBody } = await import('../support/bodies.ts');
  const { PlanRepository } = await import('../../shared/store/plans.ts');
  const { ACTIVATION_ITEMS, IncidentPool, NO_INCIDENT, activationBody, activationTransaction, rawActivation, rawActivationWithReads, seedIncidents } = await import(
    './activation.ts'
  );
  const { closedLoop, httpLoad, merge } = await import('./load.ts');
  const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');

  const division = '110105';
  const gov = { kind: 'user' as const, roles: ['office' as const], sub: `office-${division}`, division, level: 'county' as const };
  const token = await office(division);
  const json = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const r = await fetch(`${platform.url}${path}`, { method, headers: json, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: r.status, body: await r.json() };
  };
  const expect = (what: string, r: { status: number; body: unknown }, status: number) => {
    if (r.status !== status) throw new Error(`${what}: status ${r.status} (expected ${status}): ${JSON.stringify(r.body).slice(0, 300)}`);
    return r.body as Record<string, any>;
  };

  // A plan in force, through the API: created, submitted, approved and published by the county office.
  progress('6/14 activation: a plan in force through the API, then incidents ready to activate seeded straight into the table');
  const planId = expect('POST /v1/plans', await call('POST', '/v1/plans', samplePlanBody({ title: 'Flood plan for the activation benchmark' })), 201)['planId'] as string;
  for (const action of ['submit', 'approve', 'publish']) expect(`${action} the plan`, await call('POST', `/v1/plans/${planId}/transitions`, { action }), 200);
  const plans = new PlanRepository(raw, table);
  const [head, version] = await Promise.all([plans.get(planId), plans.getVersion(planId, 1)]);
  if (!head || version?.status !== 'published') throw new Error(`plan ${planId} is not in force: version 1 is ${version?.status ?? 'missing'}`);
  const plan = { plan: { planId, type: head.type, divisionCode: head.divisionCode, category: head.category }, version };
  const body = activationBody(plan);

  const pool = new IncidentPool();
  const seeding = { incidents: 0, seconds: 0, retries: 0 };
  const seed = async (count: number) => {
    const t0 = Date.now();
    const r = await seedIncidents(raw, table, count, plan, gov);
    pool.add(r.incidents);
    seeding.incidents += count;
    seeding.seconds += (Date.now() - t0) / 1000;
    seeding.retries += r.retries;
    progress(`   seeded ${count} incidents in ${fmt((Date.now() - t0) / 1000, 1)} s (${pool.remaining} ready)`);
  };
  await seed(ACTIVATION_SEED);

  // The stream still carries every item the plan benchmark and the seeding wrote; let the relay get through them
  // first, so that what runs beside the activations is mostly their own alerts being published.
  const backlogStarted = Date.now();
  const drained = await Promise.race([platform.poller.idle().then(() => true), new Promise<boolean>((r) => void setTimeout(() => r(false), STREAM_BACKLOG_SECONDS * 1000).unref())]);
  const backlogSeconds = (Date.now() - backlogStarted) / 1000;
  progress(`   stream backlog of the earlier sections ${drained ? 'relayed' : 'still not relayed'} after ${fmt(backlogSeconds, 1)} s`);

  // What the raw side commits, checked once: the items the repository stages, and that the API reads them back.
  const probe = pool.take()!;
  const tx = activationTransaction(table, probe, plan, gov, new Date());
  if (tx.labels.join(',') !== ACTIVATION_ITEMS.join(',')) {
    throw new Error(`an activation now stages ${tx.labels.join(', ')} (expected ${ACTIVATION_ITEMS.join(', ')}): update test/bench/activation.ts and the labels here`);
  }
  await raw.send(new TransactWriteCommand({ TransactItems: tx.items }));
  const readBack = expect('GET the incident activated raw', await call('GET', `/v1/incidents/${probe.incidentId}`), 200);
  const filings = expect('GET its filings', await call('GET', `/v1/incidents/${probe.incidentId}/filings`), 200);
  if (readBack['status'] !== 'responding' || readBack['response']?.level !== 'IV' || filings['items']?.length !== 1) {
    throw new Error(`the raw activation does not read back as one: ${JSON.stringify({ status: readBack['status'], response: readBack['response'], filings: filings['items']?.length })}`);
  }
  const viaApi = pool.take()!;
  const activated = expect('POST /v1/incidents/{id}/response', await call('POST', `/v1/incidents/${viaApi.incidentId}/response`, JSON.parse(body)), 201);
  if (activated['status'] !== 'responding') throw new Error(`the API activation answered status ${String(activated['status'])}`);
  let committed = 2;

  const activatedAlerts = () => platform.sink.alerts.reduce((n, a) => n + (a.type === 'response.activated' ? 1 : 0), 0);
  const alertsDuring = { api: 0, raw: 0, rawWithReads: 0 };
  const counting = async (subject: keyof typeof alertsDuring, run: () => Promise<LoadRun>): Promise<LoadRun> => {
    const before = activatedAlerts();
    const r = await run();
    alertsDuring[subject] += activatedAlerts() - before;
    committed += r.ok;
    return r;
  };
  const api = (durationS: number) =>
    counting('api', () =>
      httpLoad({
        url: `${platform.url}/v1/incidents/${NO_INCIDENT}/response`,
        method: 'POST',
        headers: json,
        body,
        connections: CONNECTIONS,
        durationS,
        expectStatus: 201,
        path: () => `/v1/incidents/${pool.take()?.incidentId ?? NO_INCIDENT}/response`,
      }),
    );
  const rawTx = (durationS: number) => counting('raw', () => closedLoop(rawActivation(raw, table, pool, plan, gov), CONNECTIONS, durationS));
  const rawReads = (durationS: number) => counting('rawWithReads', () => closedLoop(rawActivationWithReads(raw, table, pool, plan, gov), CONNECTIONS, durationS));
  const clean = (name: string, r: LoadResult) => {
    if (pool.exhausted > 0) throw new Error(`${name}: ${pool.exhausted} requests found no incident left to activate (${seeding.incidents} seeded): raise BENCH_ACTIVATION_SEED`);
    assertClean(name, r);
    return r;
  };

  progress(`   warm-up ${WARMUP_SECONDS} s each: API, raw TransactWriteItems, raw reads + TransactWriteItems`);
  const warm = [
    clean('activation warm-up', merge([await api(WARMUP_SECONDS)])),
    clean('raw activation warm-up', merge([await rawTx(WARMUP_SECONDS)])),
    clean('raw reads + activation warm-up', merge([await rawReads(WARMUP_SECONDS)])),
  ];
  // Every measured request needs an incident of its own: enough for the warm-up rates and half again.
  const need = Math.ceil(warm.reduce((n, r) => n + r.rps, 0) * LOAD_SECONDS * 1.5) + 20 * CONNECTIONS;
  if (pool.remaining < need) await seed(need - pool.remaining);

  progress(`   2 x ${LOAD_SECONDS / 2} s each, alternating: API, raw TransactWriteItems, raw reads + TransactWriteItems`);
  const apiRuns: LoadRun[] = [];
  const txRuns: LoadRun[] = [];
  const readRuns: LoadRun[] = [];
  for (let half = 0; half < 2; half++) {
    apiRuns.push(await api(LOAD_SECONDS / 2));
    txRuns.push(await rawTx(LOAD_SECONDS / 2));
    readRuns.push(await rawReads(LOAD_SECONDS / 2));
  }
  const apiResult = clean('POST /v1/incidents/{id}/response', merge(apiRuns));
  const txResult = clean('raw activation TransactWriteItems', merge(txRuns));
  const readResult = clean('raw reads + activation TransactWriteItems', merge(readRuns));

  // Every committed activation has an outbox item: the relay publishes one alert for each, in the background. The
  // counted activations are a floor: autocannon stops without waiting for the requests in flight, which still commit.
  const handedOut = pool.size - pool.remaining;
  progress(`   watching the relay for up to ${RELAY_WINDOW_SECONDS} s: ${activatedAlerts()} of at least ${committed} activations' alerts published so far`);
  const windowStart = { at: Date.now(), alerts: activatedAlerts() };
  while (activatedAlerts() < committed && Date.now() - windowStart.at < RELAY_WINDOW_SECONDS * 1000) await new Promise((r) => setTimeout(r, 250));
  const windowSeconds = (Date.now() - windowStart.at) / 1000;
  const relayRate = windowSeconds >= 1 ? (activatedAlerts() - windowStart.alerts) / windowSeconds : Number.NaN;
  const alerts = platform.sink.alerts.filter((a) => a.type === 'response.activated');
  const distinct = new Set(alerts.map((a) => a.payload['incidentId'])).size;

  const ratio = apiResult.rps / txResult.rps;
  results['activation'] = {
    connections: CONNECTIONS,
    seconds: LOAD_SECONDS,
    planId,
    transactionItems: tx.labels,
    note:
      'Each request activates a level IV response on an incident of its own (no Idempotency-Key, no If-Match: no idempotency item). The use case reads the incident head and the plan head (which carries the cited version) in parallel, then commits one TransactWriteItems of 4 Puts. The raw side builds the same 4 items with the domain and IncidentRepository.stage. Every activation also writes an outbox item, which the stream poller relays to the local SNS in this process: CPU is shared with the measured requests.',
    seeding,
    api: apiResult,
    rawTransactWrite: txResult,
    rawReadsAndTransactWrite: readResult,
    ratio,
    ratioSameCalls: apiResult.rps / readResult.rps,
    earlierBacklog: { drained, seconds: backlogSeconds },
    alerts: { duringRuns: alertsDuring, committed, incidentsHandedOut: handedOut, published: alerts.length, distinctIncidents: distinct, windowSeconds, relayRatePerSecond: relayRate },
  };
  const row = (measure: string, r: LoadResult) => loadRow(measure, r, '6 activation');
  lines.push(row(`POST /v1/incidents/{id}/response (API, ${CONNECTIONS} connections, a fresh incident per request)`, apiResult));
  lines.push(row('raw TransactWriteItems of 4 items (the issue says 3): head Put if rev+status, congress filing, audit, outbox Put', txResult));
  lines.push({ section: '6 activation', measure: 'activation throughput API / raw', value: fmt(ratio, 3), target: '>= 0.8', verdict: verdict(ratio >= 0.8) });
  lines.push(row('raw use-case calls: GetItem incident and GetItem plan head together, then the 4-item TransactWriteItems', readResult));
  lines.push({ section: '6 activation', measure: 'activation throughput API / raw use-case calls (same reads and write)', value: fmt(apiResult.rps / readResult.rps, 3), target: '-', verdict: 'INFO' });
  lines.push({
    section: '6 activation',
    measure: 'background: alerts relayed (stream poller -> relay -> local SNS, same node process, shared CPU)',
    value:
      `stream backlog of earlier writes ${drained ? 'relayed' : 'not yet relayed'} in ${fmt(backlogSeconds, 1)} s before the runs; ` +
      `alerts published during API runs ${alertsDuring.api}, raw ${alertsDuring.raw}, raw use-case calls ${alertsDuring.rawWithReads}; ` +
      `${Number.isFinite(relayRate) ? `after the runs ${fmt(relayRate, 0)} alerts/s for ${fmt(windowSeconds, 1)} s` : 'all out by the end of the runs'}; ${alerts.length} alerts (${distinct} incidents) for at least ${committed} activations (${handedOut} incidents handed out)`,
    target: 'none twice, none stray',
    // Every alert once and only for an incident handed out; those still queued are the relay's backlog, not a miss.
    verdict: verdict(distinct === alerts.length && alerts.length <= handedOut),
  });
  lines.push({
    section: '6 activation',
    measure: 'seeded incidents (BatchWriteItem of heads shaped by IncidentRepository.stage)',
    value: `${seeding.incidents} in ${fmt(seeding.seconds, 1)} s (${seeding.retries} batch retries); ${pool.remaining} left unused`,
    target: '-',
    verdict: 'INFO',
  });
  return { pool, plan, division };
}

// 8. Peak memory per function --------------------------------------------------------------------------------------
const memory: Record<string, MemoryResult> = {};

async function memoryPeaks(env: Record<string, string>): Promise<void> {
  const { peakMemory } = await import('./memory.ts');
  progress(`8/14 peak memory: a fresh node per function imports its bundle, then ${MEMORY_ROUNDS} rounds of its sample events against DynamoDB Local`);
  for (const name of FUNCTION_NAMES) {
    const b = bundles[name];
    if (!b) continue;
    try {
      const m = await peakMemory(b.outfile, name, { ...env, POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' }, scratch, MEMORY_ROUNDS);
      memory[name] = m;
      lines.push({
        section: '8 memory',
        measure: m.calls ? `${name}: RSS after init, and peak over ${m.calls} calls of its ${m.events} sample events` : `${name}: RSS after init (no sample events)`,
        value: `${fmt(m.rssAfterInitMb, 1)} MB after init, peak ${fmt(m.peakRssMb, 1)} MB (heap ${fmt(m.heapUsedMb, 1)} MB)${m.calls ? `; outcomes ${JSON.stringify(m.outcomes)}` : ''}`,
        target: `< ${CONFIGURED_MEMORY_MB} MB`,
        verdict: verdict(m.peakRssMb < CONFIGURED_MEMORY_MB),
      });
    } catch (err) {
      errors.push({ step: `8 memory ${name}`, message: (err as Error).message });
      lines.push({ section: '8 memory', measure: name, value: (err as Error).message.split('\n')[0]!.slice(0, 120), target: '-', verdict: 'ERROR' });
    }
  }
  results['memory'] = memory;
}

// 9. Cost model per million API calls ------------------------------------------------------------------------------
async function costModel(ctx: PlatformContext, activation: ActivationContext | undefined, planId: string | undefined, largeToken: string | undefined): Promise<void> {
  const { countCapacity, measureCalls } = await import('./capacity.ts');
  const { operationCost, PRICES, rightSizedMb } = await import('./cost.ts');
  const { documentClient } = await import('../../shared/store/client.ts');
  const { call } = await import('../support/invoke.ts');
  const { officeOf } = await import('../support/callers.ts');
  const { samplePlanBody } = await import('../support/bodies.ts');
  const { tableLedger } = await import('../../shared/alerts/outbox.ts');
  const { snsPublisher } = await import('../../shared/alerts/sns.ts');
  const { snsClient } = await import('../../shared/alerts/sns-client.ts');
  const { ACTIVATION } = await import('./activation.ts');
  if (!planId) throw new Error('no plan to read: the load step failed');
  progress(`9/14 cost model: ${COST_CALLS} in-process calls per operation with ReturnConsumedCapacity, then the relay's share per alert`);

  // The handlers in this process (the local host's) use this client; the platform's relay is counted apart from them.
  countCapacity(documentClient());
  const ok = (status: number) => (r: { status: number; raw: string }) => {
    if (r.status !== status) throw new Error(`status ${r.status}: ${r.raw.slice(0, 200)}`);
  };
  const county = officeOf('110105');
  const ops: { operation: string; fn: string; alerts: number; measured: Awaited<ReturnType<typeof measureCalls>> }[] = [];
  ops.push({ operation: 'GET /v1/plans/{planId}', fn: 'plans', alerts: 0, measured: await measureCalls(COST_CALLS, () => call('getPlan', { caller: county, params: { planId } }), ok(200)) });
  ops.push({ operation: 'POST /v1/plans', fn: 'plans', alerts: 0, measured: await measureCalls(COST_CALLS, () => call('createPlan', { caller: county, body: samplePlanBody() }), ok(201)) });
  if (largeToken) {
    const office = officeOf(LARGE_DIVISION.code);
    ops.push({
      operation: `GET /v1/plans?division=...&limit=20 (${LARGE_DIVISION.plans} plans)`,
      fn: 'plans',
      alerts: 0,
      measured: await measureCalls(COST_CALLS, () => call('listPlans', { caller: office, query: { division: LARGE_DIVISION.code, limit: '20' } }), ok(200)),
    });
  }
  if (activation) {
    if (activation.pool.remaining < COST_CALLS) {
      const { seedIncidents } = await import('./activation.ts');
      const gov = { kind: 'user' as const, roles: ['office' as const], sub: `office-${activation.division}`, division: activation.division, level: 'county' as const };
      activation.pool.add((await seedIncidents(ctx.raw, ctx.table, COST_CALLS, activation.plan, gov)).incidents);
    }
    const body = { planId: activation.plan.plan.planId, planVersion: activation.plan.version.version, ...ACTIVATION };
    const caller = officeOf(activation.division);
    ops.push({
      operation: 'POST /v1/incidents/{id}/response (activation)',
      fn: 'response',
      alerts: 1,
      measured: await measureCalls(COST_CALLS, () => call('activateResponse', { caller, params: { incidentId: activation.pool.take()!.incidentId }, body }), ok(201)),
    });
  }

  // The relay's share of one alert: is it published already (GetItem), publish to SNS, mark it published (UpdateItem).
  const alert = ctx.platform.sink.alerts.at(-1);
  let relay: { memoryMb: number; durationMs: number; units: { read: number; write: number } } | undefined;
  if (alert) {
    const ledger = tableLedger(documentClient(), ctx.table);
    const publisher = snsPublisher(snsClient(), ctx.platform.topicArn);
    const m = await measureCalls(20, async () => {
      await ledger.isPublished(alert.eventId);
      await publisher.publish(alert);
      await ledger.markPublished(alert.eventId, new Date().toISOString());
    }, () => undefined);
    relay = { memoryMb: rightSizedMb(memory['outbox-relay']?.peakRssMb ?? CONFIGURED_MEMORY_MB), durationMs: m.p50Ms, units: { read: m.read, write: m.write } };
  }

  const rows = ops.map((o) => {
    const measuredMb = memory[o.fn]?.peakRssMb;
    const memoryMb = measuredMb ? rightSizedMb(measuredMb) : CONFIGURED_MEMORY_MB;
    const right = operationCost({ ...o, memoryMb, ...(relay ? { relay } : {}) });
    const configured = operationCost({ ...o, memoryMb: CONFIGURED_MEMORY_MB, ...(relay ? { relay } : {}) });
    return { ...right, commandsPerCall: o.measured.commands, atConfiguredMemory: { memoryMb: CONFIGURED_MEMORY_MB, perMillion: configured.perMillion } };
  });
  results['cost'] = {
    prices: PRICES,
    basis:
      'Per million calls of each operation. Lambda: arm64 at the measured peak memory plus 25% (rightSizedMb), and at the configured 512 MB; duration = p50 of the handler in-process against DynamoDB Local, billed in whole ms. DynamoDB: on-demand request units per call as DynamoDB Local reported them (ReturnConsumedCapacity TOTAL). Relay (calls that announce): one relay invocation per alert (a batch of one, the worst case), its GetItem and UpdateItem, one SNS publish.',
    relay,
    operations: rows,
  };
  for (const r of rows) {
    lines.push({
      section: '9 cost',
      measure: `${r.operation}: ${r.fn} at ${r.memoryMb} MB, ${r.durationMs} ms, ${fmt(r.units.read, 1)} RRU + ${fmt(r.units.write, 1)} WRU${r.alerts ? `, ${r.alerts} alert` : ''}`,
      value: `${PRICES.currency} ${fmt(r.perMillion.total, 2)} per million (Lambda ${fmt(r.perMillion.lambda, 2)}, API Gateway ${fmt(r.perMillion.apiGateway, 2)}, DynamoDB ${fmt(r.perMillion.dynamodb, 2)}, relay ${fmt(r.perMillion.relay, 2)}); at ${CONFIGURED_MEMORY_MB} MB ${fmt(r.atConfiguredMemory.perMillion.total, 2)}`,
      target: '-',
      verdict: 'INFO',
    });
  }
}

// 10. Personal-data encryption in the warm process -------------------------------------------------------------------
async function piiSection(): Promise<void> {
  const { piiBenchmark, piiBenchLines } = await import('./pii.ts');
  progress(`10/14 personal-data encryption: ${PII_ITERATIONS} seals and opens of one field, by the cipher and through the vault (warm data key), then a requisition's 8 fields`);
  const r = await piiBenchmark({ iterations: PII_ITERATIONS });
  results['pii'] = r;
  lines.push(...piiBenchLines(r, '10 pii'));
}

// 11-14. Requisitions, social forces, personal-data destruction, the web console: on the platform of 5-9 -------------
/** Sections that need the local platform beyond 5-9, by the names BENCH_SECTIONS takes. */
const PLATFORM_SECTIONS = ['requisitions', 'social', 'pii-destruction', 'console'];

/**
 * Lets the relay get through what earlier sections wrote (bounded, as before the activation runs), so that what runs
 * beside a measurement is mostly its own work; how long it took is kept with the results.
 */
async function settle(ctx: PlatformContext, before: string): Promise<void> {
  const t0 = Date.now();
  const drained = await Promise.race([ctx.platform.poller.idle().then(() => true), new Promise<boolean>((r) => void setTimeout(() => r(false), STREAM_BACKLOG_SECONDS * 1000).unref())]);
  const seconds = (Date.now() - t0) / 1000;
  ((results['streamBacklog'] ??= {}) as Record<string, unknown>)[before] = { drained, seconds };
  if (seconds >= 1 || !drained) progress(`   stream backlog ${drained ? 'relayed' : 'still not relayed'} after ${fmt(seconds, 1)} s`);
}

function atLeast(name: string, value: number, min: number): void {
  if (!Number.isFinite(value) || value < min) throw new Error(`${name}=${value}: must be a number of at least ${min}`);
}

async function newerSections(ctx: PlatformContext): Promise<void> {
  const { platform, raw, table } = ctx;

  if (wanted('requisitions')) {
    const { meRequisitionsBenchmark, requisitionBenchLines, requisitionCryptoBenchmark } = await import('./requisitions.ts');
    const rctx = { baseUrl: platform.url, secret: platform.secret, db: raw, table };
    const out: Record<string, unknown> = {};
    results['requisitions'] = out;
    await step('11 requisitions', async () => {
      atLeast('BENCH_REQUISITION_ITERATIONS', REQUISITION_ITERATIONS, 2);
      await settle(ctx, 'requisitions');
      progress(`11/14 requisitions: ${REQUISITION_ITERATIONS} writes and reads of one field, ${Math.floor(REQUISITION_ITERATIONS / 2)} of a requisition, in the clear and sealed (vault, warm data key)`);
      const crypto = await requisitionCryptoBenchmark(rctx, { iterations: REQUISITION_ITERATIONS });
      out['crypto'] = crypto;
      lines.push(...requisitionBenchLines(crypto, undefined, '11 requisitions'));
    });
    await step('11 requisitions', async () => {
      atLeast('BENCH_ME_LARGE', ME_LARGE, 11);
      atLeast('BENCH_ME_REQUESTS', ME_REQUESTS, 1);
      progress(`   GET /v1/me/requisitions: ${ME_REQUESTS} requests with 10 requisitions in the table, then with ${ME_LARGE} (seeded with BatchWriteItem)`);
      const me = await meRequisitionsBenchmark(rctx, { requests: ME_REQUESTS, large: ME_LARGE });
      out['me'] = me;
      lines.push(...requisitionBenchLines(undefined, me, '11 requisitions'));
    });
  }

  if (wanted('social')) {
    const { SEARCH_DIVISIONS, deploymentCreateBench, volunteerSearchBench } = await import('./social.ts');
    const host = { url: platform.url, raw, table, officeToken: ctx.office, progress };
    const out: Record<string, unknown> = {};
    results['social'] = out;
    const section = '12 social';
    await step(section, async () => {
      const small = SEARCH_DIVISIONS.small.volunteers;
      atLeast('BENCH_VOLUNTEERS_LARGE', VOLUNTEERS_LARGE, small);
      await settle(ctx, 'social-search');
      progress(`12/14 volunteer search: ${small} and ${VOLUNTEERS_LARGE} consenting volunteers seeded (search items only, at most ${SEED_SECONDS} s), then ${LIST_REQUESTS} searches each`);
      const r = await volunteerSearchBench(host, { small, large: VOLUNTEERS_LARGE, requests: LIST_REQUESTS, warmup: LIST_WARMUP, seedDeadline: Date.now() + SEED_SECONDS * 1000 });
      out['search'] = r;
      const row = (measure: string, x: Summary): Line => ({ section, measure, value: `p50 ${fmt(x.p50)} ms, p99 ${fmt(x.p99)} ms (${x.n} requests)`, target: '-', verdict: 'INFO' });
      const path = (code: string) => `GET /v1/volunteers?division=${code}&skill=water-rescue&limit=20`;
      lines.push(row(`${path(SEARCH_DIVISIONS.small.code)} (${r.seeded.small} volunteers)`, r.small));
      lines.push(row(`${path(SEARCH_DIVISIONS.large.code)} (${r.seeded.large} volunteers)`, r.large));
      lines.push(row('  same, &availableOn=<a Monday> (half the volunteers free at weekends only), small', r.smallAvailable));
      lines.push(row('  same, &availableOn=<a Monday>, large', r.largeAvailable));
      lines.push({ section, measure: `seeding ${r.seeded.items} volunteer search items (BatchWriteItem in parallel)`, value: `${fmt(r.seeded.seconds, 1)} s (${r.seeded.retries} batch retries)`, target: '-', verdict: 'INFO' });
      lines.push({ section, measure: `search p50 ratio ${r.seeded.large} / ${r.seeded.small} volunteers`, value: fmt(r.ratio, 3), target: '<= 1.2', verdict: verdict(r.pass) });
      lines.push({ section, measure: `  same with availableOn`, value: fmt(r.ratioAvailable, 3), target: '-', verdict: 'INFO' });
    });
    await step(section, async () => {
      atLeast('BENCH_DEPLOYMENT_SECONDS', DEPLOYMENT_SECONDS, 1);
      await settle(ctx, 'social-deployments');
      progress(`   POST /v1/incidents/{id}/deployments against its raw transaction: warm-up ${WARMUP_SECONDS} s each, then 2 x ${DEPLOYMENT_SECONDS / 2} s each, alternating`);
      const r = await deploymentCreateBench(host, { seconds: DEPLOYMENT_SECONDS, warmupSeconds: WARMUP_SECONDS });
      out['deployments'] = r;
      lines.push(loadRow(`POST /v1/incidents/{id}/deployments (API, ${r.connections} connections, a volunteer of its own per request)`, r.api, section));
      lines.push(loadRow(`raw TransactWriteItems of ${r.transactionItems.length} items (${r.transactionItems.join(', ')})`, r.rawTransactWrite, section));
      lines.push({ section, measure: 'deployment throughput API / raw', value: fmt(r.ratio, 3), target: '>= 0.8', verdict: verdict(r.pass) });
      lines.push(loadRow('raw use-case calls: GetItem incident and BatchGetItem person + commitments, then the TransactWriteItems', r.rawUseCaseCalls, section));
      lines.push({ section, measure: 'deployment throughput API / raw use-case calls (same reads and write)', value: fmt(r.ratioSameCalls, 3), target: '-', verdict: 'INFO' });
    });
  }

  if (wanted('pii-destruction')) {
    await step('13 pii-destruction', async () => {
      const { piiDestructionBenchmark, piiDestructionBenchLines } = await import('./pii-destruction.ts');
      const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
      const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
      atLeast('BENCH_PII_DESTRUCTION_RECORDS', PII_DESTRUCTION_RECORDS, 1);
      await settle(ctx, 'pii-destruction');
      progress(`13/14 pii-destruction: two incidents of ${PII_DESTRUCTION_RECORDS} sealed records each; the job destroys one, a plain BatchWriteItem deletes the other`);
      // A client of its own: the benchmark asks it for consumed capacity (a middleware), which the others need not carry.
      const db = DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: platform.dynamoEndpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 }),
        { marshallOptions: { removeUndefinedValues: true } },
      );
      try {
        const r = await piiDestructionBenchmark({ db, table, records: PII_DESTRUCTION_RECORDS });
        results['piiDestruction'] = r;
        lines.push(...piiDestructionBenchLines(r, '13 pii-destruction'));
      } finally {
        db.destroy();
      }
    });
  }

  if (wanted('console')) {
    const { INITIAL_JS_GZIP_BUDGET, consoleBundleSize, measureConsole } = await import('./console.ts');
    const section = '14 console';
    const bundleLines = (b: import('./console.ts').ConsoleBundleSize) => {
      lines.push({
        section,
        measure: `initial JavaScript (entry and its static imports, ${b.initialJs.files} files): raw / gzip`,
        value: `${b.initialJs.raw} B (${kib(b.initialJs.raw)}) / ${b.initialJs.gzip} B (${kib(b.initialJs.gzip)})`,
        target: `gzip < ${kib(INITIAL_JS_GZIP_BUDGET)}`,
        verdict: verdict(b.withinBudget),
      });
      lines.push({ section, measure: `all JavaScript, lazy chunks included (${b.allJs.files} files): raw / gzip`, value: `${kib(b.allJs.raw)} / ${kib(b.allJs.gzip)}`, target: '-', verdict: 'INFO' });
      lines.push({ section, measure: 'CSS: raw / gzip', value: `${kib(b.css.raw)} / ${kib(b.css.gzip)}`, target: '-', verdict: 'INFO' });
    };
    const measured = await step(section, async () => {
      atLeast('BENCH_CONSOLE_RUNS', CONSOLE_RUNS, 1);
      await settle(ctx, 'console');
      // The host builds the console when it starts: wait for that build here, not in the first visit's time.
      const index = await fetch(`${platform.url}/`);
      await index.arrayBuffer();
      if (index.status !== 200) throw new Error(`GET / answered ${index.status}: the console is not served`);
      progress(`14/14 console: ${CONSOLE_RUNS} visits of the office dashboard in Chromium, each in a fresh profile then reloaded, and a fresh production build's bytes`);
      const r = await measureConsole({ url: platform.url, secret: platform.secret, runs: CONSOLE_RUNS });
      results['console'] = r;
      bundleLines(r.bundle);
      const row = (measure: string, x: Summary): Line => ({ section, measure, value: `p50 ${fmt(x.p50, 0)} ms, max ${fmt(x.max, 0)} ms (${x.n} runs)`, target: '-', verdict: 'INFO' });
      lines.push(row('first render of the office dashboard, cold cache (navigation start to the heading)', r.firstRenderColdMs));
      lines.push(row('  same, reloaded with the files cached', r.firstRenderWarmMs));
      lines.push(row('dashboard ready, cold cache (every incident list loaded from the API)', r.dashboardReadyMs));
    });
    // Without a browser the bytes still count: the build alone.
    if (!measured) {
      await step(section, async () => {
        const b = await consoleBundleSize();
        results['console'] = { bundle: b };
        bundleLines(b);
      });
    }
  }
}

function mustHave(r: { Item?: Record<string, unknown> }): void {
  if (!r.Item) throw Object.assign(new Error('item not found'), { name: 'ItemMissing' });
}

let stopPlatform: (() => Promise<void>) | undefined;
process.once('SIGINT', () => {
  void (stopPlatform?.() ?? Promise.resolve()).finally(() => process.exit(130));
});

/** DynamoDB Local processes still running: every one, and the one this run started (by its port). */
function leftoverDynamoLocal(): { all: number[]; ours: number[] } {
  const pids = (pattern: string) =>
    (spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).stdout ?? '')
      .split('\n')
      .filter(Boolean)
      .map(Number);
  const port = results['dynamoLocalPort'];
  return { all: pids('DynamoDBLocal'), ours: port ? pids(`DynamoDBLocal.*-port ${String(port)}( |$)`) : [] };
}

async function main(): Promise<void> {
  const needsBundles = ['init', 'logger', 'memory'].some((x) => wanted(x));
  const bundled = needsBundles ? await step('1 bundle', bundleSizes) : false;
  if (bundled) {
    if (wanted('init')) await step('2 init', initTimes);
    if (wanted('logger')) await step('3 logger', loggerComparison);
  }
  if (wanted('middleware')) await step('4 middleware', middlewareOverhead);
  if (wanted('pii')) await step('10 pii', piiSection);
  if (['load', 'activation', 'list', 'memory', 'cost', ...PLATFORM_SECTIONS].some((x) => wanted(x))) await step('5-14 platform', againstDynamoLocal);

  const left = leftoverDynamoLocal();
  results['dynamoLocalLeft'] = left;
  lines.push({
    section: 'cleanup',
    measure: 'DynamoDB Local left running (pgrep -f DynamoDBLocal)',
    value: `ours: ${left.ours.length ? left.ours.join(' ') : 'none'}; all on this machine: ${left.all.length ? left.all.join(' ') : 'none'}`,
    target: 'ours: none',
    verdict: verdict(left.ours.length === 0),
  });
  if (left.ours.length) errors.push({ step: 'cleanup', message: `DynamoDB Local still running: ${left.ours.join(' ')}` });
  rmSync(scratch, { recursive: true, force: true });

  const totalSeconds = (Date.now() - startedAt) / 1000;
  const report = {
    timestamp: new Date(startedAt).toISOString(),
    totalSeconds: round(totalSeconds, 1),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      totalMemGiB: round(os.totalmem() / 2 ** 30, 1),
      loadAvgAtStart: loadStart,
      loadAvgAtEnd: os.loadavg(),
    },
    settings: {
      INIT_RUNS,
      MIDDLEWARE_CALLS,
      CONNECTIONS,
      LOAD_SECONDS,
      WARMUP_SECONDS,
      ACTIVATION_SEED,
      STREAM_BACKLOG_SECONDS,
      RELAY_WINDOW_SECONDS,
      SMALL_DIVISION,
      LARGE_DIVISION,
      SEED_SECONDS,
      LIST_REQUESTS,
      LIST_WARMUP,
      MEMORY_ROUNDS,
      COST_CALLS,
      LOGGER_CALLS,
      CONFIGURED_MEMORY_MB,
      PII_ITERATIONS,
      REQUISITION_ITERATIONS,
      ME_REQUESTS,
      ME_LARGE,
      VOLUNTEERS_LARGE,
      DEPLOYMENT_SECONDS,
      PII_DESTRUCTION_RECORDS,
      CONSOLE_RUNS,
    },
    verdicts: lines,
    results,
    errors,
  };
  const dir = join(PROJECT_ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = SECTIONS ? `bench-${SECTIONS.join('-')}.json` : 'bench.json';
  writeFileSync(join(dir, file), `${JSON.stringify(report, null, 2)}\n`);

  console.log('');
  console.log(table(['section', 'measure', 'value', 'target', 'verdict'], lines.map((l) => [l.section, l.measure, l.value, l.target, l.verdict])));
  console.log('');
  const missed = lines.filter((l) => l.verdict === 'FAIL').length;
  console.log(
    `${lines.filter((l) => l.verdict === 'PASS').length} passed, ${missed} missed, ${errors.length} error(s); ` +
      `${os.cpus().length} CPUs, node ${process.version}, load average ${loadStart.map((l) => l.toFixed(2)).join('/')} at start; ` +
      `total ${fmt(totalSeconds, 1)} s; details in bench-results/${file}`,
  );
  process.exit(errors.length ? 1 : 0);
}

await main();
