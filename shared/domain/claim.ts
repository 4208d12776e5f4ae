// The compensation claim aggregate (补偿), for requisitioned property and for deployed social forces (调用补偿):
// submission, correction (every missing item at once), acceptance, a reasoned decision with its notice of remedies,
// service, payments and closing (rules 13-15). Money is integer fen, summed exactly. Pure: no I/O.
// The bank account is an opaque value of type S (sealed by shared/pii/); no Change or event carries personal data.
import type { Category } from './categories.ts';
import type { GovLevel } from './division.ts';
import { NATIONAL, levelOf, superiorOf } from './division.ts';
import { actorLabel, asGovernment, hasRole, requireJurisdiction, type Actor, type Government } from './actor.ts';
import type { Change, DomainEvent } from './change.ts';
import type { WorkingCalendar } from './calendar/working-days.ts';
import { cstDate } from './calendar/working-days.ts';
import { PERIODS, claimDueDates, type ClaimTimeline, type DueDate } from './remedies.ts';
import { includesRealProperty, type Requisition, type Sealed } from './requisition.ts';
import { InvalidTransition, NotFound, RuleViolation, ValidationFailed, type FieldError } from '../errors.ts';

export const REQUISITION_CLAIM_KINDS = ['use-fee', 'depreciation', 'repair', 'market-value', 'staff-hours', 'other'] as const;
export const DEPLOYMENT_CLAIM_KINDS = ['labour', 'transport', 'materials', 'equipment-wear', 'other'] as const;
export type ClaimItemKind = (typeof REQUISITION_CLAIM_KINDS)[number] | (typeof DEPLOYMENT_CLAIM_KINDS)[number];

/** One claim may ask for at most 10^12 fen (¥10 billion): far above any requisition, far below unsafe integers. */
export const CLAIM_CAP_FEN = 1_000_000_000_000;
export const MAX_CLAIM_ITEMS = 100;

export type ClaimSource = { kind: 'requisition'; requisitionId: string } | { kind: 'deployment'; deploymentId: string };

/** Who claims: the requisitioned property's owner, or an organisation deployed in the response. */
export type Claimant = { kind: 'owner'; ownerKind: 'individual' | 'unit' } | { kind: 'organisation' };

/** What a claim is about and who may make it; built from the requisition (or, issue 9, the deployment). */
export interface ClaimSubject {
  source: ClaimSource;
  incidentId: string;
  /** The division whose government owes the compensation (the requisitioning one); offices with jurisdiction over it decide. */
  division: string;
  category: Category;
  /** Event level: the response level of the source, or 'none'. */
  level: string;
  claimant: Claimant;
  /** Who may claim: an individual owner's blind index, an organisation's id. Compared, never shown. */
  claimantRef: string;
  /** Real property: the remedies' outer limit is 20 years instead of 5. */
  realProperty: boolean;
}

export interface ClaimItem {
  kind: ClaimItemKind;
  amountFen: number;
  description: string;
}

export interface ClaimDocumentRef {
  kind: string;
  reference: string;
}

export interface ClaimDraft<S = Sealed> {
  items: ClaimItem[];
  documents: ClaimDocumentRef[];
  bankAccount: S;
}

