// API contract of warnings: issue, adjust and lift (strict bodies), the warning area, and views.
import * as z from 'zod';
import { WARNING_LEVELS } from '../../domain/categories.ts';
import { divisionCode, id, isoDateTime, pageOf, text } from './common.ts';
import { incidentIdParams } from './incidents.ts';
import { defineRoutes, office } from './routing.ts';

export const warningIdParams = z.object({ warningId: id }).strict();

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
export const bilingualTitle = z.object({ 'zh-CN': text(200), en: text(200).optional() }).strict();

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


export const warningView = z.object({ warningId: id, incidentId: id, level: z.enum(WARNING_LEVELS), colour: z.string(), status: z.string() }).passthrough().meta({ id: 'Warning' });
export const warningPage = pageOf(warningView).meta({ id: 'WarningPage' });

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
