// API contract of incidents: report, follow-ups, lists, timeline and congress filings (strict bodies), and views.
import * as z from 'zod';
import { CATEGORIES, RESPONSE_LEVELS } from '../../domain/categories.ts';
import { divisionCode, id, isoDateTime, pageOf, pageOnlyQuery, pageQuery, text } from './common.ts';
import { defineRoutes, office, officeOrAuditor } from './routing.ts';

const count = z.number().int().min(0).max(100_000_000);
const casualties = z.object({ deaths: count, missing: count, injured: count, seriouslyInjured: count }).strict();
const figures = {
  casualties,
  directLossFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  affectedPopulation: count,
};
const severityOverride = z.object({ level: z.enum(RESPONSE_LEVELS), reason: text(1000) }).strict();
const location = z
  .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), address: text(500) })
  .strict();

export const reportIncidentBody = z
  .object({
    category: z.enum(CATEGORIES),
    type: text(100),
    title: text(200),
    divisionCode,
    occurredAt: isoDateTime,
    location,
    ...figures,
    description: text(5000),
    severityOverride: severityOverride.optional(),
  })
  .strict()
  .meta({ id: 'ReportIncident' });

export const followUpBody = z
  .object({ ...figures, note: text(2000).optional(), severityOverride: severityOverride.optional() })
  .strict()
  .meta({ id: 'IncidentFollowUp' });

export const listIncidentsQuery = z
  .object({
    division: divisionCode.optional(),
    status: z.enum(['reported', 'responding', 'recovery']).optional(),
    category: z.enum(CATEGORIES).optional(),
    ...pageQuery,
  })
  .strict();

export const incidentIdParams = z.object({ incidentId: id }).strict();

// Views, for the OpenAPI document.
export const incidentView = z.object({ incidentId: id, category: z.enum(CATEGORIES), divisionCode, status: z.string(), title: z.string() }).passthrough().meta({ id: 'Incident' });
export const incidentPage = pageOf(incidentView).meta({ id: 'IncidentPage' });
export const timelineView = pageOf(z.object({ at: isoDateTime, action: z.string(), from: z.string().nullable(), to: z.string() }).passthrough()).meta({ id: 'Timeline' });
export const filingPage = pageOf(z.object({ decision: z.string(), decidedAt: isoDateTime }).passthrough()).meta({ id: 'CongressFilingPage' });

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
