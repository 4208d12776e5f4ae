// Compensation claims and their reconsideration: exact sums in fen, correction of every item at once, reasoned
// decisions with a notice of remedies, service, payments, and the reconsideration organ one level up (rules 13-15).
import { describe, expect, it } from 'vitest';
import {
  CLAIM_CAP_FEN,
  acceptClaim,
  approveClaim,
  closeClaim,
  dueDatesOf,
  extendClaimDecision,
  noticeOfRemedies,
  payClaim,
  reconsiderationOrgan,
  rejectClaim,
  requestCorrection,
  requisitionClaimSubject,
  resubmitClaim,
  serveNotice,
  submitClaim,
  type Claim,
  type ClaimChange,
  type ClaimSubject,
} from '../../shared/domain/claim.ts';
import {
  acceptReconsideration,
  applyForReconsideration,
  decideReconsideration,
  dueDatesOfReconsideration,
  extendReconsideration,
  requestReconsiderationCorrection,
  resubmitReconsideration,
  type Reconsideration,
} from '../../shared/domain/reconsideration.ts';
import { issueRequisition } from '../../shared/domain/requisition.ts';
import { InvalidTransition, NotFound, NotInJurisdiction, RuleViolation, ValidationFailed } from '../../shared/errors.ts';
import {
  CANARY,
  OTHER_REF,
  OWNER_REF,
  at,
  calendar,
  claimDraft,
  decidedClaim,
  draft,
  gov,
  incident,
  items,
  otherCitizen,
  owner,
  refusal,
  returnedRequisition,
  submittedClaim,
  truck,
} from './requisition-fixtures.ts';

const subject = (): ClaimSubject => requisitionClaimSubject(returnedRequisition());
const submittedAt = at('2026-07-21T02:00:00Z');

function expectNoPersonalData(c: { change: unknown; event?: unknown }): void {
  expect(JSON.stringify(c.change)).not.toContain(CANARY);
  expect(JSON.stringify(c.event ?? null)).not.toContain(CANARY);
  expect(JSON.stringify(c.change)).not.toContain(OWNER_REF);
  expect(JSON.stringify(c.event ?? null)).not.toContain(OWNER_REF);
}

/** Decided, then served on the given day. */
function servedClaim(approvedFen = 300_000, servedAt = '2026-07-30T02:00:00Z'): Claim<string> {
  return serveNotice(decidedClaim(approvedFen), servedAt, gov.county, at(servedAt)).claim;
}

describe('opening a claim (rule 13)', () => {
  it('rule 13: the owner claims on the case the return opened; the subject comes from the requisition', () => {
    expect(subject()).toEqual({
      source: { kind: 'requisition', requisitionId: 'req-0001' },
      incidentId: 'inc-0001',
      division: '110105',
      category: 'natural-disaster',
      level: 'IV',
      claimant: { kind: 'owner', ownerKind: 'individual' },
      claimantRef: OWNER_REF,
      realProperty: false,
    });
    expect(requisitionClaimSubject(returnedRequisition(undefined, { items: [truck({ category: 'site' })] })).realProperty).toBe(true);
  });

  it('rule 13: no claim before the return has opened the compensation case', () => {
    const held = issueRequisition('req-0009', incident(), draft(), gov.county, at('2026-07-01T04:00:00Z'), { paperworkHours: 48, voucherSeq: 1 }).requisition;

    expect(refusal(() => requisitionClaimSubject(held))).toBeInstanceOf(InvalidTransition);
  });

  it('sums the items exactly in integer fen', () => {
    // 0.1 + 0.2 yuan would not add up in floating point; 10 + 20 fen do, and so does a long list near the cap.
    const c = submitClaim('clm-1', subject(), claimDraft({ items: items(10, 20, 999_999_999_970) }), owner, OWNER_REF, submittedAt);

    expect(c.claim.claimedFen).toBe(1_000_000_000_000);
    expect(c.claim).toMatchObject({ status: 'submitted', submissions: 1, paidFen: 0, rev: 1, lastSubmittedAt: submittedAt.toISOString() });
    expect(c.change).toEqual({ action: 'submit-claim', from: null, to: 'submitted, 3 items, 1000000000000 fen' });
    expectNoPersonalData(c);
  });

  it('refuses amounts that are not whole positive fen, naming each item', () => {
    const e = refusal(() => submitClaim('clm-1', subject(), claimDraft({ items: items(100.5, -1, 0, Number.MAX_SAFE_INTEGER + 1) }), owner, OWNER_REF, submittedAt));

    expect(e).toBeInstanceOf(ValidationFailed);
    expect(e.errors?.map((x) => x.path)).toEqual(['body.items.0.amountFen', 'body.items.1.amountFen', 'body.items.2.amountFen', 'body.items.3.amountFen']);
  });

  it('refuses a total above the per-claim limit of 10^12 fen, and any single item above it', () => {
    expect(refusal(() => submitClaim('clm-1', subject(), claimDraft({ items: items(CLAIM_CAP_FEN / 2, CLAIM_CAP_FEN / 2 + 1) }), owner, OWNER_REF, submittedAt))).toMatchObject({
      status: 422,
      code: 'claim-over-limit',
    });
    expect(refusal(() => submitClaim('clm-1', subject(), claimDraft({ items: items(CLAIM_CAP_FEN + 1) }), owner, OWNER_REF, submittedAt))).toMatchObject({
      code: 'validation-failed',
      errors: [{ path: 'body.items.0.amountFen' }],
    });
  });

  it('refuses items of a deployment on a requisition claim', () => {
    const e = refusal(() => submitClaim('clm-1', subject(), claimDraft({ items: [{ kind: 'labour', amountFen: 100, description: 'x' }] }), owner, OWNER_REF, submittedAt));

    expect(e).toMatchObject({ errors: [{ path: 'body.items.0.kind' }] });
  });

  it('lets no one but the owner claim, and tells them nothing (404)', () => {
    for (const [actor, ref] of [[otherCitizen, OTHER_REF], [owner, undefined], [gov.county, OWNER_REF]] as const) {
      expect(refusal(() => submitClaim('clm-1', subject(), claimDraft(), actor, ref, submittedAt))).toBeInstanceOf(NotFound);
    }
  });
});

