// SNS as the alert channel: publishing alerts with the attributes subscriptions filter on, and managing the topic's
// subscriptions. Subscription endpoints (e-mail addresses, phone numbers, URLs) are personal data: they go to SNS and
// nowhere else; everything we keep, show or print is the masked form.
import {
  GetSubscriptionAttributesCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { ServiceUnavailable } from '../errors.ts';
import { maskEmail, maskPhone } from '../pii/mask.ts';
import { SUBSCRIPTION_PROTOCOLS, type SubscriptionProtocol } from './endpoints.ts';
import type { FilterPolicy } from './filter-policy.ts';
import type { Alert, AlertPublisher } from './outbox.ts';

export { SUBSCRIPTION_PROTOCOLS, type SubscriptionProtocol };

const BASE_ATTRIBUTES = new Set(['type', 'division', 'category', 'level', 'exercise']);
/** SNS message attribute names: letters, digits, `_-.`, not starting with AWS. or Amazon.; we keep them short. */
const ATTRIBUTE_NAME = /^(?!AWS\.|Amazon\.)[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/;
/** SNS takes at most 10 message attributes; five are ours. */
const MAX_EXTRA_ATTRIBUTES = 5;

type StringAttribute = { DataType: 'String'; StringValue: string };

/**
 * The attributes subscriptions filter on: type, division, category, level, `exercise` on every alert ('true' for drills
 * and exercises, else 'false', so a subscription can leave exercises out with a plain match), and the event's own
 * attributes (such as `org`).
 */
export function messageAttributes(alert: Alert): Record<string, StringAttribute> {
  const out: Record<string, StringAttribute> = {};
  const extra = Object.entries(alert.attributes ?? {}).filter(([name, value]) => ATTRIBUTE_NAME.test(name) && !BASE_ATTRIBUTES.has(name) && typeof value === 'string' && value !== '');
  for (const [name, value] of extra.slice(0, MAX_EXTRA_ATTRIBUTES)) out[name] = { DataType: 'String', StringValue: value };
  return {
    type: { DataType: 'String', StringValue: alert.type },
    division: { DataType: 'String', StringValue: alert.division },
    category: { DataType: 'String', StringValue: alert.category },
    level: { DataType: 'String', StringValue: alert.level },
    exercise: { DataType: 'String', StringValue: alert.attributes?.['exercise'] === 'true' ? 'true' : 'false' },
    ...out,
  };
}

export function snsPublisher(sns: SNSClient, topicArn: string): AlertPublisher {
  return {
    async publish(alert) {
      await sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: JSON.stringify(alert),
          MessageAttributes: messageAttributes(alert),
        }),
      );
    },
  };
}

/** An endpoint with the personal part hidden; only maskEndpoint makes one, so nothing else can be stored by mistake. */
export type MaskedEndpoint = string & { readonly __brand: 'MaskedEndpoint' };

/** `o***@example.org`, `138****5678`, `https://host/...` (never the user info, path or query, which may carry tokens). */
export function maskEndpoint(protocol: SubscriptionProtocol, endpoint: string): MaskedEndpoint {
  switch (protocol) {
    case 'email':
      return maskEmail(endpoint) as MaskedEndpoint;
    case 'sms':
      return maskPhone(endpoint) as MaskedEndpoint;
    case 'https': {
      let host = 'invalid';
      try {
        host = new URL(endpoint).host;
      } catch {
        /* stays 'invalid' */
      }
      return `https://${host}/...` as MaskedEndpoint;
    }
  }
}

/** The FilterPolicy attribute as sent: `{}` (everything) is the empty string, which is how SNS removes a policy. */
export const filterPolicyAttribute = (policy: FilterPolicy): string => (Object.keys(policy).length === 0 ? '' : JSON.stringify(policy));

/** SNS refused the endpoint itself (its message may quote the endpoint, so it is not kept). */
export class SubscriptionRefused extends Error {
  override name = 'SubscriptionRefused';
  constructor() {
    super('SNS did not accept the endpoint');
  }
}

/** What SNS says of a subscription: waiting for its endpoint to confirm, confirmed, or gone (unsubscribed, or never confirmed and expired). */
export type SnsSubscriptionState = { kind: 'pending' } | { kind: 'confirmed'; autoConfirmedLocally: boolean } | { kind: 'gone' };

