// Requisition (征用, Art 12): who may requisition, exempt necessities, emergency paperwork, hand-over, return with the
// compensation case, and the return deadline after the response ends (rules 8, 10-13).
import { describe, expect, it } from 'vitest';
import {
  CLAIM_DOCUMENTS,
  completePaperwork,
  handOverRequisition,
  includesRealProperty,
  issueRequisition,
  markPaperworkOverdue,
  markReturnOverdue,
  returnRequisition,
  setReturnDeadline,
  voucherNumber,
  type Requisition,
  type RequisitionChange,
} from '../../shared/domain/requisition.ts';
import { InvalidTransition, NotInJurisdiction, RuleViolation, ValidationFailed } from '../../shared/errors.ts';
import { CANARY, PAPERWORK_HOURS, RETURN_DAYS, at, auditor, draft, gov, incident, owner, refusal, returnedRequisition, sweep, truck } from './requisition-fixtures.ts';

const issuedAt = at('2026-07-01T04:00:00Z');
const settings = { paperworkHours: PAPERWORK_HOURS, voucherSeq: 123 };

function issue(o: Parameters<typeof draft>[0] = {}, g = gov.county): RequisitionChange<string> {
  return issueRequisition('req-0001', incident(), draft(o), g, issuedAt, settings);
}

function takenInEmergency(takenAt = '2026-07-01T03:00:00Z'): Requisition<string> {
  return issueRequisition('req-0002', incident(), draft({ mode: 'emergency', takenAt }), gov.county, issuedAt, { paperworkHours: PAPERWORK_HOURS }).requisition;
}

function handedOver(): Requisition<string> {
  return handOverRequisition(issue().requisition, {}, gov.county, at('2026-07-01T05:00:00Z')).requisition;
}

/** Nothing personal in what the domain hands to the audit trail and the outbox. */
function expectNoPersonalData(c: RequisitionChange<string> | undefined): void {
  expect(JSON.stringify(c?.change)).not.toContain(CANARY);
  expect(JSON.stringify(c?.event ?? null)).not.toContain(CANARY);
}

describe('who may requisition (rule 10)', () => {
  it('rule 10: a county government requisitions for an incident in its county, with a voucher numbered <division>-<year>-<seq>', () => {
    // Act
    const c = issue();

    // Assess
    expect(c.requisition).toMatchObject({
      requisitionId: 'req-0001',
      incidentId: 'inc-0001',
      division: '110105',
      category: 'natural-disaster',
      responseLevel: 'IV',
      requisitionedBy: { division: '110105', level: 'county', sub: 'office-110105' },
      mode: 'voucher',
      status: 'issued',
      voucherNumber: '110105-2026-000123',
      voucherIssuedAt: issuedAt.toISOString(),
      takenAt: '2026-07-01T03:00:00.000Z',
      rev: 1,
    });
    expect(c.requisition.paperworkDueAt).toBeUndefined();
    expect(c.change).toEqual({ action: 'requisition', from: null, to: 'issued, voucher 110105-2026-000123' });
    expect(c.event).toEqual({
      type: 'requisition.issued',
      division: '110105',
      category: 'natural-disaster',
      level: 'IV',
      attributes: { mode: 'voucher' },
      requisitionId: 'req-0001',
      incidentId: 'inc-0001',
      requisitionedBy: '110105',
      status: 'issued',
      voucherNumber: '110105-2026-000123',
      items: 1,
    });
    expectNoPersonalData(c);
  });

  it('rule 10: a city government may requisition for an incident in one of its counties; the voucher carries the city', () => {
    const c = issue({}, gov.city);

    expect(c.requisition.requisitionedBy.division).toBe('110100');
    expect(c.requisition.voucherNumber).toBe('110100-2026-000123');
  });

  it('rule 10: refuses a township government, even for an incident in its own township', () => {
    const inTownship = incident({ divisionCode: '110105001' });

    const e = refusal(() => issueRequisition('req-0001', inTownship, draft(), gov.township, issuedAt, settings));

    expect(e).toBeInstanceOf(RuleViolation);
    expect(e).toMatchObject({ status: 422, code: 'requisition-below-county' });
  });

  it('rule 10: refuses a county government for an incident outside its jurisdiction', () => {
    const e = refusal(() => issue({}, gov.otherCounty));

    expect(e).toBeInstanceOf(NotInJurisdiction);
    expect(e).toMatchObject({ status: 403, code: 'not-in-jurisdiction' });
  });

  it('rule 10: refuses anyone who is not a government: citizens, auditors, scheduled jobs', () => {
    for (const actor of [owner, auditor, sweep]) {
      expect(refusal(() => issueRequisition('req-0001', incident(), draft(), actor, issuedAt, settings))).toMatchObject({ status: 422, code: 'government-only' });
    }
  });

  it('refuses a requisition once the response has ended: the property is due back then (Art 12)', () => {
    const ended = incident({ status: 'recovery', response: { status: 'terminated', level: 'IV' } });

    expect(refusal(() => issueRequisition('req-0001', ended, draft(), gov.county, issuedAt, settings))).toMatchObject({ code: 'response-ended' });
  });

  it("takes the event level from the response in force, or 'none' before a response", () => {
    const before = issueRequisition('req-0001', incident({ status: 'reported', response: undefined }), draft(), gov.county, issuedAt, settings);

    expect(before.requisition.responseLevel).toBeNull();
    expect(before.event?.level).toBe('none');
  });

  it('refuses a taking dated in the future', () => {
    expect(refusal(() => issue({ takenAt: '2026-07-01T05:00:00Z' }))).toMatchObject({ code: 'taken-in-future', errors: [{ path: 'body.takenAt' }] });
  });

  it('numbers vouchers by the year in China Standard Time: 17:00 UTC on 31 December is already next year', () => {
    expect(voucherNumber('110105', at('2026-12-31T15:59:59Z'), 7)).toBe('110105-2026-000007');
    expect(voucherNumber('110105', at('2026-12-31T16:00:00Z'), 7)).toBe('110105-2027-000007');
    expect(refusal(() => voucherNumber('110105', issuedAt, 1_000_000))).toMatchObject({ code: 'voucher-numbers-exhausted' });
  });
});

