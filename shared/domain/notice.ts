// Information reporting and linkage (信息报告与联动, Art 17, 61, 64): notices reported one level up and notified to the
// neighbouring governments a warning names, each due within its category's reporting deadline, acknowledged by the
// office it is addressed to, flagged once when overdue. Pure: no I/O.
import { InvalidTransition, NotInJurisdiction, RuleViolation, type FieldError } from '../errors.ts';
import type { Government } from './actor.ts';
import { CATEGORIES, type Category } from './categories.ts';
import type { Change, DomainEvent } from './change.ts';
import { levelOf, NATIONAL, superiorOf, type GovLevel } from './division.ts';
import type { Incident } from './incident.ts';
import type { Warning } from './warning.ts';

export const NOTICE_KINDS = ['incident-report', 'incident-update', 'warning-issued', 'warning-adjusted', 'warning-lifted', 'investigation-report'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Pending until acknowledged; `overdue` once the deadline sweep found it unacknowledged past due (flagged once). */
export const NOTICE_STATUSES = ['pending', 'overdue', 'acknowledged'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** Reported to the government one level up (上报), or notified to a neighbouring government (通报, Art 64). */
export type NoticeRelation = 'superior' | 'neighbour';

export interface NoticeParty {
  division: string;
  level: GovLevel;
}

/** What a notice is about: ids, the category, a title and level, and a summary of counts. Never personal data. */
export interface NoticeSubject {
  incidentId: string;
  category: Category;
  exercise: boolean;
  title: string;
  /** Severity I-IV, warning level 1-4, or null (ungraded). */
  level: string | null;
  summary: string;
  warningId?: string;
  /** The follow-up report's number, for `incident-update`. */
  updateSeq?: number;
}

export interface Notice {
  noticeId: string;
  kind: NoticeKind;
  relation: NoticeRelation;
  from: NoticeParty;
  to: NoticeParty;
  incidentId: string;
  category: Category;
  /** A drill on the real flow: the recipient must know it is one. */
  exercise?: true;
  title: string;
  level: string | null;
  summary: string;
  warningId?: string;
  updateSeq?: number;
  sentAt: string;
  /** Sent at + the category's reporting deadline. */
  dueAt: string;
  status: NoticeStatus;
  /** When the deadline sweep flagged it (once). */
  flaggedOverdueAt?: string;
  /** The delivery receipt the sender sees: which office acknowledged, when, and whether after the deadline. */
  acknowledgement?: { at: string; by: NoticeParty; late: boolean };
  rev: number;
}

export interface NoticeOverdueEvent extends DomainEvent {
  type: 'notice.overdue';
  noticeId: string;
  incidentId: string;
  kind: NoticeKind;
  fromDivision: string;
  toDivision: string;
  dueAt: string;
}

export interface NoticeChange {
  notice: Notice;
  change: Change;
  event?: NoticeOverdueEvent;
}

/** What an incident report or follow-up tells the government above: category, type, severity and the counts. */
export function incidentSubject(i: Pick<Incident, 'incidentId' | 'category' | 'type' | 'title' | 'exercise' | 'severity' | 'figures'>, updateSeq?: number): NoticeSubject {
  const c = i.figures.casualties;
  const severity = i.severity.level ?? 'ungraded';
  return {
    incidentId: i.incidentId,
    category: i.category,
    exercise: i.exercise === true,
    title: i.title,
    level: i.severity.level,
    summary: `${updateSeq === undefined ? 'Report' : `Follow-up ${updateSeq}`}: ${i.category} (${i.type}), severity ${severity}; ${c.deaths} dead, ${c.missing} missing, ${c.injured} injured (${c.seriouslyInjured} seriously); direct loss ${i.figures.directLossFen} fen; ${i.figures.affectedPopulation} affected`,
    ...(updateSeq !== undefined ? { updateSeq } : {}),
  };
}

const WARNING_VERBS = { 'warning-issued': 'issued', 'warning-adjusted': 'adjusted', 'warning-lifted': 'lifted' } as const;

/** What a warning notice says: the warning's level, colour and area (Art 64). */
export function warningSubject(w: Pick<Warning, 'warningId' | 'incidentId' | 'category' | 'level' | 'colour' | 'title' | 'area' | 'exercise'>, kind: keyof typeof WARNING_VERBS): NoticeSubject {
  return {
    incidentId: w.incidentId,
    category: w.category,
    exercise: w.exercise === true,
    title: w.title['zh-CN'],
    level: w.level,
    summary: `Level ${w.level} (${w.colour}) warning ${WARNING_VERBS[kind]} for ${w.area.divisions.join(', ')}`,
    warningId: w.warningId,
  };
}

// ---- Reporting deadlines --------------------------------------------------------------------------------------------

/** Sector rules give 1-2 hours per level (production safety, public health); 120 minutes where nothing else is set. */
export const DEFAULT_REPORTING_DEADLINE_MINUTES = 120;
export const MAX_REPORTING_DEADLINE_MINUTES = 7 * 24 * 60;
export type ReportingDeadlines = Readonly<Record<Category, number>>;

const minutes = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_REPORTING_DEADLINE_MINUTES;

/**
 * REPORTING_DEADLINE_MINUTES as configured: absent (120 for every category), one whole number of minutes for every
 * category (`90`), or a JSON object of category to minutes (`{"accident":60,"public-health":120}`; categories it leaves
 * out keep 120). Throws a RangeError naming what is wrong.
 */
export function parseReportingDeadlines(raw: string | undefined): ReportingDeadlines {
  const all = (n: number) => Object.fromEntries(CATEGORIES.map((c) => [c, n])) as Record<Category, number>;
  if (raw === undefined || raw.trim() === '') return all(DEFAULT_REPORTING_DEADLINE_MINUTES);
  const limits = `whole minutes from 1 to ${MAX_REPORTING_DEADLINE_MINUTES}`;
  if (/^\s*\d+\s*$/.test(raw)) {
    const n = Number(raw);
    if (!minutes(n)) throw new RangeError(`REPORTING_DEADLINE_MINUTES must be ${limits}`);
    return all(n);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new RangeError('REPORTING_DEADLINE_MINUTES must be a number of minutes or a JSON object of category to minutes');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RangeError('REPORTING_DEADLINE_MINUTES must be a JSON object of category to minutes');
  const out = all(DEFAULT_REPORTING_DEADLINE_MINUTES);
  for (const [category, value] of Object.entries(parsed)) {
    if (!(CATEGORIES as readonly string[]).includes(category)) throw new RangeError(`REPORTING_DEADLINE_MINUTES: ${category.slice(0, 40)} is not a category (${CATEGORIES.join(', ')})`);
    if (!minutes(value)) throw new RangeError(`REPORTING_DEADLINE_MINUTES: ${category} must be ${limits}`);
    out[category as Category] = value;
  }
  return out;
}

// ---- Sending -----------------------------------------------------------------------------------------------------

function notice(noticeId: string, relation: NoticeRelation, kind: NoticeKind, from: Government, to: string, s: NoticeSubject, now: Date, deadlines: ReportingDeadlines): Notice {
  const at = now.toISOString();
  return {
    noticeId,
    kind,
    relation,
    from: { division: from.division, level: from.level },
    to: { division: to, level: levelOf(to) },
    incidentId: s.incidentId,
    category: s.category,
    ...(s.exercise ? { exercise: true as const } : {}),
    title: s.title,
    level: s.level,
    summary: s.summary,
    ...(s.warningId !== undefined ? { warningId: s.warningId } : {}),
    ...(s.updateSeq !== undefined ? { updateSeq: s.updateSeq } : {}),
    sentAt: at,
    dueAt: new Date(now.getTime() + deadlines[s.category] * 60_000).toISOString(),
    status: 'pending',
    rev: 1,
  };
}

/**
 * Art 17, 61: the report to the government one level up from the sender (levels may be skipped, never the next one).
 * The nation has no government above it: nothing to send.
 */
export function reportUpward(noticeId: string, kind: NoticeKind, from: Government, subject: NoticeSubject, now: Date, deadlines: ReportingDeadlines): Notice | undefined {
  if (from.division === NATIONAL) return undefined;
  return notice(noticeId, 'superior', kind, from, superiorOf(from.division), subject, now, deadlines);
}

/**
 * Art 64: the neighbouring governments a warning is notified to are governments of the same level under the same
 * superior (neighbouring counties of one city, cities of one province); never the issuer itself. Duplicates count once.
 */
export function checkNeighbours(from: Government, notify: readonly string[], path = 'body.notify'): string[] {
  const errors: FieldError[] = [];
  const out: string[] = [];
  notify.forEach((code, i) => {
    if (code === from.division) errors.push({ path: `${path}.${i}`, message: 'is your own division' });
    else if (from.division === NATIONAL || levelOf(code) !== from.level || superiorOf(code) !== superiorOf(from.division) || code.length !== from.division.length) {
      errors.push({ path: `${path}.${i}`, message: `${code} is not a ${from.level} division under ${superiorOf(from.division)}` });
    } else if (!out.includes(code)) out.push(code);
  });
  if (errors.length) {
    throw new RuleViolation('not-a-neighbour', 'A warning is notified to neighbouring governments of the same level under the same superior (Art 64).', errors);
  }
  return out;
}

/** The notices a warning's issue, adjustment or lifting sends: one level up, and to each neighbour named. */
export function warningNotices(
  ids: () => string,
  kind: Extract<NoticeKind, 'warning-issued' | 'warning-adjusted' | 'warning-lifted'>,
  from: Government,
  neighbours: readonly string[],
  subject: NoticeSubject,
  now: Date,
  deadlines: ReportingDeadlines,
): Notice[] {
  const up = reportUpward(ids(), kind, from, subject, now, deadlines);
  return [...(up ? [up] : []), ...neighbours.map((d) => notice(ids(), 'neighbour', kind, from, d, subject, now, deadlines))];
}

// ---- Receiving ---------------------------------------------------------------------------------------------------

/** The office a notice is addressed to acknowledges it, once; after the deadline it counts as late. */
export function acknowledgeNotice(n: Notice, gov: Government, now: Date): NoticeChange {
  if (gov.division !== n.to.division) throw new NotInJurisdiction(`Only the office of ${n.to.division} acknowledges this notice.`);
  if (n.status === 'acknowledged') throw new InvalidTransition(`Notice ${n.noticeId} was acknowledged already.`);
  const at = now.toISOString();
  const late = at > n.dueAt;
  return {
    notice: { ...n, status: 'acknowledged', acknowledgement: { at, by: { division: gov.division, level: gov.level }, late }, rev: n.rev + 1 },
    change: { action: 'acknowledge-notice', from: n.status, to: late ? 'acknowledged late' : 'acknowledged' },
  };
}

/** The deadline sweep: a pending notice past due is flagged once and `notice.overdue` announced (Art 61: no late report). */
export function flagOverdue(n: Notice, now: Date): NoticeChange & { event: NoticeOverdueEvent } {
  if (n.status !== 'pending') throw new InvalidTransition(`Notice ${n.noticeId} is ${n.status}.`);
  const at = now.toISOString();
  if (at <= n.dueAt) throw new InvalidTransition(`Notice ${n.noticeId} is due only at ${n.dueAt}.`);
  return {
    notice: { ...n, status: 'overdue', flaggedOverdueAt: at, rev: n.rev + 1 },
    change: { action: 'flag-notice-overdue', from: 'pending', to: 'overdue', reason: `not acknowledged by ${n.dueAt}` },
    event: {
      type: 'notice.overdue',
      // The recipient's division: its own office, and those above it, subscribe to what it owes.
      division: n.to.division,
      category: n.category,
      level: 'none',
      ...(n.exercise ? { attributes: { exercise: 'true' } } : {}),
      noticeId: n.noticeId,
      incidentId: n.incidentId,
      kind: n.kind,
      fromDivision: n.from.division,
      toDivision: n.to.division,
      dueAt: n.dueAt,
    },
  };
}

/** Past due without an acknowledgement (flagged or not yet), or acknowledged after the deadline. */
export function isOverdue(n: Notice, now: Date): boolean {
  if (n.status === 'acknowledged') return n.acknowledgement?.late ?? false;
  return n.status === 'overdue' || now.toISOString() > n.dueAt;
}
