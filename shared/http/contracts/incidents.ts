// API contract of incidents: report, follow-ups, lists, timeline and congress filings (strict bodies), and views.
import * as z from 'zod';
import { CATEGORIES, RESPONSE_LEVELS, WARNING_LEVELS } from '../../domain/categories.ts';
import { GOV_LEVELS } from '../../domain/division.ts';
import { divisionCode, id, isoDateTime, latitude, longitude, pageOf, pageOnlyQuery, pageQuery, text } from './common.ts';
import { defineRoutes, office, officeOrAuditor, once } from './routing.ts';
import { INCIDENT_STATUSES, RECOVERY_TASK_KINDS } from '../../domain/incident.ts';
import { noticeView } from './linkage.ts';

const count = z.lazy(() => z.number().int().min(0).max(100_000_000));
const casualties = z.lazy(() => z.object({ deaths: count, missing: count, injured: count, seriouslyInjured: count }).strict());
const METRICS = ['deaths', 'seriouslyInjured', 'directLossFen', 'affectedPopulation'] as const;
const figures = () => ({
  casualties,
  directLossFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  affectedPopulation: count,
});
const severityOverride = z.lazy(() => z.object({ level: z.enum(RESPONSE_LEVELS), reason: text(1000) }).strict());
const location = z.lazy(() =>
  z
    .object({ lat: latitude, lng: longitude, address: text(500) })
    .strict(),
);

export const reportIncidentBody = z.lazy(() =>
  z
    .object({
      category: z.enum(CATEGORIES),
      type: text(100),
      title: text(200),
      divisionCode,
      occurredAt: isoDateTime,
      location,
      ...figures(),
      description: text(5000),
      severityOverride: severityOverride.optional(),
      exercise: z.boolean().optional().meta({ description: 'An exercise (drill) on the real flow: every step runs, alerts carry exercise=true, nothing reaches the public feeds' }),
    })
    .strict()
    .meta({ id: 'ReportIncident' }),
);

export const followUpBody = z.lazy(() =>
  z
    .object({ ...figures(), note: text(2000).optional(), severityOverride: severityOverride.optional() })
    .strict()
    .meta({ id: 'IncidentFollowUp' }),
);

export const listIncidentsQuery = z.lazy(() =>
  z
    .object({
      division: divisionCode.optional(),
      status: z.enum(INCIDENT_STATUSES).optional(),
      category: z.enum(CATEGORIES).optional(),
      ...pageQuery(),
    })
    .strict(),
);

export const incidentIdParams = z.lazy(() => z.object({ incidentId: id }).strict());

/** Art 87-94: the investigation-and-assessment task as offices read it, with `overdue` computed on read. */
export const investigationView = once(() => {
  const government = z.object({ division: divisionCode, level: z.enum(GOV_LEVELS) }).strict();
  const findings = z
    .object({
      causes: z.string(),
      losses: z.object({ description: z.string(), directLossFen: z.number().int() }).strict(),
      lessons: z.string(),
      recommendations: z.array(z.string()),
      responsibility: z.string(),
    })
    .strict();
  return z
    .object({
      openedAt: isoDateTime,
      dueDate: z.iso.date(),
      status: z.enum(['open', 'submitted']),
      overdue: z.boolean(),
      findings: findings.optional(),
      findingsRecordedAt: isoDateTime.optional(),
      submittedAt: isoDateTime.optional(),
      submittedBy: government.optional(),
      noticeId: id.optional(),
    })
    .strict();
});

export const recoveryTaskView = once(() =>
  z
    .object({
      taskId: id,
      kind: z.enum(RECOVERY_TASK_KINDS),
      description: z.string().optional(),
      ownerDepartment: z.string(),
      dueDate: z.iso.date(),
      status: z.enum(['open', 'done']),
      overdue: z.boolean(),
      createdAt: isoDateTime,
      completedAt: isoDateTime.optional(),
      outcome: z.string().optional(),
    })
    .strict(),
);