describe('review: correction of every item at once, acceptance', () => {
  it('sends a claim back with every missing item and the reason for each; the claimant resubmits', () => {
    // Prepare
    const c = submittedClaim();
    const missing = [
      { item: 'documents.ownership', reason: 'No proof that the truck is yours' },
      { item: 'items.1.description', reason: 'Say what was repaired' },
    ];

    // Act
    const sent = requestCorrection(c, missing, gov.county, at('2026-07-22T02:00:00Z'));
    const back = resubmitClaim(sent.claim, { documents: [...c.documents, { kind: 'ownership', reference: 'VL-123' }] }, owner, OWNER_REF, at('2026-07-24T02:00:00Z'));

    // Assess
    expect(sent.claim).toMatchObject({ status: 'needs-correction', reviewedAt: '2026-07-22T02:00:00.000Z', corrections: [{ items: missing, by: 'office-110105' }] });
    expect(sent.change).toEqual({ action: 'request-correction', from: 'submitted', to: 'needs-correction, 2 items' });
    expect(back.claim).toMatchObject({ status: 'submitted', submissions: 2, lastSubmittedAt: '2026-07-24T02:00:00.000Z', claimedFen: 450_000 });
    expect(back.claim.reviewedAt).toBeUndefined();
    expect(back.claim.documents).toHaveLength(2);
    expect(back.change).toEqual({ action: 'resubmit-claim', from: 'needs-correction', to: 'submitted, 2 items, 450000 fen' });
  });

  it('refuses a correction notice without a reason for an item, or without items', () => {
    const c = submittedClaim();

    expect(refusal(() => requestCorrection(c, [{ item: 'documents.ownership', reason: ' ' }], gov.county, submittedAt))).toMatchObject({ errors: [{ path: 'body.items.0.reason' }] });
    expect(refusal(() => requestCorrection(c, [], gov.county, submittedAt))).toBeInstanceOf(ValidationFailed);
  });

  it('refuses a second notice naming items the first one did not: every item is listed at once', () => {
    const first = requestCorrection(submittedClaim(), [{ item: 'documents.ownership', reason: 'missing' }], gov.county, at('2026-07-22T02:00:00Z')).claim;
    const again = resubmitClaim(first, {}, owner, OWNER_REF, at('2026-07-23T02:00:00Z')).claim;

    const e = refusal(() => requestCorrection(again, [{ item: 'documents.identity', reason: 'missing' }], gov.county, at('2026-07-24T02:00:00Z')));

    expect(e).toMatchObject({ status: 422, code: 'correction-not-at-once', errors: [{ path: 'body.items.0.item' }] });
    expect(requestCorrection(again, [{ item: 'documents.ownership', reason: 'still missing' }], gov.county, at('2026-07-24T02:00:00Z')).claim.corrections).toHaveLength(2);
  });

  it('accepts a submitted claim; the decision period starts then', () => {
    const c = acceptClaim(submittedClaim(), gov.county, at('2026-07-22T02:00:00Z'));

    expect(c.claim).toMatchObject({ status: 'accepted', acceptedAt: '2026-07-22T02:00:00.000Z', decisionPeriodFrom: '2026-07-22T02:00:00.000Z', rev: 2 });
    expect(dueDatesOf(c.claim, at('2026-07-22T02:00:00Z'), calendar).find((d) => d.kind === 'claim-decision')).toMatchObject({ due: '2026-09-20', done: false }); // day 60 is the make-up Sunday 20 Sep
  });

  it('rule 15: the acceptance review is due 5 working days after the latest submission', () => {
    const c = submittedClaim({}, at('2026-09-28T02:00:00Z'));

    expect(dueDatesOf(c, at('2026-09-28T02:00:00Z'), calendar)).toEqual([
      { kind: 'claim-acceptance-review', from: '2026-09-28', due: '2026-10-10', passed: false, article: '行政许可法 Art 32(1)(4), Art 82 (by analogy)', done: false },
    ]);
  });

  it('refuses office steps by a government without jurisdiction over the compensating division, and by the claimant', () => {
    const c = submittedClaim();

    expect(refusal(() => acceptClaim(c, gov.otherCounty, submittedAt))).toBeInstanceOf(NotInJurisdiction);
    expect(refusal(() => acceptClaim(c, gov.township, submittedAt))).toBeInstanceOf(NotInJurisdiction);
    expect(refusal(() => acceptClaim(c, owner, submittedAt))).toMatchObject({ code: 'government-only' });
    expect(acceptClaim(c, gov.city, submittedAt).claim.status).toBe('accepted');
  });

  it('extends the decision period once, by 30 days, before it ends', () => {
    const accepted = acceptClaim(submittedClaim(), gov.county, at('2026-07-22T02:00:00Z')).claim;

    const c = extendClaimDecision(accepted, 'Valuation of the axle pending', gov.county, at('2026-09-01T00:00:00Z'), calendar);

    expect(c.change).toEqual({ action: 'extend-decision-period', from: 'decision due 2026-09-20', to: 'extended by 30 days' });
    expect(dueDatesOf(c.claim, at('2026-09-01T00:00:00Z'), calendar).find((d) => d.kind === 'claim-decision')?.due).toBe('2026-10-20');
    expect(refusal(() => extendClaimDecision(c.claim, 'again', gov.county, at('2026-09-02T00:00:00Z'), calendar))).toMatchObject({ code: 'already-extended' });
    expect(refusal(() => extendClaimDecision(accepted, 'late', gov.county, at('2026-09-20T16:00:00Z'), calendar))).toMatchObject({ code: 'decision-period-passed' });
  });
});

