// Use cases of the subscriptions function. A subscription is its owner's own: one item per (owner, protocol, endpoint,
// filter), whatever anyone else subscribed. SNS keeps one subscription per endpoint on a topic, so the subscriptions of
// one endpoint share a channel: one SNS subscription whose filter policy is the union of their filters, unsubscribed when
// the last of them is deleted. The table is written first (one transaction: subscription, channel member, channel
// version, the owner's cap and hourly count, audit); SNS is then given the union of what the table says, and whoever
// changes or reads the channel next finishes that if it failed. Nothing in an answer depends on anyone else's
// subscriptions: a repeat by the same user returns their subscription, anyone else gets a new one.
//
// Going live: an SMS subscription to the phone the caller's token verified is live at once; to another phone, once the
// code sent there is typed back. E-mail and https go live when SNS confirms them (their owner answers SNS's request);
// joining an endpoint SNS had already confirmed for someone else stays pending, as if the owner had not answered, so
// neither the status nor the deliveries tell a user about another user's subscription.
import { randomInt, randomUUID, createHash, timingSafeEqual } from 'node:crypto';
import { audienceOf, canonicalFilter, filterPolicyFor, MATCH_NOTHING, unionPolicy, type FilterBranch, type FilterPolicy, type SubscriptionFilter } from '../../shared/alerts/filter-policy.ts';
import { maskEndpoint, snsSubscriptions, SubscriptionRefused, type AlertSubscriptions, type SnsSubscriptionState, type SubscriptionProtocol } from '../../shared/alerts/sns.ts';
import { snsClient, topicSettings } from '../../shared/alerts/sns-client.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { readConfig, tableSettings } from '../../shared/config.ts';
import type { User } from '../../shared/domain/actor.ts';
import { ConcurrentModification, Forbidden, InvalidTransition, NotFound, RuleViolation, ServiceUnavailable, TooManyRequests, ValidationFailed } from '../../shared/errors.ts';
import { send, type ApiRequest, type ApiResult, type UseCase } from '../../shared/http/api.ts';
import { linkTo } from '../../shared/http/contracts/routing.ts';
import { subscriptionRoutes as routes } from '../../shared/http/contracts/subscriptions.ts';
import { commit, openUnitOfWork } from '../../shared/http/writes.ts';
import { logger } from '../../shared/log.ts';
import { keyProvider } from '../../shared/pii/key-provider.ts';
import { documentClient } from '../../shared/store/client.ts';
import { CREATES_PER_HOUR, SUBSCRIPTION_CAP, SubscriptionRepository, type Channel, type Counters, type Member, type OneTimeCode, type Subscription } from '../../shared/store/subscriptions.ts';
import { subscriptionView, type StatusOf } from './views.ts';

const config = readConfig({ ...tableSettings, ...topicSettings });
/** The process's clock, shared with every function's use cases; tests move it. */
export const deps = runtime;
let repoInstance: SubscriptionRepository | undefined;
let snsInstance: AlertSubscriptions | undefined;
const repo = () => (repoInstance ??= new SubscriptionRepository(documentClient(), config.TABLE_NAME));
const sns = () => (snsInstance ??= snsSubscriptions(snsClient(), config.TOPIC_ARN));

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_ATTEMPTS = 5;
/** Attempts at a write before giving up on concurrent changes of the same channel or counters. */
const WRITE_ATTEMPTS = 4;

type R = typeof routes;

/** Audit items of callers without a division (citizens) are filed under 'none'. */
const divisionOf = (p: User) => p.division ?? 'none';
const sha = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 22);
/** The owner part of a member key: members of one owner sort together under their channel. */
const ownerPart = (ownerSub: string) => `${sha(`owner:${ownerSub}`)}#`;
const memberKeyOf = (ownerSub: string, filter: SubscriptionFilter) => `${ownerPart(ownerSub)}${sha(`filter:${canonicalFilter(filter)}`)}`;

/**
 * The channel of an endpoint: an HMAC under the blind-index key (a KMS HMAC key on AWS, the local key file locally) of
 * protocol and endpoint, with its own prefix so it never equals another feature's index of the same phone or address.
 */
async function channelIdOf(protocol: SubscriptionProtocol, endpoint: string): Promise<string> {
  return (await keyProvider().mac(`alert-subscription-endpoint/v1:${protocol}:${endpoint}`)).toString('base64url');
}