describe('exempt necessities (rule 11)', () => {
  it('rule 11: refuses a dwelling and a welfare necessity, naming each exempt item by its path', () => {
    // Prepare
    const items = [truck(), truck({ name: 'Family home', category: 'dwelling' }), truck({ name: 'Generator', category: 'equipment' }), truck({ name: 'Care home beds', category: 'welfare-necessity' })];

    // Act
    const e = refusal(() => issue({ items }));

    // Assess
    expect(e).toBeInstanceOf(RuleViolation);
    expect(e).toMatchObject({ status: 422, code: 'exempt-from-requisition' });
    expect(e.errors).toEqual([
      { path: 'body.items.1.category', message: 'dwelling is exempt from requisition' },
      { path: 'body.items.3.category', message: 'welfare-necessity is exempt from requisition' },
    ]);
  });

  it.each(['dwelling', 'personal-necessity', 'welfare-necessity'] as const)('rule 11: refuses a lone %s', (category) => {
    expect(refusal(() => issue({ items: [truck({ category })] }))).toMatchObject({ code: 'exempt-from-requisition', errors: [{ path: 'body.items.0.category' }] });
  });

  it('refuses values that are not whole fen and an empty item list', () => {
    expect(refusal(() => issue({ items: [truck({ valueFen: 10.5 })] }))).toMatchObject({ code: 'validation-failed', errors: [{ path: 'body.items.0.valueFen' }] });
    expect(refusal(() => issue({ items: [truck({ valueFen: -1 })] }))).toBeInstanceOf(ValidationFailed);
    expect(refusal(() => issue({ items: [] }))).toMatchObject({ errors: [{ path: 'body.items' }] });
  });
});