describe('decisions and the notice of remedies (rule 14)', () => {
  const accepted = () => acceptClaim(submittedClaim(), gov.county, at('2026-07-22T02:00:00Z')).claim;
  const decidedAt = at('2026-07-29T02:00:00Z');

  it('rule 14: a partial approval needs reasons', () => {
    const e = refusal(() => approveClaim(accepted(), { approvedFen: 300_000 }, gov.county, decidedAt));

    expect(e).toMatchObject({ status: 422, code: 'reasons-required', errors: [{ path: 'body.reasons' }] });
  });

  it('rule 14: a partial approval carries its reasons and a notice of remedies naming the city one level up', () => {
    // Act
    const c = approveClaim(accepted(), { approvedFen: 300_000, reasons: ['The repair invoice exceeds the certified loss'] }, gov.county, decidedAt);

    // Assess
    expect(c.claim).toMatchObject({ status: 'decided', approvedFen: 300_000 });
    expect(c.claim.decision).toMatchObject({
      seq: 1,
      outcome: 'partly-approved',
      claimedFen: 450_000,
      approvedFen: 300_000,
      reasons: ['The repair invoice exceeds the certified loss'],
      decidedBy: { division: '110105', level: 'county', sub: 'office-110105' },
      decidedAt: decidedAt.toISOString(),
    });
    const remedies = c.claim.decision!.remedies;
    expect(remedies.reconsideration).toEqual({ organ: { division: '110100', level: 'city' }, within: { days: 60, from: 'service' }, article: '行政复议法 Art 20(1)' });
    expect(remedies.litigation).toEqual({ court: 'peoples-court', within: { months: 6, from: 'service' }, article: '行政诉讼法 Art 46(1)' });
    expect(remedies.text['zh-CN']).toContain('60日内向行政区划代码为110100的人民政府申请行政复议');
    expect(remedies.text.en).toContain("apply to the people's government of division 110100 for administrative reconsideration within 60 days");
    expect(c.change).toEqual({ action: 'approve-claim', from: 'accepted', to: 'partly-approved, 300000 of 450000 fen' });
    expect(c.event).toEqual({
      type: 'claim.decided',
      division: '110105',
      category: 'natural-disaster',
      level: 'IV',
      attributes: { source: 'requisition' },
      claimId: 'clm-0001',
      incidentId: 'inc-0001',
      requisitionId: 'req-0001',
      outcome: 'partly-approved',
      decisionSeq: 1,
      claimedFen: 450_000,
      approvedFen: 300_000,
      decidedBy: '110105',
      reconsiderationOrgan: '110100',
    });
    expectNoPersonalData(c);
  });

  it('rule 14: a full approval needs no reasons; a rejection does', () => {
    expect(approveClaim(accepted(), { approvedFen: 450_000 }, gov.county, decidedAt).claim.decision?.outcome).toBe('approved');
    expect(refusal(() => rejectClaim(accepted(), { reasons: [] }, gov.county, decidedAt))).toMatchObject({ code: 'reasons-required' });
    const rejected = rejectClaim(accepted(), { reasons: ['The truck was never handed over'] }, gov.county, decidedAt);
    expect(rejected.claim).toMatchObject({ status: 'decided', approvedFen: 0, decision: { outcome: 'rejected', remedies: { reconsideration: { organ: { division: '110100' } } } } });
    expect(rejected.event).toMatchObject({ type: 'claim.decided', outcome: 'rejected', approvedFen: 0 });
  });

  it('refuses an approval above the claimed total, of nothing, or in part fen', () => {
    expect(refusal(() => approveClaim(accepted(), { approvedFen: 450_001 }, gov.county, decidedAt))).toMatchObject({ code: 'approved-above-claimed' });
    expect(refusal(() => approveClaim(accepted(), { approvedFen: 0, reasons: ['x'] }, gov.county, decidedAt))).toMatchObject({ code: 'nothing-approved' });
    expect(refusal(() => approveClaim(accepted(), { approvedFen: 1.5, reasons: ['x'] }, gov.county, decidedAt))).toMatchObject({ code: 'validation-failed' });
  });

  it('refuses a decision before acceptance and a second decision', () => {
    expect(refusal(() => approveClaim(submittedClaim(), { approvedFen: 1 , reasons: ['x'] }, gov.county, decidedAt))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => rejectClaim(decidedClaim(), { reasons: ['x'] }, gov.county, decidedAt))).toBeInstanceOf(InvalidTransition);
  });

  it.each([
    ['110105001', '110105', 'county'],
    ['110105', '110100', 'city'],
    ['110100', '110000', 'province'],
    ['110000', '100000', 'national'],
    ['100000', '100000', 'national'],
  ] as const)('rule 14: a decision of %s is reconsidered by %s (%s)', (decider, organ, level) => {
    expect(reconsiderationOrgan(decider)).toEqual({ division: organ, level });
    expect(noticeOfRemedies(decider).reconsideration.organ.division).toBe(organ);
  });

  it('rule 14: a city deciding a county claim names the province as the organ', () => {
    const c = approveClaim(accepted(), { approvedFen: 450_000 }, gov.city, decidedAt);

    expect(c.claim.decision?.remedies.reconsideration.organ).toEqual({ division: '110000', level: 'province' });
  });

  it('rule 14: before service the reconsideration window runs 1 year from the decision; after, 60 days from service', () => {
    const decided = decidedClaim();
    const served = serveNotice(decided, '2026-07-30T02:00:00Z', gov.county, at('2026-07-31T00:00:00Z'));

    expect(dueDatesOf(decided, decidedAt, calendar).find((d) => d.kind === 'reconsideration-application')).toMatchObject({ due: '2027-07-29', article: '行政复议法 Art 20(3)' });
    expect(dueDatesOf(served.claim, decidedAt, calendar).find((d) => d.kind === 'reconsideration-application')).toMatchObject({ from: '2026-07-30', due: '2026-09-28', article: '行政复议法 Art 20(1)' });
    expect(served.claim).toMatchObject({ status: 'served', noticeServedAt: '2026-07-30T02:00:00.000Z' });
    expect(served.change).toEqual({ action: 'serve-notice', from: 'decided', to: 'served on 2026-07-30' });
  });

  it('refuses a service dated before the decision or in the future', () => {
    expect(refusal(() => serveNotice(decidedClaim(), '2026-07-29T01:00:00Z', gov.county, at('2026-07-30T00:00:00Z')))).toMatchObject({ code: 'served-before-decision' });
    expect(refusal(() => serveNotice(decidedClaim(), '2026-08-01T00:00:00Z', gov.county, at('2026-07-30T00:00:00Z')))).toMatchObject({ code: 'served-in-future' });
  });
});

