// The subscriptions function with mocked SNS and a mocked DynamoDB document client backed by a small in-memory double of
// the table (reads answer what earlier writes put; transaction conditions are checked against DynamoDB Local in the
// integration tests): subscriptions belong to their owner, endpoints shared through one SNS subscription whose filter
// policy is the union of the live ones, the verified phone and the one-time code, SNS confirmation in the status, the
// cap and the throttle, injected SNS and table failures, and the endpoint (personal data) never in a response, a write
// or a log line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GetSubscriptionAttributesCommand,
  InternalErrorException,
  InvalidParameterException,
  NotFoundException,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
  ThrottledException,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { DeleteCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { filterPolicyFor, MATCH_NOTHING } from '../../shared/alerts/filter-policy.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { systemClock } from '../../shared/clock.ts';
import { logger } from '../../shared/log.ts';
import { apiEvent, type EventInput } from '../support/api-events.ts';
import { citizen, cityOffice, countyOffice, orgMember, type Caller } from '../support/callers.ts';
import { handlerOf, invoke as invokeHandler, type Reply } from '../support/invoke.ts';
import { mockTable, transactionCanceled } from '../support/mocked-sdk.ts';
import type { RouteName } from '../../shared/http/routes.ts';

const TOPIC_ARN = 'arn:aws-cn:sns:cn-north-1:000000000000:emergency-alerts';
const ARN = `${TOPIC_ARN}:6b0e71bd-7e97-4d97-80ce-4a0994e55286`;
const EMAIL = 'officer.wang@example.org';
const PHONE = '+8613812345678';
const HOOK = 'https://bot:s3cret@hooks.example.org/alerts/9f8e7d?token=abc123';

const sns = mockClient(SNSClient);
const { ddb, transactItems } = mockTable();
let keyDir: string;

beforeAll(async () => {
  // Read once, at import: the topic, and the directory of the local blind-index key (KMS on AWS).
  keyDir = mkdtempSync(join(tmpdir(), 'erp-sub-keys-'));
  vi.stubEnv('TOPIC_ARN', TOPIC_ARN);
  vi.stubEnv('LOCAL_DATA_DIR', keyDir);
  await handlerOf('subscriptions');
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(keyDir, { recursive: true, force: true });
});

// ---- The table double ----------------------------------------------------------------------------------------------

type Item = Record<string, any>;
const items = new Map<string, Item>();
const keyOf = (k: { PK: string; SK: string }) => `${k.PK}\u0000${k.SK}`;
const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

function query(input: Record<string, any>) {
  const v = input['ExpressionAttributeValues'] as Record<string, string>;
  const byOwner = input['IndexName'] === 'GSI2';
  let found = [...items.values()].filter((i) => (byOwner ? i['GSI2PK'] === v[':pk'] : i['PK'] === v[':pk'] && (v[':sk'] === undefined || String(i['SK']).startsWith(v[':sk']))));
  const sortKey = byOwner ? 'GSI2SK' : 'SK';
  found.sort((a, b) => (a[sortKey] < b[sortKey] ? -1 : 1));
  if (input['ScanIndexForward'] === false) found.reverse();
  const start = input['ExclusiveStartKey'] as Item | undefined;
  if (start) found = found.slice(found.findIndex((i) => i['PK'] === start['PK'] && i['SK'] === start['SK']) + 1);
  const page = found.slice(0, input['Limit'] ?? found.length);
  const last = page.at(-1);
  const more = found.length > page.length && last;
  return { Items: page, ...(more ? { LastEvaluatedKey: byOwner ? { PK: last['PK'], SK: last['SK'], GSI2PK: last['GSI2PK'], GSI2SK: last['GSI2SK'] } : { PK: last['PK'], SK: last['SK'] } } : {}) };
}

function backTheMockWithTheDouble() {
  ddb.on(GetCommand).callsFake((input) => ({ Item: items.get(keyOf(input.Key)) }));
  ddb.on(QueryCommand).callsFake((input) => query(input));
  ddb.on(TransactWriteCommand).callsFake((input) => {
    for (const t of input.TransactItems) {
      if (t.Put) items.set(keyOf(t.Put.Item), structuredClone(t.Put.Item));
      if (t.Delete) items.delete(keyOf(t.Delete.Key));
    }
    return {};
  });
  ddb.on(UpdateCommand).callsFake((input) => {
    const i = items.get(keyOf(input.Key));
    const v = input.ExpressionAttributeValues[':v'];
    if (!i || i['version'] !== v || i['state'] !== 'open') throw conditionFailed();
    i['appliedVersion'] = v;
    return {};
  });
  ddb.on(DeleteCommand).callsFake((input) => {
    const i = items.get(keyOf(input.Key));
    if (!i || i['version'] !== input.ExpressionAttributeValues[':v'] || i['state'] !== 'closing') throw conditionFailed();
    items.delete(keyOf(input.Key));
    return {};
  });
}

const stored = (kind: string) => [...items.values()].filter((i) => i['kind'] === kind);
const channelItem = () => stored('subscription-channel')[0]!;

// ---- SNS -------------------------------------------------------------------------------------------------------------

/** What SNS holds of the one endpoint these tests subscribe: its ARN, whether it waits for confirmation, its policy. */
let snsState: { exists: boolean; pending: boolean; local: boolean; policy: string | undefined };

function backSnsWithOneSubscription() {
  snsState = { exists: false, pending: true, local: false, policy: undefined };
  sns.on(SubscribeCommand).callsFake((input) => {
    const policy = input.Attributes?.['FilterPolicy'];
    if (snsState.exists && policy !== undefined && policy !== snsState.policy) {
      throw new InvalidParameterException({ message: 'Invalid parameter: Attributes Reason: Subscription already exists with different attributes', $metadata: {} });
    }
    // SMS subscriptions never wait for a confirmation.
    if (!snsState.exists) snsState = { ...snsState, exists: true, policy, pending: input.Protocol === 'sms' ? false : snsState.pending };
    return { SubscriptionArn: ARN };
  });
  sns.on(GetSubscriptionAttributesCommand).callsFake(() => {
    if (!snsState.exists) throw new NotFoundException({ message: 'Subscription does not exist', $metadata: {} });
    return { Attributes: { PendingConfirmation: String(snsState.pending), ...(snsState.local ? { LocalAutoConfirmed: 'true' } : {}) } };
  });
  sns.on(SetSubscriptionAttributesCommand).callsFake((input) => {
    if (!snsState.exists) throw new NotFoundException({ message: 'Subscription does not exist', $metadata: {} });
    snsState.policy = input.AttributeValue === '' ? undefined : input.AttributeValue;
    return {};
  });
  sns.on(UnsubscribeCommand).callsFake(() => {
    snsState = { ...snsState, exists: false, policy: undefined };
    return {};
  });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
}

const policyNow = () => (snsState.policy === undefined ? undefined : JSON.parse(snsState.policy));
const sentCodes = () => sns.commandCalls(PublishCommand).map((c) => /验证码 (\d{6})/.exec(c.args[0].input.Message!)![1]!);

// ---- Logs and calls ----------------------------------------------------------------------------------------------------

const logged: unknown[][] = [];
beforeEach(() => {
  sns.reset();
  ddb.reset();
  items.clear();
  backTheMockWithTheDouble();
  backSnsWithOneSubscription();
  logged.length = 0;
  for (const level of ['debug', 'info', 'warn', 'error', 'critical'] as const) {
    vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
      logged.push(args);
    });
  }
});
afterEach(() => {
  runtime.clock = systemClock;
  vi.restoreAllMocks();
});

