// Benchmarks of the social-forces paths, for test/bench/run.ts to call against its local platform:
//   volunteerSearchBench: GET /v1/volunteers?division=&skill=&limit=20 over HTTP with 100 and with 50k consenting
//     volunteers in one division (search items seeded straight into the table, exactly as VolunteerRepository.stage
//     builds them); target: p50 ratio large / small <= 1.2 (the search reads its shards' first pages, whatever the size).
//   deploymentCreateBench: POST /v1/incidents/{id}/deployments against the raw TransactWriteItems it commits (the same
//     items, built by the domain and DeploymentRepository.stageRequest) at the same concurrency; target: API / raw
//     throughput >= 0.8. Each request deploys a volunteer of its own (a pool of self-registered volunteers), so no
//     request meets another's commitments.
import { randomUUID } from 'node:crypto';
import { BatchGetCommand, GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Government } from '../../shared/domain/actor.ts';
import { addDays } from '../../shared/domain/organization.ts';
import { cstDate } from '../../shared/domain/calendar/working-days.ts';
import { createDeployment, type DeploymentRequest, type IncidentForDeployment } from '../../shared/domain/deployment.ts';
import type { Volunteer } from '../../shared/domain/volunteer.ts';
import type { SealedField } from '../../shared/pii/sealed.ts';
import { DeploymentRepository } from '../../shared/store/deployments.ts';
import { keys } from '../../shared/store/keys.ts';
import { UnitOfWork, type Condition } from '../../shared/store/unit-of-work.ts';
import { VolunteerRepository } from '../../shared/store/volunteers.ts';
import { batchPut, measureLists } from './list.ts';
import { closedLoop, merge, type LoadResult, type LoadRun } from './load.ts';
import type { Summary } from './stats.ts';

/** What the benchmarks run against: the local API, a raw client on the same DynamoDB Local, tokens, and a progress line. */
export interface SocialBenchHost {
  url: string;
  raw: DynamoDBDocumentClient;
  table: string;
  /** A token of the county-level office of a division. */
  officeToken: (division: string) => Promise<string>;
  progress?: (line: string) => void;
}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** A unit of work that keeps what was staged in it, labels and SDK items alike, without ever committing. */
class RecordingUnitOfWork extends UnitOfWork {
  readonly staged: { label: string; op: TransactItem }[] = [];
  private readonly tableName: string;

  constructor(table: string) {
    super(table, { actor: { kind: 'job', job: 'bench' }, requestId: `bench-${randomUUID()}`, at: new Date().toISOString() });
    this.tableName = table;
  }

  private cond(c: Condition | undefined) {
    return c ? { ConditionExpression: c.expression, ...(c.names ? { ExpressionAttributeNames: c.names } : {}), ...(c.values ? { ExpressionAttributeValues: c.values } : {}) } : {};
  }

  override put(label: string, item: Record<string, unknown>, condition?: Condition): this {
    this.staged.push({ label, op: { Put: { TableName: this.tableName, Item: item, ...this.cond(condition) } } });
    return super.put(label, item, condition);
  }

  override delete(label: string, key: { PK: string; SK: string }, condition?: Condition): this {
    this.staged.push({ label, op: { Delete: { TableName: this.tableName, Key: key, ...this.cond(condition) } } });
    return super.delete(label, key, condition);
  }

  override check(label: string, key: { PK: string; SK: string }, condition: Condition): this {
    this.staged.push({ label, op: { ConditionCheck: { TableName: this.tableName, Key: key, ConditionExpression: condition.expression, ...this.cond(condition) } } });
    return super.check(label, key, condition);
  }
}

const sealed = (mask: string, scope: string): SealedField => ({ v: 1, c: 'bench-not-a-ciphertext', k: 'bench', mask, incidentId: scope, purpose: 'volunteer' });

/** A volunteer as registration stores it; the personal fields are stand-ins (the search and deployments never open them). */
function benchVolunteer(division: string, n: number, o: { consent: boolean; selfSub?: string }): Volunteer<SealedField> {
  const at = new Date().toISOString();
  const scope = `register-${division}`;
  return {
    volunteerId: randomUUID(),
    ...(o.selfSub ? { ownerSub: o.selfSub } : { organizationId: 'org-bench-0001' }),
    personal: { name: sealed('张*', scope), idNumber: sealed('110105********0000', scope), phone: sealed('139****0000', scope) },
    skills: ['water-rescue'],
    // Half free on weekdays, half at weekends: an availableOn filter discards about half of what it reads.
    availability: { weekdays: n % 2 === 0 ? [1, 2, 3, 4, 5] : [6, 7] },
    divisionCode: division,
    consentToShare: o.consent,
    qualifications: [],
    training: [],
    insurance: [],
    registeredBy: 'bench',
    registeredAt: at,
    updatedAt: at,
    rev: 1,
  };
}

