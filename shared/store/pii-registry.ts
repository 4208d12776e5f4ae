// The PII registry: one item per record that holds personal data sealed for an incident (or register scope) and a
// purpose, put by the record's repository in the record's own transaction (rule 16). Destruction (rule 17) reads it by
// incident and purpose, with no Scan and no knowledge of record kinds, and erases each record the same way: every sealed
// field of that incident and purpose in the record becomes `destroyed`, the record's blind-index attributes are removed,
// and the items that only existed to find it by a blind index are deleted.
import { BatchGetCommand, BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Purpose } from '../pii/purposes.ts';
import { erasedField, isErased, isSealedField, type SealedField } from '../pii/sealed.ts';
import { keys, type Key } from './keys.ts';
import type { UnitOfWork } from './unit-of-work.ts';

export interface PiiRegistration {
  /** The data key's scope: the incident the data was collected for (or a register's scope). */
  incidentId: string;
  purpose: Purpose;
  /** What the record is (`requisition`, `claim`, ...): receipts count by it. */
  recordKind: string;
  /** The item holding the sealed fields. */
  recordKey: Key;
  /** Items that exist only to find the record by a blind index: deleted with its data. */
  blindIndexKeys: Key[];
  /** The record's own attributes that hold or are built from a blind index (`owner.claimantRef`, `GSI2PK`): removed. */
  blindIndexAttributes?: string[];
  /** Where in the record the person's sealed mobile number is, for the notice after the response (PIPL Art 18). */
  contactField?: string;
  /** The same, for a record that holds several people (a deployment's roster: one path per person). */
  contactFields?: string[];
}

/** Every path of a registered record that holds a person's sealed mobile number. */
export const contactPathsOf = (r: Pick<PiiRegistration, 'contactField' | 'contactFields'>): string[] => [...(r.contactField ? [r.contactField] : []), ...(r.contactFields ?? [])];

export interface RegistryEntry extends PiiRegistration {
  registeredAt: string;
  /** Set once the record's data of this purpose was destroyed, with the destruction that did it. */
  erasedAt?: string;
  destructionId?: string;
}

/**
 * Registers a record in the transaction that first writes its sealed fields; `again` re-registers one whose people grew
 * (a deployment's roster), which must not have been erased meanwhile.
 */
export function registerPii(uow: UnitOfWork, r: PiiRegistration, again = false): void {
  uow.put(
    'pii-registry',
    {
      ...keys.piiRecord(r.incidentId, r.purpose, r.recordKey),
      kind: 'pii-record',
      incidentId: r.incidentId,
      purpose: r.purpose,
      recordKind: r.recordKind,
      recordKey: { PK: r.recordKey.PK, SK: r.recordKey.SK },
      blindIndexKeys: r.blindIndexKeys.map((k) => ({ PK: k.PK, SK: k.SK })),
      ...(r.blindIndexAttributes && r.blindIndexAttributes.length > 0 ? { blindIndexAttributes: r.blindIndexAttributes } : {}),
      ...(r.contactField ? { contactField: r.contactField } : {}),
      ...(r.contactFields && r.contactFields.length > 0 ? { contactFields: r.contactFields } : {}),
      registeredAt: uow.ctx.at,
    },
    { expression: again ? 'attribute_not_exists(erasedAt)' : 'attribute_not_exists(PK)' },
  );
}

/** Every registered record of a scope (all purposes, or one), a page at a time, in key order. */
export async function* registryOf(db: DynamoDBDocumentClient, table: string, scope: string, purpose?: Purpose): AsyncGenerator<RegistryEntry[]> {
  const at = keys.piiRecordsOf(scope, purpose);
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: at.SKPrefix ? 'PK = :pk AND begins_with(SK, :sk)' : 'PK = :pk',
        ExpressionAttributeValues: at.SKPrefix ? { ':pk': at.PK, ':sk': at.SKPrefix } : { ':pk': at.PK },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    yield (r.Items ?? []).map(({ PK: _pk, SK: _sk, kind: _kind, ...rest }) => rest as RegistryEntry);
    start = r.LastEvaluatedKey;
  } while (start);
}

