// API contract of recovery and investigation (Art 86-94): the investigation-and-assessment findings, submitting the report
// one level up, and recovery tasks with their completion. Every answer is the incident's recovery view.
import * as z from 'zod/mini';
import { INCIDENT_STATUSES, RECOVERY_TASK_KINDS } from '../../domain/incident.ts';
import { id, text } from './common.ts';
import { incidentIdParams, investigationView, recoveryTaskView } from './incidents.ts';
import { defineRoutes, office } from './routing.ts';

export const investigationBody = z.lazy(() =>
  z.strictObject({
    causes: text(10_000),
    losses: z.strictObject({ description: text(5000), directLossFen: z.number().check(z.int(), z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER)) }),
    lessons: text(10_000),
    recommendations: z.array(text(2000)).check(z.minLength(1), z.maxLength(50)),
    responsibility: text(5000),
  }).register(z.globalRegistry, { id: 'InvestigationFindings' }),
);

export const investigationTransitionBody = z.lazy(() => z.strictObject({ action: z.literal('submit') }).register(z.globalRegistry, { id: 'InvestigationTransition' }));

export const recoveryTaskBody = z.lazy(() =>
  z.strictObject({
    kind: z.enum(RECOVERY_TASK_KINDS),
    ownerDepartment: text(200),
    // The pattern is what the OpenAPI document can state; a day that does not exist (02-30) is a 422 of the domain.
    dueDate: z.string().check(z.regex(/^(19|2\d)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a calendar date written YYYY-MM-DD')).register(z.globalRegistry, { format: 'date', description: 'A calendar date (China Standard Time), YYYY-MM-DD' }),
    description: z.optional(text(2000)),
  }).register(z.globalRegistry, { id: 'RecoveryTask' }),
);

export const recoveryTaskParams = z.lazy(() => z.strictObject({ incidentId: id, taskId: id }));
export const completeTaskBody = z.lazy(() => z.strictObject({ outcome: z.optional(text(5000)) }).register(z.globalRegistry, { id: 'RecoveryTaskCompletion' }));

/** The incident's recovery: status (recovery, assessed, archived), the investigation and the tasks. */
export const recoveryView = z.lazy(() =>
  z.strictObject({
    incidentId: id,
    status: z.enum(INCIDENT_STATUSES),
    exercise: z.optional(z.literal(true)),
    investigation: z.optional(investigationView()),
    recoveryTasks: z.array(recoveryTaskView()),
  }),
).register(z.globalRegistry, { id: 'Recovery' });

export const recoveryRoutes = defineRoutes({
  recordInvestigation: {
    method: 'POST', path: '/v1/incidents/{incidentId}/investigation', fn: 'recovery', auth: office,
    summary: 'Record the investigation findings: causes, losses, lessons, recommendations, responsibility (the leading government)',
    params: incidentIdParams, body: investigationBody, ifMatch: 'optional', response: { status: 200, schema: recoveryView },
  },
  transitionInvestigation: {
    method: 'POST', path: '/v1/incidents/{incidentId}/investigation/transitions', fn: 'recovery', auth: office,
    summary: 'Submit the investigation report: filed with the government one level up; the incident becomes assessed',
    params: incidentIdParams, body: investigationTransitionBody, ifMatch: 'optional', response: { status: 200, schema: recoveryView },
  },
  createRecoveryTask: {
    method: 'POST', path: '/v1/incidents/{incidentId}/recovery-tasks', fn: 'recovery', auth: office,
    summary: 'Add a recovery task: loss assessment, reconstruction plan, relief, resettlement or funds audit',
    params: incidentIdParams, body: recoveryTaskBody, idempotent: true, ifMatch: 'optional', response: { status: 201, schema: recoveryView },
  },
  completeRecoveryTask: {
    method: 'POST', path: '/v1/incidents/{incidentId}/recovery-tasks/{taskId}/complete', fn: 'recovery', auth: office,
    summary: 'Complete a recovery task; the last one of an assessed incident archives it',
    params: recoveryTaskParams, body: completeTaskBody, ifMatch: 'optional', response: { status: 200, schema: recoveryView },
  },
});