describe('emergency takings and their paperwork (rule 12)', () => {
  it('rule 12: an emergency taking is due for paperwork 48 hours after the taking, and has no voucher yet', () => {
    const c = issueRequisition('req-0002', incident(), draft({ mode: 'emergency', takenAt: '2026-07-01T03:00:00Z' }), gov.county, issuedAt, { paperworkHours: 48 });

    expect(c.requisition).toMatchObject({ status: 'taken', mode: 'emergency', paperworkDueAt: '2026-07-03T03:00:00.000Z' });
    expect(c.requisition.voucherNumber).toBeUndefined();
    expect(c.event).toMatchObject({ type: 'requisition.issued', attributes: { mode: 'emergency' }, status: 'taken', voucherNumber: null });
  });

  it('rule 12: the paperwork window is the setting the caller passes (REQUISITION_PAPERWORK_HOURS)', () => {
    const c = issueRequisition('req-0002', incident(), draft({ mode: 'emergency' }), gov.county, issuedAt, { paperworkHours: 24 });

    expect(c.requisition.paperworkDueAt).toBe('2026-07-02T03:00:00.000Z');
  });

  it('rule 12: the sweep raises requisition.paperwork-overdue once, only after the deadline', () => {
    // Prepare
    const r = takenInEmergency();

    // Act
    const early = markPaperworkOverdue(r, at('2026-07-03T03:00:00Z'));
    const flagged = markPaperworkOverdue(r, at('2026-07-03T03:00:01Z'));
    const again = markPaperworkOverdue(flagged!.requisition, at('2026-07-04T03:00:00Z'));

    // Assess
    expect(early).toBeUndefined();
    expect(flagged?.requisition).toMatchObject({ status: 'taken', paperworkOverdueAt: '2026-07-03T03:00:01.000Z', rev: 2 });
    expect(flagged?.change).toEqual({ action: 'flag-paperwork-overdue', from: 'taken', to: 'taken, paperwork overdue' });
    expect(flagged?.event).toMatchObject({
      type: 'requisition.paperwork-overdue',
      division: '110105',
      category: 'natural-disaster',
      level: 'IV',
      requisitionId: 'req-0002',
      paperworkDueAt: '2026-07-03T03:00:00.000Z',
    });
    expect(again).toBeUndefined();
    expectNoPersonalData(flagged);
  });

  it('rule 12: late paperwork still issues the voucher; a papered requisition is never flagged', () => {
    const r = markPaperworkOverdue(takenInEmergency(), at('2026-07-04T00:00:00Z'))!.requisition;

    const c = completePaperwork(r, 9, gov.county, at('2026-07-04T01:00:00Z'));

    expect(c.requisition).toMatchObject({ status: 'issued', voucherNumber: '110105-2026-000009', voucherIssuedAt: '2026-07-04T01:00:00.000Z', rev: 3 });
    expect(c.change).toEqual({ action: 'paperwork', from: 'taken', to: 'issued, voucher 110105-2026-000009 (late)' });
    expect(markPaperworkOverdue(c.requisition, at('2026-07-05T00:00:00Z'))).toBeUndefined();
    expect(markPaperworkOverdue(completePaperwork(takenInEmergency(), 10, gov.county, at('2026-07-02T00:00:00Z')).requisition, at('2026-07-05T00:00:00Z'))).toBeUndefined();
  });

  it('refuses paperwork on a voucher requisition, and a hand-over before the paperwork', () => {
    expect(refusal(() => completePaperwork(issue().requisition, 5, gov.county, issuedAt))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => handOverRequisition(takenInEmergency(), {}, gov.county, issuedAt))).toBeInstanceOf(InvalidTransition);
  });

  it('lets only the requisitioning government or one above it do the paperwork', () => {
    const r = takenInEmergency();

    expect(refusal(() => completePaperwork(r, 5, gov.otherCounty, issuedAt))).toBeInstanceOf(NotInJurisdiction);
    expect(refusal(() => completePaperwork(r, 5, gov.township, issuedAt))).toBeInstanceOf(NotInJurisdiction);
    expect(completePaperwork(r, 5, gov.city, issuedAt).requisition.voucherNumber).toBe('110105-2026-000005');
  });
});

describe('hand-over', () => {
  it('records the handover list in two copies with the condition of each item', () => {
    const c = handOverRequisition(issue().requisition, { conditions: ['Runs; new scratch on the bonnet'] }, gov.county, at('2026-07-01T05:00:00Z'));

    expect(c.requisition).toMatchObject({ status: 'handed-over', handover: { copies: 2, conditions: ['Runs; new scratch on the bonnet'], by: 'office-110105' }, rev: 2 });
    expect(c.event).toBeUndefined();
  });

  it('takes the conditions recorded before use when none are given, and refuses a list of the wrong length', () => {
    expect(handedOver().handover?.conditions).toEqual(['Runs; scratches on the left door']);
    expect(refusal(() => handOverRequisition(issue().requisition, { conditions: ['a', 'b'] }, gov.county, issuedAt))).toMatchObject({ code: 'validation-failed', errors: [{ path: 'body.conditions' }] });
  });
});

