// Retention assessments (留存评估, Art 85, rule 17) and what they cover, and the plan of the destruction job built from
// them. An office records a legality, necessity and security assessment that keeps named purposes of an incident's
// personal data up to a date at most 5 years ahead; a statutory one keeps what an open compensation case needs (its
// claim, and the requisition it claims on) until the case is closed and its remedy windows have passed. The plan says,
// at an instant: which purposes are shredded whole, which records are erased one by one (their purpose is still kept for
// others), which destructions come within seven days (the alert), and when to look again. Pure: no I/O.
import type { Purpose } from '../pii/purposes.ts';
import { asGovernment, requireJurisdiction, type Actor } from './actor.ts';
import type { WorkingCalendar } from './calendar/working-days.ts';
import { cstDate } from './calendar/working-days.ts';
import type { Change } from './change.ts';
import type { GovLevel } from './division.ts';
import { addDays, addMonths, directSuitWindow, periodEnd, PERIODS, reconsiderationWindow } from './remedies.ts';
import { InvalidTransition, RuleViolation } from '../errors.ts';

export const RETENTION_GROUNDS = ['evidence', 'investigation', 'litigation', 'compensation-duty'] as const;
export type RetentionGround = (typeof RETENTION_GROUNDS)[number];

/** Art 85 sets no bound; the platform does: an assessment is renewed, not written for ever. */
export const MAX_RETENTION_YEARS = 5;
/** The office hears of a destruction this many days before it, so that it can assess in time. */
export const ALERT_DAYS = 7;

const DAY_MS = 86_400_000;

/** A record's table key (the same shape as the store's Key). */
export interface RecordRef {
  PK: string;
  SK: string;
}

export const sameRecord = (a: RecordRef, b: RecordRef) => a.PK === b.PK && a.SK === b.SK;

/** What a statutory assessment knows of its compensation case: the claim's facts its remedy windows count from. */
export interface CompensationCase {
  claimId: string;
  status: string;
  closedAt?: string;
  decidedAt?: string;
  noticeServedAt?: string;
  realProperty: boolean;
  reconsideration?: { status: 'pending' | 'decided'; appliedAt: string; decidedAt?: string };
  /** The records the case needs, with the purpose each was collected for. */
  records: { purpose: Purpose; record: RecordRef }[];
}

export interface RetentionAssessment {
  assessmentId: string;
  incidentId: string;
  /** Whose offices may read and end it: the incident's division (recorded), the deciding government's (statutory). */
  division: string;
  basis: 'recorded' | 'statutory';
  purposes: Purpose[];
  grounds: RetentionGround[];
  legality: string;
  necessity: string;
  security: string;
  /** Recorded: the CST date from which the data is destroyed. Statutory: null; `statutoryRetainUntil` computes it. */
  retainUntil: string | null;
  status: 'in-force' | 'ended';
  recordedAt: string;
  recordedBy?: { division: string; level: GovLevel };
  ended?: { at: string; by: { division: string; level: GovLevel }; reason: string };
  case?: CompensationCase;
  updatedAt: string;
  rev: number;
}

export interface RetentionChange {
  assessment: RetentionAssessment;
  change: Change;
}

export interface AssessmentInput {
  purposes: Purpose[];
  grounds: RetentionGround[];
  legality: string;
  necessity: string;
  security: string;
  retainUntil: string;
}

/** Rule 17: an office with jurisdiction over the incident records why keeping which purposes is lawful, needed and safe. */
export function recordAssessment(assessmentId: string, incident: { incidentId: string; divisionCode: string }, input: AssessmentInput, actor: Actor, now: Date): RetentionChange {
  const gov = asGovernment(actor);
  requireJurisdiction(gov, incident.divisionCode, 'The incident');
  const today = cstDate(now);
  if (addDays(input.retainUntil, 0) !== input.retainUntil) {
    throw new RuleViolation('not-a-date', 'retainUntil names a day that does not exist.', [{ path: 'body.retainUntil', message: 'no such day' }]);
  }
  if (input.retainUntil <= today) {
    throw new RuleViolation('retain-until-past', 'An assessment keeps data from today on: retainUntil must be a later date.', [{ path: 'body.retainUntil', message: `after ${today}` }]);
  }
  const limit = addMonths(today, MAX_RETENTION_YEARS * 12);
  if (input.retainUntil > limit) {
    throw new RuleViolation('retention-too-long', `An assessment keeps data at most ${MAX_RETENTION_YEARS} years: retainUntil ${limit} at the latest; assess again then.`, [
      { path: 'body.retainUntil', message: `at most ${limit}` },
    ]);
  }
  const at = now.toISOString();
  const assessment: RetentionAssessment = {
    assessmentId,
    incidentId: incident.incidentId,
    division: incident.divisionCode,
    basis: 'recorded',
    purposes: [...new Set(input.purposes)],
    grounds: [...new Set(input.grounds)],
    legality: input.legality,
    necessity: input.necessity,
    security: input.security,
    retainUntil: input.retainUntil,
    status: 'in-force',
    recordedAt: at,
    recordedBy: { division: gov.division, level: gov.level },
    updatedAt: at,
    rev: 1,
  };
  return {
    assessment,
    change: { action: 'record-retention-assessment', from: null, to: `${assessment.purposes.join(',')} kept until ${input.retainUntil}`, reason: assessment.grounds.join(',') },
  };
}

