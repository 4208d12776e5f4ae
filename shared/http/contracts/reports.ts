// API contract of citizens' reports (rule 25; Art 7, 73(8), Price Law Art 14): anyone reports without a token and gets a
// secret follow-up code; the office of the division takes the report through its steps. Strict bodies and views; no
// view has a field for the reporter's contact, so none can show it.
import * as z from 'zod/mini';
import { GOV_LEVELS } from '../../domain/division.ts';
import { EVIDENCE_KINDS, REFERRAL_AGENCIES, REPORT_KINDS, REPORT_STATUSES } from '../../domain/citizen-report.ts';
import { toE164Mobile } from '../../pii/identifiers.ts';
import { meta } from '../../schema.ts';
import { divisionCode, id, isoDateTime, latitude, longitude, pageOf, pageQuery, text } from './common.ts';
import { defineRoutes, office, once } from './routing.ts';

/** The follow-up code: 24 base64url characters (144 random bits); the API never issues another form. */
export const FOLLOW_UP_CODE = /^[A-Za-z0-9_-]{24}$/;

const contact = z.lazy(() =>
  z.strictObject({
    name: z.optional(text(100)),
    // One spelling the OpenAPI document can state (no spaces); stored as E.164.
    phone: z.optional(z.pipe(z.string().check(z.regex(/^(\+86|0086)?1[3-9]\d{9}$/, 'must be a mainland mobile number: 11 digits starting 13-19, optionally after +86 or 0086')), z.transform((v) => toE164Mobile(v)!))),
    email: z.optional(z.string().check(z.trim(), z.maxLength(254), z.regex(/^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$/, 'email'))),
  }).check(z.refine((c) => Object.values(c).some((v) => v !== undefined), 'contact-empty')).register(z.globalRegistry, { minProperties: 1, description: 'Optional, to be contacted or rewarded: sealed at once (purpose report) and never shown (rule 25)' }),
);

export const createReportBody = z.lazy(() =>
  z.strictObject({
    kind: z.enum(REPORT_KINDS),
    divisionCode: meta(divisionCode, { description: 'Where it happens: the office of this division handles the report' }),
    location: z.optional(z.strictObject({ lat: latitude, lng: longitude, address: z.optional(text(500)) })),
    description: text(5000),
    evidence: z._default(z.array(z.strictObject({ kind: z.enum(EVIDENCE_KINDS), reference: text(1000) })).check(z.maxLength(20)), []),
    incidentId: z.optional(id),
    contact: z.optional(contact),
  }).register(z.globalRegistry, { id: 'CreateReport' }),
);

export const reportIdParams = z.lazy(() => z.strictObject({ reportId: id }));
export const reportStatusQuery = z.lazy(() => z.strictObject({ code: z.string().check(z.regex(FOLLOW_UP_CODE, 'follow-up-code')) }));

export const listReportsQuery = z.lazy(() =>
  z.strictObject({ division: z.optional(divisionCode), status: z.optional(z.enum(REPORT_STATUSES)), kind: z.optional(z.enum(REPORT_KINDS)), ...pageQuery() }),
);

/** Rebuttals are published in both languages (a plain string is not enough for a bilingual release). */
const bothLanguages = (max: number) => z.strictObject({ 'zh-CN': text(max), en: text(max) });

export const reportTransitionBody = z.lazy(() =>
  z.discriminatedUnion('action', [
    z.strictObject({ action: z.literal('assign'), department: text(200) }),
    z.strictObject({ action: z.literal('substantiate'), findings: text(5000) }),
    z.strictObject({ action: z.literal('dismiss'), reason: text(2000) }),
    z.strictObject({ action: z.literal('refer'), to: z.enum(REFERRAL_AGENCIES), reference: text(200) }),
    z.strictObject({
      action: z.literal('publish-rebuttal'),
      title: bothLanguages(200),
      body: bothLanguages(20_000),
      /** The incident the rumour is about, when the report named none. */
      incidentId: z.optional(id),
    }),
    z.strictObject({ action: z.literal('reward'), reason: text(2000), amountFen: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(Number.MAX_SAFE_INTEGER))) }),
  ]).register(z.globalRegistry, { id: 'ReportTransition' }),
);

// Views (built on first use, see `once`).
const views = once(() => {
  const at = isoDateTime;
  const report = z.strictObject({
    reportId: id,
    kind: z.enum(REPORT_KINDS),
    divisionCode,
    location: z.optional(z.strictObject({ lat: z.number(), lng: z.number(), address: z.optional(z.string()) })),
    description: z.string(),
    evidence: z.array(z.strictObject({ kind: z.enum(EVIDENCE_KINDS), reference: z.string() })),
    incidentId: z.optional(id),
    status: z.enum(REPORT_STATUSES),
    /** Whether the reporter left a way to reach them; what it is only the logged reveal says (rules 18, 25). */
    contactGiven: z.boolean(),
    assignment: z.optional(z.strictObject({ department: z.string(), at })),
    findings: z.optional(z.strictObject({ text: z.string(), at })),
    dismissal: z.optional(z.strictObject({ reason: z.string(), at })),
    referral: z.optional(z.strictObject({ to: z.enum(REFERRAL_AGENCIES), reference: z.string(), at })),
    rebuttal: z.optional(z.strictObject({ releaseId: id, incidentId: id, at })),
    reward: z.optional(z.strictObject({ reason: z.string(), amountFen: z.optional(z.number().check(z.int())), at })),
    handledBy: z.optional(z.strictObject({ division: divisionCode, level: z.enum(GOV_LEVELS) })),
    receivedAt: at,
    updatedAt: at,
  });
  const receipt = z.strictObject({
    reportId: id,
    status: z.literal('received'),
    /** Keep it to follow the report with GET /v1/reports/{reportId}?code=. Stored hashed; a resend with the same Idempotency-Key gets it again (kept sealed for that). */
    followUpCode: z.string().check(z.regex(FOLLOW_UP_CODE)),
    receivedAt: at,
  });
  const status = z.strictObject({ reportId: id, status: z.enum(REPORT_STATUSES), receivedAt: at, updatedAt: at });
  return { report, receipt, status };
});
export const reportView = z.lazy(() => views().report).register(z.globalRegistry, { id: 'Report' });
export const reportReceiptView = z.lazy(() => views().receipt).register(z.globalRegistry, { id: 'ReportReceipt' });
export const reportStatusView = z.lazy(() => views().status).register(z.globalRegistry, { id: 'ReportStatus' });
export const reportPage = z.lazy(() => meta(pageOf(reportView), { id: 'ReportPage' }));

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
