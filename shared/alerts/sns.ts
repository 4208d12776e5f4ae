// SNS as the alert channel: publishing alerts with the attributes subscriptions filter on, and managing the topic's
// subscriptions. Subscription endpoints (e-mail addresses, phone numbers, URLs) are personal data: they go to SNS and
// nowhere else; everything we keep, show or print is the masked form.
import { PublishCommand, SubscribeCommand, UnsubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { ServiceUnavailable } from '../errors.ts';
import type { FilterPolicy } from './filter-policy.ts';
import type { Alert, AlertPublisher } from './outbox.ts';

export function messageAttributes(alert: Alert) {
  return {
    type: { DataType: 'String', StringValue: alert.type },
    division: { DataType: 'String', StringValue: alert.division },
    category: { DataType: 'String', StringValue: alert.category },
    level: { DataType: 'String', StringValue: alert.level },
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

export const SUBSCRIPTION_PROTOCOLS = ['email', 'sms', 'https'] as const;
export type SubscriptionProtocol = (typeof SUBSCRIPTION_PROTOCOLS)[number];

/** An endpoint with the personal part hidden; only maskEndpoint makes one, so nothing else can be stored by mistake. */
export type MaskedEndpoint = string & { readonly __brand: 'MaskedEndpoint' };

/** `o***@example.org`, `138****5678`, `https://host/...`. */
export function maskEndpoint(protocol: SubscriptionProtocol, endpoint: string): MaskedEndpoint {
  switch (protocol) {
    case 'email': {
      const at = endpoint.lastIndexOf('@');
      return `${endpoint.slice(0, Math.min(1, at))}***${endpoint.slice(at)}` as MaskedEndpoint;
    }
    case 'sms': {
      // Long numbers keep the network prefix and the last four digits, as on the design's 138****5678; short ones two digits.
      const long = endpoint.length >= 11;
      return `${long ? endpoint.slice(0, 3) : ''}****${endpoint.slice(long ? -4 : -2)}` as MaskedEndpoint;
    }
    case 'https': {
      let host = 'invalid';
      try {
        host = new URL(endpoint).host; // never the user info, path or query, which may carry tokens
      } catch {
        /* stays 'invalid' */
      }
      return `https://${host}/...` as MaskedEndpoint;
    }
  }
}

/** E-mail and HTTPS subscribers must confirm before SNS delivers to them; SMS subscriptions are active at once. */
export function needsConfirmation(protocol: SubscriptionProtocol): boolean {
  return protocol !== 'sms';
}

/** SNS refused a subscription: the endpoint (its message may quote it, so it is not kept) or an existing one. */
export class SubscriptionRefused extends Error {
  override name = 'SubscriptionRefused';
  readonly reason: 'endpoint' | 'exists';
  constructor(reason: 'endpoint' | 'exists') {
    super(reason === 'exists' ? 'the endpoint is already subscribed with other attributes' : 'SNS did not accept the endpoint');
    this.reason = reason;
  }
}

export interface AlertSubscriptions {
  /** Returns the subscription ARN; SNS returns the existing one when the endpoint is subscribed with the same policy. */
  subscribe(s: { protocol: SubscriptionProtocol; endpoint: string; filterPolicy: FilterPolicy | undefined }): Promise<string>;
  /** Idempotent: a subscription SNS no longer knows is gone already. */
  unsubscribe(subscriptionArn: string): Promise<void>;
}

const THROTTLED = new Set(['ThrottledException', 'ThrottlingException']);

function translate(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  if (THROTTLED.has(err.name)) return new ServiceUnavailable('The notification service is throttling requests.', 1);
  // URIError: the client could not even encode the endpoint into a request.
  if (err.name === 'URIError') return new SubscriptionRefused('endpoint');
  if (err.name === 'InvalidParameterException' || err.name === 'InvalidParameterValueException') {
    return new SubscriptionRefused(/already exists/i.test(err.message) ? 'exists' : 'endpoint');
  }
  // Any other SDK error keeps its name for the logs; its message is never shown or logged (it may quote the endpoint).
  return err;
}

export function snsSubscriptions(sns: SNSClient, topicArn: string): AlertSubscriptions {
  return {
    async subscribe({ protocol, endpoint, filterPolicy }) {
      try {
        const r = await sns.send(
          new SubscribeCommand({
            TopicArn: topicArn,
            Protocol: protocol,
            Endpoint: endpoint,
            ...(filterPolicy ? { Attributes: { FilterPolicy: JSON.stringify(filterPolicy), FilterPolicyScope: 'MessageAttributes' } } : {}),
            ReturnSubscriptionArn: true,
          }),
        );
        if (!r.SubscriptionArn?.startsWith(`${topicArn}:`)) throw Object.assign(new Error('SNS returned no subscription ARN'), { name: 'SubscriptionArnMissing' });
        return r.SubscriptionArn;
      } catch (err) {
        throw translate(err);
      }
    },
    async unsubscribe(subscriptionArn) {
      try {
        await sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn }));
      } catch (err) {
        if (err instanceof Error && err.name === 'NotFoundException') return;
        throw translate(err);
      }
    },
  };
}
