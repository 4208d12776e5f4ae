// Use cases of the subscriptions function. An alert subscription is an SNS subscription with a filter policy plus the
// item recording who owns it. SNS comes first (its ARN names the item); when the table write then fails, the SNS
// subscription is removed again unless a stored subscription owns it, so nothing is left half-made.
import type { subscriptionRoutes as routes } from '../../shared/http/contracts/subscriptions.ts';
import { filterPolicyFor, type FilterPolicy } from '../../shared/alerts/filter-policy.ts';
import { maskEndpoint, needsConfirmation, snsSubscriptions, SubscriptionRefused, type AlertSubscriptions, type SubscriptionProtocol } from '../../shared/alerts/sns.ts';
import { snsClient, topicSettings } from '../../shared/alerts/sns-client.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { readConfig, tableSettings } from '../../shared/config.ts';
import type { User } from '../../shared/domain/actor.ts';
import { AlreadySubscribed, NotFound, ValidationFailed } from '../../shared/errors.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import { commit, openUnitOfWork } from '../../shared/http/writes.ts';
import { logger } from '../../shared/log.ts';
import { documentClient } from '../../shared/store/client.ts';
import { SubscriptionRepository, type Subscription } from '../../shared/store/subscriptions.ts';
import { IdempotencyClash } from '../../shared/store/idempotency.ts';
import { subscriptionView } from './views.ts';

const config = readConfig({ ...tableSettings, ...topicSettings });
/** The process's clock, shared with every function's use cases; tests move it. */
export const deps = runtime;
let repoInstance: SubscriptionRepository | undefined;
let snsInstance: AlertSubscriptions | undefined;
const repo = () => (repoInstance ??= new SubscriptionRepository(documentClient(), config.TABLE_NAME));
const sns = () => (snsInstance ??= snsSubscriptions(snsClient(), config.TOPIC_ARN));

const ID = /^[A-Za-z0-9_-]{8,64}$/;

/** A subscription's id is the one SNS gave it, the last part of its ARN: at most one item per SNS subscription. */
function subscriptionIdOf(subscriptionArn: string): string | undefined {
  const id = subscriptionArn.slice(subscriptionArn.lastIndexOf(':') + 1);
  return ID.test(id) ? id : undefined;
}

/** Audit items of callers without a division (citizens) are filed under 'none'. */
const divisionOf = (p: User) => p.division ?? 'none';

type R = typeof routes;

async function subscribe(protocol: SubscriptionProtocol, endpoint: string, filterPolicy: FilterPolicy | undefined): Promise<string> {
  try {
    return await sns().subscribe({ protocol, endpoint, filterPolicy });
  } catch (err) {
    if (!(err instanceof SubscriptionRefused)) throw err;
    if (err.reason === 'exists') throw new AlreadySubscribed('This endpoint already has a subscription with another filter; delete that one first.');
    throw new ValidationFailed('The notification service did not accept this endpoint.', [{ path: 'body.endpoint', message: `not accepted as a ${protocol} endpoint` }]);
  }
}

/**
 * After a failed table write: the SNS subscription goes again unless an item owns it. An item owns it when the first
 * request under the same Idempotency-Key made it (the retry then replays that response), or when the endpoint was
 * already subscribed with this filter (SNS returned the existing subscription). When ownership cannot be read, the SNS
 * subscription is kept: an unowned one is less harm than silently cutting off someone's alerts.
 */
async function undoSubscribe(subscriptionArn: string, cause: unknown): Promise<unknown> {
  const id = subscriptionIdOf(subscriptionArn);
  let owned: boolean;
  try {
    owned = id !== undefined && (await repo().get(id)) !== undefined;
  } catch (err) {
    logger.error('subscription kept in SNS: its owner could not be read', { subscriptionId: id, errorName: (err as Error).name });
    return cause;
  }
  if (owned) return cause instanceof IdempotencyClash ? cause : new AlreadySubscribed('This endpoint already has a subscription with this filter.');
  try {
    await sns().unsubscribe(subscriptionArn);
    logger.warn('subscription removed from SNS after the table write failed', { subscriptionId: id, errorName: (cause as Error)?.name });
  } catch (err) {
    logger.error('subscription left in SNS without an owner', { subscriptionId: id, errorName: (err as Error).name });
  }
  return cause;
}

export const createSubscription: UseCase<R['createSubscription']> = async (req) => {
  const { protocol, endpoint, filter } = req.body;
  const subscriptionArn = await subscribe(protocol, endpoint, filterPolicyFor(filter));
  try {
    const subscriptionId = subscriptionIdOf(subscriptionArn);
    if (!subscriptionId) throw Object.assign(new Error('SNS returned an unexpected subscription ARN'), { name: 'UnexpectedSubscriptionArn' });
    const now = deps.clock.now();
    const subscription: Subscription = {
      subscriptionId,
      ownerSub: req.actor.sub,
      protocol,
      endpoint: maskEndpoint(protocol, endpoint),
      filter,
      subscriptionArn,
      status: needsConfirmation(protocol) ? 'pending-confirmation' : 'active',
      createdAt: now.toISOString(),
    };
    const uow = openUnitOfWork(req, now);
    repo().stageCreate(uow, subscription, divisionOf(req.actor));
    const result = send(201, subscriptionView(subscription));
    result.headers = { Location: `/v1/subscriptions/${subscriptionId}` };
    return await commit(uow, req, result);
  } catch (err) {
    throw await undoSubscribe(subscriptionArn, err);
  }
};

/** Only the owner may delete; to anyone else the subscription does not exist. */
export const deleteSubscription: UseCase<R['deleteSubscription']> = async (req) => {
  const s = await repo().get(req.params.subscriptionId);
  if (!s || s.ownerSub !== req.actor.sub) throw new NotFound(`No subscription ${req.params.subscriptionId}.`);
  // SNS first: if the table write then fails, a retry finds the item, unsubscribes again (a no-op) and deletes it.
  await sns().unsubscribe(s.subscriptionArn);
  const now = deps.clock.now();
  const uow = openUnitOfWork(req, now);
  repo().stageDelete(uow, s, divisionOf(req.actor));
  return commit(uow, req, send(204, undefined));
};
