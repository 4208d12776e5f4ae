// The one module of computed periods for requisition, compensation and reconsideration (rules 12, 14, 15): each period
// with the article that sets it, and the due dates of a claim or a reconsideration with whether they have passed.
// Dates are calendar dates in China Standard Time. Pure: no I/O.
import type { WorkingCalendar } from './calendar/working-days.ts';
import { cstDate } from './calendar/working-days.ts';

export type PeriodUnit = 'hours' | 'working-days' | 'days' | 'months' | 'years';

export interface Period {
  amount: number;
  unit: PeriodUnit;
  article: string;
}

/**
 * Every period the platform computes, with its legal basis. Counting follows 民事诉讼法 Art 85, which 行政复议法 Art 88(1)
 * and 行政诉讼法 Art 101 apply: the day of the event does not count, and a period whose last day is not a working day ends
 * on the next working day. 行政复议法 Art 88(2): its 3/5/7/10-day periods are working days; longer ones are calendar days.
 */
export const PERIODS = {
  /** A claim's acceptance review: accept, or list every missing item at once. No national rule for requisition claims;
   * the Administrative Licensing Law's review is the nearest general procedure (5 days, working days by its Art 82). */
  claimAcceptanceReview: { amount: 5, unit: 'working-days', article: '行政许可法 Art 32(1)(4), Art 82 (by analogy)' },
  /** No national deadline for deciding a compensation claim was found (domain.md section 4): the reconsideration
   * organ's own period is borrowed. */
  claimDecision: { amount: 60, unit: 'days', article: 'platform rule, by analogy with 行政复议法 Art 62(1)' },
  claimDecisionExtension: { amount: 30, unit: 'days', article: 'platform rule, by analogy with 行政复议法 Art 62(1)' },
  reconsiderationApplication: { amount: 60, unit: 'days', article: '行政复议法 Art 20(1)' },
  /** Not told of the right, the organ and the period: from learning of them, at most 1 year from knowing the act. */
  reconsiderationApplicationUnnotified: { amount: 1, unit: 'years', article: '行政复议法 Art 20(3)' },
  reconsiderationOuterLimit: { amount: 5, unit: 'years', article: '行政复议法 Art 21' },
  reconsiderationOuterLimitRealProperty: { amount: 20, unit: 'years', article: '行政复议法 Art 21' },
  reconsiderationAcceptanceReview: { amount: 5, unit: 'working-days', article: '行政复议法 Art 30(1), Art 88(2)' },
  /** The applicant's time to correct after a correction notice. */
  reconsiderationCorrection: { amount: 10, unit: 'working-days', article: '行政复议法 Art 31(1), Art 88(2)' },
  reconsiderationDecision: { amount: 60, unit: 'days', article: '行政复议法 Art 62(1)' },
  reconsiderationExtension: { amount: 30, unit: 'days', article: '行政复议法 Art 62(1)' },
  reconsiderationSimplified: { amount: 30, unit: 'days', article: '行政复议法 Art 62(2)' },
  /** Also 15 days from the end of the decision period when the organ does not decide in time. */
  suitAfterReconsideration: { amount: 15, unit: 'days', article: '行政诉讼法 Art 45' },
  suitDirect: { amount: 6, unit: 'months', article: '行政诉讼法 Art 46(1)' },
  /** Not told of the right to sue: at most 1 year from knowing the act. */
  suitDirectUnnotified: { amount: 1, unit: 'years', article: '最高人民法院关于适用《行政诉讼法》的解释 (法释〔2018〕1号) Art 64' },
  suitOuterLimit: { amount: 5, unit: 'years', article: '行政诉讼法 Art 46(2)' },
  suitOuterLimitRealProperty: { amount: 20, unit: 'years', article: '行政诉讼法 Art 46(2)' },
} as const satisfies Record<string, Period>;

/** Settings the caller reads from configuration (REQUISITION_PAPERWORK_HOURS, REQUISITION_RETURN_DAYS); these are the defaults. */
export const DEFAULT_REQUISITION_PAPERWORK_HOURS = 48;
export const DEFAULT_REQUISITION_RETURN_DAYS = 15;
export const REQUISITION_PAPERWORK_BASIS = 'local rules on emergency requisition (e.g. one city: voucher within 48 h of an emergency taking)';
export const REQUISITION_RETURN_BASIS = '突发事件应对法 Art 12 (return when use or the response ends); the number of days is a platform setting';

// ---- Date arithmetic on CST calendar dates ----------------------------------------------------------------------