/** The registered record as stored (the notice reads its contact field from it). */
export async function readRecord(db: DynamoDBDocumentClient, table: string, recordKey: Key): Promise<Record<string, unknown> | undefined> {
  return (await db.send(new GetCommand({ TableName: table, Key: { PK: recordKey.PK, SK: recordKey.SK }, ConsistentRead: true }))).Item;
}

type Path = (string | number)[];

/** Every sealed field of this scope and purpose in an item, with its path. */
export function sealedFieldsIn(value: unknown, scope: string, purpose: Purpose, path: Path = []): { path: Path; sealed: SealedField }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => sealedFieldsIn(v, scope, purpose, [...path, i]));
  if (typeof value !== 'object' || value === null) return [];
  const o = value as Record<string, unknown>;
  if (o['v'] === 1 && typeof o['c'] === 'string' && isSealedField(value)) {
    const s = value as SealedField;
    return s.incidentId === scope && s.purpose === purpose ? [{ path, sealed: s }] : [];
  }
  return Object.entries(o).flatMap(([k, v]) => sealedFieldsIn(v, scope, purpose, [...path, k]));
}

function present(item: Record<string, unknown>, path: string[]): boolean {
  let at: unknown = item;
  for (const p of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, p)) return false;
    at = (at as Record<string, unknown>)[p];
  }
  return true;
}

const ERASE_ATTEMPTS = 4;
/** BatchGetItem reads 100 keys at most, BatchWriteItem writes 25. */
const READ_CHUNK = 100;
const WRITE_CHUNK = 25;
const MAX_ROUNDS = 8;

export interface ErasureResult {
  /** Records erased (or found erased already by a run that stopped after erasing them). */
  records: number;
  /** Sealed fields made `destroyed` now (0 for a record a stopped run had erased already). */
  fields: number;
  indexItems: number;
}

type Item = Record<string, unknown>;

/** The update that erases an entry's data from its record as read, or undefined when nothing of it is left there. */
function erasure(item: Item, entry: RegistryEntry): { input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>; fields: number } | undefined {
  const sealed = sealedFieldsIn(item, entry.incidentId, entry.purpose).filter((f) => !isErased(f.sealed));
  const removals = (entry.blindIndexAttributes ?? []).map((a) => a.split('.')).filter((p) => present(item, p));
  if (sealed.length === 0 && removals.length === 0) return undefined;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const name = (n: string) => {
    const id = `#n${Object.keys(names).length}`;
    names[id] = n;
    return id;
  };
  const expr = (path: Path) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${name(p)}`)).join('');
  const sets = sealed.map((f, i) => {
    values[`:f${i}`] = erasedField(f.sealed);
    return `${expr(f.path)} = :f${i}`;
  });
  // The rev moves on, so a writer that read the record before cannot put the old fields back.
  const rev = typeof item['rev'] === 'number' ? (item['rev'] as number) : undefined;
  let condition = 'attribute_exists(PK)';
  if (rev !== undefined) {
    const r = name('rev');
    sets.push(`${r} = :nextRev`);
    values[':nextRev'] = rev + 1;
    values[':rev'] = rev;
    condition = `${r} = :rev`;
  }
  const removes = removals.map((p) => expr(p));
  return {
    input: {
      UpdateExpression: [sets.length > 0 ? `SET ${sets.join(', ')}` : '', removes.length > 0 ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' '),
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
    },
    fields: sealed.length,
  };
}

/** Erases one record, reading it again when someone changed it between the read and the write. */
async function eraseOne(db: DynamoDBDocumentClient, table: string, entry: RegistryEntry, read: Item | undefined): Promise<number> {
  let item = read;
  for (let attempt = 1; ; attempt++) {
    if (!item) return 0; // the record itself is gone: nothing left in it
    const e = erasure(item, entry);
    if (!e) return 0;
    try {
      await db.send(new UpdateCommand({ TableName: table, Key: { PK: entry.recordKey.PK, SK: entry.recordKey.SK }, ...e.input }));
      return e.fields;
    } catch (err) {
      if (!(err instanceof Error) || err.name !== 'ConditionalCheckFailedException' || attempt >= ERASE_ATTEMPTS) throw err;
      item = await readRecord(db, table, entry.recordKey);
    }
  }
}

async function batchRead(db: DynamoDBDocumentClient, table: string, list: readonly Key[]): Promise<Map<string, Item>> {
  const out = new Map<string, Item>();
  let pending: Item[] = [...new Map(list.map((k) => [`${k.PK}\u0000${k.SK}`, { PK: k.PK, SK: k.SK }])).values()];
  for (let round = 0; pending.length > 0; round++) {
    if (round >= MAX_ROUNDS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${MAX_ROUNDS} rounds`);
    if (round > 0) await new Promise((r) => setTimeout(r, 10 * 2 ** round));
    const r = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
    for (const i of r.Responses?.[table] ?? []) out.set(`${String(i['PK'])}\u0000${String(i['SK'])}`, i);
    pending = (r.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
  }
  return out;
}