type Who = Caller;

async function call(name: RouteName, input: EventInput = {}): Promise<Reply> {
  return invokeHandler(await handlerOf('subscriptions'), 'subscriptions', apiEvent(name, input));
}
const create = (body: unknown, caller: Who | null = countyOffice, headers: Record<string, string> = {}) => call('createSubscription', { body, caller, headers });
const remove = (subscriptionId: string, caller: Who = countyOffice) => call('deleteSubscription', { params: { subscriptionId }, caller });
const read = (subscriptionId: string, caller: Who = countyOffice) => call('getSubscription', { params: { subscriptionId }, caller });
const confirm = (subscriptionId: string, code: string, caller: Who = citizen) => call('confirmSubscription', { params: { subscriptionId }, body: { code }, caller });

/** Neither a reply, nor anything written, nor any log line carries the endpoint. */
function expectNowhere(endpoint: string, ...replies: Reply[]) {
  for (const r of replies) expect(r.raw).not.toContain(endpoint);
  for (const call of ddb.commandCalls(TransactWriteCommand)) expect(JSON.stringify(call.args[0].input)).not.toContain(endpoint);
  expect(JSON.stringify([...items.values()])).not.toContain(endpoint);
  expect(JSON.stringify(logged)).not.toContain(endpoint);
}

const officeWithPhone: Who = { ...countyOffice, phone: PHONE, phoneVerified: true };
const citizenWithPhone: Who = { ...citizen, phone: PHONE, phoneVerified: true };

// ---- Tests ---------------------------------------------------------------------------------------------------------

