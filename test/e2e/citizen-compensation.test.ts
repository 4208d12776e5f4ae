// The citizen's story end to end over HTTP on the local host (rules 8, 10-18): a county office takes a citizen's truck in
// an emergency and papers it, the response ends (the sweep sets the return deadline), the truck comes back damaged with
// a certificate, the citizen claims, is asked for a correction, resubmits, gets a partial approval with its notice of
// remedies, applies for reconsideration, the city varies the amount and the county pays. Personal data stays masked in
// every answer, and no personal value reaches the outbox, the alerts or the audit trail; a reveal is logged once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as requisitionDeadlines } from '../../functions/requisition-deadlines/job.ts';
import { cstDate } from '../../shared/domain/calendar/working-days.ts';
import { addDays } from '../../shared/domain/remedies.ts';
import { documentClient } from '../../shared/store/client.ts';
import { cityOffice, countyOffice, otherCountyOffice } from '../support/callers.ts';
import { claimBody, OWNER, otherOwner, owner, requisitionBody, truck } from '../support/compensation.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';
import { expectStatus, ok } from '../support/replies.ts';
import { respondingIncident } from '../support/social-forces.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

/** Every spelling of Zhang San's personal data a leak could take. */
const PERSONAL = [OWNER.name, OWNER.idNumber, OWNER.phone, `+86${OWNER.phone}`, OWNER.address, '6222020200998877665'];
const leaks = (value: unknown) => PERSONAL.filter((p) => JSON.stringify(value).includes(p));

