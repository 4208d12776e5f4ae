// Administrative reconsideration (行政复议) of a compensation decision: the claimant applies inside the computed window,
// the organ one government level above the deciding office accepts (or asks for every correction at once), may extend
// once, and decides: upheld, varied (the new approved amount) or revoked (rules 14, 15). Pure: no I/O.
import type { Category } from './categories.ts';
import type { GovLevel } from './division.ts';
import { actorLabel, asGovernment, type Actor, type Government } from './actor.ts';
import type { Change, DomainEvent } from './change.ts';
import type { WorkingCalendar } from './calendar/working-days.ts';
import { cstDate } from './calendar/working-days.ts';
import { PERIODS, reconsiderationDueDates, reconsiderationWindow, type DueDate, type ReconsiderationProcedure, type ReconsiderationTimeline } from './remedies.ts';
import {
  applyReconsiderationOutcome,
  checkCorrectionItems,
  markReconsiderationApplied,
  requireClaimant,
  type Claim,
  type ClaimChange,
  type CorrectionRequest,
} from './claim.ts';
import type { Sealed } from './requisition.ts';
import { InvalidTransition, RuleViolation, ValidationFailed } from '../errors.ts';

export type ReconsiderationStatus = 'submitted' | 'needs-correction' | 'accepted' | 'extended' | 'decided';
export type ReconsiderationOutcome = 'upheld' | 'varied' | 'revoked';

/** 行政复议法 Art 53(1)(2): a dispute over ¥3,000 or less may be heard in the simplified procedure. */
export const SIMPLIFIED_PROCEDURE_MAX_FEN = 300_000;

export interface ReconsiderationDecision {
  outcome: ReconsiderationOutcome;
  reasons: string[];
  variedFen?: number;
  decidedBy: { division: string; level: GovLevel; sub: string };
  decidedAt: string;
}

export interface Reconsideration {
  reconsiderationId: string;
  claimId: string;
  /** The claim decision under review. */
  decisionSeq: number;
  incidentId: string;
  /** The claim's division and category and level, for lists and events. */
  division: string;
  category: Category;
  level: string;
  /** 复议机关: the government one level above the respondent (行政复议法 Art 24). */
  organ: { division: string; level: GovLevel };
  /** 被申请人: the office whose decision is challenged. */
  respondent: { division: string; level: GovLevel };
  claimantRef: string;
  grounds: string;
  request: string;
  /** The amount in dispute when applied for: claimed minus approved. */
  disputedFen: number;
  /** The last day of the application window, as computed when the application came in. */
  windowDue: string;
  status: ReconsiderationStatus;
  procedure: ReconsiderationProcedure;
  submittedAt: string;
  lastSubmittedAt: string;
  reviewedAt?: string;
  corrections: (CorrectionRequest & { resubmittedAt?: string })[];
  acceptedAt?: string;
  extension?: { at: string; by: string; reason: string };
  decision?: ReconsiderationDecision;
  updatedAt: string;
  rev: number;
}

export interface ReconsiderationDecidedEvent extends DomainEvent {
  type: 'reconsideration.decided';
  reconsiderationId: string;
  claimId: string;
  incidentId: string;
  outcome: ReconsiderationOutcome;
  organ: string;
  respondent: string;
  /** The approved amount in force after the decision; absent when revoked (a new decision is due). */
  approvedFen?: number;
}

export interface ReconsiderationChange<S = Sealed> {
  reconsideration: Reconsideration;
  change: Change;
  event?: ReconsiderationDecidedEvent;
  /** The claim, when this step changed it too: saved in the same transaction, with its own audit entry. */
  claim?: ClaimChange<S>;
}

const step = (r: Reconsideration, at: string, patch: Partial<Reconsideration>): Reconsideration => ({ ...r, ...patch, updatedAt: at, rev: r.rev + 1 });

