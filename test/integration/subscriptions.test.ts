// The local SNS with the real @aws-sdk/client-sns, and the subscriptions function against DynamoDB Local and that SNS:
// the wire protocol, filter policies ($or included) and their delivery, direct SMS, injected publish failures; then
// subscriptions owned per user on one SNS subscription per endpoint, the transactions that keep channel, members, cap
// and throttle consistent when two users (or one user twice) subscribe the same endpoint at once, and nothing
// half-made when a write fails.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GetSubscriptionAttributesCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { localSink, type LocalSink } from '../../infra/local/sink.ts';
import { startSnsLocal, type SnsLocal } from '../../infra/local/sns-local.ts';
import { filterPolicyFor } from '../../shared/alerts/filter-policy.ts';
import type { Alert } from '../../shared/alerts/outbox.ts';
import { snsPublisher } from '../../shared/alerts/sns.ts';
import { resetSnsClientForTests, snsClient } from '../../shared/alerts/sns-client.ts';
import { keys } from '../../shared/store/keys.ts';
import { citizen, cityOffice, countyOffice, type Caller } from '../support/callers.ts';
import { call } from '../support/invoke.ts';
import { useLocalTable, type TestTable } from '../support/local-table.ts';
import { snsSubscriptionIdOf } from '../support/subscription-channels.ts';

const TOPIC = 'arn:aws:sns:cn-north-1:000000000000:erp-it-alerts';
let sns: SnsLocal;
let sink: LocalSink;
let table: TestTable;
let client: SNSClient;
let keyDir: string;
const lines: string[] = [];

beforeAll(async () => {
  sink = localSink((l) => lines.push(l));
  sns = await startSnsLocal({ topicArns: [TOPIC], listener: sink });
  process.env['SNS_ENDPOINT'] = sns.endpoint;
  process.env['TOPIC_ARN'] = TOPIC;
  keyDir = mkdtempSync(join(tmpdir(), 'erp-it-keys-'));
  process.env['LOCAL_DATA_DIR'] = keyDir;
  resetSnsClientForTests();
  table = await useLocalTable();
  client = new SNSClient({ region: 'cn-north-1', endpoint: sns.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 });
});
afterAll(async () => {
  client.destroy();
  resetSnsClientForTests();
  await sns.stop();
  rmSync(keyDir, { recursive: true, force: true });
});

/** A unique address or phone per test, so tests do not meet in the shared local SNS. */
const email = () => `w${randomUUID().slice(0, 8)}@example.org`;
let phoneSeq = 0;
const phone = () => `+86138${String(Date.now() % 10_000).padStart(4, '0')}${String(phoneSeq++ % 10_000).padStart(4, '0')}`;
const withPhone = (c: Caller, p: string): Caller => ({ ...c, sub: `${c.sub ?? 'user'}-${p.slice(-4)}`, phone: p, phoneVerified: true });

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    eventId: randomUUID(),
    type: 'warning.issued',
    division: '110105',
    category: 'accident',
    level: '1',
    payload: { warningId: 'w-1' },
    createdAt: '2026-11-26T08:00:00.000Z',
    ...overrides,
  };
}

const publish = (a: Alert) => snsPublisher(snsClient(), TOPIC).publish(a);
const snsIdOf = (subscriptionId: string) => snsSubscriptionIdOf(table.db, table.tableName, subscriptionId);
const deliveredTo = (snsId: string, eventId: string) => sink.deliveries.filter((d) => d.subscriptionId === snsId && d.alert.eventId === eventId);
const snsSubsOf = (endpoint: string) => sns.subscriptions().filter((s) => s.endpoint === endpoint);
const create = (body: unknown, caller: Caller = countyOffice, headers: Record<string, string> = {}) => call('createSubscription', { body, caller, headers });
const channelOf = async (subscriptionId: string) => {
  const [sub] = await table.partition(`SUB#${subscriptionId}`).then((i) => i.filter((x) => x['kind'] === 'subscription'));
  return table.partition(`SUBCHAN#${String(sub!['channelId'])}`);
};

