// Repository of alert subscriptions. Each belongs to the user who made it (SUB#<id>, listed by owner on GSI2). SNS keeps
// one subscription per endpoint on a topic, so the subscriptions of one endpoint share a channel (SUBCHAN#<MAC of the
// endpoint>): its SNS subscription ARN, a version bumped by every change of its members, the version whose union of
// filters SNS has been given, and one member item per subscription. Endpoints are kept masked only; the real one lives
// in SNS. A per-user count caps subscriptions, an hourly counter with a TTL throttles creations.
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FilterBranch, SubscriptionFilter } from '../alerts/filter-policy.ts';
import type { MaskedEndpoint, SubscriptionProtocol } from '../alerts/sns.ts';
import { keys } from './keys.ts';
import { queryPage, strip, type Page } from './query.ts';
import { Repository } from './repository.ts';
import type { Condition, UnitOfWork } from './unit-of-work.ts';

/** How a subscription proves its endpoint belongs to its owner. */
export type Verification =
  /** SMS to the phone the identity provider verified for the caller. */
  | { kind: 'verified-phone' }
  /** SMS to another phone: a one-time code sent there, typed back. Only the code's MAC is kept, and only until it is used. */
  | { kind: 'one-time-code'; code?: OneTimeCode }
  /** E-mail and https: SNS asks the endpoint to confirm the subscription. */
  | { kind: 'sns-confirmation' };

export interface OneTimeCode {
  mac: string;
  expiresAt: string;
  attempts: number;
}

export interface Subscription {
  subscriptionId: string;
  ownerSub: string;
  protocol: SubscriptionProtocol;
  endpoint: MaskedEndpoint;
  filter: SubscriptionFilter;
  /** The channel of its endpoint, and its member item there. */
  channelId: string;
  memberKey: string;
  verification: Verification;
  /** Whether its filter is part of what the channel's SNS subscription delivers. */
  live: boolean;
  createdAt: string;
  rev: number;
}

export interface Channel {
  channelId: string;
  protocol: SubscriptionProtocol;
  subscriptionArn: string;
  /** Bumped by every change of the members; SNS has been given the union of version `appliedVersion`. */
  version: number;
  appliedVersion: number;
  /** 'closing' once its last member left: SNS is being told to unsubscribe; nobody joins until that is done. */
  state: 'open' | 'closing';
  updatedAt: string;
}

export interface Member {
  memberKey: string;
  subscriptionId: string;
  ownerSub: string;
  /** The filter policy it adds to the channel's union; null while it is not live. */
  branch: FilterBranch | null;
  createdAt: string;
}

/** Subscriptions per user (the per-user cap) and creations per user and hour (the throttle). */
export const SUBSCRIPTION_CAP = 20;
export const CREATES_PER_HOUR = 10;

/** The condition on a counter read at `previous` (absent: no item yet). */
const counterWas = (previous: number | undefined): Condition =>
  previous === undefined ? { expression: 'attribute_not_exists(PK)' } : { expression: '#count = :count', names: { '#count': 'count' }, values: { ':count': previous } };

const channelWas = (previous: Channel | undefined): Condition =>
  previous === undefined
    ? { expression: 'attribute_not_exists(PK)' }
    : { expression: '#version = :version AND #state = :state', names: { '#version': 'version', '#state': 'state' }, values: { ':version': previous.version, ':state': previous.state } };

export interface Counters {
  quota: number | undefined;
  rate: number | undefined;
  hourStart: number;
}

export class SubscriptionRepository extends Repository {
  async get(subscriptionId: string): Promise<Subscription | undefined> {
    return this.item<Subscription>(keys.subscription(subscriptionId));
  }

  channel(channelId: string): Promise<Channel | undefined> {
    return this.item<Channel>(keys.subscriptionChannel(channelId));
  }

  member(channelId: string, memberKey: string): Promise<Member | undefined> {
    return this.item<Member>(keys.subscriptionMember(channelId, memberKey));
  }

