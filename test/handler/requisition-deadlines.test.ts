// The requisition-deadlines job with mocked Query/Get/TransactWrite: an emergency taking past its paperwork deadline is
// flagged once (rule 12), property still held when the response ended gets its return deadline and is flagged once the
// deadline passes (rule 8), each in one rev-conditioned transaction with its audit entries and announcements; a record an
// office changed meanwhile is left for the next run; a store failure fails the run (so Scheduler retries it).
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { handler } from '../../functions/requisition-deadlines/handler.ts';
import { dueChanges } from '../../functions/requisition-deadlines/sweep.ts';
import { terminate } from '../../shared/domain/incident.ts';
import { completePaperwork, issueRequisition, type Requisition } from '../../shared/domain/requisition.ts';
import type { SealedField } from '../../shared/pii/sealed.ts';
import { keys } from '../../shared/store/keys.ts';
import type { StoredRequisition } from '../../shared/store/requisitions.ts';
import { gov, INCIDENT_ID, incidentItem, respondingIncident } from '../support/incident-items.ts';
import { mockTable, transactionCanceled } from '../support/mocked-sdk.ts';
import { draft, incident as requisitionIncident } from '../unit/requisition-fixtures.ts';

const { ddb, transactItems } = mockTable();

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
});

const sealed = (field: string): SealedField => ({ v: 1, c: `ciphertext-of-${field}`, k: 'dk-1', mask: '***', incidentId: INCIDENT_ID, purpose: 'requisition' });
const TAKEN_AT = '2026-07-01T03:00:00.000Z';

/** An emergency taking of 2026-07-01 under INCIDENT_ID, stored as the repository stores it (sealed fields opaque here). */
function emergencyTaking(id: string, papered = false): StoredRequisition {
  const d = draft({ mode: 'emergency', takenAt: TAKEN_AT });
  let r = issueRequisition<unknown>(id, requisitionIncident({ incidentId: INCIDENT_ID }), d, gov.county, new Date('2026-07-01T04:00:00Z'), { paperworkHours: 48 }).requisition;
  if (papered) r = completePaperwork(r, 1, gov.county, new Date('2026-07-01T05:00:00Z')).requisition;
  return { ...(r as Requisition<SealedField>), owner: { kind: 'individual', claimantRef: 'bidx', name: sealed('name'), idNumber: sealed('id'), phone: sealed('phone'), address: sealed('address') }, officerContact: sealed('contact') };
}

function given(incident: ReturnType<typeof respondingIncident>, ...stored: StoredRequisition[]): void {
  ddb.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) =>
    input.ExpressionAttributeValues[':pk'] === 'REQOPEN#0' ? { Items: stored.map((r) => ({ ...keys.requisitionTracker(r.requisitionId), requisitionId: r.requisitionId, incidentId: r.incidentId })) } : { Items: [] },
  );
  ddb.on(GetCommand, { Key: keys.incident(INCIDENT_ID) }).resolves({ Item: incidentItem(incident) });
  for (const r of stored) ddb.on(GetCommand, { Key: keys.requisition(r.requisitionId) }).resolves({ Item: { ...keys.requisition(r.requisitionId), kind: 'requisition', ...r } });
}

const runAt = (iso: string) => handler({ time: iso }, lambdaContext('requisition-deadlines'));
const terminated = (at: string) => terminate(respondingIncident(), 'Over', gov.county, new Date(at)).incident;

