// API contract of compensation claims (补偿, rules 13-15) and their administrative reconsideration (行政复议): the owner's
// claim with its bank account (encrypted), the office's steps from correction to payment, the claimant's application
// and the organ's steps, and views that show every computed due date with whether it has passed.
import * as z from 'zod';
import { CATEGORIES } from '../../domain/categories.ts';
import { CLAIM_CAP_FEN, CLAIM_STATUSES, DEPLOYMENT_CLAIM_KINDS, MAX_CLAIM_ITEMS, REQUISITION_CLAIM_KINDS, type ClaimItemKind } from '../../domain/claim.ts';
import { GOV_LEVELS } from '../../domain/division.ts';
import { divisionCode, id, isoDateTime, pageOf, pageOnlyQuery, pageQuery, text } from './common.ts';
import { auditEntryView, requisitionIdParams } from './requisitions.ts';
import { defineRoutes, officeOrAuditor, once } from './routing.ts';

export const claimIdParams = z.lazy(() => z.object({ claimId: id }).strict());
export const listClaimsQuery = z.lazy(() => z.object({ division: divisionCode.optional(), status: z.enum(CLAIM_STATUSES).optional(), ...pageQuery() }).strict());
export const reconsiderationIdParams = z.lazy(() => z.object({ reconsiderationId: id }).strict());

const fen = (max: number) => z.number().int().min(1).max(max).meta({ description: 'Fen (CNY cents)' });

const claimItem = <const K extends readonly [ClaimItemKind, ...ClaimItemKind[]]>(kinds: K) =>
  z.object({ kind: z.enum(kinds), amountFen: fen(CLAIM_CAP_FEN), description: text(1000) }).strict();

/** Sealed under purpose `compensation` (rule 16); shown as `**** 1234`. */
export const bankAccountBody = z.lazy(() =>
  z
    .object({
      bank: text(100),
      accountName: text(100),
      accountNumber: z.string().regex(/^\d{8,30}$/, 'must be a bank account number of 8 to 30 digits').meta({ description: 'Digits only, without spaces' }),
    })
    .strict(),
);

