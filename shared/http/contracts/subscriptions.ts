// API contract of alert subscriptions: by division, category, minimum level, organisation and exercises, as SNS filter
// policies; each subscription is its owner's own, and SMS ones prove the phone is the caller's.
import * as z from 'zod/mini';
import { checkEndpoint, ENDPOINT_FORMATS, SUBSCRIPTION_PROTOCOLS } from '../../alerts/endpoints.ts';
import { CATEGORIES, WARNING_LEVELS } from '../../domain/categories.ts';
import { meta } from '../../schema.ts';
import { id, isoDateTime, pageOf, pageQuery } from './common.ts';
import { defineRoutes, signedIn } from './routing.ts';

export const subscriptionIdParams = z.lazy(() => z.strictObject({ subscriptionId: id }));

export const subscriptionFilter = z.lazy(() =>
  z.strictObject({
    divisionPrefix: z.optional(z.string().check(z.regex(/^\d{2,12}$/, 'leading digits of a GB/T 2260 code'))),
    categories: z.optional(z.array(z.enum(CATEGORIES)).check(z.minLength(1), z.maxLength(4))),
    /** Warning level 1-4 (1 highest); response levels map onto it (I=1 ... IV=4). */
    minLevel: z.optional(z.enum(WARNING_LEVELS)),
    organizationId: z.optional(id).register(z.globalRegistry, { description: 'Only alerts about this organisation, such as its deployment requests: an organisation user may name only its own, an office any' }),
    includeExercises: z.optional(z.boolean()).register(z.globalRegistry, { description: 'Alerts of drills and exercises are left out unless this is true' }),
  }),
);

export const subscriptionBody = z.lazy(() =>
  z.pipe(z.strictObject({
    protocol: z.enum(SUBSCRIPTION_PROTOCOLS),
    endpoint: z.string().check(z.minLength(3), z.maxLength(500), z.refine((s) => s.isWellFormed(), 'not well-formed Unicode')).register(z.globalRegistry, {
      description:
        'email: an e-mail address; sms: a mainland mobile number (11 digits starting 13-19, optionally after +86), either the caller\'s own verified phone or confirmed by a code sent to it; https: a URL on the default port of a public host named by DNS (no IP addresses, localhost or local names). Personal data: stored and shown masked only.',
    }),
    filter: z._default(subscriptionFilter, {}),
  }),
  // One spelling per endpoint: E.164 phones, lower-cased e-mail, the parsed URL without fragment.
  z.transform((b, ctx) => {
    const checked = checkEndpoint(b.protocol, b.endpoint);
    if (!checked.ok) {
      ctx.issues.push({ code: 'custom', path: ['endpoint'], message: checked.message, input: b });
      return z.NEVER;
    }
    return { ...b, endpoint: checked.endpoint };
  })).register(z.globalRegistry, {
    // The endpoint's format depends on the protocol: one closed alternative per protocol (the filter as above), so the
    // document states what checkEndpoint accepts.
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
  z.strictObject({ code: z.string().check(z.regex(/^\d{6}$/, 'the 6-digit code sent to the phone')) }).register(z.globalRegistry, { id: 'SubscriptionConfirmation' }),
);

export const SUBSCRIPTION_STATUSES = ['pending-confirmation', 'pending-code', 'code-expired', 'confirmed', 'lapsed'] as const;
export const CONFIRMED_BY = ['endpoint-owner', 'local-sns', 'verified-phone', 'one-time-code'] as const;

export const subscriptionView = z.lazy(() =>
  z.object({
    subscriptionId: id,
    protocol: z.enum(SUBSCRIPTION_PROTOCOLS),
    endpoint: z.string().register(z.globalRegistry, { description: 'Masked: o***@example.org, 138****5678, https://host/...' }),
    filter: subscriptionFilter,
    status: z.enum(SUBSCRIPTION_STATUSES).register(z.globalRegistry, {
      description:
        'pending-confirmation: SNS waits for the e-mail or https endpoint to confirm; pending-code: waits for the code sent to the phone; code-expired: the code expired or was mistyped five times (subscribe again for a new one); confirmed: alerts are delivered; lapsed: SNS no longer has the subscription (the endpoint unsubscribed, or never confirmed)',
    }),
    confirmedBy: z.optional(z.enum(CONFIRMED_BY)).register(z.globalRegistry, { description: 'Who confirmed: the endpoint\'s owner through SNS, the local SNS by itself (local host only), the caller\'s verified phone, or the code' }),
    createdAt: isoDateTime,
  }).register(z.globalRegistry, { id: 'SubscriptionView' }),
);
export const subscriptionPage = z.lazy(() => meta(pageOf(subscriptionView), { id: 'SubscriptionPage' }));
export const listSubscriptionsQuery = z.lazy(() => z.strictObject(pageQuery()));

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