/** An office ends its assessment early: what it kept is destroyed at the next run unless something else covers it. */
export function endAssessment(a: RetentionAssessment, reason: string, actor: Actor, now: Date): RetentionChange {
  if (a.basis === 'statutory') {
    throw new RuleViolation('statutory-assessment', 'A statutory assessment ends with its compensation case: when the case is closed and its remedy windows have passed.');
  }
  const gov = asGovernment(actor);
  requireJurisdiction(gov, a.division, 'The assessment');
  if (a.status === 'ended') throw new InvalidTransition('This assessment has ended already.');
  const at = now.toISOString();
  return {
    assessment: { ...a, status: 'ended', ended: { at, by: { division: gov.division, level: gov.level }, reason }, updatedAt: at, rev: a.rev + 1 },
    change: { action: 'end-retention-assessment', from: 'in-force', to: 'ended', reason },
  };
}

// ---- Cover ------------------------------------------------------------------------------------------------------

/** The instant a CST date begins. */
export const cstStart = (date: string) => new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString();

/**
 * Rules 14, 15, 17: the CST date from which a compensation case's data is no longer needed: the day after the case was
 * closed and every remedy window left open by it has passed; null while the case or its reconsideration is open.
 */
export function statutoryRetainUntil(c: CompensationCase, calendar: WorkingCalendar): string | null {
  if (c.status !== 'closed' || c.closedAt === undefined || c.reconsideration?.status === 'pending') return null;
  const last = [cstDate(new Date(c.closedAt))];
  if (c.decidedAt !== undefined) {
    const w = { decidedAt: c.decidedAt, realProperty: c.realProperty, ...(c.noticeServedAt !== undefined ? { noticeServedAt: c.noticeServedAt } : {}) };
    if (c.reconsideration?.decidedAt !== undefined) {
      // 行政诉讼法 Art 45: the way to court runs through the reconsideration's decision.
      last.push(periodEnd(cstDate(new Date(c.reconsideration.decidedAt)), PERIODS.suitAfterReconsideration, calendar));
    } else {
      last.push(reconsiderationWindow(w, calendar).due, directSuitWindow(w, calendar).due);
    }
  }
  return addDays(last.sort().at(-1)!, 1);
}

/** The date an assessment keeps data until (the day destruction may start); null while a statutory case is open. */
export function retainUntilOf(a: RetentionAssessment, calendar: WorkingCalendar): string | null {
  return a.basis === 'statutory' && a.case ? statutoryRetainUntil(a.case, calendar) : a.retainUntil;
}

export type CoverEnd = string | 'open';

/** When an assessment's cover ends (an instant), 'open' while it lasts with its case, undefined once ended early. */
export function coverEnd(a: RetentionAssessment, calendar: WorkingCalendar): CoverEnd | undefined {
  if (a.status === 'ended') return undefined;
  const until = retainUntilOf(a, calendar);
  return until === null ? 'open' : cstStart(until);
}

const covers = (end: CoverEnd | undefined, at: number) => end === 'open' || (end !== undefined && Date.parse(end) > at);
const later = (a: CoverEnd | undefined, b: CoverEnd | undefined): CoverEnd | undefined =>
  a === 'open' || b === 'open' ? 'open' : a === undefined ? b : b === undefined ? a : Date.parse(a) >= Date.parse(b) ? a : b;

/** Whether an assessment is in force at `now` (what the views show). */
export function inForce(a: RetentionAssessment, calendar: WorkingCalendar, now: Date): boolean {
  return covers(coverEnd(a, calendar), now.getTime());
}

// ---- The destruction plan -----------------------------------------------------------------------------------------

export interface RegisteredRecord {
  record: RecordRef;
  recordKind: string;
}

/** What the job knows of one purpose of an incident: whether its data key is still there, and its records not erased. */
export interface PurposeData {
  purpose: Purpose;
  keyActive: boolean;
  records: RegisteredRecord[];
}

export interface PlanInput {
  /** The incident's `piiDestructionFrom`: when its response was terminated. */
  destructionFrom: string;
  graceDays: number;
  now: Date;
  purposes: PurposeData[];
  assessments: RetentionAssessment[];
  calendar: WorkingCalendar;
  /** Purposes that wait for an instant of their own besides the grace (the notice copies, until the relay sent them). */
  notBefore?: Partial<Record<Purpose, string>>;
}