export const CLAIM_STATUSES = ['submitted', 'needs-correction', 'accepted', 'decided', 'served', 'paid', 'closed'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** One correction notice: every missing or defective item, each with its reason. */
export interface CorrectionRequest {
  at: string;
  by: string;
  items: { item: string; reason: string }[];
}

/** Rule 14: where and by when to challenge a decision. The dates follow from the day the notice is served. */
export interface NoticeOfRemedies {
  reconsideration: { organ: { division: string; level: GovLevel }; within: { days: number; from: 'service' }; article: string };
  litigation: { court: 'peoples-court'; within: { months: number; from: 'service' }; article: string };
  /** Without service the windows run 1 year from the decision (行政复议法 Art 20(3)). */
  unserved: { withinYears: number; article: string };
  text: { 'zh-CN': string; en: string };
}

export type DecisionOutcome = 'approved' | 'partly-approved' | 'rejected';

export interface ClaimDecision {
  seq: number;
  outcome: DecisionOutcome;
  claimedFen: number;
  approvedFen: number;
  reasons: string[];
  decidedBy: { division: string; level: GovLevel; sub: string };
  decidedAt: string;
  remedies: NoticeOfRemedies;
}

export interface Payment {
  amountFen: number;
  reference: string;
  at: string;
  by: string;
}

/** The reconsideration of the current decision, as the claim sees it. */
export interface ClaimReconsideration {
  reconsiderationId: string;
  decisionSeq: number;
  appliedAt: string;
  status: 'pending' | 'decided';
  outcome?: 'upheld' | 'varied' | 'revoked';
  decidedAt?: string;
}

export interface Claim<S = Sealed> extends ClaimSubject {
  claimId: string;
  items: ClaimItem[];
  claimedFen: number;
  documents: ClaimDocumentRef[];
  bankAccount: S;
  status: ClaimStatus;
  submittedAt: string;
  /** The latest submission or resubmission: the acceptance review counts from it. */
  lastSubmittedAt: string;
  submissions: number;
  /** The review of the latest submission ended: accepted, or a correction requested. */
  reviewedAt?: string;
  corrections: CorrectionRequest[];
  acceptedAt?: string;
  /** Acceptance, or the reconsideration decision that revoked the last decision and asks for a new one. */
  decisionPeriodFrom?: string;
  extension?: { at: string; by: string; reason: string };
  decision?: ClaimDecision;
  /** Decisions revoked on reconsideration, oldest first. */
  earlierDecisions: ClaimDecision[];
  /** The amount in force: the decision's, or the one a reconsideration varied it to. */
  approvedFen?: number;
  noticeServedAt?: string;
  payments: Payment[];
  paidFen: number;
  reconsideration?: ClaimReconsideration;
  closedAt?: string;
  updatedAt: string;
  rev: number;
}

/** Ids, codes and amounts (not personal: no one is named); never the claimant or the bank account. */
interface ClaimEventBase extends DomainEvent {
  attributes: { source: ClaimSource['kind'] };
  claimId: string;
  incidentId: string;
  requisitionId?: string;
  deploymentId?: string;
  approvedFen: number;
}
export interface ClaimDecidedEvent extends ClaimEventBase {
  type: 'claim.decided';
  outcome: DecisionOutcome;
  decisionSeq: number;
  claimedFen: number;
  decidedBy: string;
  reconsiderationOrgan: string;
}
export interface ClaimPaidEvent extends ClaimEventBase {
  type: 'claim.paid';
  amountFen: number;
  paidFen: number;
  paidInFull: boolean;
}
export type ClaimEvent = ClaimDecidedEvent | ClaimPaidEvent;

export interface ClaimChange<S = Sealed> {
  claim: Claim<S>;
  change: Change;
  event?: ClaimEvent;
}

// ---- Subjects ---------------------------------------------------------------------------------------------------

/** Rule 13: a requisition's owner claims once the return has opened the compensation case. */
export function requisitionClaimSubject(r: Requisition<unknown>): ClaimSubject {
  if (!r.compensationCase) throw new InvalidTransition('The compensation case opens when the property is returned.');
  return {
    source: { kind: 'requisition', requisitionId: r.requisitionId },
    incidentId: r.incidentId,
    division: r.requisitionedBy.division,
    category: r.category,
    level: r.responseLevel ?? 'none',
    claimant: { kind: 'owner', ownerKind: r.owner.kind },
    claimantRef: r.owner.claimantRef,
    realProperty: includesRealProperty(r),
  };
}

// ---- Checks -----------------------------------------------------------------------------------------------------

const isFen = (n: number) => Number.isSafeInteger(n);

/** Items of the source's kind, positive whole fen each, summed exactly and at most CLAIM_CAP_FEN in all. */
export function claimTotal(source: ClaimSource['kind'], items: ClaimItem[]): number {
  const kinds: readonly string[] = source === 'requisition' ? REQUISITION_CLAIM_KINDS : DEPLOYMENT_CLAIM_KINDS;
  const errors: FieldError[] = [];
  if (items.length === 0) errors.push({ path: 'body.items', message: 'claim at least one item' });
  if (items.length > MAX_CLAIM_ITEMS) errors.push({ path: 'body.items', message: `at most ${MAX_CLAIM_ITEMS} items` });
  items.forEach((it, n) => {
    if (!kinds.includes(it.kind)) errors.push({ path: `body.items.${n}.kind`, message: `not a ${source} compensation item` });
    if (!isFen(it.amountFen) || it.amountFen < 1) errors.push({ path: `body.items.${n}.amountFen`, message: 'must be a whole number of fen, 1 or more' });
    else if (it.amountFen > CLAIM_CAP_FEN) errors.push({ path: `body.items.${n}.amountFen`, message: `at most ${CLAIM_CAP_FEN} fen` });
  });
  if (errors.length) throw new ValidationFailed('The claimed items are not valid.', errors);
  // Each item is at most the cap and there are at most 100, so the sum stays far inside the safe integers.
  const total = items.reduce((sum, it) => sum + it.amountFen, 0);
  if (total > CLAIM_CAP_FEN) {
    throw new RuleViolation('claim-over-limit', `A claim may ask for at most ${CLAIM_CAP_FEN} fen in all; this one asks for ${total}.`, [{ path: 'body.items', message: 'total above the limit' }]);
  }
  return total;
}

function checkDocuments(documents: ClaimDocumentRef[]): void {
  const errors = documents.flatMap((d, n) => (d.kind.trim() && d.reference.trim() ? [] : [{ path: `body.documents.${n}`, message: 'needs a kind and a reference' }]));
  if (errors.length) throw new ValidationFailed('The documents are not valid.', errors);
}

function checkReasons(reasons: string[] | undefined, why: string): string[] {
  const r = (reasons ?? []).map((x) => x.trim()).filter((x) => x.length > 0);
  if (r.length === 0) throw new RuleViolation('reasons-required', why, [{ path: 'body.reasons', message: 'give at least one reason' }]);
  return r;
}

/**
 * The claimant, a citizen or an organisation user, acts on their own claim only; anyone else learns nothing of it
 * (404). `callerRef` is what the caller's verified token gives: the blind index of a citizen's identity number, or an
 * organisation user's org id.
 */
export function requireClaimant(subject: Pick<ClaimSubject, 'claimantRef'>, actor: Actor, callerRef: string | undefined): void {
  const claimantRole = hasRole(actor, 'citizen') || hasRole(actor, 'org');
  if (!claimantRole || callerRef === undefined || callerRef !== subject.claimantRef) throw new NotFound('No such claim or requisition of yours.');
}

/** Office steps: a government with jurisdiction over the division that owes the compensation. */
function requireOffice(c: Claim<unknown>, actor: Actor): Government {
  const gov = asGovernment(actor);
  requireJurisdiction(gov, c.division, `Claim ${c.claimId}`);
  return gov;
}

function eventBase(c: Claim<unknown>, approvedFen: number): Omit<ClaimEventBase, 'type'> {
  const source = c.source.kind === 'requisition' ? { requisitionId: c.source.requisitionId } : { deploymentId: c.source.deploymentId };
  return { division: c.division, category: c.category, level: c.level, attributes: { source: c.source.kind }, claimId: c.claimId, incidentId: c.incidentId, ...source, approvedFen };
}

const step = <S>(c: Claim<S>, at: string, patch: Partial<Claim<S>>): Claim<S> => ({ ...c, ...patch, updatedAt: at, rev: c.rev + 1 });

// ---- Claimant steps ---------------------------------------------------------------------------------------------

export function submitClaim<S>(claimId: string, subject: ClaimSubject, draft: ClaimDraft<S>, actor: Actor, callerRef: string | undefined, now: Date): ClaimChange<S> {
  requireClaimant(subject, actor, callerRef);
  const claimedFen = claimTotal(subject.source.kind, draft.items);
  checkDocuments(draft.documents);
  const at = now.toISOString();
  const claim: Claim<S> = {
    ...subject,
    claimId,
    items: draft.items,
    claimedFen,
    documents: draft.documents,
    bankAccount: draft.bankAccount,
    status: 'submitted',
    submittedAt: at,
    lastSubmittedAt: at,
    submissions: 1,
    corrections: [],
    earlierDecisions: [],
    payments: [],
    paidFen: 0,
    updatedAt: at,
    rev: 1,
  };
  return { claim, change: { action: 'submit-claim', from: null, to: `submitted, ${draft.items.length} items, ${claimedFen} fen` } };
}

/** The claimant answers a correction notice; whatever is not given stays as it was. */
export function resubmitClaim<S>(c: Claim<S>, draft: Partial<ClaimDraft<S>>, actor: Actor, callerRef: string | undefined, now: Date): ClaimChange<S> {
  requireClaimant(c, actor, callerRef);
  if (c.status !== 'needs-correction') throw new InvalidTransition('Only a claim sent back for correction is resubmitted.');
  const items = draft.items ?? c.items;
  const claimedFen = claimTotal(c.source.kind, items);
  const documents = draft.documents ?? c.documents;
  checkDocuments(documents);
  const at = now.toISOString();
  const next = step(c, at, { items, claimedFen, documents, bankAccount: draft.bankAccount ?? c.bankAccount, status: 'submitted', lastSubmittedAt: at, submissions: c.submissions + 1, reviewedAt: undefined });
  return { claim: next, change: { action: 'resubmit-claim', from: 'needs-correction', to: `submitted, ${items.length} items, ${claimedFen} fen` } };
}

// ---- Office steps -----------------------------------------------------------------------------------------------

/**
 * 一次性告知: one notice lists every missing or defective item with its reason (行政许可法 Art 32(1)(4) by analogy;
 * 行政复议法 Art 31). A later notice may only repeat items of the first one that are still not right.
 */
export function requestCorrection<S>(c: Claim<S>, items: { item: string; reason: string }[], actor: Actor, now: Date): ClaimChange<S> {
  const gov = requireOffice(c, actor);
  if (c.status !== 'submitted') throw new InvalidTransition('Corrections are requested while a submission is under review.');
  checkCorrectionItems(items, c.corrections[0]);
  const at = now.toISOString();
  const request: CorrectionRequest = { at, by: actorLabel(gov), items };
  const next = step(c, at, { status: 'needs-correction', reviewedAt: at, corrections: [...c.corrections, request] });
  return { claim: next, change: { action: 'request-correction', from: 'submitted', to: `needs-correction, ${items.length} items` } };
}

/** Shared with reconsideration: every item named, each with a reason, none new after the first notice. */
export function checkCorrectionItems(items: { item: string; reason: string }[], first: CorrectionRequest | undefined): void {
  const errors: FieldError[] = [];
  if (items.length === 0) errors.push({ path: 'body.items', message: 'list every missing item' });
  items.forEach((x, n) => {
    if (!x.item.trim()) errors.push({ path: `body.items.${n}.item`, message: 'name the item' });
    if (!x.reason.trim()) errors.push({ path: `body.items.${n}.reason`, message: 'give the reason' });
  });
  if (new Set(items.map((x) => x.item)).size !== items.length) errors.push({ path: 'body.items', message: 'each item once' });
  if (errors.length) throw new ValidationFailed('The correction notice is not valid.', errors);
  if (first) {
    const listed = new Set(first.items.map((x) => x.item));
    const fresh = items.flatMap((x, n) => (listed.has(x.item) ? [] : [{ path: `body.items.${n}.item`, message: 'not in the first correction notice' }]));
    if (fresh.length) throw new RuleViolation('correction-not-at-once', 'Every missing item is listed in the first correction notice; a later one may only repeat its items.', fresh);
  }
}

export function acceptClaim<S>(c: Claim<S>, actor: Actor, now: Date): ClaimChange<S> {
  requireOffice(c, actor);
  if (c.status !== 'submitted') throw new InvalidTransition(c.status === 'needs-correction' ? 'The claimant has not resubmitted yet.' : 'The claim has already been accepted.');
  const at = now.toISOString();
  const next = step(c, at, { status: 'accepted', reviewedAt: at, acceptedAt: at, decisionPeriodFrom: at });
  return { claim: next, change: { action: 'accept-claim', from: 'submitted', to: 'accepted' } };
}

/** The decision period is extended once, by 30 days, before it ends. */
export function extendClaimDecision<S>(c: Claim<S>, reason: string, actor: Actor, now: Date, calendar: WorkingCalendar): ClaimChange<S> {
  const gov = requireOffice(c, actor);
  if (c.status !== 'accepted') throw new InvalidTransition('Only a claim awaiting its decision is extended.');
  if (c.extension) throw new RuleViolation('already-extended', 'The decision period is extended once only.');
  if (!reason.trim()) throw new ValidationFailed('Say why the period is extended.', [{ path: 'body.reason', message: 'required' }]);
  const due = dueDatesOf(c, now, calendar).find((d) => d.kind === 'claim-decision')!;
  if (due.passed) throw new RuleViolation('decision-period-passed', `The decision period ended on ${due.due}; it can no longer be extended.`);
  const at = now.toISOString();
  const next = step(c, at, { extension: { at, by: actorLabel(gov), reason } });
  return { claim: next, change: { action: 'extend-decision-period', from: `decision due ${due.due}`, to: `extended by ${PERIODS.claimDecisionExtension.amount} days` } };
}

/** 行政复议法 Art 24-25: the government one level above the deciding office; a national office reviews its own. */
export function reconsiderationOrgan(decidingDivision: string): { division: string; level: GovLevel } {
  const division = decidingDivision === NATIONAL ? NATIONAL : superiorOf(decidingDivision);
  return { division, level: levelOf(division) };
}

/** Rule 14: the notice every decision carries. */
export function noticeOfRemedies(decidingDivision: string): NoticeOfRemedies {
  const organ = reconsiderationOrgan(decidingDivision);
  const days = PERIODS.reconsiderationApplication.amount;
  const months = PERIODS.suitDirect.amount;
  return {
    reconsideration: { organ, within: { days, from: 'service' }, article: PERIODS.reconsiderationApplication.article },
    litigation: { court: 'peoples-court', within: { months, from: 'service' }, article: PERIODS.suitDirect.article },
    unserved: { withinYears: PERIODS.reconsiderationApplicationUnnotified.amount, article: PERIODS.reconsiderationApplicationUnnotified.article },
    text: {
      'zh-CN':
        `如不服本决定，可以自收到本决定书之日起${days}日内向行政区划代码为${organ.division}的人民政府申请行政复议（《中华人民共和国行政复议法》第二十条），` +
        `也可以自收到本决定书之日起${months}个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）。`,
      en:
        `If you disagree with this decision, you may apply to the people's government of division ${organ.division} for administrative reconsideration ` +
        `within ${days} days of receiving it (Administrative Reconsideration Law, Art 20), or bring an administrative lawsuit in a people's court ` +
        `within ${months} months of receiving it (Administrative Litigation Law, Art 46).`,
    },
  };
}

function decide<S>(c: Claim<S>, gov: Government, approvedFen: number, reasons: string[], now: Date): ClaimChange<S> {
  const at = now.toISOString();
  const outcome: DecisionOutcome = approvedFen === 0 ? 'rejected' : approvedFen < c.claimedFen ? 'partly-approved' : 'approved';
  const decision: ClaimDecision = {
    seq: c.earlierDecisions.length + 1,
    outcome,
    claimedFen: c.claimedFen,
    approvedFen,
    reasons,
    decidedBy: { division: gov.division, level: gov.level, sub: gov.sub },
    decidedAt: at,
    remedies: noticeOfRemedies(gov.division),
  };
  const next = step(c, at, { status: 'decided', decision, approvedFen });
  return {
    claim: next,
    change: { action: outcome === 'rejected' ? 'reject-claim' : 'approve-claim', from: 'accepted', to: `${outcome}, ${approvedFen} of ${c.claimedFen} fen` },
    event: {
      ...eventBase(next, approvedFen),
      type: 'claim.decided',
      outcome,
      decisionSeq: decision.seq,
      claimedFen: c.claimedFen,
      decidedBy: gov.division,
      reconsiderationOrgan: decision.remedies.reconsideration.organ.division,
    },
  };
}

function checkDecidable(c: Claim<unknown>): void {
  if (c.status !== 'accepted') throw new InvalidTransition(c.status === 'submitted' || c.status === 'needs-correction' ? 'Accept the claim before deciding it.' : 'The claim has been decided.');
}

/** Approve up to the claimed total; less is a partial approval and needs reasons (rule 14). */
export function approveClaim<S>(c: Claim<S>, a: { approvedFen: number; reasons?: string[] }, actor: Actor, now: Date): ClaimChange<S> {
  const gov = requireOffice(c, actor);
  checkDecidable(c);
  if (!isFen(a.approvedFen)) throw new ValidationFailed('The approved amount is not valid.', [{ path: 'body.approvedFen', message: 'must be a whole number of fen' }]);
  if (a.approvedFen < 1) throw new RuleViolation('nothing-approved', 'Approving nothing is a rejection: reject the claim with reasons.', [{ path: 'body.approvedFen', message: 'must be 1 or more' }]);
  if (a.approvedFen > c.claimedFen) {
    throw new RuleViolation('approved-above-claimed', `At most the claimed ${c.claimedFen} fen may be approved.`, [{ path: 'body.approvedFen', message: 'above the claimed total' }]);
  }
  checkNotBelowPaid(c, a.approvedFen);
  const partial = a.approvedFen < c.claimedFen;
  const reasons = partial ? checkReasons(a.reasons, 'A partial approval gives its reasons.') : (a.reasons ?? []).filter((x) => x.trim());
  return decide(c, gov, a.approvedFen, reasons, now);
}

export function rejectClaim<S>(c: Claim<S>, r: { reasons: string[] }, actor: Actor, now: Date): ClaimChange<S> {
  const gov = requireOffice(c, actor);
  checkDecidable(c);
  const reasons = checkReasons(r.reasons, 'A rejection gives its reasons.');
  checkNotBelowPaid(c, 0);
  return decide(c, gov, 0, reasons, now);
}

/** After a revoked decision money may already have been paid: a new decision never approves less than that. */
function checkNotBelowPaid(c: Claim<unknown>, approvedFen: number): void {
  if (approvedFen < c.paidFen) {
    throw new RuleViolation('approved-below-paid', `${c.paidFen} fen have already been paid on this claim.`, [{ path: 'body.approvedFen', message: 'below the amount already paid' }]);
  }
}

/** When the written decision, with its notice of remedies, reached the claimant: the reconsideration window counts from it. */
export function serveNotice<S>(c: Claim<S>, servedAt: string, actor: Actor, now: Date): ClaimChange<S> {
  requireOffice(c, actor);
  if (c.status !== 'decided') throw new InvalidTransition(c.noticeServedAt ? 'The notice has already been served.' : 'There is no decision to serve.');
  const served = new Date(servedAt).toISOString();
  if (served < c.decision!.decidedAt) throw new RuleViolation('served-before-decision', 'A decision is served after it is made.', [{ path: 'body.servedAt', message: 'before the decision' }]);
  if (served > now.toISOString()) throw new RuleViolation('served-in-future', 'Record the service once it has happened.', [{ path: 'body.servedAt', message: 'is in the future' }]);
  const next = step(c, now.toISOString(), { status: 'served', noticeServedAt: served });
  return { claim: next, change: { action: 'serve-notice', from: 'decided', to: `served on ${cstDate(new Date(served))}` } };
}

/** Payments of the served, approved amount: in parts if need be, never more than what is still owed. */
export function payClaim<S>(c: Claim<S>, p: { amountFen: number; paymentReference: string }, actor: Actor, now: Date): ClaimChange<S> {
  const gov = requireOffice(c, actor);
  if (c.status !== 'served') throw new InvalidTransition(c.status === 'decided' ? 'Serve the decision before paying.' : c.status === 'paid' || c.status === 'closed' ? 'Nothing is owed on this claim.' : 'The claim has not been decided.');
  if (!isFen(p.amountFen) || p.amountFen < 1) throw new ValidationFailed('The payment is not valid.', [{ path: 'body.amountFen', message: 'must be a whole number of fen, 1 or more' }]);
  if (!p.paymentReference.trim()) throw new ValidationFailed('The payment is not valid.', [{ path: 'body.paymentReference', message: 'required' }]);
  const owed = c.approvedFen! - c.paidFen;
  if (p.amountFen > owed) {
    throw new RuleViolation('payment-above-approved', `Only ${owed} fen of the approved ${c.approvedFen} fen are still owed.`, [{ path: 'body.amountFen', message: 'above the amount owed' }]);
  }
  const at = now.toISOString();
  const paidFen = c.paidFen + p.amountFen;
  const full = paidFen === c.approvedFen;
  const next = step(c, at, { status: full ? 'paid' : 'served', paidFen, payments: [...c.payments, { amountFen: p.amountFen, reference: p.paymentReference, at, by: actorLabel(gov) }] });
  return {
    claim: next,
    change: { action: 'pay', from: `${c.paidFen} of ${c.approvedFen} fen paid`, to: `${paidFen} of ${c.approvedFen} fen paid${full ? ', paid in full' : ''}` },
    event: { ...eventBase(next, c.approvedFen!), type: 'claim.paid', amountFen: p.amountFen, paidFen, paidInFull: full },
  };
}

/** A claim closes once paid in full, or once a rejection has been served; never while a reconsideration is pending. */
export function closeClaim<S>(c: Claim<S>, actor: Actor, now: Date): ClaimChange<S> {
  requireOffice(c, actor);
  const closable = c.status === 'paid' || (c.status === 'served' && c.approvedFen === 0);
  if (!closable) throw new InvalidTransition(c.status === 'closed' ? 'The claim is closed.' : 'A claim closes when paid in full, or when its rejection has been served.');
  if (c.reconsideration?.status === 'pending') throw new RuleViolation('reconsideration-pending', 'The decision is under reconsideration; close the claim after it.');
  const at = now.toISOString();
  return { claim: step(c, at, { status: 'closed', closedAt: at }), change: { action: 'close-claim', from: c.status, to: 'closed' } };
}

// ---- Reconsideration's effects on the claim (used by reconsideration.ts) ----------------------------------------

/** The claimant applied for reconsideration of the current decision. */
export function markReconsiderationApplied<S>(c: Claim<S>, reconsiderationId: string, now: Date): ClaimChange<S> {
  const seq = c.decision!.seq;
  const at = now.toISOString();
  const next = step(c, at, { reconsideration: { reconsiderationId, decisionSeq: seq, appliedAt: at, status: 'pending' } });
  return { claim: next, change: { action: 'reconsideration-applied', from: c.status, to: `${c.status}, decision ${seq} under reconsideration` } };
}

/**
 * The organ's decision on the claim: upheld changes nothing but the record; varied sets the approved amount (owed
 * again if it was paid or closed); revoked sends the claim back for a new decision, counted from now.
 */
export function applyReconsiderationOutcome<S>(c: Claim<S>, outcome: 'upheld' | 'varied' | 'revoked', variedFen: number | undefined, now: Date): ClaimChange<S> {
  const at = now.toISOString();
  const rec: ClaimReconsideration = { ...c.reconsideration!, status: 'decided', outcome, decidedAt: at };
  if (outcome === 'upheld') {
    return { claim: step(c, at, { reconsideration: rec }), change: { action: 'reconsideration-decided', from: c.status, to: `${c.status}, decision upheld` } };
  }
  if (outcome === 'varied') {
    const status: ClaimStatus = c.status === 'decided' ? 'decided' : 'served';
    const next = step(c, at, { reconsideration: rec, approvedFen: variedFen!, status, closedAt: undefined });
    return { claim: next, change: { action: 'reconsideration-decided', from: `${c.status}, ${c.approvedFen} fen approved`, to: `${status}, varied to ${variedFen} fen approved` } };
  }
  const next = step(c, at, {
    reconsideration: rec,
    status: 'accepted',
    earlierDecisions: [...c.earlierDecisions, c.decision!],
    decision: undefined,
    approvedFen: undefined,
    noticeServedAt: undefined,
    extension: undefined,
    decisionPeriodFrom: at,
    closedAt: undefined,
  });
  return { claim: next, change: { action: 'reconsideration-decided', from: c.status, to: 'accepted, decision revoked: a new decision is due' } };
}

// ---- Deadlines --------------------------------------------------------------------------------------------------

export function claimTimeline(c: Claim<unknown>): ClaimTimeline {
  const d = c.decision;
  const applied = d && c.reconsideration?.decisionSeq === d.seq ? c.reconsideration.appliedAt : undefined;
  return {
    submittedAt: c.lastSubmittedAt,
    ...(c.reviewedAt ? { reviewedAt: c.reviewedAt } : {}),
    ...(c.decisionPeriodFrom ? { decisionPeriodFrom: c.decisionPeriodFrom } : {}),
    extended: c.extension !== undefined,
    ...(d ? { decidedAt: d.decidedAt } : {}),
    ...(c.noticeServedAt ? { noticeServedAt: c.noticeServedAt } : {}),
    ...(applied ? { reconsiderationAppliedAt: applied } : {}),
    realProperty: c.realProperty,
  };
}

/** Rule 15: every due date of the claim, computed, with whether it has passed. */
export function dueDatesOf(c: Claim<unknown>, now: Date, calendar: WorkingCalendar): DueDate[] {
  return claimDueDates(claimTimeline(c), now, calendar);
}
