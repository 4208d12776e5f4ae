// Deployments (调用) of social forces and volunteers under unified command: the request gated by registration,
// insurance and qualification (rules 21-22), each person's free answer (no forced assignment), arrival, withdrawal,
// hours, stand-down, and the service record for the certificate (Volunteer Service Regulations Art 19). Pure: no I/O.
// A deployment names people by volunteer id only; nothing here holds personal data.
import { InvalidTransition, NotFound, NotInJurisdiction, RuleViolation, type FieldError } from '../errors.ts';
import { actorLabel, asGovernment, hasRole, inJurisdiction, isGovernment, requireJurisdiction, type Actor } from './actor.ts';
import { cstDate } from './calendar/working-days.ts';
import type { Category } from './categories.ts';
import type { Change, DomainEvent } from './change.ts';
import type { ClaimSubject } from './claim.ts';
import type { GovLevel } from './division.ts';
import { CAPABILITIES, daysInclusive, isCalendarDate, undeployableReason, type Capability, type GroupInsurance, type Organization } from './organization.ts';
import { QUALIFICATION_KINDS, missingQualifications, uncoveredDays, type QualificationKind, type Volunteer } from './volunteer.ts';

export type { Change, DomainEvent } from './change.ts';

/** The longest deployment one request covers; a longer task is requested again, with insurance checked again. */
export const MAX_DEPLOYMENT_DAYS = 90;
/** Hours are recorded in quarter hours: sums stay exact, so the 24-hour day is checked without rounding. */
export const HOURS_STEP = 0.25;
export const MAX_HOURS_PER_DAY = 24;

/** Tasks that are risky whatever the request says: the office cannot waive rule 21's insurance by a flag. */
export const INHERENTLY_RISKY: readonly Capability[] = ['water-rescue', 'mountain-rescue', 'urban-search', 'firefighting', 'hazmat-response'];

export const DEPLOYMENT_ACTIONS = ['accept', 'decline', 'arrive', 'withdraw', 'record-hours', 'stand-down'] as const;
export type DeploymentAction = (typeof DEPLOYMENT_ACTIONS)[number];

export const DEPLOYMENT_STATUSES = ['requested', 'accepted', 'declined', 'arrived', 'withdrawn', 'stood-down'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];
export type Answer = 'pending' | 'accepted' | 'declined';

export interface Task {
  title: string;
  kind: Capability;
  risky: boolean;
  /** A professional task (Art 40) names the certificates each person must hold on every day of the deployment. */
  requiredQualifications: QualificationKind[];
}

export interface DeployedPerson {
  volunteerId: string;
  /** The user id of a volunteer who registered themself: they answer for themself. */
  sub?: string;
  answer: Answer;
  answeredAt?: string;
}

export interface HoursEntry {
  volunteerId: string;
  date: string;
  hours: number;
  recordedAt: string;
  recordedBy: string;
}

export interface Deployment {
  deploymentId: string;
  incidentId: string;
  /** The incident's division and category: jurisdiction and the alert attributes. */
  divisionCode: string;
  category: Category;
  /** Present when a social force is deployed with its own team; absent for self-registered volunteers. */
  organizationId?: string;
  people: DeployedPerson[];
  task: Task;
  /** Inclusive CST dates. */
  from: string;
  to: string;
  place: string;
  reportTo: string;
  status: DeploymentStatus;
  requestedBy: { division: string; level: GovLevel; sub: string };
  requestedAt: string;
  /** When the last person answered and the request became accepted or declined. */
  answeredAt?: string;
  arrivedAt?: string;
  withdrawnAt?: string;
  stoodDownAt?: string;
  standDownReason?: string;
  hours: HoursEntry[];
  updatedAt: string;
  rev: number;
}

export interface DeploymentEvent extends DomainEvent {
  type: 'deployment.requested' | 'deployment.accepted' | 'deployment.declined' | 'deployment.arrived' | 'deployment.withdrawn' | 'deployment.stood-down';
  deploymentId: string;
  incidentId: string;
  status: DeploymentStatus;
  taskKind: Capability;
  from: string;
  to: string;
  people: number;
}