  /** The members of a channel (all of them, or one owner's by the owner part of the key), read consistently. */
  async members(channelId: string, ownerPart = ''): Promise<Member[]> {
    const { PK, SKPrefix } = keys.subscriptionMembersOf(channelId, ownerPart);
    const out: Member[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryPage(this.db, this.table, { pk: PK, sk: { op: 'begins_with', value: SKPrefix }, limit: 100, cursor, consistent: true }, (i) => strip<Member>(i));
      out.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return out;
  }

  /** The caller's subscriptions, newest first. */
  listByOwner(ownerSub: string, limit: number, cursor: string | undefined): Promise<Page<Subscription>> {
    return queryPage(this.db, this.table, { index: 'GSI2', pk: keys.gsi.subscriptionOwnerPK(ownerSub), sk: undefined, limit, cursor, descending: true }, (i) => strip<Subscription>(i));
  }

  async counters(ownerSub: string, now: Date): Promise<Counters> {
    const hourStart = Math.floor(now.getTime() / 3_600_000) * 3600;
    const [quota, rate] = await Promise.all([
      this.item<{ count: number }>(keys.subscriptionQuota(ownerSub)),
      this.item<{ count: number }>(keys.subscriptionRate(ownerSub, hourStart)),
    ]);
    return { quota: quota?.count, rate: rate?.count, hourStart };
  }

  private stageSubscription(uow: UnitOfWork, s: Subscription, previousRev: number | undefined): void {
    uow.put(
      'subscription',
      { ...keys.subscription(s.subscriptionId), ...keys.gsi.subscriptionOwner(s.ownerSub, s.createdAt, s.subscriptionId), kind: 'subscription', ...s },
      previousRev === undefined
        ? { expression: 'attribute_not_exists(PK)' }
        : { expression: '#rev = :rev AND ownerSub = :owner', names: { '#rev': 'rev' }, values: { ':rev': previousRev, ':owner': s.ownerSub } },
    );
  }

  private stageChannel(uow: UnitOfWork, next: Channel, previous: Channel | undefined): void {
    uow.put('subscription-channel', { ...keys.subscriptionChannel(next.channelId), kind: 'subscription-channel', ...next }, channelWas(previous));
  }

  private stageMember(uow: UnitOfWork, channelId: string, m: Member, isNew: boolean): void {
    uow.put(
      'subscription-member',
      { ...keys.subscriptionMember(channelId, m.memberKey), kind: 'subscription-member', ...m },
      isNew ? { expression: 'attribute_not_exists(PK)' } : { expression: 'attribute_exists(PK) AND subscriptionId = :id', values: { ':id': m.subscriptionId } },
    );
  }

  private stageQuota(uow: UnitOfWork, ownerSub: string, previous: number | undefined, next: number): void {
    uow.put('subscription-quota', { ...keys.subscriptionQuota(ownerSub), kind: 'subscription-quota', count: next }, counterWas(previous));
  }

  /**
   * A new subscription joining its channel (made by this change, or one it was read at), counted against the owner's
   * cap and this hour's creations, with its audit item. Any concurrent change of the same items cancels it.
   */
  stageCreate(uow: UnitOfWork, c: { subscription: Subscription; member: Member; channel: Channel; previousChannel: Channel | undefined; counters: Counters; status: string; division: string }): void {
    const s = c.subscription;
    this.stageSubscription(uow, s, undefined);
    this.stageMember(uow, s.channelId, c.member, true);
    this.stageChannel(uow, c.channel, c.previousChannel);
    this.stageQuota(uow, s.ownerSub, c.counters.quota, (c.counters.quota ?? 0) + 1);
    this.stageRate(uow, s.ownerSub, c.counters);
    uow.audit({ entity: 'subscription', entityId: s.subscriptionId, entityPK: keys.subscription(s.subscriptionId).PK, division: c.division, action: 'subscribe', from: null, to: c.status });
  }

  /** One more creation (or code sent) in this hour's window. The hour is in the key; the TTL only clears old windows away. */
  stageRate(uow: UnitOfWork, ownerSub: string, counters: Counters): void {
    uow.put(
      'subscription-rate',
      { ...keys.subscriptionRate(ownerSub, counters.hourStart), kind: 'subscription-rate', count: (counters.rate ?? 0) + 1, expiresAt: counters.hourStart + 2 * 3600 },
      counterWas(counters.rate),
    );
  }

  /** A subscription changed in place (a code confirmed, refused or sent again), its member with it when `member` is given. */
  stageUpdate(
    uow: UnitOfWork,
    c: { subscription: Subscription; previousRev: number; member?: Member; channel?: { next: Channel; previous: Channel }; action: string; from: string; to: string; division: string },
  ): void {
    const s = c.subscription;
    this.stageSubscription(uow, s, c.previousRev);
    if (c.member) this.stageMember(uow, s.channelId, c.member, false);
    if (c.channel) this.stageChannel(uow, c.channel.next, c.channel.previous);
    uow.audit({ entity: 'subscription', entityId: s.subscriptionId, entityPK: keys.subscription(s.subscriptionId).PK, division: c.division, action: c.action, from: c.from, to: c.to });
  }

  /** The subscription and its member removed, the channel bumped (or marked closing when this was its last member), the cap freed. */
  stageDelete(uow: UnitOfWork, c: { subscription: Subscription; channel: { next: Channel; previous: Channel } | undefined; quota: number | undefined; status: string; division: string }): void {
    const s = c.subscription;
    uow.delete('subscription', keys.subscription(s.subscriptionId), {
      expression: '#rev = :rev AND ownerSub = :owner',
      names: { '#rev': 'rev' },
      values: { ':rev': s.rev, ':owner': s.ownerSub },
    });
    uow.delete('subscription-member', keys.subscriptionMember(s.channelId, s.memberKey), { expression: 'attribute_not_exists(PK) OR subscriptionId = :id', values: { ':id': s.subscriptionId } });
    if (c.channel) this.stageChannel(uow, c.channel.next, c.channel.previous);
    if (c.quota !== undefined && c.quota > 0) this.stageQuota(uow, s.ownerSub, c.quota, c.quota - 1);
    uow.audit({ entity: 'subscription', entityId: s.subscriptionId, entityPK: keys.subscription(s.subscriptionId).PK, division: c.division, action: 'unsubscribe', from: c.status, to: 'deleted' });
  }

  /**
   * Records that SNS has the union of `version` (bookkeeping of the SNS side, not a change of anyone's subscription, so
   * no audit item). False when the channel changed meanwhile: the caller applies the newer union.
   */
  async markApplied(channelId: string, version: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.subscriptionChannel(channelId),
          UpdateExpression: 'SET appliedVersion = :v',
          ConditionExpression: '#version = :v AND #state = :open',
          ExpressionAttributeNames: { '#version': 'version', '#state': 'state' },
          ExpressionAttributeValues: { ':v': version, ':open': 'open' },
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return false;
      throw err;
    }
  }

  /** Removes a closing channel once SNS unsubscribed it; a channel that is no longer the one read is left alone. */
  async deleteClosed(channel: Channel): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.subscriptionChannel(channel.channelId),
          ConditionExpression: '#version = :v AND #state = :closing',
          ExpressionAttributeNames: { '#version': 'version', '#state': 'state' },
          ExpressionAttributeValues: { ':v': channel.version, ':closing': 'closing' },
        }),
      );
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    }
  }
}