/** What is destroyed now: the records erased one by one and, when nothing of the purpose is kept any more, its key. */
export interface DestructionStep {
  purpose: Purpose;
  shredKey: boolean;
  erase: RegisteredRecord[];
}

/** A destruction to come within ALERT_DAYS: what the office is told so that it can assess in time. */
export interface ScheduledDestruction {
  purpose: Purpose;
  destroyOn: string;
  records: Record<string, number>;
  shredKey: boolean;
}

export interface DestructionPlan {
  due: DestructionStep[];
  scheduled: ScheduledDestruction[];
  /** When anything can next become due or alertable; undefined once nothing of the incident is left to destroy. */
  nextCheckAt: string | undefined;
}

export function countByKind(records: readonly RegisteredRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) out[r.recordKind] = (out[r.recordKind] ?? 0) + 1;
  return out;
}

/**
 * Rule 17, as of `now`. A purpose is destroyed once the grace after termination has passed and no recorded assessment
 * keeps it; then every record it holds is erased but those a statutory assessment still keeps, and its key is shredded
 * when none is kept. A kept record is erased the day its cover ends; the key goes with the last one.
 */
export function destructionPlan(input: PlanInput): DestructionPlan {
  const now = input.now.getTime();
  const from = Date.parse(input.destructionFrom) + input.graceDays * DAY_MS;
  const due: DestructionStep[] = [];
  const scheduled: ScheduledDestruction[] = [];
  const checks: number[] = [];
  const alertable = (at: number) => at - ALERT_DAYS * DAY_MS <= now;
  const lookAt = (at: number) => checks.push(alertable(at) ? at : at - ALERT_DAYS * DAY_MS);

  for (const p of input.purposes) {
    if (!p.keyActive && p.records.length === 0) continue;
    const notBefore = input.notBefore?.[p.purpose];
    // Recorded assessments keep the whole purpose; statutory ones keep their case's records.
    let whole: CoverEnd | undefined;
    for (const a of input.assessments) {
      if (a.basis === 'recorded' && a.purposes.includes(p.purpose)) whole = later(whole, coverEnd(a, input.calendar));
    }
    const recordCover = (r: RegisteredRecord): CoverEnd | undefined => {
      let end: CoverEnd | undefined;
      for (const a of input.assessments) {
        if (a.basis === 'statutory' && a.case?.records.some((c) => c.purpose === p.purpose && sameRecord(c.record, r.record))) end = later(end, coverEnd(a, input.calendar));
      }
      return end;
    };
    if (whole === 'open') {
      checks.push(nextDay(now));
      continue;
    }
    const start = Math.max(from, notBefore !== undefined ? Date.parse(notBefore) : -Infinity, whole !== undefined ? Date.parse(whole) : -Infinity);
    if (start > now) {
      // Not due yet: what will go when it comes due, told ALERT_DAYS ahead.
      const erase = p.records.filter((r) => !covers(recordCover(r), start));
      const shredKey = p.keyActive && erase.length === p.records.length;
      if ((erase.length > 0 || shredKey) && alertable(start)) scheduled.push({ purpose: p.purpose, destroyOn: cstDate(new Date(start)), records: countByKind(erase), shredKey });
      lookAt(start);
      continue;
    }
    const kept = p.records.filter((r) => covers(recordCover(r), now));
    const erase = p.records.filter((r) => !covers(recordCover(r), now));
    const shredKey = p.keyActive && kept.length === 0;
    if (erase.length > 0 || shredKey) due.push({ purpose: p.purpose, shredKey, erase });
    // What is kept goes the day its cover ends: grouped by that day, told ahead.
    const byEnd = new Map<number, RegisteredRecord[]>();
    for (const r of kept) {
      const end = recordCover(r)!;
      if (end === 'open') {
        checks.push(nextDay(now));
        continue;
      }
      const at = Date.parse(end);
      byEnd.set(at, [...(byEnd.get(at) ?? []), r]);
    }
    const hasOpen = kept.some((r) => recordCover(r) === 'open');
    const ends = [...byEnd.keys()].sort((a, b) => a - b);
    for (const at of ends) {
      lookAt(at);
      const last = !hasOpen && at === ends.at(-1);
      if (alertable(at)) scheduled.push({ purpose: p.purpose, destroyOn: cstDate(new Date(at)), records: countByKind(byEnd.get(at)!), shredKey: last && p.keyActive });
    }
  }
  const next = checks.length > 0 ? Math.max(now, Math.min(...checks)) : undefined;
  return { due, scheduled, nextCheckAt: next === undefined ? undefined : new Date(next).toISOString() };
}

/** The start of the next CST day: an open case is looked at again by the next daily run. */
function nextDay(now: number): number {
  return Date.parse(cstStart(addDays(cstDate(new Date(now)), 1)));
}