function checkText(fields: { grounds?: string; request?: string }): void {
  const errors = (['grounds', 'request'] as const).flatMap((f) => (fields[f] !== undefined && !fields[f]!.trim() ? [{ path: `body.${f}`, message: 'required' }] : []));
  if (errors.length) throw new ValidationFailed('The application is not complete.', errors);
}

/**
 * Rule 15: the claimant applies inside the window computed from the decision and its service (行政复议法 Art 20-21);
 * one reconsideration per decision. Changes the claim too (it records the pending reconsideration).
 */
export function applyForReconsideration<S>(
  reconsiderationId: string,
  claim: Claim<S>,
  application: { grounds: string; request: string },
  actor: Actor,
  callerRef: string | undefined,
  now: Date,
  calendar: WorkingCalendar,
): ReconsiderationChange<S> {
  requireClaimant(claim, actor, callerRef);
  const d = claim.decision;
  if (!d) throw new InvalidTransition('There is no decision on this claim to challenge yet.');
  if (claim.reconsideration?.decisionSeq === d.seq) throw new InvalidTransition('This decision is already under reconsideration or has been reconsidered.');
  checkText(application);
  const window = reconsiderationWindow({ decidedAt: d.decidedAt, realProperty: claim.realProperty, ...(claim.noticeServedAt ? { noticeServedAt: claim.noticeServedAt } : {}) }, calendar);
  if (cstDate(now) > window.due) {
    throw new RuleViolation('reconsideration-window-closed', `The time to apply for reconsideration of this decision ended on ${window.due} (${window.article}).`);
  }
  const at = now.toISOString();
  const reconsideration: Reconsideration = {
    reconsiderationId,
    claimId: claim.claimId,
    decisionSeq: d.seq,
    incidentId: claim.incidentId,
    division: claim.division,
    category: claim.category,
    level: claim.level,
    organ: d.remedies.reconsideration.organ,
    respondent: { division: d.decidedBy.division, level: d.decidedBy.level },
    claimantRef: claim.claimantRef,
    grounds: application.grounds,
    request: application.request,
    disputedFen: claim.claimedFen - claim.approvedFen!,
    windowDue: window.due,
    status: 'submitted',
    procedure: 'ordinary',
    submittedAt: at,
    lastSubmittedAt: at,
    corrections: [],
    updatedAt: at,
    rev: 1,
  };
  return {
    reconsideration,
    change: { action: 'apply-reconsideration', from: null, to: `submitted to ${reconsideration.organ.division}, decision ${d.seq} of claim ${claim.claimId}` },
    claim: markReconsiderationApplied(claim, reconsiderationId, now),
  };
}

/** Only the reconsideration organ acts on an application (行政复议法 Art 24). */
function requireOrgan(r: Reconsideration, actor: Actor): Government {
  const gov = asGovernment(actor);
  if (gov.division !== r.organ.division) {
    throw new RuleViolation('not-reconsideration-organ', `Only the government of division ${r.organ.division}, one level above the deciding office, reconsiders this decision (行政复议法 Art 24).`);
  }
  return gov;
}

/** 行政复议法 Art 31: one correction notice listing every missing item with its reason. */
export function requestReconsiderationCorrection(r: Reconsideration, items: { item: string; reason: string }[], actor: Actor, now: Date): ReconsiderationChange<never> {
  const gov = requireOrgan(r, actor);
  if (r.status !== 'submitted') throw new InvalidTransition('Corrections are requested while an application is under review.');
  checkCorrectionItems(items, r.corrections[0]);
  const at = now.toISOString();
  const next = step(r, at, { status: 'needs-correction', reviewedAt: at, corrections: [...r.corrections, { at, by: actorLabel(gov), items }] });
  return { reconsideration: next, change: { action: 'request-correction', from: 'submitted', to: `needs-correction, ${items.length} items` } };
}

