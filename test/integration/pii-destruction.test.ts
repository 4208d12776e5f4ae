// The pii-destruction job against DynamoDB Local (rules 16-18): records registered with their data (the registry is
// all the job knows of them), a terminated incident's clock, assessments recorded and statutory. What no assessment
// keeps is erased and its key shredded, blind-index entries go, receipts land in the audit trail once, people are told
// once, the office is alerted seven days ahead once; a second run changes nothing; a run stopped between shredding and
// its receipt resumes and writes exactly one receipt; and nothing covered is ever destroyed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { noticeSender } from '../../shared/alerts/pii-notice.ts';
import { calendarFrom } from '../../shared/domain/calendar/working-days.ts';
import { recordAssessment, type CompensationCase } from '../../shared/domain/retention.ts';
import { PiiDestroyed } from '../../shared/errors.ts';
import { BlindIndex } from '../../shared/pii/blind-index.ts';
import { DataKeyStore } from '../../shared/pii/data-keys.ts';
import { LocalKeyProvider } from '../../shared/pii/key-provider.ts';
import type { Purpose } from '../../shared/pii/purposes.ts';
import { DESTROYED_VIEW, PiiVault } from '../../shared/pii/vault.ts';
import { auditPage } from '../../shared/store/audit-log.ts';
import { keys, type Key } from '../../shared/store/keys.ts';
import { PiiDestructionStore } from '../../shared/store/pii-destruction.ts';
import { registerPii, stagePiiSchedule } from '../../shared/store/pii-registry.ts';
import { RetentionRepository, statutoryAssessmentId } from '../../shared/store/retention.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { jobActor } from '../../shared/domain/actor.ts';
import { runPiiDestruction, type DestructionCounts, type DestructionDeps } from '../../functions/pii-destruction/destruction.ts';
import { gov } from '../unit/requisition-fixtures.ts';
import { useLocalTable, type Item, type TestTable } from '../support/local-table.ts';

const calendar = calendarFrom(undefined);
const TERMINATED = new Date('2026-06-09T06:00:00Z');
const AFTER = new Date('2026-06-09T18:30:00Z'); // the next daily run
/** Values no real person has: none may appear anywhere in clear once sealed. */
const PEOPLE = [
  { name: '金丝雀甲', idNumber: '110105198701017772', phone: '+8613700137001' },
  { name: '金丝雀乙', idNumber: '110105198701017780', phone: '+8613700137002' },
  { name: '金丝雀丙', idNumber: '110105198701017799', phone: '+8613700137001' }, // the same phone as 甲: one notice
];