/** A code's MAC is bound to its subscription, so a MAC read from the table proves nothing about any other. */
async function codeMac(subscriptionId: string, code: string): Promise<string> {
  return (await keyProvider().mac(`alert-subscription-code/v1:${subscriptionId}:${code}`)).toString('base64url');
}

const liveBranches = (members: readonly Member[]): FilterBranch[] => members.flatMap((m) => (m.branch ? [m.branch] : []));
const policyOf = (members: readonly Member[]): FilterPolicy => unionPolicy(liveBranches(members)) ?? MATCH_NOTHING;
const location = (subscriptionId: string) => ({ Location: linkTo(routes.getSubscription, { subscriptionId }) });

function translateRefusal(err: unknown, protocol: SubscriptionProtocol): unknown {
  if (!(err instanceof SubscriptionRefused)) return err;
  return new ValidationFailed('The notification service did not accept this endpoint.', [{ path: 'body.endpoint', message: `not accepted as a ${protocol} endpoint` }]);
}

/** Only alerts about one's own organisation, unless one is an office (which sees every organisation's deployments). */
function checkOrganizationFilter(actor: User, filter: SubscriptionFilter): void {
  if (filter.organizationId === undefined || actor.roles.includes('office')) return;
  if (actor.roles.includes('org') && actor.orgId === filter.organizationId) return;
  throw new Forbidden(`Only an office or a member of organisation ${filter.organizationId} may subscribe to its alerts.`);
}

function checkCounters(c: Counters, now: Date, counting: 'subscription' | 'code'): void {
  if (counting === 'subscription' && (c.quota ?? 0) >= SUBSCRIPTION_CAP) {
    throw new RuleViolation('subscription-limit', `You have ${SUBSCRIPTION_CAP} subscriptions, the most one user may have; delete one first.`);
  }
  if ((c.rate ?? 0) >= CREATES_PER_HOUR) {
    throw new TooManyRequests(`At most ${CREATES_PER_HOUR} subscriptions or codes per hour; try again when the hour is over.`, c.hourStart + 3600 - now.getTime() / 1000);
  }
}

// ---- Keeping SNS in step with the table ------------------------------------------------------------------------------

/**
 * Gives the channel's SNS subscription the union of its live members' filters, until the table says SNS has the
 * latest version. A writer whose policy may have landed after a newer one (its mark failed) applies the newer one again,
 * so the last policy SNS receives is always the latest version's.
 */
export async function syncChannel(channelId: string, subscriptionId: string): Promise<void> {
  let force = false;
  for (let i = 0; i < WRITE_ATTEMPTS + 1; i++) {
    const channel = await repo().channel(channelId);
    if (!channel || channel.state !== 'open') return;
    if (!force && channel.appliedVersion === channel.version) return;
    const policy = policyOf(await repo().members(channelId));
    if ((await sns().setFilterPolicy(channel.subscriptionArn, policy)) === 'gone') {
      logger.warn('the SNS subscription of an endpoint is gone; its subscriptions show as lapsed', { subscriptionId });
      return;
    }
    if (await repo().markApplied(channelId, channel.version)) return;
    force = true;
  }
  logger.warn('SNS filter policy not settled after repeated concurrent changes; the next change or read settles it', { subscriptionId });
}

/** After the table changed: a failure here leaves the channel marked unapplied, and the next write or read of it retries. */
async function syncAfterWrite(channelId: string, subscriptionId: string): Promise<void> {
  try {
    await syncChannel(channelId, subscriptionId);
  } catch (err) {
    logger.warn('SNS filter policy not updated yet; the next change or read of the subscription retries', { subscriptionId, errorName: (err as Error).name });
  }
}

/** Finishes a channel whose last subscription was deleted: SNS unsubscribes it, then the channel item goes. */
async function finishClosing(channel: Channel): Promise<void> {
  await sns().unsubscribe(channel.subscriptionArn);
  await repo().deleteClosed(channel);
}

/** After the last subscription of a channel was deleted: unsubscribe; failing that, at least stop deliveries. */
async function closeAfterDelete(channel: Channel, subscriptionId: string): Promise<void> {
  try {
    await finishClosing(channel);
  } catch (err) {
    try {
      await sns().setFilterPolicy(channel.subscriptionArn, MATCH_NOTHING);
      logger.warn('SNS subscription of a deleted endpoint left matching nothing; the next subscription of the endpoint unsubscribes it', { subscriptionId, errorName: (err as Error).name });
    } catch (again) {
      logger.error('SNS subscription of a deleted endpoint could not be unsubscribed or stopped; it may still receive alerts until the endpoint is subscribed again', {
        subscriptionId,
        errorName: (again as Error).name,
      });
    }
  }
}

