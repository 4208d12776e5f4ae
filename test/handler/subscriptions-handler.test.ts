// The subscriptions function with mocked SNS and DynamoDB: the filter policy sent to SNS, only the masked endpoint
// stored and returned, the SNS subscription removed again when the table write fails, owner-only deletion, and the
// endpoint (personal data) never in a response, an error or a log line.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { mockClient } from 'aws-sdk-client-mock';
import { InternalErrorException, InvalidParameterException, NotFoundException, SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { logger } from '../../shared/log.ts';
import { keys } from '../../shared/store/keys.ts';
import { apiEvent, citizen, countyOffice, otherCountyOffice, type Caller } from '../support/api-events.ts';
import { transactionCanceled } from './stored-items.ts';

const TOPIC_ARN = 'arn:aws-cn:sns:cn-north-1:000000000000:emergency-alerts';
const SUB_ID = '6b0e71bd-7e97-4d97-80ce-4a0994e55286';
const SUB_ARN = `${TOPIC_ARN}:${SUB_ID}`;
const EMAIL = 'officer.wang@example.org';
const PHONE = '13812345678';
const HOOK = 'https://bot:s3cret@hooks.example.org/alerts/9f8e7d?token=abc123';

const sns = mockClient(SNSClient);
const ddb = mockClient(DynamoDBDocumentClient);
let handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

beforeAll(async () => {
  // The function reads TOPIC_ARN once, at import.
  vi.stubEnv('TOPIC_ARN', TOPIC_ARN);
  ({ handler } = await import('../../functions/subscriptions/handler.ts'));
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const logged: unknown[][] = [];
beforeEach(() => {
  sns.reset();
  ddb.reset();
  logged.length = 0;
  for (const level of ['debug', 'info', 'warn', 'error', 'critical'] as const) {
    vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
      logged.push(args);
    });
  }
});

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Record<string, any> | undefined;
  raw: string;
}

async function invoke(event: APIGatewayProxyEvent): Promise<Reply> {
  const r = await handler(event, lambdaContext('subscriptions'));
  return { status: r.statusCode, headers: (r.headers ?? {}) as Record<string, string>, body: r.body ? JSON.parse(r.body) : undefined, raw: r.body ?? '' };
}

const create = (body: unknown, caller: Caller | null = countyOffice, headers: Record<string, string> = {}) => apiEvent('createSubscription', { body, caller, headers });
const remove = (subscriptionId: string, caller: Caller = countyOffice) => apiEvent('deleteSubscription', { params: { subscriptionId }, caller });

function transactItems(call = 0) {
  return ddb.commandCalls(TransactWriteCommand)[call]!.args[0].input.TransactItems!;
}

/** Neither the reply, nor anything written, nor any log line carries the endpoint. */
function expectNowhere(endpoint: string, reply: Reply) {
  expect(reply.raw).not.toContain(endpoint);
  for (const call of ddb.commandCalls(TransactWriteCommand)) expect(JSON.stringify(call.args[0].input)).not.toContain(endpoint);
  expect(JSON.stringify(logged)).not.toContain(endpoint);
}

/** The item as the repository stores it, for reads. */
function storedItem(overrides: Record<string, unknown> = {}) {
  return {
    ...keys.subscription(SUB_ID),
    ...keys.gsi.subscriptionOwner(countyOffice.sub!, '2026-11-26T08:00:00.000Z', SUB_ID),
    kind: 'subscription',
    subscriptionId: SUB_ID,
    ownerSub: countyOffice.sub,
    protocol: 'email',
    endpoint: 'o***@example.org',
    filter: { divisionPrefix: '1101' },
    subscriptionArn: SUB_ARN,
    status: 'pending-confirmation',
    createdAt: '2026-11-26T08:00:00.000Z',
    ...overrides,
  };
}

