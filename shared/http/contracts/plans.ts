// API contract of the plan routes: request bodies and queries (strict: unknown fields are rejected) and response views.
import * as z from 'zod/mini';
import { CATEGORIES, RESPONSE_LEVELS, WARNING_LEVELS } from '../../domain/categories.ts';
import { GOV_LEVELS } from '../../domain/division.ts';
import { PLAN_ACTIONS, PLAN_STATUSES, PLAN_TYPES } from '../../domain/plan.ts';
import { meta } from '../../schema.ts';
import { divisionCode, id, isoDateTime, pageOf, pageOnlyQuery, pageQuery, text } from './common.ts';
import { built, defineRoutes, office, once } from './routing.ts';

const count = z.lazy(() => z.number().check(z.int(), z.minimum(0), z.maximum(100_000_000)));
const thresholds = z.lazy(() =>
  z.strictObject({
    deaths: z.optional(count),
    seriouslyInjured: z.optional(count),
    directLossFen: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER))),
    affectedPopulation: z.optional(count),
  }).check(z.refine((t) => Object.keys(t).length > 0, 'at-least-one-threshold')).register(z.globalRegistry, { minProperties: 1 }),
);
const measures = z.lazy(() => z.array(text(500)).check(z.minLength(1), z.maxLength(50)));
const responseLevel = z.lazy(() =>
  z.strictObject({ thresholds, requiredAuthority: z.optional(z.enum(GOV_LEVELS)), measures }),
);

// At least one level (rule of Art 28; the domain refuses none with 422 no-response-levels): stated for clients.
const responseLevels = z.lazy(() => z.partialRecord(z.enum(RESPONSE_LEVELS), responseLevel).register(z.globalRegistry, { minProperties: 1 }));
const warningMeasures = z.lazy(() => z.partialRecord(z.enum(WARNING_LEVELS), measures));

export const planContentBody = z.lazy(() =>
  z.strictObject({
    title: text(200),
    responseLevels,
    warningMeasures: z._default(warningMeasures, {}),
  }),
);

export const createPlanBody = z.lazy(() =>
  // Strict, as planContentBody is.
  z.extend(built(planContentBody), {
    type: z.enum(PLAN_TYPES),
    category: z.enum(CATEGORIES),
    divisionCode,
    parentPlanId: z.optional(id),
  }).register(z.globalRegistry, { id: 'CreatePlan' }),
);

/** PUT replaces the content; type, category, division and parent are the plan's identity and stay. */
export const revisePlanBody = z.lazy(() => meta(built(planContentBody), { id: 'RevisePlan' }));

export const planTransitionBody = z.lazy(() =>
  z.strictObject({ action: z.enum(PLAN_ACTIONS), reason: z.optional(text(1000)) }).register(z.globalRegistry, { id: 'PlanTransition' }),
);

export const listPlansQuery = z.lazy(() =>
  z.strictObject({
    division: z.optional(divisionCode),
    status: z.optional(z.enum(PLAN_STATUSES)),
    ...pageQuery(),
  }),
);

export const dueForDrillQuery = z.lazy(() => z.strictObject({ division: z.optional(divisionCode), ...pageQuery() }));

export const planIdParams = z.lazy(() => z.strictObject({ planId: id }));
export const planVersionParams = z.lazy(() => z.strictObject({ planId: id, version: z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100_000)) }));
export const drillIdParams = z.lazy(() => z.strictObject({ drillId: id }));

export const recordDrillBody = z.lazy(() =>
  z.strictObject({
    conductedAt: isoDateTime,
    scenario: text(2000),
    participants: z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)),
    exerciseIncidentId: z.optional(id).register(z.globalRegistry, { description: 'The exercise incident (created with exercise: true) the drill ran on the real flow' }),
  }).register(z.globalRegistry, { id: 'RecordDrill' }),
);

export const drillEvaluationBody = z.lazy(() =>
  z.strictObject({ findings: z.array(text(2000)).check(z.maxLength(100)), revisionNeeded: z.boolean() }).register(z.globalRegistry, { id: 'DrillEvaluation' }),
);

