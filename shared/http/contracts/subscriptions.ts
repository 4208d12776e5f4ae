// API contract of alert subscriptions: by division, category and minimum level, as SNS filter policies.
import * as z from 'zod';
import { CATEGORIES, WARNING_LEVELS } from '../../domain/categories.ts';
import { id, pageOf, pageQuery } from './common.ts';
import { defineRoutes, signedIn } from './routing.ts';

export const subscriptionIdParams = z.object({ subscriptionId: id }).strict();

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

export const subscriptionView = z.object({ subscriptionId: id, protocol: z.string(), endpoint: z.string(), filter: z.object({}).passthrough() }).passthrough().meta({ id: 'SubscriptionView' });
export const subscriptionPage = pageOf(subscriptionView).meta({ id: 'SubscriptionPage' });
export const listSubscriptionsQuery = z.object(pageQuery).strict();

export const subscriptionRoutes = defineRoutes({
  createSubscription: {
    method: 'POST', path: '/v1/subscriptions', fn: 'subscriptions', auth: signedIn, summary: 'Subscribe to alerts by division, category and minimum level',
    body: subscriptionBody, idempotent: true, response: { status: 201, schema: subscriptionView },
  },
  deleteSubscription: {
    method: 'DELETE', path: '/v1/subscriptions/{subscriptionId}', fn: 'subscriptions', auth: signedIn, summary: 'Unsubscribe',
    params: subscriptionIdParams, response: { status: 204 },
  },
});
