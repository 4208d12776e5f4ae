// API contract of the graded response: activation, level change, hand-over, termination, and public releases.
import * as z from 'zod/mini';
import { CATEGORIES, RESPONSE_LEVELS } from '../../domain/categories.ts';
import { METRICS } from '../../domain/incident.ts';
import { bilingual, divisionCode, id, isoDateTime, text } from './common.ts';
import { incidentIdParams, incidentView } from './incidents.ts';
import { defineRoutes, office } from './routing.ts';
import { bilingualTitle, bilingualView } from './warnings.ts';

export const activateResponseBody = z.lazy(() =>
  z.strictObject({
    planId: id,
    planVersion: z.number().check(z.int(), z.minimum(1), z.maximum(100_000)),
    level: z.enum(RESPONSE_LEVELS),
    matters: text(2000),
    expectedDuration: text(200),
    measures: z.array(text(1000)).check(z.minLength(1), z.maxLength(100)),
    basis: z.strictObject({ metric: z.enum(METRICS) }),
  }).register(z.globalRegistry, { id: 'ActivateResponse' }),
);

export const responseTransitionBody = z.lazy(() =>
  z.discriminatedUnion('action', [
    z.strictObject({ action: z.literal('change-level'), level: z.enum(RESPONSE_LEVELS), planVersion: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100_000))), reason: text(1000) }),
    z.strictObject({ action: z.literal('hand-over'), reason: text(1000) }),
    z.strictObject({ action: z.literal('terminate'), reason: text(1000) }),
  ]).register(z.globalRegistry, { id: 'ResponseTransition' }),
);

export const releaseBody = z.lazy(() =>
  z.strictObject({ title: bilingualTitle, body: bilingual(20_000) }).register(z.globalRegistry, { id: 'Release' }),
);

/** A release as published (built on first use, see `once`). */
export const releaseView = z.lazy(() =>
  z.strictObject({
    releaseId: id,
    incidentId: id,
    divisionCode,
    category: z.enum(CATEGORIES),
    title: bilingualView(),
    body: bilingualView(),
    publishedAt: isoDateTime,
    /** A rebuttal of a rumour (辟谣, Art 7), and the citizen's report it answers (never who made it, rule 25). */
    kind: z.optional(z.literal('rebuttal')),
    reportId: z.optional(id),
  }),
).register(z.globalRegistry, { id: 'ReleaseView' });

export const responseRoutes = defineRoutes({
  activateResponse: {
    method: 'POST', path: '/v1/incidents/{incidentId}/response', fn: 'response', auth: office, summary: 'Activate a graded response I-IV',
    params: incidentIdParams, body: activateResponseBody, idempotent: true, ifMatch: 'optional', response: { status: 201, schema: incidentView },
  },
  transitionResponse: {
    method: 'POST', path: '/v1/incidents/{incidentId}/response/transitions', fn: 'response', auth: office,
    summary: 'Change the level, hand over to a superior, or terminate', params: incidentIdParams, body: responseTransitionBody, ifMatch: 'optional',
    response: { status: 200, schema: incidentView },
  },
  createRelease: {
    method: 'POST', path: '/v1/incidents/{incidentId}/releases', fn: 'response', auth: office, summary: 'Publish information to the public',
    params: incidentIdParams, body: releaseBody, idempotent: true, response: { status: 201, schema: releaseView },
  },
});
