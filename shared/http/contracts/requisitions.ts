// API contract of requisitions (征用, rules 8, 10-13): the taking with the owner's identity checked as a person would
// check it (GB 11643 ID numbers, GB 32100 credit codes, mainland mobiles), paperwork, hand-over and return, the
// voucher as a printable page, the owner's own list, and the record's audit trail. Views show personal data masked.
import * as z from 'zod/mini';
import { CATEGORIES, RESPONSE_LEVELS } from '../../domain/categories.ts';
import { CLAIM_CAP_FEN } from '../../domain/claim.ts';
import { GOV_LEVELS } from '../../domain/division.ts';
import { EXEMPT_CATEGORIES, REQUISITION_CATEGORIES } from '../../domain/requisition.ts';
import { creditCode, MOBILE_PATTERN, mobileNumber, residentIdNumber, toE164Mobile } from '../../pii/identifiers.ts';
import { auditEntryShape, divisionCode, id, isoDateTime, pageOf, pageOnlyQuery, pageQuery, text } from './common.ts';
import { incidentIdParams } from './incidents.ts';
import { defineRoutes, office, officeOrAuditor, once } from './routing.ts';

export const requisitionIdParams = z.lazy(() => z.strictObject({ requisitionId: id }));

/** At most this many items on one voucher: a voucher is one taking from one owner. */
export const MAX_REQUISITION_ITEMS = 50;
export const REQUISITION_MODES = ['voucher', 'emergency'] as const;
export const REQUISITION_STATUSES = ['issued', 'taken', 'handed-over', 'returned'] as const;
export const RETURN_OUTCOMES = ['intact', 'damaged', 'destroyed', 'consumed'] as const;

const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;
/** A unit's phone may be a landline (010-65123456, kept as typed) as well as a mobile (kept in E.164). */
const unitPhone = z.lazy(() =>
  z.pipe(z.string().check(z.maxLength(32, 'must be a mainland mobile number or a landline such as 010-65123456')), z.transform((value, ctx) => {
    const mobile = toE164Mobile(value);
    if (mobile !== undefined) return mobile;
    if (LANDLINE.test(value.trim())) return value.trim();
    ctx.issues.push({ code: 'custom', message: 'must be a mainland mobile number or a landline such as 010-65123456', input: value });
    return z.NEVER;
  })).register(z.globalRegistry, {
    format: 'cn-phone',
    pattern: `^(${MOBILE_PATTERN.slice(1, -1)}|${LANDLINE.source.slice(1, -1)})$`,
    description: 'A mainland mobile number (11 digits starting 13-19, +86 or 0086 optional; stored as E.164) or a landline with its area code, such as 010-65123456 or 0755-1234567-89',
  }),
);

const ownerBody = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('individual'),
      name: text(100),
      /** Rule 16: collected for this requisition; stored encrypted, shown masked, matched through its blind index. */
      idNumber: residentIdNumber(),
      phone: mobileNumber,
      address: text(500),
    }),
    z.strictObject({
      kind: z.literal('unit'),
      name: text(200),
      creditCode,
      phone: unitPhone,
      address: text(500),
    }),
  ]).register(z.globalRegistry, { description: 'The owner: an individual (resident ID number) or a unit (unified social credit code); every field is personal data' }),
);

const itemBody = z.lazy(() =>
  z.strictObject({
    name: text(200),
    /** The exempt categories are accepted here so that rule 11 can refuse them by name (422 exempt-from-requisition). */
    category: z.enum([...REQUISITION_CATEGORIES, ...EXEMPT_CATEGORIES]),
    // Thousandths at least (0.5 t of sand, 2.5 m³): any positive double would pass zod and fail DynamoDB's number range.
    quantity: z.number().check(z.minimum(0.001), z.maximum(1_000_000), z.multipleOf(0.001)),
    unit: text(20),
    model: z.optional(text(200)),
    conditionBefore: text(1000),
    valueFen: z.number().check(z.int(), z.minimum(0), z.maximum(CLAIM_CAP_FEN)).register(z.globalRegistry, { description: 'Value in fen (CNY cents)' }),
  }),
);