const documentRef = z.lazy(() =>
  z
    .object({ kind: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a document kind such as voucher or loss-certificate'), reference: text(200) })
    .strict(),
);

export const createClaimBody = z.lazy(() =>
  z
    .object({
      items: z.array(claimItem(REQUISITION_CLAIM_KINDS)).min(1).max(MAX_CLAIM_ITEMS),
      bankAccount: bankAccountBody,
      documents: z.array(documentRef).max(50),
    })
    .strict()
    .meta({ id: 'CreateClaim', description: `Integer fen, summed exactly; at most ${CLAIM_CAP_FEN} fen in all` }),
);

const reasons = z.lazy(() => z.array(text(2000)).min(1).max(20));
const correctionItems = z.lazy(() => z.array(z.object({ item: text(200), reason: text(1000) }).strict()).min(1).max(50));
const ANY_CLAIM_KIND = [...new Set([...REQUISITION_CLAIM_KINDS, ...DEPLOYMENT_CLAIM_KINDS])] as [ClaimItemKind, ...ClaimItemKind[]];

export const claimTransitionBody = z.lazy(() =>
  z
    .discriminatedUnion('action', [
      z.object({ action: z.literal('request-correction'), items: correctionItems }).strict().meta({ description: 'Every missing item at once, each with its reason' }),
      z
        .object({
          action: z.literal('resubmit'),
          items: z.array(claimItem(ANY_CLAIM_KIND)).min(1).max(MAX_CLAIM_ITEMS).optional(),
          documents: z.array(documentRef).max(50).optional(),
          bankAccount: bankAccountBody.optional(),
        })
        .strict()
        .meta({ description: 'The claimant answers a correction request; what is not given stays as it was' }),
      z.object({ action: z.literal('accept') }).strict(),
      z.object({ action: z.literal('extend'), reason: text(1000) }).strict().meta({ description: 'The decision period is extended once, by 30 days, before it ends' }),
      z.object({ action: z.literal('approve'), approvedFen: fen(CLAIM_CAP_FEN), reasons: reasons.optional() }).strict().meta({ description: 'Below the claimed total: a partial approval, with reasons' }),
      z.object({ action: z.literal('reject'), reasons }).strict(),
      z.object({ action: z.literal('serve-notice'), servedAt: isoDateTime }).strict().meta({ description: 'When the written decision reached the claimant' }),
      z.object({ action: z.literal('pay'), amountFen: fen(CLAIM_CAP_FEN), paymentReference: text(100) }).strict(),
      z.object({ action: z.literal('close') }).strict(),
    ])
    .meta({ id: 'ClaimTransition' }),
);

export const reconsiderationBody = z.lazy(() => z.object({ grounds: text(5000), request: text(2000) }).strict().meta({ id: 'ApplyForReconsideration' }));

export const reconsiderationTransitionBody = z.lazy(() =>
  z
    .discriminatedUnion('action', [
      z
        .object({ action: z.literal('accept'), procedure: z.enum(['ordinary', 'simplified']).optional(), partiesAgree: z.boolean().optional() })
        .strict()
        .meta({ description: 'Acceptance; the simplified procedure needs ¥3,000 or less in dispute or the parties\' agreement' }),
      z.object({ action: z.literal('request-correction'), items: correctionItems }).strict(),
      z.object({ action: z.literal('resubmit'), grounds: text(5000).optional(), request: text(2000).optional() }).strict().meta({ description: 'The applicant answers a correction request' }),
      z.object({ action: z.literal('extend'), reason: text(1000) }).strict(),
      z
        .object({ action: z.literal('decide'), outcome: z.enum(['upheld', 'varied', 'revoked']), reasons, variedFen: fen(CLAIM_CAP_FEN).optional() })
        .strict()
        .meta({ description: 'A varied amount becomes the claim\'s approved amount' }),
    ])
    .meta({ id: 'ReconsiderationTransition' }),
);

// ---- Views (built on first use). Offices are named by division and level, never by a user id. ----------------

const byGovernment = once(() => z.object({ division: divisionCode, level: z.enum(GOV_LEVELS) }).strict());

export const dueDateView = once(() =>
  z
    .object({
      kind: z.string(),
      from: z.string(),
      due: z.string(),
      passed: z.boolean(),
      article: z.string(),
      done: z.boolean(),
    })
    .strict(),
);

const remediesView = once(() =>
  z
    .object({
      reconsideration: z.object({ organ: byGovernment(), within: z.object({ days: z.number(), from: z.literal('service') }).strict(), article: z.string() }).strict(),
      litigation: z.object({ court: z.literal('peoples-court'), within: z.object({ months: z.number(), from: z.literal('service') }).strict(), article: z.string() }).strict(),
      unserved: z.object({ withinYears: z.number(), article: z.string() }).strict(),
      text: z.object({ 'zh-CN': z.string(), en: z.string() }).strict(),
    })
    .strict(),
);

const decisionView = once(() =>
  z
    .object({
      seq: z.number().int(),
      outcome: z.enum(['approved', 'partly-approved', 'rejected']),
      claimedFen: z.number().int(),
      approvedFen: z.number().int(),
      reasons: z.array(z.string()),
      decidedBy: byGovernment(),
      decidedAt: isoDateTime,
      remedies: remediesView(),
    })
    .strict(),
);

const correctionView = once(() => z.object({ at: isoDateTime, items: z.array(z.object({ item: z.string(), reason: z.string() }).strict()), resubmittedAt: isoDateTime.optional() }).strict());

export const claimView = z
  .lazy(() =>
    z
      .object({
        claimId: id,
        source: z.union([z.object({ kind: z.literal('requisition'), requisitionId: id }).strict(), z.object({ kind: z.literal('deployment'), deploymentId: id }).strict()]),
        incidentId: id,
        divisionCode,
        category: z.enum(CATEGORIES),
        claimant: z.union([z.object({ kind: z.literal('owner'), ownerKind: z.enum(['individual', 'unit']) }).strict(), z.object({ kind: z.literal('organisation') }).strict()]),
        items: z.array(z.object({ kind: z.string(), amountFen: z.number().int(), description: z.string() }).strict()),
        claimedFen: z.number().int(),
        documents: z.array(z.object({ kind: z.string(), reference: z.string() }).strict()),
        bankAccount: z.object({ bank: z.string(), accountName: z.string(), accountNumber: z.string() }).strict(),
        status: z.enum(['submitted', 'needs-correction', 'accepted', 'decided', 'served', 'paid', 'closed']),
        submittedAt: isoDateTime,
        lastSubmittedAt: isoDateTime,
        submissions: z.number().int(),
        corrections: z.array(correctionView()),
        acceptedAt: isoDateTime.optional(),
        extension: z.object({ at: isoDateTime, reason: z.string() }).strict().optional(),
        decision: decisionView().optional(),
        earlierDecisions: z.array(decisionView()),
        approvedFen: z.number().int().optional(),
        noticeServedAt: isoDateTime.optional(),
        payments: z.array(z.object({ amountFen: z.number().int(), reference: z.string(), at: isoDateTime }).strict()),
        paidFen: z.number().int(),
        owedFen: z.number().int().optional(),
        reconsideration: z
          .object({
            reconsiderationId: id,
            decisionSeq: z.number().int(),
            appliedAt: isoDateTime,
            status: z.enum(['pending', 'decided']),
            outcome: z.enum(['upheld', 'varied', 'revoked']).optional(),
            decidedAt: isoDateTime.optional(),
          })
          .strict()
          .optional(),
        closedAt: isoDateTime.optional(),
        /** Rule 15: every computed due date, with its article and whether it has passed. */
        deadlines: z.array(dueDateView()),
        updatedAt: isoDateTime,
      })
      .strict(),
  )
  .meta({ id: 'Claim' });

export const reconsiderationView = z
  .lazy(() =>
    z
      .object({
        reconsiderationId: id,
        claimId: id,
        decisionSeq: z.number().int(),
        incidentId: id,
        divisionCode,
        category: z.enum(CATEGORIES),
        organ: byGovernment(),
        respondent: byGovernment(),
        grounds: z.string(),
        request: z.string(),
        disputedFen: z.number().int(),
        windowDue: z.string(),
        status: z.enum(['submitted', 'needs-correction', 'accepted', 'extended', 'decided']),
        procedure: z.enum(['ordinary', 'simplified']),
        submittedAt: isoDateTime,
        lastSubmittedAt: isoDateTime,
        reviewedAt: isoDateTime.optional(),
        corrections: z.array(correctionView()),
        acceptedAt: isoDateTime.optional(),
        extension: z.object({ at: isoDateTime, reason: z.string() }).strict().optional(),
        decision: z
          .object({ outcome: z.enum(['upheld', 'varied', 'revoked']), reasons: z.array(z.string()), variedFen: z.number().int().optional(), decidedBy: byGovernment(), decidedAt: isoDateTime })
          .strict()
          .optional(),
        deadlines: z.array(dueDateView()),
        updatedAt: isoDateTime,
      })
      .strict(),
  )
  .meta({ id: 'Reconsideration' });

const claimPage = z.lazy(() => pageOf(claimView)).meta({ id: 'ClaimPage' });
const claimAuditPage = z.lazy(() => pageOf(auditEntryView)).meta({ id: 'ClaimAuditPage' });
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
