// `npm run bench`: bundle sizes, cold init, warm middleware overhead, the local API under load against raw
// DynamoDB Local (plan create and read, response activation), and list latency against division size. Prints a table with a target and verdict per line and
// writes every figure to bench-results/bench.json. Missed targets are reported, not fatal; errors exit 1.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { bareEntry, bareOf, bundle, FUNCTION_NAMES, functionEntry, type BareKind, type BundleResult, type FunctionName } from './bundles.ts';
import { importTimeMs } from './init-time.ts';
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
const LARGE_DIVISION = { code: '110108', plans: Number(process.env['BENCH_LARGE_PLANS'] ?? 20_000) };
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
async function bundleSizes(): Promise<void> {
  progress(`1/6 bundling the ${FUNCTION_NAMES.length} functions and three bare baselines with esbuild (as the CDK stack does)`);
  for (const name of FUNCTION_NAMES) {
    const b = await bundle(functionEntry(name), scratch, name);
    bundles[name] = b;
    const clients = b.packages.filter((p) => p.startsWith('@aws-sdk/client-')).map((p) => p.slice('@aws-sdk/client-'.length));
    lines.push({
      section: '1 bundle',
      measure: `${name} (minified / gzip)`,
      value: `${b.bytes} B (${kib(b.bytes)}) / ${b.gzipBytes} B (${kib(b.gzipBytes)}); largest: ${b.topInputs
        .slice(0, 2)
        .map((i) => `${i.name} ${kib(i.bytes)}`)
        .join(', ')}; SDK clients: ${clients.join(', ') || 'none'}`,
      target: '-',
      verdict: 'INFO',
    });
  }
  for (const kind of ['none', 'dynamo', 'dynamo-sns'] as const) bares[kind] = await bundle(bareEntry(kind), scratch, `bare-${kind}`);
  results['bundles'] = { functions: bundles, bare: bares };
}

// 2. Fresh-process init -------------------------------------------------------------------------------------------
async function initTimes(): Promise<void> {
  progress(`2/6 fresh-process init: ${INIT_RUNS} node processes per bundle (function, bare baseline, function with --enable-source-maps)`);
  const out: Record<string, unknown> = {};
  for (const name of FUNCTION_NAMES) {
    const fn = bundles[name];
    if (!fn) throw new Error(`no bundle for ${name}: step 1 failed`);
    const { kind, inferred } = bareOf(name, fn);
    const bare = bares[kind];
    if (!bare) throw new Error(`no bare ${kind} bundle: step 1 failed`);
    // One untimed import of each first: the file cache, not the first run, is what a warm Lambda host has.
    importTimeMs(fn.outfile);
    importTimeMs(bare.outfile);
    const f: number[] = [];
    const b: number[] = [];
    const sm: number[] = [];
    for (let i = 0; i < INIT_RUNS; i++) {
      f.push(importTimeMs(fn.outfile));
      b.push(importTimeMs(bare.outfile));
      sm.push(importTimeMs(fn.outfile, ['--enable-source-maps']));
    }
    const fm = median(f);
    const bm = median(b);
    const smm = median(sm);
    const ratio = fm / bm;
    // The fastest run is the least disturbed by other work on the machine: reported beside the median.
    const minRatio = Math.min(...f) / Math.min(...b);
    out[name] = {
      bare: kind,
      bareInferred: inferred,
      runs: INIT_RUNS,
      functionMs: f,
      bareMs: b,
      sourceMapsMs: sm,
      functionMedianMs: fm,
      bareMedianMs: bm,
      sourceMapsMedianMs: smm,
      ratio,
      functionMinMs: Math.min(...f),
      bareMinMs: Math.min(...b),
      minRatio,
    };
    lines.push({
      section: '2 init',
      measure: `${name} import, median of ${INIT_RUNS} (bare: ${kind}${inferred ? ', inferred from the bundle: add it to BARE_OF' : ''})`,
      value: `${fmt(fm, 1)} ms vs bare ${fmt(bm, 1)} ms = ${fmt(ratio, 3)}x (fastest runs: ${fmt(Math.min(...f), 1)} / ${fmt(Math.min(...b), 1)} ms = ${fmt(minRatio, 3)}x); with --enable-source-maps (opt-in, for debugging) ${fmt(smm, 1)} ms`,
      target: 'ratio <= 1.3',
      verdict: verdict(ratio <= 1.3),
    });
    progress(`   ${name}: ${fmt(fm, 1)} ms vs bare ${fmt(bm, 1)} ms`);
  }
  results['init'] = out;
}