// ---- Status --------------------------------------------------------------------------------------------------------

const codeUsable = (code: OneTimeCode | undefined, now: Date) => code !== undefined && code.attempts < CODE_ATTEMPTS && Date.parse(code.expiresAt) > now.getTime();

/** SNS's view of the channels of one request, each asked once. */
function snsStates() {
  const seen = new Map<string, Promise<{ channel: Channel | undefined; state: SnsSubscriptionState }>>();
  return (s: Subscription) => {
    let p = seen.get(s.channelId);
    if (!p) {
      p = (async () => {
        let channel = await repo().channel(s.channelId);
        if (channel && channel.state === 'open' && channel.appliedVersion !== channel.version) {
          await syncAfterWrite(s.channelId, s.subscriptionId);
          channel = await repo().channel(s.channelId);
        }
        if (!channel || channel.state !== 'open') return { channel, state: { kind: 'gone' } as const };
        return { channel, state: await sns().state(channel.subscriptionArn) };
      })();
      seen.set(s.channelId, p);
    }
    return p;
  };
}

async function statusOf(s: Subscription, now: Date, states: ReturnType<typeof snsStates>): Promise<StatusOf> {
  const v = s.verification;
  if (v.kind === 'one-time-code' && !s.live) return { status: codeUsable(v.code, now) ? 'pending-code' : 'code-expired' };
  if (!s.live) return { status: 'pending-confirmation' };
  const { state } = await states(s);
  if (state.kind === 'gone') return { status: 'lapsed' };
  if (state.kind === 'pending') return { status: 'pending-confirmation' };
  if (v.kind === 'verified-phone') return { status: 'confirmed', confirmedBy: 'verified-phone' };
  if (v.kind === 'one-time-code') return { status: 'confirmed', confirmedBy: 'one-time-code' };
  return { status: 'confirmed', confirmedBy: state.autoConfirmedLocally ? 'local-sns' : 'endpoint-owner' };
}

/** The status as far as the table knows it, for audit items (SNS is not asked). */
function storedStatus(s: Subscription, now: Date): string {
  if (s.verification.kind === 'one-time-code' && !s.live) return codeUsable(s.verification.code, now) ? 'pending-code' : 'code-expired';
  return s.live ? 'live' : 'pending-confirmation';
}

async function viewOf(s: Subscription, now: Date, states = snsStates()) {
  return subscriptionView(s, await statusOf(s, now, states));
}

/** The caller's own subscription; anyone else's does not exist for them. */
async function own(subscriptionId: string, actor: User): Promise<Subscription> {
  const s = await repo().get(subscriptionId);
  if (!s || s.ownerSub !== actor.sub) throw new NotFound(`No subscription ${subscriptionId}.`);
  return s;
}

// ---- One-time codes ------------------------------------------------------------------------------------------------

async function newCode(subscriptionId: string, now: Date): Promise<{ code: string; stored: OneTimeCode }> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  return { code, stored: { mac: await codeMac(subscriptionId, code), expiresAt: new Date(now.getTime() + CODE_TTL_MS).toISOString(), attempts: 0 } };
}

/** The code goes to the phone itself, not through the topic; the message names no one. */
async function sendCode(phone: string, code: string): Promise<void> {
  try {
    await sns().sendSms(phone, `【应急预警订阅】验证码 ${code}，10分钟内有效。如非本人操作请忽略。Alert subscription code ${code}, valid for 10 minutes.`);
  } catch (err) {
    logger.warn('subscription code not sent', { errorName: (err as Error).name });
    throw new ServiceUnavailable('The subscription is recorded, but the code could not be sent; send the same subscription again for a new code.', 5);
  }
}

// ---- Use cases -----------------------------------------------------------------------------------------------------

