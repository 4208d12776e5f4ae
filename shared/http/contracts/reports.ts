// API contract of citizens' reports (rule 25; Art 7, 73(8), Price Law Art 14): anyone reports without a token and gets a
// secret follow-up code; the office of the division takes the report through its steps. Strict bodies and views; no
// view has a field for the reporter's contact, so none can show it.
import * as z from 'zod';
import { GOV_LEVELS } from '../../domain/division.ts';
import { EVIDENCE_KINDS, REFERRAL_AGENCIES, REPORT_KINDS, REPORT_STATUSES } from '../../domain/citizen-report.ts';
import { toE164Mobile } from '../../pii/identifiers.ts';
import { divisionCode, id, isoDateTime, latitude, longitude, pageOf, pageQuery, text } from './common.ts';
import { defineRoutes, office, once } from './routing.ts';

/** The follow-up code: 24 base64url characters (144 random bits); the API never issues another form. */
export const FOLLOW_UP_CODE = /^[A-Za-z0-9_-]{24}$/;

const contact = z.lazy(() =>
  z
    .object({
      name: text(100).optional(),
      // One spelling the OpenAPI document can state (no spaces); stored as E.164.
      phone: z
        .string()
        .regex(/^(\+86|0086)?1[3-9]\d{9}$/, 'must be a mainland mobile number: 11 digits starting 13-19, optionally after +86 or 0086')
        .transform((v) => toE164Mobile(v)!)
        .optional(),
      email: z.string().trim().max(254).regex(/^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$/, 'email').optional(),
    })
    .strict()
    .refine((c) => Object.values(c).some((v) => v !== undefined), 'contact-empty')
    .meta({ minProperties: 1, description: 'Optional, to be contacted or rewarded: sealed at once (purpose report) and never shown (rule 25)' }),
);

export const createReportBody = z.lazy(() =>
  z
    .object({
      kind: z.enum(REPORT_KINDS),
      divisionCode: divisionCode.meta({ description: 'Where it happens: the office of this division handles the report' }),
      location: z.object({ lat: latitude, lng: longitude, address: text(500).optional() }).strict().optional(),
      description: text(5000),
      evidence: z
        .array(z.object({ kind: z.enum(EVIDENCE_KINDS), reference: text(1000) }).strict())
        .max(20)
        .default([]),
      incidentId: id.optional(),
      contact: contact.optional(),
    })
    .strict()
    .meta({ id: 'CreateReport' }),
);

export const reportIdParams = z.lazy(() => z.object({ reportId: id }).strict());
export const reportStatusQuery = z.lazy(() => z.object({ code: z.string().regex(FOLLOW_UP_CODE, 'follow-up-code') }).strict());

export const listReportsQuery = z.lazy(() =>
  z
    .object({ division: divisionCode.optional(), status: z.enum(REPORT_STATUSES).optional(), kind: z.enum(REPORT_KINDS).optional(), ...pageQuery() })
    .strict(),
);

/** Rebuttals are published in both languages (a plain string is not enough for a bilingual release). */
const bothLanguages = (max: number) => z.object({ 'zh-CN': text(max), en: text(max) }).strict();

export const reportTransitionBody = z.lazy(() =>
  z
    .discriminatedUnion('action', [
      z.object({ action: z.literal('assign'), department: text(200) }).strict(),
      z.object({ action: z.literal('substantiate'), findings: text(5000) }).strict(),
      z.object({ action: z.literal('dismiss'), reason: text(2000) }).strict(),
      z.object({ action: z.literal('refer'), to: z.enum(REFERRAL_AGENCIES), reference: text(200) }).strict(),
      z
        .object({
          action: z.literal('publish-rebuttal'),
          title: bothLanguages(200),
          body: bothLanguages(20_000),
          /** The incident the rumour is about, when the report named none. */
          incidentId: id.optional(),
        })
        .strict(),
      z.object({ action: z.literal('reward'), reason: text(2000), amountFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() }).strict(),
    ])
    .meta({ id: 'ReportTransition' }),
);