describe('payment and closing', () => {
  it('pays in parts up to the approved amount; paid when the total reaches it', () => {
    // Prepare
    const c = servedClaim(300_000);

    // Act
    const first = payClaim(c, { amountFen: 100_000, paymentReference: 'TXN-1' }, gov.county, at('2026-08-01T00:00:00Z'));
    const last = payClaim(first.claim, { amountFen: 200_000, paymentReference: 'TXN-2' }, gov.county, at('2026-08-02T00:00:00Z'));

    // Assess
    expect(first.claim).toMatchObject({ status: 'served', paidFen: 100_000 });
    expect(first.event).toMatchObject({ type: 'claim.paid', amountFen: 100_000, paidFen: 100_000, approvedFen: 300_000, paidInFull: false });
    expect(last.claim).toMatchObject({ status: 'paid', paidFen: 300_000, payments: [{ amountFen: 100_000, reference: 'TXN-1' }, { amountFen: 200_000, reference: 'TXN-2' }] });
    expect(last.change).toEqual({ action: 'pay', from: '100000 of 300000 fen paid', to: '300000 of 300000 fen paid, paid in full' });
    expect(last.event).toMatchObject({ paidInFull: true });
    expectNoPersonalData(last);
    expect(closeClaim(last.claim, gov.county, at('2026-08-03T00:00:00Z')).claim).toMatchObject({ status: 'closed', closedAt: '2026-08-03T00:00:00.000Z' });
  });

  it('refuses a payment above what is still owed, before service, and of part fen', () => {
    const c = payClaim(servedClaim(300_000), { amountFen: 250_000, paymentReference: 'TXN-1' }, gov.county, at('2026-08-01T00:00:00Z')).claim;

    expect(refusal(() => payClaim(c, { amountFen: 50_001, paymentReference: 'TXN-2' }, gov.county, at('2026-08-02T00:00:00Z')))).toMatchObject({ status: 422, code: 'payment-above-approved' });
    expect(refusal(() => payClaim(decidedClaim(), { amountFen: 1, paymentReference: 'TXN-2' }, gov.county, at('2026-08-02T00:00:00Z')))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => payClaim(c, { amountFen: 0.5, paymentReference: 'TXN-2' }, gov.county, at('2026-08-02T00:00:00Z')))).toBeInstanceOf(ValidationFailed);
  });

  it('closes a served rejection; refuses to close an unpaid approval', () => {
    const rejected = rejectClaim(acceptClaim(submittedClaim(), gov.county, at('2026-07-22T02:00:00Z')).claim, { reasons: ['No loss shown'] }, gov.county, at('2026-07-23T00:00:00Z')).claim;
    const served = serveNotice(rejected, '2026-07-24T00:00:00Z', gov.county, at('2026-07-24T00:00:00Z')).claim;

    expect(closeClaim(served, gov.county, at('2026-07-25T00:00:00Z')).claim.status).toBe('closed');
    expect(refusal(() => closeClaim(rejected, gov.county, at('2026-07-25T00:00:00Z')))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => closeClaim(servedClaim(), gov.county, at('2026-08-25T00:00:00Z')))).toBeInstanceOf(InvalidTransition);
  });
});

