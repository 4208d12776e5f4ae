// Requisitions on DynamoDB Local: what personal-data encryption adds to the write and the read of one field and of a
// whole requisition (the create path's transaction as the repository stages it, and the GetItem that reads it back),
// sealed and opened through the vault with its data key warm, against the very same items written and read in the
// clear (target: under 10% on the create path); and GET /v1/me/requisitions with 10 and with 10,000 requisitions in the
// table (target: ratio <= 1.2, the owner's list being a Query on their blind index). run.ts can call
// requisitionCryptoBenchmark, meRequisitionsBenchmark and requisitionBenchLines; `npx tsx test/bench/requisitions.ts`
// starts its own local platform and prints the same.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { signToken } from '../../infra/local/auth.ts';
import { jobActor } from '../../shared/domain/actor.ts';
import { issueRequisition, type Requisition, type RequisitionDraft } from '../../shared/domain/requisition.ts';
import { piiVault } from '../../shared/pii/vault.ts';
import type { SealedField } from '../../shared/pii/sealed.ts';
import { keys } from '../../shared/store/keys.ts';
import { RequisitionRepository, type StoredRequisition } from '../../shared/store/requisitions.ts';
import { UnitOfWork, type Condition } from '../../shared/store/unit-of-work.ts';
import { batchPut, measureLists } from './list.ts';
import { fmt, summarize, table as printTable, type Summary } from './stats.ts';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Where the benchmarks run: the local platform's API and table (the vault and handlers use the same, from the env). */
export interface RequisitionBenchContext {
  baseUrl: string;
  secret: Uint8Array;
  /** A document client on the platform's DynamoDB Local that drops undefined attributes, as the store's does. */
  db: DynamoDBDocumentClient;
  table: string;
}

export interface Comparison {
  plain: Summary;
  sealed: Summary;
  /** sealed p50 / plain p50 - 1 (the median: DynamoDB Local's pauses land in the tail of either side). */
  overhead: number;
}

export interface RequisitionCryptoResult {
  iterations: number;
  field: { write: Comparison; read: Comparison };
  requisition: { fields: number; create: Comparison; read: Comparison; plainBytes: number; sealedBytes: number; sealOnly: Summary; openOnly: Summary };
}

export interface MeRequisitionsResult {
  requests: number;
  ownerItems: number;
  small: { tableItems: number; latency: Summary };
  large: { tableItems: number; latency: Summary };
  /** p50 at 10k over p50 at 10. */
  ratio: number;
}

const INCIDENT_ID = `bench-incident-${randomUUID().slice(0, 8)}`;
const OWNER_ID_NUMBER = '110105199001011232';
const COUNTY = { kind: 'user' as const, sub: 'office-110105', roles: ['office' as const], division: '110105', level: 'county' as const };

/** The owner and officer of every benchmarked requisition, as a person gives them. */
const PLAIN = {
  'owner.name': { value: '欧阳娜娜', kind: 'name' as const },
  'owner.idNumber': { value: OWNER_ID_NUMBER, kind: 'idNumber' as const },
  'owner.phone': { value: '+8613812345678', kind: 'phone' as const },
  'owner.address': { value: '北京市朝阳区建国路88号院3号楼2单元501', kind: 'address' as const },
  'executingOfficer.contact': { value: '+8613900001111', kind: 'phone' as const },
};

/** A unit of work that keeps its items, to send them ourselves (or seed them with BatchWriteItem). */
class RecordingUnitOfWork extends UnitOfWork {
  readonly staged: TransactItem[] = [];
  private readonly into: string;

  constructor(table: string, ctx: ConstructorParameters<typeof UnitOfWork>[1]) {
    super(table, ctx);
    this.into = table;
  }

  override put(label: string, item: Item, condition?: Condition): this {
    this.staged.push({ Put: { TableName: this.into, Item: item, ...(condition ? cond(condition) : {}) } });
    return super.put(label, item, condition);
  }