describe('the requisition-deadlines job', () => {
  it('rule 12: flags an emergency taking without its voucher 48 hours on, once, in one transaction', async () => {
    // Prepare
    given(respondingIncident(), emergencyTaking('req-00000001'));

    // Act
    const counts = await runAt('2026-07-03T04:00:00Z');

    // Assess
    expect(counts).toMatchObject({ checked: 1, paperworkOverdue: 1, returnDeadlines: 0, returnOverdue: 0, conflicts: 0 });
    const items = transactItems();
    expect(items.map((i) => i.Put?.Item?.['kind'])).toEqual(['requisition', 'audit', 'outbox']);
    expect(items[0]!.Put).toMatchObject({ ConditionExpression: '#rev = :rev AND #status = :status', ExpressionAttributeValues: { ':rev': 1, ':status': 'taken' }, Item: { paperworkOverdueAt: '2026-07-03T04:00:00.000Z', rev: 2 } });
    expect(items[1]!.Put!.Item).toMatchObject({ action: 'flag-paperwork-overdue', actorKind: 'job', actorSub: 'job:requisition-deadlines' });
    expect(items[2]!.Put!.Item).toMatchObject({ type: 'requisition.paperwork-overdue', payload: { requisitionId: 'req-00000001', paperworkDueAt: '2026-07-03T03:00:00.000Z' } });
    // The sealed fields travel untouched: the job never opens personal data.
    expect(items[0]!.Put!.Item!['officerContact']).toEqual(sealed('contact'));
  });

  it('does nothing before the deadline, nor for a taking already flagged', async () => {
    const flagged = { ...emergencyTaking('req-00000002'), paperworkOverdueAt: '2026-07-03T04:00:00.000Z', rev: 2 };
    given(respondingIncident(), emergencyTaking('req-00000001'), flagged);
    const counts = await runAt('2026-07-03T02:00:00Z');
    expect(counts).toMatchObject({ checked: 2, paperworkOverdue: 0 });
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('rule 8: sets the return deadline from the termination, and flags it when the sweep finds it passed in the same run', async () => {
    // Prepare: papered, the response ended on 2026-07-10 (CST); the job first runs on 2026-07-30.
    given(terminated('2026-07-10T02:00:00Z'), emergencyTaking('req-00000003', true));

    // Act
    const counts = await runAt('2026-07-30T01:00:00Z');

    // Assess: deadline 2026-07-25 (15 days on), already passed: both changes, one transaction.
    expect(counts).toMatchObject({ returnDeadlines: 1, returnOverdue: 1 });
    const items = transactItems();
    expect(items[0]!.Put).toMatchObject({ ExpressionAttributeValues: { ':rev': 2 }, Item: { returnDueDate: '2026-07-25', returnOverdueAt: '2026-07-30T01:00:00.000Z', rev: 4 } });
    expect(items.filter((i) => i.Put?.Item?.['kind'] === 'audit').map((i) => i.Put!.Item!['action'])).toEqual(['set-return-deadline', 'flag-return-overdue']);
    expect(items.filter((i) => i.Put?.Item?.['kind'] === 'outbox').map((i) => i.Put!.Item!['type'])).toEqual(['requisition.return-overdue']);
  });

  it('leaves a requisition an office changed meanwhile to the next run, and goes on with the others', async () => {
    given(respondingIncident(), emergencyTaking('req-00000004'), emergencyTaking('req-00000005'));
    ddb.on(TransactWriteCommand).rejectsOnce(transactionCanceled('ConditionalCheckFailed', 'None', 'None')).resolves({});
    const counts = await runAt('2026-07-03T04:00:00Z');
    expect(counts).toMatchObject({ checked: 2, paperworkOverdue: 1, conflicts: 1 });
  });

  it('fails the run when the table throttles, so the schedule retries it', async () => {
    ddb.on(QueryCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    await expect(runAt('2026-07-03T04:00:00Z')).rejects.toThrow(/slow down/);
  });
});

describe('dueChanges', () => {
  it('sets no return deadline while the response is active, and none on property already returned', () => {
    expect(dueChanges(emergencyTaking('req-00000006', true), respondingIncident(), new Date('2026-08-01T00:00:00Z'), 15)).toEqual([]);
    const returned = { ...emergencyTaking('req-00000007', true), status: 'returned' as const };
    expect(dueChanges(returned, terminated('2026-07-10T02:00:00Z'), new Date('2026-08-01T00:00:00Z'), 15)).toEqual([]);
  });
});