let dir: string;
let provider: LocalKeyProvider;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pii-destruction-'));
  provider = new LocalKeyProvider(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let table: TestTable;
let vault: PiiVault;
let n = 0;
beforeEach(async () => {
  // A table per test: the job reads every due clock of its table.
  table = await useLocalTable();
  vault = new PiiVault({ keys: new DataKeyStore(table.db, table.tableName, provider), index: new BlindIndex(provider) });
});

const deps = (now: Date, o: Partial<DestructionDeps> = {}): DestructionDeps => ({
  db: table.db,
  table: table.tableName,
  now,
  runId: `run-${++n}`,
  progress: () => undefined,
  vault,
  graceDays: 0,
  calendar,
  ...o,
});
const run = (now: Date, o: Partial<DestructionDeps> = {}): Promise<DestructionCounts> => runPiiDestruction(deps(now, o));
const uow = (at: Date) => new UnitOfWork(table.tableName, { actor: jobActor('test'), requestId: 'setup', at: at.toISOString() });

/** A terminated incident of 110105 with its destruction clock, as the termination's transaction leaves them. */
async function terminatedIncident(): Promise<string> {
  const incidentId = `inc-${Date.now().toString(36)}-${++n}`;
  const u = uow(TERMINATED);
  u.put('incident', { ...keys.incident(incidentId), kind: 'incident', incidentId, divisionCode: '110105', category: 'accident', title: 'Warehouse fire', status: 'recovery', piiDestructionFrom: TERMINATED.toISOString(), rev: 5 });
  stagePiiSchedule(u, incidentId, TERMINATED.toISOString());
  await u.commit(table.db);
  return incidentId;
}

/** A requisition-like record with an owner sealed under (incident, requisition), its blind index on GSI2, registered. */
async function ownerRecord(incidentId: string, id: string, person: (typeof PEOPLE)[number]): Promise<Key> {
  const key = keys.requisition(id);
  const sealed = await vault.sealAll(
    { 'owner.name': { value: person.name, kind: 'name' }, 'owner.idNumber': { value: person.idNumber, kind: 'idNumber' }, 'owner.phone': { value: person.phone, kind: 'phone' } },
    { recordKey: key.PK, incidentId, purpose: 'requisition' },
  );
  const ref = await vault.blindIndex('idNumber', person.idNumber);
  const u = uow(TERMINATED);
  u.put('requisition', {
    ...key,
    kind: 'requisition',
    requisitionId: id,
    incidentId,
    status: 'returned',
    owner: { kind: 'individual', claimantRef: ref, name: sealed['owner.name'], idNumber: sealed['owner.idNumber'], phone: sealed['owner.phone'] },
    GSI2PK: `REQOWNER#${ref}`,
    GSI2SK: `2026-06-01#${id}`,
    rev: 3,
  });
  registerPii(u, { incidentId, purpose: 'requisition', recordKind: 'requisition', recordKey: key, blindIndexKeys: [], blindIndexAttributes: ['owner.claimantRef', 'GSI2PK', 'GSI2SK'], contactField: 'owner.phone' });
  await u.commit(table.db);
  return key;
}

/** A claim-like record with its bank account sealed under (incident, compensation) and a blind-index marker item. */
async function claimRecord(incidentId: string, id: string, requisition: Key, c: Partial<CompensationCase> = {}): Promise<Key> {
  const key = keys.claim(id);
  const sealed = await vault.sealAll({ 'bankAccount.accountNumber': { value: '6222020200112233445', kind: 'bankAccount' } }, { recordKey: key.PK, incidentId, purpose: 'compensation' });
  const marker = keys.claimOfSource('requisition', requisition.PK, 'bidx-claimant');
  const u = uow(TERMINATED);
  u.put('claim', { ...key, kind: 'claim', claimId: id, incidentId, bankAccount: { bank: 'Bank of Beijing', accountNumber: sealed['bankAccount.accountNumber'] }, claimantRef: 'bidx-claimant', rev: 2 });
  u.put('claim-of-source', { ...marker, kind: 'claim-of-source', claimId: id });
  registerPii(u, { incidentId, purpose: 'compensation', recordKind: 'claim', recordKey: key, blindIndexKeys: [marker], blindIndexAttributes: ['claimantRef'] });
  // The statutory assessment the claims repository writes with every claim.
  const cs: CompensationCase = { claimId: id, status: 'accepted', realProperty: false, records: [{ purpose: 'compensation', record: key }, { purpose: 'requisition', record: requisition }], ...c };
  u.put('statutory', {
    ...keys.retentionAssessment(incidentId, statutoryAssessmentId(id)),
    kind: 'retention-assessment',
    assessmentId: statutoryAssessmentId(id),
    incidentId,
    division: '110105',
    basis: 'statutory',
    purposes: ['compensation', 'requisition'],
    grounds: ['compensation-duty'],
    legality: 'law',
    necessity: 'case',
    security: 'sealed',
    retainUntil: null,
    status: 'in-force',
    recordedAt: TERMINATED.toISOString(),
    case: cs,
    updatedAt: TERMINATED.toISOString(),
    rev: 2,
  });
  await u.commit(table.db);
  return key;
}

async function item(key: Key): Promise<Item> {
  return (await table.partition(key.PK)).find((i) => i['SK'] === key.SK)!;
}
const receiptsOf = async (incidentId: string) => (await table.partition(keys.incident(incidentId).PK)).filter((i) => i['action'] === 'pii.destroyed');
const outbox = async (type: string) => (await table.all()).filter((i) => i['kind'] === 'outbox' && i['type'] === type);
const keyState = (incidentId: string, purpose: Purpose) => vault.keys.state(incidentId, purpose);

describe('the pii-destruction job (rule 17)', () => {
  it('rule 17: erases what no assessment keeps, keeps what a compensation case needs, writes one receipt; a second run changes nothing', async () => {
    // Prepare: three owners, one of whom claimed (the claim and that requisition are kept by the statutory assessment).
    const incidentId = await terminatedIncident();
    const [r1, r2, r3] = [await ownerRecord(incidentId, 'r-1', PEOPLE[0]!), await ownerRecord(incidentId, 'r-2', PEOPLE[1]!), await ownerRecord(incidentId, 'r-3', PEOPLE[2]!)];
    const claim = await claimRecord(incidentId, 'c-1', r2);

    // Act
    const counts = await run(AFTER);

    // Assess: r-1 and r-3 erased record by record (the key stays: r-2 is still kept), their blind index gone.
    expect(counts).toMatchObject({ incidents: 1, recordsErased: 2, keysShredded: 0, receipts: 1, notices: 2 });
    for (const r of [r1, r3]) {
      const x = await item(r);
      expect(x['owner']).toMatchObject({ name: { mask: DESTROYED_VIEW, c: 'destroyed' }, phone: { mask: DESTROYED_VIEW }, idNumber: { mask: DESTROYED_VIEW } });
      expect(x['owner']).not.toHaveProperty('claimantRef');
      expect(x).not.toHaveProperty('GSI2PK');
      expect(x['rev']).toBe(4);
      await expect(vault.open((x['owner'] as any).name, { recordKey: r.PK, field: 'owner.name' })).rejects.toBeInstanceOf(PiiDestroyed);
    }
    const kept = await item(r2);
    expect(kept['GSI2PK']).toMatch(/^REQOWNER#/);
    expect(await vault.open((kept['owner'] as any).name, { recordKey: r2.PK, field: 'owner.name' })).toBe(PEOPLE[1]!.name);
    expect((await item(claim))['claimantRef']).toBe('bidx-claimant');
    expect((await keyState(incidentId, 'requisition')).state).toBe('active');
    expect((await keyState(incidentId, 'compensation')).state).toBe('active');
    // One receipt: incident, purposes, records per kind, no key (the purpose is partly kept), time.
    const [receipt, ...more] = await receiptsOf(incidentId);
    expect(more).toEqual([]);
    expect(receipt).toMatchObject({ kind: 'audit', entity: 'incident', actorSub: 'job:pii-destruction', division: '110105', GSI3PK: 'AUDITACT#110105#pii.destroyed' });
    expect(receipt!['receipt']).toMatchObject({ incidentId, purposes: ['requisition'], keysShredded: [], recordCounts: { requisition: 2 }, keyIds: [], destroyedAt: AFTER.toISOString() });
    // The three owners had two phones: two notices, the numbers sealed, no outbox item naming anyone.
    expect(await outbox('pii.notice')).toHaveLength(2);
    const everything = JSON.stringify(await table.all());
    for (const p of PEOPLE) for (const v of [p.name, p.idNumber, p.phone, p.phone.slice(3)]) expect(everything).not.toContain(v);

    // A second run the next day: the clock looks again (r-2 is still kept), nothing changes.
    const before = await table.dump();
    expect(await run(new Date(AFTER.getTime() + 86_400_000))).toMatchObject({ recordsErased: 0, keysShredded: 0, receipts: 0, notices: 0, alerts: 0 });
    const after = await table.dump();
    const schedule = (i: Item) => i['SK'] === 'PIISCHEDULE';
    expect(after.filter((i) => !schedule(i))).toEqual(before.filter((i) => !schedule(i)));
  });

  it('rule 17: shreds the key of a purpose nothing keeps, deletes blind-index items, and the auditors find the receipt by action and kind', async () => {
    // Prepare: one owner, a closed case whose windows passed (closed without decision on 1 June: kept to 2 June).
    const incidentId = await terminatedIncident();
    const r = await ownerRecord(incidentId, 'r-1', PEOPLE[0]!);
    const claim = await claimRecord(incidentId, 'c-1', r, { status: 'closed', closedAt: '2026-06-01T02:00:00Z' });
    const marker = keys.claimOfSource('requisition', r.PK, 'bidx-claimant');
    const keysBefore = await vault.keys.list(incidentId);

    // Act
    const counts = await run(AFTER);

    // Assess
    expect(counts).toMatchObject({ recordsErased: 2, keysShredded: 2, receipts: 1 });
    expect((await keyState(incidentId, 'requisition')).state).toBe('destroyed');
    expect((await keyState(incidentId, 'compensation')).state).toBe('destroyed');
    expect(await table.partition(marker.PK)).toEqual([]);
    expect((await item(claim))['bankAccount']).toMatchObject({ bank: 'Bank of Beijing', accountNumber: { mask: DESTROYED_VIEW } });
    const [receipt] = await receiptsOf(incidentId);
    expect(receipt!['receipt']).toMatchObject({ recordCounts: { requisition: 1, claim: 1 } });
    expect([...(receipt!['receipt'] as any).purposes].sort()).toEqual(['compensation', 'requisition']);
    expect([...(receipt!['receipt'] as any).keyIds].sort()).toEqual(keysBefore.map((k) => k.dataKeyId).sort());
    const byAction = await auditPage(table.db, table.tableName, { division: '110105', action: 'pii.destroyed', limit: 10 });
    const byKind = await auditPage(table.db, table.tableName, { division: '110105', recordKind: 'incident', action: 'pii.destroyed', limit: 10 });
    const earlier = await auditPage(table.db, table.tableName, { division: '110105', action: 'pii.destroyed', to: TERMINATED.toISOString(), limit: 10 });
    expect(byAction.items.map((i) => i.auditId)).toEqual([receipt!['auditId']]);
    expect(byKind.items.map((i) => i.auditId)).toEqual([receipt!['auditId']]);
    expect(earlier.items).toEqual([]);
    // Only the notice copy is left, for two days; then nothing, and the clock leaves the index.
    const clock = () => table.partition(keys.incident(incidentId).PK).then((items) => items.find((i) => i['SK'] === 'PIISCHEDULE')!);
    expect(await clock()).toMatchObject({ nextCheckAt: new Date(AFTER.getTime() + 2 * 86_400_000).toISOString() });
    expect(await run(new Date(AFTER.getTime() + 2 * 86_400_000))).toMatchObject({ keysShredded: 1, receipts: 1 });
    expect(await clock()).not.toHaveProperty('GSI1PK');
    expect(await clock()).toHaveProperty('doneAt');
  });

  it('rule 17: a run stopped between shredding and its receipt resumes at the next run, which writes exactly one receipt', async () => {
    // Prepare
    const incidentId = await terminatedIncident();
    await ownerRecord(incidentId, 'r-1', PEOPLE[0]!);
    await ownerRecord(incidentId, 'r-2', PEOPLE[1]!);
    const [key] = await vault.keys.list(incidentId);

    // Act: the first run dies once the data is gone, before its receipt.
    await expect(run(AFTER, { afterShred: () => Promise.reject(new Error('Lambda timed out')) })).rejects.toThrow('Lambda timed out');
    const stopped = { receipts: (await receiptsOf(incidentId)).length, key: (await keyState(incidentId, 'requisition')).state, intent: await new PiiDestructionStore(table.db, table.tableName).intent(incidentId) };
    const resumed = await run(new Date(AFTER.getTime() + 86_400_000));
    // Within two days of the notices: their copies are still kept, so nothing else is due.
    const again = await run(new Date(AFTER.getTime() + 36 * 3600_000));

    // Assess
    expect(stopped).toMatchObject({ receipts: 0, key: 'destroyed', intent: { incidentId, at: AFTER.toISOString() } });
    expect(resumed).toMatchObject({ resumed: 1, receipts: 1, recordsErased: 0, keysShredded: 0 });
    expect(again).toMatchObject({ resumed: 0, receipts: 0 });
    const receipts = await receiptsOf(incidentId);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!['receipt']).toMatchObject({ destructionId: stopped.intent!.destructionId, purposes: ['requisition'], recordCounts: { requisition: 2 }, keyIds: [key!.dataKeyId], destroyedAt: AFTER.toISOString() });
    expect(await new PiiDestructionStore(table.db, table.tableName).intent(incidentId)).toBeUndefined();
  });

  it('rule 17: nothing an assessment covers is destroyed; the office is alerted once, seven days ahead; destroyed the day the cover ends', async () => {
    // Prepare: the office keeps requisition data until 15 June.
    const incidentId = await terminatedIncident();
    const r = await ownerRecord(incidentId, 'r-1', PEOPLE[0]!);
    const { assessment, change } = recordAssessment('assess-0001', { incidentId, divisionCode: '110105' }, {
      purposes: ['requisition'],
      grounds: ['investigation'],
      legality: 'Art 85', necessity: 'The investigation interviews the owners', security: 'Sealed',
      retainUntil: '2026-06-15',
    }, gov.county, TERMINATED);
    const u = new UnitOfWork(table.tableName, { actor: gov.county, requestId: 'r', at: TERMINATED.toISOString() });
    new RetentionRepository(table.db, table.tableName).stage(u, { assessment, change }, undefined);
    await u.commit(table.db);

    // Act / Assess: kept, alerted once (8 June is within seven days of 15 June), then destroyed on the 15th.
    expect(await run(AFTER)).toMatchObject({ recordsErased: 0, keysShredded: 0, alerts: 1, notices: 1 });
    // Three days on: no second alert; only the notice copy (two days old) is shredded.
    expect(await run(new Date('2026-06-12T18:30:00Z'))).toMatchObject({ alerts: 0, keysShredded: 1 });
    expect((await keyState(incidentId, 'notice')).state).toBe('destroyed');
    expect((await keyState(incidentId, 'requisition')).state).toBe('active');
    expect((await item(r))['owner']).toMatchObject({ name: { mask: '金***' } });
    const alerts = await outbox('pii.destruction-scheduled');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ division: '110105', category: 'accident', level: 'none', payload: { incidentId, destructions: [{ purpose: 'requisition', destroyOn: '2026-06-15', records: { requisition: 1 }, keyShredded: true }] } });
    expect(await run(new Date('2026-06-14T18:30:00Z'))).toMatchObject({ recordsErased: 1, keysShredded: 1, receipts: 1 });
    expect((await keyState(incidentId, 'requisition')).state).toBe('destroyed');
  });

  it('PIPL Art 18: the relay sends each notice once to its phone, then erases the phone; the notice copy is shredded two days later', async () => {
    // Prepare
    const incidentId = await terminatedIncident();
    await ownerRecord(incidentId, 'r-1', PEOPLE[0]!);
    await run(AFTER);
    const [event] = await outbox('pii.notice');
    const sent: { phone: string; message: string }[] = [];
    const sender = noticeSender({ db: table.db, table: table.tableName, vault: () => vault, sms: async (phone, message) => void sent.push({ phone, message }) });

    // Act
    const first = await sender.send((event!['payload'] as any).noticeId);
    const second = await sender.send((event!['payload'] as any).noticeId);

    // Assess
    expect([first, second]).toEqual(['sent', 'gone']);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.phone).toBe(PEOPLE[0]!.phone);
    expect(sent[0]!.message).toContain(incidentId);
    for (const v of [PEOPLE[0]!.name, PEOPLE[0]!.idNumber, PEOPLE[0]!.phone]) expect(sent[0]!.message).not.toContain(v);
    // The outbox item names the notice, never the person.
    expect(Object.keys(event!['payload'] as object).sort()).toEqual(['category', 'division', 'incidentId', 'level', 'noticeId', 'type']);
    expect((await vault.keys.state(incidentId, 'notice')).state).toBe('active');
    expect(await run(new Date(AFTER.getTime() + 2 * 86_400_000 + 1000))).toMatchObject({ keysShredded: 1, receipts: 1 });
    expect((await vault.keys.state(incidentId, 'notice')).state).toBe('destroyed');
  });
});