export interface DeploymentChange {
  deployment: Deployment;
  change: Change;
  event?: DeploymentEvent;
}

export interface DeploymentRequest {
  organizationId?: string;
  volunteerIds: string[];
  task: Task;
  from: string;
  to: string;
  place: string;
  reportTo: string;
}

/** What the incident contributes: an `Incident` fits. */
export interface IncidentForDeployment {
  incidentId: string;
  divisionCode: string;
  category: Category;
  status: string;
  response?: { status: 'active' | 'terminated' };
}

export interface DeploymentContext {
  incident: IncidentForDeployment;
  /** The organisation's record when `organizationId` is given. */
  organization?: Organization<unknown>;
  /** The records of every volunteer named. */
  volunteers: Volunteer<unknown>[];
  /** Other deployments naming any of these volunteers; overlapping live ones make a person unavailable. */
  commitments?: Deployment[];
}

// ---- Dates and commitments --------------------------------------------------------------------------------------

/** Inclusive date ranges share at least one day. */
export function overlaps(a: { from: string; to: string }, b: { from: string; to: string }): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** Whether the deployment still holds the person to its dates: asked or accepted and not yet withdrawn or stood down. */
export function isCommitment(d: Deployment, volunteerId: string): boolean {
  const p = d.people.find((x) => x.volunteerId === volunteerId);
  return p !== undefined && p.answer !== 'declined' && (d.status === 'requested' || d.status === 'accepted' || d.status === 'arrived');
}

/** The organisation's group policy counts for every member only when it insures at least as many as it has. */
function groupCover(org: Organization<unknown> | undefined): GroupInsurance | undefined {
  return org?.insurance && org.insurance.insuredCount >= org.memberCount ? org.insurance : undefined;
}

function eventOf(d: Deployment, type: DeploymentEvent['type']): DeploymentEvent {
  return {
    type,
    division: d.divisionCode,
    category: d.category,
    level: 'none',
    ...(d.organizationId ? { attributes: { org: d.organizationId } } : {}),
    deploymentId: d.deploymentId,
    incidentId: d.incidentId,
    status: d.status,
    taskKind: d.task.kind,
    from: d.from,
    to: d.to,
    people: d.people.filter((p) => p.answer !== 'declined').length,
  };
}

const present = (v: unknown) => typeof v === 'string' && v.trim() !== '';

// ---- Request (rules 21, 22) -------------------------------------------------------------------------------------

function requestProblems(r: DeploymentRequest): FieldError[] {
  const out: FieldError[] = [];
  if (!Array.isArray(r.volunteerIds) || r.volunteerIds.length === 0) out.push({ path: 'body.volunteerIds', message: 'name at least one volunteer' });
  else r.volunteerIds.forEach((id, n) => r.volunteerIds.indexOf(id) !== n && out.push({ path: `body.volunteerIds[${n}]`, message: `${id} is listed twice` }));
  if (!present(r.task?.title)) out.push({ path: 'body.task.title', message: 'is required' });
  if (!CAPABILITIES.includes(r.task?.kind as Capability)) out.push({ path: 'body.task.kind', message: `must be one of ${CAPABILITIES.join(', ')}` });
  if (typeof r.task?.risky !== 'boolean') out.push({ path: 'body.task.risky', message: 'is required (true or false)' });
  const required = r.task?.requiredQualifications;
  if (!Array.isArray(required)) out.push({ path: 'body.task.requiredQualifications', message: 'is required (may be empty)' });
  else {
    required.forEach((k, n) => {
      if (!QUALIFICATION_KINDS.includes(k)) out.push({ path: `body.task.requiredQualifications[${n}]`, message: 'is not a known qualification' });
      else if (required.indexOf(k) !== n) out.push({ path: `body.task.requiredQualifications[${n}]`, message: 'is listed twice' });
    });
  }
  if (!present(r.place)) out.push({ path: 'body.place', message: 'is required' });
  if (!present(r.reportTo)) out.push({ path: 'body.reportTo', message: 'is required' });
  return out;
}

