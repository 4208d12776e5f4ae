// API contract of alert subscriptions: by division, category, minimum level, organisation and exercises, as SNS filter
// policies; each subscription is its owner's own, and SMS ones prove the phone is the caller's.
import * as z from 'zod';
import { checkEndpoint, ENDPOINT_FORMATS, SUBSCRIPTION_PROTOCOLS } from '../../alerts/endpoints.ts';
import { CATEGORIES, WARNING_LEVELS } from '../../domain/categories.ts';
import { id, isoDateTime, pageOf, pageQuery } from './common.ts';
import { defineRoutes, signedIn } from './routing.ts';

export const subscriptionIdParams = z.lazy(() => z.object({ subscriptionId: id }).strict());

export const subscriptionFilter = z.lazy(() =>
  z
    .object({
      divisionPrefix: z.string().regex(/^\d{2,12}$/, 'leading digits of a GB/T 2260 code').optional(),
      categories: z.array(z.enum(CATEGORIES)).min(1).max(4).optional(),
      /** Warning level 1-4 (1 highest); response levels map onto it (I=1 ... IV=4). */
      minLevel: z.enum(WARNING_LEVELS).optional(),
      organizationId: id.optional().meta({ description: 'Only alerts about this organisation, such as its deployment requests: an organisation user may name only its own, an office any' }),
      includeExercises: z.boolean().optional().meta({ description: 'Alerts of drills and exercises are left out unless this is true' }),
    })
    .strict(),
);

export const subscriptionBody = z.lazy(() =>
  z
    .object({
      protocol: z.enum(SUBSCRIPTION_PROTOCOLS),
      endpoint: z
        .string()
        .min(3)
        .max(500)
        .refine((s) => s.isWellFormed(), 'not well-formed Unicode')
        .meta({
          description:
            'email: an e-mail address; sms: a mainland mobile number (11 digits starting 13-19, optionally after +86), either the caller\'s own verified phone or confirmed by a code sent to it; https: a URL on the default port of a public host named by DNS (no IP addresses, localhost or local names). Personal data: stored and shown masked only.',
        }),
      filter: subscriptionFilter.default({}),
    })
    .strict()
    // One spelling per endpoint: E.164 phones, lower-cased e-mail, the parsed URL without fragment.
    .transform((b, ctx) => {
      const checked = checkEndpoint(b.protocol, b.endpoint);
      if (!checked.ok) {
        ctx.addIssue({ code: 'custom', path: ['endpoint'], message: checked.message });
        return z.NEVER;
      }
      return { ...b, endpoint: checked.endpoint };
    })
    // The endpoint's format depends on the protocol: one closed alternative per protocol (the filter as above), so the
    // document states what checkEndpoint accepts.
    .meta({
      id: 'Subscription',
      oneOf: SUBSCRIPTION_PROTOCOLS.map((protocol) => ({
        type: 'object',
        properties: { protocol: { const: protocol }, endpoint: { type: 'string', minLength: 3, ...ENDPOINT_FORMATS[protocol] }, filter: {} },
        required: ['protocol', 'endpoint'],
        additionalProperties: false,
      })),
    }),
);

export const confirmSubscriptionBody = z.lazy(() =>
  z
    .object({ code: z.string().regex(/^\d{6}$/, 'the 6-digit code sent to the phone') })
    .strict()
    .meta({ id: 'SubscriptionConfirmation' }),
);

export const SUBSCRIPTION_STATUSES = ['pending-confirmation', 'pending-code', 'code-expired', 'confirmed', 'lapsed'] as const;
export const CONFIRMED_BY = ['endpoint-owner', 'local-sns', 'verified-phone', 'one-time-code'] as const;

export const subscriptionView = z.lazy(() =>
  z
    .object({
      subscriptionId: id,
      protocol: z.enum(SUBSCRIPTION_PROTOCOLS),
      endpoint: z.string().meta({ description: 'Masked: o***@example.org, 138****5678, https://host/...' }),
      filter: subscriptionFilter,
      status: z.enum(SUBSCRIPTION_STATUSES).meta({
        description:
          'pending-confirmation: SNS waits for the e-mail or https endpoint to confirm; pending-code: waits for the code sent to the phone; code-expired: the code expired or was mistyped five times (subscribe again for a new one); confirmed: alerts are delivered; lapsed: SNS no longer has the subscription (the endpoint unsubscribed, or never confirmed)',
      }),
      confirmedBy: z.enum(CONFIRMED_BY).optional().meta({ description: 'Who confirmed: the endpoint\'s owner through SNS, the local SNS by itself (local host only), the caller\'s verified phone, or the code' }),
      createdAt: isoDateTime,
    })
    .meta({ id: 'SubscriptionView' }),
);
export const subscriptionPage = z.lazy(() => pageOf(subscriptionView).meta({ id: 'SubscriptionPage' }));
export const listSubscriptionsQuery = z.lazy(() => z.object(pageQuery()).strict());

export const subscriptionRoutes = defineRoutes({
  createSubscription: {
    method: 'POST', path: '/v1/subscriptions', fn: 'subscriptions', auth: signedIn,
    summary: 'Subscribe to alerts by division, category, minimum level and organisation (201; 200 with the existing subscription when you already have this one)',
    body: subscriptionBody, idempotent: true, response: { status: 201, schema: subscriptionView },
  },
  listSubscriptions: {
    method: 'GET', path: '/v1/subscriptions', fn: 'subscriptions', auth: signedIn, summary: 'Your own subscriptions, newest first',
    query: listSubscriptionsQuery, response: { status: 200, schema: subscriptionPage },
  },
  getSubscription: {
    method: 'GET', path: '/v1/subscriptions/{subscriptionId}', fn: 'subscriptions', auth: signedIn, summary: 'One of your subscriptions, with whether it is confirmed',
    params: subscriptionIdParams, response: { status: 200, schema: subscriptionView },
  },
  confirmSubscription: {
    method: 'POST', path: '/v1/subscriptions/{subscriptionId}/confirm', fn: 'subscriptions', auth: signedIn, summary: 'Confirm an SMS subscription with the code sent to the phone',
    params: subscriptionIdParams, body: confirmSubscriptionBody, response: { status: 200, schema: subscriptionView },
  },
  deleteSubscription: {
    method: 'DELETE', path: '/v1/subscriptions/{subscriptionId}', fn: 'subscriptions', auth: signedIn, summary: 'Unsubscribe',
    params: subscriptionIdParams, response: { status: 204 },
  },
});
