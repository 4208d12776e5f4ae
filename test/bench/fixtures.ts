// Plan items as PlanRepository writes them (head with the by-division index key, version, audit), built from the
// pure domain so their shape follows the code.
import { randomUUID } from 'node:crypto';
import { calendarFrom } from '../../shared/domain/calendar/working-days.ts';
import {
  createPlan,
  transition,
  withDefaultAuthority,
  type Plan,
  type PlanContent,
  type PlanVersion,
} from '../../shared/domain/plan.ts';
import { drillClock, needsDrillTracking } from '../../shared/domain/drill.ts';
import { keys } from '../../shared/store/keys.ts';
import { samplePlanBody } from '../support/api-events.ts';

const calendar = calendarFrom(undefined);

export function sampleContent(title = 'Flood emergency plan'): PlanContent {
  const b = samplePlanBody();
  return { title, responseLevels: withDefaultAuthority(b.responseLevels), warningMeasures: b.warningMeasures };
}

export type SampleStage = 'draft' | 'published' | 'filed';

/** A plan of `division` as createPlan makes it (version 1, draft), or taken on through publication (and filing). */
export function samplePlan(division: string, opts: { stage?: SampleStage; title?: string; now?: Date } = {}): { plan: Plan; latest: PlanVersion } {
  const now = opts.now ?? new Date();
  const actor = { kind: 'user' as const, roles: ['office' as const], sub: `office-${division}`, division, level: 'county' as const };
  const created = createPlan({ planId: randomUUID(), type: 'special', category: 'natural-disaster', divisionCode: division }, sampleContent(opts.title), actor, now);
  let plan = created.plan;
  let latest = created.versions[0]!;
  const stage = opts.stage ?? 'draft';
  if (stage !== 'draft') {
    const actions = stage === 'filed' ? (['submit', 'approve', 'publish', 'file'] as const) : (['submit', 'approve', 'publish'] as const);
    for (const action of actions) {
      // Only one version exists: once published it is the version in force.
      const inForce = plan.inForceVersion === latest.version ? latest : undefined;
      const c = transition(plan, latest, inForce, action, actor, now, calendar);
      plan = c.plan;
      latest = c.versions[0]!;
    }
  }
  return { plan, latest };
}

/** The head item, as PlanRepository.stageHead builds it. */
export function headItem(plan: Plan): Record<string, unknown> {
  const clock = drillClock(plan);
  return {
    ...keys.planHead(plan.planId),
    kind: 'plan',
    ...plan,
    ...keys.gsi.plansByDivision(plan.divisionCode, plan.status, plan.planId),
    ...(needsDrillTracking(plan) && clock ? keys.gsi.drillClock(plan.divisionCode, clock, plan.planId) : {}),
  };
}

export function versionItem(v: PlanVersion): Record<string, unknown> {
  return { ...keys.planVersion(v.planId, v.version), kind: 'plan-version', ...v };
}

/** The audit item UnitOfWork.audit writes for a plan's creation. */
export function auditItem(plan: Plan, requestId: string): Record<string, unknown> {
  const id = randomUUID();
  const at = plan.createdAt;
  const pk = keys.planHead(plan.planId).PK;
  return {
    ...keys.audit(pk, at, id),
    ...keys.gsi.auditByDivision(plan.divisionCode, at, id),
    kind: 'audit',
    auditId: id,
    entity: 'plan',
    entityId: plan.planId,
    action: 'create',
    from: null,
    to: 'draft',
    actorSub: `office-${plan.divisionCode}`,
    actorRole: 'office',
    actorDivision: plan.divisionCode,
    division: plan.divisionCode,
    requestId,
    at,
  };
}