// Views (built on first use, see `once`).
const views = once(() => {
  const at = isoDateTime;
  const report = z
    .object({
      reportId: id,
      kind: z.enum(REPORT_KINDS),
      divisionCode,
      location: z.object({ lat: z.number(), lng: z.number(), address: z.string().optional() }).strict().optional(),
      description: z.string(),
      evidence: z.array(z.object({ kind: z.enum(EVIDENCE_KINDS), reference: z.string() }).strict()),
      incidentId: id.optional(),
      status: z.enum(REPORT_STATUSES),
      /** Whether the reporter left a way to reach them; what it is only the logged reveal says (rules 18, 25). */
      contactGiven: z.boolean(),
      assignment: z.object({ department: z.string(), at }).strict().optional(),
      findings: z.object({ text: z.string(), at }).strict().optional(),
      dismissal: z.object({ reason: z.string(), at }).strict().optional(),
      referral: z.object({ to: z.enum(REFERRAL_AGENCIES), reference: z.string(), at }).strict().optional(),
      rebuttal: z.object({ releaseId: id, incidentId: id, at }).strict().optional(),
      reward: z.object({ reason: z.string(), amountFen: z.number().int().optional(), at }).strict().optional(),
      handledBy: z.object({ division: divisionCode, level: z.enum(GOV_LEVELS) }).strict().optional(),
      receivedAt: at,
      updatedAt: at,
    })
    .strict();
  const receipt = z
    .object({
      reportId: id,
      status: z.literal('received'),
      /** Keep it to follow the report with GET /v1/reports/{reportId}?code=. Stored hashed; a resend with the same Idempotency-Key gets it again (kept sealed for that). */
      followUpCode: z.string().regex(FOLLOW_UP_CODE),
      receivedAt: at,
    })
    .strict();
  const status = z.object({ reportId: id, status: z.enum(REPORT_STATUSES), receivedAt: at, updatedAt: at }).strict();
  return { report, receipt, status };
});
export const reportView = z.lazy(() => views().report).meta({ id: 'Report' });
export const reportReceiptView = z.lazy(() => views().receipt).meta({ id: 'ReportReceipt' });
export const reportStatusView = z.lazy(() => views().status).meta({ id: 'ReportStatus' });
export const reportPage = z.lazy(() => pageOf(reportView).meta({ id: 'ReportPage' }));

export const reportRoutes = defineRoutes({
  createReport: {
    method: 'POST', path: '/v1/reports', fn: 'reports', auth: 'public',
    summary: 'Report price gouging, hoarding, a counterfeit, a rumour or an incident; no token needed; limited per source (429)',
    // Idempotent for the console's offline outbox: the stored first answer keeps the follow-up code sealed.
    idempotent: true, body: createReportBody, response: { status: 201, schema: reportReceiptView },
  },
  reportStatus: {
    method: 'GET', path: '/v1/reports/{reportId}', fn: 'reports', auth: 'public',
    summary: "The status of one's report, with the follow-up code (a wrong code is a 404 like a missing report)",
    params: reportIdParams, query: reportStatusQuery, response: { status: 200, schema: reportStatusView },
  },
  listReports: {
    method: 'GET', path: '/v1/reports', fn: 'reports', auth: office, summary: 'Reports of a division (default: your own), by status or kind',
    query: listReportsQuery, response: { status: 200, schema: reportPage },
  },
  transitionReport: {
    method: 'POST', path: '/v1/reports/{reportId}/transitions', fn: 'reports', auth: office,
    summary: 'Assign, substantiate, dismiss, refer, publish a rebuttal (rumours) or reward', params: reportIdParams, body: reportTransitionBody,
    ifMatch: 'optional', response: { status: 200, schema: reportView },
  },
});