export function resubmitReconsideration(
  r: Reconsideration,
  fields: { grounds?: string; request?: string },
  actor: Actor,
  callerRef: string | undefined,
  now: Date,
): ReconsiderationChange<never> {
  requireClaimant(r, actor, callerRef);
  if (r.status !== 'needs-correction') throw new InvalidTransition('Only an application sent back for correction is resubmitted.');
  checkText(fields);
  const at = now.toISOString();
  const corrections = r.corrections.map((c, n) => (n === r.corrections.length - 1 ? { ...c, resubmittedAt: at } : c));
  const next = step(r, at, { grounds: fields.grounds ?? r.grounds, request: fields.request ?? r.request, status: 'submitted', lastSubmittedAt: at, reviewedAt: undefined, corrections });
  return { reconsideration: next, change: { action: 'resubmit-reconsideration', from: 'needs-correction', to: 'submitted' } };
}

/**
 * Acceptance (受理). The simplified procedure (30 days, Art 62(2)) is open when ¥3,000 or less is in dispute or the
 * parties agree to it (Art 53).
 */
export function acceptReconsideration(r: Reconsideration, a: { procedure?: ReconsiderationProcedure; partiesAgree?: boolean }, actor: Actor, now: Date): ReconsiderationChange<never> {
  requireOrgan(r, actor);
  if (r.status !== 'submitted') throw new InvalidTransition(r.status === 'needs-correction' ? 'The applicant has not resubmitted yet.' : 'The application has already been accepted.');
  const procedure = a.procedure ?? 'ordinary';
  if (procedure === 'simplified' && r.disputedFen > SIMPLIFIED_PROCEDURE_MAX_FEN && !a.partiesAgree) {
    throw new RuleViolation('simplified-procedure-not-open', 'The simplified procedure needs ¥3,000 or less in dispute, or the parties\' agreement (行政复议法 Art 53).', [{ path: 'body.procedure', message: 'not open for this dispute' }]);
  }
  const at = now.toISOString();
  const next = step(r, at, { status: 'accepted', reviewedAt: at, acceptedAt: at, procedure });
  return { reconsideration: next, change: { action: 'accept-reconsideration', from: 'submitted', to: `accepted, ${procedure} procedure` } };
}

/** 行政复议法 Art 62(1): a complex case may be extended once, by at most 30 days, before the period ends. */
export function extendReconsideration(r: Reconsideration, reason: string, actor: Actor, now: Date, calendar: WorkingCalendar): ReconsiderationChange<never> {
  const gov = requireOrgan(r, actor);
  if (r.status === 'extended') throw new RuleViolation('already-extended', 'The decision period is extended once only (行政复议法 Art 62).');
  if (r.status !== 'accepted') throw new InvalidTransition('Only an accepted application awaiting its decision is extended.');
  if (r.procedure === 'simplified') throw new RuleViolation('no-extension-in-simplified-procedure', 'A case in the simplified procedure is decided within 30 days (行政复议法 Art 62(2)).');
  if (!reason.trim()) throw new ValidationFailed('Say why the period is extended.', [{ path: 'body.reason', message: 'required' }]);
  const due = dueDatesOfReconsideration(r, now, calendar).find((d) => d.kind === 'reconsideration-decision')!;
  if (due.passed) throw new RuleViolation('decision-period-passed', `The decision period ended on ${due.due}; it can no longer be extended.`);
  const at = now.toISOString();
  const next = step(r, at, { status: 'extended', extension: { at, by: actorLabel(gov), reason } });
  return { reconsideration: next, change: { action: 'extend-reconsideration', from: `decision due ${due.due}`, to: `extended by ${PERIODS.reconsiderationExtension.amount} days` } };
}

/**
 * The organ decides with reasons. A varied amount becomes the claim's approved amount; it may not be less favourable
 * to the applicant than the decision reviewed (行政复议法 Art 63(2)) nor above the claimed total. Returns both records.
 */
