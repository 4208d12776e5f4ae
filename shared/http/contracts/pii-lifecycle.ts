// API contract of the personal-information life cycle (rules 17, 18, 20): retention assessments of an incident's data
// (recorded by an office with jurisdiction, or statutory while a compensation case needs it), and the auditors' view of
// the audit trail: every state change, reveal, assessment and destruction receipt of a division, and the reveal log.
import * as z from 'zod/mini';
import { GOV_LEVELS } from '../../domain/division.ts';
import { RETENTION_GROUNDS } from '../../domain/retention.ts';
import { PURPOSES } from '../../pii/purposes.ts';
import { meta } from '../../schema.ts';
import { auditEntryShape, divisionCode, id, isoDateTime, pageOf, pageOnlyQuery, pageQuery, text } from './common.ts';
import { incidentIdParams } from './incidents.ts';
import { defineRoutes, office, officeOrAuditor, once } from './routing.ts';

export const assessmentParams = z.lazy(() => z.strictObject({ incidentId: id, assessmentId: id }));

export const recordAssessmentBody = z.lazy(() =>
  z.strictObject({
    purposes: z.array(z.enum(PURPOSES)).check(z.minLength(1), z.maxLength(PURPOSES.length)).register(z.globalRegistry, { description: "Which of the incident's purposes it keeps (rule 16)" }),
    grounds: z.array(z.enum(RETENTION_GROUNDS)).check(z.minLength(1), z.maxLength(RETENTION_GROUNDS.length)),
    legality: meta(text(2000), { description: 'Why keeping the data is lawful (Art 85)' }),
    necessity: meta(text(2000), { description: 'Why it is needed, and why no less would do' }),
    security: meta(text(2000), { description: 'How it is protected while kept' }),
    // The pattern is what the OpenAPI document can state; a day that does not exist (02-30) is a 422 of the domain.
    retainUntil: z.string().check(z.regex(/^(19|2\d)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a calendar date written YYYY-MM-DD')).register(z.globalRegistry, { format: 'date', description: 'The CST date the data is destroyed on, unless assessed again: after today, at most 5 years ahead' }),
  }).register(z.globalRegistry, { id: 'RecordRetentionAssessment' }),
);

export const endAssessmentBody = z.lazy(() => z.strictObject({ reason: text(1000) }).register(z.globalRegistry, { id: 'EndRetentionAssessment' }));

const window = () => ({
  division: z.optional(divisionCode).register(z.globalRegistry, { description: "A division within the auditor's; the auditor's own by default" }),
  from: z.optional(isoDateTime),
  to: z.optional(isoDateTime),
});
export const auditQuery = z.lazy(() =>
  z.strictObject({
    ...window(),
    action: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9.-]{0,63}$/, 'an action such as pii.revealed or terminate-response'))),
    recordKind: z.optional(z.string().check(z.regex(/^[a-z][a-z-]{0,39}$/, 'a record kind such as requisition or incident'))),
    ...pageQuery(),
  }),
);
export const revealLogQuery = z.lazy(() => z.strictObject({ ...window(), ...pageQuery() }));

// ---- Views (built on first use) ---------------------------------------------------------------------------------

const government = z.lazy(() => z.strictObject({ division: z.string(), level: z.enum(GOV_LEVELS) }));

export const assessmentView = z.lazy(once(() =>
  z.strictObject({
    assessmentId: z.string(),
    incidentId: z.string(),
    basis: z.enum(['recorded', 'statutory']).register(z.globalRegistry, { description: 'recorded by an office, or statutory: what an open compensation case needs (ground compensation-duty)' }),
    purposes: z.array(z.enum(PURPOSES)),
    grounds: z.array(z.enum(RETENTION_GROUNDS)),
    legality: z.string(),
    necessity: z.string(),
    security: z.string(),
    retainUntil: z.nullable(z.iso.date()).register(z.globalRegistry, { description: 'The day the data may be destroyed; null while a statutory case is open' }),
    status: z.enum(['in-force', 'ended', 'expired']),
    recordedAt: isoDateTime,
    recordedBy: z.optional(government),
    ended: z.optional(z.strictObject({ at: isoDateTime, by: government, reason: z.string() })),
    case: z.optional(z.strictObject({ claimId: z.string(), claimStatus: z.string() })),
  }),
)).register(z.globalRegistry, { id: 'RetentionAssessment' });

export const oversightEntryView = z.lazy(once(() =>
  z.strictObject({
    auditId: z.string(),
    division: z.string(),
    recordKind: z.string(),
    recordId: z.string(),
    ...auditEntryShape(),
    receipt: z.optional(z.strictObject({
      destructionId: z.string(),
      incidentId: z.string(),
      purposes: z.array(z.string()),
      keysShredded: z.array(z.string()),
      recordCounts: z.record(z.string(), z.number().check(z.int())),
      keyIds: z.array(z.string()),
      destroyedAt: isoDateTime,
    })).register(z.globalRegistry, { description: 'A destruction receipt (rule 17): incident, purposes, records per kind, data keys shredded, time' }),
  }),
)).register(z.globalRegistry, { id: 'OversightAuditEntry' });

const assessmentPage = z.lazy(() => pageOf(assessmentView)).register(z.globalRegistry, { id: 'RetentionAssessmentPage' });
const oversightPage = z.lazy(() => pageOf(oversightEntryView)).register(z.globalRegistry, { id: 'OversightAuditPage' });

export const piiLifecycleRoutes = defineRoutes({
  recordRetentionAssessment: {
    method: 'POST', path: '/v1/incidents/{incidentId}/retention-assessments', fn: 'pii', auth: office,
    summary: "Record a legality, necessity and security assessment that keeps purposes of an incident's personal data past the response (rule 17)",
    params: incidentIdParams, body: recordAssessmentBody, idempotent: true, response: { status: 201, schema: assessmentView },
  },
  listRetentionAssessments: {
    method: 'GET', path: '/v1/incidents/{incidentId}/retention-assessments', fn: 'pii', auth: officeOrAuditor,
    summary: "The incident's retention assessments, recorded and statutory (rule 17)",
    params: incidentIdParams, query: pageOnlyQuery, response: { status: 200, schema: assessmentPage },
  },
  getRetentionAssessment: {
    method: 'GET', path: '/v1/incidents/{incidentId}/retention-assessments/{assessmentId}', fn: 'pii', auth: officeOrAuditor,
    summary: 'One retention assessment', params: assessmentParams, response: { status: 200, schema: assessmentView },
  },
  endRetentionAssessment: {
    method: 'POST', path: '/v1/incidents/{incidentId}/retention-assessments/{assessmentId}/end', fn: 'pii', auth: office,
    summary: 'End a recorded assessment early: what it kept is destroyed at the next run unless something else keeps it',
    params: assessmentParams, body: endAssessmentBody, ifMatch: 'optional', response: { status: 200, schema: assessmentView },
  },
  listAudit: {
    method: 'GET', path: '/v1/audit', fn: 'pii', auth: ['auditor'],
    summary: "Every state change, reveal, assessment and destruction receipt of a division, newest first, by action or record kind (rules 18, 20)",
    query: auditQuery, response: { status: 200, schema: oversightPage },
  },
  listReveals: {
    method: 'GET', path: '/v1/audit/reveals', fn: 'pii', auth: ['auditor'],
    summary: 'The reveal log of a division: who read which personal field in the clear, when and why (rule 18)',
    query: revealLogQuery, response: { status: 200, schema: oversightPage },
  },
});