  override check(label: string, key: { PK: string; SK: string }, condition: Condition): this {
    this.staged.push({ ConditionCheck: { TableName: this.into, Key: key, ...cond(condition) } });
    return super.check(label, key, condition);
  }
}

const cond = (c: Condition) => ({
  ConditionExpression: c.expression,
  ...(c.names ? { ExpressionAttributeNames: c.names } : {}),
  ...(c.values ? { ExpressionAttributeValues: c.values } : {}),
});

function draftOf<S>(owner: RequisitionDraft<S>['owner'], contact: string, takenAt = new Date(Date.now() - 3600_000)): RequisitionDraft<S> {
  return {
    mode: 'emergency',
    legalBasis: '《中华人民共和国突发事件应对法》第十二条',
    reason: 'Moving sandbags to the embankment',
    owner,
    items: [{ name: 'Light truck', category: 'vehicle', quantity: 1, unit: 'vehicle', model: 'JX1041', conditionBefore: 'Runs', valueFen: 12_000_000 }],
    requisitioningUnit: 'Chaoyang flood control headquarters',
    executingOfficer: { name: 'Officer Li', contact },
    takenAt: takenAt.toISOString(),
  };
}

const incident = { incidentId: INCIDENT_ID, category: 'natural-disaster' as const, divisionCode: '110105', status: 'responding' as const, response: { status: 'active' as const, level: 'IV' as const } };