function dateProblems(from: string, to: string, today: string): FieldError[] {
  if (!isCalendarDate(from)) return [{ path: 'body.from', message: 'is not a date (YYYY-MM-DD)' }];
  if (!isCalendarDate(to)) return [{ path: 'body.to', message: 'is not a date (YYYY-MM-DD)' }];
  if (to < from) return [{ path: 'body.to', message: 'is before from' }];
  if (from < today) return [{ path: 'body.from', message: `is before today (${today})` }];
  if (daysInclusive(from, to) > MAX_DEPLOYMENT_DAYS) return [{ path: 'body.to', message: `a deployment lasts at most ${MAX_DEPLOYMENT_DAYS} days` }];
  return [];
}

/**
 * An office with jurisdiction over an incident under an active response requests a social force's team, or
 * self-registered volunteers, for a task on dates. Refused when the force is not deployable on every day (rule 22), a
 * risky task lacks accident insurance on every day for every person, or a professional task lacks a certificate valid
 * on every day (rule 21), or a person is already committed on overlapping dates.
 */
export function createDeployment(deploymentId: string, r: DeploymentRequest, ctx: DeploymentContext, actor: Actor, now: Date): DeploymentChange {
  const gov = asGovernment(actor);
  const incident = ctx.incident;
  requireJurisdiction(gov, incident.divisionCode, `Incident ${incident.incidentId}`);
  if (incident.status !== 'responding' || incident.response?.status !== 'active') {
    throw new RuleViolation('no-active-response', `Incident ${incident.incidentId} has no active response; forces are deployed under a response (Art 72).`);
  }
  const problems = requestProblems(r);
  if (problems.length) throw new RuleViolation('invalid-deployment', 'The deployment request is incomplete or invalid.', problems);
  const today = cstDate(now);
  const dates = dateProblems(r.from, r.to, today);
  if (dates.length) throw new RuleViolation('invalid-dates', `A deployment runs from today or later, from <= to, at most ${MAX_DEPLOYMENT_DAYS} days.`, dates);

  const volunteers = r.volunteerIds.map((id) => {
    const v = ctx.volunteers.find((x) => x.volunteerId === id);
    if (!v) throw new NotFound(`Volunteer ${id} not found.`);
    return v;
  });
  const perPerson = (pick: (v: Volunteer<unknown>) => string | undefined): FieldError[] =>
    volunteers.flatMap((v, n) => {
      const message = pick(v);
      return message === undefined ? [] : [{ path: `body.volunteerIds[${n}]`, message }];
    });

  // Social forces are dispatched through their organisation (domain.md section 6): its members go with it.
  const org = r.organizationId === undefined ? undefined : ctx.organization;
  if (r.organizationId !== undefined) {
    if (!org || org.organizationId !== r.organizationId) throw new NotFound(`Organisation ${r.organizationId} not found.`);
    const strangers = perPerson((v) => (v.organizationId === org.organizationId ? undefined : `volunteer ${v.volunteerId} is not a member of organisation ${org.organizationId}`));
    if (strangers.length) throw new RuleViolation('volunteer-not-in-organization', `Deploy organisation ${org.organizationId} with its own members.`, strangers);
    const why = undeployableReason(org, r.from, r.to);
    if (why) throw new RuleViolation('organization-not-deployable', `${why} A social force is deployable only while its registration is valid (rule 22).`, [{ path: 'body.organizationId', message: why }]);
  } else {
    const members = perPerson((v) => (v.organizationId === undefined ? undefined : `volunteer ${v.volunteerId} is deployed through organisation ${v.organizationId}`));
    if (members.length) throw new RuleViolation('deploy-through-organization', 'Members of a social force are deployed through their organisation.', members);
  }

  if (!r.task.risky && INHERENTLY_RISKY.includes(r.task.kind)) {
    throw new RuleViolation('task-is-risky', `A ${r.task.kind} task is risky: insurance is checked for it (rule 21).`, [{ path: 'body.task.risky', message: `must be true for ${r.task.kind}` }]);
  }

  const busy = perPerson((v) => {
    const clash = (ctx.commitments ?? []).find((d) => d.deploymentId !== deploymentId && isCommitment(d, v.volunteerId) && overlaps(d, r));
    return clash ? `volunteer ${v.volunteerId} is committed to deployment ${clash.deploymentId} (${clash.from}..${clash.to})` : undefined;
  });
  if (busy.length) throw new RuleViolation('volunteer-unavailable', 'A volunteer is already committed on overlapping dates.', busy);

  if (r.task.risky) {
    const group = groupCover(org);
    const uninsured = perPerson((v) => {
      const days = uncoveredDays(v, group, r.from, r.to);
      if (days.length === 0) return undefined;
      const shown = days.length > 3 ? `${days.slice(0, 3).join(', ')} and ${days.length - 3} more` : days.join(', ');
      const partial = org?.insurance && !group ? ` (the group policy insures ${org.insurance.insuredCount} of ${org.memberCount} members)` : '';
      return `volunteer ${v.volunteerId} has no personal accident insurance on ${shown}${partial}`;
    });
    if (uninsured.length) {
      throw new RuleViolation('insurance-required', 'A risky task needs personal accident insurance covering every day of the deployment for every person (rule 21).', uninsured);
    }
  }

  const unqualified = perPerson((v) => {
    const missing = missingQualifications(v, r.task.requiredQualifications, r.from, r.to);
    return missing.length ? `volunteer ${v.volunteerId} holds no ${missing.join(', ')} certificate valid from ${r.from} to ${r.to}` : undefined;
  });
  if (unqualified.length) throw new RuleViolation('qualification-required', 'A professional task needs each required qualification on record, valid on every day (rule 21).', unqualified);

  const at = now.toISOString();
  const deployment: Deployment = {
    deploymentId,
    incidentId: incident.incidentId,
    divisionCode: incident.divisionCode,
    category: incident.category,
    ...(org ? { organizationId: org.organizationId } : {}),
    people: volunteers.map((v) => ({ volunteerId: v.volunteerId, ...(v.ownerSub ? { sub: v.ownerSub } : {}), answer: 'pending' })),
    task: { title: r.task.title.trim(), kind: r.task.kind, risky: r.task.risky, requiredQualifications: [...r.task.requiredQualifications] },
    from: r.from,
    to: r.to,
    place: r.place.trim(),
    reportTo: r.reportTo.trim(),
    status: 'requested',
    requestedBy: { division: gov.division, level: gov.level, sub: gov.sub },
    requestedAt: at,
    hours: [],
    updatedAt: at,
    rev: 1,
  };
  return {
    deployment,
    change: { action: 'request-deployment', from: null, to: `requested ${r.from}..${r.to} for ${org ? `organisation ${org.organizationId}, ` : ''}${volunteers.length} people` },
    event: eventOf(deployment, 'deployment.requested'),
  };
}

