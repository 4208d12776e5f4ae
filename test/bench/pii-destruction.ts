// What destroying an incident's personal data costs (rule 17): the pii-destruction job on an incident with N records
// sealed under one data key and registered (the default 10,000), against a plain BatchWriteItem delete of the same
// record items and the key item of a twin incident. Wall time and request units (ReturnConsumedCapacity on DynamoDB
// Local, counted by capacity.ts). run.ts calls piiDestructionBenchmark({ db, table }) and adds
// piiDestructionBenchLines(result); `npx tsx test/bench/pii-destruction.ts` starts DynamoDB Local in memory and prints
// the same on its own (BENCH_PII_DESTRUCTION_RECORDS sets N).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runPiiDestruction } from '../../functions/pii-destruction/destruction.ts';
import { jobActor } from '../../shared/domain/actor.ts';
import { calendarFrom } from '../../shared/domain/calendar/working-days.ts';
import { BlindIndex } from '../../shared/pii/blind-index.ts';
import { DataKeyStore } from '../../shared/pii/data-keys.ts';
import { LocalKeyProvider } from '../../shared/pii/key-provider.ts';
import { PiiVault } from '../../shared/pii/vault.ts';
import { keys, type Key } from '../../shared/store/keys.ts';
import { registerPii, stagePiiSchedule } from '../../shared/store/pii-registry.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { countCapacity, measureCalls, type CallCost } from './capacity.ts';
import { batchPut } from './list.ts';
import { fmt, table } from './stats.ts';

export interface PiiDestructionBenchResult {
  records: number;
  /** The job's run over the incident: erase every record, delete its blind index, shred the key, write the receipt. */
  destruction: CallCost;
  /** BatchWriteItem deletes of the same number of record items and the key item. */
  plainDelete: CallCost;
  recordBytes: number;
}

export interface PiiDestructionBenchLine {
  section: string;
  measure: string;
  value: string;
  target: string;
  verdict: 'INFO' | 'PASS' | 'FAIL' | 'ERROR';
}

const TERMINATED = new Date('2026-06-09T06:00:00Z');

/** A unit of work that keeps what was put in it: the registry item exactly as the repositories stage it. */
class RecordingUnitOfWork extends UnitOfWork {
  readonly staged: Record<string, unknown>[] = [];

  override put(label: string, item: Record<string, unknown>, condition?: Parameters<UnitOfWork['put']>[2]): this {
    this.staged.push(item);
    return super.put(label, item, condition);
  }
}
const RUN_AT = new Date('2026-06-10T18:30:00Z');

/** Records of one incident as the requisitions repository writes them (owner sealed, blind index on GSI2) and their registry items. */
async function seedIncident(db: DynamoDBDocumentClient, tableName: string, vault: PiiVault, incidentId: string, n: number): Promise<{ keys: Key[]; bytes: number }> {
  const ctx = { actor: jobActor('bench'), requestId: 'seed', at: TERMINATED.toISOString() };
  const setup = new UnitOfWork(tableName, ctx);
  setup.put('incident', { ...keys.incident(incidentId), kind: 'incident', incidentId, divisionCode: '110105', category: 'natural-disaster', status: 'recovery', rev: 3 });
  stagePiiSchedule(setup, incidentId, TERMINATED.toISOString());
  await setup.commit(db);
  const items: Record<string, unknown>[] = [];
  const recordKeys: Key[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const id = `${incidentId}-r${i}`;
    const key = keys.requisition(id);
    const s = await vault.sealAll(
      {
        'owner.name': { value: '欧阳娜娜', kind: 'name' },
        'owner.idNumber': { value: '11010519491231002X', kind: 'idNumber' },
        'owner.phone': { value: '+8613812345678', kind: 'phone' },
        'owner.address': { value: '北京市朝阳区建国路88号院3号楼2单元501', kind: 'address' },
      },
      { recordKey: key.PK, incidentId, purpose: 'requisition' },
    );
    const record = {
      ...key,
      kind: 'requisition',
      requisitionId: id,
      incidentId,
      status: 'returned',
      owner: { kind: 'individual', claimantRef: `bidx-${i}`, name: s['owner.name'], idNumber: s['owner.idNumber'], phone: s['owner.phone'], address: s['owner.address'] },
      GSI2PK: `REQOWNER#bidx-${i}`,
      GSI2SK: `2026-06-01#${id}`,
      rev: 3,
    };
    bytes = Buffer.byteLength(JSON.stringify(record));
    // The registry item exactly as the repository stages it (the bench writes in batches, not one transaction each).
    const uow = new RecordingUnitOfWork(tableName, ctx);
    registerPii(uow, { incidentId, purpose: 'requisition', recordKind: 'requisition', recordKey: key, blindIndexKeys: [], blindIndexAttributes: ['owner.claimantRef', 'GSI2PK', 'GSI2SK'] });
    items.push(record, ...uow.staged);
    recordKeys.push(key);
  }
  await batchPut(db, tableName, items, () => undefined);
  return { keys: recordKeys, bytes };
}