// Views (responses), exactly as functions/plans/views.ts builds them (strict: a field the view adds or drops fails the
// contract test).
// Built on first use (see `once`).
const views = once(() => {
  const versionStatus = z.enum(['draft', 'under-review', 'approved', 'published', 'filed', 'replaced', 'superseded', 'retired']);
  const amount = z.number().check(z.int());
  const contentView = {
    title: z.string(),
    responseLevels: z.partialRecord(
      z.enum(RESPONSE_LEVELS),
      z.strictObject({
        thresholds: z.strictObject({ deaths: z.optional(amount), seriouslyInjured: z.optional(amount), directLossFen: z.optional(amount), affectedPopulation: z.optional(amount) }),
        requiredAuthority: z.enum(GOV_LEVELS),
        measures: z.array(z.string()),
      }),
    ),
    warningMeasures: z.partialRecord(z.enum(WARNING_LEVELS), z.array(z.string())),
  };
  const planView = z.strictObject({
    planId: id,
    type: z.enum(PLAN_TYPES),
    category: z.enum(CATEGORIES),
    divisionCode,
    parentPlanId: z.optional(id),
    title: z.string(),
    status: versionStatus,
    latestVersion: z.number().check(z.int()),
    inForceVersion: z.optional(z.number().check(z.int())),
    revisionNeeded: z.boolean(),
    revisionReason: z.optional(z.string()),
    lastDrillAt: z.optional(isoDateTime),
    filing: z.optional(z.strictObject({
      version: z.number().check(z.int()),
      to: z.strictObject({ body: z.enum(['government', 'lead-department']), division: divisionCode }),
      dueDate: z.iso.date(),
      filedAt: z.optional(isoDateTime),
      overdue: z.boolean(),
      workingDaysLeft: z.optional(z.number().check(z.int())),
    })),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    /** The latest version's content: on a single plan, not in lists. */
    content: z.optional(z.strictObject({ ...contentView, version: z.number().check(z.int()), status: versionStatus })),
  });
  const planVersionView = z.strictObject({
    ...contentView,
    planId: id,
    version: z.number().check(z.int()),
    status: versionStatus,
    createdAt: isoDateTime,
    submittedAt: z.optional(isoDateTime),
    approvedAt: z.optional(isoDateTime),
    publishedAt: z.optional(isoDateTime),
    filedAt: z.optional(isoDateTime),
    endedAt: z.optional(isoDateTime),
  });
  const drillView = z.strictObject({
    drillId: id,
    planId: id,
    planVersion: z.number().check(z.int()),
    divisionCode,
    conductedAt: isoDateTime,
    scenario: z.string(),
    participants: z.number().check(z.int()),
    recordedAt: isoDateTime,
    exerciseIncidentId: z.optional(id),
    evaluation: z.optional(z.strictObject({
      findings: z.array(z.string()),
      revisionNeeded: z.boolean(),
      evaluatedAt: isoDateTime,
      /** What was practised: the exercise incident as it stood at the evaluation. */
      practised: z.optional(z.strictObject({ incidentId: id, title: z.string(), status: z.string(), responseLevel: z.optional(z.enum(RESPONSE_LEVELS)), warnings: z.number().check(z.int()) })),
    })),
  });
  return { planView, planVersionView, drillView };
});
export const planView = z.lazy(() => views().planView).register(z.globalRegistry, { id: 'Plan' });
export const planVersionView = z.lazy(() => views().planVersionView).register(z.globalRegistry, { id: 'PlanVersion' });
export const drillView = z.lazy(() => views().drillView).register(z.globalRegistry, { id: 'Drill' });
export const planPage = z.lazy(() => meta(pageOf(planView), { id: 'PlanPage' }));

export const planRoutes = defineRoutes({
  createPlan: {
    method: 'POST', path: '/v1/plans', fn: 'plans', auth: office, summary: 'Create an emergency plan (version 1, draft)',
    body: createPlanBody, idempotent: true, response: { status: 201, schema: planView },
  },
  listPlans: {
    method: 'GET', path: '/v1/plans', fn: 'plans', auth: office, summary: 'Plans of a division (default: your own)',
    query: listPlansQuery, response: { status: 200, schema: planPage },
  },
  dueForDrill: {
    method: 'GET', path: '/v1/plans/due-for-drill', fn: 'plans', auth: office,
    summary: 'Special and department plans in force with no drill in 3 years', query: dueForDrillQuery, response: { status: 200, schema: planPage },
  },
  getPlan: {
    method: 'GET', path: '/v1/plans/{planId}', fn: 'plans', auth: office, summary: 'A plan with its latest version',
    params: planIdParams, response: { status: 200, schema: planView },
  },
  revisePlan: {
    method: 'PUT', path: '/v1/plans/{planId}', fn: 'plans', auth: office, summary: 'Draft a new version of a plan',
    params: planIdParams, body: revisePlanBody, ifMatch: 'required', response: { status: 200, schema: planView },
  },
  getPlanVersion: {
    method: 'GET', path: '/v1/plans/{planId}/versions/{version}', fn: 'plans', auth: office, summary: 'One version of a plan',
    params: planVersionParams, response: { status: 200, schema: planVersionView },
  },
  transitionPlan: {
    method: 'POST', path: '/v1/plans/{planId}/transitions', fn: 'plans', auth: office,
    summary: 'Submit, approve, publish, file or retire', params: planIdParams, body: planTransitionBody, ifMatch: 'optional',
    response: { status: 200, schema: planView },
  },
  planChildren: {
    method: 'GET', path: '/v1/plans/{planId}/children', fn: 'plans', auth: office, summary: 'Plans that hang under this one',
    params: planIdParams, query: pageOnlyQuery, response: { status: 200, schema: planPage },
  },
  recordDrill: {
    method: 'POST', path: '/v1/plans/{planId}/drills', fn: 'plans', auth: office, summary: 'Record a drill of a plan in force',
    params: planIdParams, body: recordDrillBody, idempotent: true, response: { status: 201, schema: drillView },
  },
  getDrill: {
    method: 'GET', path: '/v1/drills/{drillId}', fn: 'plans', auth: office, summary: 'A drill with its evaluation',
    params: drillIdParams, response: { status: 200, schema: drillView },
  },
  evaluateDrill: {
    method: 'POST', path: '/v1/drills/{drillId}/evaluation', fn: 'plans', auth: office, summary: 'Record the evaluation of a drill',
    params: drillIdParams, body: drillEvaluationBody, response: { status: 200, schema: drillView },
  },
});