// ---- Life cycle -------------------------------------------------------------------------------------------------

export type DeploymentTransition =
  | { action: 'accept'; volunteerIds?: string[] }
  | { action: 'decline'; volunteerIds?: string[] }
  | { action: 'arrive'; at: string }
  | { action: 'withdraw'; at: string }
  | { action: 'record-hours'; entries: { volunteerId: string; date: string; hours: number }[] }
  | { action: 'stand-down'; reason?: string };

const isOrgOf = (actor: Actor, d: Deployment) => d.organizationId !== undefined && actor.kind === 'user' && hasRole(actor, 'org') && actor.orgId === d.organizationId;
const personOf = (actor: Actor, d: Deployment) => (actor.kind === 'user' ? d.people.find((p) => p.sub !== undefined && p.sub === actor.sub) : undefined);

function requireStatus(d: Deployment, allowed: DeploymentStatus[], action: DeploymentAction): void {
  if (!allowed.includes(d.status)) throw new InvalidTransition(`Cannot ${action} a deployment that is ${d.status}.`);
}

/**
 * Rule 21, no forced assignment (Volunteer Service Regulations Art 25): the organisation answers for its members on the
 * deployment, a self-registered volunteer for themself; nobody else, an office least of all. A decline needs no reason
 * and leaves nothing behind. Once everyone has answered the request is accepted (someone goes) or declined (nobody).
 */