describe('the local SNS speaks the Query protocol of @aws-sdk/client-sns', () => {
  it('answers Subscribe, Publish and Unsubscribe with parsed results and the request id header', async () => {
    const subscribed = await client.send(
      new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'sms', Endpoint: '+8613800000001', Attributes: { FilterPolicy: '{"level":["1"]}', FilterPolicyScope: 'MessageAttributes' }, ReturnSubscriptionArn: true }),
    );
    const published = await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'a & <b> "c"', MessageAttributes: { level: { DataType: 'String', StringValue: '1' } } }));
    const unsubscribed = await client.send(new UnsubscribeCommand({ SubscriptionArn: subscribed.SubscriptionArn! }));

    expect(subscribed.SubscriptionArn).toMatch(new RegExp(`^${TOPIC}:[0-9a-f-]{36}$`));
    expect(subscribed.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(published.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(unsubscribed.$metadata.httpStatusCode).toBe(200);
    expect(sns.subscriptions().some((s) => s.subscriptionArn === subscribed.SubscriptionArn)).toBe(false);
  });

  it('answers "pending confirmation" for an e-mail subscription unless the ARN is asked for, as SNS does', async () => {
    const r = await client.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: email() }));
    expect(r.SubscriptionArn).toBe('pending confirmation');
  });

  it('returns the existing subscription for the same attributes or none, and refuses other attributes, as SNS does', async () => {
    const endpoint = email();
    const first = await client.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: endpoint, Attributes: { FilterPolicy: '{"category":["accident"]}' }, ReturnSubscriptionArn: true }));

    const same = await client.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: endpoint, Attributes: { FilterPolicy: '{"category": ["accident"]}' }, ReturnSubscriptionArn: true }));
    const bare = await client.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: endpoint, ReturnSubscriptionArn: true }));
    const other = client.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: endpoint, Attributes: { FilterPolicy: '{"category":["public-health"]}' }, ReturnSubscriptionArn: true }));

    expect(same.SubscriptionArn).toBe(first.SubscriptionArn);
    expect(bare.SubscriptionArn).toBe(first.SubscriptionArn);
    await expect(other).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('already exists with different attributes') });
    expect(snsSubsOf(endpoint)).toHaveLength(1);
  });

  it('reads and replaces a filter policy, delivering by an $or of two objects, and says the local SNS confirmed an e-mail itself', async () => {
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: email(), Attributes: { FilterPolicy: '{"type":["-"]}' }, ReturnSubscriptionArn: true }));
    await client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '{"$or":[{"level":["1"]},{"category":["public-health"]}]}' }));
    const attrs = (await client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!;
    const id = SubscriptionArn!.slice(SubscriptionArn!.lastIndexOf(':') + 1);
    const [severe, health, minor] = [alert({ level: '1' }), alert({ level: '4', category: 'public-health' }), alert({ level: '4' })];
    for (const a of [severe, health, minor]) await publish(a);

    expect(attrs).toMatchObject({ PendingConfirmation: 'false', LocalAutoConfirmed: 'true', FilterPolicyScope: 'MessageAttributes' });
    expect(JSON.parse(attrs['FilterPolicy']!)).toEqual({ $or: [{ level: ['1'] }, { category: ['public-health'] }] });
    expect([severe, health, minor].map((a) => deliveredTo(id, a.eventId).length)).toEqual([1, 1, 0]);

    // The empty string removes the policy: every message.
    await client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '' }));
    const any = alert({ level: '4' });
    await publish(any);
    expect(deliveredTo(id, any.eventId)).toHaveLength(1);
  });

  it('delivers nothing to a subscription waiting for confirmation', async () => {
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: email(), ReturnSubscriptionArn: true }));
    sns.setPending(SubscriptionArn!, true);
    const a = alert();
    await publish(a);
    expect((await client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes).toMatchObject({ PendingConfirmation: 'true' });
    expect(deliveredTo(SubscriptionArn!.slice(SubscriptionArn!.lastIndexOf(':') + 1), a.eventId)).toHaveLength(0);
  });

  it('publishes an SMS to a phone number directly, past the topic and its subscriptions', async () => {
    const before = sink.alerts.length;
    await client.send(new PublishCommand({ PhoneNumber: '+8613800000009', Message: 'code 123456' }));
    expect(sns.directSms().at(-1)).toEqual({ phoneNumber: '+8613800000009', message: 'code 123456' });
    expect(sink.alerts).toHaveLength(before);
  });

  it.each([
    ['an unknown topic', { TopicArn: `${TOPIC}-other`, Protocol: 'email', Endpoint: 'x@example.org' }, 'NotFoundException'],
    ['a bad e-mail address', { TopicArn: TOPIC, Protocol: 'email', Endpoint: 'x-at-example.org' }, 'InvalidParameterException'],
    ['an http (not https) endpoint', { TopicArn: TOPIC, Protocol: 'https', Endpoint: 'http://x.example.org/hook' }, 'InvalidParameterException'],
    ['a protocol it does not serve', { TopicArn: TOPIC, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:cn-north-1:000000000000:q' }, 'InvalidParameterException'],
    ['a numeric filter policy it cannot evaluate', { TopicArn: TOPIC, Protocol: 'sms', Endpoint: '13800000002', Attributes: { FilterPolicy: '{"level":[{"numeric":["<",3]}]}' } }, 'InvalidParameterException'],
    ['an $or of one object', { TopicArn: TOPIC, Protocol: 'sms', Endpoint: '13800000005', Attributes: { FilterPolicy: '{"$or":[{"level":["1"]}]}' } }, 'InvalidParameterException'],
    ['the MessageBody scope', { TopicArn: TOPIC, Protocol: 'sms', Endpoint: '13800000003', Attributes: { FilterPolicy: '{"level":["1"]}', FilterPolicyScope: 'MessageBody' } }, 'InvalidParameterException'],
  ])('refuses to subscribe with %s as SNS errors the SDK knows, never quoting the endpoint', async (_, input, name) => {
    const err = (await client.send(new SubscribeCommand(input)).catch((e: unknown) => e)) as Error & { $metadata: { requestId?: string } };
    expect(err.name).toBe(name);
    expect(err.message).not.toContain(input.Endpoint);
  });

  it('answers NotFound for the attributes of a subscription it does not have, and treats unsubscribing twice as done', async () => {
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'sms', Endpoint: '13800000004', ReturnSubscriptionArn: true }));
    await client.send(new UnsubscribeCommand({ SubscriptionArn }));
    await expect(client.send(new UnsubscribeCommand({ SubscriptionArn }))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
    await expect(client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).rejects.toMatchObject({ name: 'NotFoundException' });
    await expect(client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '' }))).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it('makes the next N publishes fail with 500, which the SDK retries: two failures are absorbed, three reach the caller', async () => {
    const publisher = snsPublisher(client, TOPIC);
    const absorbed = alert();
    const failed = alert();

    sns.failNextPublishes(2);
    await publisher.publish(absorbed);
    sns.failNextPublishes(3);
    const err = (await publisher.publish(failed).catch((e: unknown) => e)) as Error & { $metadata: { attempts?: number; httpStatusCode?: number } };

    expect(sink.alerts.filter((a) => a.eventId === absorbed.eventId)).toHaveLength(1);
    expect(err.name).toBe('InternalErrorException');
    expect(err.$metadata.attempts).toBe(3);
    expect(sink.alerts.some((a) => a.eventId === failed.eventId)).toBe(false);
  });
});

