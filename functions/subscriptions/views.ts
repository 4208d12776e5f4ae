// The subscription as callers see it: the endpoint masked, never the SNS ARN.
import type { Subscription } from '../../shared/store/subscriptions.ts';

export function subscriptionView(s: Subscription) {
  return {
    subscriptionId: s.subscriptionId,
    protocol: s.protocol,
    endpoint: s.endpoint,
    filter: s.filter,
    status: s.status,
    createdAt: s.createdAt,
  };
}