export const createRequisitionBody = z.lazy(() =>
  z.strictObject({
    mode: z.enum(REQUISITION_MODES).register(z.globalRegistry, { description: 'voucher: issued with a voucher at the taking; emergency: taken first, papered within REQUISITION_PAPERWORK_HOURS (rule 12)' }),
    legalBasis: text(500),
    reason: text(2000),
    owner: ownerBody,
    items: z.array(itemBody).check(z.minLength(1), z.maxLength(MAX_REQUISITION_ITEMS)),
    requisitioningUnit: text(200),
    executingOfficer: z.strictObject({ name: text(100), contact: text(100) }),
    takenAt: isoDateTime,
  }).register(z.globalRegistry, { id: 'CreateRequisition' }),
);

export const requisitionTransitionBody = z.lazy(() =>
  z.discriminatedUnion('action', [
    z.strictObject({ action: z.literal('paperwork') }).register(z.globalRegistry, { description: 'An emergency taking gets its voucher (rule 12)' }),
    z.strictObject({ action: z.literal('hand-over'), conditions: z.optional(z.array(text(1000)).check(z.minLength(1), z.maxLength(MAX_REQUISITION_ITEMS))) }).register(z.globalRegistry, { description: 'The handover list in two copies; one condition per item (default: the conditions recorded at the taking)' }),
    z.strictObject({
      action: z.literal('return'),
      outcome: z.enum(RETURN_OUTCOMES),
      conditionAfter: text(2000),
      certificate: z.optional(z.strictObject({ number: text(100), description: text(2000), assessedLossFen: z.number().check(z.int(), z.minimum(0), z.maximum(CLAIM_CAP_FEN)) })).register(z.globalRegistry, { description: 'The damage or loss certificate (毁损/灭失证明): required unless intact (rule 13)' }),
    }),
  ]).register(z.globalRegistry, { id: 'RequisitionTransition' }),
);

export const listRequisitionsQuery = z.lazy(() => z.strictObject({ incidentId: id, ...pageQuery() }));

// ---- Views: exactly what the requisitions function answers (built on first use). No user id of anyone. ----------

const ownerView = once(() =>
  z.strictObject({
    kind: z.enum(['individual', 'unit']),
    name: z.string(),
    idNumber: z.optional(z.string()),
    creditCode: z.optional(z.string()),
    phone: z.string(),
    address: z.string(),
  }).register(z.globalRegistry, { description: "Masked (张*, 110105********1234, 138****5678, the address cut after the district), or 'destroyed' once the data key is gone (rule 17)" }),
);

const bilingualText = z.lazy(() => z.strictObject({ 'zh-CN': z.string(), en: z.string() }));

export const claimDocumentView = once(() =>
  z.strictObject({ kind: z.string(), 'zh-CN': z.string(), en: z.string(), when: z.optional(bilingualText) }),
);

export const requisitionView = z.lazy(() =>
  z.strictObject({
    requisitionId: id,
    incidentId: id,
    divisionCode,
    category: z.enum(CATEGORIES),
    responseLevel: z.nullable(z.enum(RESPONSE_LEVELS)),
    requisitionedBy: z.strictObject({ division: divisionCode, level: z.enum(GOV_LEVELS) }),
    mode: z.enum(REQUISITION_MODES),
    status: z.enum(REQUISITION_STATUSES),
    voucherNumber: z.optional(z.string()),
    voucherIssuedAt: z.optional(isoDateTime),
    legalBasis: z.string(),
    reason: z.string(),
    owner: ownerView(),
    items: z.array(
      z.strictObject({
        name: z.string(),
        category: z.string(),
        quantity: z.number(),
        unit: z.string(),
        model: z.optional(z.string()),
        conditionBefore: z.string(),
        valueFen: z.number().check(z.int()),
      }),
    ),
    requisitioningUnit: z.string(),
    executingOfficer: z.strictObject({ name: z.string(), contact: z.string() }),
    takenAt: isoDateTime,
    /** Rule 12: emergency takings only. */
    paperwork: z.optional(z.strictObject({ dueAt: isoDateTime, done: z.boolean(), overdue: z.boolean(), flaggedAt: z.optional(isoDateTime), basis: z.string() })),
    handover: z.optional(z.strictObject({ at: isoDateTime, copies: z.literal(2), conditions: z.array(z.string()) })),
    returned: z.optional(z.strictObject({
      outcome: z.enum(RETURN_OUTCOMES),
      conditionAfter: z.string(),
      certificate: z.optional(z.strictObject({ number: z.string(), description: z.string(), assessedLossFen: z.number().check(z.int()) })),
      at: isoDateTime,
      late: z.boolean(),
    })),
    /** Rule 8: set once the response ended with the property still held. */
    returnDeadline: z.optional(z.strictObject({ dueDate: z.string(), passed: z.boolean(), flaggedAt: z.optional(isoDateTime), basis: z.string() })),
    /** Rule 13: opened at the return, with the documents a claim needs, given once and in writing. */
    compensationCase: z.optional(z.strictObject({
      openedAt: isoDateTime,
      heads: z.array(z.enum(['use', 'loss'])),
      assessedLossFen: z.optional(z.number().check(z.int())),
      documentsGivenAt: isoDateTime,
      documents: z.array(claimDocumentView()),
    })),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  }),
).register(z.globalRegistry, { id: 'Requisition' });