describe('a citizen whose truck was requisitioned, from the taking to the payment', () => {
  it('takes, papers, returns, claims, corrects, decides, reconsiders, varies and pays (rules 8, 10-18)', async () => {
    const call = platform.route;
    const incidentId = await respondingIncident(call);

    // Rules 10-12: the county takes the truck in an emergency; the voucher is due within 48 hours.
    const takenAt = new Date(Date.now() - 2 * 3600_000).toISOString();
    const taken = await expectStatus(call('createRequisition', { params: { incidentId }, body: requisitionBody({ mode: 'emergency', takenAt, items: [truck()] }), headers: { 'Idempotency-Key': 'truck-1' } }), 201, 'take');
    const requisitionId = taken.body.requisitionId as string;
    expect(taken.headers.get('location')).toBe(`/v1/requisitions/${requisitionId}`);
    expect(taken.body).toMatchObject({
      mode: 'emergency',
      status: 'taken',
      paperwork: { dueAt: new Date(Date.parse(takenAt) + 48 * 3600_000).toISOString(), done: false, overdue: false },
      owner: { kind: 'individual', name: '张**', idNumber: `110105********${OWNER.idNumber.slice(-4)}`, phone: '138****5678', address: '北京市朝阳区…' },
      executingOfficer: { name: 'Officer Li', contact: '139****0000' },
    });
    expect(taken.body).not.toHaveProperty('voucherNumber');
    expect(leaks(taken.body)).toEqual([]);

    // The owner finds it through their verified identity; another citizen finds nothing.
    const mine = await ok(call('myRequisitions', { caller: owner }));
    expect(mine.items.map((r: { requisitionId: string }) => r.requisitionId)).toEqual([requisitionId]);
    expect((await ok(call('myRequisitions', { caller: otherOwner }))).items).toEqual([]);

    // Rule 12: the paperwork gives it a voucher number unique in the county and year, and a printable voucher.
    const papered = await ok(call('transitionRequisition', { params: { requisitionId }, body: { action: 'paperwork' } }), 200, 'paperwork');
    const year = cstDate(new Date()).slice(0, 4);
    expect(papered).toMatchObject({ status: 'issued', voucherNumber: `110105-${year}-000001`, paperwork: { done: true, overdue: false } });
    const voucher = await expectStatus(call('requisitionVoucher', { params: { requisitionId } }), 200, 'voucher');
    expect(voucher.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(voucher.body).toContain(`110105-${year}-000001`);
    expect(voucher.body).toContain('征用凭证');
    expect(voucher.body).toContain('Requisition Voucher');
    expect(voucher.body.match(/class="signature"/g)).toHaveLength(2);
    expect(leaks(voucher.body)).toEqual([]);

    await ok(call('transitionRequisition', { params: { requisitionId }, body: { action: 'hand-over' } }), 200, 'hand over');

    // Rule 8: the response ends; the sweep gives the truck still held a return deadline 15 days from the termination.
    await ok(call('transitionResponse', { params: { incidentId }, body: { action: 'terminate', reason: 'The river is back within its banks' } }), 200, 'terminate');
    const swept = await requisitionDeadlines({ db: documentClient(), table: platform.tableName, now: new Date(), runId: 'e2e-sweep', progress: () => undefined });
    expect(swept).toMatchObject({ returnDeadlines: 1, returnOverdue: 0 });
    const afterSweep = await ok(call('getRequisition', { params: { requisitionId } }));
    expect(afterSweep.returnDeadline).toMatchObject({ dueDate: addDays(cstDate(new Date()), 15), passed: false });
    // Nothing more is requisitioned for an incident whose response has ended.
    expect((await expectStatus(call('createRequisition', { params: { incidentId }, body: requisitionBody() }), 422, 'after the end')).body.code).toBe('response-ended');

    // Rule 13: back damaged, with the certificate; the compensation case opens and lists the documents a claim needs.
    const returned = await ok(
      call('transitionRequisition', {
        params: { requisitionId },
        body: { action: 'return', outcome: 'damaged', conditionAfter: 'Front axle bent', certificate: { number: 'SH-2026-0042', description: 'Front axle and left door', assessedLossFen: 800_000 } },
      }),
      200,
      'return',
    );
    expect(returned).toMatchObject({ status: 'returned', returned: { outcome: 'damaged', late: false }, compensationCase: { heads: ['use', 'loss'], assessedLossFen: 800_000 } });
    expect(returned.compensationCase.documents.map((d: { kind: string }) => d.kind)).toEqual(expect.arrayContaining(['claim-form', 'voucher', 'loss-certificate', 'bank-account']));

    // The citizen claims use and repair; the bank account is shown masked.
    const claimed = await expectStatus(call('createClaim', { caller: owner, params: { requisitionId }, body: claimBody({ documents: [{ kind: 'voucher', reference: `110105-${year}-000001` }] }) }), 201, 'claim');
    const claimId = claimed.body.claimId as string;
    expect(claimed.headers.get('location')).toBe(`/v1/claims/${claimId}`);
    expect(claimed.body).toMatchObject({ status: 'submitted', claimedFen: 1_100_000, bankAccount: { accountName: '张**', accountNumber: '**** 7665' } });
    expect(claimed.body.deadlines[0]).toMatchObject({ kind: 'claim-acceptance-review', passed: false, done: false });
    // Someone else's requisition is none of another citizen's business.
    expect((await expectStatus(call('createClaim', { caller: otherOwner, params: { requisitionId }, body: claimBody() }), 404, 'stranger')).body.code).toBe('not-found');

    // Every missing item at once; the citizen resubmits with the loss evidence.
    const step = (body: Record<string, unknown>, caller = countyOffice) => ok(call('transitionClaim', { caller, params: { claimId }, body }), 200, String(body['action']));
    expect(await step({ action: 'request-correction', items: [{ item: 'loss-evidence', reason: 'Attach the repair invoice' }, { item: 'ownership', reason: 'Attach the vehicle licence' }] })).toMatchObject({
      status: 'needs-correction',
      corrections: [{ items: [{ item: 'loss-evidence' }, { item: 'ownership' }] }],
    });
    const resubmitted = await step(
      { action: 'resubmit', documents: [{ kind: 'voucher', reference: `110105-${year}-000001` }, { kind: 'loss-evidence', reference: 'Invoice 0042' }, { kind: 'ownership', reference: 'Licence 京A12345' }] },
      owner,
    );
    expect(resubmitted).toMatchObject({ status: 'submitted', submissions: 2 });
    await step({ action: 'accept' });

    // Rule 14: a partial approval carries its reasons and the notice of remedies; rule 15: the windows are computed.
    const decided = await step({ action: 'approve', approvedFen: 700_000, reasons: ['The repair invoice includes a new stereo'] });
    expect(decided).toMatchObject({
      status: 'decided',
      approvedFen: 700_000,
      decision: { outcome: 'partly-approved', decidedBy: { division: '110105', level: 'county' }, remedies: { reconsideration: { organ: { division: '110100', level: 'city' }, within: { days: 60 } } } },
    });
    expect(decided.decision.remedies.text['zh-CN']).toContain('行政复议');
    const served = await step({ action: 'serve-notice', servedAt: new Date().toISOString() });
    const window = served.deadlines.find((d: { kind: string }) => d.kind === 'reconsideration-application');
    expect(window).toMatchObject({ from: cstDate(new Date()), passed: false, article: '行政复议法 Art 20(1)' });
    expect(window.due >= addDays(cstDate(new Date()), 60)).toBe(true);

    // The citizen applies for reconsideration to the city, one level up.
    const applied = await expectStatus(call('applyForReconsideration', { caller: owner, params: { claimId }, body: { grounds: 'The stereo was already in the truck when it was taken.', request: 'Approve ¥10,000.' } }), 201, 'apply');
    const reconsiderationId = applied.body.reconsiderationId as string;
    expect(applied.headers.get('location')).toBe(`/v1/reconsiderations/${reconsiderationId}`);
    expect(applied.body).toMatchObject({ status: 'submitted', organ: { division: '110100', level: 'city' }, respondent: { division: '110105', level: 'county' }, disputedFen: 400_000 });
    expect((await expectStatus(call('transitionReconsideration', { params: { reconsiderationId }, body: { action: 'accept' } }), 422, 'the county')).body.code).toBe('not-reconsideration-organ');
    await ok(call('transitionReconsideration', { caller: cityOffice, params: { reconsiderationId }, body: { action: 'accept' } }), 200, 'accept');
    const varied = await ok(call('transitionReconsideration', { caller: cityOffice, params: { reconsiderationId }, body: { action: 'decide', outcome: 'varied', variedFen: 1_000_000, reasons: ['The stereo was there before'] } }), 200, 'decide');
    expect(varied).toMatchObject({ status: 'decided', decision: { outcome: 'varied', variedFen: 1_000_000, decidedBy: { division: '110100' } } });

    // The varied amount is owed; the county pays it and closes the claim.
    expect(await ok(call('getClaim', { caller: owner, params: { claimId } }))).toMatchObject({ status: 'served', approvedFen: 1_000_000, owedFen: 1_000_000, reconsideration: { status: 'decided', outcome: 'varied' } });
    expect(await step({ action: 'pay', amountFen: 1_000_000, paymentReference: 'TR-2026-000777' })).toMatchObject({ status: 'paid', paidFen: 1_000_000, owedFen: 0 });
    expect(await step({ action: 'close' })).toMatchObject({ status: 'closed' });
    expect((await ok(call('myClaims', { caller: owner }))).items.map((c: { claimId: string }) => c.claimId)).toEqual([claimId]);
    // The county's queue lists it under its status, the city reads the county's, the neighbour reads nothing of it.
    const ids = (r: { items: { claimId: string }[] }) => r.items.map((c) => c.claimId);
    expect(ids(await ok(call('listClaims', { query: { status: 'closed' } })))).toContain(claimId);
    expect(ids(await ok(call('listClaims', { query: { status: 'submitted' } })))).not.toContain(claimId);
    expect(ids(await ok(call('listClaims', { caller: cityOffice, query: { division: '110105' } })))).toContain(claimId);
    expect((await expectStatus(call('listClaims', { caller: otherCountyOffice, query: { division: '110105' } }), 403, 'neighbour')).body.code).toBe('not-in-jurisdiction');

    // Rule 18: the county reads the phone in the clear once, saying why; the audit trail says who, when and why, not the value.
    const revealed = await ok(call('revealPersonalData', { body: { ref: { kind: 'requisition', id: requisitionId }, field: 'owner.phone', purpose: 'Arranging the payment with the owner by phone' } }), 200, 'reveal');
    expect(revealed).toMatchObject({ value: `+86${OWNER.phone}`, field: 'owner.phone' });
    const trail = await ok(call('requisitionAudit', { params: { requisitionId }, query: { limit: '100' } }));
    const reveals = trail.items.filter((a: { action: string }) => a.action === 'pii.revealed');
    expect(reveals).toEqual([expect.objectContaining({ field: 'owner.phone', reason: 'Arranging the payment with the owner by phone', actor: expect.objectContaining({ sub: countyOffice.sub, division: '110105' }), collectedFor: { incidentId, purpose: 'requisition' } })]);
    expect(trail.items.map((a: { action: string }) => a.action)).toEqual(['requisition', 'paperwork', 'hand-over', 'set-return-deadline', 'return', 'pii.revealed']);

    // Every announcement went out, none with personal data; nothing personal in the outbox or the audit trail.
    await platform.poller.idle();
    const types = platform.sink.alerts.map((a) => a.type);
    expect(types).toEqual(expect.arrayContaining(['requisition.issued', 'requisition.returned', 'claim.decided', 'reconsideration.decided', 'claim.paid']));
    const table = await platform.dump();
    expect(leaks(table.filter((i) => i['kind'] === 'outbox' || i['kind'] === 'audit' || i['kind'] === 'idempotency'))).toEqual([]);
    expect(leaks(platform.sink.alerts)).toEqual([]);
    // Only ciphertext and masks are stored.
    expect(leaks(table)).toEqual([]);
  });
});