function answer(d: Deployment, t: { action: 'accept' | 'decline'; volunteerIds?: string[] }, actor: Actor, at: string): DeploymentChange {
  if (isGovernment(actor)) {
    throw new RuleViolation('no-forced-assignment', 'An office requests a deployment; only the organisation or the volunteer accepts or declines it (rule 21).');
  }
  requireStatus(d, ['requested'], t.action);
  let ids: string[];
  if (isOrgOf(actor, d)) {
    ids = t.volunteerIds ?? d.people.filter((p) => p.answer === 'pending').map((p) => p.volunteerId);
  } else {
    const self = personOf(actor, d);
    if (!self) throw new NotInJurisdiction(`Only ${d.organizationId ? `organisation ${d.organizationId} or ` : ''}the volunteers asked may answer deployment ${d.deploymentId}.`);
    ids = t.volunteerIds ?? [self.volunteerId];
    const others = ids.filter((id) => id !== self.volunteerId);
    if (others.length) throw new NotInJurisdiction(`A volunteer answers only for themself, not for ${others.join(', ')}.`);
  }
  if (ids.length === 0) throw new RuleViolation('invalid-answer', 'Name the volunteers you answer for.', [{ path: 'body.volunteerIds', message: 'is empty' }]);
  const errors: FieldError[] = [];
  ids.forEach((id, n) => {
    const p = d.people.find((x) => x.volunteerId === id);
    if (!p) errors.push({ path: `body.volunteerIds[${n}]`, message: `volunteer ${id} is not on deployment ${d.deploymentId}` });
    else if (ids.indexOf(id) !== n) errors.push({ path: `body.volunteerIds[${n}]`, message: `${id} is listed twice` });
  });
  if (errors.length) throw new RuleViolation('not-on-deployment', 'Answer only for people the deployment asks for.', errors);
  const answered = ids.filter((id) => d.people.find((p) => p.volunteerId === id)!.answer !== 'pending');
  if (answered.length) throw new InvalidTransition(`Already answered: ${answered.join(', ')}.`);

  const given: Answer = t.action === 'accept' ? 'accepted' : 'declined';
  const people = d.people.map((p) => (ids.includes(p.volunteerId) ? { ...p, answer: given, answeredAt: at } : p));
  const pending = people.filter((p) => p.answer === 'pending').length;
  const base = { ...d, people, updatedAt: at, rev: d.rev + 1 };
  if (pending > 0) {
    return { deployment: base, change: { action: t.action, from: 'requested', to: `requested (${people.length - pending} of ${people.length} answered)` } };
  }
  const status: DeploymentStatus = people.some((p) => p.answer === 'accepted') ? 'accepted' : 'declined';
  const next: Deployment = { ...base, status, answeredAt: at };
  return { deployment: next, change: { action: t.action, from: 'requested', to: status }, event: eventOf(next, status === 'accepted' ? 'deployment.accepted' : 'deployment.declined') };
}

/** Arrival, withdrawal and hours are reported by the organisation, a volunteer who went, or the office in command. */
function requireReporter(d: Deployment, actor: Actor): void {
  if (isOrgOf(actor, d)) return;
  if (d.organizationId === undefined && personOf(actor, d)?.answer === 'accepted') return;
  if (isGovernment(actor) && inJurisdiction(actor, d.divisionCode)) return;
  throw new NotInJurisdiction(`Only ${d.organizationId ? `organisation ${d.organizationId}` : 'the volunteers who went'} or the office in command reports on deployment ${d.deploymentId}.`);
}

