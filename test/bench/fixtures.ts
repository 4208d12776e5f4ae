// Plans as the domain makes them, for seeding the benchmark's table through the repository's own item builders
// (planHeadItem, planVersionItem in shared/store/plans.ts), and the audit item of a creation.
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
import { auditIdentity } from '../../shared/domain/actor.ts';
import { keys } from '../../shared/store/keys.ts';
import { samplePlanBody } from '../support/bodies.ts';

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
    ...auditIdentity({ kind: 'user', roles: ['office'], sub: `office-${plan.divisionCode}`, division: plan.divisionCode, level: 'county' }),
    division: plan.divisionCode,
    requestId,
    at,
  };
}