const DAY_MS = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Months and years end on the same day of the month; without one (31 Jan + 1 month), on the month's last day (民法典 Art 202). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12; // 0-based
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** 民事诉讼法 Art 85(3): a last day that is a rest day (weekend or holiday) moves to the next working day. */
function nextWorkingDayFrom(date: string, calendar: WorkingCalendar): string {
  let d = date;
  while (!calendar.isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** The last day of a period that starts counting the day after `from` (a CST date). */
export function periodEnd(from: string, period: Pick<Period, 'amount' | 'unit'>, calendar: WorkingCalendar): string {
  switch (period.unit) {
    case 'working-days':
      return calendar.addWorkingDays(from, period.amount);
    case 'days':
      return nextWorkingDayFrom(addDays(from, period.amount), calendar);
    case 'months':
      return nextWorkingDayFrom(addMonths(from, period.amount), calendar);
    case 'years':
      return nextWorkingDayFrom(addMonths(from, period.amount * 12), calendar);
    case 'hours':
      throw new RangeError('An hour period ends at an instant: use paperworkDueAt.');
  }
}

// ---- Requisition deadlines (rules 8, 12) --------------------------------------------------------------------------

/** Rule 12: an emergency taking is papered within `hours` of the taking (an instant, not a day). */
export function paperworkDueAt(takenAt: string, hours: number): string {
  return new Date(Date.parse(takenAt) + hours * 3600_000).toISOString();
}

/** Rule 8: property still held when the response ends is returned within `days` calendar days of the termination. */
export function returnDueDate(terminatedAt: string, days: number): string {
  return addDays(cstDate(new Date(terminatedAt)), days);
}

// ---- Due dates of a claim and of a reconsideration -----------------------------------------------------------------

export type DeadlineKind =
  | 'claim-acceptance-review'
  | 'claim-decision'
  | 'reconsideration-application'
  | 'suit-direct'
  | 'reconsideration-acceptance-review'
  | 'reconsideration-correction'
  | 'reconsideration-decision'
  | 'suit-after-reconsideration';

export interface DueDate {
  kind: DeadlineKind;
  /** The CST date the period counts from (that day itself does not count). */
  from: string;
  /** The last day, inclusive, in China Standard Time. */
  due: string;
  /** Today in China Standard Time is after the due date. */
  passed: boolean;
  article: string;
  /** The platform recorded the step this period times (the review, the decision, the application). Court deadlines
   * are never done here: the platform does not see court filings. */
  done: boolean;
}

const day = (instant: string) => cstDate(new Date(instant));

function dueDate(kind: DeadlineKind, from: string, due: string, article: string, done: boolean, now: Date): DueDate {
  return { kind, from, due, passed: cstDate(now) > due, article, done };
}

export interface RemedyWindowInput {
  /** When the decision was made: the outer limits count from the act. */
  decidedAt: string;
  /** When the written decision, with its notice of remedies, reached the claimant. */
  noticeServedAt?: string;
  /** The requisitioned property includes real property: 20-year outer limits instead of 5. */
  realProperty: boolean;
}

/** A window from the served notice, or from the decision when none was served, never beyond an outer limit. */
function window(t: RemedyWindowInput, served: Period, unserved: Period, outer: Period, calendar: WorkingCalendar): { from: string; due: string; article: string } {
  const decided = day(t.decidedAt);
  const limit = periodEnd(decided, outer, calendar);
  const [from, period] = t.noticeServedAt ? [day(t.noticeServedAt), served] : [decided, unserved];
  const end = periodEnd(from, period, calendar);
  return end <= limit ? { from, due: end, article: period.article } : { from, due: limit, article: `${period.article}; capped by ${outer.article}` };
}

/**
 * Rules 14, 15: the last day to apply for reconsideration. 60 days from the served notice (Art 20(1)); without a served
 * notice, 1 year from the decision, the earliest day the claimant could know of it (Art 20(3)); never beyond the outer
 * limit of 5 years, 20 for real property, from the decision (Art 21).
 */
export function reconsiderationWindow(t: RemedyWindowInput, calendar: WorkingCalendar): { from: string; due: string; article: string } {
  const outer = t.realProperty ? PERIODS.reconsiderationOuterLimitRealProperty : PERIODS.reconsiderationOuterLimit;
  return window(t, PERIODS.reconsiderationApplication, PERIODS.reconsiderationApplicationUnnotified, outer, calendar);
}

/** The last day to sue without reconsideration: 6 months from the served decision, else 1 year; never beyond 5 / 20 years. */
export function directSuitWindow(t: RemedyWindowInput, calendar: WorkingCalendar): { from: string; due: string; article: string } {
  const outer = t.realProperty ? PERIODS.suitOuterLimitRealProperty : PERIODS.suitOuterLimit;
  return window(t, PERIODS.suitDirect, PERIODS.suitDirectUnnotified, outer, calendar);
}

/** What `claimDueDates` needs of a claim: its timestamps (ISO instants). */
export interface ClaimTimeline {
  /** The latest submission or resubmission: the acceptance review counts from it. */
  submittedAt: string;
  /** The review of that submission ended (accepted, or a correction requested). */
  reviewedAt?: string;
  /** The decision period counts from acceptance, or from a reconsideration that revoked the decision. */
  decisionPeriodFrom?: string;
  extended?: boolean;
  decidedAt?: string;
  noticeServedAt?: string;
  reconsiderationAppliedAt?: string;
  realProperty: boolean;
}

/** Every due date of a compensation claim at `now`, in the order a claim meets them (rule 15). */
export function claimDueDates(t: ClaimTimeline, now: Date, calendar: WorkingCalendar): DueDate[] {
  const out: DueDate[] = [];
  const submitted = day(t.submittedAt);
  const review = PERIODS.claimAcceptanceReview;
  out.push(dueDate('claim-acceptance-review', submitted, periodEnd(submitted, review, calendar), review.article, t.reviewedAt !== undefined, now));
  if (t.decisionPeriodFrom) {
    const from = day(t.decisionPeriodFrom);
    const days = PERIODS.claimDecision.amount + (t.extended ? PERIODS.claimDecisionExtension.amount : 0);
    const article = t.extended ? `${PERIODS.claimDecision.article}, extended once by 30 days` : PERIODS.claimDecision.article;
    out.push(dueDate('claim-decision', from, periodEnd(from, { amount: days, unit: 'days' }, calendar), article, t.decidedAt !== undefined, now));
  }
  if (t.decidedAt) {
    const w = { decidedAt: t.decidedAt, realProperty: t.realProperty, ...(t.noticeServedAt ? { noticeServedAt: t.noticeServedAt } : {}) };
    const r = reconsiderationWindow(w, calendar);
    out.push(dueDate('reconsideration-application', r.from, r.due, r.article, t.reconsiderationAppliedAt !== undefined, now));
    // Once a reconsideration is applied for, the way to court runs through its decision (行政诉讼法 Art 45).
    if (!t.reconsiderationAppliedAt) {
      const s = directSuitWindow(w, calendar);
      out.push(dueDate('suit-direct', s.from, s.due, s.article, false, now));
    }
  }
  return out;
}

export type ReconsiderationProcedure = 'ordinary' | 'simplified';

/** What `reconsiderationDueDates` needs of a reconsideration (ISO instants). */
export interface ReconsiderationTimeline {
  /** The latest submission or resubmission. */
  submittedAt: string;
  reviewedAt?: string;
  /** The latest correction notice, and when the applicant answered it. */
  correction?: { requestedAt: string; resubmittedAt?: string };
  acceptedAt?: string;
  procedure: ReconsiderationProcedure;
  extended?: boolean;
  decidedAt?: string;
}

/** Every due date of a reconsideration at `now` (rule 15). */
export function reconsiderationDueDates(t: ReconsiderationTimeline, now: Date, calendar: WorkingCalendar): DueDate[] {
  const out: DueDate[] = [];
  const review = PERIODS.reconsiderationAcceptanceReview;
  const submitted = day(t.submittedAt);
  out.push(dueDate('reconsideration-acceptance-review', submitted, periodEnd(submitted, review, calendar), review.article, t.reviewedAt !== undefined, now));
  if (t.correction) {
    const from = day(t.correction.requestedAt);
    const c = PERIODS.reconsiderationCorrection;
    out.push(dueDate('reconsideration-correction', from, periodEnd(from, c, calendar), c.article, t.correction.resubmittedAt !== undefined, now));
  }
  if (t.acceptedAt) {
    const from = day(t.acceptedAt);
    const simplified = t.procedure === 'simplified';
    const days = simplified ? PERIODS.reconsiderationSimplified.amount : PERIODS.reconsiderationDecision.amount + (t.extended ? PERIODS.reconsiderationExtension.amount : 0);
    const article = simplified ? PERIODS.reconsiderationSimplified.article : t.extended ? `${PERIODS.reconsiderationDecision.article}, extended once by 30 days` : PERIODS.reconsiderationDecision.article;
    const decisionDue = periodEnd(from, { amount: days, unit: 'days' }, calendar);
    out.push(dueDate('reconsideration-decision', from, decisionDue, article, t.decidedAt !== undefined, now));
    // 行政诉讼法 Art 45: 15 days from receiving the decision, or from the end of the decision period if none came.
    const suitFrom = t.decidedAt ? day(t.decidedAt) : decisionDue;
    const suit = PERIODS.suitAfterReconsideration;
    out.push(dueDate('suit-after-reconsideration', suitFrom, periodEnd(suitFrom, suit, calendar), suit.article, false, now));
  }
  return out;
}