describe('subscribing', () => {
  it('subscribes the endpoint on the topic with the filter policy of its filter and returns the masked view', async () => {
    // Prepare
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB_ARN });
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const r = await invoke(create({ protocol: 'email', endpoint: EMAIL, filter: { divisionPrefix: '1101', minLevel: '2', categories: ['accident'] } }));

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
    const sent = sns.commandCalls(SubscribeCommand)[0]!.args[0].input.Attributes!['FilterPolicy']!;
    expect(JSON.parse(sent)).toEqual({ division: [{ prefix: '1101' }], category: ['accident'], level: ['1', '2', 'I', 'II'] });
    expect(r.body).toEqual({
      subscriptionId: SUB_ID,
      protocol: 'email',
      endpoint: 'o***@example.org',
      filter: { divisionPrefix: '1101', minLevel: '2', categories: ['accident'] },
      status: 'pending-confirmation',
      createdAt: expect.any(String),
    });
    expect(r.headers['Location']).toBe(`/v1/subscriptions/${SUB_ID}`);
    expectNowhere(EMAIL, r);
  });

  it('stores the subscription with the masked endpoint, its owner and SNS ARN, and an audit item, in one transaction', async () => {
    // Prepare
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB_ARN });
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const r = await invoke(create({ protocol: 'email', endpoint: EMAIL, filter: { divisionPrefix: '1101' } }));

    // Assess
    expect(r.status).toBe(201);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const items = transactItems();
    expect(items).toHaveLength(2);
    const put = items[0]!.Put!;
    expect(put.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(put.Item).toEqual({
      ...keys.subscription(SUB_ID),
      ...keys.gsi.subscriptionOwner(countyOffice.sub!, r.body!['createdAt'], SUB_ID),
      kind: 'subscription',
      subscriptionId: SUB_ID,
      ownerSub: countyOffice.sub,
      protocol: 'email',
      endpoint: 'o***@example.org',
      filter: { divisionPrefix: '1101' },
      subscriptionArn: SUB_ARN,
      status: 'pending-confirmation',
      createdAt: r.body!['createdAt'],
    });
    const audit = items[1]!.Put!.Item!;
    expect(audit).toMatchObject({
      PK: `SUB#${SUB_ID}`,
      kind: 'audit',
      entity: 'subscription',
      entityId: SUB_ID,
      action: 'subscribe',
      from: null,
      to: 'pending-confirmation',
      actorSub: countyOffice.sub,
      division: '110105',
      GSI1PK: 'AUDIT#110105',
    });
    expectNowhere(EMAIL, r);
  });

  it('makes an SMS subscription active at once and masks the phone number as 138****5678', async () => {
    // Prepare
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB_ARN });
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const r = await invoke(create({ protocol: 'sms', endpoint: PHONE, filter: { minLevel: '1' } }));

    // Assess
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ protocol: 'sms', endpoint: '138****5678', status: 'active' });
    expect(transactItems()[0]!.Put!.Item).toMatchObject({ endpoint: '138****5678', status: 'active' });
    expectNowhere(PHONE, r);
    expectNowhere('12345678', r);
  });

  it('keeps only the host of an HTTPS endpoint: no user info, path or token', async () => {
    // Prepare
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB_ARN });
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const r = await invoke(create({ protocol: 'https', endpoint: HOOK }));

    // Assess
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ protocol: 'https', endpoint: 'https://hooks.example.org/...', status: 'pending-confirmation' });
    for (const secret of ['s3cret', 'bot:', '9f8e7d', 'abc123']) expectNowhere(secret, r);
  });

  it('sends no filter policy for an empty filter: every alert is delivered', async () => {
    // Prepare
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB_ARN });
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const r = await invoke(create({ protocol: 'email', endpoint: EMAIL }));

    // Assess
    expect(r.status).toBe(201);
    expect(sns.commandCalls(SubscribeCommand)[0]!.args[0].input.Attributes).toBeUndefined();
    expect(r.body!['filter']).toEqual({});
  });

  it('lets a citizen subscribe, filing the audit item under division none', async () => {
    // Prepare
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB_ARN });
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const r = await invoke(create({ protocol: 'email', endpoint: EMAIL, filter: { categories: ['public-health'] } }, citizen));

    // Assess
    expect(r.status).toBe(201);
    expect(transactItems()[0]!.Put!.Item).toMatchObject({ ownerSub: citizen.sub });
    expect(transactItems()[1]!.Put!.Item).toMatchObject({ division: 'none', GSI1PK: 'AUDIT#none' });
  });

  it('refuses a caller without a token before anything reaches SNS', async () => {
    const r = await invoke(create({ protocol: 'email', endpoint: EMAIL }, null));
    expect(r.status).toBe(401);
    expect(sns).not.toHaveReceivedAnyCommand();
    expectNowhere(EMAIL, r);
  });
});

