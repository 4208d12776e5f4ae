// The incident aggregate (突发事件): reports and follow-ups, severity derived from the plan in force, and the graded
// response (分级响应): activation, level change, hand-over to a superior, termination (rules 6-9). Pure: no I/O.
import type { Category, ResponseLevel } from './categories.ts';
import { RESPONSE_LEVELS } from './categories.ts';
import type { GovLevel } from './division.ts';
import { atLeast, rank, within } from './division.ts';
import type { PlanIdentity, PlanVersion, Thresholds } from './plan.ts';
import { cstDate } from './calendar/working-days.ts';
import { InvalidTransition, NotInJurisdiction, RuleViolation } from '../errors.ts';
import type { Government } from './actor.ts';
import type { Change } from './change.ts';
import { filingOf, type CongressFiling } from './congress-filing.ts';

export type { Change } from './change.ts';
export type { CongressFiling } from './congress-filing.ts';

/** Art 86-94: after the response, recovery; `assessed` once the investigation report is filed upward; `archived` once every recovery task is done too. */
export const INCIDENT_STATUSES = ['reported', 'responding', 'recovery', 'assessed', 'archived'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Art 87-94: the investigation-and-assessment report (调查评估): causes, losses, lessons, recommendations, responsibility. */
export interface InvestigationFindings {
  causes: string;
  losses: { description: string; directLossFen: number };
  lessons: string;
  recommendations: string[];
  responsibility: string;
}

/** Rule 8: opened at termination; findings recorded, then submitted one level up by the government that led the response. */
export interface Investigation {
  openedAt: string;
  /** A date (China Standard Time): 60 days after termination. */
  dueDate: string;
  status: 'open' | 'submitted';
  findings?: InvestigationFindings;
  findingsRecordedAt?: string;
  submittedAt?: string;
  submittedBy?: { division: string; level: GovLevel };
  /** The notice that filed the report with the government one level up. */
  noticeId?: string;
}

export const RECOVERY_TASK_KINDS = ['loss-assessment', 'reconstruction-plan', 'relief', 'resettlement', 'funds-audit'] as const;
export type RecoveryTaskKind = (typeof RECOVERY_TASK_KINDS)[number];

/** Art 87-94: loss assessment, reconstruction plan, relief, resettlement, audit of funds and materials. */
export interface RecoveryTask {
  taskId: string;
  kind: RecoveryTaskKind;
  description?: string;
  ownerDepartment: string;
  /** A date (China Standard Time). */
  dueDate: string;
  status: 'open' | 'done';
  createdAt: string;
  completedAt?: string;
  outcome?: string;
}

export interface Casualties {
  deaths: number;
  missing: number;
  injured: number;
  seriouslyInjured: number;
}

export interface Figures {
  casualties: Casualties;
  directLossFen: number;
  affectedPopulation: number;
}

export type Metric = keyof Thresholds;

/** Which threshold of which plan version put the incident at its level. */
export interface ThresholdMet {
  planId: string;
  planVersion: number;
  level: ResponseLevel;
  metric: Metric;
  threshold: number;
  value: number;
}

export interface Severity {
  level: ResponseLevel | null;
  /** Null when no plan in force grades this category here, or no threshold is met. */
  basis: ThresholdMet | null;
  derivedLevel: ResponseLevel | null;
  override?: { level: ResponseLevel; reason: string; by: string; at: string };
}

export interface ResponseState {
  status: 'active' | 'terminated';
  planId: string;
  planVersion: number;
  level: ResponseLevel;
  matters: string;
  expectedDuration: string;
  measures: string[];
  /** The threshold the figures meet for the response's level (rule 6); after a change on judgement, the last one met. */
  basis: ThresholdMet;
  /** Set only when the level was changed without a threshold of the new level met: the level `basis` was met for. */
  basisLevel?: ResponseLevel;
  activatedBy: { division: string; level: GovLevel };
  activatedAt: string;
  /** The government leading the response: the activating one, or the superior that took it over (Art 17-19). */
  responsible: { division: string; level: GovLevel };
  terminatedAt?: string;
}

export interface Incident {
  incidentId: string;
  category: Category;
  type: string;
  title: string;
  divisionCode: string;
  occurredAt: string;
  location: { lat: number; lng: number; address: string };
  figures: Figures;
  description: string;
  severity: Severity;
  status: IncidentStatus;
  response?: ResponseState;
  /** Rule 8: opened when the response ends. */
  investigation?: Investigation;
  /** Art 87-94: what recovery still has to do; the incident is archived once the report is filed and all are done. */
  recoveryTasks?: RecoveryTask[];
  /** A drill on the real flow: every step runs, alerts say so, and nothing of it reaches the public. */
  exercise?: true;
  /** Rule 8, 17: personal data collected for this incident is destroyed from this date unless an assessment covers it. */
  piiDestructionFrom?: string;
  updates: number;
  reportedBy: string;
  reportedAt: string;
  updatedAt: string;
  rev: number;
}

export interface IncidentEvent {
  type: 'response.activated' | 'response.level-changed' | 'response.handed-over' | 'response.terminated';
  incidentId: string;
  division: string;
  category: Category;
  level: ResponseLevel;
  responsibleDivision: string;
  /** `exercise: 'true'` for an exercise incident (an SNS message attribute). */
  attributes?: Record<string, string>;
}

export interface IncidentChange {
  incident: Incident;
  change: Change;
  event?: IncidentEvent;
  filing?: CongressFiling;
  /** A follow-up report to keep in order. */
  update?: { seq: number; figures: Figures; note?: string; severity: Severity };
}

/** The plan a severity is graded against: its identity and the version in force. */
export interface PlanInForce {
  plan: Pick<PlanIdentity, 'planId' | 'category' | 'divisionCode' | 'type'>;
  version: PlanVersion;
}

/** The figures a plan's thresholds and a response's basis name. */
export const METRICS = ['deaths', 'seriouslyInjured', 'directLossFen', 'affectedPopulation'] as const satisfies readonly Metric[];
const valueOf = (f: Figures, m: Metric): number =>
  m === 'deaths' ? f.casualties.deaths : m === 'seriouslyInjured' ? f.casualties.seriouslyInjured : m === 'directLossFen' ? f.directLossFen : f.affectedPopulation;

/** Every threshold of one level the figures meet. */
export function thresholdsMet(figures: Figures, plan: PlanInForce, level: ResponseLevel): ThresholdMet[] {
  const def = plan.version.responseLevels[level];
  if (!def) return [];
  return METRICS.flatMap((metric) => {
    const threshold = def.thresholds[metric];
    const value = valueOf(figures, metric);
    return threshold !== undefined && value >= threshold
      ? [{ planId: plan.plan.planId, planVersion: plan.version.version, level, metric, threshold, value }]
      : [];
  });
}

/** Art 3: the highest level any of whose thresholds is met; social security events are not graded. */
export function deriveSeverity(category: Category, figures: Figures, plan: PlanInForce | undefined): Pick<Severity, 'derivedLevel' | 'basis'> {
  if (category === 'social-security' || !plan) return { derivedLevel: null, basis: null };
  for (const level of RESPONSE_LEVELS) {
    const met = thresholdsMet(figures, plan, level)[0];
    if (met) return { derivedLevel: level, basis: met };
  }
  return { derivedLevel: null, basis: null };
}

function severityOf(derived: Pick<Severity, 'derivedLevel' | 'basis'>, override: Severity['override']): Severity {
  return { ...derived, level: override?.level ?? derived.derivedLevel, ...(override ? { override } : {}) };
}

export interface Report {
  category: Category;
  type: string;
  title: string;
  divisionCode: string;
  occurredAt: string;
  location: Incident['location'];
  figures: Figures;
  description: string;
  severityOverride?: { level: ResponseLevel; reason: string };
  /** An exercise (drill) on the real flow. */
  exercise?: boolean;
}

/** Art 3 grades only natural disasters, accidents and public health events; a social security event has no level. */
function checkGradable(category: Category, override: unknown): void {
  if (category === 'social-security' && override !== undefined) {
    throw new RuleViolation('social-security-not-graded', 'Social security events are not graded I-IV (Art 3).', [{ path: 'body.severityOverride', message: 'not allowed for social-security' }]);
  }
}

export function reportIncident(incidentId: string, r: Report, plan: PlanInForce | undefined, gov: Government, now: Date): IncidentChange {
  checkGradable(r.category, r.severityOverride);
  if (!within(r.divisionCode, gov.division)) throw new NotInJurisdiction(`Division ${r.divisionCode} is outside ${gov.division}.`);
  const occurredAt = new Date(r.occurredAt).toISOString();
  const at = now.toISOString();
  if (occurredAt > at) throw new RuleViolation('occurred-in-future', 'An incident is reported after it occurred.', [{ path: 'body.occurredAt', message: 'is in the future' }]);
  const override = r.severityOverride ? { ...r.severityOverride, by: gov.sub, at } : undefined;
  const severity = severityOf(deriveSeverity(r.category, r.figures, plan), override);
  const incident: Incident = {
    incidentId,
    category: r.category,
    type: r.type,
    title: r.title,
    divisionCode: r.divisionCode,
    occurredAt,
    location: r.location,
    figures: r.figures,
    description: r.description,
    severity,
    status: 'reported',
    ...(r.exercise ? { exercise: true as const } : {}),
    updates: 0,
    reportedBy: gov.sub,
    reportedAt: at,
    updatedAt: at,
    rev: 1,
  };
  return {
    incident,
    change: {
      action: 'report',
      from: null,
      to: `reported${r.exercise ? ' (exercise)' : ''}; severity ${severity.level ?? 'ungraded'}`,
      ...(override ? { reason: `severity override: ${override.reason}` } : {}),
    },
  };
}

/** A follow-up report: new figures, severity derived again, kept in order. */
export function followUp(
  i: Incident,
  u: { figures: Figures; note?: string; severityOverride?: { level: ResponseLevel; reason: string } },
  plan: PlanInForce | undefined,
  gov: Government,
  now: Date,
): IncidentChange {
  if (!within(i.divisionCode, gov.division)) throw new NotInJurisdiction(`Incident ${i.incidentId} is outside ${gov.division}.`);
  checkGradable(i.category, u.severityOverride);
  const at = now.toISOString();
  // An earlier override stands until a new one replaces it: the office decided it knowingly.
  const override = u.severityOverride ? { ...u.severityOverride, by: gov.sub, at } : i.severity.override;
  const severity = severityOf(deriveSeverity(i.category, u.figures, plan), override);
  const seq = i.updates + 1;
  return {
    incident: { ...i, figures: u.figures, severity, updates: seq, updatedAt: at, rev: i.rev + 1 },
    change: {
      action: 'follow-up',
      from: `severity ${i.severity.level ?? 'ungraded'}`,
      to: `severity ${severity.level ?? 'ungraded'} (update ${seq})`,
      ...(u.severityOverride ? { reason: `severity override: ${u.severityOverride.reason}` } : u.note ? { reason: u.note } : {}),
    },
    update: { seq, figures: u.figures, ...(u.note ? { note: u.note } : {}), severity },
  };
}

/** Rule 7: the government's level must reach the authority the plan requires for that response level. */
function checkAuthority(plan: PlanInForce, level: ResponseLevel, gov: Government): void {
  const def = plan.version.responseLevels[level];
  if (!def) {
    throw new RuleViolation('level-not-in-plan', `Plan ${plan.plan.planId} version ${plan.version.version} defines no level ${level} response.`, [
      { path: 'body.level', message: `not defined by the plan` },
    ]);
  }
  if (!atLeast(gov.level, def.requiredAuthority)) {
    throw new RuleViolation(
      'insufficient-authority',
      `A level ${level} response under this plan needs a ${def.requiredAuthority} government or higher; a ${gov.level} government cannot activate it (Art 71-72).`,
    );
  }
}

function eventOf(i: Incident, type: IncidentEvent['type']): IncidentEvent {
  const r = i.response!;
  return {
    type,
    incidentId: i.incidentId,
    division: i.divisionCode,
    category: i.category,
    level: r.level,
    responsibleDivision: r.responsible.division,
    // Every alert of an exercise says so: default subscriptions leave it out (SNS attribute exercise=true).
    ...(i.exercise ? { attributes: { exercise: 'true' } } : {}),
  };
}

export interface Activation {
  level: ResponseLevel;
  matters: string;
  expectedDuration: string;
  measures: string[];
  basis: { metric: Metric };
}

/** Rule 6: a response cites a published or filed plan version. */
function checkInForce(plan: PlanInForce): void {
  if (plan.version.status !== 'published' && plan.version.status !== 'filed') {
    throw new RuleViolation('plan-version-not-in-force', `Plan version ${plan.version.version} is ${plan.version.status}; cite a published or filed version.`, [
      { path: 'body.planVersion', message: 'not published or filed' },
    ]);
  }
}

/** Rules 6, 7, 9: cites a published or filed plan version and a threshold the incident meets. */
export function activateResponse(i: Incident, a: Activation, plan: PlanInForce, gov: Government, now: Date): IncidentChange {
  if (!within(i.divisionCode, gov.division)) throw new NotInJurisdiction(`Incident ${i.incidentId} is outside ${gov.division}.`);
  if (i.status !== 'reported') throw new InvalidTransition(i.status === 'responding' ? 'A response is already active; change its level instead.' : 'The response has ended.');
  checkInForce(plan);
  if (!within(i.divisionCode, plan.plan.divisionCode)) {
    throw new RuleViolation('plan-outside-division', `Plan ${plan.plan.planId} of ${plan.plan.divisionCode} does not cover division ${i.divisionCode}.`, [
      { path: 'body.planId', message: 'the plan does not cover the incident division' },
    ]);
  }
  if (plan.plan.category !== i.category) {
    throw new RuleViolation('plan-category-mismatch', `The plan covers ${plan.plan.category} events; the incident is ${i.category}.`, [{ path: 'body.planId', message: 'wrong category' }]);
  }
  checkAuthority(plan, a.level, gov);
  const met = thresholdsMet(i.figures, plan, a.level).find((t) => t.metric === a.basis.metric);
  if (!met) {
    throw new RuleViolation('threshold-not-met', `The incident does not meet the plan's level ${a.level} threshold for ${a.basis.metric}.`, [
      { path: 'body.basis.metric', message: 'threshold not met by the reported figures' },
    ]);
  }
  const at = now.toISOString();
  const response: ResponseState = {
    status: 'active',
    planId: plan.plan.planId,
    planVersion: plan.version.version,
    level: a.level,
    matters: a.matters,
    expectedDuration: a.expectedDuration,
    measures: a.measures,
    basis: met,
    activatedBy: { division: gov.division, level: gov.level },
    activatedAt: at,
    responsible: { division: gov.division, level: gov.level },
  };
  const next: Incident = { ...i, status: 'responding', response, updatedAt: at, rev: i.rev + 1 };
  return {
    incident: next,
    change: { action: 'activate-response', from: 'no response', to: `level ${a.level} response` },
    event: eventOf(next, 'response.activated'),
    filing: filingOf('activation', gov, `Level ${a.level} response activated under plan ${plan.plan.planId} v${plan.version.version}: ${a.matters}`, at),
  };
}

function activeResponse(i: Incident): ResponseState {
  if (i.status !== 'responding' || i.response?.status !== 'active') throw new InvalidTransition('There is no active response.');
  return i.response;
}

/** Rule 7: only the government leading the response changes its level or lifts it. */
function checkResponsible(r: ResponseState, gov: Government): void {
  if (gov.division !== r.responsible.division) {
    throw new NotInJurisdiction(`Only the government leading this response (${r.responsible.division}) may do this.`);
  }
}

export function changeLevel(i: Incident, level: ResponseLevel, reason: string, plan: PlanInForce, gov: Government, now: Date): IncidentChange {
  const r = activeResponse(i);
  checkResponsible(r, gov);
  if (level === r.level) throw new RuleViolation('same-level', `The response is already at level ${level}.`, [{ path: 'body.level', message: 'unchanged' }]);
  checkInForce(plan);
  if (plan.plan.planId !== r.planId) throw new RuleViolation('plan-mismatch', `The response runs under plan ${r.planId}.`, [{ path: 'body.planVersion', message: 'another plan' }]);
  checkAuthority(plan, level, gov);
  const at = now.toISOString();
  // The basis follows the level: the new level's threshold the figures meet, the activation's metric first. A government
  // may change the level on its own judgement without one (a rising flood does not wait for the next count): then the
  // last basis stays and basisLevel says which level it was met for.
  const met = thresholdsMet(i.figures, plan, level);
  const basis = met.find((t) => t.metric === r.basis.metric) ?? met[0];
  const { basisLevel: _previous, ...kept } = r;
  const response: ResponseState = basis ? { ...kept, level, planVersion: plan.version.version, basis } : { ...kept, level, planVersion: plan.version.version, basisLevel: r.basis.level };
  const next: Incident = { ...i, response, updatedAt: at, rev: i.rev + 1 };
  return {
    incident: next,
    change: { action: 'change-response-level', from: `level ${r.level}`, to: `level ${level}`, reason },
    event: eventOf(next, 'response.level-changed'),
    filing: filingOf('level-change', gov, `Response level changed from ${r.level} to ${level}: ${reason}`, at),
  };
}

/** Art 17-19: a superior government takes the lead and becomes responsible. */
export function handOver(i: Incident, reason: string, gov: Government, now: Date): IncidentChange {
  const r = activeResponse(i);
  if (!within(r.responsible.division, gov.division) || gov.division === r.responsible.division || rank(gov.level) <= rank(r.responsible.level)) {
    throw new NotInJurisdiction(`Only a government above ${r.responsible.division} may take over this response.`);
  }
  const at = now.toISOString();
  const next: Incident = { ...i, response: { ...r, responsible: { division: gov.division, level: gov.level } }, updatedAt: at, rev: i.rev + 1 };
  return {
    incident: next,
    change: { action: 'hand-over-response', from: `led by ${r.responsible.division}`, to: `led by ${gov.division}`, reason },
    event: eventOf(next, 'response.handed-over'),
    filing: filingOf('hand-over', gov, `Response taken over from ${r.responsible.division} by ${gov.division}: ${reason}`, at),
  };
}

export const INVESTIGATION_DAYS = 60;

/** Rules 7, 8, 9: the leading government lifts the response; recovery, investigation and the PII clock start. */
export function terminate(i: Incident, reason: string, gov: Government, now: Date, investigationDays = INVESTIGATION_DAYS): IncidentChange {
  const r = activeResponse(i);
  checkResponsible(r, gov);
  const at = now.toISOString();
  // A date-only deadline counts from the day of termination in China Standard Time, like every other deadline.
  const due = new Date(`${cstDate(now)}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + investigationDays);
  const next: Incident = {
    ...i,
    status: 'recovery',
    response: { ...r, status: 'terminated', terminatedAt: at },
    investigation: { openedAt: at, dueDate: due.toISOString().slice(0, 10), status: 'open' },
    piiDestructionFrom: at,
    updatedAt: at,
    rev: i.rev + 1,
  };
  return {
    incident: next,
    change: { action: 'terminate-response', from: `level ${r.level} response`, to: 'recovery', reason },
    event: eventOf(next, 'response.terminated'),
    filing: filingOf('termination', gov, `Level ${r.level} response terminated: ${reason}`, at),
  };
}
