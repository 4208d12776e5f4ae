// API contract of warnings: issue, adjust and lift (strict bodies), the warning area, and views.
import * as z from 'zod/mini';
import { WARNING_LEVELS } from '../../domain/categories.ts';
import { GOV_LEVELS } from '../../domain/division.ts';
import { meta } from '../../schema.ts';
import { bilingual, divisionCode, id, isoDateTime, latitude, longitude, text, warningLevel } from './common.ts';
import { incidentIdParams } from './incidents.ts';
import { defineRoutes, office, once } from './routing.ts';

export const warningIdParams = z.lazy(() => z.strictObject({ warningId: id }));

const latLng = z.lazy(() => z.tuple([latitude, longitude]));
/** A ring of at least three points, closed or not: it is closed here (CAP wants the first point repeated last). */
const polygon = z.lazy(() =>
  z.pipe(z.array(latLng).check(z.minLength(3), z.maxLength(500)), z.transform((p): [number, number][] => {
    const first = p[0]!;
    const last = p[p.length - 1]!;
    return first[0] === last[0] && first[1] === last[1] ? p : [...p, first];
  })).register(z.globalRegistry, { description: '[lat, lng] points of a ring; an open ring is closed by repeating its first point. At least three distinct points (else 422 degenerate-polygon).' }),
);
const area = z.lazy(() =>
  z.strictObject({
    divisions: z.array(divisionCode).check(z.minLength(1), z.maxLength(200)),
    description: z.optional(text(500)),
    polygon: z.optional(polygon),
    // At least 10 m: a smaller circle marks no area, and a radius near zero is no number DynamoDB stores.
    circle: z.optional(z.strictObject({ lat: latitude, lng: longitude, radiusKm: z.number().check(z.minimum(0.01), z.maximum(2000)) })),
  }),
);
export const bilingualTitle = z.lazy(() => bilingual(200));
/** Art 64: neighbouring governments to notify, division codes of your level under your superior. */
const notify = z.lazy(() =>
  z.optional(z.array(divisionCode).check(z.maxLength(30))).register(z.globalRegistry, { description: 'Neighbouring governments to notify (Art 64): division codes of your own level under the same superior; adjustments and the lifting notify them again' }),
);
/** Hazards and measures: each in Chinese and optionally English (a plain string is the Chinese text). */
const bilingualList = z.lazy(() => z.array(bilingual(1000)).check(z.minLength(1), z.maxLength(50)));

export const issueWarningBody = z.lazy(() =>
  z.strictObject({
    level: warningLevel,
    startsAt: isoDateTime,
    area,
    hazards: bilingualList,
    measures: meta(bilingualList, { description: 'What the public should do: the instruction of the CAP message' }),
    title: bilingualTitle,
    notify,
  }).register(z.globalRegistry, { id: 'IssueWarning' }),
);

export const warningTransitionBody = z.lazy(() =>
  z.discriminatedUnion('action', [
    z.strictObject({
      action: z.literal('adjust'),
      level: z.optional(warningLevel),
      area: z.optional(area),
      hazards: z.optional(bilingualList),
      measures: z.optional(bilingualList),
      reason: text(1000),
      notify,
    }),
    z.strictObject({ action: z.literal('lift'), reason: z.optional(text(1000)), notify }),
  ]).register(z.globalRegistry, { id: 'WarningTransition' }),
);


// Views: what the warnings function answers, exactly (strict: a field the view adds or drops fails the contract test).
// Built on first use (see `once`).
/** Text for the public as stored: Chinese, and English where the office gave it. */
export const bilingualView = once(() => z.strictObject({ 'zh-CN': z.string(), en: z.optional(z.string()) }));
/** The Art 64 fields every view of a warning shows, the public one included; never who pressed the button. */
export const warningFields = once(() => ({
  warningId: id,
  incidentId: id,
  category: z.enum(['natural-disaster', 'accident', 'public-health']),
  level: z.enum(WARNING_LEVELS),
  colour: z.enum(['red', 'orange', 'yellow', 'blue']),
  title: bilingualView(),
  startsAt: isoDateTime,
  area: z.strictObject({
    divisions: z.array(divisionCode),
    description: z.optional(z.string()),
    polygon: z.optional(z.array(z.tuple([z.number(), z.number()]))),
    circle: z.optional(z.strictObject({ lat: z.number(), lng: z.number(), radiusKm: z.number() })),
  }),
  hazards: z.array(bilingualView()),
  measures: z.array(bilingualView()),
  issuer: z.strictObject({ division: divisionCode, level: z.enum(GOV_LEVELS) }),
  issuedAt: isoDateTime,
  status: z.enum(['active', 'lifted']),
  updatedAt: isoDateTime,
}));
export const warningView = z.lazy(() =>
  z.strictObject({
    ...warningFields(),
    /** Rule 4: the issuing government's Art 66/67 duties (offices only). */
    checklist: z.array(z.string()),
    liftedAt: z.optional(isoDateTime),
    /** Art 64: the neighbouring governments notified. */
    notify: z.optional(z.array(divisionCode)),
    /** The warning of an exercise incident: never in a public feed. */
    exercise: z.optional(z.literal(true)),
    messages: z.array(z.strictObject({ identifier: z.string(), msgType: z.enum(['Alert', 'Update', 'Cancel']), sent: isoDateTime })),
  }),
).register(z.globalRegistry, { id: 'Warning' });

export const warningRoutes = defineRoutes({
  issueWarning: {
    method: 'POST', path: '/v1/incidents/{incidentId}/warnings', fn: 'warnings', auth: office, summary: 'Issue a level 1-4 warning',
    params: incidentIdParams, body: issueWarningBody, idempotent: true, response: { status: 201, schema: warningView },
  },
  transitionWarning: {
    method: 'POST', path: '/v1/warnings/{warningId}/transitions', fn: 'warnings', auth: office, summary: 'Adjust or lift a warning (issuer only)',
    params: warningIdParams, body: warningTransitionBody, ifMatch: 'optional', response: { status: 200, schema: warningView },
  },
});
