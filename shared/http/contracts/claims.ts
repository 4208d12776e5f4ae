// API contract of compensation claims (补偿, rules 13-15) and their administrative reconsideration (行政复议): the owner's
// claim with its bank account (encrypted), the office's steps from correction to payment, the claimant's application
// and the organ's steps, and views that show every computed due date with whether it has passed.
import * as z from 'zod/mini';
import { CATEGORIES } from '../../domain/categories.ts';
import { CLAIM_CAP_FEN, CLAIM_STATUSES, DEPLOYMENT_CLAIM_KINDS, MAX_CLAIM_ITEMS, REQUISITION_CLAIM_KINDS, type ClaimItemKind } from '../../domain/claim.ts';
import { GOV_LEVELS } from '../../domain/division.ts';
import { divisionCode, id, isoDateTime, pageOf, pageOnlyQuery, pageQuery, text } from './common.ts';
import { auditEntryView, requisitionIdParams } from './requisitions.ts';
import { defineRoutes, officeOrAuditor, once } from './routing.ts';

export const claimIdParams = z.lazy(() => z.strictObject({ claimId: id }));
export const listClaimsQuery = z.lazy(() => z.strictObject({ division: z.optional(divisionCode), status: z.optional(z.enum(CLAIM_STATUSES)), ...pageQuery() }));
export const reconsiderationIdParams = z.lazy(() => z.strictObject({ reconsiderationId: id }));

const fen = (max: number) => z.number().check(z.int(), z.minimum(1), z.maximum(max)).register(z.globalRegistry, { description: 'Fen (CNY cents)' });

const claimItem = <const K extends readonly [ClaimItemKind, ...ClaimItemKind[]]>(kinds: K) =>
  z.strictObject({ kind: z.enum(kinds), amountFen: fen(CLAIM_CAP_FEN), description: text(1000) });

/** Sealed under purpose `compensation` (rule 16); shown as `**** 1234`. */
export const bankAccountBody = z.lazy(() =>
  z.strictObject({
    bank: text(100),
    accountName: text(100),
    accountNumber: z.string().check(z.regex(/^\d{8,30}$/, 'must be a bank account number of 8 to 30 digits')).register(z.globalRegistry, { description: 'Digits only, without spaces' }),
  }),
);