/** The items VolunteerRepository.stage writes for a new volunteer, by label. */
function volunteerItems(table: string, v: Volunteer<SealedField>): { label: string; item: Record<string, unknown> }[] {
  const uow = new RecordingUnitOfWork(table);
  // stage only builds items into the unit of work; the repository's client is never touched.
  new VolunteerRepository(undefined as unknown as DynamoDBDocumentClient, table).stage(uow, { volunteer: v, change: { action: 'register-volunteer', from: null, to: 'registered' } }, undefined);
  return uow.staged.map((s) => ({ label: s.label, item: s.op.Put!.Item as Record<string, unknown> }));
}

// ---- The volunteer search ----------------------------------------------------------------------------------------------

export const SEARCH_DIVISIONS = { small: { code: '110101', volunteers: 100 }, large: { code: '110102', volunteers: 50_000 } } as const;

export interface VolunteerSearchResult {
  seeded: { small: number; large: number; items: number; seconds: number; retries: number };
  /** GET /v1/volunteers?division=<small>&skill=water-rescue&limit=20 */
  small: Summary;
  large: Summary;
  /** The same with availableOn=<a Monday> (the weekday filter discards the weekend volunteers it reads). */
  smallAvailable: Summary;
  largeAvailable: Summary;
  /** p50 large / small of the skill search: the target is <= 1.2. */
  ratio: number;
  ratioAvailable: number;
  pass: boolean;
}

/** Seeds the search items of two divisions (100 and 50k consenting volunteers) and measures the search in both. */
export async function volunteerSearchBench(
  host: SocialBenchHost,
  opts: { small?: number; large?: number; requests?: number; warmup?: number; seedDeadline?: number } = {},
): Promise<VolunteerSearchResult> {
  const counts = { small: opts.small ?? SEARCH_DIVISIONS.small.volunteers, large: opts.large ?? SEARCH_DIVISIONS.large.volunteers };
  const say = host.progress ?? (() => undefined);
  const started = Date.now();
  let items = 0;
  let retries = 0;
  for (const [size, division] of [['small', SEARCH_DIVISIONS.small.code], ['large', SEARCH_DIVISIONS.large.code]] as const) {
    // Only what the search reads: the search items (the heads and audit items play no part in it).
    const batch: Record<string, unknown>[] = [];
    for (let n = 0; n < counts[size]; n++) {
      for (const s of volunteerItems(host.table, benchVolunteer(division, n, { consent: true }))) if (s.label === 'volunteer-search') batch.push(s.item);
    }
    const r = await batchPut(host.raw, host.table, batch, (w) => say(`   ${division}: ${w} search items written`), opts.seedDeadline);
    items += r.written;
    retries += r.retries;
  }
  const seconds = (Date.now() - started) / 1000;
  say(`   seeded ${items} search items in ${seconds.toFixed(1)} s; measuring the searches`);
  let monday = addDays(cstDate(new Date()), 1);
  while (new Date(`${monday}T00:00:00Z`).getUTCDay() !== 1) monday = addDays(monday, 1);
  const path = (code: string, extra = '') => `/v1/volunteers?division=${code}&skill=water-rescue&limit=20${extra}`;
  const [smallToken, largeToken] = await Promise.all([host.officeToken(SEARCH_DIVISIONS.small.code), host.officeToken(SEARCH_DIVISIONS.large.code)]);
  const s = await measureLists(
    host.url,
    [
      { name: 'small', path: path(SEARCH_DIVISIONS.small.code), token: smallToken, expectItems: 20 },
      { name: 'large', path: path(SEARCH_DIVISIONS.large.code), token: largeToken, expectItems: 20 },
      { name: 'smallAvailable', path: path(SEARCH_DIVISIONS.small.code, `&availableOn=${monday}`), token: smallToken, expectItems: 20 },
      { name: 'largeAvailable', path: path(SEARCH_DIVISIONS.large.code, `&availableOn=${monday}`), token: largeToken, expectItems: 20 },
    ],
    opts.requests ?? 300,
    opts.warmup ?? 30,
  );
  const ratio = s['large']!.p50 / s['small']!.p50;
  return {
    seeded: { small: counts.small, large: counts.large, items, seconds, retries },
    small: s['small']!,
    large: s['large']!,
    smallAvailable: s['smallAvailable']!,
    largeAvailable: s['largeAvailable']!,
    ratio,
    ratioAvailable: s['largeAvailable']!.p50 / s['smallAvailable']!.p50,
    pass: ratio <= 1.2,
  };
}

