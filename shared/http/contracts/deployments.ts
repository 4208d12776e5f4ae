// API contract of deployments (调用) under unified command (rules 21-22): the office's request, each person's free answer
// (no forced assignment), arrival, withdrawal, hours and stand-down, the deployment's view, and the organisation's
// compensation claim on it.
import * as z from 'zod/mini';
import { CATEGORIES } from '../../domain/categories.ts';
import { DEPLOYMENT_CLAIM_KINDS, MAX_CLAIM_ITEMS } from '../../domain/claim.ts';
import { DEPLOYMENT_STATUSES, MAX_DEPLOYMENT_DAYS, MAX_HOURS_PER_DAY } from '../../domain/deployment.ts';
import { GOV_LEVELS } from '../../domain/division.ts';
import { CAPABILITIES } from '../../domain/organization.ts';
import { QUALIFICATION_KINDS } from '../../domain/volunteer.ts';
import { claimView, createClaimBody } from './claims.ts';
import { divisionCode, id, isoDateTime, pageOf, pageOnlyQuery, text } from './common.ts';
import { incidentIdParams } from './incidents.ts';
import { calendarDate, organizationIdParams } from './organizations.ts';
import { built, defineRoutes, office } from './routing.ts';

/**
 * At most this many people on one request: with the head, its roster and registry entry, audit, outbox, idempotency
 * and the organisation check, one commitments item per person keeps the request inside one 100-item transaction.
 */
export const MAX_DEPLOYED_PEOPLE = 80;
/** Entries of one record-hours call: a week of a full team. */
export const MAX_HOURS_ENTRIES = 600;

export const deploymentIdParams = z.lazy(() => z.strictObject({ deploymentId: id }));

export const createDeploymentBody = z.lazy(() =>
  z.strictObject({
    /** A social force deployed with its own members; absent when self-registered volunteers are asked. */
    organizationId: z.optional(id),
    volunteerIds: z.array(id).check(z.minLength(1), z.maxLength(MAX_DEPLOYED_PEOPLE)),
    task: z.strictObject({
      title: text(200),
      kind: z.enum(CAPABILITIES),
      /** Rule 21: a risky task needs accident insurance for every person on every day; some kinds are always risky. */
      risky: z.boolean(),
      /** Rule 21: certificates each person must hold, valid on every day of the deployment. */
      requiredQualifications: z.array(z.enum(QUALIFICATION_KINDS)).check(z.maxLength(QUALIFICATION_KINDS.length)),
    }),
    from: calendarDate,
    to: calendarDate,
    place: text(500),
    reportTo: text(500),
  }).register(z.globalRegistry, { id: 'CreateDeployment', description: `Inclusive dates, from today on, at most ${MAX_DEPLOYMENT_DAYS} days` }),
);

const answerIds = z.lazy(() =>
  z.optional(z.array(id).check(z.minLength(1), z.maxLength(MAX_DEPLOYED_PEOPLE))).register(z.globalRegistry, { description: 'Whom the answer is for (default: everyone the caller answers for who has not answered)' }),
);

export const deploymentTransitionBody = z.lazy(() =>
  z.discriminatedUnion('action', [
    z.strictObject({ action: z.literal('accept'), volunteerIds: answerIds }),
    z.strictObject({ action: z.literal('decline'), volunteerIds: answerIds }),
    z.strictObject({ action: z.literal('arrive'), at: isoDateTime }),
    z.strictObject({ action: z.literal('withdraw'), at: isoDateTime }),
    z.strictObject({
      action: z.literal('record-hours'),
      entries: z.array(z.strictObject({ volunteerId: id, date: calendarDate, hours: z.number().check(z.minimum(0.25), z.maximum(MAX_HOURS_PER_DAY), z.multipleOf(0.25)) })).check(
        z.minLength(1),
        z.maxLength(MAX_HOURS_ENTRIES),
      ),
    }),
    z.strictObject({ action: z.literal('stand-down'), reason: z.optional(text(1000)) }),
  ]).register(z.globalRegistry, { id: 'DeploymentTransition' }),
);

/**
 * Deployment compensation (调用补偿): the requisition claim's body with the items a deployed force claims for. From
 * here on it is the same claim (GET /v1/claims/{claimId}, its transitions, reconsideration), the organisation claimant.
 */
export const createDeploymentClaimBody = z.lazy(() => {
  const claim = built(createClaimBody);
  const item = z.extend(claim.shape.items._zod.def.element, { kind: z.enum(DEPLOYMENT_CLAIM_KINDS) });
  return z.extend(claim, { items: z.array(item).check(z.minLength(1), z.maxLength(MAX_CLAIM_ITEMS)) }).register(z.globalRegistry, {
    id: 'CreateDeploymentClaim',
    description: 'Labour, transport, materials, equipment wear and other costs of a stood-down deployment, in integer fen',
  });
});