export const createSubscription: UseCase<R['createSubscription']> = async (req) => {
  const actor = req.actor;
  const { protocol, endpoint, filter } = req.body;
  checkOrganizationFilter(actor, filter);
  const channelId = await channelIdOf(protocol, endpoint);
  const memberKey = memberKeyOf(actor.sub, filter);
  // SNS subscriptions this request made for a channel the table did not have: removed again unless a channel owns them.
  const made = new Set<string>();
  try {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const now = deps.clock.now();
      const existing = await repo().member(channelId, memberKey);
      if (existing) return await repeat(req, existing, endpoint, now);
      const counters = await repo().counters(actor.sub, now);
      checkCounters(counters, now, 'subscription');
      const channel = await repo().channel(channelId);
      if (channel?.state === 'closing') {
        await finishClosing(channel);
        continue;
      }
      const result = await join(req, { channelId, memberKey, channel, counters, now, made });
      if (result) {
        made.clear();
        return result;
      }
    }
    throw new ServiceUnavailable('Other changes of the same subscriptions kept interfering; try again.', 1);
  } finally {
    for (const arn of made) await undoSubscribe(arn, channelId);
  }
};

/**
 * After a failed creation: the SNS subscription it made goes again unless a channel now holds it (another request
 * subscribed the same endpoint meanwhile). When that cannot be read, it stays: an unowned subscription is less harm
 * than cutting someone off. A window remains where a concurrent creation adopts it after this read; its next sync then
 * finds it gone and its status shows lapsed.
 */
async function undoSubscribe(subscriptionArn: string, channelId: string): Promise<void> {
  const subscriptionId = subscriptionArn.slice(subscriptionArn.lastIndexOf(':') + 1);
  try {
    const channel = await repo().channel(channelId);
    if (channel?.subscriptionArn === subscriptionArn) return;
  } catch (err) {
    logger.error('SNS subscription kept: whether a channel holds it could not be read', { snsSubscription: subscriptionId, errorName: (err as Error).name });
    return;
  }
  try {
    await sns().unsubscribe(subscriptionArn);
    logger.warn('SNS subscription removed again after the table write failed', { snsSubscription: subscriptionId });
  } catch (err) {
    logger.error('SNS subscription left without a channel', { snsSubscription: subscriptionId, errorName: (err as Error).name });
  }
}

type CreateRequest = Parameters<UseCase<R['createSubscription']>>[0];

interface JoinInput {
  channelId: string;
  memberKey: string;
  channel: Channel | undefined;
  counters: Counters;
  now: Date;
  /** Where the SNS subscriptions made for a new channel are noted, to be removed again if the creation fails. */
  made: Set<string>;
}

/** One attempt at a new subscription; undefined when a concurrent change of the same items cancelled it. */
async function join(req: CreateRequest, j: JoinInput): Promise<ApiResult | undefined> {
  const actor = req.actor;
  const { protocol, endpoint, filter } = req.body;
  const { channelId, memberKey, channel, counters, now } = j;
  const subscriptionId = randomUUID();
  const branch = filterPolicyFor(filter, audienceOf(actor.roles));
  const members = channel ? await repo().members(channelId) : [];

  let subscriptionArn: string;
  let live: boolean;
  let snsState: SnsSubscriptionState | undefined;
  let appliedVersion = channel?.appliedVersion ?? 0;
  try {
    if (!channel) {
      // E-mail and https wait for their endpoint to confirm, so a new SNS subscription may as well carry this filter; an
      // SMS one delivers at once, so it starts matching nothing until the table says who is live.
      const initial = protocol === 'sms' ? MATCH_NOTHING : (unionPolicy([branch]) ?? MATCH_NOTHING);
      const r = await sns().ensure({ protocol, endpoint, filterPolicy: initial });
      subscriptionArn = r.subscriptionArn;
      j.made.add(subscriptionArn);
      live = protocol === 'sms' ? actor.verifiedPhone === endpoint : true;
      const firstUnion = live ? (unionPolicy([branch]) ?? MATCH_NOTHING) : MATCH_NOTHING;
      if (r.asAsked && JSON.stringify(initial) === JSON.stringify(firstUnion)) appliedVersion = 1;
    } else {
      // Asking SNS again resends a pending confirmation request, and makes the subscription anew (with the current
      // union) if SNS lost it.
      subscriptionArn = (await sns().ensure({ protocol, endpoint, filterPolicy: policyOf(members) })).subscriptionArn;
      if (subscriptionArn !== channel.subscriptionArn) appliedVersion = 0;
      if (protocol === 'sms') live = actor.verifiedPhone === endpoint;
      else {
        snsState = await sns().state(subscriptionArn);
        // Confirmed for others already: this request caused no confirmation, so only an owner proven before goes live.
        live = snsState.kind !== 'confirmed' || members.some((m) => m.branch !== null && m.memberKey.startsWith(ownerPart(actor.sub)));
      }
    }
    if (protocol !== 'sms' && snsState === undefined) snsState = await sns().state(subscriptionArn);
  } catch (err) {
    throw translateRefusal(err, protocol);
  }

  const code = protocol === 'sms' && !live ? await newCode(subscriptionId, now) : undefined;
  const subscription: Subscription = {
    subscriptionId,
    ownerSub: actor.sub,
    protocol,
    endpoint: maskEndpoint(protocol, endpoint),
    filter,
    channelId,
    memberKey,
    verification: protocol !== 'sms' ? { kind: 'sns-confirmation' } : code ? { kind: 'one-time-code', code: code.stored } : { kind: 'verified-phone' },
    live,
    createdAt: now.toISOString(),
    rev: 1,
  };
  const member: Member = { memberKey, subscriptionId, ownerSub: actor.sub, branch: live ? branch : null, createdAt: subscription.createdAt };
  const next: Channel = {
    channelId,
    protocol,
    subscriptionArn,
    version: (channel?.version ?? 0) + 1,
    appliedVersion,
    state: 'open',
    updatedAt: subscription.createdAt,
  };
  const status = await statusOf(subscription, now, async () => ({ channel: next, state: snsState ?? { kind: 'confirmed', autoConfirmedLocally: false } }));
  const uow = openUnitOfWork(req, now);
  repo().stageCreate(uow, { subscription, member, channel: next, previousChannel: channel, counters, status: status.status, division: divisionOf(actor) });
  const result: ApiResult = { ...send(201, subscriptionView(subscription, status)), headers: location(subscriptionId) };
  try {
    await commit(uow, req, result);
  } catch (err) {
    if (err instanceof ConcurrentModification) return undefined;
    throw err;
  }
  j.made.clear();
  await syncAfterWrite(channelId, subscriptionId);
  if (code) await sendCode(endpoint, code.code);
  return result;
}