describe('subscriptions against DynamoDB Local and the local SNS', () => {
  it('subscribes with the filter policy, stores only the masked endpoint, delivers what matches and stops after deletion', async () => {
    const endpoint = email();

    const created = await create({ protocol: 'email', endpoint, filter: { divisionPrefix: '1101', minLevel: '2' } });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'confirmed', confirmedBy: 'local-sns' });
    const id = created.body.subscriptionId as string;
    const [inSns] = snsSubsOf(endpoint);
    expect(JSON.parse(inSns!.filterPolicy!)).toEqual({ division: [{ prefix: '1101' }], exercise: ['false'], level: ['1', '2', 'I', 'II'] });
    const items = await table.partition(`SUB#${id}`);
    expect(items.map((i) => i['kind']).sort()).toEqual(['audit', 'subscription']);
    expect(items.find((i) => i['kind'] === 'subscription')).toMatchObject({ endpoint: `${endpoint[0]}***@example.org`, ownerSub: countyOffice.sub, live: true });
    expect(JSON.stringify(await table.all())).not.toContain(endpoint);

    const snsId = await snsIdOf(id);
    const [severe, minor, elsewhere, exercise] = [alert({ level: '1' }), alert({ level: '4' }), alert({ level: '1', division: '120101' }), alert({ level: '1', attributes: { exercise: 'true' } })];
    for (const a of [severe, minor, elsewhere, exercise]) await publish(a);
    expect([severe, minor, elsewhere, exercise].map((a) => deliveredTo(snsId, a.eventId).length)).toEqual([1, 0, 0, 0]);
    expect(lines.join('\n')).not.toContain(endpoint);

    const deleted = await call('deleteSubscription', { params: { subscriptionId: id } });
    const after = alert({ level: '1' });
    await publish(after);

    expect(deleted.status).toBe(204);
    expect(snsSubsOf(endpoint)).toHaveLength(0);
    expect(deliveredTo(snsId, after.eventId)).toHaveLength(0);
    const left = await table.partition(`SUB#${id}`);
    expect(left.map((i) => [i['kind'], i['action']])).toEqual(expect.arrayContaining([['audit', 'subscribe'], ['audit', 'unsubscribe']]));
    expect(left.some((i) => i['kind'] === 'subscription')).toBe(false);
    expect((await table.all()).some((i) => i['kind'] === 'subscription-channel' || i['kind'] === 'subscription-member')).toBe(false);
  });

  it("keeps one SNS subscription for an endpoint two users subscribed, delivering either's alerts, until the last one unsubscribes", async () => {
    const p = phone();
    const a = withPhone(countyOffice, p);
    const b = withPhone(citizen, p);
    const mine = await create({ protocol: 'sms', endpoint: p, filter: { minLevel: '1' } }, a);
    const theirs = await create({ protocol: 'sms', endpoint: p, filter: { categories: ['public-health'] } }, b);
    const snsId = await snsIdOf(mine.body.subscriptionId);
    const [severe, health, minor] = [alert({ level: '1' }), alert({ level: '4', category: 'public-health' }), alert({ level: '4' })];
    for (const x of [severe, health, minor]) await publish(x);

    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.subscriptionId).not.toBe(mine.body.subscriptionId);
    expect(await snsIdOf(theirs.body.subscriptionId)).toBe(snsId);
    expect(snsSubsOf(p)).toHaveLength(1);
    expect([severe, health, minor].map((x) => deliveredTo(snsId, x.eventId).length)).toEqual([1, 1, 0]);

    // The first leaves: only the other's filter is left.
    expect((await call('deleteSubscription', { params: { subscriptionId: mine.body.subscriptionId }, caller: a })).status).toBe(204);
    const [severe2, health2] = [alert({ level: '1' }), alert({ level: '4', category: 'public-health' })];
    for (const x of [severe2, health2]) await publish(x);
    expect([severe2, health2].map((x) => deliveredTo(snsId, x.eventId).length)).toEqual([0, 1]);
    expect(snsSubsOf(p)).toHaveLength(1);

    // The last leaves: SNS unsubscribes the phone.
    expect((await call('deleteSubscription', { params: { subscriptionId: theirs.body.subscriptionId }, caller: b })).status).toBe(204);
    expect(snsSubsOf(p)).toHaveLength(0);
  });

  it('answers another user naming an address SNS confirmed for someone else as a new subscription, and delivers them nothing', async () => {
    const endpoint = email();
    const owner = await create({ protocol: 'email', endpoint, filter: { minLevel: '1' } });
    const other = await create({ protocol: 'email', endpoint, filter: {} }, cityOffice);
    const snsId = await snsIdOf(owner.body.subscriptionId);
    const minor = alert({ level: '4' });
    await publish(minor);

    expect(other.status).toBe(201);
    expect(other.body).toMatchObject({ protocol: 'email', endpoint: owner.body.endpoint, status: 'pending-confirmation' });
    expect(deliveredTo(snsId, minor.eventId)).toHaveLength(0);
    expect((await call('listSubscriptions', { caller: cityOffice })).body.items.map((s: { subscriptionId: string }) => s.subscriptionId)).toEqual([other.body.subscriptionId]);
  });

  it('sends a code to a phone that is not the verified one, and delivers only once the code is confirmed', async () => {
    const p = phone();
    const created = await create({ protocol: 'sms', endpoint: p, filter: { categories: ['accident'] } }, citizen);
    const sms = sns.directSms().filter((m) => m.phoneNumber === p);
    const code = /(\d{6})/.exec(sms[0]!.message)![1]!;
    const snsId = await snsIdOf(created.body.subscriptionId);
    const before = alert();
    await publish(before);

    const confirmed = await call('confirmSubscription', { params: { subscriptionId: created.body.subscriptionId }, body: { code }, caller: citizen });
    const after = alert();
    await publish(after);

    expect(created.body.status).toBe('pending-code');
    expect(sms).toHaveLength(1);
    expect(deliveredTo(snsId, before.eventId)).toHaveLength(0);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', confirmedBy: 'one-time-code' });
    expect(deliveredTo(snsId, after.eventId)).toHaveLength(1);
    expect(JSON.stringify(await table.all())).not.toContain(code);
  });
});

