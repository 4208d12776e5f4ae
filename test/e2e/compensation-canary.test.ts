// Canary personal data through every requisition, claim, reconsideration and reveal route on the local host, with the
// bad requests a person makes on the way: none of the canary values may appear in a log line, an error body, an alert,
// an outbox item, an idempotency record or an audit item, nor anywhere in the table but as ciphertext (rules 16, 18).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as requisitionDeadlines } from '../../functions/requisition-deadlines/job.ts';
import { createRequisitionBody } from '../../shared/http/contracts/requisitions.ts';
import { routeList, type RouteName } from '../../shared/http/routes.ts';
import { Logger } from '../../shared/log.ts';
import { documentClient } from '../../shared/store/client.ts';
import type { EventInput } from '../support/api-events.ts';
import { cityOffice, countyOffice } from '../support/callers.ts';
import { CANARY, canaryOwner, claimBody, COMPENSATION_ROUTES, damagedReturn, findCanary, otherOwner, requisitionBody, truck, wrongCheck } from '../support/compensation.ts';
import { startTestPlatform, type HttpReply, type TestPlatform } from '../support/http.ts';
import { respondingIncident } from '../support/social-forces.ts';

let platform: TestPlatform;
const lines: string[] = [];
beforeAll(async () => {
  // Everything any logger of this process is asked to write, whatever the level: the handlers, the relay, the jobs.
  vi.spyOn(Logger.prototype as unknown as { write: (...a: unknown[]) => void }, 'write').mockImplementation((...args: unknown[]) => {
    lines.push(JSON.stringify(args));
  });
  platform = await startTestPlatform();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await platform?.close();
});

const canaryPerson = { kind: 'individual', name: CANARY.name, idNumber: CANARY.idNumber, phone: CANARY.phone, address: CANARY.address };
const canaryAccount = { bank: 'ICBC Beijing', accountName: CANARY.accountName, accountNumber: CANARY.bankAccount };