/** The create transaction of one requisition as the repository stages it: head, tracker, incident check, audit, event. */
function createTransaction(table: string, r: Requisition<unknown>, officerContact: unknown, change: Omit<ReturnType<typeof issueRequisition<unknown>>, 'requisition'>): TransactItem[] {
  const uow = new RecordingUnitOfWork(table, { actor: jobActor('bench'), requestId: 'bench', at: new Date().toISOString() });
  new RequisitionRepository(undefined as unknown as DynamoDBDocumentClient, table).stageIssue(uow, { ...change, requisition: r as Requisition<SealedField> }, officerContact as SealedField, undefined);
  return uow.staged;
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Runs a and b `n` times each, alternating in blocks so drift in machine load hits both alike. */
async function compare(n: number, plain: () => Promise<unknown>, sealed: () => Promise<unknown>): Promise<Comparison> {
  for (let i = 0; i < Math.min(50, n); i++) {
    await plain();
    await sealed();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let done = 0; done < n; done += 25) {
    for (let i = 0; i < Math.min(25, n - done); i++) a.push(await timeIt(plain));
    for (let i = 0; i < Math.min(25, n - done); i++) b.push(await timeIt(sealed));
  }
  const p = summarize(a);
  const s = summarize(b);
  return { plain: p, sealed: s, overhead: s.p50 / p.p50 - 1 };
}

export async function requisitionCryptoBenchmark(ctx: RequisitionBenchContext, opts: { iterations?: number } = {}): Promise<RequisitionCryptoResult> {
  const n = opts.iterations ?? Number(process.env['BENCH_REQUISITION_ITERATIONS'] ?? 400);
  const vault = piiVault();
  const { db, table } = ctx;
  // The incident every taking checks in its transaction.
  await db.send(new PutCommand({ TableName: table, Item: { ...keys.incident(INCIDENT_ID), kind: 'incident', incidentId: INCIDENT_ID, status: 'responding', divisionCode: '110105' } }));
  const rctx = (id: string) => ({ recordKey: RequisitionRepository.recordKey(id), incidentId: INCIDENT_ID, purpose: 'requisition' as const });
  // The data key is made once; every measured seal and open finds it warm, as in a warm function.
  await vault.sealAll(PLAIN, rctx('warm-up'));

  // One field: an item with the owner's phone, written and read back, in the clear or sealed and opened.
  const fieldKey = (id: string) => ({ PK: `BENCHFIELD#${id}`, SK: 'HEAD' });
  const plainFieldIds: string[] = [];
  const sealedFieldIds: string[] = [];
  const fieldWrite = await compare(
    n,
    async () => {
      const id = randomUUID();
      plainFieldIds.push(id);
      await db.send(new PutCommand({ TableName: table, Item: { ...fieldKey(id), phone: PLAIN['owner.phone'].value } }));
    },
    async () => {
      const id = randomUUID();
      sealedFieldIds.push(id);
      const phone = await vault.seal(PLAIN['owner.phone'].value, { recordKey: `BENCHFIELD#${id}`, field: 'phone', incidentId: INCIDENT_ID, purpose: 'requisition', kind: 'phone' });
      await db.send(new PutCommand({ TableName: table, Item: { ...fieldKey(id), phone } }));
    },
  );
  let pi = 0;
  let si = 0;
  const fieldRead = await compare(
    n,
    async () => {
      const id = plainFieldIds[pi++ % plainFieldIds.length]!;
      const r = await db.send(new GetCommand({ TableName: table, Key: fieldKey(id), ConsistentRead: true }));
      if (typeof r.Item?.['phone'] !== 'string') throw new Error('plain field missing');
    },
    async () => {
      const id = sealedFieldIds[si++ % sealedFieldIds.length]!;
      const r = await db.send(new GetCommand({ TableName: table, Key: fieldKey(id), ConsistentRead: true }));
      await vault.open(r.Item!['phone'] as SealedField, { recordKey: `BENCHFIELD#${id}`, field: 'phone' });
    },
  );

  // A whole requisition: the create transaction with the owner and contact in the clear, or sealed first.
  const plainIds: string[] = [];
  const sealedIds: string[] = [];
  const plainOwner = { kind: 'individual' as const, claimantRef: 'bidx', name: PLAIN['owner.name'].value, idNumber: PLAIN['owner.idNumber'].value, phone: PLAIN['owner.phone'].value, address: PLAIN['owner.address'].value };
  let plainBytes = 0;
  let sealedBytes = 0;
  const create = await compare(
    Math.max(1, Math.floor(n / 2)),
    async () => {
      const id = randomUUID();
      plainIds.push(id);
      const c = issueRequisition<string>(id, incident, draftOf(plainOwner, PLAIN['executingOfficer.contact'].value), COUNTY, new Date(), { paperworkHours: 48 });
      const items = createTransaction(table, c.requisition, PLAIN['executingOfficer.contact'].value, c);
      plainBytes = Buffer.byteLength(JSON.stringify(items[0]));
      await db.send(new TransactWriteCommand({ TransactItems: items }));
    },
    async () => {
      const id = randomUUID();
      sealedIds.push(id);
      const s = await vault.sealAll(PLAIN, rctx(id));
      const owner = { kind: 'individual' as const, claimantRef: 'bidx', name: s['owner.name']!, idNumber: s['owner.idNumber']!, phone: s['owner.phone']!, address: s['owner.address']! };
      const c = issueRequisition<SealedField>(id, incident, draftOf(owner, s['executingOfficer.contact']!.mask), COUNTY, new Date(), { paperworkHours: 48 });
      const items = createTransaction(table, c.requisition, s['executingOfficer.contact'], c);
      sealedBytes = Buffer.byteLength(JSON.stringify(items[0]));
      await db.send(new TransactWriteCommand({ TransactItems: items }));
    },
  );
  pi = 0;
  si = 0;
  const read = await compare(
    Math.max(1, Math.floor(n / 2)),
    async () => {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.requisition(plainIds[pi++ % plainIds.length]!), ConsistentRead: true }));
      if (!r.Item) throw new Error('plain requisition missing');
    },
    async () => {
      const id = sealedIds[si++ % sealedIds.length]!;
      const r = (await db.send(new GetCommand({ TableName: table, Key: keys.requisition(id), ConsistentRead: true }))).Item as unknown as StoredRequisition;
      const o = r.owner;
      const at = (field: string) => ({ recordKey: RequisitionRepository.recordKey(id), field });
      if (o.kind !== 'individual') throw new Error('unexpected owner');
      await Promise.all([
        vault.open(o.name, at('owner.name')),
        vault.open(o.idNumber, at('owner.idNumber')),
        vault.open(o.phone, at('owner.phone')),
        vault.open(o.address, at('owner.address')),
        vault.open(r.officerContact, at('executingOfficer.contact')),
      ]);
    },
  );
  // The encryption alone, without the table: what the comparisons above add, free of DynamoDB Local's noise.
  const sealTimes: number[] = [];
  const openTimes: number[] = [];
  const id = sealedIds[0]!;
  for (let i = 0; i < n; i++) {
    let sealed: Awaited<ReturnType<typeof vault.sealAll<keyof typeof PLAIN>>> = {};
    sealTimes.push(await timeIt(async () => (sealed = await vault.sealAll(PLAIN, rctx(id)))));
    openTimes.push(await timeIt(() => Promise.all(Object.entries(sealed).map(([f, v]) => vault.open(v!, { recordKey: RequisitionRepository.recordKey(id), field: f }))))); 
  }
  return {
    iterations: n,
    field: { write: fieldWrite, read: fieldRead },
    requisition: { fields: Object.keys(PLAIN).length, create, read, plainBytes, sealedBytes, sealOnly: summarize(sealTimes), openOnly: summarize(openTimes) },
  };
}