// ---- The deployment request --------------------------------------------------------------------------------------------

const BENCH_DIVISION = '110105';
const office: Government = { kind: 'user', sub: 'office-110105', roles: ['office'], division: BENCH_DIVISION, level: 'county' };

/** Volunteers, each handed out once: a deployment commits its person for its dates, so none is asked twice. */
class VolunteerPool {
  private readonly volunteers: Volunteer<SealedField>[] = [];
  private taken = 0;
  exhausted = 0;

  add(v: Volunteer<SealedField>[]): void {
    this.volunteers.push(...v);
  }

  take(): Volunteer<SealedField> | undefined {
    const v = this.volunteers[this.taken];
    if (!v) this.exhausted += 1;
    else this.taken += 1;
    return v;
  }

  get remaining(): number {
    return this.volunteers.length - this.taken;
  }
}

/** The request every benchmarked deployment makes: logistics for three days from tomorrow (no insurance needed). */
function requestOf(volunteerId: string): DeploymentRequest {
  const from = addDays(cstDate(new Date()), 1);
  return {
    volunteerIds: [volunteerId],
    task: { title: 'Sandbags at the Liangma shelter', kind: 'logistics', risky: false, requiredQualifications: [] },
    from,
    to: addDays(from, 2),
    place: 'Liangma shelter',
    reportTo: 'Shelter office',
  };
}

/** The deployment request's transaction, item for item, as the use case builds it for a volunteer with no commitments. */
export function deploymentTransaction(table: string, incident: IncidentForDeployment, v: Volunteer<SealedField>): { labels: string[]; items: TransactItem[]; deploymentId: string } {
  const change = createDeployment(randomUUID(), requestOf(v.volunteerId), { incident, volunteers: [v], commitments: [] }, office, new Date());
  const uow = new RecordingUnitOfWork(table);
  new DeploymentRepository(undefined as unknown as DynamoDBDocumentClient, table).stageRequest(uow, change, { commitments: new Map([[v.volunteerId, undefined]]), stillHolds: () => false });
  return { labels: uow.staged.map((s) => s.label), items: uow.staged.map((s) => s.op), deploymentId: change.deployment.deploymentId };
}

export interface DeploymentCreateResult {
  connections: number;
  seconds: number;
  transactionItems: string[];
  api: LoadResult;
  rawTransactWrite: LoadResult;
  /** The same calls the use case makes, raw: the incident and, in one BatchGetItem, the person and their commitments, then the transaction. */
  rawUseCaseCalls: LoadResult;
  /** API / raw TransactWriteItems throughput: the target is >= 0.8. */
  ratio: number;
  ratioSameCalls: number;
  pass: boolean;
}

/**
 * POST /v1/incidents/{id}/deployments against its raw transaction, closed loops of `connections` each, alternating in
 * two halves after a warm-up. The API side is a fetch loop in this process (each request carries a volunteer of its
 * own, which autocannon's fixed body cannot); the raw side calls DynamoDB Local from the same process.
 */