describe('return and the compensation case (rule 13)', () => {
  it('rule 13: refuses a damaged, destroyed or consumed return without a damage/loss certificate', () => {
    for (const outcome of ['damaged', 'destroyed', 'consumed'] as const) {
      const e = refusal(() => returnRequisition(handedOver(), { outcome, conditionAfter: 'Dented' }, gov.county, at('2026-07-10T00:00:00Z')));
      expect(e).toMatchObject({ status: 422, code: 'certificate-required', errors: [{ path: 'body.certificate' }] });
    }
  });

  it('rule 13: a damaged return with its certificate opens a compensation case for use and loss, and gives the documents list', () => {
    // Prepare
    const certificate = { number: 'DL-2026-0042', description: 'Rear axle bent', assessedLossFen: 850_000 };

    // Act
    const c = returnRequisition(handedOver(), { outcome: 'damaged', conditionAfter: 'Rear axle bent', certificate }, gov.county, at('2026-07-10T00:00:00Z'));

    // Assess
    expect(c.requisition).toMatchObject({ status: 'returned', returned: { outcome: 'damaged', certificate, at: '2026-07-10T00:00:00.000Z', by: 'office-110105' }, rev: 3 });
    const expected = { openedAt: '2026-07-10T00:00:00.000Z', heads: ['use', 'loss'], assessedLossFen: 850_000, documentsGivenAt: '2026-07-10T00:00:00.000Z' };
    expect(c.compensationCase).toEqual(expected);
    expect(c.requisition.compensationCase).toEqual(expected);
    expect(c.claimDocuments).toBe(CLAIM_DOCUMENTS);
    expect(c.change).toEqual({ action: 'return', from: 'handed-over', to: 'returned damaged; compensation case opened (use and loss)' });
    expect(c.event).toMatchObject({ type: 'requisition.returned', outcome: 'damaged', returnedLate: false, status: 'returned', level: 'IV' });
    expectNoPersonalData(c);
  });

  it('rule 13: an intact return needs no certificate and opens a case for use only', () => {
    const c = returnRequisition(handedOver(), { outcome: 'intact', conditionAfter: 'As before' }, gov.county, at('2026-07-10T00:00:00Z'));

    expect(c.compensationCase).toEqual({ openedAt: '2026-07-10T00:00:00.000Z', heads: ['use'], documentsGivenAt: '2026-07-10T00:00:00.000Z' });
  });

  it('rule 13: gives the documents list once: a second return is refused', () => {
    const r = returnedRequisition();

    expect(refusal(() => returnRequisition(r, { outcome: 'intact', conditionAfter: 'x' }, gov.county, at('2026-07-21T00:00:00Z')))).toBeInstanceOf(InvalidTransition);
  });

  it('rule 13: the documents list is bilingual and asks for the certificate when there was a loss', () => {
    for (const d of CLAIM_DOCUMENTS) {
      expect(d['zh-CN'].length).toBeGreaterThan(0);
      expect(d.en.length).toBeGreaterThan(0);
    }
    expect(CLAIM_DOCUMENTS.map((d) => d.kind)).toEqual(expect.arrayContaining(['claim-form', 'identity', 'voucher', 'handover-list', 'ownership', 'loss-certificate', 'bank-account']));
    expect(CLAIM_DOCUMENTS.find((d) => d.kind === 'loss-certificate')?.when?.en).toMatch(/damaged, destroyed or consumed/);
  });

  it('refuses a return before the hand-over and an assessed loss that is not whole fen', () => {
    expect(refusal(() => returnRequisition(issue().requisition, { outcome: 'intact', conditionAfter: 'x' }, gov.county, issuedAt))).toBeInstanceOf(InvalidTransition);
    const bad = { number: 'DL-1', description: 'x', assessedLossFen: 1.5 };
    expect(refusal(() => returnRequisition(handedOver(), { outcome: 'destroyed', conditionAfter: 'x', certificate: bad }, gov.county, issuedAt))).toMatchObject({
      errors: [{ path: 'body.certificate.assessedLossFen' }],
    });
  });

  it('treats sites and facilities as real property', () => {
    expect(includesRealProperty(issue().requisition)).toBe(false);
    expect(includesRealProperty(issue({ items: [truck(), truck({ name: 'Warehouse', category: 'site' })] }).requisition)).toBe(true);
  });
});

