// API contract of recovery and investigation (Art 86-94): the investigation-and-assessment findings, submitting the report
// one level up, and recovery tasks with their completion. Every answer is the incident's recovery view.
import * as z from 'zod';
import { INCIDENT_STATUSES, RECOVERY_TASK_KINDS } from '../../domain/incident.ts';
import { id, text } from './common.ts';
import { incidentIdParams, investigationView, recoveryTaskView } from './incidents.ts';
import { defineRoutes, office } from './routing.ts';

export const investigationBody = z.lazy(() =>
  z
    .object({
      causes: text(10_000),
      losses: z.object({ description: text(5000), directLossFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict(),
      lessons: text(10_000),
      recommendations: z.array(text(2000)).min(1).max(50),
      responsibility: text(5000),
    })
    .strict()
    .meta({ id: 'InvestigationFindings' }),
);

export const investigationTransitionBody = z.lazy(() => z.object({ action: z.literal('submit') }).strict().meta({ id: 'InvestigationTransition' }));

export const recoveryTaskBody = z.lazy(() =>
  z
    .object({
      kind: z.enum(RECOVERY_TASK_KINDS),
      ownerDepartment: text(200),
      // The pattern is what the OpenAPI document can state; a day that does not exist (02-30) is a 422 of the domain.
      dueDate: z
        .string()
        .regex(/^(19|2\d)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a calendar date written YYYY-MM-DD')
        .meta({ format: 'date', description: 'A calendar date (China Standard Time), YYYY-MM-DD' }),
      description: text(2000).optional(),
    })
    .strict()
    .meta({ id: 'RecoveryTask' }),
);

export const recoveryTaskParams = z.lazy(() => z.object({ incidentId: id, taskId: id }).strict());
export const completeTaskBody = z.lazy(() => z.object({ outcome: text(5000).optional() }).strict().meta({ id: 'RecoveryTaskCompletion' }));

/** The incident's recovery: status (recovery, assessed, archived), the investigation and the tasks. */
export const recoveryView = z
  .lazy(() =>
    z
      .object({
        incidentId: id,
        status: z.enum(INCIDENT_STATUSES),
        exercise: z.literal(true).optional(),
        investigation: investigationView().optional(),
        recoveryTasks: z.array(recoveryTaskView()),
      })
      .strict(),
  )
  .meta({ id: 'Recovery' });

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