describe('subscribing an e-mail address', () => {
  it('subscribes it on the topic with the filter as its policy, stores only the masked address, and answers 201 pending confirmation', async () => {
    // Act
    const r = await create({ protocol: 'email', endpoint: EMAIL, filter: { divisionPrefix: '1101', minLevel: '2', categories: ['accident'] } });

    // Assess
    expect(r.status).toBe(201);
    expect(sns).toHaveReceivedCommandTimes(SubscribeCommand, 1);
    expect(sns).toHaveReceivedCommandWith(SubscribeCommand, {
      TopicArn: TOPIC_ARN,
      Protocol: 'email',
      Endpoint: EMAIL,
      ReturnSubscriptionArn: true,
      Attributes: { FilterPolicy: expect.any(String), FilterPolicyScope: 'MessageAttributes' },
    });
    expect(policyNow()).toEqual({ category: ['accident'], division: [{ prefix: '1101' }], exercise: ['false'], level: ['1', '2', 'I', 'II'] });
    const id = r.body.subscriptionId as string;
    expect(r.body).toEqual({
      subscriptionId: id,
      protocol: 'email',
      endpoint: 'o***@example.org',
      filter: { divisionPrefix: '1101', minLevel: '2', categories: ['accident'] },
      status: 'pending-confirmation',
      createdAt: expect.any(String),
    });
    expect(r.headers['Location']).toBe(`/v1/subscriptions/${id}`);
    expectNowhere(EMAIL, r);
  });

  it('writes the subscription, its channel member, the channel, the cap and hourly counters and an audit item in one transaction', async () => {
    // Act
    const r = await create({ protocol: 'email', endpoint: EMAIL, filter: { divisionPrefix: '1101' } });

    // Assess
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const kinds = transactItems().map((t) => t.Put?.Item?.['kind']);
    expect(kinds).toEqual(['subscription', 'subscription-member', 'subscription-channel', 'subscription-quota', 'subscription-rate', 'audit']);
    const put = transactItems()[0]!.Put!;
    expect(put.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(put.Item).toMatchObject({ PK: `SUB#${r.body.subscriptionId}`, GSI2PK: `SUBOWNER#${countyOffice.sub}`, ownerSub: countyOffice.sub, endpoint: 'o***@example.org', live: true });
    expect(channelItem()).toMatchObject({ subscriptionArn: ARN, version: 1, appliedVersion: 1, state: 'open' });
    // The channel's key is a keyed MAC of the endpoint, not the endpoint or a plain hash of it.
    expect(channelItem()['PK']).toMatch(/^SUBCHAN#[A-Za-z0-9_-]{43}$/);
    expect(transactItems()[5]!.Put!.Item).toMatchObject({ kind: 'audit', entity: 'subscription', action: 'subscribe', from: null, to: 'pending-confirmation', actorSub: countyOffice.sub, division: '110105' });
    expectNowhere(EMAIL, r);
  });

  it('says confirmed by the local SNS when the local SNS confirmed it by itself, and by the endpoint owner on AWS', async () => {
    snsState.pending = false;
    snsState.local = true;
    const local = await create({ protocol: 'email', endpoint: EMAIL });
    expect(local.body).toMatchObject({ status: 'confirmed', confirmedBy: 'local-sns' });

    snsState.local = false;
    expect((await read(local.body.subscriptionId)).body).toMatchObject({ status: 'confirmed', confirmedBy: 'endpoint-owner' });
  });

  it('answers a repeat by the same user with their subscription (200), without subscribing or writing again', async () => {
    const body = { protocol: 'email', endpoint: EMAIL, filter: { minLevel: '1' } };
    const first = await create(body);

    const again = await create({ ...body, endpoint: ' Officer.Wang@Example.org ' });

    expect(again.status).toBe(200);
    expect(again.body.subscriptionId).toBe(first.body.subscriptionId);
    expect(again.headers['Location']).toBe(`/v1/subscriptions/${first.body.subscriptionId}`);
    expect(sns).toHaveReceivedCommandTimes(SubscribeCommand, 1);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});

describe('another user subscribing the same endpoint', () => {
  it('gets a subscription of their own (201, another id), and SNS one policy: the union of both filters', async () => {
    // Prepare: the county office's subscription, SNS still waiting for the address to confirm
    const mine = await create({ protocol: 'email', endpoint: EMAIL, filter: { divisionPrefix: '1101', minLevel: '2' } });

    // Act
    const theirs = await create({ protocol: 'email', endpoint: EMAIL, filter: { categories: ['public-health'] } }, cityOffice);

    // Assess
    expect(theirs.status).toBe(201);
    expect(theirs.body.subscriptionId).not.toBe(mine.body.subscriptionId);
    expect(Object.keys(theirs.body).sort()).toEqual(Object.keys(mine.body).sort());
    expect(theirs.body.status).toBe('pending-confirmation');
    expect(policyNow()).toEqual({ $or: [filterPolicyFor({ categories: ['public-health'] }), filterPolicyFor({ divisionPrefix: '1101', minLevel: '2' })].map(sortKeys) });
    expect(channelItem()).toMatchObject({ version: 2, appliedVersion: 2 });
    expectNowhere(EMAIL, mine, theirs);
  });

  it('stays pending, adding nothing to what SNS delivers, when SNS had confirmed the address for someone else already', async () => {
    // Prepare: the owner confirmed their subscription
    await create({ protocol: 'email', endpoint: EMAIL, filter: { divisionPrefix: '1101', minLevel: '2' } });
    snsState.pending = false;
    const before = policyNow();

    // Act: someone else names the same address
    const theirs = await create({ protocol: 'email', endpoint: EMAIL, filter: {} }, cityOffice);

    // Assess: answered as any new subscription, which waits for a confirmation the owner never gave this one
    expect(theirs.status).toBe(201);
    expect(theirs.body).toMatchObject({ status: 'pending-confirmation' });
    expect(theirs.body).not.toHaveProperty('confirmedBy');
    expect(policyNow()).toEqual(before);
    expect((await read(theirs.body.subscriptionId, cityOffice)).body.status).toBe('pending-confirmation');
  });

  it('lets the owner add a second filter to an address they confirmed: proven once, live again', async () => {
    await create({ protocol: 'email', endpoint: EMAIL, filter: { minLevel: '1' } });
    snsState.pending = false;
    snsState.local = true;

    const second = await create({ protocol: 'email', endpoint: EMAIL, filter: { categories: ['accident'] } });

    expect(second.body).toMatchObject({ status: 'confirmed', confirmedBy: 'local-sns' });
    expect(policyNow().$or).toHaveLength(2);
  });
});

describe('SMS subscriptions', () => {
  it('are live at once to the phone the token verified: SNS first matches nothing, then the filter once the table has it', async () => {
    const r = await create({ protocol: 'sms', endpoint: '138 1234 5678', filter: { minLevel: '1' } }, officeWithPhone);

    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ protocol: 'sms', endpoint: '138****5678', status: 'confirmed', confirmedBy: 'verified-phone' });
    expect(JSON.parse(sns.commandCalls(SubscribeCommand)[0]!.args[0].input.Attributes!['FilterPolicy']!)).toEqual(MATCH_NOTHING);
    expect(policyNow()).toEqual(sortKeys(filterPolicyFor({ minLevel: '1' })));
    expect(sns).toHaveReceivedCommandWith(SubscribeCommand, { Protocol: 'sms', Endpoint: PHONE });
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    expectNowhere(PHONE, r);
    expectNowhere('12345678', r);
  });

  it.each([
    ['a phone the token carries unverified', { ...citizen, phone: PHONE, phoneVerified: false }],
    ['another phone than the verified one', { ...citizen, phone: '+8613900000000', phoneVerified: true }],
    ['no phone in the token at all', citizen],
  ])('to %s wait for the code sent there, delivering nothing meanwhile', async (_, who) => {
    const r = await create({ protocol: 'sms', endpoint: PHONE }, who);

    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'pending-code' });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { PhoneNumber: PHONE });
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).not.toHaveProperty('TopicArn');
    expect(policyNow()).toEqual(MATCH_NOTHING);
    const [code] = sentCodes();
    // Only a MAC of the code is kept, bound to this subscription.
    expect(JSON.stringify([...items.values()])).not.toContain(code);
    expect(stored('subscription')[0]!['verification']).toMatchObject({ kind: 'one-time-code', code: { attempts: 0, mac: expect.any(String) } });
    expectNowhere(PHONE, r);
  });

  it('go live with the code: the filter joins the SNS policy and the status says confirmed by the code', async () => {
    const r = await create({ protocol: 'sms', endpoint: PHONE, filter: { categories: ['public-health'] } }, citizen);
    const [code] = sentCodes();

    const confirmed = await confirm(r.body.subscriptionId, code!);

    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ subscriptionId: r.body.subscriptionId, status: 'confirmed', confirmedBy: 'one-time-code' });
    expect(policyNow()).toEqual(sortKeys(filterPolicyFor({ categories: ['public-health'] }, 'citizen')));
    expect(stored('subscription')[0]!['verification']).toEqual({ kind: 'one-time-code' });
    expect(stored('audit').map((a) => a['action'])).toEqual(expect.arrayContaining(['subscribe', 'confirm']));
    // Confirming again changes nothing.
    expect((await confirm(r.body.subscriptionId, code!)).body.status).toBe('confirmed');
  });

  it('count a wrong code, refuse after five, and then ask for a new subscription request', async () => {
    const r = await create({ protocol: 'sms', endpoint: PHONE }, citizen);
    const [code] = sentCodes();
    const wrong = code === '000000' ? '111111' : '000000';

    const first = await confirm(r.body.subscriptionId, wrong);
    for (let i = 0; i < 4; i++) await confirm(r.body.subscriptionId, wrong);
    const sixth = await confirm(r.body.subscriptionId, code!);

    expect(first.status).toBe(422);
    expect(first.body).toMatchObject({ code: 'code-mismatch', errors: [{ path: 'body.code' }] });
    expect(sixth.status).toBe(422);
    expect(sixth.body.code).toBe('code-attempts-exhausted');
    expect((await read(r.body.subscriptionId, citizen)).body.status).toBe('code-expired');
    expect(policyNow()).toEqual(MATCH_NOTHING);
    expect(stored('audit').filter((a) => a['action'] === 'refuse-code')).toHaveLength(5);
  });

  it('refuse a code after ten minutes', async () => {
    const t0 = new Date('2026-11-26T08:00:00.000Z');
    runtime.clock = { now: () => t0 };
    const r = await create({ protocol: 'sms', endpoint: PHONE }, citizen);
    const [code] = sentCodes();

    runtime.clock = { now: () => new Date(t0.getTime() + 10 * 60_000 + 1) };
    const late = await confirm(r.body.subscriptionId, code!);

    expect(late.status).toBe(422);
    expect(late.body.code).toBe('code-expired');
  });

  it('send a new code on a repeat of the same request, and only the new one works', async () => {
    const body = { protocol: 'sms', endpoint: PHONE };
    const r = await create(body, citizen);
    const again = await create(body, citizen);
    const [oldCode, newCode] = sentCodes();

    expect(again.status).toBe(200);
    expect(again.body.subscriptionId).toBe(r.body.subscriptionId);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
    if (oldCode !== newCode) expect((await confirm(r.body.subscriptionId, oldCode!)).status).toBe(422);
    expect((await confirm(r.body.subscriptionId, newCode!)).body.status).toBe('confirmed');
  });

  it('are refused by confirm when they are not waiting for a code (409)', async () => {
    const r = await create({ protocol: 'email', endpoint: EMAIL });
    const c = await confirm(r.body.subscriptionId, '123456', countyOffice);
    expect(c.status).toBe(409);
    expect(c.body.code).toBe('invalid-transition');
  });

  it('answer 503, with the subscription kept for a repeat, when the code cannot be sent', async () => {
    sns.on(PublishCommand).rejects(new InternalErrorException({ message: `cannot reach ${PHONE}`, $metadata: {} }));
    const r = await create({ protocol: 'sms', endpoint: PHONE }, citizen);
    expect(r.status).toBe(503);
    expect(r.headers['Retry-After']).toBeDefined();
    expect(stored('subscription')).toHaveLength(1);
    expectNowhere(PHONE, r);
  });
});