export async function deploymentCreateBench(host: SocialBenchHost, opts: { connections?: number; seconds?: number; warmupSeconds?: number; seed?: number } = {}): Promise<DeploymentCreateResult> {
  const connections = opts.connections ?? 8;
  const seconds = opts.seconds ?? 20;
  const warmupSeconds = opts.warmupSeconds ?? 5;
  const say = host.progress ?? (() => undefined);

  // An incident of the county under an active response: what a deployment is requested under.
  const incidentId = randomUUID();
  const incident: IncidentForDeployment = { incidentId, divisionCode: BENCH_DIVISION, category: 'natural-disaster', status: 'responding', response: { status: 'active' } };
  const at = new Date().toISOString();
  await batchPut(host.raw, host.table, [{ ...keys.incident(incidentId), kind: 'incident', ...incident, response: { status: 'active', level: 'IV' }, title: 'Bench flood', updatedAt: at, rev: 2 }], () => undefined);

  const pool = new VolunteerPool();
  const seed = async (count: number) => {
    const vs = Array.from({ length: count }, (_, n) => benchVolunteer(BENCH_DIVISION, n, { consent: false, selfSub: `bench-citizen-${randomUUID()}` }));
    const heads = vs.flatMap((v) => volunteerItems(host.table, v).filter((s) => s.label === 'volunteer').map((s) => s.item));
    await batchPut(host.raw, host.table, heads, () => undefined);
    pool.add(vs);
  };
  await seed(opts.seed ?? 3000);

  const token = await host.officeToken(BENCH_DIVISION);
  const url = `${host.url}/v1/incidents/${incidentId}/deployments`;
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const empty = () => Promise.reject(Object.assign(new Error('the volunteer pool is empty'), { name: 'PoolExhausted' }));
  const api = async () => {
    const v = pool.take();
    if (!v) return empty();
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(requestOf(v.volunteerId)) });
    await res.arrayBuffer();
    if (res.status !== 201) throw Object.assign(new Error(`status ${res.status}`), { name: `HTTP${res.status}` });
  };
  const rawTx = () => {
    const v = pool.take();
    if (!v) return empty();
    return host.raw.send(new TransactWriteCommand({ TransactItems: deploymentTransaction(host.table, incident, v).items }));
  };
  const rawCalls = async () => {
    const v = pool.take();
    if (!v) return empty();
    await Promise.all([
      host.raw.send(new GetCommand({ TableName: host.table, Key: keys.incident(incidentId), ConsistentRead: true })),
      host.raw.send(new BatchGetCommand({ RequestItems: { [host.table]: { Keys: [keys.volunteer(v.volunteerId), keys.volunteerCommitments(v.volunteerId)], ConsistentRead: true } } })),
    ]);
    return host.raw.send(new TransactWriteCommand({ TransactItems: deploymentTransaction(host.table, incident, v).items }));
  };

  // What the raw side commits, checked once: the API reads a raw deployment back as one it made itself.
  const probe = pool.take()!;
  const tx = deploymentTransaction(host.table, incident, probe);
  await host.raw.send(new TransactWriteCommand({ TransactItems: tx.items }));
  const readBack = await fetch(`${host.url}/v1/deployments/${tx.deploymentId}`, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await readBack.json()) as { status?: string; people?: unknown[] };
  if (readBack.status !== 200 || body.status !== 'requested' || body.people?.length !== 1) throw new Error(`the raw deployment does not read back as one: ${readBack.status} ${JSON.stringify(body)}`);

  const clean = (name: string, r: LoadResult) => {
    if (pool.exhausted > 0) throw new Error(`${name}: ${pool.exhausted} requests found no volunteer left: raise the seed`);
    if (r.failed > 0) throw new Error(`${name}: ${r.failed} requests failed (${JSON.stringify(r.outcomes)})`);
    return r;
  };
  say(`   warm-up ${warmupSeconds} s each: API, raw TransactWriteItems, raw use-case calls`);
  const warm = [
    clean('deployment warm-up', merge([await closedLoop(api, connections, warmupSeconds)])),
    clean('raw deployment warm-up', merge([await closedLoop(rawTx, connections, warmupSeconds)])),
    clean('raw calls warm-up', merge([await closedLoop(rawCalls, connections, warmupSeconds)])),
  ];
  const need = Math.ceil(warm.reduce((n, r) => n + r.rps, 0) * seconds * 1.5) + 20 * connections;
  if (pool.remaining < need) await seed(need - pool.remaining);

  say(`   2 x ${seconds / 2} s each, alternating: API, raw TransactWriteItems, raw use-case calls`);
  const runs: Record<'api' | 'raw' | 'calls', LoadRun[]> = { api: [], raw: [], calls: [] };
  for (let half = 0; half < 2; half++) {
    runs.api.push(await closedLoop(api, connections, seconds / 2));
    runs.raw.push(await closedLoop(rawTx, connections, seconds / 2));
    runs.calls.push(await closedLoop(rawCalls, connections, seconds / 2));
  }
  const apiResult = clean('POST /v1/incidents/{id}/deployments', merge(runs.api));
  const rawResult = clean('raw deployment TransactWriteItems', merge(runs.raw));
  const callsResult = clean('raw use-case calls', merge(runs.calls));
  const ratio = apiResult.rps / rawResult.rps;
  return {
    connections,
    seconds,
    transactionItems: tx.labels,
    api: apiResult,
    rawTransactWrite: rawResult,
    rawUseCaseCalls: callsResult,
    ratio,
    ratioSameCalls: apiResult.rps / callsResult.rps,
    pass: ratio >= 0.8,
  };
}
