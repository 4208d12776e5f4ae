// API contract of incidents, warnings, graded response, releases and subscriptions (strict bodies).
import * as z from 'zod';
import { CATEGORIES, RESPONSE_LEVELS, WARNING_LEVELS } from '../../domain/categories.ts';
import { divisionCode, id, isoDateTime, pageOf, pageQuery, text } from './common.ts';

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
export const warningIdParams = z.object({ warningId: id }).strict();
export const subscriptionIdParams = z.object({ subscriptionId: id }).strict();
/** `/v1/public/warnings/{warningFile}` where the file is `<warningId>.cap` (API Gateway allows no partial variables). */
export const capFileParams = z.object({ warningFile: z.string().regex(/^[A-Za-z0-9_-]{8,64}\.cap$/, 'a warning id followed by .cap') }).strict();

const latLng = z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]);
const area = z
  .object({
    divisions: z.array(divisionCode).min(1).max(200),
    description: text(500).optional(),
    polygon: z
      .array(latLng)
      .min(4)
      .max(500)
      .refine((p) => p[0]![0] === p[p.length - 1]![0] && p[0]![1] === p[p.length - 1]![1], 'a closed ring: the first point repeated last')
      .optional(),
    circle: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), radiusKm: z.number().positive().max(2000) }).strict().optional(),
  })
  .strict();
const bilingualTitle = z.object({ 'zh-CN': text(200), en: text(200).optional() }).strict();

export const issueWarningBody = z
  .object({
    level: z.enum(WARNING_LEVELS),
    startsAt: isoDateTime,
    area,
    hazards: z.array(text(1000)).min(1).max(50),
    measures: z.array(text(1000)).min(1).max(50),
    title: bilingualTitle,
  })
  .strict()
  .meta({ id: 'IssueWarning' });

export const warningTransitionBody = z
  .discriminatedUnion('action', [
    z
      .object({
        action: z.literal('adjust'),
        level: z.enum(WARNING_LEVELS).optional(),
        area: area.optional(),
        hazards: z.array(text(1000)).min(1).max(50).optional(),
        measures: z.array(text(1000)).min(1).max(50).optional(),
        reason: text(1000),
      })
      .strict(),
    z.object({ action: z.literal('lift'), reason: text(1000).optional() }).strict(),
  ])
  .meta({ id: 'WarningTransition' });

export const activateResponseBody = z
  .object({
    planId: id,
    planVersion: z.number().int().min(1),
    level: z.enum(RESPONSE_LEVELS),
    matters: text(2000),
    expectedDuration: text(200),
    measures: z.array(text(1000)).min(1).max(100),
    basis: z.object({ metric: z.enum(['deaths', 'seriouslyInjured', 'directLossFen', 'affectedPopulation']) }).strict(),
  })
  .strict()
  .meta({ id: 'ActivateResponse' });

export const responseTransitionBody = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('change-level'), level: z.enum(RESPONSE_LEVELS), planVersion: z.number().int().min(1).optional(), reason: text(1000) }).strict(),
    z.object({ action: z.literal('hand-over'), reason: text(1000) }).strict(),
    z.object({ action: z.literal('terminate'), reason: text(1000) }).strict(),
  ])
  .meta({ id: 'ResponseTransition' });

export const releaseBody = z
  .object({ title: bilingualTitle, body: z.object({ 'zh-CN': text(20_000), en: text(20_000).optional() }).strict() })
  .strict()
  .meta({ id: 'Release' });

export const publicListQuery = z.object({ division: divisionCode.optional(), ...pageQuery }).strict();

export const subscriptionBody = z
  .object({
    protocol: z.enum(['email', 'sms', 'https']),
    endpoint: z.string().min(3).max(500).refine((s) => s.isWellFormed(), 'not well-formed Unicode'),
    filter: z
      .object({
        divisionPrefix: z.string().regex(/^\d{2,12}$/, 'leading digits of a GB/T 2260 code').optional(),
        categories: z.array(z.enum(CATEGORIES)).min(1).max(4).optional(),
        /** Warning level 1-4 (1 highest); response levels map onto it (I=1 ... IV=4). */
        minLevel: z.enum(WARNING_LEVELS).optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((b, ctx) => {
    const ok =
      b.protocol === 'email' ? /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(b.endpoint) : b.protocol === 'sms' ? /^\+?\d{6,15}$/.test(b.endpoint) : /^https:\/\/[^\s]+$/.test(b.endpoint);
    if (!ok) ctx.addIssue({ code: 'custom', path: ['endpoint'], message: `not a valid ${b.protocol} endpoint` });
  })
  .meta({ id: 'Subscription' });

// Views, for the OpenAPI document.
export const incidentView = z.object({ incidentId: id, category: z.enum(CATEGORIES), divisionCode, status: z.string(), title: z.string() }).passthrough().meta({ id: 'Incident' });
export const incidentPage = pageOf(incidentView).meta({ id: 'IncidentPage' });
export const warningView = z.object({ warningId: id, incidentId: id, level: z.enum(WARNING_LEVELS), colour: z.string(), status: z.string() }).passthrough().meta({ id: 'Warning' });
export const warningPage = pageOf(warningView).meta({ id: 'WarningPage' });
export const timelineView = pageOf(z.object({ at: isoDateTime, action: z.string(), from: z.string().nullable(), to: z.string() }).passthrough()).meta({ id: 'Timeline' });
export const filingPage = pageOf(z.object({ decision: z.string(), decidedAt: isoDateTime }).passthrough()).meta({ id: 'CongressFilingPage' });
export const releaseView = z.object({ releaseId: id, incidentId: id, publishedAt: isoDateTime }).passthrough().meta({ id: 'ReleaseView' });
export const releasePage = pageOf(releaseView).meta({ id: 'ReleasePage' });
export const subscriptionView = z.object({ subscriptionId: id, protocol: z.string(), endpoint: z.string(), filter: z.object({}).passthrough() }).passthrough().meta({ id: 'SubscriptionView' });
