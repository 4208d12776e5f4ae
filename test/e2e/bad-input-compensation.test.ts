// The bad-input matrix of the requisitions, claims and pii functions (the pii function's retention and audit routes
// too), generated from the route table like every other (test/support/bad-input.ts): malformed, oversized, wrongly typed
// and unknown-field bodies, bad ids and queries, missing or foreign tokens, wrong roles, neighbouring offices and other
// citizens. Each answer is a 4xx problem+json with a code, never a 5xx, and nothing is written. The rule cases add what
// passes the shape but breaks a rule: identifiers with wrong check characters, amounts over the limit, other citizens'
// records, rules 8 and 10-18.
import { routeList } from '../../shared/http/routes.ts';
import { CLAIM_CAP_FEN } from '../../shared/domain/claim.ts';
import { baseRequestOf } from '../support/base-requests.ts';
import { badInputSuite, requestOf, type MatrixContext, type Request, type Route, type RuleCase } from '../support/bad-input.ts';
import { citizen, countyOffice, otherCountyOffice, townshipOffice } from '../support/callers.ts';
import { COMPENSATION_FUNCTIONS, companyCodeOf, damagedReturn, OWNER, otherOwner, owner, truck, wrongCheck } from '../support/compensation.ts';

function ruleCases(r: Route, ctx: () => MatrixContext): RuleCase[] {
  const w = () => ctx().world.compensation;
  const base = (over: Parameters<typeof requestOf>[2] = {}) => requestOf(r, baseRequestOf(r.name, ctx().world), over);
  // `over` is read when the case runs: the world's ids exist only then.
  const withBody = (body: (b: Record<string, any>) => unknown, over: () => Parameters<typeof requestOf>[2] = () => ({})) => (): Request => {
    const req = base(over());
    return { ...req, body: body(req.body as Record<string, any>) };
  };
  const unit = { kind: 'unit', name: '北京某某物流有限公司', creditCode: companyCodeOf(42), phone: '010-65123456', address: '北京市朝阳区东三环中路1号' };
  switch (r.name) {
    case 'createRequisition':
      return [
        ['an ID number with a wrong check digit (GB 11643)', withBody((b) => ({ ...b, owner: { ...b.owner, idNumber: wrongCheck(OWNER.idNumber) } })), { status: 400, code: 'validation-failed', path: 'body.owner.idNumber' }],
        ['a credit code with a wrong check character (GB 32100)', withBody((b) => ({ ...b, owner: { ...unit, creditCode: wrongCheck(unit.creditCode) } })), { status: 400, code: 'validation-failed', path: 'body.owner.creditCode' }],
        ["an owner's phone that is no mobile number", withBody((b) => ({ ...b, owner: { ...b.owner, phone: '12345678' } })), { status: 400, code: 'validation-failed', path: 'body.owner.phone' }],
        ['an item valued over the limit', withBody((b) => ({ ...b, items: [truck({ valueFen: CLAIM_CAP_FEN + 1 })] })), { status: 400, code: 'validation-failed', path: 'body.items.0.valueFen' }],
        ["rule 11: the owner's home", withBody((b) => ({ ...b, items: [truck(), truck({ name: 'Flat 502', category: 'dwelling' })] })), { status: 422, code: 'exempt-from-requisition', path: 'body.items.1.category' }],
        ['rule 10: a township office', () => base({ caller: townshipOffice }), { status: 422, code: 'requisition-below-county' }],
        ['a taking recorded before it happens', withBody((b) => ({ ...b, takenAt: new Date(Date.now() + 86_400_000).toISOString() })), { status: 422, code: 'taken-in-future', path: 'body.takenAt' }],
        ['rule 8: an incident whose response has ended', () => base({ params: { incidentId: w().endedIncidentId } }), { status: 422, code: 'response-ended' }],
      ];
    case 'transitionRequisition':
      return [
        ['a hand-over of an emergency taking before its paperwork (rule 12)', withBody(() => ({ action: 'hand-over' })), { status: 409, code: 'invalid-transition' }],
        ['rule 13: a damaged return without its certificate', withBody(() => damagedReturn({ certificate: undefined }), () => ({ params: { requisitionId: w().handedOverRequisitionId } })), {
          status: 422,
          code: 'certificate-required',
          path: 'body.certificate',
        }],
        ['an assessed loss over the limit', withBody(() => damagedReturn({ certificate: { number: 'X-1', description: 'Total loss', assessedLossFen: CLAIM_CAP_FEN + 1 } }), () => ({ params: { requisitionId: w().handedOverRequisitionId } })), {
          status: 400,
          code: 'validation-failed',
          path: 'body.certificate.assessedLossFen',
        }],
        ['two conditions for a requisition of one item', withBody(() => ({ action: 'hand-over', conditions: ['Fine', 'Fine'] }), () => ({ params: { requisitionId: w().requisitionId } })), {
          status: 400,
          code: 'validation-failed',
          path: 'body.conditions',
        }],
      ];
    case 'listRequisitions':
      return [
        ['a township office below the incident\'s county', () => base({ caller: townshipOffice }), { status: 403, code: 'not-in-jurisdiction' }],
        ['the neighbouring county: the incident is as absent as one that does not exist', () => base({ caller: otherCountyOffice }), { status: 404, code: 'not-found' }],
      ];
    case 'listClaims':
      return [
        ['a division beside the office\'s own', () => base({ caller: otherCountyOffice }), { status: 403, code: 'not-in-jurisdiction' }],
        ['a township office asking for its county above it', () => base({ caller: townshipOffice }), { status: 403, code: 'not-in-jurisdiction' }],
        ['a status claims never have', () => base({ query: { division: '110105', status: 'pending' } }), { status: 400, code: 'validation-failed', path: 'query.status' }],
      ];
    case 'myRequisitions':
      return [['a citizen whose sign-in verified no identity number', () => base({ caller: citizen }), { status: 403, code: 'forbidden-role' }]];
    case 'requisitionVoucher':
      return [['an emergency taking without its paperwork', () => base({ params: { requisitionId: w().takenRequisitionId } }), { status: 409, code: 'invalid-transition' }]];
    case 'createClaim':
      return [
        ["another citizen claiming on Zhang San's truck", () => base({ caller: otherOwner }), { status: 404, code: 'not-found' }],
        ['an item over the limit', withBody((b) => ({ ...b, items: [{ kind: 'repair', amountFen: CLAIM_CAP_FEN + 1, description: 'Too much' }] })), { status: 400, code: 'validation-failed', path: 'body.items.0.amountFen' }],
        ['a total over the limit', withBody((b) => ({ ...b, items: [{ kind: 'repair', amountFen: CLAIM_CAP_FEN, description: 'a' }, { kind: 'use-fee', amountFen: 1, description: 'b' }] })), {
          status: 422,
          code: 'claim-over-limit',
          path: 'body.items',
        }],
        ['a fraction of a fen', withBody((b) => ({ ...b, items: [{ kind: 'repair', amountFen: 10.5, description: 'a' }] })), { status: 400, code: 'validation-failed', path: 'body.items.0.amountFen' }],
        ['a bank account number with letters', withBody((b) => ({ ...b, bankAccount: { ...b.bankAccount, accountNumber: '6222O2O2OO' } })), { status: 400, code: 'validation-failed', path: 'body.bankAccount.accountNumber' }],
        ['a deployment item on a requisition', withBody((b) => ({ ...b, items: [{ kind: 'labour', amountFen: 100, description: 'a' }] })), { status: 400, code: 'validation-failed', path: 'body.items.0.kind' }],
        ['rule 13: property not yet returned', () => base({ params: { requisitionId: w().requisitionId } }), { status: 409, code: 'invalid-transition' }],
        ['a second claim on the same requisition', () => base({ params: { requisitionId: w().claimedRequisitionId } }), { status: 422, code: 'claim-already-made' }],
      ];
    case 'transitionClaim':
      return [
        ['the claimant accepting their own claim', () => base({ caller: owner }), { status: 403, code: 'forbidden-role' }],
        ['another citizen resubmitting', withBody(() => ({ action: 'resubmit' }), () => ({ caller: otherOwner })), { status: 404, code: 'not-found' }],
        ['an approval before acceptance', withBody(() => ({ action: 'approve', approvedFen: 1 })), { status: 409, code: 'invalid-transition' }],
        ['rule 14: a partial approval without reasons', withBody(() => ({ action: 'approve', approvedFen: 1 }), () => ({ params: { claimId: w().acceptedClaimId } })), { status: 422, code: 'reasons-required', path: 'body.reasons' }],
        ['an approval above the claimed total', withBody(() => ({ action: 'approve', approvedFen: 1_100_001 }), () => ({ params: { claimId: w().acceptedClaimId } })), { status: 422, code: 'approved-above-claimed', path: 'body.approvedFen' }],
        ['an approval over the limit', withBody(() => ({ action: 'approve', approvedFen: CLAIM_CAP_FEN + 1 }), () => ({ params: { claimId: w().acceptedClaimId } })), { status: 400, code: 'validation-failed', path: 'body.approvedFen' }],
        ['a payment above the approved amount', withBody(() => ({ action: 'pay', amountFen: 700_001, paymentReference: 'TR-1' }), () => ({ params: { claimId: w().servedClaimId } })), { status: 422, code: 'payment-above-approved', path: 'body.amountFen' }],
        ['a payment before the decision is served', withBody(() => ({ action: 'pay', amountFen: 1, paymentReference: 'TR-1' }), () => ({ params: { claimId: w().decidedClaimId } })), { status: 409, code: 'invalid-transition' }],
        ['a correction request listing nothing', withBody(() => ({ action: 'request-correction', items: [] })), { status: 400, code: 'validation-failed', path: 'body.items' }],
        ['a township office below the county', () => base({ caller: townshipOffice }), { status: 404, code: 'not-found' }],
      ];
    case 'getClaim':
      return [["another citizen's eyes", () => base({ caller: otherOwner }), { status: 404, code: 'not-found' }]];
    case 'applyForReconsideration':
      return [
        ['another citizen', () => base({ caller: otherOwner }), { status: 404, code: 'not-found' }],
        ['a claim not yet decided', () => base({ params: { claimId: w().claimId } }), { status: 409, code: 'invalid-transition' }],
        ['a decision already under reconsideration', () => base({ params: { claimId: w().decidedClaimId } }), { status: 409, code: 'invalid-transition' }],
      ];
    case 'transitionReconsideration':
      return [
        ['the deciding county itself (the organ is the government one level up)', () => base({ caller: countyOffice }), { status: 422, code: 'not-reconsideration-organ' }],
        ['a decision before acceptance', withBody(() => ({ action: 'decide', outcome: 'upheld', reasons: ['Sound'] })), { status: 409, code: 'invalid-transition' }],
        ['the applicant accepting their own application', () => base({ caller: owner }), { status: 403, code: 'forbidden-role' }],
      ];
    case 'revealPersonalData':
      return [
        ['rule 18: a reason of five characters', withBody((b) => ({ ...b, purpose: 'Check' })), { status: 400, code: 'validation-failed', path: 'body.purpose' }],
        ['a field the record does not have', withBody((b) => ({ ...b, field: 'owner.creditCode' })), { status: 422, code: 'no-such-personal-field', path: 'body.field' }],
        // Nobody has accepted the world's open deployment: no one's contact was copied to it (rule 20).
        ['a deployment nobody accepted yet', withBody((b) => ({ ...b, ref: { kind: 'deployment', id: ctx().world.deploymentId }, field: `contacts.${ctx().world.volunteerId}.phone` })), { status: 422, code: 'no-such-personal-field', path: 'body.field' }],
        ['rule 18: a township office below the requisitioning county', () => base({ caller: townshipOffice }), { status: 403, code: 'not-in-jurisdiction' }],
        // Sideways, a record is as absent as one that does not exist: the answer tells nothing of its existence.
        ['the neighbouring county, a claim\'s bank account', withBody((b) => ({ ...b, ref: { kind: 'claim', id: w().claimId }, field: 'bankAccount.accountNumber' }), () => ({ caller: otherCountyOffice })), {
          status: 404,
          code: 'not-found',
        }],
        ['a record that does not exist', withBody((b) => ({ ...b, ref: { kind: 'requisition', id: 'no-such-requisition-0001' } })), { status: 404, code: 'not-found' }],
        ['a citizen', () => base({ caller: citizen }), { status: 403, code: 'forbidden-role' }],
      ];
    default:
      return [];
  }
}

badInputSuite({
  title: 'the requisition, claim and reveal functions',
  routes: routeList.filter((r) => COMPENSATION_FUNCTIONS.includes(r.fn)),
  covers: ['requisitions', 'claims', 'pii'],
  rules: ruleCases,
  writeOrder: ['transitionRequisition', 'createRequisition', 'transitionClaim', 'createClaim', 'transitionReconsideration', 'applyForReconsideration', 'revealPersonalData'],
});