describe('a failed table write after SNS subscribed', () => {
  it('unsubscribes again and answers 500 without internals when the transaction fails', async () => {
    // Prepare: the error's message quotes the endpoint, as SDK messages may.
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB_ARN });
    sns.on(UnsubscribeCommand).resolves({});
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error(`connection reset while writing ${EMAIL}`), { name: 'InternalServerError' }));

    // Act
    const r = await invoke(create({ protocol: 'email', endpoint: EMAIL, filter: { minLevel: '2' } }));

    // Assess
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ type: expect.any(String), title: expect.any(String), status: 500, code: 'internal-error', requestId: expect.any(String) });
    expect(sns).toHaveReceivedCommandTimes(UnsubscribeCommand, 1);
    expect(sns).toHaveReceivedCommandWith(UnsubscribeCommand, { SubscriptionArn: SUB_ARN });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { Key: keys.subscription(SUB_ID), ConsistentRead: true });
    expectNowhere(EMAIL, r);
  });

  it('unsubscribes again and answers 503 with Retry-After when the table throttles the transaction', async () => {
    // Prepare
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB_ARN });
    sns.on(UnsubscribeCommand).resolves({});
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ThrottlingError', 'None'));

    // Act
    const r = await invoke(create({ protocol: 'sms', endpoint: PHONE }));

    // Assess
    expect(r.status).toBe(503);
    expect(r.headers['Retry-After']).toBe('1');
    expect(sns).toHaveReceivedCommandWith(UnsubscribeCommand, { SubscriptionArn: SUB_ARN });
    expectNowhere(PHONE, r);
  });

  it('still answers 500, and says in the log which subscription is left, when unsubscribing fails too', async () => {
    // Prepare
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB_ARN });
    sns.on(UnsubscribeCommand).rejects(new InternalErrorException({ message: `cannot reach ${EMAIL}`, $metadata: {} }));
    ddb.on(GetCommand).resolves({});
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('connection reset'), { name: 'InternalServerError' }));

    // Act
    const r = await invoke(create({ protocol: 'email', endpoint: EMAIL }));

    // Assess
    expect(r.status).toBe(500);
    expect(logged.some(([message, extra]) => String(message).includes('left in SNS') && (extra as { subscriptionId?: string })?.subscriptionId === SUB_ID)).toBe(true);
    expectNowhere(EMAIL, r);
  });

  it('leaves the SNS subscription alone and answers 409 when a stored subscription already owns it (same endpoint, same filter)', async () => {
    // Prepare: SNS returned the existing subscription, so the item's condition failed.
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB_ARN });
    ddb.on(GetCommand, { Key: keys.subscription(SUB_ID) }).resolves({ Item: storedItem() });
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None'));

    // Act
    const r = await invoke(create({ protocol: 'email', endpoint: EMAIL, filter: { divisionPrefix: '1101' } }, otherCountyOffice));

    // Assess
    expect(r.status).toBe(409);
    expect(r.body!['code']).toBe('already-subscribed');
    expect(sns).not.toHaveReceivedCommand(UnsubscribeCommand);
    expectNowhere(EMAIL, r);
  });

  it('keeps the SNS subscription when whether it is owned cannot be read, rather than cut off a subscriber', async () => {
    // Prepare
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB_ARN });
    ddb.on(GetCommand).rejects(Object.assign(new Error('table unavailable'), { name: 'InternalServerError' }));
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('table unavailable'), { name: 'InternalServerError' }));

    // Act
    const r = await invoke(create({ protocol: 'email', endpoint: EMAIL }));

    // Assess
    expect(r.status).toBe(500);
    expect(sns).not.toHaveReceivedCommand(UnsubscribeCommand);
    expect(logged.some(([message]) => String(message).includes('could not be read'))).toBe(true);
  });

  it('replays the first response to a retry with the same Idempotency-Key, without unsubscribing what the first created', async () => {
    // Prepare: the first request commits with its idempotency record.
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: SUB_ARN });
    ddb.on(TransactWriteCommand).resolves({});
    const body = { protocol: 'email', endpoint: EMAIL, filter: { divisionPrefix: '1101' } };
    const first = await invoke(create(body, countyOffice, { 'Idempotency-Key': 'k-1' }));
    expect(first.status).toBe(201);
    const items = transactItems();
    const idempotency = items.find((i) => String(i.Put?.Item?.['PK']).startsWith('IDEMP#'))!.Put!.Item!;
    const subscription = items[0]!.Put!.Item!;
    ddb.reset();
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None', 'ConditionalCheckFailed'));
    ddb.on(GetCommand, { Key: keys.subscription(SUB_ID) }).resolves({ Item: subscription });
    ddb.on(GetCommand, { Key: { PK: idempotency['PK'], SK: idempotency['SK'] } }).resolves({ Item: idempotency });

    // Act
    const again = await invoke(create(body, countyOffice, { 'Idempotency-Key': 'k-1' }));

    // Assess
    expect(again.status).toBe(201);
    expect(again.headers['Idempotent-Replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(sns).not.toHaveReceivedCommand(UnsubscribeCommand);
    expectNowhere(EMAIL, again);
  });
});