describe('canary personal data through every new route', () => {
  it('never reaches logs, error bodies, alerts, the outbox, idempotency records or the audit trail', async () => {
    const called = new Set<string>();
    const refusals: HttpReply[] = [];
    const call = async (name: RouteName, input: EventInput, status: number) => {
      called.add(name);
      const reply = await platform.route(name, input);
      expect(reply.status, `${name}: ${JSON.stringify(reply.body)}`).toBe(status);
      if (reply.status >= 400) refusals.push(reply);
      return reply;
    };
    const incidentId = await respondingIncident(platform.route);
    const body = (o: Record<string, unknown> = {}) => requisitionBody({ mode: 'emergency', executingOfficer: { name: 'Officer Wang', contact: CANARY.officerContact }, ...o }, canaryPerson);

    // The taking, with its mistakes: a wrong check digit, an exempt item, a reused Idempotency-Key.
    await call('createRequisition', { params: { incidentId }, body: body({ owner: { ...canaryPerson, idNumber: wrongCheck(CANARY.idNumber) } }) }, 400);
    await call('createRequisition', { params: { incidentId }, body: body({ items: [truck({ name: `${CANARY.name}'s flat`, category: 'dwelling' })] }) }, 422);
    const keyed = { headers: { 'Idempotency-Key': 'canary-taking' } };
    const takingBody = body();
    const taken = await call('createRequisition', { ...keyed, params: { incidentId }, body: takingBody }, 201);
    const requisitionId = taken.body.requisitionId as string;
    expect((await call('createRequisition', { ...keyed, params: { incidentId }, body: takingBody }, 201)).headers.get('idempotent-replayed')).toBe('true');
    await call('createRequisition', { ...keyed, params: { incidentId }, body: body({ reason: 'Another reason' }) }, 422);

    // Reads, the voucher before and after the paperwork, hand-over and a damaged return.
    await call('requisitionVoucher', { params: { requisitionId } }, 409);
    await call('transitionRequisition', { params: { requisitionId }, body: { action: 'paperwork' } }, 200);
    const voucher = await call('requisitionVoucher', { params: { requisitionId } }, 200);
    expect(findCanary(String(voucher.body))).toEqual([]);
    await call('listRequisitions', { query: { incidentId } }, 200);
    await call('getRequisition', { params: { requisitionId } }, 200);
    await call('transitionRequisition', { params: { requisitionId }, body: { action: 'hand-over' } }, 200);
    await call('transitionRequisition', { params: { requisitionId }, body: damagedReturn({ certificate: undefined }) }, 422);
    await call('transitionRequisition', { params: { requisitionId }, body: damagedReturn() }, 200);
    await call('myRequisitions', { caller: canaryOwner }, 200);
    await call('requisitionAudit', { params: { requisitionId } }, 200);

    // The claim, with its mistakes: another citizen, an amount over the limit, a reused key.
    const claimKeyed = { caller: canaryOwner, headers: { 'Idempotency-Key': 'canary-claim' } };
    await call('createClaim', { caller: otherOwner, params: { requisitionId }, body: claimBody({ bankAccount: canaryAccount }) }, 404);
    await call('createClaim', { caller: canaryOwner, params: { requisitionId }, body: claimBody({ bankAccount: canaryAccount, items: [{ kind: 'repair', amountFen: 1e13, description: 'x' }] }) }, 400);
    const claim = await call('createClaim', { ...claimKeyed, params: { requisitionId }, body: claimBody({ bankAccount: canaryAccount }) }, 201);
    await call('createClaim', { ...claimKeyed, params: { requisitionId }, body: claimBody({ bankAccount: { ...canaryAccount, bank: 'Another bank' } }) }, 422);
    const claimId = claim.body.claimId as string;
    const step = (b: Record<string, unknown>, status = 200, caller = countyOffice) => call('transitionClaim', { caller, params: { claimId }, body: b }, status);
    await step({ action: 'request-correction', items: [{ item: 'bank-account', reason: 'The account holder is not the owner' }] });
    await step({ action: 'resubmit', bankAccount: { ...canaryAccount, accountNumber: `${CANARY.bankAccount.slice(0, -1)}9` } }, 200, canaryOwner);
    await step({ action: 'accept' });
    await step({ action: 'approve', approvedFen: 500_000 }, 422);
    await step({ action: 'approve', approvedFen: 500_000, reasons: ['Repair invoice disputed'] });
    await step({ action: 'serve-notice', servedAt: new Date().toISOString() });
    await call('getClaim', { caller: canaryOwner, params: { claimId } }, 200);
    await call('myClaims', { caller: canaryOwner }, 200);
    await call('listClaims', { query: { status: 'served' } }, 200);
    await call('claimAudit', { params: { claimId } }, 200);

    // Reconsideration.
    const applied = await call('applyForReconsideration', { caller: canaryOwner, params: { claimId }, body: { grounds: 'The repair was needed.', request: 'Pay it all.' }, headers: { 'Idempotency-Key': 'canary-recon' } }, 201);
    const reconsiderationId = applied.body.reconsiderationId as string;
    await call('getReconsideration', { caller: canaryOwner, params: { reconsiderationId } }, 200);
    await call('transitionReconsideration', { caller: cityOffice, params: { reconsiderationId }, body: { action: 'accept' } }, 200);
    await call('transitionReconsideration', { caller: cityOffice, params: { reconsiderationId }, body: { action: 'decide', outcome: 'varied', variedFen: 400_000, reasons: ['x'] } }, 422);
    await call('transitionReconsideration', { caller: cityOffice, params: { reconsiderationId }, body: { action: 'decide', outcome: 'varied', variedFen: 1_000_000, reasons: ['The repair was needed'] } }, 200);
    await step({ action: 'pay', amountFen: 1_000_000, paymentReference: 'TR-CANARY-1' });

    // Reveals: one with the value typed into the reason, one of a field the record lacks; the sweep runs too.
    const revealed = await call(
      'revealPersonalData',
      { body: { ref: { kind: 'requisition', id: requisitionId }, field: 'owner.phone', purpose: `Confirming that ${CANARY.phone} is still the owner's number` } },
      200,
    );
    expect(revealed.body.value).toBe(`+86${CANARY.phone}`);
    await call('revealPersonalData', { body: { ref: { kind: 'claim', id: claimId }, field: 'owner.idNumber', purpose: `Who is ${CANARY.idNumber}? Checking the claimant` } }, 422);
    await requisitionDeadlines({ db: documentClient(), table: platform.tableName, now: new Date(Date.now() + 30 * 86_400_000), runId: 'canary-sweep', progress: () => undefined });
    await platform.poller.idle();

    // Every new route was run.
    expect([...called].sort()).toEqual([...COMPENSATION_ROUTES].sort());
    expect(COMPENSATION_ROUTES.every((name) => routeList.some((r) => r.name === name))).toBe(true);

    // Assess: not one canary value anywhere it must never be.
    const table = await platform.dump();
    const of = (kind: string) => JSON.stringify(table.filter((i) => i['kind'] === kind));
    expect(lines.length).toBeGreaterThan(0);
    expect(findCanary(lines.join('\n')), 'log lines').toEqual([]);
    expect(findCanary(JSON.stringify(refusals.map((r) => r.body))), 'error bodies').toEqual([]);
    expect(findCanary(JSON.stringify(platform.sink.alerts)), 'alerts').toEqual([]);
    expect(findCanary(JSON.stringify(platform.sink.deliveries)), 'deliveries').toEqual([]);
    expect(table.some((i) => i['kind'] === 'outbox') && table.some((i) => i['kind'] === 'idempotency') && table.some((i) => i['kind'] === 'audit')).toBe(true);
    expect(findCanary(of('outbox')), 'outbox items').toEqual([]);
    expect(findCanary(of('idempotency')), 'idempotency records').toEqual([]);
    expect(findCanary(of('audit')), 'audit items').toEqual([]);
    expect(findCanary(JSON.stringify(table)), 'the table').toEqual([]);
    // The taking's Idempotency-Key record keeps a keyed digest, not the SHA-256 anyone could compute from a guessed body.
    const record = table.find((i) => i['kind'] === 'idempotency' && String(i['PK']).endsWith('#createRequisition#canary-taking'))!;
    const plain = createHash('sha256').update(JSON.stringify({ params: { incidentId }, body: createRequisitionBody.parse(takingBody) })).digest('base64url');
    expect(record['requestHash']).toMatch(/^[\w-]{43}$/);
    expect(record['requestHash']).not.toBe(plain);
  });
});
