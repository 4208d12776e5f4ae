// API contract of social emergency forces (rule 22): registration (备案登记) by the organisation, the office's decision,
// suspension and revocation, group accident insurance, lists and views. Shared vocabulary of the social-forces
// contracts (calendar dates, insurance policies) lives here too.
import * as z from 'zod/mini';
import { GOV_LEVELS } from '../../domain/division.ts';
import { CAPABILITIES, ORGANIZATION_KINDS, ORGANIZATION_STATUSES } from '../../domain/organization.ts';
import { creditCode, mobileNumber } from '../../pii/identifiers.ts';
import { meta } from '../../schema.ts';
import { divisionCode, id, isoDateTime, pageOf, pageQuery, text } from './common.ts';
import { defineRoutes, office } from './routing.ts';

/**
 * A CST calendar date, YYYY-MM-DD, in the years 1900-2999, as a pattern the OpenAPI document states whole (so a client
 * generated from it never sends what this refuses). A day that does not exist in its month (2026-02-30) passes the
 * pattern and is refused by the domain's rules (422), which check every date they are given.
 */
export const calendarDate = z.lazy(() =>
  z.string().check(z.regex(/^(19|2\d)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a calendar date written YYYY-MM-DD')).register(z.globalRegistry, { format: 'date', description: 'A calendar date (China Standard Time), YYYY-MM-DD' }),
);

/** Personal accident insurance (人身意外伤害保险, Art 40; Volunteer Service Regulations Art 17). */
const policyFields = () => ({
  policyNo: text(64),
  insurer: text(200),
  kind: z.literal('personal-accident'),
  coversFrom: calendarDate,
  coversTo: calendarDate,
});
export const insurancePolicyBody = z.lazy(() => z.strictObject(policyFields()).register(z.globalRegistry, { id: 'InsurancePolicy' }));
export const groupInsuranceBody = z.lazy(() =>
  z.strictObject({ ...policyFields(), insuredCount: z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)) }).register(z.globalRegistry, { id: 'GroupInsurancePolicy', description: 'A group policy counts for every member only when insuredCount reaches memberCount' }),
);

export const organizationIdParams = z.lazy(() => z.strictObject({ organizationId: id }));

export const registerOrganizationBody = z.lazy(() =>
  z.strictObject({
    name: text(200),
    kind: z.enum(ORGANIZATION_KINDS),
    creditCode,
    divisionCode,
    capabilities: z.array(z.enum(CAPABILITIES)).check(z.minLength(1), z.maxLength(CAPABILITIES.length)),
    equipment: z.array(z.strictObject({ name: text(200), quantity: z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)) })).check(z.maxLength(200)),
    memberCount: z.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)),
    contact: z.strictObject({ name: text(100), phone: mobileNumber }),
    insurance: z.optional(groupInsuranceBody),
  }).register(z.globalRegistry, { id: 'RegisterOrganization' }),
);

export const organizationTransitionBody = z.lazy(() =>
  z.discriminatedUnion('action', [
    z.strictObject({ action: z.literal('approve-registration'), validUntil: calendarDate }),
    z.strictObject({ action: z.literal('suspend'), reason: text(1000) }),
    z.strictObject({ action: z.literal('reinstate'), reason: z.optional(text(1000)) }),
    z.strictObject({ action: z.literal('revoke'), reason: text(1000) }),
  ]).register(z.globalRegistry, { id: 'OrganizationTransition' }),
);

export const organizationListQuery = z.lazy(() =>
  z.strictObject({
    division: z.optional(divisionCode),
    capability: z.optional(z.enum(CAPABILITIES)),
    status: z.optional(z.enum(ORGANIZATION_STATUSES)),
    ...pageQuery(),
  }),
);

// Views: exactly what the organisations function answers.
const policyView = () => ({ policyNo: z.string(), insurer: z.string(), kind: z.literal('personal-accident'), coversFrom: z.string(), coversTo: z.string() });
export const insurancePolicyView = z.lazy(() => z.strictObject(policyView()));
const groupPolicyView = z.lazy(() => z.strictObject({ ...policyView(), insuredCount: z.number().check(z.int()) }));
const statusView = z.lazy(() => z.enum(ORGANIZATION_STATUSES));

