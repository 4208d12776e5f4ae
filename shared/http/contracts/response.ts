// API contract of the graded response: activation, level change, hand-over, termination, and public releases.
import * as z from 'zod';
import { CATEGORIES, RESPONSE_LEVELS } from '../../domain/categories.ts';
import { bilingual, divisionCode, id, isoDateTime, text } from './common.ts';
import { incidentIdParams, incidentView } from './incidents.ts';
import { defineRoutes, office } from './routing.ts';
import { bilingualTitle, bilingualView } from './warnings.ts';

export const activateResponseBody = z.lazy(() =>
  z
    .object({
      planId: id,
      planVersion: z.number().int().min(1).max(100_000),
      level: z.enum(RESPONSE_LEVELS),
      matters: text(2000),
      expectedDuration: text(200),
      measures: z.array(text(1000)).min(1).max(100),
      basis: z.object({ metric: z.enum(['deaths', 'seriouslyInjured', 'directLossFen', 'affectedPopulation']) }).strict(),
    })
    .strict()
    .meta({ id: 'ActivateResponse' }),
);

export const responseTransitionBody = z.lazy(() =>
  z
    .discriminatedUnion('action', [
      z.object({ action: z.literal('change-level'), level: z.enum(RESPONSE_LEVELS), planVersion: z.number().int().min(1).max(100_000).optional(), reason: text(1000) }).strict(),
      z.object({ action: z.literal('hand-over'), reason: text(1000) }).strict(),
      z.object({ action: z.literal('terminate'), reason: text(1000) }).strict(),
    ])
    .meta({ id: 'ResponseTransition' }),
);

export const releaseBody = z.lazy(() =>
  z
    .object({ title: bilingualTitle, body: bilingual(20_000) })
    .strict()
    .meta({ id: 'Release' }),
);

/** A release as published (built on first use, see `once`). */
export const releaseView = z
  .lazy(() =>
    z
      .object({
        releaseId: id,
        incidentId: id,
        divisionCode,
        category: z.enum(CATEGORIES),
        title: bilingualView(),
        body: bilingualView(),
        publishedAt: isoDateTime,
        /** A rebuttal of a rumour (辟谣, Art 7), and the citizen's report it answers (never who made it, rule 25). */
        kind: z.literal('rebuttal').optional(),
        reportId: id.optional(),
      })
      .strict(),
  )
  .meta({ id: 'ReleaseView' });

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
