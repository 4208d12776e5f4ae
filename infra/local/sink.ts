// The local alert sink: the view of the local SNS. Prints one line per alert published to the topic and one per
// delivery to a subscription whose filter policy matched, and keeps both for inspection. Endpoints are printed and
// kept masked only.
import type { Alert } from '../../shared/alerts/outbox.ts';
import { maskEndpoint, type MaskedEndpoint } from '../../shared/alerts/sns.ts';
import type { LocalSubscription, PublishedMessage, SnsListener } from './sns-local.ts';

export interface Delivery {
  /** The subscription's id: the last part of its ARN, as the subscriptions API names it. */
  subscriptionId: string;
  protocol: LocalSubscription['protocol'];
  endpoint: MaskedEndpoint;
  alert: Alert;
}

export interface LocalSink extends Required<SnsListener> {
  readonly alerts: Alert[];
  readonly deliveries: Delivery[];
}

function alertOf(m: PublishedMessage): Alert {
  try {
    return JSON.parse(m.message) as Alert;
  } catch {
    // Not one of our alerts (someone published by hand): keep what the attributes say.
    const a = m.attributes;
    return { eventId: m.messageId, type: a['type'] ?? 'unknown', division: a['division'] ?? '', category: a['category'] ?? '', level: a['level'] ?? '', payload: {}, createdAt: '' };
  }
}

export function localSink(print: (line: string) => void = (l) => console.log(l)): LocalSink {
  const alerts: Alert[] = [];
  const deliveries: Delivery[] = [];
  // Deliveries of a message follow its publication at once.
  let last: { messageId: string; alert: Alert } | undefined;
  const sink: LocalSink = {
    alerts,
    deliveries,
    published(m) {
      const alert = alertOf(m);
      last = { messageId: m.messageId, alert };
      alerts.push(alert);
      print(`alert ${alert.type} division=${alert.division} category=${alert.category} level=${alert.level} id=${alert.eventId}`);
    },
    delivered(m, s) {
      const alert = last?.messageId === m.messageId ? last.alert : alertOf(m);
      const d: Delivery = { subscriptionId: s.subscriptionArn.slice(s.subscriptionArn.lastIndexOf(':') + 1), protocol: s.protocol, endpoint: maskEndpoint(s.protocol, s.endpoint), alert };
      deliveries.push(d);
      print(`  -> subscription ${d.subscriptionId} (${d.protocol}, ${d.endpoint})`);
    },
  };
  return sink;
}
