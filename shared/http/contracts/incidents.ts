// API contract of incidents: report, follow-ups, lists, timeline and congress filings (strict bodies), and views.
import * as z from 'zod/mini';
import { CATEGORIES, RESPONSE_LEVELS, WARNING_LEVELS } from '../../domain/categories.ts';
import { GOV_LEVELS } from '../../domain/division.ts';
import { meta } from '../../schema.ts';
import { divisionCode, id, isoDateTime, latitude, longitude, pageOf, pageOnlyQuery, pageQuery, text } from './common.ts';
import { defineRoutes, office, officeOrAuditor, once } from './routing.ts';
import { INCIDENT_STATUSES, METRICS, RECOVERY_TASK_KINDS } from '../../domain/incident.ts';
import { noticeView } from './linkage.ts';

const count = z.lazy(() => z.number().check(z.int(), z.minimum(0), z.maximum(100_000_000)));
const casualties = z.lazy(() => z.strictObject({ deaths: count, missing: count, injured: count, seriouslyInjured: count }));
const figures = () => ({
  casualties,
  directLossFen: z.number().check(z.int(), z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER)),
  affectedPopulation: count,
});
const severityOverride = z.lazy(() => z.strictObject({ level: z.enum(RESPONSE_LEVELS), reason: text(1000) }));
const location = z.lazy(() =>
  z.strictObject({ lat: latitude, lng: longitude, address: text(500) }),
);

export const reportIncidentBody = z.lazy(() =>
  z.strictObject({
    category: z.enum(CATEGORIES),
    type: text(100),
    title: text(200),
    divisionCode,
    occurredAt: isoDateTime,
    location,
    ...figures(),
    description: text(5000),
    severityOverride: z.optional(severityOverride),
    exercise: z.optional(z.boolean()).register(z.globalRegistry, { description: 'An exercise (drill) on the real flow: every step runs, alerts carry exercise=true, nothing reaches the public feeds' }),
  }).register(z.globalRegistry, { id: 'ReportIncident' }),
);

export const followUpBody = z.lazy(() =>
  z.strictObject({ ...figures(), note: z.optional(text(2000)), severityOverride: z.optional(severityOverride) }).register(z.globalRegistry, { id: 'IncidentFollowUp' }),
);

export const listIncidentsQuery = z.lazy(() =>
  z.strictObject({
    division: z.optional(divisionCode),
    status: z.optional(z.enum(INCIDENT_STATUSES)),
    category: z.optional(z.enum(CATEGORIES)),
    ...pageQuery(),
  }),
);

export const incidentIdParams = z.lazy(() => z.strictObject({ incidentId: id }));

/** Art 87-94: the investigation-and-assessment task as offices read it, with `overdue` computed on read. */
export const investigationView = once(() => {
  const government = z.strictObject({ division: divisionCode, level: z.enum(GOV_LEVELS) });
  const findings = z.strictObject({
    causes: z.string(),
    losses: z.strictObject({ description: z.string(), directLossFen: z.number().check(z.int()) }),
    lessons: z.string(),
    recommendations: z.array(z.string()),
    responsibility: z.string(),
  });
  return z.strictObject({
    openedAt: isoDateTime,
    dueDate: z.iso.date(),
    status: z.enum(['open', 'submitted']),
    overdue: z.boolean(),
    findings: z.optional(findings),
    findingsRecordedAt: z.optional(isoDateTime),
    submittedAt: z.optional(isoDateTime),
    submittedBy: z.optional(government),
    noticeId: z.optional(id),
  });
});

export const recoveryTaskView = once(() =>
  z.strictObject({
    taskId: id,
    kind: z.enum(RECOVERY_TASK_KINDS),
    description: z.optional(z.string()),
    ownerDepartment: z.string(),
    dueDate: z.iso.date(),
    status: z.enum(['open', 'done']),
    overdue: z.boolean(),
    createdAt: isoDateTime,
    completedAt: z.optional(isoDateTime),
    outcome: z.optional(z.string()),
  }),
);