async function batchWrite(db: DynamoDBDocumentClient, table: string, requests: Item[]): Promise<void> {
  for (let i = 0; i < requests.length; i += WRITE_CHUNK) {
    let pending = requests.slice(i, i + WRITE_CHUNK);
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error(`BatchWriteItem left ${pending.length} requests unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await new Promise((r) => setTimeout(r, 10 * 2 ** round));
      const r = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (r.UnprocessedItems?.[table] ?? []) as Item[];
    }
  }
}

async function inParallel<T>(items: readonly T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/**
 * Erases registered records' data of their purpose and marks their entries, a hundred at a time: the records read at
 * once (BatchGetItem), each erased by a conditioned UpdateItem (`concurrency` at a time), their blind-index items
 * deleted and their entries marked in batches (BatchWriteItem), in that order, so an entry marked erased always names
 * an erased record. Every step is idempotent: a run stopped half-way is simply run again.
 */
export async function eraseRecords(db: DynamoDBDocumentClient, table: string, entries: readonly RegistryEntry[], destructionId: string, at: string, concurrency = 16): Promise<ErasureResult> {
  const result: ErasureResult = { records: 0, fields: 0, indexItems: 0 };
  for (let i = 0; i < entries.length; i += READ_CHUNK) {
    const chunk = entries.slice(i, i + READ_CHUNK);
    const read = await batchRead(db, table, chunk.map((e) => e.recordKey));
    await inParallel(chunk, concurrency, async (e) => {
      result.fields += await eraseOne(db, table, e, read.get(`${e.recordKey.PK}\u0000${e.recordKey.SK}`));
    });
    const indexKeys = chunk.flatMap((e) => e.blindIndexKeys);
    await batchWrite(db, table, indexKeys.map((k) => ({ DeleteRequest: { Key: { PK: k.PK, SK: k.SK } } })));
    await batchWrite(
      db,
      table,
      chunk.map((e) => ({
        PutRequest: { Item: { ...keys.piiRecord(e.incidentId, e.purpose, e.recordKey), kind: 'pii-record', ...e, erasedAt: e.erasedAt ?? at, destructionId: e.destructionId ?? destructionId } },
      })),
    );
    result.records += chunk.length;
    result.indexItems += indexKeys.length;
  }
  return result;
}

/** The incident's destruction clock, put in the transaction that terminates its response (rules 8, 17). */
export function stagePiiSchedule(uow: UnitOfWork, incidentId: string, destructionFrom: string): void {
  uow.put('pii-schedule', { ...keys.piiSchedule(incidentId), kind: 'pii-schedule', incidentId, destructionFrom, ...keys.gsi.piiDue(destructionFrom, incidentId) });
}