describe('SNS refusing a subscription', () => {
  it('answers 400 on body.endpoint, without quoting SNS or the endpoint, and writes nothing', async () => {
    // Prepare
    sns.on(SubscribeCommand).rejects(new InvalidParameterException({ message: `Invalid parameter: Email address ${EMAIL}`, $metadata: {} }));

    // Act
    const r = await invoke(create({ protocol: 'email', endpoint: EMAIL }));

    // Assess
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'validation-failed', errors: [{ path: 'body.endpoint', message: 'not accepted as a email endpoint' }] });
    expect(r.raw).not.toContain('Invalid parameter');
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expectNowhere(EMAIL, r);
  });

  it('answers 409 already-subscribed when the endpoint is subscribed with another filter', async () => {
    // Prepare
    sns.on(SubscribeCommand).rejects(new InvalidParameterException({ message: 'Invalid parameter: Attributes Reason: Subscription already exists with different attributes', $metadata: {} }));

    // Act
    const r = await invoke(create({ protocol: 'sms', endpoint: PHONE, filter: { minLevel: '3' } }));

    // Assess
    expect(r.status).toBe(409);
    expect(r.body!['code']).toBe('already-subscribed');
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expectNowhere(PHONE, r);
  });

  it('answers 500 without internals when SNS fails, and writes nothing', async () => {
    // Prepare
    sns.on(SubscribeCommand).rejects(new InternalErrorException({ message: `internal failure for ${EMAIL}`, $metadata: {} }));

    // Act
    const r = await invoke(create({ protocol: 'email', endpoint: EMAIL }));

    // Assess
    expect(r.status).toBe(500);
    expect(r.body!['detail']).toBeUndefined();
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expectNowhere(EMAIL, r);
  });
});