/** Head items of `count` requisitions of other owners and `own` of the benchmark's citizen, as the repository writes them. */
async function requisitionItems(table: string, count: number, own: number, ownerRef: string, template: Awaited<ReturnType<typeof sealedTemplate>>): Promise<Item[]> {
  const items: Item[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const owner = { ...template.owner, claimantRef: i < own ? ownerRef : `other-owner-${i}` };
    const at = new Date(Date.now() - (count - i) * 1000);
    const c = issueRequisition<SealedField>(id, incident, draftOf(owner, template.contact.mask, new Date(at.getTime() - 60_000)), COUNTY, at, { paperworkHours: 48 });
    items.push(createTransaction(table, c.requisition, template.contact, c)[0]!.Put!.Item as Item);
  }
  return items;
}

/** One owner's sealed fields, reused by every seeded item: the list shows masks and never opens them. */
async function sealedTemplate() {
  const s = await piiVault().sealAll(PLAIN, { recordKey: 'REQ#bench-template', incidentId: INCIDENT_ID, purpose: 'requisition' });
  return {
    owner: { kind: 'individual' as const, claimantRef: '', name: s['owner.name']!, idNumber: s['owner.idNumber']!, phone: s['owner.phone']!, address: s['owner.address']! },
    contact: s['executingOfficer.contact']!,
  };
}

export async function meRequisitionsBenchmark(ctx: RequisitionBenchContext, opts: { requests?: number; large?: number } = {}): Promise<MeRequisitionsResult> {
  const requests = opts.requests ?? Number(process.env['BENCH_ME_REQUESTS'] ?? 300);
  const large = opts.large ?? 10_000;
  const own = 5;
  const ownerRef = await piiVault().blindIndex('idNumber', OWNER_ID_NUMBER);
  const template = await sealedTemplate();
  const token = await signToken({ sub: 'citizen-bench', roles: ['citizen'], idNumber: OWNER_ID_NUMBER }, ctx.secret);
  const target = { name: 'me', path: '/v1/me/requisitions?limit=20', token, expectItems: own };
  const seed = async (items: Item[]) => batchPut(ctx.db, ctx.table, items, () => undefined);

  // 10 requisitions in the table (the owner's 5 among them); then 9,990 more of other owners.
  await seed(await requisitionItems(ctx.table, 10, own, ownerRef, template));
  const small = (await measureLists(ctx.baseUrl, [target], requests, 30))['me']!;
  await seed(await requisitionItems(ctx.table, large - 10, 0, ownerRef, template));
  const big = (await measureLists(ctx.baseUrl, [target], requests, 30))['me']!;
  return { requests, ownerItems: own, small: { tableItems: 10, latency: small }, large: { tableItems: large, latency: big }, ratio: big.p50 / small.p50 };
}