/** One entry of a record's audit trail: who, when, what; a reveal names the field, why and what it was collected for. */
export const auditEntryView = z.lazy(() =>
  z.strictObject(auditEntryShape()),
).register(z.globalRegistry, { id: 'AuditEntry' });

const requisitionPage = z.lazy(() => pageOf(requisitionView)).register(z.globalRegistry, { id: 'RequisitionPage' });
const auditPage = z.lazy(() => pageOf(auditEntryView)).register(z.globalRegistry, { id: 'AuditPage' });

export const requisitionRoutes = defineRoutes({
  createRequisition: {
    method: 'POST', path: '/v1/incidents/{incidentId}/requisitions', fn: 'requisitions', auth: office,
    summary: 'Requisition property with a voucher, or record an emergency taking to be papered later (rules 10-12)',
    params: incidentIdParams, body: createRequisitionBody, idempotent: true, response: { status: 201, schema: requisitionView },
  },
  listRequisitions: {
    method: 'GET', path: '/v1/requisitions', fn: 'requisitions', auth: officeOrAuditor, summary: "An incident's requisitions, newest first",
    query: listRequisitionsQuery, response: { status: 200, schema: requisitionPage },
  },
  getRequisition: {
    method: 'GET', path: '/v1/requisitions/{requisitionId}', fn: 'requisitions', auth: officeOrAuditor, summary: 'One requisition, personal data masked',
    params: requisitionIdParams, response: { status: 200, schema: requisitionView },
  },
  requisitionVoucher: {
    method: 'GET', path: '/v1/requisitions/{requisitionId}/voucher', fn: 'requisitions', auth: officeOrAuditor,
    summary: 'The voucher (征用凭证) as a print-ready bilingual HTML page, the owner masked, with two signature blocks',
    params: requisitionIdParams, response: { status: 200, contentType: 'text/html; charset=utf-8' },
  },
  requisitionAudit: {
    method: 'GET', path: '/v1/requisitions/{requisitionId}/audit', fn: 'requisitions', auth: officeOrAuditor,
    summary: "The requisition's audit trail, reveals of its personal data included (rule 18)",
    params: requisitionIdParams, query: pageOnlyQuery, response: { status: 200, schema: auditPage },
  },
  transitionRequisition: {
    method: 'POST', path: '/v1/requisitions/{requisitionId}/transitions', fn: 'requisitions', auth: office,
    summary: 'paperwork (rule 12), hand-over (list in two copies), return (a certificate unless intact; opens the compensation case, rule 13)',
    params: requisitionIdParams, body: requisitionTransitionBody, ifMatch: 'optional', response: { status: 200, schema: requisitionView },
  },
  myRequisitions: {
    method: 'GET', path: '/v1/me/requisitions', fn: 'requisitions', auth: ['citizen'],
    summary: "The caller's own requisitions, matched through the blind index of the identity number the sign-in verified",
    query: pageOnlyQuery, response: { status: 200, schema: requisitionPage },
  },
});