describe('validating a subscription', () => {
  it.each([
    ['email', 'officer.wang-at-example.org'],
    ['email', 'officer wang@example.org'],
    ['sms', '138-1234-5678'],
    ['sms', '12345'],
    ['https', 'http://hooks.example.org/alerts/9f8e7d'],
    ['https', 'ftp://hooks.example.org/alerts'],
  ])('refuses a bad %s endpoint with 400 on body.endpoint, without echoing it (%s)', async (protocol, endpoint) => {
    // Act
    const r = await invoke(create({ protocol, endpoint }));

    // Assess
    expect(r.status).toBe(400);
    expect(r.body!['code']).toBe('validation-failed');
    expect(r.body!['errors']).toEqual([{ path: 'body.endpoint', message: `not a valid ${protocol} endpoint` }]);
    expect(sns).not.toHaveReceivedAnyCommand();
    expect(ddb).not.toHaveReceivedAnyCommand();
    expectNowhere(endpoint, r);
  });

  it.each([
    ['an unknown protocol', { protocol: 'sqs', endpoint: EMAIL }, 'body.protocol'],
    ['a division prefix with letters', { protocol: 'email', endpoint: EMAIL, filter: { divisionPrefix: '11ab' } }, 'body.filter.divisionPrefix'],
    ['an unknown category', { protocol: 'email', endpoint: EMAIL, filter: { categories: ['weather'] } }, 'body.filter.categories.0'],
    ['a response level as minimum level', { protocol: 'email', endpoint: EMAIL, filter: { minLevel: 'II' } }, 'body.filter.minLevel'],
    ['an unknown filter field', { protocol: 'email', endpoint: EMAIL, filter: { area: '110105' } }, 'body.filter.area'],
  ])('refuses %s with 400 and touches neither SNS nor the table', async (_, body, path) => {
    const r = await invoke(create(body));
    expect(r.status).toBe(400);
    expect((r.body!['errors'] as { path: string }[]).map((e) => e.path)).toContain(path);
    expect(sns).not.toHaveReceivedAnyCommand();
    expect(ddb).not.toHaveReceivedAnyCommand();
    expectNowhere(EMAIL, r);
  });
});

describe('unsubscribing', () => {
  it('lets the owner delete: Unsubscribe on SNS, then the item removed under an owner condition with an audit item; 204', async () => {
    // Prepare
    ddb.on(GetCommand, { Key: keys.subscription(SUB_ID) }).resolves({ Item: storedItem() });
    ddb.on(TransactWriteCommand).resolves({});
    sns.on(UnsubscribeCommand).resolves({});

    // Act
    const r = await invoke(remove(SUB_ID));

    // Assess
    expect(r.status).toBe(204);
    expect(r.raw).toBe('');
    expect(sns).toHaveReceivedCommandWith(UnsubscribeCommand, { SubscriptionArn: SUB_ARN });
    const items = transactItems();
    expect(items).toHaveLength(2);
    expect(items[0]!.Delete).toMatchObject({
      Key: keys.subscription(SUB_ID),
      ConditionExpression: 'attribute_exists(PK) AND ownerSub = :owner',
      ExpressionAttributeValues: { ':owner': countyOffice.sub },
    });
    expect(items[1]!.Put!.Item).toMatchObject({ kind: 'audit', entity: 'subscription', entityId: SUB_ID, action: 'unsubscribe', from: 'pending-confirmation', to: 'deleted' });
  });

  it('answers 404 to anyone but the owner, touching neither SNS nor the table', async () => {
    // Prepare
    ddb.on(GetCommand, { Key: keys.subscription(SUB_ID) }).resolves({ Item: storedItem() });

    // Act
    const r = await invoke(remove(SUB_ID, otherCountyOffice));

    // Assess
    expect(r.status).toBe(404);
    expect(r.body!['code']).toBe('not-found');
    expect(sns).not.toHaveReceivedAnyCommand();
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers 404 for a subscription that does not exist', async () => {
    ddb.on(GetCommand).resolves({});
    const r = await invoke(remove(SUB_ID));
    expect(r.status).toBe(404);
    expect(sns).not.toHaveReceivedAnyCommand();
  });

  it('deletes the item when SNS no longer knows the subscription (a retry after a failed delete)', async () => {
    // Prepare
    ddb.on(GetCommand, { Key: keys.subscription(SUB_ID) }).resolves({ Item: storedItem() });
    ddb.on(TransactWriteCommand).resolves({});
    sns.on(UnsubscribeCommand).rejects(new NotFoundException({ message: 'Subscription does not exist', $metadata: {} }));

    // Act
    const r = await invoke(remove(SUB_ID));

    // Assess
    expect(r.status).toBe(204);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('keeps the item when SNS cannot unsubscribe, so the delete can be retried', async () => {
    // Prepare
    ddb.on(GetCommand, { Key: keys.subscription(SUB_ID) }).resolves({ Item: storedItem() });
    sns.on(UnsubscribeCommand).rejects(new InternalErrorException({ message: 'internal', $metadata: {} }));

    // Act
    const r = await invoke(remove(SUB_ID));

    // Assess
    expect(r.status).toBe(500);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });
});