function instant(s: string, now: Date, notBefore: string | undefined, what: string): string {
  const t = typeof s === 'string' ? Date.parse(s) : NaN;
  if (!Number.isFinite(t)) throw new RuleViolation('invalid-time', `The ${what} time is not an ISO 8601 instant.`, [{ path: 'body.at', message: 'is not a time' }]);
  const at = new Date(t).toISOString();
  if (at > now.toISOString()) throw new RuleViolation('invalid-time', `The ${what} is reported after it happens.`, [{ path: 'body.at', message: 'is in the future' }]);
  if (notBefore !== undefined && at < notBefore) throw new RuleViolation('invalid-time', `The ${what} cannot precede ${notBefore}.`, [{ path: 'body.at', message: `is before ${notBefore}` }]);
  return at;
}

function recordHours(d: Deployment, entries: { volunteerId: string; date: string; hours: number }[], actor: Actor, now: Date): DeploymentChange {
  requireStatus(d, ['arrived', 'withdrawn'], 'record-hours');
  if (!Array.isArray(entries) || entries.length === 0) throw new RuleViolation('invalid-hours', 'Record at least one entry.', [{ path: 'body.entries', message: 'is empty' }]);
  const went = new Set(d.people.filter((p) => p.answer === 'accepted').map((p) => p.volunteerId));
  const refuse = (code: string, detail: string, bad: (e: (typeof entries)[number]) => FieldError | undefined) => {
    const errors = entries.flatMap((e, n) => {
      const err = bad(e);
      return err ? [{ ...err, path: `body.entries[${n}].${err.path}` }] : [];
    });
    if (errors.length) throw new RuleViolation(code, detail, errors);
  };
  refuse('not-on-deployment', 'Hours are recorded only for people who went on the deployment.', (e) =>
    went.has(e.volunteerId) ? undefined : { path: 'volunteerId', message: `volunteer ${e.volunteerId} did not go on deployment ${d.deploymentId}` },
  );
  refuse('invalid-hours', `Hours are positive, in steps of ${HOURS_STEP}, at most ${MAX_HOURS_PER_DAY}.`, (e) =>
    typeof e.hours === 'number' && e.hours > 0 && e.hours <= MAX_HOURS_PER_DAY && Number.isInteger(e.hours / HOURS_STEP) ? undefined : { path: 'hours', message: `must be positive quarter hours, at most ${MAX_HOURS_PER_DAY}` },
  );
  // The days the team was there: within the deployment's dates, from arrival to withdrawal, and not after today.
  const first = [d.from, cstDate(new Date(d.arrivedAt!))].sort().at(-1)!;
  const last = [d.to, d.withdrawnAt ? cstDate(new Date(d.withdrawnAt)) : d.to, cstDate(now)].sort()[0]!;
  refuse('hours-outside-deployment', `Hours fall on days of the deployment the team was there (${first}..${last}).`, (e) =>
    isCalendarDate(e.date) && first <= e.date && e.date <= last ? undefined : { path: 'date', message: `is outside ${first}..${last}` },
  );
  const day = new Map<string, number>();
  for (const h of d.hours) day.set(`${h.volunteerId} ${h.date}`, (day.get(`${h.volunteerId} ${h.date}`) ?? 0) + h.hours);
  refuse('hours-exceed-day', `No one works more than ${MAX_HOURS_PER_DAY} hours on a day.`, (e) => {
    const key = `${e.volunteerId} ${e.date}`;
    const total = (day.get(key) ?? 0) + e.hours;
    day.set(key, total);
    return total > MAX_HOURS_PER_DAY ? { path: 'hours', message: `brings volunteer ${e.volunteerId} to ${total} hours on ${e.date}` } : undefined;
  });

  const at = now.toISOString();
  const by = actorLabel(actor);
  const hours = [...d.hours, ...entries.map((e) => ({ volunteerId: e.volunteerId, date: e.date, hours: e.hours, recordedAt: at, recordedBy: by }))];
  const sum = (list: { hours: number }[]) => list.reduce((n, h) => n + h.hours, 0);
  return { deployment: { ...d, hours, updatedAt: at, rev: d.rev + 1 }, change: { action: 'record-hours', from: `${sum(d.hours)} hours`, to: `${sum(hours)} hours` } };
}