export interface RequisitionBenchLine {
  section: string;
  measure: string;
  value: string;
  target: string;
  verdict: 'PASS' | 'FAIL' | 'INFO';
}

const ms = (s: Summary) => `mean ${fmt(s.mean, 3)} ms, p50 ${fmt(s.p50, 3)} ms, p99 ${fmt(s.p99, 3)} ms`;
const pct = (x: number) => `${x >= 0 ? '+' : ''}${fmt(x * 100, 1)}%`;

export function requisitionBenchLines(crypto: RequisitionCryptoResult | undefined, me: MeRequisitionsResult | undefined, section = 'requisitions'): RequisitionBenchLine[] {
  const out: RequisitionBenchLine[] = [];
  const info = (measure: string, value: string) => out.push({ section, measure, value, target: '-', verdict: 'INFO' });
  if (crypto) {
    const c = crypto;
    info('one field: write in the clear vs sealed (seal + PutItem)', `${ms(c.field.write.plain)} vs ${ms(c.field.write.sealed)}: ${pct(c.field.write.overhead)}`);
    info('one field: read in the clear vs opened (GetItem + open)', `${ms(c.field.read.plain)} vs ${ms(c.field.read.sealed)}: ${pct(c.field.read.overhead)}`);
    out.push({
      section,
      measure: `requisition create path: transaction in the clear vs ${c.requisition.fields} fields sealed first`,
      value: `${ms(c.requisition.create.plain)} vs ${ms(c.requisition.create.sealed)}: ${pct(c.requisition.create.overhead)}`,
      target: '< 10%',
      verdict: c.requisition.create.overhead < 0.1 ? 'PASS' : 'FAIL',
    });
    info(`requisition read: GetItem vs GetItem + open all ${c.requisition.fields} fields`, `${ms(c.requisition.read.plain)} vs ${ms(c.requisition.read.sealed)}: ${pct(c.requisition.read.overhead)}`);
    info(
      `sealing ${c.requisition.fields} fields alone / opening them alone (warm data key)`,
      `${ms(c.requisition.sealOnly)} (${fmt((c.requisition.sealOnly.p50 / c.requisition.create.plain.p50) * 100, 2)}% of the create transaction's p50) / ${ms(c.requisition.openOnly)}`,
    );
    info('requisition head item size', `${c.requisition.plainBytes} B in the clear vs ${c.requisition.sealedBytes} B sealed`);
  }
  if (me) {
    out.push({
      section,
      measure: `GET /v1/me/requisitions (${me.ownerItems} of the caller's), ${me.small.tableItems} vs ${me.large.tableItems} requisitions in the table, ${me.requests} requests each`,
      value: `${ms(me.small.latency)} vs ${ms(me.large.latency)}: ratio of p50 ${fmt(me.ratio, 2)}`,
      target: '<= 1.2',
      verdict: me.ratio <= 1.2 ? 'PASS' : 'FAIL',
    });
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
  process.env['AWS_REGION'] ??= 'cn-north-1';
  const { startPlatform } = await import('../../infra/local/platform.ts');
  const dir = mkdtempSync(join(tmpdir(), 'erp-bench-requisitions-'));
  const platform = await startPlatform({ dataDir: dir, persist: false, tableName: 'bench-requisitions', print: () => {} });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: platform.dynamoEndpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  try {
    const ctx = { baseUrl: platform.url, secret: platform.secret, db, table: platform.tableName };
    const crypto = await requisitionCryptoBenchmark(ctx);
    const me = await meRequisitionsBenchmark(ctx);
    const lines = requisitionBenchLines(crypto, me);
    console.log(printTable(['section', 'measure', 'value', 'target', 'verdict'], lines.map((l) => [l.section, l.measure, l.value, l.target, l.verdict])));
    console.log(JSON.stringify({ crypto, me }));
  } finally {
    db.destroy();
    await platform.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