describe('at the same time', () => {
  it('two users subscribing the same new endpoint at once: two subscriptions, one SNS subscription, its policy the union of both', async () => {
    for (let round = 0; round < 4; round++) {
      const p = phone();
      const a = withPhone(countyOffice, p);
      const b = withPhone(cityOffice, p);

      const [ra, rb] = await Promise.all([create({ protocol: 'sms', endpoint: p, filter: { minLevel: '1' } }, a), create({ protocol: 'sms', endpoint: p, filter: { categories: ['public-health'] } }, b)]);

      expect([ra.status, rb.status]).toEqual([201, 201]);
      expect(ra.body.subscriptionId).not.toBe(rb.body.subscriptionId);
      expect(snsSubsOf(p)).toHaveLength(1);
      const channel = await channelOf(ra.body.subscriptionId);
      expect(channel.filter((i) => i['kind'] === 'subscription-member')).toHaveLength(2);
      expect(channel.find((i) => i['kind'] === 'subscription-channel')).toMatchObject({ version: 2, appliedVersion: 2, state: 'open' });
      const policy = JSON.parse(snsSubsOf(p)[0]!.filterPolicy!);
      expect(policy.$or).toEqual(expect.arrayContaining([expect.objectContaining({ level: filterPolicyFor({ minLevel: '1' })['level'] }), expect.objectContaining({ category: ['public-health'] })]));
    }
  });

  it('one user subscribing the same endpoint twice at once: one subscription, answered to both, counted once', async () => {
    for (let round = 0; round < 4; round++) {
      const endpoint = email();
      const who: Caller = { ...citizen, sub: `twice-${round}-${randomUUID().slice(0, 6)}` };
      const body = { protocol: 'email', endpoint, filter: { categories: ['accident'] } };

      const replies = await Promise.all([create(body, who), create(body, who)]);

      expect(replies.map((r) => r.status).sort()).toEqual([200, 201]);
      expect(replies[0]!.body.subscriptionId).toBe(replies[1]!.body.subscriptionId);
      expect(snsSubsOf(endpoint)).toHaveLength(1);
      const listed = await call('listSubscriptions', { caller: who });
      expect(listed.body.items).toHaveLength(1);
      expect((await table.partition(`SUBQUOTA#${who.sub}`))[0]).toMatchObject({ count: 1 });
    }
  });

  it('the last two users of an endpoint unsubscribing at once: both 204, and SNS unsubscribes the endpoint', async () => {
    const p = phone();
    const a = withPhone(countyOffice, p);
    const b = withPhone(citizen, p);
    const ra = await create({ protocol: 'sms', endpoint: p, filter: { minLevel: '1' } }, a);
    const rb = await create({ protocol: 'sms', endpoint: p, filter: { minLevel: '2' } }, b);

    const deleted = await Promise.all([
      call('deleteSubscription', { params: { subscriptionId: ra.body.subscriptionId }, caller: a }),
      call('deleteSubscription', { params: { subscriptionId: rb.body.subscriptionId }, caller: b }),
    ]);

    expect(deleted.map((r) => r.status)).toEqual([204, 204]);
    expect(snsSubsOf(p)).toHaveLength(0);
    expect((await table.all()).filter((i) => String(i['PK']).startsWith('SUBCHAN#') && JSON.stringify(i).includes(ra.body.subscriptionId))).toEqual([]);
  });
});