export interface AlertSubscriptions {
  /**
   * The topic's subscription of this endpoint: a new one with this policy, or the one SNS already has for the endpoint
   * (SNS keeps one per endpoint), whatever its policy. Asking again while it waits for confirmation resends the request.
   * `asAsked`: SNS took these attributes (a new subscription, or one that already had them).
   */
  ensure(s: { protocol: SubscriptionProtocol; endpoint: string; filterPolicy: FilterPolicy }): Promise<{ subscriptionArn: string; asAsked: boolean }>;
  /** Replaces the subscription's policy; 'gone' when SNS no longer has the subscription. */
  setFilterPolicy(subscriptionArn: string, policy: FilterPolicy): Promise<'set' | 'gone'>;
  state(subscriptionArn: string): Promise<SnsSubscriptionState>;
  /** Idempotent: a subscription SNS no longer knows is gone already. */
  unsubscribe(subscriptionArn: string): Promise<void>;
  /** One SMS to one number, not through the topic (confirmation codes). */
  sendSms(phoneNumber: string, message: string): Promise<void>;
}

const THROTTLED = new Set(['ThrottledException', 'ThrottlingException']);
const INVALID = new Set(['InvalidParameterException', 'InvalidParameterValueException']);

function translate(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  if (THROTTLED.has(err.name)) return new ServiceUnavailable('The notification service is throttling requests.', 1);
  // URIError: the client could not even encode the endpoint into a request.
  if (err.name === 'URIError' || INVALID.has(err.name)) return new SubscriptionRefused();
  // Any other SDK error keeps its name for the logs; its message is never shown or logged (it may quote the endpoint).
  return err;
}

const existsWithOtherAttributes = (err: unknown) => err instanceof Error && INVALID.has(err.name) && /already exists/i.test(err.message);
const notFound = (err: unknown) => err instanceof Error && err.name === 'NotFoundException';

export function snsSubscriptions(sns: SNSClient, topicArn: string): AlertSubscriptions {
  const subscribe = async (protocol: string, endpoint: string, attributes: Record<string, string> | undefined): Promise<string> => {
    const r = await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: protocol, Endpoint: endpoint, ...(attributes ? { Attributes: attributes } : {}), ReturnSubscriptionArn: true }));
    if (!r.SubscriptionArn?.startsWith(`${topicArn}:`)) throw Object.assign(new Error('SNS returned no subscription ARN'), { name: 'SubscriptionArnMissing' });
    return r.SubscriptionArn;
  };
  return {
    async ensure({ protocol, endpoint, filterPolicy }) {
      const value = filterPolicyAttribute(filterPolicy);
      try {
        try {
          const subscriptionArn = await subscribe(protocol, endpoint, value === '' ? undefined : { FilterPolicy: value, FilterPolicyScope: 'MessageAttributes' });
          // Without attributes SNS returns an existing subscription as it is: only a policy sent was surely taken.
          return { subscriptionArn, asAsked: value !== '' };
        } catch (err) {
          // SNS refuses other attributes for an endpoint it has; without attributes it returns that subscription as it is.
          if (!existsWithOtherAttributes(err)) throw err;
          return { subscriptionArn: await subscribe(protocol, endpoint, undefined), asAsked: false };
        }
      } catch (err) {
        throw translate(err);
      }
    },
    async setFilterPolicy(subscriptionArn, policy) {
      try {
        await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: filterPolicyAttribute(policy) }));
        return 'set';
      } catch (err) {
        if (notFound(err)) return 'gone';
        throw translate(err);
      }
    },
    async state(subscriptionArn) {
      try {
        const r = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }));
        const a = r.Attributes ?? {};
        if (a['PendingConfirmation'] === 'true') return { kind: 'pending' };
        // Only the local SNS sets this attribute: it confirms e-mail and https subscriptions itself, with no inbox to click.
        return { kind: 'confirmed', autoConfirmedLocally: a['LocalAutoConfirmed'] === 'true' };
      } catch (err) {
        if (notFound(err)) return { kind: 'gone' };
        throw translate(err);
      }
    },
    async unsubscribe(subscriptionArn) {
      try {
        await sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn }));
      } catch (err) {
        if (notFound(err)) return;
        throw translate(err);
      }
    },
    async sendSms(phoneNumber, message) {
      try {
        await sns.send(new PublishCommand({ PhoneNumber: phoneNumber, Message: message, MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } } }));
      } catch (err) {
        throw translate(err);
      }
    },
  };
}