describe('organisation filters (issue 9)', () => {
  it.each<[string, Caller, number]>([
    ['an organisation user for its own organisation', orgMember, 201],
    ['an office for any organisation', countyOffice, 201],
    ['an organisation user for another organisation', { ...orgMember, orgId: 'org-0002' }, 403],
    ['a citizen', citizen, 403],
  ])('%s: %s', async (_, caller, status) => {
    const r = await create({ protocol: 'email', endpoint: EMAIL, filter: { organizationId: 'org-0001' } }, caller);
    expect(r.status).toBe(status);
    if (status === 201) expect(policyNow()).toMatchObject({ org: ['org-0001'] });
    else expect(sns).not.toHaveReceivedAnyCommand();
  });

  it('leaves exercises out unless asked for (issue 11)', async () => {
    await create({ protocol: 'email', endpoint: EMAIL, filter: { includeExercises: true, minLevel: '2' } });
    expect(policyNow()).not.toHaveProperty('exercise');
  });
});

describe('the cap and the throttle', () => {
  it('refuses a 21st subscription with 422 subscription-limit before anything reaches SNS', async () => {
    items.set(keyOf({ PK: `SUBQUOTA#${countyOffice.sub}`, SK: 'QUOTA' }), { PK: `SUBQUOTA#${countyOffice.sub}`, SK: 'QUOTA', count: 20 });
    const r = await create({ protocol: 'email', endpoint: EMAIL });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('subscription-limit');
    expect(sns).not.toHaveReceivedAnyCommand();
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('refuses an 11th creation in an hour with 429 and Retry-After until the hour is over', async () => {
    const now = new Date('2026-11-26T08:45:00.000Z');
    runtime.clock = { now: () => now };
    const hour = Math.floor(now.getTime() / 3_600_000) * 3600;
    for (let i = 0; i < 10; i++) expect((await create({ protocol: 'email', endpoint: `w${i}@example.org` })).status).toBe(201);

    const r = await create({ protocol: 'email', endpoint: EMAIL });

    expect(r.status).toBe(429);
    expect(r.body.code).toBe('too-many-requests');
    expect(r.headers['Retry-After']).toBe(String(15 * 60));
    expect(items.get(keyOf({ PK: `SUBRATE#${countyOffice.sub}#${hour}`, SK: 'RATE' }))).toMatchObject({ count: 10, expiresAt: hour + 7200 });
    expect(sns).toHaveReceivedCommandTimes(SubscribeCommand, 10);
  });

  it('frees a place of the cap when a subscription is deleted', async () => {
    const r = await create({ protocol: 'email', endpoint: EMAIL });
    await remove(r.body.subscriptionId);
    expect(items.get(keyOf({ PK: `SUBQUOTA#${countyOffice.sub}`, SK: 'QUOTA' }))).toMatchObject({ count: 0 });
  });
});

describe('bad endpoints', () => {
  it.each([
    ['email', 'officer.wang-at-example.org'],
    ['sms', '12345'],
    ['sms', '+14155550100'],
    ['https', 'http://hooks.example.org/alerts/9f8e7d'],
    ['https', 'https://10.0.0.7/alerts'],
    ['https', 'https://169.254.169.254/latest/meta-data'],
    ['https', 'https://[fd00::7]/alerts'],
    ['https', 'https://localhost/alerts'],
    ['https', 'https://hooks.example.org:8443/alerts'],
  ])('refuses %s %s with 400 naming body.endpoint, touching neither SNS nor the table, never echoing it', async (protocol, endpoint) => {
    const r = await create({ protocol, endpoint });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation-failed');
    expect((r.body.errors as { path: string }[]).map((e) => e.path)).toEqual(['body.endpoint']);
    expect(sns).not.toHaveReceivedAnyCommand();
    expect(ddb).not.toHaveReceivedAnyCommand();
    expectNowhere(endpoint, r);
  });

  it.each([
    ['an unknown protocol', { protocol: 'sqs', endpoint: EMAIL }, 'body.protocol'],
    ['a division prefix with letters', { protocol: 'email', endpoint: EMAIL, filter: { divisionPrefix: '11ab' } }, 'body.filter.divisionPrefix'],
    ['a response level as minimum level', { protocol: 'email', endpoint: EMAIL, filter: { minLevel: 'II' } }, 'body.filter.minLevel'],
    ['an unknown filter field', { protocol: 'email', endpoint: EMAIL, filter: { area: '110105' } }, 'body.filter.area'],
    ['includeExercises as a string', { protocol: 'email', endpoint: EMAIL, filter: { includeExercises: 'yes' } }, 'body.filter.includeExercises'],
  ])('refuses %s with 400', async (_, body, path) => {
    const r = await create(body);
    expect(r.status).toBe(400);
    expect((r.body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
    expect(sns).not.toHaveReceivedAnyCommand();
    expectNowhere(EMAIL, r);
  });
});

describe('SNS and table failures', () => {
  it('answers 400 on body.endpoint when SNS refuses the endpoint, quoting neither SNS nor the endpoint, and writes nothing', async () => {
    sns.on(SubscribeCommand).rejects(new InvalidParameterException({ message: `Invalid parameter: Email address ${EMAIL}`, $metadata: {} }));
    const r = await create({ protocol: 'email', endpoint: EMAIL });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ path: 'body.endpoint', message: expect.any(String) }]);
    expect(r.raw).not.toContain('Invalid parameter');
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expectNowhere(EMAIL, r);
  });

  it('answers 503 with Retry-After when SNS throttles', async () => {
    sns.on(SubscribeCommand).rejects(new ThrottledException({ message: 'Rate exceeded', $metadata: {} }));
    const r = await create({ protocol: 'email', endpoint: EMAIL });
    expect(r.status).toBe(503);
    expect(r.headers['Retry-After']).toBe('1');
  });

  it('answers 500 without internals when SNS fails, and writes nothing', async () => {
    sns.on(SubscribeCommand).rejects(new InternalErrorException({ message: `internal failure for ${EMAIL}`, $metadata: {} }));
    const r = await create({ protocol: 'email', endpoint: EMAIL });
    expect(r.status).toBe(500);
    expect(r.body.detail).toBeUndefined();
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expectNowhere(EMAIL, r);
  });

  it('unsubscribes the SNS subscription it made again when the transaction fails', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error(`connection reset while writing ${EMAIL}`), { name: 'InternalServerError' }));
    const r = await create({ protocol: 'email', endpoint: EMAIL });
    expect(r.status).toBeGreaterThanOrEqual(500);
    expect(sns).toHaveReceivedCommandWith(UnsubscribeCommand, { SubscriptionArn: ARN });
    expect(snsState.exists).toBe(false);
    expectNowhere(EMAIL, r);
  });

  it('tries again after a concurrent change of the same channel, and then succeeds', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(transactionCanceled('None', 'None', 'ConditionalCheckFailed', 'None', 'None', 'None')).callsFake((input) => {
      for (const t of input.TransactItems) if (t.Put) items.set(keyOf(t.Put.Item), structuredClone(t.Put.Item));
      return {};
    });
    const r = await create({ protocol: 'email', endpoint: EMAIL });
    expect(r.status).toBe(201);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
    expect(sns).not.toHaveReceivedCommand(UnsubscribeCommand);
  });

  it('still answers 201 when SNS cannot take the new policy, and the next read of the subscription gives it', async () => {
    // Prepare: an SMS subscription, whose policy is set after the write
    sns.on(SetSubscriptionAttributesCommand).rejectsOnce(new InternalErrorException({ message: 'internal', $metadata: {} })).callsFake((input) => {
      snsState.policy = input.AttributeValue;
      return {};
    });

    // Act
    const r = await create({ protocol: 'sms', endpoint: PHONE, filter: { minLevel: '2' } }, officeWithPhone);
    const dirty = { ...channelItem() };
    const later = await read(r.body.subscriptionId);

    // Assess
    expect(r.status).toBe(201);
    expect(dirty).toMatchObject({ version: 1, appliedVersion: 0 });
    expect(logged.some(([m]) => String(m).includes('not updated yet'))).toBe(true);
    expect(later.status).toBe(200);
    expect(policyNow()).toEqual(sortKeys(filterPolicyFor({ minLevel: '2' })));
    expect(channelItem()).toMatchObject({ version: 1, appliedVersion: 1 });
    expectNowhere(PHONE, r, later);
  });

  it('replays the first answer to a retry with the same Idempotency-Key', async () => {
    const body = { protocol: 'email', endpoint: EMAIL, filter: { divisionPrefix: '1101' } };
    const first = await create(body, countyOffice, { 'Idempotency-Key': 'k-1' });
    const idem = stored('idempotency')[0]!;
    expect(idem).toBeDefined();
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed'));

    const again = await create(body, countyOffice, { 'Idempotency-Key': 'k-1' });

    expect(again.status).toBe(201);
    expect(again.headers['Idempotent-Replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(sns).toHaveReceivedCommandTimes(SubscribeCommand, 1);
    expectNowhere(EMAIL, first, again);
  });

  it("records a new Idempotency-Key on a repeat by the same user, replaying the repeat's 200 to its own retries", async () => {
    const body = { protocol: 'email', endpoint: EMAIL };
    const first = await create(body);
    const repeat = await create(body, countyOffice, { 'Idempotency-Key': 'k-2' });
    expect(repeat.status).toBe(200);
    expect(repeat.body.subscriptionId).toBe(first.body.subscriptionId);
    expect(stored('idempotency')).toHaveLength(1);
  });
});

