// The emergency plan aggregate (应急预案): versions, life cycle, hierarchy and filing (备案). Pure: no I/O. Drills: drill.ts.
import type { Category, ResponseLevel, WarningLevel } from './categories.ts';
import { DEFAULT_AUTHORITY, RESPONSE_LEVELS } from './categories.ts';
import type { GovLevel } from './division.ts';
import { atLeast, isSameOrSuperior, superiorOf } from './division.ts';
import type { WorkingCalendar } from './calendar/working-days.ts';
import { cstDate } from './calendar/working-days.ts';
import { InvalidTransition, RuleViolation } from '../errors.ts';
import { actorLabel, type Actor } from './actor.ts';
import type { Change } from './change.ts';

export type { Change } from './change.ts';

export const PLAN_TYPES = ['overall', 'special', 'department', 'local', 'grassroots', 'joint', 'major-event'] as const;
export type PlanType = (typeof PLAN_TYPES)[number];

export const PLAN_ACTIONS = ['submit', 'approve', 'publish', 'file', 'retire'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** Status of one version. `replaced`: a draft overtaken by a newer draft; `superseded`: an in-force version overtaken by a newer publication. */
export type VersionStatus = 'draft' | 'under-review' | 'approved' | 'published' | 'filed' | 'replaced' | 'superseded' | 'retired';
/** The statuses a plan itself shows (its latest version's, or retired): those a list filters by. */
export const PLAN_STATUSES = ['draft', 'under-review', 'approved', 'published', 'filed', 'retired'] as const satisfies readonly VersionStatus[];

export interface Thresholds {
  deaths?: number;
  seriouslyInjured?: number;
  directLossFen?: number;
  affectedPopulation?: number;
}
export interface ResponseLevelDef {
  thresholds: Thresholds;
  requiredAuthority: GovLevel;
  measures: string[];
}
export interface PlanContent {
  title: string;
  responseLevels: Partial<Record<ResponseLevel, ResponseLevelDef>>;
  warningMeasures: Partial<Record<WarningLevel, string[]>>;
}
export interface PlanIdentity {
  planId: string;
  type: PlanType;
  category: Category;
  divisionCode: string;
  parentPlanId?: string;
}

export interface PlanVersion extends PlanContent {
  planId: string;
  version: number;
  status: VersionStatus;
  createdAt: string;
  createdBy: string;
  submittedAt?: string;
  approvedAt?: string;
  publishedAt?: string;
  filedAt?: string;
  endedAt?: string;
}

export interface Filing {
  version: number;
  /** Whom the plan is filed with, routed by plan type (预案管理办法). */
  to: { body: 'government' | 'lead-department'; division: string };
  dueDate: string;
  filedAt?: string;
  overdueAlertedAt?: string;
}

export interface Plan extends PlanIdentity {
  title: string;
  status: VersionStatus;
  latestVersion: number;
  inForceVersion?: number;
  firstPublishedAt?: string;
  lastDrillAt?: string;
  revisionNeeded: boolean;
  revisionReason?: string;
  filing?: Filing;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-lock counter: every change adds one; the ETag carries it. */
  rev: number;
}


export interface PlanEvent {
  type: 'plan.published' | 'plan.filed' | 'plan.filing-overdue';
  planId: string;
  version: number;
  division: string;
  category: Category;
  /** Plan events have no warning or response level. */
  level: 'none';
  title: string;
  filingDueDate?: string;
}

export interface PlanChange {
  plan: Plan;
  /** Versions written by this change: created or with a new status. */
  versions: PlanVersion[];
  change: Change;
  event?: PlanEvent;
}

const FILING_WORKING_DAYS = 20;

/** Checks the levels a plan defines: thresholds and authority must not fall as the level rises (I is highest). */
export function checkResponseLevels(levels: PlanContent['responseLevels']): void {
  const defined = RESPONSE_LEVELS.filter((l) => levels[l] !== undefined);
  if (defined.length === 0) {
    throw new RuleViolation('no-response-levels', 'A plan defines at least one response level (Art 28).', [
      { path: 'responseLevels', message: 'define at least one of I, II, III, IV' },
    ]);
  }
  for (let i = 0; i + 1 < defined.length; i++) {
    const higher = defined[i]!;
    const lower = defined[i + 1]!;
    const h = levels[higher]!;
    const l = levels[lower]!;
    if (!atLeast(h.requiredAuthority, l.requiredAuthority)) {
      throw new RuleViolation('inconsistent-response-levels', `Level ${higher} needs an authority at least as high as level ${lower}.`, [
        { path: `responseLevels.${higher}.requiredAuthority`, message: `lower than level ${lower}'s ${l.requiredAuthority}` },
      ]);
    }
    for (const k of ['deaths', 'seriouslyInjured', 'directLossFen', 'affectedPopulation'] as const) {
      const hv = h.thresholds[k];
      const lv = l.thresholds[k];
      if (hv !== undefined && lv !== undefined && hv < lv) {
        throw new RuleViolation('inconsistent-response-levels', `Level ${higher} threshold ${k} is below level ${lower}'s.`, [
          { path: `responseLevels.${higher}.thresholds.${k}`, message: `must be >= ${lv}` },
        ]);
      }
    }
  }
}

/** Authority defaults by level where the plan sets none. */
export function withDefaultAuthority(
  levels: Partial<Record<ResponseLevel, Omit<ResponseLevelDef, 'requiredAuthority'> & { requiredAuthority?: GovLevel | undefined }>>,
): PlanContent['responseLevels'] {
  const out: PlanContent['responseLevels'] = {};
  for (const l of RESPONSE_LEVELS) {
    const d = levels[l];
    if (d) out[l] = { ...d, requiredAuthority: d.requiredAuthority ?? DEFAULT_AUTHORITY[l] };
  }
  return out;
}

/** The parent must sit at the same division or a superior one. */
export function checkParent(child: { divisionCode: string }, parent: { divisionCode: string; status: VersionStatus }): void {
  if (!isSameOrSuperior(parent.divisionCode, child.divisionCode)) {
    throw new RuleViolation('parent-not-superior', 'A parent plan must belong to the same or a superior division (Art 26-27).', [
      { path: 'parentPlanId', message: `parent division ${parent.divisionCode} is not above ${child.divisionCode}` },
    ]);
  }
  if (parent.status === 'retired') {
    throw new RuleViolation('parent-retired', 'A retired plan cannot take new child plans.', [
      { path: 'parentPlanId', message: 'parent plan is retired' },
    ]);
  }
}

export function createPlan(identity: PlanIdentity, content: PlanContent, actor: Actor, now: Date): PlanChange {
  checkResponseLevels(content.responseLevels);
  const at = now.toISOString();
  const version: PlanVersion = { ...content, planId: identity.planId, version: 1, status: 'draft', createdAt: at, createdBy: actorLabel(actor) };
  const plan: Plan = {
    ...identity,
    title: content.title,
    status: 'draft',
    latestVersion: 1,
    revisionNeeded: false,
    createdAt: at,
    updatedAt: at,
    rev: 1,
  };
  return { plan, versions: [version], change: { action: 'create', from: null, to: 'draft' } };
}

/** PUT: a new draft version. Not while a version is under review or approved and waiting for publication. */
export function reviseDraft(plan: Plan, latest: PlanVersion, content: PlanContent, actor: Actor, now: Date): PlanChange {
  if (plan.status === 'retired') throw new InvalidTransition('A retired plan cannot be revised.');
  if (latest.status === 'under-review' || latest.status === 'approved') {
    throw new InvalidTransition(`Version ${latest.version} is ${latest.status}; finish or publish it before drafting another.`);
  }
  checkResponseLevels(content.responseLevels);
  const at = now.toISOString();
  const next: PlanVersion = {
    ...content,
    planId: plan.planId,
    version: plan.latestVersion + 1,
    status: 'draft',
    createdAt: at,
    createdBy: actorLabel(actor),
  };
  const versions: PlanVersion[] = [next];
  if (latest.status === 'draft') versions.push({ ...latest, status: 'replaced', endedAt: at });
  return {
    plan: { ...plan, title: content.title, status: 'draft', latestVersion: next.version, updatedAt: at, rev: plan.rev + 1 },
    versions,
    change: { action: 'revise', from: `v${latest.version}:${latest.status}`, to: `v${next.version}:draft` },
  };
}

const FROM: Record<Exclude<PlanAction, 'retire' | 'file'>, { from: VersionStatus; to: VersionStatus }> = {
  submit: { from: 'draft', to: 'under-review' },
  approve: { from: 'under-review', to: 'approved' },
  publish: { from: 'approved', to: 'published' },
};

/**
 * Filing (备案) acts on the version in force, not on the latest: a revision drafted after publication must not
 * stop the published version from being filed in time (rule 23).
 */
function fileInForce(plan: Plan, latest: PlanVersion, inForce: PlanVersion | undefined, _actor: Actor, now: Date, reason?: string): PlanChange {
  if (!inForce || inForce.status !== 'published' || !plan.filing || plan.filing.filedAt !== undefined) {
    throw new InvalidTransition('Only a published version whose filing is pending can be filed.');
  }
  const at = now.toISOString();
  const filed: PlanVersion = { ...inForce, status: 'filed', filedAt: at };
  const next: Plan = {
    ...plan,
    status: latest.version === inForce.version ? 'filed' : plan.status,
    filing: { ...plan.filing, filedAt: at },
    updatedAt: at,
    rev: plan.rev + 1,
  };
  return {
    plan: next,
    versions: [filed],
    change: { action: 'file', from: `v${inForce.version}:published`, to: `v${inForce.version}:filed`, ...(reason ? { reason } : {}) },
    event: base(next, 'plan.filed', inForce.version),
  };
}

/** The government or department a plan is filed with, one level up or at the same level, by plan type. */
export function filingRoute(type: PlanType, division: string): Filing['to'] {
  if (type === 'department') return { body: 'government', division };
  const up = superiorOf(division);
  if (type === 'special') return { body: 'lead-department', division: up };
  return { body: 'government', division: up };
}

export { superiorOf } from './division.ts';

/**
 * Applies a life-cycle action. Submit, approve, publish and file act on the latest version;
 * retire ends the plan and its version in force.
 */
export function transition(
  plan: Plan,
  latest: PlanVersion,
  inForce: PlanVersion | undefined,
  action: PlanAction,
  actor: Actor,
  now: Date,
  calendar: WorkingCalendar,
  reason?: string,
): PlanChange {
  const at = now.toISOString();
  if (plan.status === 'retired') throw new InvalidTransition('The plan is retired.');
  if (action === 'retire') {
    if (!inForce) throw new InvalidTransition('Only a plan in force can be retired; this one was never published.');
    const ended: PlanVersion = { ...inForce, status: 'retired', endedAt: at };
    const versions = [ended];
    // A pending draft dies with the plan.
    if (latest.version !== inForce.version) versions.push({ ...latest, status: 'replaced', endedAt: at });
    // Nothing is in force any more; the retired version keeps its number and content.
    const { filing: _dropped, inForceVersion: _ended, ...rest } = plan;
    return {
      plan: { ...rest, status: 'retired', updatedAt: at, rev: plan.rev + 1 },
      versions,
      change: { action, from: `v${inForce.version}:${inForce.status}`, to: 'retired', ...(reason ? { reason } : {}) },
    };
  }
  if (action === 'file') return fileInForce(plan, latest, inForce, actor, now, reason);
  const step = FROM[action];
  if (latest.status !== step.from) {
    throw new InvalidTransition(`Cannot ${action} version ${latest.version}: it is ${latest.status}, not ${step.from}.`);
  }
  const stamp = { submit: 'submittedAt', approve: 'approvedAt', publish: 'publishedAt' } as const;
  const updated: PlanVersion = { ...latest, status: step.to, [stamp[action]]: at };
  const versions: PlanVersion[] = [updated];
  const next: Plan = { ...plan, status: step.to, updatedAt: at, rev: plan.rev + 1 };
  let event: PlanEvent | undefined;

  if (action === 'publish') {
    if (inForce && inForce.version !== latest.version) versions.push({ ...inForce, status: 'superseded', endedAt: at });
    next.inForceVersion = latest.version;
    next.firstPublishedAt ??= at;
    next.revisionNeeded = false;
    delete next.revisionReason;
    next.filing = {
      version: latest.version,
      to: filingRoute(plan.type, plan.divisionCode),
      dueDate: calendar.addWorkingDays(cstDate(now), FILING_WORKING_DAYS),
    };
    event = base(next, 'plan.published', latest.version);
    event.filingDueDate = next.filing.dueDate;
  }
  return {
    plan: next,
    versions,
    change: { action, from: `v${latest.version}:${latest.status}`, to: `v${latest.version}:${step.to}`, ...(reason ? { reason } : {}) },
    ...(event ? { event } : {}),
  };
}

function base(plan: Plan, type: PlanEvent['type'], version: number): PlanEvent {
  return { type, planId: plan.planId, version, division: plan.divisionCode, category: plan.category, level: 'none', title: plan.title };
}

/** Filing is overdue once the due date has passed without a filing (rule 23). */
export function isFilingOverdue(plan: Plan, now: Date): boolean {
  const f = plan.filing;
  return f !== undefined && f.filedAt === undefined && plan.status !== 'retired' && cstDate(now) > f.dueDate;
}

/** The sweep's change: flag the overdue filing once and announce it. */
export function markFilingOverdue(plan: Plan, now: Date): PlanChange | undefined {
  if (!isFilingOverdue(plan, now) || plan.filing?.overdueAlertedAt) return undefined;
  const at = now.toISOString();
  const next: Plan = { ...plan, filing: { ...plan.filing!, overdueAlertedAt: at }, updatedAt: at, rev: plan.rev + 1 };
  const event = base(next, 'plan.filing-overdue', plan.filing!.version);
  event.filingDueDate = plan.filing!.dueDate;
  return { plan: next, versions: [], change: { action: 'flag-filing-overdue', from: 'filing-pending', to: 'filing-overdue' }, event };
}