describe('return deadline when the response ends (rule 8)', () => {
  const terminatedAt = '2026-07-20T17:00:00Z'; // 21 July in China Standard Time

  it('rule 8: gives every requisition not yet returned a return deadline 15 days after the termination (CST date)', () => {
    const c = setReturnDeadline(handedOver(), terminatedAt, RETURN_DAYS);

    expect(c?.requisition).toMatchObject({ status: 'handed-over', returnDueDate: '2026-08-05', updatedAt: '2026-07-20T17:00:00.000Z', rev: 3 });
    expect(c?.change).toEqual({ action: 'set-return-deadline', from: 'handed-over', to: 'handed-over, return due 2026-08-05' });
    expect(c?.event).toBeUndefined();
    expect(setReturnDeadline(takenInEmergency(), terminatedAt, 10)?.requisition.returnDueDate).toBe('2026-07-31');
  });

  it('rule 8: leaves returned requisitions alone and sets a deadline only once', () => {
    const once = setReturnDeadline(handedOver(), terminatedAt, RETURN_DAYS)!.requisition;

    expect(setReturnDeadline(returnedRequisition(), terminatedAt, RETURN_DAYS)).toBeUndefined();
    expect(setReturnDeadline(once, '2026-07-25T00:00:00Z', RETURN_DAYS)).toBeUndefined();
  });

  it('rule 8: the sweep raises requisition.return-overdue once, from the day after the due date', () => {
    // Prepare
    const r = setReturnDeadline(handedOver(), terminatedAt, RETURN_DAYS)!.requisition;

    // Act
    const onDueDate = markReturnOverdue(r, at('2026-08-05T15:59:59Z'));
    const flagged = markReturnOverdue(r, at('2026-08-05T16:00:00Z'));
    const again = markReturnOverdue(flagged!.requisition, at('2026-08-07T00:00:00Z'));

    // Assess
    expect(onDueDate).toBeUndefined();
    expect(flagged?.requisition).toMatchObject({ returnOverdueAt: '2026-08-05T16:00:00.000Z', rev: 4 });
    expect(flagged?.event).toMatchObject({ type: 'requisition.return-overdue', division: '110105', level: 'IV', returnDueDate: '2026-08-05', status: 'handed-over' });
    expect(again).toBeUndefined();
    expectNoPersonalData(flagged);
  });

  it('rule 8: a late return is still a return, and its event says it came late', () => {
    const overdue = markReturnOverdue(setReturnDeadline(handedOver(), terminatedAt, RETURN_DAYS)!.requisition, at('2026-08-10T00:00:00Z'))!.requisition;

    const c = returnRequisition(overdue, { outcome: 'intact', conditionAfter: 'As before' }, gov.county, at('2026-08-11T00:00:00Z'));

    expect(c.event).toMatchObject({ type: 'requisition.returned', returnedLate: true });
    expect(markReturnOverdue(c.requisition, at('2026-08-12T00:00:00Z'))).toBeUndefined();
  });
});

describe('personal data', () => {
  it('keeps the owner out of every change, event and refusal of a whole life cycle', () => {
    const r0 = issueRequisition('req-0003', incident(), draft({ mode: 'emergency' }), gov.county, issuedAt, { paperworkHours: 1 });
    const steps: (RequisitionChange<string> | undefined)[] = [r0];
    steps.push(markPaperworkOverdue(r0.requisition, at('2026-07-02T00:00:00Z')));
    const papered = completePaperwork(steps.at(-1)!.requisition, 2, gov.county, at('2026-07-02T01:00:00Z'));
    steps.push(papered);
    steps.push(handOverRequisition(papered.requisition, {}, gov.county, at('2026-07-02T02:00:00Z')));
    steps.push(setReturnDeadline(steps.at(-1)!.requisition, '2026-07-20T00:00:00Z', RETURN_DAYS));
    steps.push(markReturnOverdue(steps.at(-1)!.requisition, at('2026-08-10T00:00:00Z')));
    steps.push(returnRequisition(steps.at(-1)!.requisition, { outcome: 'consumed', conditionAfter: 'Used up', certificate: { number: 'C-1', description: 'Fuel used', assessedLossFen: 1 } }, gov.county, at('2026-08-11T00:00:00Z')));

    expect(steps.every((s) => s !== undefined)).toBe(true);
    steps.forEach(expectNoPersonalData);
    const e = refusal(() => issue({ items: [truck({ category: 'dwelling' })] }));
    expect(JSON.stringify({ message: e.message, errors: e.errors })).not.toContain(CANARY);
    // The record itself keeps the sealed fields as it was given them.
    expect(JSON.stringify(steps.at(-1)!.requisition.owner)).toContain(CANARY);
  });
});