describe('reading and listing', () => {
  it('shows the owner their subscription and anyone else a 404', async () => {
    const r = await create({ protocol: 'https', endpoint: HOOK });
    const own = await read(r.body.subscriptionId);
    const other = await read(r.body.subscriptionId, cityOffice);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ protocol: 'https', endpoint: 'https://hooks.example.org/...', status: 'pending-confirmation' });
    expect(other.status).toBe(404);
    for (const secret of ['s3cret', 'bot:', '9f8e7d', 'abc123']) expectNowhere(secret, r, own, other);
  });

  it('says lapsed when SNS no longer has the subscription (unsubscribed by its endpoint)', async () => {
    const r = await create({ protocol: 'email', endpoint: EMAIL });
    snsState.exists = false;
    expect((await read(r.body.subscriptionId)).body.status).toBe('lapsed');
  });

  it("lists the caller's own subscriptions, newest first, a page at a time, and none of anyone else's", async () => {
    const times = ['2026-11-26T08:00:00.000Z', '2026-11-26T08:01:00.000Z', '2026-11-26T08:02:00.000Z'];
    const ids: string[] = [];
    for (const [i, t] of times.entries()) {
      runtime.clock = { now: () => new Date(t) };
      ids.push((await create({ protocol: 'email', endpoint: `w${i}@example.org` })).body.subscriptionId);
    }
    await create({ protocol: 'email', endpoint: EMAIL }, cityOffice);

    const first = await call('listSubscriptions', { query: { limit: '2' } });
    const second = await call('listSubscriptions', { query: { limit: '2', cursor: first.body.cursor } });
    const theirs = await call('listSubscriptions', { caller: cityOffice });
    const forged = await call('listSubscriptions', { query: { cursor: first.body.cursor }, caller: cityOffice });

    expect(first.body.items.map((s: { subscriptionId: string }) => s.subscriptionId)).toEqual([ids[2], ids[1]]);
    expect(second.body.items.map((s: { subscriptionId: string }) => s.subscriptionId)).toEqual([ids[0]]);
    expect(second.body.cursor).toBeUndefined();
    expect(theirs.body.items).toHaveLength(1);
    expect(forged.status).toBe(400);
  });
});