export async function piiDestructionBenchmark(opts: { db: DynamoDBDocumentClient; table: string; records?: number }): Promise<PiiDestructionBenchResult> {
  const n = opts.records ?? Number(process.env['BENCH_PII_DESTRUCTION_RECORDS'] ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-pii-destruction-'));
  try {
    const provider = new LocalKeyProvider(dir);
    const vault = new PiiVault({ keys: new DataKeyStore(opts.db, opts.table, provider), index: new BlindIndex(provider) });
    const suffix = Date.now().toString(36);
    const [destroyed, deleted] = [`bench-destroy-${suffix}`, `bench-delete-${suffix}`];
    const a = await seedIncident(opts.db, opts.table, vault, destroyed, n);
    const b = await seedIncident(opts.db, opts.table, vault, deleted, n);
    // Only the first incident is due for the job: the twin's clock is taken off the index.
    await opts.db.send(new BatchWriteCommand({ RequestItems: { [opts.table]: [{ DeleteRequest: { Key: keys.piiSchedule(deleted) } }] } }));
    countCapacity(opts.db);
    const destruction = await measureCalls(
      1,
      () => runPiiDestruction({ db: opts.db, table: opts.table, now: RUN_AT, runId: 'bench', progress: () => undefined, vault, graceDays: 0, calendar: calendarFrom(undefined) }),
      (r) => {
        if (r.recordsErased !== n || r.keysShredded !== 1 || r.receipts !== 1) throw new Error(`the job did not destroy the incident: ${JSON.stringify(r)}`);
      },
    );
    const plainDelete = await measureCalls(
      1,
      async () => {
        const all = [...b.keys, keys.dataKey(deleted, 'requisition')];
        const batches: Key[][] = [];
        for (let i = 0; i < all.length; i += 25) batches.push(all.slice(i, i + 25));
        let next = 0;
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            for (let i = next++; i < batches.length; i = next++) {
              let pending = batches[i]!.map((Key) => ({ DeleteRequest: { Key } }));
              while (pending.length > 0) {
                const r = await opts.db.send(new BatchWriteCommand({ RequestItems: { [opts.table]: pending } }));
                pending = (r.UnprocessedItems?.[opts.table] ?? []) as typeof pending;
              }
            }
          }),
        );
        return all.length;
      },
      (count) => {
        if (count !== n + 1) throw new Error('not every item was deleted');
      },
    );
    return { records: n, destruction, plainDelete, recordBytes: a.bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function piiDestructionBenchLines(r: PiiDestructionBenchResult, section = '10 pii destruction'): PiiDestructionBenchLine[] {
  const line = (measure: string, value: string): PiiDestructionBenchLine => ({ section, measure, value, target: '-', verdict: 'INFO' });
  const cost = (c: CallCost) => `${fmt(c.meanMs / 1000, 2)} s, ${fmt(c.write, 0)} WRU, ${fmt(c.read, 0)} RRU (${Object.entries(c.commands).map(([k, v]) => `${k.replace('Command', '')} ${v}`).join(', ')})`;
  return [
    line(`pii-destruction job: one incident, ${r.records} sealed records of ${r.recordBytes} B (erase, blind index, shred, receipt)`, cost(r.destruction)),
    line(`plain BatchWriteItem delete of ${r.records} record items and the key item`, cost(r.plainDelete)),
    line('destruction / plain delete', `${fmt(r.destruction.meanMs / r.plainDelete.meanMs, 1)}x time, ${fmt(r.destruction.write / Math.max(1, r.plainDelete.write), 1)}x write units`),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { ensureTable, localClient, startDynamoLocal } = await import('../../infra/local/dynamo.ts');
  const dynamo = await startDynamoLocal({});
  const client = localClient(dynamo.endpoint);
  try {
    await ensureTable(client, 'bench-pii-destruction');
    const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const r = await piiDestructionBenchmark({ db, table: 'bench-pii-destruction' });
    console.log(table(['section', 'measure', 'value'], piiDestructionBenchLines(r).map((l) => [l.section, l.measure, l.value])));
    console.log(JSON.stringify(r));
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}
