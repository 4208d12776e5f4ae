// The outbox relay Lambda with mocked SNS and DynamoDB: one publication per outbox INSERT, the ledger mark after it,
// and a failed record reported (with everything after it left for the retry). Also the contract of events/api/*.json.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { mockClient } from 'aws-sdk-client-mock';
import { GetSubscriptionAttributesCommand, PublishCommand, SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { ConditionalCheckFailedException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEvent, Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { z } from 'zod';
import { matchPath, routeList } from '../../shared/http/routes.ts';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { keys } from '../../shared/store/keys.ts';
import { handlerOf, invoke } from '../support/invoke.ts';

const TOPIC_ARN = 'arn:aws-cn:sns:cn-north-1:000000000000:emergency-alerts';
const TABLE = 'unit-test-table';

const sns = mockClient(SNSClient);
const ddb = mockClient(DynamoDBDocumentClient);

let relay: (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

beforeAll(async () => {
  // The relay reads TOPIC_ARN once, at import; the subscriptions function keys its endpoint index with the local key file.
  vi.stubEnv('TOPIC_ARN', TOPIC_ARN);
  vi.stubEnv('LOCAL_DATA_DIR', mkdtempSync(join(tmpdir(), 'erp-relay-keys-')));
  ({ handler: relay } = await import('../../functions/outbox-relay/handler.ts'));
});
afterAll(() => {
  vi.unstubAllEnvs();
});
beforeEach(() => {
  sns.reset();
  ddb.reset();
});

const sample = JSON.parse(readFileSync('events/stream/outbox-insert.json', 'utf8')) as DynamoDBStreamEvent;

function record(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', image: Record<string, unknown> | undefined, sequenceNumber: string): DynamoDBRecord {
  const key = image ? { PK: image['PK'], SK: image['SK'] } : { PK: 'OUTBOX#gone', SK: 'OUTBOX' };
  return {
    eventID: `evt-${sequenceNumber}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'cn-north-1',
    dynamodb: {
      Keys: marshall(key) as Record<string, AttributeValue> as never,
      ...(image ? { NewImage: marshall(image, { removeUndefinedValues: true }) as never } : {}),
      SequenceNumber: sequenceNumber,
      SizeBytes: 300,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

function outboxItem(eventId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...keys.outbox(eventId),
    kind: 'outbox',
    eventId,
    type: 'plan.filed',
    division: '110105',
    category: 'natural-disaster',
    level: 'none',
    payload: { planId: '3f7d2c1e-5b6a-4c8d-9e0f-112233445566', version: 1 },
    createdAt: '2026-11-26T08:00:00.000Z',
    ...overrides,
  };
}

const publishedEventIds = () => sns.commandCalls(PublishCommand).map((c) => (JSON.parse(c.args[0].input.Message!) as { eventId: string }).eventId);

describe('outbox relay', () => {
  it('publishes the sample outbox INSERT once with type, division, category and level attributes, then marks it published', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: { ...keys.outbox('0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4') } });
    ddb.on(UpdateCommand).resolves({});
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

    // Act
    const r = await relay(sample, lambdaContext('outbox-relay'));

    // Assess
    expect(r).toEqual({ batchItemFailures: [] });
    expect(sns).toHaveReceivedCommandExactlyOnceWith(PublishCommand, {
      TopicArn: TOPIC_ARN,
      MessageAttributes: {
        type: { DataType: 'String', StringValue: 'plan.published' },
        division: { DataType: 'String', StringValue: '110105' },
        category: { DataType: 'String', StringValue: 'natural-disaster' },
        level: { DataType: 'String', StringValue: 'none' },
        exercise: { DataType: 'String', StringValue: 'false' },
      },
    });
    const message = JSON.parse(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!);
    expect(message).toEqual({
      eventId: '0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4',
      type: 'plan.published',
      division: '110105',
      category: 'natural-disaster',
      level: 'none',
      payload: { planId: '3f7d2c1e-5b6a-4c8d-9e0f-112233445566', version: 1, title: 'Chaoyang District flood emergency plan', filingDueDate: '2026-12-24' },
      createdAt: '2026-11-26T08:00:00.000Z',
    });
    expect(ddb).toHaveReceivedCommandExactlyOnceWith(UpdateCommand, {
      TableName: TABLE,
      Key: keys.outbox('0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4'),
      UpdateExpression: 'SET publishedAt = :at',
      ConditionExpression: 'attribute_exists(PK)',
    });
    const at = ddb.commandCalls(UpdateCommand)[0]!.args[0].input.ExpressionAttributeValues![':at'];
    expect(Number.isNaN(Date.parse(at as string))).toBe(false);
    // Marked only after SNS accepted it: a crash in between republishes rather than loses the alert.
    expect(sns.commandCalls(PublishCommand)[0]!.calledBefore(ddb.commandCalls(UpdateCommand)[0]!)).toBe(true);
  });

  it('looks the event up in the ledger with a consistent read before publishing', async () => {
    ddb.on(GetCommand).resolves({});
    sns.on(PublishCommand).resolves({});

    await relay(sample, lambdaContext('outbox-relay'));

    expect(ddb).toHaveReceivedCommandExactlyOnceWith(GetCommand, { TableName: TABLE, Key: keys.outbox('0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4'), ConsistentRead: true });
    expect(ddb.commandCalls(GetCommand)[0]!.calledBefore(sns.commandCalls(PublishCommand)[0]!)).toBe(true);
  });

  it('skips records that are not outbox INSERTs, touching neither SNS nor the table', async () => {
    // Prepare: the relay's own publishedAt update, a TTL expiry, a plan item, and an insert seen keys-only.
    const keysOnly = record('INSERT', outboxItem('ev-keys-only'), '500');
    delete keysOnly.dynamodb!.NewImage;
    const records = [
      record('MODIFY', outboxItem('ev-1', { publishedAt: '2026-11-26T08:00:01.000Z' }), '100'),
      record('REMOVE', undefined, '200'),
      record('INSERT', { ...keys.planHead('3f7d2c1e-5b6a-4c8d-9e0f-112233445566'), kind: 'plan', status: 'draft', division: '110105' }, '300'),
      record('INSERT', { ...keys.audit('PLAN#3f7d2c1e-5b6a-4c8d-9e0f-112233445566', '2026-11-26T08:00:00.000Z', 'a-1'), kind: 'audit', action: 'publish' }, '400'),
      keysOnly,
    ];

    // Act
    const r = await relay({ Records: records }, lambdaContext('outbox-relay'));

    // Assess
    expect(r).toEqual({ batchItemFailures: [] });
    expect(sns).not.toHaveReceivedAnyCommand();
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('does not publish an event the ledger already marks as published (a redelivered record)', async () => {
    ddb.on(GetCommand).resolves({ Item: { publishedAt: '2026-11-26T08:00:01.000Z' } });

    const r = await relay(sample, lambdaContext('outbox-relay'));

    expect(r).toEqual({ batchItemFailures: [] });
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('reports exactly the record whose publication failed and leaves the ones after it for the retry', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    sns
      .on(PublishCommand)
      .resolvesOnce({ MessageId: 'm-1' })
      .rejectsOnce(Object.assign(new Error('Service unavailable'), { name: 'InternalErrorException' }))
      .resolves({ MessageId: 'm-3' });
    const records = [record('INSERT', outboxItem('ev-1'), '100'), record('INSERT', outboxItem('ev-2'), '200'), record('INSERT', outboxItem('ev-3'), '300')];

    // Act
    const r = await relay({ Records: records }, lambdaContext('outbox-relay'));

    // Assess
    expect(r).toEqual({ batchItemFailures: [{ itemIdentifier: '200' }] });
    expect(publishedEventIds()).toEqual(['ev-1', 'ev-2']);
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, { Key: keys.outbox('ev-1') });
    expect(ddb.commandCalls(GetCommand).map((c) => c.args[0].input.Key)).toEqual([keys.outbox('ev-1'), keys.outbox('ev-2')]);
  });

  it('reports the record when the ledger cannot be read, without publishing it', async () => {
    ddb.on(GetCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    sns.on(PublishCommand).resolves({});

    const r = await relay({ Records: [record('INSERT', outboxItem('ev-1'), '100'), record('INSERT', outboxItem('ev-2'), '200')] }, lambdaContext('outbox-relay'));

    expect(r).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
    expect(sns).not.toHaveReceivedAnyCommand();
  });

  it('counts an alert whose outbox item has already expired as published: nothing is left to mark', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    sns.on(PublishCommand).resolves({});

    const r = await relay({ Records: [record('INSERT', outboxItem('ev-1'), '100'), record('INSERT', outboxItem('ev-2'), '200')] }, lambdaContext('outbox-relay'));

    expect(r).toEqual({ batchItemFailures: [] });
    expect(publishedEventIds()).toEqual(['ev-1', 'ev-2']);
  });

  it('reports the record when marking it published fails for another reason', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(UpdateCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }));
    sns.on(PublishCommand).resolves({});

    const r = await relay({ Records: [record('INSERT', outboxItem('ev-1'), '100'), record('INSERT', outboxItem('ev-2'), '200')] }, lambdaContext('outbox-relay'));

    expect(r).toEqual({ batchItemFailures: [{ itemIdentifier: '100' }] });
    expect(publishedEventIds()).toEqual(['ev-1']);
  });

  it('carries a warning level through as the level attribute subscriptions filter on', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    sns.on(PublishCommand).resolves({});

    await relay({ Records: [record('INSERT', outboxItem('ev-w', { type: 'warning.issued', category: 'natural-disaster', level: '2', division: '110100' }), '100')] }, lambdaContext('outbox-relay'));

    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      MessageAttributes: {
        type: { DataType: 'String', StringValue: 'warning.issued' },
        division: { DataType: 'String', StringValue: '110100' },
        category: { DataType: 'String', StringValue: 'natural-disaster' },
        level: { DataType: 'String', StringValue: '2' },
        exercise: { DataType: 'String', StringValue: 'false' },
      },
    });
  });

  it("publishes an event's own attributes (org of a deployment request, exercise of a drill) as message attributes subscriptions filter on", async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    sns.on(PublishCommand).resolves({});

    await relay(
      {
        Records: [
          record('INSERT', outboxItem('ev-d', { type: 'deployment.requested', category: 'accident', attributes: { org: 'org-0001' } }), '100'),
          record('INSERT', outboxItem('ev-x', { type: 'warning.issued', level: '3', attributes: { exercise: 'true', 'AWS.forged': 'x', type: 'forged' } }), '200'),
        ],
      },
      lambdaContext('outbox-relay'),
    );

    const [deployment, exercise] = sns.commandCalls(PublishCommand).map((c) => c.args[0].input.MessageAttributes);
    expect(deployment).toMatchObject({ org: { DataType: 'String', StringValue: 'org-0001' }, exercise: { DataType: 'String', StringValue: 'false' } });
    // Our own attributes win over an event's, and names SNS reserves are never sent.
    expect(exercise).toMatchObject({ type: { StringValue: 'warning.issued' }, exercise: { StringValue: 'true' } });
    expect(exercise).not.toHaveProperty(['AWS.forged']);
    expect(JSON.parse(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!)).toMatchObject({ attributes: { org: 'org-0001' } });
  });
});

describe('sample API events (events/api/*.json)', () => {
  const dir = 'events/api';
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

  const stringMap = z.record(z.string(), z.string());
  /** The REST API (v1) proxy event as API Gateway sends it with a Cognito user-pool authorizer. */
  const proxyEvent = z
    .object({
      resource: z.string().startsWith('/v1/'),
      path: z.string().startsWith('/v1/'),
      httpMethod: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
      headers: stringMap,
      multiValueHeaders: z.record(z.string(), z.array(z.string())),
      queryStringParameters: stringMap.nullable(),
      multiValueQueryStringParameters: z.record(z.string(), z.array(z.string())).nullable(),
      pathParameters: stringMap.nullable(),
      stageVariables: stringMap.nullable(),
      body: z.string().nullable(),
      isBase64Encoded: z.boolean(),
      requestContext: z.object({
        accountId: z.string().regex(/^\d{12}$/),
        apiId: z.string().min(1),
        authorizer: z.object({ claims: stringMap }).nullable(),
        httpMethod: z.string(),
        identity: z.object({ sourceIp: z.string().min(1) }).loose(),
        path: z.string(),
        protocol: z.string(),
        requestId: z.string().min(1),
        requestTimeEpoch: z.number().int(),
        resourceId: z.string(),
        resourcePath: z.string(),
        stage: z.string().min(1),
      }).loose(),
    })
    .strict();

  const load = (file: string) => JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as APIGatewayProxyEvent;

  it('has exactly one sample event per route, named after it', () => {
    expect(files).toEqual(routeList.map((r) => `${r.name}.json`).sort());
  });

  it.each(files)('%s is an API Gateway proxy event for its route, with what the route demands', (file) => {
    // Prepare
    const event = load(file);
    const parsed = proxyEvent.safeParse(event);
    expect(parsed.error?.issues ?? []).toEqual([]);

    // Act
    const route = routeList.find((r) => r.path === event.resource && r.method === event.httpMethod);

    // Assess
    expect(route, `${event.httpMethod} ${event.resource}`).toBeDefined();
    expect(`${route!.name}.json`).toBe(file);
    expect(event.requestContext.httpMethod).toBe(event.httpMethod);
    expect(event.requestContext.resourcePath).toBe(event.resource);
    // The path the caller used: with the stage on API Gateway's own domain, without it behind a custom domain (local host).
    expect([event.path, `/${event.requestContext.stage}${event.path}`]).toContain(event.requestContext.path);
    const params = matchPath(event.resource, event.path);
    expect(params).toBeDefined();
    expect(event.pathParameters ?? {}).toEqual(params);
    for (const [name, value] of Object.entries(event.headers)) expect(event.multiValueHeaders[name]).toContain(value);
    if (route!.auth === 'public') expect(event.requestContext.authorizer).toBeNull();
    else expect(event.requestContext.authorizer?.['claims']?.['sub']).toBeTruthy();
    if (route!.body) expect(route!.body.safeParse(JSON.parse(event.body!)).success).toBe(true);
    else expect(event.body).toBeNull();
    if (route!.params) expect(route!.params.safeParse(event.pathParameters).success).toBe(true);
    if (route!.ifMatch === 'required') expect(event.headers['If-Match']).toMatch(/^"\d+"$/);
  });

  it.each(files)("%s is served by its route's function and reaches the use case", async (file) => {
    // Prepare: an empty table that accepts every write.
    ddb.on(GetCommand).resolves({});
    ddb.on(BatchGetCommand).resolves({ Responses: {} });
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).resolves({});
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: `${TOPIC_ARN}:6b0e71bd-7e97-4d97-80ce-4a0994e55286` });
    sns.on(GetSubscriptionAttributesCommand).resolves({ Attributes: { PendingConfirmation: 'true' } });
    sns.on(UnsubscribeCommand).resolves({});
    const event = load(file);
    const route = routeList.find((r) => r.path === event.resource && r.method === event.httpMethod)!;

    // Act (a success is checked against the route's response schema)
    const r = await invoke(await handlerOf(route.fn), route.fn, event);

    // Assess: the route's success status, or the use case's own 404 for a record that is not in the table (read by
    // GetItem, or with its roster by BatchGetItem).
    if (r.status === 404) {
      expect(r.body?.code).toBe('not-found');
      expect(ddb.commandCalls(GetCommand).length + ddb.commandCalls(BatchGetCommand).length).toBeGreaterThan(0);
    } else expect(r.status).toBe(route.response.status);
  });
});