export const organizationView = z.lazy(() =>
  z.strictObject({
    organizationId: z.string(),
    name: z.string(),
    kind: z.enum(ORGANIZATION_KINDS),
    creditCode: z.string(),
    divisionCode,
    capabilities: z.array(z.enum(CAPABILITIES)),
    equipment: z.array(z.strictObject({ name: z.string(), quantity: z.number().check(z.int()) })),
    memberCount: z.number().check(z.int()),
    /** The contact person, masked (a person's data: offices reveal it through POST /v1/pii/reveal where that is built). */
    contact: z.strictObject({ name: z.string(), phone: z.string() }),
    insurance: z.optional(groupPolicyView),
    /** Whether a group policy covers every member (insuredCount >= memberCount); only then it counts for rule 21. */
    groupCoverCountsForAll: z.boolean(),
    status: statusView,
    registration: z.optional(z.strictObject({ approvedAt: isoDateTime, approvedBy: z.strictObject({ division: divisionCode, level: z.enum(GOV_LEVELS) }), validUntil: z.string() })),
    suspension: z.optional(z.strictObject({ reason: z.string(), at: isoDateTime })),
    revocation: z.optional(z.strictObject({ reason: z.string(), at: isoDateTime })),
    /** Rule 22: registered, not suspended or revoked, and valid today. */
    deployableToday: z.boolean(),
    submittedAt: isoDateTime,
    updatedAt: isoDateTime,
  }).register(z.globalRegistry, { id: 'Organization' }),
);

export const organizationSummaryView = z.lazy(() =>
  z.strictObject({
    organizationId: z.string(),
    name: z.string(),
    kind: z.enum(ORGANIZATION_KINDS),
    divisionCode,
    capabilities: z.array(z.enum(CAPABILITIES)),
    memberCount: z.number().check(z.int()),
    status: statusView,
    validUntil: z.optional(z.string()),
    insurance: z.optional(groupPolicyView),
    updatedAt: isoDateTime,
  }).register(z.globalRegistry, { id: 'OrganizationSummary' }),
);

export const organizationRoutes = defineRoutes({
  registerOrganization: {
    method: 'POST', path: '/v1/organizations', fn: 'organizations', auth: ['org'],
    summary: 'Apply for registration (备案登记) of the caller\'s own organisation (its id is the org_id claim; one per id)',
    body: registerOrganizationBody, idempotent: true, response: { status: 201, schema: organizationView },
  },
  listOrganizations: {
    method: 'GET', path: '/v1/organizations', fn: 'organizations', auth: office,
    summary: 'Organisations of a division (default: yours), by capability and status', query: organizationListQuery,
    response: { status: 200, schema: z.lazy(() => meta(pageOf(organizationSummaryView), { id: 'OrganizationPage' })) },
  },
  getOrganization: {
    method: 'GET', path: '/v1/organizations/{organizationId}', fn: 'organizations', auth: ['office', 'org'],
    summary: 'One organisation: offices with jurisdiction, and the organisation\'s own members', params: organizationIdParams,
    response: { status: 200, schema: organizationView },
  },
  transitionOrganization: {
    method: 'POST', path: '/v1/organizations/{organizationId}/transitions', fn: 'organizations', auth: office,
    summary: 'Approve a registration (until a date), suspend, reinstate or revoke it (rule 22)', params: organizationIdParams,
    body: organizationTransitionBody, ifMatch: 'optional', response: { status: 200, schema: organizationView },
  },
  recordGroupInsurance: {
    method: 'POST', path: '/v1/organizations/{organizationId}/insurance', fn: 'organizations', auth: ['org'],
    summary: 'Record the group personal accident policy the organisation bought for its members (Art 40)', params: organizationIdParams,
    body: groupInsuranceBody, ifMatch: 'optional', response: { status: 200, schema: organizationView },
  },
});