// Views: what the incidents function answers, exactly (strict: a field the view adds or drops fails the contract test).
// Built on first use (see `once`).
const views = once(() => {
  const level = z.enum(RESPONSE_LEVELS);
  const government = z.strictObject({ division: divisionCode, level: z.enum(GOV_LEVELS) });
  const thresholdMet = z.strictObject({ planId: id, planVersion: z.number().check(z.int()), level, metric: z.enum(METRICS), threshold: z.number(), value: z.number() });
  const warningLinkView = z.strictObject({ warningId: id, level: z.enum(WARNING_LEVELS), colour: z.enum(['red', 'orange', 'yellow', 'blue']), status: z.enum(['active', 'lifted']), issuedAt: isoDateTime });
  const severityView = {
    level: z.nullable(level),
    basis: z.nullable(thresholdMet),
    derivedLevel: z.nullable(level),
  };
  const responseView = z.strictObject({
    status: z.enum(['active', 'terminated']),
    planId: id,
    planVersion: z.number().check(z.int()),
    level,
    matters: z.string(),
    expectedDuration: z.string(),
    measures: z.array(z.string()),
    basis: thresholdMet,
    basisLevel: z.optional(level),
    activatedBy: government,
    activatedAt: isoDateTime,
    responsible: government,
    terminatedAt: z.optional(isoDateTime),
  });
  /** What every reader of an incident sees: the reported facts, severity with its basis, the response, the warnings. */
  const incidentFacts = {
    incidentId: id,
    category: z.enum(CATEGORIES),
    type: z.string(),
    title: z.string(),
    divisionCode,
    occurredAt: isoDateTime,
    location: z.strictObject({ lat: z.number(), lng: z.number(), address: z.string() }),
    figures: z.strictObject({ casualties, directLossFen: z.number().check(z.int()), affectedPopulation: z.number().check(z.int()) }),
    description: z.string(),
    status: z.enum(INCIDENT_STATUSES),
    exercise: z.optional(z.literal(true)),
    response: z.optional(responseView),
    /** On reads and follow-ups: the incident's warnings. */
    warnings: z.optional(z.array(warningLinkView)),
    reportedAt: isoDateTime,
    updatedAt: isoDateTime,
  };
  /** The incident in full: for its own division and those above it. */
  const fullIncidentView = z.strictObject({
    ...incidentFacts,
    view: z.literal('full'),
    severity: z.strictObject({ ...severityView, override: z.optional(z.strictObject({ level, reason: z.string(), at: isoDateTime })) }),
    investigation: z.optional(investigationView()),
    recoveryTasks: z.optional(z.array(recoveryTaskView())),
    /** The latest notices reported upward about the incident, with their due times and receipts (all: /notices). */
    notices: z.optional(z.array(noticeView)),
    piiDestructionFrom: z.optional(isoDateTime),
    updates: z.number().check(z.int()),
  });
  /** What a subordinate division reads of a superior's incident: no override reasoning, no investigation or data clock. */
  const incidentSummaryView = z.strictObject({
    ...incidentFacts,
    view: z.literal('summary'),
    severity: z.strictObject({ ...severityView, override: z.optional(z.strictObject({ level, at: isoDateTime })) }),
  });
  const timelineItem = z.strictObject({
    at: isoDateTime,
    action: z.string(),
    from: z.nullable(z.string()),
    to: z.string(),
    reason: z.optional(z.string()),
    by: z.strictObject({ sub: z.string(), role: z.string(), division: z.optional(divisionCode) }),
    entity: z.string(),
    entityId: z.string(),
    requestId: z.string(),
  });
  const filingItem = z.strictObject({
    filingId: id,
    incidentId: id,
    decision: z.enum(['activation', 'level-change', 'hand-over', 'termination']),
    to: z.strictObject({ body: z.literal('peoples-congress-standing-committee'), division: divisionCode }),
    summary: z.string(),
    decidedBy: government,
    decidedAt: isoDateTime,
    status: z.literal('queued'),
  });
  return { incident: z.discriminatedUnion('view', [fullIncidentView, incidentSummaryView]), timelineItem, filingItem };
});
export const incidentView = z.lazy(() => views().incident).register(z.globalRegistry, { id: 'Incident' });
export const incidentPage = z.lazy(() => meta(pageOf(incidentView), { id: 'IncidentPage' }));
export const timelineView = z.lazy(() => meta(pageOf(z.lazy(() => views().timelineItem)), { id: 'Timeline' }));
export const filingPage = z.lazy(() => meta(pageOf(z.lazy(() => views().filingItem)), { id: 'CongressFilingPage' }));

export const incidentRoutes = defineRoutes({
  reportIncident: {
    method: 'POST', path: '/v1/incidents', fn: 'incidents', auth: office, summary: 'Report an incident; severity is derived from the plan in force',
    body: reportIncidentBody, idempotent: true, response: { status: 201, schema: incidentView },
  },
  listIncidents: {
    method: 'GET', path: '/v1/incidents', fn: 'incidents', auth: officeOrAuditor, summary: 'Incidents of a division, by status or category',
    query: listIncidentsQuery, response: { status: 200, schema: incidentPage },
  },
  getIncident: {
    method: 'GET', path: '/v1/incidents/{incidentId}', fn: 'incidents', auth: officeOrAuditor, summary: 'An incident with its severity, response and warnings',
    params: incidentIdParams, response: { status: 200, schema: incidentView },
  },
  followUpIncident: {
    method: 'POST', path: '/v1/incidents/{incidentId}/updates', fn: 'incidents', auth: office, summary: 'A follow-up report: new figures, severity derived again',
    params: incidentIdParams, body: followUpBody, ifMatch: 'optional', response: { status: 200, schema: incidentView },
  },
  incidentTimeline: {
    method: 'GET', path: '/v1/incidents/{incidentId}/timeline', fn: 'incidents', auth: officeOrAuditor, summary: 'Every change with who, when and why',
    params: incidentIdParams, query: pageOnlyQuery, response: { status: 200, schema: timelineView },
  },
  incidentFilings: {
    method: 'GET', path: '/v1/incidents/{incidentId}/filings', fn: 'incidents', auth: officeOrAuditor,
    summary: "Decisions queued for filing with the people's congress standing committee", params: incidentIdParams, query: pageOnlyQuery,
    response: { status: 200, schema: filingPage },
  },
});