export function decideReconsideration<S>(
  r: Reconsideration,
  claim: Claim<S>,
  d: { outcome: ReconsiderationOutcome; reasons: string[]; variedFen?: number },
  actor: Actor,
  now: Date,
): ReconsiderationChange<S> {
  const gov = requireOrgan(r, actor);
  if (r.status !== 'accepted' && r.status !== 'extended') throw new InvalidTransition(r.status === 'decided' ? 'The reconsideration has been decided.' : 'Accept the application before deciding it.');
  if (claim.claimId !== r.claimId || claim.decision?.seq !== r.decisionSeq || claim.reconsideration?.reconsiderationId !== r.reconsiderationId) {
    throw new InvalidTransition('The claim no longer stands on the decision under reconsideration.');
  }
  const reasons = d.reasons.map((x) => x.trim()).filter((x) => x.length > 0);
  if (reasons.length === 0) throw new RuleViolation('reasons-required', 'A reconsideration decision gives its reasons.', [{ path: 'body.reasons', message: 'give at least one reason' }]);
  if (d.outcome === 'varied') checkVariedAmount(claim, d.variedFen);
  const at = now.toISOString();
  const decision: ReconsiderationDecision = {
    outcome: d.outcome,
    reasons,
    ...(d.outcome === 'varied' ? { variedFen: d.variedFen! } : {}),
    decidedBy: { division: gov.division, level: gov.level, sub: gov.sub },
    decidedAt: at,
  };
  const next = step(r, at, { status: 'decided', decision });
  const claimChange = applyReconsiderationOutcome(claim, d.outcome, d.variedFen, now);
  return {
    reconsideration: next,
    change: { action: 'decide-reconsideration', from: r.status, to: d.outcome === 'varied' ? `varied to ${d.variedFen} fen` : d.outcome },
    event: {
      type: 'reconsideration.decided',
      division: r.division,
      category: r.category,
      level: r.level,
      reconsiderationId: r.reconsiderationId,
      claimId: r.claimId,
      incidentId: r.incidentId,
      outcome: d.outcome,
      organ: r.organ.division,
      respondent: r.respondent.division,
      ...(claimChange.claim.approvedFen !== undefined ? { approvedFen: claimChange.claim.approvedFen } : {}),
    },
    claim: claimChange,
  };
}

function checkVariedAmount(claim: Claim<unknown>, variedFen: number | undefined): void {
  const path = 'body.variedFen';
  if (variedFen === undefined || !Number.isSafeInteger(variedFen)) throw new ValidationFailed('A varied decision states the new amount.', [{ path, message: 'a whole number of fen' }]);
  if (variedFen <= claim.approvedFen!) {
    throw new RuleViolation('variation-not-more-favourable', `A variation may not leave the applicant worse off (行政复议法 Art 63(2)): approve more than ${claim.approvedFen} fen, or uphold.`, [
      { path, message: 'not above the amount approved' },
    ]);
  }
  if (variedFen > claim.claimedFen) throw new RuleViolation('approved-above-claimed', `At most the claimed ${claim.claimedFen} fen may be approved.`, [{ path, message: 'above the claimed total' }]);
}

export function reconsiderationTimeline(r: Reconsideration): ReconsiderationTimeline {
  const last = r.corrections.at(-1);
  return {
    submittedAt: r.lastSubmittedAt,
    ...(r.reviewedAt ? { reviewedAt: r.reviewedAt } : {}),
    ...(last ? { correction: { requestedAt: last.at, ...(last.resubmittedAt ? { resubmittedAt: last.resubmittedAt } : {}) } } : {}),
    ...(r.acceptedAt ? { acceptedAt: r.acceptedAt } : {}),
    procedure: r.procedure,
    extended: r.extension !== undefined,
    ...(r.decision ? { decidedAt: r.decision.decidedAt } : {}),
  };
}

/** Rule 15: every due date of the reconsideration, computed, with whether it has passed. */
export function dueDatesOfReconsideration(r: Reconsideration, now: Date, calendar: WorkingCalendar): DueDate[] {
  return reconsiderationDueDates(reconsiderationTimeline(r), now, calendar);
}
