// API contract of the plan routes: request bodies and queries (strict: unknown fields are rejected) and response views.
import * as z from 'zod';
import { CATEGORIES, RESPONSE_LEVELS, WARNING_LEVELS } from '../../domain/categories.ts';
import { GOV_LEVELS } from '../../domain/division.ts';
import { PLAN_ACTIONS, PLAN_TYPES } from '../../domain/plan.ts';
import { divisionCode, id, isoDateTime, pageOf, pageOnlyQuery, pageQuery, text } from './common.ts';
import { built, defineRoutes, office, once } from './routing.ts';

const count = z.lazy(() => z.number().int().min(0).max(100_000_000));
const thresholds = z.lazy(() =>
  z
    .object({
      deaths: count.optional(),
      seriouslyInjured: count.optional(),
      directLossFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
      affectedPopulation: count.optional(),
    })
    .strict()
    .refine((t) => Object.keys(t).length > 0, 'at-least-one-threshold')
    .meta({ minProperties: 1 }),
);
const measures = z.lazy(() => z.array(text(500)).min(1).max(50));
const responseLevel = z.lazy(() =>
  z
    .object({ thresholds, requiredAuthority: z.enum(GOV_LEVELS).optional(), measures })
    .strict(),
);

// At least one level (rule of Art 28; the domain refuses none with 422 no-response-levels): stated for clients.
const responseLevels = z.lazy(() => z.partialRecord(z.enum(RESPONSE_LEVELS), responseLevel).meta({ minProperties: 1 }));
const warningMeasures = z.lazy(() => z.partialRecord(z.enum(WARNING_LEVELS), measures));

export const planContentBody = z.lazy(() =>
  z
    .object({
      title: text(200),
      responseLevels,
      warningMeasures: warningMeasures.default({}),
    })
    .strict(),
);

export const createPlanBody = z.lazy(() =>
  built(planContentBody)
    .extend({
      type: z.enum(PLAN_TYPES),
      category: z.enum(CATEGORIES),
      divisionCode,
      parentPlanId: id.optional(),
    })
    .strict()
    .meta({ id: 'CreatePlan' }),
);

/** PUT replaces the content; type, category, division and parent are the plan's identity and stay. */
export const revisePlanBody = z.lazy(() => built(planContentBody).meta({ id: 'RevisePlan' }));

export const planTransitionBody = z.lazy(() =>
  z
    .object({ action: z.enum(PLAN_ACTIONS), reason: text(1000).optional() })
    .strict()
    .meta({ id: 'PlanTransition' }),
);

export const listPlansQuery = z.lazy(() =>
  z
    .object({
      division: divisionCode.optional(),
      status: z.enum(['draft', 'under-review', 'approved', 'published', 'filed', 'retired']).optional(),
      ...pageQuery(),
    })
    .strict(),
);

export const dueForDrillQuery = z.lazy(() => z.object({ division: divisionCode.optional(), ...pageQuery() }).strict());

export const planIdParams = z.lazy(() => z.object({ planId: id }).strict());
export const planVersionParams = z.lazy(() => z.object({ planId: id, version: z.coerce.number().int().min(1).max(100_000) }).strict());
export const drillIdParams = z.lazy(() => z.object({ drillId: id }).strict());

export const recordDrillBody = z.lazy(() =>
  z
    .object({
      conductedAt: isoDateTime,
      scenario: text(2000),
      participants: z.number().int().min(1).max(1_000_000),
      exerciseIncidentId: id.optional().meta({ description: 'The exercise incident (created with exercise: true) the drill ran on the real flow' }),
    })
    .strict()
    .meta({ id: 'RecordDrill' }),
);

export const drillEvaluationBody = z.lazy(() =>
  z
    .object({ findings: z.array(text(2000)).max(100), revisionNeeded: z.boolean() })
    .strict()
    .meta({ id: 'DrillEvaluation' }),
);

// Views (responses), exactly as functions/plans/views.ts builds them (strict: a field the view adds or drops fails the
// contract test).
// Built on first use (see `once`).
const views = once(() => {
  const versionStatus = z.enum(['draft', 'under-review', 'approved', 'published', 'filed', 'replaced', 'superseded', 'retired']);
  const amount = z.number().int();
  const contentView = {
    title: z.string(),
    responseLevels: z.partialRecord(
      z.enum(RESPONSE_LEVELS),
      z
        .object({
          thresholds: z.object({ deaths: amount.optional(), seriouslyInjured: amount.optional(), directLossFen: amount.optional(), affectedPopulation: amount.optional() }).strict(),
          requiredAuthority: z.enum(GOV_LEVELS),
          measures: z.array(z.string()),
        })
        .strict(),
    ),
    warningMeasures: z.partialRecord(z.enum(WARNING_LEVELS), z.array(z.string())),
  };
  const planView = z
    .object({
      planId: id,
      type: z.enum(PLAN_TYPES),
      category: z.enum(CATEGORIES),
      divisionCode,
      parentPlanId: id.optional(),
      title: z.string(),
      status: versionStatus,
      latestVersion: z.number().int(),
      inForceVersion: z.number().int().optional(),
      revisionNeeded: z.boolean(),
      revisionReason: z.string().optional(),
      lastDrillAt: isoDateTime.optional(),
      filing: z
        .object({
          version: z.number().int(),
          to: z.object({ body: z.enum(['government', 'lead-department']), division: divisionCode }).strict(),
          dueDate: z.iso.date(),
          filedAt: isoDateTime.optional(),
          overdue: z.boolean(),
          workingDaysLeft: z.number().int().optional(),
        })
        .strict()
        .optional(),
      createdAt: isoDateTime,
      updatedAt: isoDateTime,
      /** The latest version's content: on a single plan, not in lists. */
      content: z.object({ ...contentView, version: z.number().int(), status: versionStatus }).strict().optional(),
    })
    .strict();
  const planVersionView = z
    .object({
      ...contentView,
      planId: id,
      version: z.number().int(),
      status: versionStatus,
      createdAt: isoDateTime,
      submittedAt: isoDateTime.optional(),
      approvedAt: isoDateTime.optional(),
      publishedAt: isoDateTime.optional(),
      filedAt: isoDateTime.optional(),
      endedAt: isoDateTime.optional(),
    })
    .strict();
  const drillView = z
    .object({
      drillId: id,
      planId: id,
      planVersion: z.number().int(),
      divisionCode,
      conductedAt: isoDateTime,
      scenario: z.string(),
      participants: z.number().int(),
      recordedAt: isoDateTime,
      exerciseIncidentId: id.optional(),
      evaluation: z
        .object({
          findings: z.array(z.string()),
          revisionNeeded: z.boolean(),
          evaluatedAt: isoDateTime,
          /** What was practised: the exercise incident as it stood at the evaluation. */
          practised: z
            .object({ incidentId: id, title: z.string(), status: z.string(), responseLevel: z.enum(RESPONSE_LEVELS).optional(), warnings: z.number().int() })
            .strict()
            .optional(),
        })
        .strict()
        .optional(),
    })
    .strict();
  return { planView, planVersionView, drillView };
});
export const planView = z.lazy(() => views().planView).meta({ id: 'Plan' });
export const planVersionView = z.lazy(() => views().planVersionView).meta({ id: 'PlanVersion' });
export const drillView = z.lazy(() => views().drillView).meta({ id: 'Drill' });
export const planPage = z.lazy(() => pageOf(planView).meta({ id: 'PlanPage' }));

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
