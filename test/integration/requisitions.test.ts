// Requisitions, claims and reveals against DynamoDB Local: races that exactly one side wins (two offices deciding one
// claim, two returns of one truck), voucher numbers unique under concurrent takings, the deadline sweep flagging once
// (rules 8, 12), a reveal logged once and never with its value (rule 18), and what destruction leaves (rule 17).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as requisitionDeadlines } from '../../functions/requisition-deadlines/job.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { Logger } from '../../shared/log.ts';
import { piiVault } from '../../shared/pii/vault.ts';
import { cityOffice, countyOffice } from '../support/callers.ts';
import { claimBody, claimOn, claimSteps, damagedReturn, OWNER, owner, requisitionBody, returnedRequisition } from '../support/compensation.ts';
import { call } from '../support/invoke.ts';
import { useLocalTable, type Item, type TestTable } from '../support/local-table.ts';
import { respondingIncident } from '../support/social-forces.ts';

let table: TestTable;
let incidentId: string;
const dataDir = mkdtempSync(join(tmpdir(), 'erp-requisitions-'));

beforeAll(async () => {
  process.env['LOCAL_DATA_DIR'] = dataDir;
  table = await useLocalTable();
  incidentId = await respondingIncident(call);
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const audits = async (pk: string) => (await table.partition(pk)).filter((i) => String(i['SK']).startsWith('AUDIT#'));
const outboxOf = async (type: string, key: string, id: string) => (await table.all()).filter((i) => i['kind'] === 'outbox' && i['type'] === type && (i['payload'] as Item)[key] === id);

describe('races on DynamoDB Local', () => {
  it('lets exactly one of two offices decide one claim (rule 14)', async () => {
    // Prepare
    const claimId = await claimOn(call, await returnedRequisition(call, incidentId));
    await claimSteps(call, claimId, { action: 'accept' });

    // Act: the county approves in part while the city above approves in full, at once.
    const [county, city] = await Promise.all([
      call('transitionClaim', { caller: countyOffice, params: { claimId }, body: { action: 'approve', approvedFen: 700_000, reasons: ['Invoice disputed'] } }),
      call('transitionClaim', { caller: cityOffice, params: { claimId }, body: { action: 'approve', approvedFen: 1_100_000 } }),
    ]);

    // Assess: one 200, one 409; one decision stored, audited and announced.
    expect([county.status, city.status].sort()).toEqual([200, 409]);
    const loser = county.status === 409 ? county : city;
    expect(['concurrent-modification', 'invalid-transition']).toContain(loser.body.code);
    const winner = county.status === 200 ? county : city;
    const stored = await call('getClaim', { params: { claimId } });
    expect(stored.body).toMatchObject({ status: 'decided', approvedFen: winner.body.approvedFen, decision: { seq: 1 } });
    expect((await audits(`CLAIM#${claimId}`)).filter((a) => a['action'] === 'approve-claim')).toHaveLength(1);
    expect(await outboxOf('claim.decided', 'claimId', claimId)).toHaveLength(1);
  });

  it('lets exactly one of two returns of one truck through (rule 13)', async () => {
    // Prepare
    const requisitionId = (await call('createRequisition', { params: { incidentId }, body: requisitionBody() })).body.requisitionId as string;
    expect((await call('transitionRequisition', { params: { requisitionId }, body: { action: 'hand-over' } })).status).toBe(200);

    // Act: two officers record the return at once, one intact, one damaged.
    const [intact, damaged] = await Promise.all([
      call('transitionRequisition', { params: { requisitionId }, body: { action: 'return', outcome: 'intact', conditionAfter: 'As before' } }),
      call('transitionRequisition', { caller: cityOffice, params: { requisitionId }, body: damagedReturn() }),
    ]);

    // Assess
    expect([intact.status, damaged.status].sort()).toEqual([200, 409]);
    const winner = intact.status === 200 ? intact : damaged;
    const stored = await call('getRequisition', { params: { requisitionId } });
    expect(stored.body).toMatchObject({ status: 'returned', returned: { outcome: winner.body.returned.outcome } });
    expect((await audits(`REQ#${requisitionId}`)).filter((a) => a['action'] === 'return')).toHaveLength(1);
    expect(await outboxOf('requisition.returned', 'requisitionId', requisitionId)).toHaveLength(1);
    // The open tracker went with the one return.
    expect((await table.partition(`REQ#${requisitionId}`)).some((i) => i['SK'] === 'OPEN')).toBe(false);
  });

  it('gives six takings at once six different voucher numbers, in sequence', async () => {
    // Act: the county takes six trucks at once.
    const replies = await Promise.all(Array.from({ length: 6 }, () => call('createRequisition', { params: { incidentId }, body: requisitionBody() })));

    // Assess: every one issued, no number twice, no gap; the counter holds the last one.
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const numbers = replies.map((r) => r.body.voucherNumber as string);
    const year = numbers[0]!.slice(7, 11);
    const seqs = numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b);
    expect(numbers.every((n) => n.startsWith(`110105-${year}-`))).toBe(true);
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5].map((k) => seqs[0]! + k));
    const [counter] = await table.partition(`VOUCHERSEQ#110105#${year}`);
    expect(counter).toMatchObject({ seq: seqs[5] });
  });
});

