// The subscription as its owner sees it: the endpoint masked, its status, never the SNS ARN, the channel or a code.
import type { CONFIRMED_BY, SUBSCRIPTION_STATUSES } from '../../shared/http/contracts/subscriptions.ts';
import type { Subscription } from '../../shared/store/subscriptions.ts';

export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export type ConfirmedBy = (typeof CONFIRMED_BY)[number];
export interface StatusOf {
  status: SubscriptionStatus;
  confirmedBy?: ConfirmedBy;
}

export function subscriptionView(s: Subscription, st: StatusOf) {
  return {
    subscriptionId: s.subscriptionId,
    protocol: s.protocol,
    endpoint: s.endpoint,
    filter: s.filter,
    status: st.status,
    ...(st.confirmedBy ? { confirmedBy: st.confirmedBy } : {}),
    createdAt: s.createdAt,
  };
}