// Views: exactly what the deployments function answers. Nobody's user id: not the office's, not a volunteer's.
export const deploymentView = z.lazy(() =>
  z.strictObject({
    deploymentId: z.string(),
    incidentId: z.string(),
    divisionCode,
    category: z.enum(CATEGORIES),
    organizationId: z.optional(z.string()),
    people: z.array(z.strictObject({ volunteerId: z.string(), answer: z.enum(['pending', 'accepted', 'declined']), answeredAt: z.optional(isoDateTime) })),
    task: z.strictObject({ title: z.string(), kind: z.enum(CAPABILITIES), risky: z.boolean(), requiredQualifications: z.array(z.enum(QUALIFICATION_KINDS)) }),
    from: z.string(),
    to: z.string(),
    place: z.string(),
    reportTo: z.string(),
    status: z.enum(DEPLOYMENT_STATUSES),
    requestedBy: z.strictObject({ division: divisionCode, level: z.enum(GOV_LEVELS) }),
    requestedAt: isoDateTime,
    answeredAt: z.optional(isoDateTime),
    arrivedAt: z.optional(isoDateTime),
    withdrawnAt: z.optional(isoDateTime),
    stoodDownAt: z.optional(isoDateTime),
    standDownReason: z.optional(z.string()),
    hours: z.array(z.strictObject({ volunteerId: z.string(), date: z.string(), hours: z.number(), recordedAt: isoDateTime })),
    totalHours: z.number(),
    contacts: z.array(z.strictObject({ volunteerId: z.string(), name: z.string(), phone: z.string() })).register(z.globalRegistry, {
      description:
        'How the command reaches each person who accepted, copied from their register for this response and masked (or `destroyed` once the response\'s personal data was, rule 17); ' +
        'POST /v1/pii/reveal with ref kind `deployment` and field `contacts.<volunteerId>.phone` opens one. A volunteer sees only their own.',
    }),
    updatedAt: isoDateTime,
  }).register(z.globalRegistry, { id: 'Deployment' }),
);

/** A deployment in a list: everything but its hours entries and its roster (totalHours stays; the deployment has the rest). */
export const deploymentSummaryView = z.lazy(() => z.omit(built(deploymentView), { hours: true, contacts: true }).register(z.globalRegistry, { id: 'DeploymentSummary' }));
const deploymentSummaryPage = z.lazy(() => pageOf(deploymentSummaryView)).register(z.globalRegistry, { id: 'DeploymentSummaryPage' });

export const deploymentRoutes = defineRoutes({
  listIncidentDeployments: {
    method: 'GET', path: '/v1/incidents/{incidentId}/deployments', fn: 'deployments', auth: office,
    summary: "An incident's deployments, newest request first (offices of its division or above)",
    params: incidentIdParams, query: pageOnlyQuery, response: { status: 200, schema: deploymentSummaryPage },
  },
  listOrganizationDeployments: {
    method: 'GET', path: '/v1/organizations/{organizationId}/deployments', fn: 'deployments', auth: ['org', 'office'],
    summary: "An organisation's deployments, requests awaiting its answer included, newest first (the organisation, offices with jurisdiction over it)",
    params: organizationIdParams, query: pageOnlyQuery, response: { status: 200, schema: deploymentSummaryPage },
  },
  createDeployment: {
    method: 'POST', path: '/v1/incidents/{incidentId}/deployments', fn: 'deployments', auth: office,
    summary: 'Request a social force or self-registered volunteers for a task under the active response (rules 21-22)',
    params: incidentIdParams, body: createDeploymentBody, idempotent: true, response: { status: 201, schema: deploymentView },
  },
  getDeployment: {
    method: 'GET', path: '/v1/deployments/{deploymentId}', fn: 'deployments', auth: ['office', 'org', 'citizen'],
    summary: 'One deployment: offices with jurisdiction, the organisation, the volunteers asked', params: deploymentIdParams,
    response: { status: 200, schema: deploymentView },
  },
  transitionDeployment: {
    method: 'POST', path: '/v1/deployments/{deploymentId}/transitions', fn: 'deployments', auth: ['office', 'org', 'citizen'],
    summary: 'accept / decline (the organisation or the volunteer; no forced assignment), arrive, withdraw, record-hours, stand-down (office)',
    params: deploymentIdParams, body: deploymentTransitionBody, ifMatch: 'optional', response: { status: 200, schema: deploymentView },
  },
  createDeploymentClaim: {
    method: 'POST', path: '/v1/deployments/{deploymentId}/claims', fn: 'deployments', auth: ['org'],
    summary: 'The deployed organisation claims compensation (调用补偿) once the deployment is stood down; one claim per deployment',
    params: deploymentIdParams, body: createDeploymentClaimBody, idempotent: true, response: { status: 201, schema: claimView },
  },
});