describe('the deadline sweep on DynamoDB Local', () => {
  it('rule 12: flags an emergency taking without paperwork once, and announces it once', async () => {
    // Prepare: taken 50 hours before the sweep runs.
    const takenAt = new Date(Date.now() - 3600_000).toISOString();
    const requisitionId = (await call('createRequisition', { params: { incidentId }, body: requisitionBody({ mode: 'emergency', takenAt }) })).body.requisitionId as string;
    const at = new Date(Date.parse(takenAt) + 50 * 3600_000);
    const sweep = (now: Date) => requisitionDeadlines({ db: table.db, table: table.tableName, now, runId: `sweep-${now.getTime()}`, progress: () => undefined });

    // Act
    const first = await sweep(at);
    const second = await sweep(new Date(at.getTime() + 3600_000));

    // Assess
    expect(first.paperworkOverdue).toBeGreaterThanOrEqual(1);
    expect(second.paperworkOverdue).toBe(0);
    expect(await outboxOf('requisition.paperwork-overdue', 'requisitionId', requisitionId)).toHaveLength(1);
    const flagged = (await audits(`REQ#${requisitionId}`)).filter((a) => a['action'] === 'flag-paperwork-overdue');
    expect(flagged).toEqual([expect.objectContaining({ actorKind: 'job', actorSub: 'job:requisition-deadlines' })]);
    const clock = runtime.clock;
    runtime.clock = { now: () => at };
    try {
      expect((await call('getRequisition', { params: { requisitionId } })).body.paperwork).toMatchObject({ overdue: true, done: false, flaggedAt: at.toISOString() });
    } finally {
      runtime.clock = clock;
    }
  });

  it('rule 8: sets the return deadline once the response ended and flags it once when it passes', async () => {
    // Prepare: a truck still held when the response of its own incident ends.
    const own = await respondingIncident(call);
    const requisitionId = (await call('createRequisition', { params: { incidentId: own }, body: requisitionBody() })).body.requisitionId as string;
    const read = await call('getIncident', { params: { incidentId: own } });
    expect((await call('transitionResponse', { params: { incidentId: own }, body: { action: 'terminate', reason: 'Over' }, headers: { 'If-Match': read.headers['ETag']! } })).status).toBe(200);
    const sweep = (now: Date) => requisitionDeadlines({ db: table.db, table: table.tableName, now, runId: `sweep-${now.getTime()}`, progress: () => undefined });

    // Act: the next day, then 20 days on, then once more.
    await sweep(new Date(Date.now() + 86_400_000));
    const deadline = (await call('getRequisition', { params: { requisitionId } })).body.returnDeadline;
    await sweep(new Date(Date.now() + 20 * 86_400_000));
    await sweep(new Date(Date.now() + 21 * 86_400_000));

    // Assess
    expect(deadline).toMatchObject({ passed: false });
    expect(await outboxOf('requisition.return-overdue', 'requisitionId', requisitionId)).toHaveLength(1);
    const actions = (await audits(`REQ#${requisitionId}`)).map((a) => a['action']);
    expect(actions.filter((a) => a === 'set-return-deadline')).toHaveLength(1);
    expect(actions.filter((a) => a === 'flag-return-overdue')).toHaveLength(1);
  });
});

describe('reveals on DynamoDB Local (rules 17, 18)', () => {
  it('logs a revealed value once, as who, when, why and what, and never the value itself', async () => {
    // Prepare
    const requisitionId = (await call('createRequisition', { params: { incidentId }, body: requisitionBody() })).body.requisitionId as string;
    const lines: string[] = [];
    const spy = vi.spyOn(Logger.prototype as unknown as { write: (...a: unknown[]) => void }, 'write').mockImplementation((...args: unknown[]) => {
      lines.push(JSON.stringify(args));
    });

    // Act
    const reply = await call('revealPersonalData', { body: { ref: { kind: 'requisition', id: requisitionId }, field: 'owner.idNumber', purpose: `Checking the owner ${OWNER.idNumber} against the title deed` } });
    spy.mockRestore();

    // Assess: the value once, to the caller; one audit item, with the value cut out of the reason; no log line holds it.
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ value: OWNER.idNumber, field: 'owner.idNumber' });
    expect(reply.headers['Cache-Control']).toBe('no-store');
    const reveals = (await audits(`REQ#${requisitionId}`)).filter((a) => a['action'] === 'pii.revealed');
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ field: 'owner.idNumber', reason: 'Checking the owner [redacted] against the title deed', actorSub: countyOffice.sub, collectedFor: { incidentId, purpose: 'requisition' } });
    expect(JSON.stringify(await table.all())).not.toContain(OWNER.idNumber);
    expect(lines.join('\n')).not.toContain(OWNER.idNumber);
  });

  it('answers 410 pii-destroyed once the data key is destroyed, writes nothing, and shows the fields as destroyed', async () => {
    // Prepare: a claim on its own incident, whose compensation key is then destroyed (crypto-shredding).
    const own = await respondingIncident(call);
    const claimId = await claimOn(call, await returnedRequisition(call, own), {}, claimBody());
    await piiVault().keys.destroy(own, 'compensation', new Date());
    const before = await table.dump();

    // Act
    const reveal = await call('revealPersonalData', { body: { ref: { kind: 'claim', id: claimId }, field: 'bankAccount.accountNumber', purpose: 'Paying the compensation by transfer' } });
    const view = await call('getClaim', { caller: owner, params: { claimId } });

    // Assess
    expect(reveal.status).toBe(410);
    expect(reveal.body).toMatchObject({ code: 'pii-destroyed', title: 'The personal data was destroyed' });
    expect(await table.dump()).toEqual(before);
    expect(view.body.bankAccount).toMatchObject({ accountName: 'destroyed', accountNumber: 'destroyed' });
  });
});