/** The same user subscribing the same endpoint with the same filter again: their subscription, and a new code if one is awaited. */
async function repeat(req: ApiRequest<{ endpoint: string }, unknown, unknown, User>, member: Member, endpoint: string, now: Date): Promise<ApiResult> {
  const s = await repo().get(member.subscriptionId);
  if (!s) throw new ConcurrentModification('The subscription is being changed by another request; try again.');
  if (s.verification.kind === 'one-time-code' && !s.live) {
    const counters = await repo().counters(s.ownerSub, now);
    checkCounters(counters, now, 'code');
    const code = await newCode(s.subscriptionId, now);
    const updated: Subscription = { ...s, verification: { kind: 'one-time-code', code: code.stored }, rev: s.rev + 1 };
    const uow = openUnitOfWork(req, now);
    repo().stageUpdate(uow, { subscription: updated, previousRev: s.rev, action: 'send-code', from: 'pending-code', to: 'pending-code', division: divisionOf(req.actor) });
    repo().stageRate(uow, s.ownerSub, counters);
    const result: ApiResult = { ...send(200, await viewOf(updated, now)), headers: location(s.subscriptionId) };
    await commit(uow, req, result);
    await sendCode(endpoint, code.code);
    return result;
  }
  const result: ApiResult = { ...send(200, await viewOf(s, now)), headers: location(s.subscriptionId) };
  // Under an Idempotency-Key the key is recorded as for any answer, so a retry of the first request replays its 201.
  if (req.idempotency) await commit(openUnitOfWork(req, now), req, result);
  return result;
}

