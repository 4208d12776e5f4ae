// Repository of alert subscriptions: one item per SNS subscription, found by id or by owner. The endpoint is kept
// masked only; the real one lives in SNS.
import type { SubscriptionFilter } from '../alerts/filter-policy.ts';
import type { MaskedEndpoint, SubscriptionProtocol } from '../alerts/sns.ts';
import { keys } from './keys.ts';
import { Repository } from './repository.ts';
import type { UnitOfWork } from './unit-of-work.ts';

export type SubscriptionStatus = 'pending-confirmation' | 'active';

export interface Subscription {
  subscriptionId: string;
  ownerSub: string;
  protocol: SubscriptionProtocol;
  endpoint: MaskedEndpoint;
  filter: SubscriptionFilter;
  subscriptionArn: string;
  status: SubscriptionStatus;
  createdAt: string;
}

export class SubscriptionRepository extends Repository {
  async get(subscriptionId: string): Promise<Subscription | undefined> {
    const i = await this.item<Subscription>(keys.subscription(subscriptionId));
    if (!i) return undefined;
    return {
      subscriptionId: i.subscriptionId,
      ownerSub: i.ownerSub,
      protocol: i.protocol,
      endpoint: i.endpoint,
      filter: i.filter ?? {},
      subscriptionArn: i.subscriptionArn,
      status: i.status,
      createdAt: i.createdAt,
    };
  }

  /** The subscription and its audit item; refused if an item already holds this SNS subscription. */
  stageCreate(uow: UnitOfWork, s: Subscription, division: string): void {
    uow.put(
      'subscription',
      {
        ...keys.subscription(s.subscriptionId),
        ...keys.gsi.subscriptionOwner(s.ownerSub, s.createdAt, s.subscriptionId),
        kind: 'subscription',
        ...s,
      },
      { expression: 'attribute_not_exists(PK)' },
    );
    uow.audit({
      entity: 'subscription',
      entityId: s.subscriptionId,
      entityPK: keys.subscription(s.subscriptionId).PK,
      division,
      action: 'subscribe',
      from: null,
      to: s.status,
    });
  }

  /** Deletes the subscription if it is still there and still the owner's; with its audit item. */
  stageDelete(uow: UnitOfWork, s: Subscription, division: string): void {
    uow.delete('subscription', keys.subscription(s.subscriptionId), {
      expression: 'attribute_exists(PK) AND ownerSub = :owner',
      values: { ':owner': s.ownerSub },
    });
    uow.audit({
      entity: 'subscription',
      entityId: s.subscriptionId,
      entityPK: keys.subscription(s.subscriptionId).PK,
      division,
      action: 'unsubscribe',
      from: s.status,
      to: 'deleted',
    });
  }
}