describe('limits and failed writes', () => {
  it('throttles the 11th creation of an hour with 429, counted in the table', async () => {
    const who: Caller = { ...citizen, sub: `busy-${randomUUID().slice(0, 6)}` };
    for (let i = 0; i < 10; i++) expect((await create({ protocol: 'email', endpoint: email() }, who)).status).toBe(201);
    const endpoint = email();
    const r = await create({ protocol: 'email', endpoint }, who);
    expect(r.status).toBe(429);
    expect(Number(r.headers['Retry-After'])).toBeGreaterThan(0);
    expect(snsSubsOf(endpoint)).toHaveLength(0);
    const rate = (await table.all()).filter((i) => String(i['PK']).startsWith(`SUBRATE#${who.sub}#`));
    expect(rate).toHaveLength(1);
    expect(rate[0]).toMatchObject({ count: 10, expiresAt: expect.any(Number) });
  });

  it('refuses a 21st subscription with 422 against the count the table keeps', async () => {
    const who: Caller = { ...citizen, sub: `full-${randomUUID().slice(0, 6)}` };
    await table.db.send(new PutCommand({ TableName: table.tableName, Item: { ...keys.subscriptionQuota(who.sub!), kind: 'subscription-quota', count: 20 } }));
    const r = await create({ protocol: 'email', endpoint: email() }, who);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('subscription-limit');
  });

  it('removes the SNS subscription again when the transaction fails: an Idempotency-Key reused with another endpoint', async () => {
    const first = email();
    const second = email();
    const key = `k-${randomUUID()}`;
    expect((await create({ protocol: 'email', endpoint: first }, countyOffice, { 'Idempotency-Key': key })).status).toBe(201);
    const before = await table.all();

    const r = await create({ protocol: 'email', endpoint: second }, countyOffice, { 'Idempotency-Key': key });

    expect(r.status).toBe(422);
    expect(r.body.code).toBe('idempotency-key-reused');
    expect(snsSubsOf(second)).toHaveLength(0);
    expect(snsSubsOf(first)).toHaveLength(1);
    expect(await table.all()).toHaveLength(before.length);
    expect(r.raw).not.toContain(second);
  });

  it('replays a retry with the same Idempotency-Key and keeps the one SNS subscription it made', async () => {
    const endpoint = email();
    const key = `k-${randomUUID()}`;
    const body = { protocol: 'email', endpoint, filter: { categories: ['public-health'] } };
    const first = await create(body, countyOffice, { 'Idempotency-Key': key });

    const again = await create(body, countyOffice, { 'Idempotency-Key': key });

    expect(again.status).toBe(201);
    expect(again.headers['Idempotent-Replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(snsSubsOf(endpoint)).toHaveLength(1);
  });
});

describe('the local SNS across a restart', () => {
  it('keeps its subscriptions in the state file and delivers to them after starting again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erp-sns-'));
    const stateFile = join(dir, 'sns-subscriptions.json');
    const recorded = localSink(() => undefined);
    try {
      const one = await startSnsLocal({ topicArns: [TOPIC], stateFile, listener: localSink(() => undefined) });
      const c1 = new SNSClient({ region: 'cn-north-1', endpoint: one.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      const { SubscriptionArn } = await c1.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'sms', Endpoint: '13700000001', Attributes: { FilterPolicy: '{"level":["1"]}' }, ReturnSubscriptionArn: true }));
      c1.destroy();
      await one.stop();

      const two = await startSnsLocal({ topicArns: [TOPIC], stateFile, listener: recorded });
      const c2 = new SNSClient({ region: 'cn-north-1', endpoint: two.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      await snsPublisher(c2, TOPIC).publish(alert({ level: '1' }));
      await snsPublisher(c2, TOPIC).publish(alert({ level: '2' }));
      c2.destroy();
      await two.stop();

      expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual([expect.objectContaining({ subscriptionArn: SubscriptionArn })]);
      expect(recorded.deliveries.map((d) => d.alert.level)).toEqual(['1']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