describe('reconsideration (rules 14, 15)', () => {
  const apply = (c: Claim<string>, now: Date) => applyForReconsideration('rcn-0001', c, { grounds: 'The axle was bent by the requisition', request: 'Approve the full claim' }, owner, OWNER_REF, now, calendar);
  const appliedAt = at('2026-08-10T02:00:00Z');

  function accepted(c: Claim<string> = servedClaim()): { r: Reconsideration; claim: Claim<string> } {
    const a = apply(c, appliedAt);
    return { r: acceptReconsideration(a.reconsideration, {}, gov.city, at('2026-08-11T02:00:00Z')).reconsideration, claim: a.claim!.claim };
  }

  it('rule 15: the claimant applies inside the window and both records change', () => {
    // Act
    const a = apply(servedClaim(), appliedAt);

    // Assess
    expect(a.reconsideration).toMatchObject({
      claimId: 'clm-0001',
      decisionSeq: 1,
      organ: { division: '110100', level: 'city' },
      respondent: { division: '110105', level: 'county' },
      status: 'submitted',
      procedure: 'ordinary',
      disputedFen: 150_000,
      windowDue: '2026-09-28',
      rev: 1,
    });
    expect(a.change).toEqual({ action: 'apply-reconsideration', from: null, to: 'submitted to 110100, decision 1 of claim clm-0001' });
    expect(a.claim?.claim).toMatchObject({ status: 'served', reconsideration: { reconsiderationId: 'rcn-0001', decisionSeq: 1, status: 'pending' } });
    expect(a.claim?.change.action).toBe('reconsideration-applied');
    expect(JSON.stringify(a.change)).not.toContain(CANARY);
  });

  it('rule 15: refuses an application after the last day of the window, with reconsideration-window-closed', () => {
    const c = servedClaim(); // served 2026-07-30: the window ends 2026-09-28

    expect(apply(c, at('2026-09-28T15:59:59Z')).reconsideration.windowDue).toBe('2026-09-28');
    const e = refusal(() => apply(c, at('2026-09-28T16:00:00Z')));
    expect(e).toBeInstanceOf(RuleViolation);
    expect(e).toMatchObject({ status: 422, code: 'reconsideration-window-closed' });
    expect(e.message).toContain('2026-09-28');
  });

  it('rule 14: without a served notice the claimant may still apply up to 1 year after the decision', () => {
    expect(apply(decidedClaim(), at('2027-07-29T15:00:00Z')).reconsideration.windowDue).toBe('2027-07-29');
    expect(refusal(() => apply(decidedClaim(), at('2027-07-29T16:00:00Z')))).toMatchObject({ code: 'reconsideration-window-closed' });
  });

  it('refuses an application by anyone but the claimant, before a decision, or a second one on the same decision', () => {
    const c = servedClaim();
    const accepted = acceptClaim(submittedClaim(), gov.county, at('2026-07-22T02:00:00Z')).claim;

    expect(refusal(() => applyForReconsideration('rcn-2', c, { grounds: 'g', request: 'r' }, otherCitizen, OTHER_REF, appliedAt, calendar))).toBeInstanceOf(NotFound);
    expect(refusal(() => apply(accepted, appliedAt))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => apply(apply(c, appliedAt).claim!.claim, appliedAt))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => applyForReconsideration('rcn-2', c, { grounds: ' ', request: 'r' }, owner, OWNER_REF, appliedAt, calendar))).toMatchObject({ errors: [{ path: 'body.grounds' }] });
  });

  it('lets only the organ one level above the deciding office act: not the county itself, not the province', () => {
    const r = apply(servedClaim(), appliedAt).reconsideration;

    for (const g of [gov.county, gov.province, gov.national, gov.otherCounty]) {
      expect(refusal(() => acceptReconsideration(r, {}, g, appliedAt)), g.division).toMatchObject({ status: 422, code: 'not-reconsideration-organ' });
    }
    expect(refusal(() => acceptReconsideration(r, {}, owner, appliedAt))).toMatchObject({ code: 'government-only' });
    expect(acceptReconsideration(r, {}, gov.city, appliedAt).reconsideration).toMatchObject({ status: 'accepted', procedure: 'ordinary' });
  });

  it('asks for every correction at once; the claimant resubmits; the review restarts', () => {
    const r = apply(servedClaim(), appliedAt).reconsideration;

    const sent = requestReconsiderationCorrection(r, [{ item: 'request', reason: 'State the amount you ask for' }], gov.city, at('2026-08-11T02:00:00Z'));
    const back = resubmitReconsideration(sent.reconsideration, { request: 'Approve 450000 fen' }, owner, OWNER_REF, at('2026-08-12T02:00:00Z'));

    expect(sent.reconsideration.status).toBe('needs-correction');
    expect(dueDatesOfReconsideration(sent.reconsideration, at('2026-08-11T02:00:00Z'), calendar).find((d) => d.kind === 'reconsideration-correction')).toMatchObject({
      due: '2026-08-25',
      article: '行政复议法 Art 31(1), Art 88(2)',
    });
    expect(back.reconsideration).toMatchObject({ status: 'submitted', request: 'Approve 450000 fen', lastSubmittedAt: '2026-08-12T02:00:00.000Z' });
    expect(refusal(() => resubmitReconsideration(sent.reconsideration, {}, otherCitizen, OTHER_REF, appliedAt))).toBeInstanceOf(NotFound);
    expect(refusal(() => requestReconsiderationCorrection(back.reconsideration, [{ item: 'grounds', reason: 'x' }], gov.city, appliedAt))).toMatchObject({ code: 'correction-not-at-once' });
  });

  it('rule 15: decides within 60 days, extended once by 30; the simplified procedure takes 30 days and no extension', () => {
    const { r } = accepted();
    const extended = extendReconsideration(r, 'Expert valuation needed', gov.city, at('2026-09-01T00:00:00Z'), calendar).reconsideration;
    const simplified = acceptReconsideration(apply(servedClaim(440_000), appliedAt).reconsideration, { procedure: 'simplified' }, gov.city, at('2026-08-11T02:00:00Z')).reconsideration;

    expect(dueDatesOfReconsideration(r, appliedAt, calendar).find((d) => d.kind === 'reconsideration-decision')?.due).toBe('2026-10-10');
    expect(extended.status).toBe('extended');
    expect(dueDatesOfReconsideration(extended, appliedAt, calendar).find((d) => d.kind === 'reconsideration-decision')?.due).toBe('2026-11-09');
    expect(refusal(() => extendReconsideration(extended, 'again', gov.city, at('2026-09-02T00:00:00Z'), calendar))).toMatchObject({ code: 'already-extended' });
    expect(dueDatesOfReconsideration(simplified, appliedAt, calendar).find((d) => d.kind === 'reconsideration-decision')?.due).toBe('2026-09-10');
    expect(refusal(() => extendReconsideration(simplified, 'x', gov.city, at('2026-08-12T00:00:00Z'), calendar))).toMatchObject({ code: 'no-extension-in-simplified-procedure' });
  });

  it('opens the simplified procedure for ¥3,000 or less in dispute, or with the parties agreeing', () => {
    const big = apply(servedClaim(100_000), appliedAt).reconsideration; // 350000 fen in dispute

    expect(refusal(() => acceptReconsideration(big, { procedure: 'simplified' }, gov.city, appliedAt))).toMatchObject({ code: 'simplified-procedure-not-open' });
    expect(acceptReconsideration(big, { procedure: 'simplified', partiesAgree: true }, gov.city, appliedAt).reconsideration.procedure).toBe('simplified');
  });

  it('a varied amount becomes the approved amount of the claim, and what was paid stays paid', () => {
    // Prepare: 300000 approved and paid in full, then reconsidered.
    const paid = payClaim(servedClaim(300_000), { amountFen: 300_000, paymentReference: 'TXN-1' }, gov.county, at('2026-08-01T00:00:00Z')).claim;
    const { r, claim } = accepted(paid);

    // Act
    const d = decideReconsideration(r, claim, { outcome: 'varied', variedFen: 420_000, reasons: ['The certificate supports 420000 fen'] }, gov.city, at('2026-09-01T00:00:00Z'));

    // Assess
    expect(d.reconsideration).toMatchObject({ status: 'decided', decision: { outcome: 'varied', variedFen: 420_000, decidedBy: { division: '110100' } } });
    expect(d.claim?.claim).toMatchObject({ status: 'served', approvedFen: 420_000, paidFen: 300_000, reconsideration: { status: 'decided', outcome: 'varied' } });
    expect(d.claim?.change).toEqual({ action: 'reconsideration-decided', from: 'paid, 300000 fen approved', to: 'served, varied to 420000 fen approved' });
    expect(d.event).toEqual({
      type: 'reconsideration.decided',
      division: '110105',
      category: 'natural-disaster',
      level: 'IV',
      reconsiderationId: 'rcn-0001',
      claimId: 'clm-0001',
      incidentId: 'inc-0001',
      outcome: 'varied',
      organ: '110100',
      respondent: '110105',
      approvedFen: 420_000,
    });
    const rest = payClaim(d.claim!.claim, { amountFen: 120_000, paymentReference: 'TXN-2' }, gov.county, at('2026-09-02T00:00:00Z')).claim;
    expect(rest).toMatchObject({ status: 'paid', paidFen: 420_000 });
    expect(dueDatesOfReconsideration(d.reconsideration, at('2026-09-02T00:00:00Z'), calendar).find((x) => x.kind === 'suit-after-reconsideration')?.due).toBe('2026-09-16');
  });

  it('refuses a variation that leaves the claimant worse off (行政复议法 Art 63) or exceeds the claim', () => {
    const { r, claim } = accepted();

    expect(refusal(() => decideReconsideration(r, claim, { outcome: 'varied', variedFen: 300_000, reasons: ['x'] }, gov.city, appliedAt))).toMatchObject({ code: 'variation-not-more-favourable' });
    expect(refusal(() => decideReconsideration(r, claim, { outcome: 'varied', variedFen: 450_001, reasons: ['x'] }, gov.city, appliedAt))).toMatchObject({ code: 'approved-above-claimed' });
    expect(refusal(() => decideReconsideration(r, claim, { outcome: 'varied', reasons: ['x'] }, gov.city, appliedAt))).toBeInstanceOf(ValidationFailed);
    expect(refusal(() => decideReconsideration(r, claim, { outcome: 'upheld', reasons: [] }, gov.city, appliedAt))).toMatchObject({ code: 'reasons-required' });
  });

  it('upholding leaves the amount; the claim may then close; it could not while the reconsideration was pending', () => {
    const paid = payClaim(servedClaim(300_000), { amountFen: 300_000, paymentReference: 'TXN-1' }, gov.county, at('2026-08-01T00:00:00Z')).claim;
    const { r, claim } = accepted(paid);

    expect(refusal(() => closeClaim(claim, gov.county, appliedAt))).toMatchObject({ code: 'reconsideration-pending' });
    const d = decideReconsideration(r, claim, { outcome: 'upheld', reasons: ['The loss certificate supports 300000 fen'] }, gov.city, at('2026-09-01T00:00:00Z'));
    expect(d.claim?.claim).toMatchObject({ status: 'paid', approvedFen: 300_000, reconsideration: { outcome: 'upheld' } });
    expect(closeClaim(d.claim!.claim, gov.county, at('2026-09-02T00:00:00Z')).claim.status).toBe('closed');
  });

  it('revoking sends the claim back for a new decision that may not approve less than was paid', () => {
    const part = payClaim(servedClaim(300_000), { amountFen: 100_000, paymentReference: 'TXN-1' }, gov.county, at('2026-08-01T00:00:00Z')).claim;
    const { r, claim } = accepted(part);

    const d = decideReconsideration(r, claim, { outcome: 'revoked', reasons: ['The county did not assess the axle'] }, gov.city, at('2026-09-01T00:00:00Z'));
    const again = d.claim!.claim;

    expect(again).toMatchObject({ status: 'accepted', paidFen: 100_000, decisionPeriodFrom: '2026-09-01T00:00:00.000Z', earlierDecisions: [{ seq: 1 }] });
    expect(again.decision).toBeUndefined();
    expect(again.approvedFen).toBeUndefined();
    expect(d.event?.approvedFen).toBeUndefined();
    expect(refusal(() => approveClaim(again, { approvedFen: 99_999, reasons: ['x'] }, gov.county, at('2026-09-05T00:00:00Z')))).toMatchObject({ code: 'approved-below-paid' });
    expect(refusal(() => rejectClaim(again, { reasons: ['x'] }, gov.county, at('2026-09-05T00:00:00Z')))).toMatchObject({ code: 'approved-below-paid' });
    const second = approveClaim(again, { approvedFen: 400_000, reasons: ['Axle assessed'] }, gov.county, at('2026-09-05T00:00:00Z'));
    expect(second.claim.decision).toMatchObject({ seq: 2, approvedFen: 400_000 });
    // A new decision may be reconsidered in its turn.
    expect(apply(serveNotice(second.claim, '2026-09-06T00:00:00Z', gov.county, at('2026-09-06T00:00:00Z')).claim, at('2026-09-07T00:00:00Z')).reconsideration.decisionSeq).toBe(2);
  });

  it('keeps personal data out of every change and event of a claim and its reconsideration', () => {
    const steps: { change: unknown; event?: unknown }[] = [];
    const push = <T extends { change: unknown; event?: unknown }>(c: T) => (steps.push(c), c);
    const c1 = push(submitClaim('clm-1', subject(), claimDraft(), owner, OWNER_REF, submittedAt)) as ClaimChange<string>;
    const c2 = push(acceptClaim(c1.claim, gov.county, at('2026-07-22T00:00:00Z')));
    const c3 = push(approveClaim(c2.claim, { approvedFen: 200_000, reasons: ['partly'] }, gov.county, at('2026-07-23T00:00:00Z')));
    const c4 = push(serveNotice(c3.claim, '2026-07-24T00:00:00Z', gov.county, at('2026-07-24T00:00:00Z')));
    const a = push(applyForReconsideration('rcn-9', c4.claim, { grounds: 'g', request: 'r' }, owner, OWNER_REF, at('2026-07-25T00:00:00Z'), calendar));
    push(a.claim!);
    const acc = push(acceptReconsideration(a.reconsideration, {}, gov.city, at('2026-07-26T00:00:00Z')));
    const d = push(decideReconsideration(acc.reconsideration, a.claim!.claim, { outcome: 'varied', variedFen: 250_000, reasons: ['more'] }, gov.city, at('2026-07-27T00:00:00Z')));
    push(d.claim!);
    push(payClaim(d.claim!.claim, { amountFen: 250_000, paymentReference: 'TXN-9' }, gov.county, at('2026-07-28T00:00:00Z')));

    steps.forEach(expectNoPersonalData);
    expect(JSON.stringify(d.claim!.claim.bankAccount)).toContain(CANARY);
  });
});