// Views: what the incidents function answers, exactly (strict: a field the view adds or drops fails the contract test).
// Built on first use (see `once`).
const views = once(() => {
  const level = z.enum(RESPONSE_LEVELS);
  const government = z.object({ division: divisionCode, level: z.enum(GOV_LEVELS) }).strict();
  const thresholdMet = z
    .object({ planId: id, planVersion: z.number().int(), level, metric: z.enum(METRICS), threshold: z.number(), value: z.number() })
    .strict();
  const warningLinkView = z
    .object({ warningId: id, level: z.enum(WARNING_LEVELS), colour: z.enum(['red', 'orange', 'yellow', 'blue']), status: z.enum(['active', 'lifted']), issuedAt: isoDateTime })
    .strict();
  const severityView = {
    level: level.nullable(),
    basis: thresholdMet.nullable(),
    derivedLevel: level.nullable(),
  };
  const responseView = z
    .object({
      status: z.enum(['active', 'terminated']),
      planId: id,
      planVersion: z.number().int(),
      level,
      matters: z.string(),
      expectedDuration: z.string(),
      measures: z.array(z.string()),
      basis: thresholdMet,
      basisLevel: level.optional(),
      activatedBy: government,
      activatedAt: isoDateTime,
      responsible: government,
      terminatedAt: isoDateTime.optional(),
    })
    .strict();
  /** What every reader of an incident sees: the reported facts, severity with its basis, the response, the warnings. */
  const incidentFacts = {
    incidentId: id,
    category: z.enum(CATEGORIES),
    type: z.string(),
    title: z.string(),
    divisionCode,
    occurredAt: isoDateTime,
    location: z.object({ lat: z.number(), lng: z.number(), address: z.string() }).strict(),
    figures: z.object({ casualties, directLossFen: z.number().int(), affectedPopulation: z.number().int() }).strict(),
    description: z.string(),
    status: z.enum(INCIDENT_STATUSES),
    exercise: z.literal(true).optional(),
    response: responseView.optional(),
    /** On reads and follow-ups: the incident's warnings. */
    warnings: z.array(warningLinkView).optional(),
    reportedAt: isoDateTime,
    updatedAt: isoDateTime,
  };
  /** The incident in full: for its own division and those above it. */
  const fullIncidentView = z
    .object({
      ...incidentFacts,
      view: z.literal('full'),
      severity: z.object({ ...severityView, override: z.object({ level, reason: z.string(), at: isoDateTime }).strict().optional() }).strict(),
      investigation: investigationView().optional(),
      recoveryTasks: z.array(recoveryTaskView()).optional(),
      /** The latest notices reported upward about the incident, with their due times and receipts (all: /notices). */
      notices: z.array(noticeView).optional(),
      piiDestructionFrom: isoDateTime.optional(),
      updates: z.number().int(),
    })
    .strict();
  /** What a subordinate division reads of a superior's incident: no override reasoning, no investigation or data clock. */
  const incidentSummaryView = z
    .object({
      ...incidentFacts,
      view: z.literal('summary'),
      severity: z.object({ ...severityView, override: z.object({ level, at: isoDateTime }).strict().optional() }).strict(),
    })
    .strict();
  const timelineItem = z
    .object({
      at: isoDateTime,
      action: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      reason: z.string().optional(),
      by: z.object({ sub: z.string(), role: z.string(), division: divisionCode.optional() }).strict(),
      entity: z.string(),
      entityId: z.string(),
      requestId: z.string(),
    })
    .strict();
  const filingItem = z
    .object({
      filingId: id,
      incidentId: id,
      decision: z.enum(['activation', 'level-change', 'hand-over', 'termination']),
      to: z.object({ body: z.literal('peoples-congress-standing-committee'), division: divisionCode }).strict(),
      summary: z.string(),
      decidedBy: government,
      decidedAt: isoDateTime,
      status: z.literal('queued'),
    })
    .strict();
  return { incident: z.discriminatedUnion('view', [fullIncidentView, incidentSummaryView]), timelineItem, filingItem };
});
export const incidentView = z.lazy(() => views().incident).meta({ id: 'Incident' });
export const incidentPage = z.lazy(() => pageOf(incidentView).meta({ id: 'IncidentPage' }));
export const timelineView = z.lazy(() => pageOf(z.lazy(() => views().timelineItem)).meta({ id: 'Timeline' }));
export const filingPage = z.lazy(() => pageOf(z.lazy(() => views().filingItem)).meta({ id: 'CongressFilingPage' }));

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