const documentRef = z.lazy(() =>
  z.strictObject({ kind: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a document kind such as voucher or loss-certificate')), reference: text(200) }),
);

export const createClaimBody = z.lazy(() =>
  z.strictObject({
    items: z.array(claimItem(REQUISITION_CLAIM_KINDS)).check(z.minLength(1), z.maxLength(MAX_CLAIM_ITEMS)),
    bankAccount: bankAccountBody,
    documents: z.array(documentRef).check(z.maxLength(50)),
  }).register(z.globalRegistry, { id: 'CreateClaim', description: `Integer fen, summed exactly; at most ${CLAIM_CAP_FEN} fen in all` }),
);

const reasons = z.lazy(() => z.array(text(2000)).check(z.minLength(1), z.maxLength(20)));
const correctionItems = z.lazy(() => z.array(z.strictObject({ item: text(200), reason: text(1000) })).check(z.minLength(1), z.maxLength(50)));
const ANY_CLAIM_KIND = [...new Set([...REQUISITION_CLAIM_KINDS, ...DEPLOYMENT_CLAIM_KINDS])] as [ClaimItemKind, ...ClaimItemKind[]];

export const claimTransitionBody = z.lazy(() =>
  z.discriminatedUnion('action', [
    z.strictObject({ action: z.literal('request-correction'), items: correctionItems }).register(z.globalRegistry, { description: 'Every missing item at once, each with its reason' }),
    z.strictObject({
      action: z.literal('resubmit'),
      items: z.optional(z.array(claimItem(ANY_CLAIM_KIND)).check(z.minLength(1), z.maxLength(MAX_CLAIM_ITEMS))),
      documents: z.optional(z.array(documentRef).check(z.maxLength(50))),
      bankAccount: z.optional(bankAccountBody),
    }).register(z.globalRegistry, { description: 'The claimant answers a correction request; what is not given stays as it was' }),
    z.strictObject({ action: z.literal('accept') }),
    z.strictObject({ action: z.literal('extend'), reason: text(1000) }).register(z.globalRegistry, { description: 'The decision period is extended once, by 30 days, before it ends' }),
    z.strictObject({ action: z.literal('approve'), approvedFen: fen(CLAIM_CAP_FEN), reasons: z.optional(reasons) }).register(z.globalRegistry, { description: 'Below the claimed total: a partial approval, with reasons' }),
    z.strictObject({ action: z.literal('reject'), reasons }),
    z.strictObject({ action: z.literal('serve-notice'), servedAt: isoDateTime }).register(z.globalRegistry, { description: 'When the written decision reached the claimant' }),
    z.strictObject({ action: z.literal('pay'), amountFen: fen(CLAIM_CAP_FEN), paymentReference: text(100) }),
    z.strictObject({ action: z.literal('close') }),
  ]).register(z.globalRegistry, { id: 'ClaimTransition' }),
);

export const reconsiderationBody = z.lazy(() => z.strictObject({ grounds: text(5000), request: text(2000) }).register(z.globalRegistry, { id: 'ApplyForReconsideration' }));

export const reconsiderationTransitionBody = z.lazy(() =>
  z.discriminatedUnion('action', [
    z.strictObject({ action: z.literal('accept'), procedure: z.optional(z.enum(['ordinary', 'simplified'])), partiesAgree: z.optional(z.boolean()) }).register(z.globalRegistry, { description: 'Acceptance; the simplified procedure needs ¥3,000 or less in dispute or the parties\' agreement' }),
    z.strictObject({ action: z.literal('request-correction'), items: correctionItems }),
    z.strictObject({ action: z.literal('resubmit'), grounds: z.optional(text(5000)), request: z.optional(text(2000)) }).register(z.globalRegistry, { description: 'The applicant answers a correction request' }),
    z.strictObject({ action: z.literal('extend'), reason: text(1000) }),
    z.strictObject({ action: z.literal('decide'), outcome: z.enum(['upheld', 'varied', 'revoked']), reasons, variedFen: z.optional(fen(CLAIM_CAP_FEN)) }).register(z.globalRegistry, { description: 'A varied amount becomes the claim\'s approved amount' }),
  ]).register(z.globalRegistry, { id: 'ReconsiderationTransition' }),
);

// ---- Views (built on first use). Offices are named by division and level, never by a user id. ----------------

const byGovernment = once(() => z.strictObject({ division: divisionCode, level: z.enum(GOV_LEVELS) }));

export const dueDateView = once(() =>
  z.strictObject({
    kind: z.string(),
    from: z.string(),
    due: z.string(),
    passed: z.boolean(),
    article: z.string(),
    done: z.boolean(),
  }),
);

const remediesView = once(() =>
  z.strictObject({
    reconsideration: z.strictObject({ organ: byGovernment(), within: z.strictObject({ days: z.number(), from: z.literal('service') }), article: z.string() }),
    litigation: z.strictObject({ court: z.literal('peoples-court'), within: z.strictObject({ months: z.number(), from: z.literal('service') }), article: z.string() }),
    unserved: z.strictObject({ withinYears: z.number(), article: z.string() }),
    text: z.strictObject({ 'zh-CN': z.string(), en: z.string() }),
  }),
);

const decisionView = once(() =>
  z.strictObject({
    seq: z.number().check(z.int()),
    outcome: z.enum(['approved', 'partly-approved', 'rejected']),
    claimedFen: z.number().check(z.int()),
    approvedFen: z.number().check(z.int()),
    reasons: z.array(z.string()),
    decidedBy: byGovernment(),
    decidedAt: isoDateTime,
    remedies: remediesView(),
  }),
);

const correctionView = once(() => z.strictObject({ at: isoDateTime, items: z.array(z.strictObject({ item: z.string(), reason: z.string() })), resubmittedAt: z.optional(isoDateTime) }));

export const claimView = z.lazy(() =>
  z.strictObject({
    claimId: id,
    source: z.union([z.strictObject({ kind: z.literal('requisition'), requisitionId: id }), z.strictObject({ kind: z.literal('deployment'), deploymentId: id })]),
    incidentId: id,
    divisionCode,
    category: z.enum(CATEGORIES),
    claimant: z.union([z.strictObject({ kind: z.literal('owner'), ownerKind: z.enum(['individual', 'unit']) }), z.strictObject({ kind: z.literal('organisation') })]),
    items: z.array(z.strictObject({ kind: z.string(), amountFen: z.number().check(z.int()), description: z.string() })),
    claimedFen: z.number().check(z.int()),
    documents: z.array(z.strictObject({ kind: z.string(), reference: z.string() })),
    bankAccount: z.strictObject({ bank: z.string(), accountName: z.string(), accountNumber: z.string() }),
    status: z.enum(['submitted', 'needs-correction', 'accepted', 'decided', 'served', 'paid', 'closed']),
    submittedAt: isoDateTime,
    lastSubmittedAt: isoDateTime,
    submissions: z.number().check(z.int()),
    corrections: z.array(correctionView()),
    acceptedAt: z.optional(isoDateTime),
    extension: z.optional(z.strictObject({ at: isoDateTime, reason: z.string() })),
    decision: z.optional(decisionView()),
    earlierDecisions: z.array(decisionView()),
    approvedFen: z.optional(z.number().check(z.int())),
    noticeServedAt: z.optional(isoDateTime),
    payments: z.array(z.strictObject({ amountFen: z.number().check(z.int()), reference: z.string(), at: isoDateTime })),
    paidFen: z.number().check(z.int()),
    owedFen: z.optional(z.number().check(z.int())),
    reconsideration: z.optional(z.strictObject({
      reconsiderationId: id,
      decisionSeq: z.number().check(z.int()),
      appliedAt: isoDateTime,
      status: z.enum(['pending', 'decided']),
      outcome: z.optional(z.enum(['upheld', 'varied', 'revoked'])),
      decidedAt: z.optional(isoDateTime),
    })),
    closedAt: z.optional(isoDateTime),
    /** Rule 15: every computed due date, with its article and whether it has passed. */
    deadlines: z.array(dueDateView()),
    updatedAt: isoDateTime,
  }),
).register(z.globalRegistry, { id: 'Claim' });

export const reconsiderationView = z.lazy(() =>
  z.strictObject({
    reconsiderationId: id,
    claimId: id,
    decisionSeq: z.number().check(z.int()),
    incidentId: id,
    divisionCode,
    category: z.enum(CATEGORIES),
    organ: byGovernment(),
    respondent: byGovernment(),
    grounds: z.string(),
    request: z.string(),
    disputedFen: z.number().check(z.int()),
    windowDue: z.string(),
    status: z.enum(['submitted', 'needs-correction', 'accepted', 'extended', 'decided']),
    procedure: z.enum(['ordinary', 'simplified']),
    submittedAt: isoDateTime,
    lastSubmittedAt: isoDateTime,
    reviewedAt: z.optional(isoDateTime),
    corrections: z.array(correctionView()),
    acceptedAt: z.optional(isoDateTime),
    extension: z.optional(z.strictObject({ at: isoDateTime, reason: z.string() })),
    decision: z.optional(z.strictObject({ outcome: z.enum(['upheld', 'varied', 'revoked']), reasons: z.array(z.string()), variedFen: z.optional(z.number().check(z.int())), decidedBy: byGovernment(), decidedAt: isoDateTime })),
    deadlines: z.array(dueDateView()),
    updatedAt: isoDateTime,
  }),
).register(z.globalRegistry, { id: 'Reconsideration' });

const claimPage = z.lazy(() => pageOf(claimView)).register(z.globalRegistry, { id: 'ClaimPage' });
const claimAuditPage = z.lazy(() => pageOf(auditEntryView)).register(z.globalRegistry, { id: 'ClaimAuditPage' });
const claimant = ['citizen', 'org'] as const;

export const claimRoutes = defineRoutes({
  createClaim: {
    method: 'POST', path: '/v1/requisitions/{requisitionId}/claims', fn: 'claims', auth: ['citizen'],
    summary: 'The owner claims compensation for use and loss once the property came back (rule 13); anyone else gets 404',
    params: requisitionIdParams, body: createClaimBody, idempotent: true, response: { status: 201, schema: claimView },
  },
  getClaim: {
    method: 'GET', path: '/v1/claims/{claimId}', fn: 'claims', auth: ['office', 'auditor', 'citizen', 'org'],
    summary: 'One claim with its decision, notice of remedies and every due date (claimant, offices with jurisdiction, auditors)',
    params: claimIdParams, response: { status: 200, schema: claimView },
  },
  claimAudit: {
    method: 'GET', path: '/v1/claims/{claimId}/audit', fn: 'claims', auth: officeOrAuditor,
    summary: "The claim's audit trail, reveals of its bank account included (rule 18)",
    params: claimIdParams, query: pageOnlyQuery, response: { status: 200, schema: claimAuditPage },
  },
  listClaims: {
    method: 'GET', path: '/v1/claims', fn: 'claims', auth: officeOrAuditor,
    summary: 'The claims a division decides (default: your own; or one below it), by status, newest first within a status: the office\'s queue',
    query: listClaimsQuery, response: { status: 200, schema: claimPage },
  },
  myClaims: {
    method: 'GET', path: '/v1/me/claims', fn: 'claims', auth: claimant, summary: "The caller's own claims, newest first",
    query: pageOnlyQuery, response: { status: 200, schema: claimPage },
  },
  transitionClaim: {
    method: 'POST', path: '/v1/claims/{claimId}/transitions', fn: 'claims', auth: ['office', 'citizen', 'org'],
    summary:
      'Office: request-correction (every item at once), accept, extend (once, by 30 days, before the decision period ends), approve, reject, ' +
      'serve-notice, pay, close; claimant: resubmit (rules 13-15)',
    params: claimIdParams, body: claimTransitionBody, ifMatch: 'optional', response: { status: 200, schema: claimView },
  },
  applyForReconsideration: {
    method: 'POST', path: '/v1/claims/{claimId}/reconsideration', fn: 'claims', auth: claimant,
    summary: 'The claimant applies for administrative reconsideration of the decision, inside the computed window (rule 15)',
    params: claimIdParams, body: reconsiderationBody, idempotent: true, response: { status: 201, schema: reconsiderationView },
  },
  getReconsideration: {
    method: 'GET', path: '/v1/reconsiderations/{reconsiderationId}', fn: 'claims', auth: ['office', 'auditor', 'citizen', 'org'],
    summary: 'One reconsideration with its due dates (the organ, the deciding office, auditors, the applicant)',
    params: reconsiderationIdParams, response: { status: 200, schema: reconsiderationView },
  },
  transitionReconsideration: {
    method: 'POST', path: '/v1/reconsiderations/{reconsiderationId}/transitions', fn: 'claims', auth: ['office', 'citizen', 'org'],
    summary: 'The organ one level above the deciding office: accept, request-correction, extend, decide (upheld, varied, revoked); the applicant: resubmit',
    params: reconsiderationIdParams, body: reconsiderationTransitionBody, ifMatch: 'optional', response: { status: 200, schema: reconsiderationView },
  },
});