/** One entry point per route action: POST /v1/deployments/{id}/transitions. */
export function transitionDeployment(d: Deployment, t: DeploymentTransition, actor: Actor, now: Date): DeploymentChange {
  const at = now.toISOString();
  switch (t.action) {
    case 'accept':
    case 'decline':
      return answer(d, t, actor, at);
    case 'arrive': {
      requireReporter(d, actor);
      requireStatus(d, ['accepted'], 'arrive');
      const arrivedAt = instant(t.at, now, d.answeredAt, 'arrival');
      const day = cstDate(new Date(arrivedAt));
      if (day < d.from || day > d.to) throw new RuleViolation('invalid-time', `Arrival falls within the deployment's dates (${d.from}..${d.to}).`, [{ path: 'body.at', message: `${day} is outside ${d.from}..${d.to}` }]);
      const next: Deployment = { ...d, status: 'arrived', arrivedAt, updatedAt: at, rev: d.rev + 1 };
      return { deployment: next, change: { action: 'arrive', from: 'accepted', to: `arrived ${arrivedAt}` }, event: eventOf(next, 'deployment.arrived') };
    }
    case 'withdraw': {
      requireReporter(d, actor);
      requireStatus(d, ['arrived'], 'withdraw');
      const withdrawnAt = instant(t.at, now, d.arrivedAt, 'withdrawal');
      // Hours already recorded say the team was there on those days: it cannot have left before them.
      const lastWorked = d.hours.reduce<string | undefined>((m, h) => (m === undefined || h.date > m ? h.date : m), undefined);
      if (lastWorked !== undefined && cstDate(new Date(withdrawnAt)) < lastWorked) {
        throw new RuleViolation('invalid-time', `Hours are recorded up to ${lastWorked}; the withdrawal cannot precede that day.`, [{ path: 'body.at', message: `is before ${lastWorked}` }]);
      }
      const next: Deployment = { ...d, status: 'withdrawn', withdrawnAt, updatedAt: at, rev: d.rev + 1 };
      return { deployment: next, change: { action: 'withdraw', from: 'arrived', to: `withdrawn ${withdrawnAt}` }, event: eventOf(next, 'deployment.withdrawn') };
    }
    case 'record-hours':
      requireReporter(d, actor);
      return recordHours(d, t.entries, actor, now);
    case 'stand-down': {
      // The office in command ends a deployment: called off before arrival, or closed once the team has withdrawn
      // (and its hours are in). A team on site reports its withdrawal first.
      const gov = asGovernment(actor);
      requireJurisdiction(gov, d.divisionCode, `Deployment ${d.deploymentId}`);
      if (d.status === 'arrived') throw new InvalidTransition('The team is on site: its withdrawal is reported before the deployment is stood down.');
      requireStatus(d, ['requested', 'accepted', 'withdrawn'], 'stand-down');
      const reason = t.reason?.trim();
      const next: Deployment = { ...d, status: 'stood-down', stoodDownAt: at, ...(reason ? { standDownReason: reason } : {}), updatedAt: at, rev: d.rev + 1 };
      return { deployment: next, change: { action: 'stand-down', from: d.status, to: 'stood-down', ...(reason ? { reason } : {}) }, event: eventOf(next, 'deployment.stood-down') };
    }
  }
}

// ---- Service record (Volunteer Service Regulations Art 19) --------------------------------------------------------

