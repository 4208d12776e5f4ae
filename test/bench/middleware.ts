// Warm per-request cost of the HTTP middleware, run in its own process by run.ts (`node --import tsx`), so that no
// other benchmark's modules, clients or garbage share its heap. Prints one JSON line: the MiddlewareResult.
//   health:  the real health handler (GET /v1/health, no I/O) against a bare async handler with the same response;
//   getPlan: the real plans handler with DynamoDBDocumentClient#send replaced by an in-process stub returning a
//            fixed published plan (filing pending; its head carries the latest version), against a bare handler doing
//            the same one stubbed read and returning the raw item: what remains is middleware, parsing and the view.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { summarize, type Summary } from './stats.ts';

export interface PairResult {
  calls: number;
  real: Summary;
  bare: Summary;
  /** real - bare, microseconds per call. */
  overheadMeanUs: number;
  overheadP50Us: number;
}
export interface MiddlewareResult {
  health: PairResult;
  getPlan: PairResult;
}

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const N = Number(process.env['BENCH_MIDDLEWARE_CALLS'] ?? 20_000);
const WARMUP = 3_000;
const ROUNDS = 4;

async function timeCalls(fn: () => Promise<unknown>, n: number, out: number[]): Promise<void> {
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
}

/** Warms both, then times them in alternating rounds so that drift (GC, frequency) hits both alike. */
async function comparePair(real: () => Promise<unknown>, bare: () => Promise<unknown>): Promise<PairResult> {
  const sink: number[] = [];
  await timeCalls(real, WARMUP, sink);
  await timeCalls(bare, WARMUP, sink);
  const r: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await timeCalls(real, N / ROUNDS, r);
    await timeCalls(bare, N / ROUNDS, b);
  }
  const rs = summarize(r);
  const bs = summarize(b);
  return { calls: N, real: rs, bare: bs, overheadMeanUs: rs.mean - bs.mean, overheadP50Us: rs.p50 - bs.p50 };
}

function sameResponse(a: APIGatewayProxyResult, b: APIGatewayProxyResult, what: string): void {
  if (a.statusCode !== b.statusCode || a.statusCode !== 200) throw new Error(`${what}: status ${a.statusCode} vs bare ${b.statusCode}`);
}

async function main(): Promise<MiddlewareResult> {
  if (!process.env['TABLE_NAME']) throw new Error('run by run.ts: TABLE_NAME must be set before the handlers load');
  const { apiEvent } = await import('../support/api-events.ts');
  const { countyOffice } = await import('../support/callers.ts');
  const { lambdaContext } = await import('../../infra/local/lambda-context.ts');
  const { DynamoDBDocumentClient, GetCommand } = await import('@aws-sdk/lib-dynamodb');
  const { documentClient } = await import('../../shared/store/client.ts');
  const { keys } = await import('../../shared/store/keys.ts');
  const { samplePlan } = await import('./fixtures.ts');
  const { planHeadItem } = await import('../../shared/store/plans.ts');

  // An hour of remaining time: middy arms its early-timeout timer on every call, as in Lambda.
  const context = (fn: string) => lambdaContext(fn, 3_600_000);

  // --- health ---
  const health = (await import('../../functions/health/handler.ts')).handler as unknown as Handler;
  const healthEvent = apiEvent('health', { caller: null });
  const healthCtx = context('health');
  const bareHealth: Handler = async () => ({
    statusCode: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=60' },
    body: JSON.stringify({ status: 'ok' }),
  });
  sameResponse(await health(healthEvent, healthCtx), await bareHealth(healthEvent, healthCtx), 'health');
  const healthResult = await comparePair(
    () => health(healthEvent, healthCtx),
    () => bareHealth(healthEvent, healthCtx),
  );

  // --- getPlan with a stubbed document client ---
  const { plan, latest } = samplePlan('110105', { stage: 'published' });
  const head = planHeadItem(plan, latest);
  const proto = DynamoDBDocumentClient.prototype as unknown as { send: (command: { input: { Key?: { SK?: string } } }) => Promise<unknown> };
  proto.send = async (command) => ({ $metadata: {}, Item: command.input.Key?.SK === 'HEAD' ? head : undefined });

  const plans = (await import('../../functions/plans/handler.ts')).handler as unknown as Handler;
  const getEvent = apiEvent('getPlan', { params: { planId: plan.planId }, caller: countyOffice });
  const plansCtx = context('plans');
  const doc = documentClient();
  const table = process.env['TABLE_NAME'];
  const barePlans: Handler = async (event) => {
    const id = event.pathParameters!['planId']!;
    const h = await doc.send(new GetCommand({ TableName: table, Key: keys.planHead(id), ConsistentRead: true }));
    return { statusCode: 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, body: JSON.stringify(h.Item) };
  };
  const first = await plans(getEvent, plansCtx);
  sameResponse(first, await barePlans(getEvent, plansCtx), 'getPlan');
  if ((JSON.parse(first.body) as { planId?: string }).planId !== plan.planId) throw new Error('getPlan: the stubbed plan did not come back');
  const getPlanResult = await comparePair(
    () => plans(getEvent, plansCtx),
    () => barePlans(getEvent, plansCtx),
  );

  return { health: healthResult, getPlan: getPlanResult };
}

main().then(
  (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
  (err: Error) => {
    process.stderr.write(`${err.stack ?? err.message}\n`);
    process.exitCode = 1;
  },
);