export const listSubscriptions: UseCase<R['listSubscriptions']> = async (req) => {
  const now = deps.clock.now();
  const page = await repo().listByOwner(req.actor.sub, req.query.limit, req.query.cursor);
  const states = snsStates();
  const items = await Promise.all(page.items.map((s) => viewOf(s, now, states)));
  return send(200, { items, ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const getSubscription: UseCase<R['getSubscription']> = async (req) => {
  const s = await own(req.params.subscriptionId, req.actor);
  return send(200, await viewOf(s, deps.clock.now()));
};

export const confirmSubscription: UseCase<R['confirmSubscription']> = async (req) => {
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const now = deps.clock.now();
    const s = await own(req.params.subscriptionId, req.actor);
    const v = s.verification;
    if (v.kind !== 'one-time-code') throw new InvalidTransition('This subscription is not confirmed with a code.');
    if (s.live) return send(200, await viewOf(s, now));
    const code = v.code;
    if (!code || code.attempts >= CODE_ATTEMPTS) throw new RuleViolation('code-attempts-exhausted', `The code was mistyped ${CODE_ATTEMPTS} times; send the same subscription again for a new code.`);
    if (Date.parse(code.expiresAt) <= now.getTime()) throw new RuleViolation('code-expired', 'The code expired; send the same subscription again for a new code.');
    const given = Buffer.from(await codeMac(s.subscriptionId, req.body.code));
    const right = given.length === Buffer.from(code.mac).length && timingSafeEqual(given, Buffer.from(code.mac));
    const uow = openUnitOfWork(req, now);
    if (!right) {
      const attempts = code.attempts + 1;
      const updated: Subscription = { ...s, verification: { kind: 'one-time-code', code: { ...code, attempts } }, rev: s.rev + 1 };
      repo().stageUpdate(uow, { subscription: updated, previousRev: s.rev, action: 'refuse-code', from: 'pending-code', to: attempts >= CODE_ATTEMPTS ? 'code-expired' : 'pending-code', division: divisionOf(req.actor) });
      try {
        await commit(uow, req, send(422, undefined));
      } catch (err) {
        if (err instanceof ConcurrentModification) continue;
        throw err;
      }
      throw new RuleViolation('code-mismatch', `The code does not match; ${CODE_ATTEMPTS - attempts} attempts left.`, [{ path: 'body.code', message: 'does not match the code sent to the phone' }]);
    }
    const channel = await repo().channel(s.channelId);
    if (!channel || channel.state !== 'open') throw new ConcurrentModification('The subscription is being changed by another request; try again.');
    const confirmed: Subscription = { ...s, verification: { kind: 'one-time-code' }, live: true, rev: s.rev + 1 };
    const member = await repo().member(s.channelId, s.memberKey);
    if (!member) throw new ConcurrentModification('The subscription is being changed by another request; try again.');
    repo().stageUpdate(uow, {
      subscription: confirmed,
      previousRev: s.rev,
      member: { ...member, branch: filterPolicyFor(s.filter, audienceOf(req.actor.roles)) },
      channel: { previous: channel, next: { ...channel, version: channel.version + 1, updatedAt: now.toISOString() } },
      action: 'confirm',
      from: 'pending-code',
      to: 'confirmed',
      division: divisionOf(req.actor),
    });
    try {
      await commit(uow, req, send(200, undefined));
    } catch (err) {
      if (err instanceof ConcurrentModification) continue;
      throw err;
    }
    await syncAfterWrite(s.channelId, s.subscriptionId);
    return send(200, await viewOf(confirmed, now));
  }
  throw new ServiceUnavailable('Other changes of the same subscription kept interfering; try again.', 1);
};

/** Only the owner deletes; to anyone else the subscription does not exist. The last subscription of an endpoint unsubscribes it from SNS. */
export const deleteSubscription: UseCase<R['deleteSubscription']> = async (req) => {
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const now = deps.clock.now();
    const s = await own(req.params.subscriptionId, req.actor);
    const channel = await repo().channel(s.channelId);
    const others = channel ? (await repo().members(s.channelId)).filter((m) => m.subscriptionId !== s.subscriptionId) : [];
    const open = channel?.state === 'open' ? channel : undefined;
    const last = open !== undefined && others.length === 0;
    const next: Channel | undefined = open ? { ...open, version: open.version + 1, state: last ? 'closing' : 'open', updatedAt: now.toISOString() } : undefined;
    const { quota } = await repo().counters(s.ownerSub, now);
    const uow = openUnitOfWork(req, now);
    repo().stageDelete(uow, { subscription: s, channel: open && next ? { previous: open, next } : undefined, quota, status: storedStatus(s, now), division: divisionOf(req.actor) });
    const result = send(204, undefined);
    try {
      await commit(uow, req, result);
    } catch (err) {
      if (err instanceof ConcurrentModification) continue;
      throw err;
    }
    if (last && next) await closeAfterDelete(next, s.subscriptionId);
    else if (next) await syncAfterWrite(s.channelId, s.subscriptionId);
    return result;
  }
  throw new ServiceUnavailable('Other changes of the same subscription kept interfering; try again.', 1);
};