export interface ServiceEntry {
  deploymentId: string;
  incidentId: string;
  organizationId?: string;
  task: { title: string; kind: Capability };
  from: string;
  to: string;
  status: DeploymentStatus;
  arrivedAt?: string;
  withdrawnAt?: string;
  hours: number;
  /** Dates with hours recorded. */
  days: number;
}

export interface ServiceRecord {
  volunteerId: string;
  organizationId?: string;
  deployments: ServiceEntry[];
  totalHours: number;
  /** Distinct dates with hours recorded, and the first and last of them. */
  totalDays: number;
  firstDate?: string;
  lastDate?: string;
}

/**
 * What the volunteer served: every deployment they accepted, with the hours recorded for them, oldest first. A decline
 * leaves no trace here (rule 21). The certificate is printed from this record, free of charge.
 */
export function serviceRecord(v: Volunteer<unknown>, deployments: Deployment[]): ServiceRecord {
  const entries = deployments
    .filter((d) => d.people.some((p) => p.volunteerId === v.volunteerId && p.answer === 'accepted'))
    .map((d): ServiceEntry => {
      const mine = d.hours.filter((h) => h.volunteerId === v.volunteerId);
      return {
        deploymentId: d.deploymentId,
        incidentId: d.incidentId,
        ...(d.organizationId ? { organizationId: d.organizationId } : {}),
        task: { title: d.task.title, kind: d.task.kind },
        from: d.from,
        to: d.to,
        status: d.status,
        ...(d.arrivedAt ? { arrivedAt: d.arrivedAt } : {}),
        ...(d.withdrawnAt ? { withdrawnAt: d.withdrawnAt } : {}),
        hours: mine.reduce((n, h) => n + h.hours, 0),
        days: new Set(mine.map((h) => h.date)).size,
      };
    })
    .sort((a, b) => (a.from === b.from ? a.deploymentId.localeCompare(b.deploymentId) : a.from < b.from ? -1 : 1));
  const served = new Set(entries.map((e) => e.deploymentId));
  const mine = deployments.filter((d) => served.has(d.deploymentId)).flatMap((d) => d.hours.filter((h) => h.volunteerId === v.volunteerId));
  const dates = [...new Set(mine.map((h) => h.date))].sort();
  return {
    volunteerId: v.volunteerId,
    ...(v.organizationId ? { organizationId: v.organizationId } : {}),
    deployments: entries,
    totalHours: entries.reduce((n, e) => n + e.hours, 0),
    totalDays: dates.length,
    ...(dates.length ? { firstDate: dates[0]!, lastDate: dates.at(-1)! } : {}),
  };

}

// ---- Deployment compensation (调用补偿) ---------------------------------------------------------------------------

/**
 * What a deployed social force claims compensation on (labour, transport, materials, wear of equipment; domain.md
 * section 6): its own deployment, once the office stood it down, if it accepted it (a team called off after accepting
 * may have set out already). The government of the requesting office owes and decides it. From here on the claim is
 * the compensation-claim aggregate (claim.ts), with the organisation as claimant.
 */
export function deploymentClaimSubject(d: Deployment, responseLevel: string | undefined): ClaimSubject {
  if (d.organizationId === undefined) throw new RuleViolation('organization-deployments-only', 'Deployment compensation is claimed by the organisation deployed; self-registered volunteers were not deployed as one.');
  if (d.status !== 'stood-down') throw new InvalidTransition(`Compensation is claimed once the deployment is stood down; it is ${d.status}.`);
  if (!d.people.some((p) => p.answer === 'accepted')) throw new RuleViolation('nothing-served', 'Nobody accepted this deployment: there is nothing to compensate.');
  return {
    source: { kind: 'deployment', deploymentId: d.deploymentId },
    incidentId: d.incidentId,
    division: d.requestedBy.division,
    category: d.category,
    level: responseLevel ?? 'none',
    claimant: { kind: 'organisation' },
    claimantRef: d.organizationId,
    realProperty: false,
  };
}