describe('unsubscribing', () => {
  it('unsubscribes the endpoint from SNS when its last subscription goes, and removes the channel', async () => {
    const r = await create({ protocol: 'email', endpoint: EMAIL });

    const d = await remove(r.body.subscriptionId);

    expect(d.status).toBe(204);
    expect(d.raw).toBe('');
    expect(sns).toHaveReceivedCommandWith(UnsubscribeCommand, { SubscriptionArn: ARN });
    expect(stored('subscription')).toHaveLength(0);
    expect(stored('subscription-member')).toHaveLength(0);
    expect(stored('subscription-channel')).toHaveLength(0);
    expect(stored('audit').map((a) => [a['action'], a['to']])).toEqual(expect.arrayContaining([['unsubscribe', 'deleted']]));
    expect((await remove(r.body.subscriptionId)).status).toBe(404);
  });

  it('keeps the SNS subscription while another user still has one, narrowing its policy to theirs', async () => {
    const mine = await create({ protocol: 'email', endpoint: EMAIL, filter: { minLevel: '1' } });
    await create({ protocol: 'email', endpoint: EMAIL, filter: { categories: ['accident'] } }, cityOffice);

    const d = await remove(mine.body.subscriptionId);

    expect(d.status).toBe(204);
    expect(sns).not.toHaveReceivedCommand(UnsubscribeCommand);
    expect(policyNow()).toEqual(sortKeys(filterPolicyFor({ categories: ['accident'] })));
    expect(channelItem()).toMatchObject({ state: 'open', version: 3, appliedVersion: 3 });
  });

  it('stops deliveries at least, and says so in the log, when SNS cannot unsubscribe', async () => {
    const r = await create({ protocol: 'email', endpoint: EMAIL });
    sns.on(UnsubscribeCommand).rejects(new InternalErrorException({ message: 'internal', $metadata: {} }));

    const d = await remove(r.body.subscriptionId);

    expect(d.status).toBe(204);
    expect(policyNow()).toEqual(MATCH_NOTHING);
    expect(channelItem()).toMatchObject({ state: 'closing' });
    expect(logged.some(([m]) => String(m).includes('matching nothing'))).toBe(true);
  });

  it('finishes a closing channel before the endpoint is subscribed again', async () => {
    const r = await create({ protocol: 'email', endpoint: EMAIL });
    sns.on(UnsubscribeCommand).rejectsOnce(new InternalErrorException({ message: 'internal', $metadata: {} })).callsFake(() => {
      snsState = { ...snsState, exists: false, policy: undefined };
      return {};
    });
    await remove(r.body.subscriptionId);

    const again = await create({ protocol: 'email', endpoint: EMAIL, filter: { minLevel: '3' } });

    expect(again.status).toBe(201);
    expect(sns).toHaveReceivedCommandTimes(UnsubscribeCommand, 2);
    expect(channelItem()).toMatchObject({ state: 'open', version: 1 });
    expect(policyNow()).toEqual(sortKeys(filterPolicyFor({ minLevel: '3' })));
  });

  it('answers 404 to anyone but the owner, touching neither SNS nor the table', async () => {
    const r = await create({ protocol: 'email', endpoint: EMAIL });
    sns.resetHistory();
    const d = await remove(r.body.subscriptionId, citizenWithPhone);
    expect(d.status).toBe(404);
    expect(sns).not.toHaveReceivedAnyCommand();
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});

/** A branch as the union writes it: keys sorted. */
function sortKeys<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))) as T;
}