// 3. Warm middleware overhead -------------------------------------------------------------------------------------
async function middlewareOverhead(): Promise<void> {
  progress(`3/6 warm middleware overhead: ${MIDDLEWARE_CALLS} in-process calls per handler, in a child process`);
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
      section: '3 middleware',
      measure,
      value: `overhead p50 ${fmt(p.overheadP50Us)} us, mean ${fmt(p.overheadMeanUs)} us (real p50 ${fmt(p.real.p50)} / mean ${fmt(p.real.mean)} us; bare p50 ${fmt(p.bare.p50)} / mean ${fmt(p.bare.mean)} us)`,
      target: 'p50 overhead < 50 us',
      verdict: verdict(p.overheadP50Us < 50),
    });
  row('GET /v1/health, real vs bare handler', m.health);
  row('GET /v1/plans/{id}, stubbed send, real vs bare', m.getPlan);
}

// 4, 5 and 6. Against DynamoDB Local -------------------------------------------------------------------------------
function loadRow(measure: string, r: LoadResult, section = '4 load'): Line {
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
  const { samplePlanBody } = await import('../support/api-events.ts');
  const { auditItem, headItem, samplePlan, versionItem } = await import('./fixtures.ts');
  const { closedLoop, httpLoad, merge } = await import('./load.ts');
  const { measureLists, seedDivision } = await import('./list.ts');

  progress('4/6 starting the local platform (DynamoDB Local in memory, API server, stream poller)');
  const platform = await startPlatform({ dataDir: join(scratch, 'platform'), persist: false, tableName: 'bench', print: () => {} });
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
    await step('4 load', async () => {
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
              { Put: { TableName: table, Item: headItem(plan), ...notThere } },
              { Put: { TableName: table, Item: versionItem(latest), ...notThere } },
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

      // (b) GET /v1/plans/{id} (head Get, then version Get) vs one raw GetItem of the head, and vs the same two Gets.
      const created = await fetch(`${platform.url}/v1/plans`, { method: 'POST', headers: json, body: planBody });
      const planId = ((await created.json()) as { planId?: string }).planId;
      if (created.status !== 201 || !planId) throw new Error(`creating the plan to read failed with ${created.status}`);
      const headKey = keys.planHead(planId);
      const versionKey = keys.planVersion(planId, 1);
      const getHead = () => raw.send(new GetCommand({ TableName: table, Key: headKey, ConsistentRead: true })).then(mustHave);
      const getBoth = async () => {
        await getHead();
        return raw.send(new GetCommand({ TableName: table, Key: versionKey, ConsistentRead: true })).then(mustHave);
      };
      const getApi = (durationS: number) =>
        httpLoad({ url: `${platform.url}/v1/plans/${planId}`, method: 'GET', headers: { Authorization: `Bearer ${token}` }, connections: CONNECTIONS, durationS, expectStatus: 200 });
      progress(`   GET /v1/plans/{id}: warm-up ${WARMUP_SECONDS} s each, then 2 x ${LOAD_SECONDS / 2} s API, raw GetItem and raw 2 x GetItem, alternating`);
      assertClean('GET warm-up', merge([await getApi(WARMUP_SECONDS)]));
      assertClean('raw GetItem warm-up', merge([await closedLoop(getHead, CONNECTIONS, WARMUP_SECONDS)]));
      assertClean('raw 2 x GetItem warm-up', merge([await closedLoop(getBoth, CONNECTIONS, WARMUP_SECONDS)]));
      const getRuns: LoadRun[] = [];
      const oneRuns: LoadRun[] = [];
      const twoRuns: LoadRun[] = [];
      for (let half = 0; half < 2; half++) {
        getRuns.push(await getApi(LOAD_SECONDS / 2));
        oneRuns.push(await closedLoop(getHead, CONNECTIONS, LOAD_SECONDS / 2));
        twoRuns.push(await closedLoop(getBoth, CONNECTIONS, LOAD_SECONDS / 2));
      }
      const get = merge(getRuns);
      const one = merge(oneRuns);
      const two = merge(twoRuns);
      assertClean('GET /v1/plans/{id}', get);
      assertClean('raw GetItem', one);
      assertClean('raw 2 x GetItem', two);

      results['load'] = {
        connections: CONNECTIONS,
        seconds: LOAD_SECONDS,
        note: 'autocannon and the API server share this process; raw calls run in this process with the same concurrency. GET /v1/plans/{id} reads the head and then its latest version (two GetItem, ConsistentRead).',
        post: { api: post, rawTransactWrite: tx, ratio: post.rps / tx.rps },
        get: { api: get, rawGetItem: one, rawTwoGetItems: two, ratio: get.rps / one.rps, ratioTwoGets: get.rps / two.rps },
      };
      lines.push(loadRow('POST /v1/plans (API, 10 connections)', post));
      lines.push(loadRow('raw TransactWriteItems (head+version+audit Put)', tx));
      lines.push({ section: '4 load', measure: 'POST throughput API / raw', value: fmt(post.rps / tx.rps, 3), target: '>= 0.8', verdict: verdict(post.rps / tx.rps >= 0.8) });
      lines.push(loadRow('GET /v1/plans/{id} (API: head Get + version Get)', get));
      lines.push(loadRow('raw GetItem (head only)', one));
      lines.push(loadRow('raw 2 x GetItem (head, then version)', two));
      lines.push({ section: '4 load', measure: 'GET throughput API / raw GetItem', value: fmt(get.rps / one.rps, 3), target: '>= 0.8', verdict: verdict(get.rps / one.rps >= 0.8) });
      lines.push({ section: '4 load', measure: 'GET throughput API / raw 2 x GetItem (same reads)', value: fmt(get.rps / two.rps, 3), target: '-', verdict: 'INFO' });
    });

    await step('5 activation', () => activationLoad({ platform, raw, table, office }));

    await step('6 list', async () => {
      progress(`6/6 seeding ${SMALL_DIVISION.plans} plan heads into ${SMALL_DIVISION.code} and ${LARGE_DIVISION.plans} into ${LARGE_DIVISION.code} (BatchWriteItem, 25 per batch, 8 in parallel)`);
      const seedStarted = Date.now();
      const small = await seedDivision(raw, table, SMALL_DIVISION.code, SMALL_DIVISION.plans, (n) => progress(`   ${SMALL_DIVISION.code}: ${n} written`));
      progress(`   ${SMALL_DIVISION.code}: ${small.written} written`);
      const large = await seedDivision(raw, table, LARGE_DIVISION.code, LARGE_DIVISION.plans, (n) => progress(`   ${LARGE_DIVISION.code}: ${n} written`));
      const seedSeconds = (Date.now() - seedStarted) / 1000;
      progress(`   seeded in ${fmt(seedSeconds, 1)} s (${small.retries + large.retries} batch retries); measuring ${LIST_REQUESTS} list requests each`);
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
      results['list'] = { seedSeconds, seedRetries: small.retries + large.retries, small: { ...SMALL_DIVISION, ...s['small'] }, large: { ...LARGE_DIVISION, ...s['large'] }, largePublished: s['largePublished'], ratio };
      const row = (measure: string, x: Summary): Line => ({
        section: '6 list',
        measure,
        value: `p50 ${fmt(x.p50)} ms, p99 ${fmt(x.p99)} ms (${x.n} requests)`,
        target: '-',
        verdict: 'INFO',
      });
      lines.push(row(`GET /v1/plans?division=${SMALL_DIVISION.code}&limit=20 (${SMALL_DIVISION.plans} plans)`, s['small']!));
      lines.push(row(`GET /v1/plans?division=${LARGE_DIVISION.code}&limit=20 (${LARGE_DIVISION.plans} plans)`, s['large']!));
      lines.push(row(`  same, &status=published (20 plans with a pending filing)`, s['largePublished']!));
      lines.push({ section: '6 list', measure: `p50 ratio ${LARGE_DIVISION.plans} / ${SMALL_DIVISION.plans} plans`, value: fmt(ratio, 3), target: '<= 1.2', verdict: verdict(ratio <= 1.2) });
    });
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

/**
 * POST /v1/incidents/{id}/response, each request on a fresh incident ready to activate, against the raw
 * TransactWriteItems of the same items on seeded incidents, and against the use case's reads and write done raw.
 */
async function activationLoad({ platform, raw, table, office }: PlatformContext): Promise<void> {
  const { samplePlanBody } = await import('../support/api-events.ts');
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
  progress('5/6 activation: a plan in force through the API, then incidents ready to activate seeded straight into the table');
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
      'Each request activates a level IV response on an incident of its own (no Idempotency-Key, no If-Match: no idempotency item). The use case reads the incident head, then the plan head and the cited version in parallel, then commits one TransactWriteItems of 4 Puts. The raw side builds the same 4 items with the domain and IncidentRepository.stage. Every activation also writes an outbox item, which the stream poller relays to the local SNS in this process: CPU is shared with the measured requests.',
    seeding,
    api: apiResult,
    rawTransactWrite: txResult,
    rawReadsAndTransactWrite: readResult,
    ratio,
    ratioSameCalls: apiResult.rps / readResult.rps,
    earlierBacklog: { drained, seconds: backlogSeconds },
    alerts: { duringRuns: alertsDuring, committed, incidentsHandedOut: handedOut, published: alerts.length, distinctIncidents: distinct, windowSeconds, relayRatePerSecond: relayRate },
  };
  const row = (measure: string, r: LoadResult) => loadRow(measure, r, '5 activation');
  lines.push(row(`POST /v1/incidents/{id}/response (API, ${CONNECTIONS} connections, a fresh incident per request)`, apiResult));
  lines.push(row('raw TransactWriteItems of 4 items (the issue says 3): head Put if rev+status, congress filing, audit, outbox Put', txResult));
  lines.push({ section: '5 activation', measure: 'activation throughput API / raw', value: fmt(ratio, 3), target: '>= 0.8', verdict: verdict(ratio >= 0.8) });
  lines.push(row('raw use-case calls: GetItem incident, then GetItem plan head + version, then the 4-item TransactWriteItems', readResult));
  lines.push({ section: '5 activation', measure: 'activation throughput API / raw use-case calls (same reads and write)', value: fmt(apiResult.rps / readResult.rps, 3), target: '-', verdict: 'INFO' });
  lines.push({
    section: '5 activation',
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
    section: '5 activation',
    measure: 'seeded incidents (BatchWriteItem of heads shaped by IncidentRepository.stage)',
    value: `${seeding.incidents} in ${fmt(seeding.seconds, 1)} s (${seeding.retries} batch retries); ${pool.remaining} left unused`,
    target: '-',
    verdict: 'INFO',
  });
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
  const bundled = await step('1 bundle', bundleSizes);
  if (bundled) await step('2 init', initTimes);
  await step('3 middleware', middlewareOverhead);
  await step('4-6 platform', againstDynamoLocal);

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
    settings: { INIT_RUNS, MIDDLEWARE_CALLS, CONNECTIONS, LOAD_SECONDS, WARMUP_SECONDS, ACTIVATION_SEED, STREAM_BACKLOG_SECONDS, RELAY_WINDOW_SECONDS, SMALL_DIVISION, LARGE_DIVISION, LIST_REQUESTS, LIST_WARMUP },
    verdicts: lines,
    results,
    errors,
  };
  const dir = join(PROJECT_ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);

  console.log('');
  console.log(table(['section', 'measure', 'value', 'target', 'verdict'], lines.map((l) => [l.section, l.measure, l.value, l.target, l.verdict])));
  console.log('');
  const missed = lines.filter((l) => l.verdict === 'FAIL').length;
  console.log(
    `${lines.filter((l) => l.verdict === 'PASS').length} passed, ${missed} missed, ${errors.length} error(s); ` +
      `${os.cpus().length} CPUs, node ${process.version}, load average ${loadStart.map((l) => l.toFixed(2)).join('/')} at start; ` +
      `total ${fmt(totalSeconds, 1)} s; details in bench-results/bench.json`,
  );
  process.exit(errors.length ? 1 : 0);
}

await main();
