// The local SNS with the real @aws-sdk/client-sns, and the subscriptions function against DynamoDB Local and that
// SNS: the wire protocol, filter-policy delivery, injected publish failures, and nothing half-made when a write fails.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishCommand, SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { localSink, type LocalSink } from '../../infra/local/sink.ts';
import { startSnsLocal, type SnsLocal } from '../../infra/local/sns-local.ts';
import type { Alert } from '../../shared/alerts/outbox.ts';
import { snsPublisher } from '../../shared/alerts/sns.ts';
import { resetSnsClientForTests, snsClient } from '../../shared/alerts/sns-client.ts';
import { apiEvent, cityOffice, countyOffice, type Caller } from '../support/api-events.ts';
import { useLocalTable, type TestTable } from '../support/local-table.ts';

const TOPIC = 'arn:aws:sns:cn-north-1:000000000000:erp-it-alerts';
let sns: SnsLocal;
let sink: LocalSink;
let table: TestTable;
let handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
let client: SNSClient;
const lines: string[] = [];

beforeAll(async () => {
  sink = localSink((l) => lines.push(l));
  sns = await startSnsLocal({ topicArns: [TOPIC], listener: sink });
  process.env['SNS_ENDPOINT'] = sns.endpoint;
  process.env['TOPIC_ARN'] = TOPIC;
  resetSnsClientForTests();
  table = await useLocalTable();
  ({ handler } = await import('../../functions/subscriptions/handler.ts'));
  client = new SNSClient({ region: 'cn-north-1', endpoint: sns.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 });
});
afterAll(async () => {
  client.destroy();
  resetSnsClientForTests();
  await sns.stop();
});

async function call(name: 'createSubscription' | 'deleteSubscription', input: { body?: unknown; params?: Record<string, string>; caller?: Caller; headers?: Record<string, string> }) {
  const r = await handler(apiEvent(name, input), lambdaContext('subscriptions'));
  return { status: r.statusCode, headers: (r.headers ?? {}) as Record<string, string>, body: r.body ? JSON.parse(r.body) : undefined, raw: r.body ?? '' };
}

/** A unique address per test, so tests do not meet in the shared local SNS. */
const email = () => `w${randomUUID().slice(0, 8)}@example.org`;

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

const deliveredTo = (subscriptionId: string, eventId: string) => sink.deliveries.filter((d) => d.subscriptionId === subscriptionId && d.alert.eventId === eventId);

describe('the local SNS speaks the Query protocol of @aws-sdk/client-sns', () => {
  it('answers Subscribe, Publish and Unsubscribe with parsed results and the request id header', async () => {
    // Act
    const subscribed = await client.send(
      new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'sms', Endpoint: '13800000001', Attributes: { FilterPolicy: '{"level":["1"]}', FilterPolicyScope: 'MessageAttributes' }, ReturnSubscriptionArn: true }),
    );
    const published = await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'a & <b> "c"', MessageAttributes: { level: { DataType: 'String', StringValue: '1' } } }));
    const unsubscribed = await client.send(new UnsubscribeCommand({ SubscriptionArn: subscribed.SubscriptionArn! }));

    // Assess
    expect(subscribed.SubscriptionArn).toMatch(new RegExp(`^${TOPIC}:[0-9a-f-]{36}$`));
    expect(subscribed.$metadata.httpStatusCode).toBe(200);
    expect(subscribed.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(published.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(unsubscribed.$metadata.httpStatusCode).toBe(200);
    expect(sns.subscriptions().some((s) => s.subscriptionArn === subscribed.SubscriptionArn)).toBe(false);
  });

  it('answers "pending confirmation" for an e-mail subscription unless the ARN is asked for, as SNS does', async () => {
    const r = await client.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: email() }));
    expect(r.SubscriptionArn).toBe('pending confirmation');
  });

  it('returns the existing subscription for the same endpoint and attributes, and refuses other attributes', async () => {
    // Prepare
    const endpoint = email();
    const first = await client.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: endpoint, Attributes: { FilterPolicy: '{"category":["accident"]}' }, ReturnSubscriptionArn: true }));

    // Act
    const same = await client.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: endpoint, Attributes: { FilterPolicy: '{"category": ["accident"]}' }, ReturnSubscriptionArn: true }));
    const other = client.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'email', Endpoint: endpoint, Attributes: { FilterPolicy: '{"category":["public-health"]}' }, ReturnSubscriptionArn: true }));

    // Assess
    expect(same.SubscriptionArn).toBe(first.SubscriptionArn);
    await expect(other).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('already exists with different attributes') });
  });

  it.each([
    ['an unknown topic', { TopicArn: `${TOPIC}-other`, Protocol: 'email', Endpoint: 'x@example.org' }, 'NotFoundException'],
    ['a bad e-mail address', { TopicArn: TOPIC, Protocol: 'email', Endpoint: 'x-at-example.org' }, 'InvalidParameterException'],
    ['an http (not https) endpoint', { TopicArn: TOPIC, Protocol: 'https', Endpoint: 'http://x.example.org/hook' }, 'InvalidParameterException'],
    ['a protocol it does not serve', { TopicArn: TOPIC, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:cn-north-1:000000000000:q' }, 'InvalidParameterException'],
    ['a numeric filter policy it cannot evaluate', { TopicArn: TOPIC, Protocol: 'sms', Endpoint: '13800000002', Attributes: { FilterPolicy: '{"level":[{"numeric":["<",3]}]}' } }, 'InvalidParameterException'],
    ['the MessageBody scope', { TopicArn: TOPIC, Protocol: 'sms', Endpoint: '13800000003', Attributes: { FilterPolicy: '{"level":["1"]}', FilterPolicyScope: 'MessageBody' } }, 'InvalidParameterException'],
  ])('refuses to subscribe with %s as SNS errors the SDK knows, never quoting the endpoint', async (_, input, name) => {
    const err = (await client.send(new SubscribeCommand(input)).catch((e: unknown) => e)) as Error & { $metadata: { requestId?: string } };
    expect(err.name).toBe(name);
    expect(err.message).not.toContain(input.Endpoint);
    expect(err.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('treats unsubscribing twice as done, as the subscription is gone either way', async () => {
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'sms', Endpoint: '13800000004', ReturnSubscriptionArn: true }));
    await client.send(new UnsubscribeCommand({ SubscriptionArn }));
    await expect(client.send(new UnsubscribeCommand({ SubscriptionArn }))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });

  it('makes the next N publishes fail with 500, which the SDK retries: two failures are absorbed, three reach the caller', async () => {
    // Prepare
    const publisher = snsPublisher(client, TOPIC);
    const absorbed = alert();
    const failed = alert();

    // Act
    sns.failNextPublishes(2);
    await publisher.publish(absorbed);
    sns.failNextPublishes(3);
    const err = (await publisher.publish(failed).catch((e: unknown) => e)) as Error & { $metadata: { attempts?: number; httpStatusCode?: number } };

    // Assess
    expect(sink.alerts.filter((a) => a.eventId === absorbed.eventId)).toHaveLength(1);
    expect(err.name).toBe('InternalErrorException');
    expect(err.$metadata.httpStatusCode).toBe(500);
    expect(err.$metadata.attempts).toBe(3);
    expect(sink.alerts.some((a) => a.eventId === failed.eventId)).toBe(false);
  });
});

describe('subscriptions against DynamoDB Local and the local SNS', () => {
  it('subscribes with the filter policy, stores only the masked endpoint, delivers what matches and stops after deletion', async () => {
    // Prepare
    const endpoint = email();

    // Act: subscribe
    const created = await call('createSubscription', { body: { protocol: 'email', endpoint, filter: { divisionPrefix: '1101', minLevel: '2' } } });

    // Assess: the SNS subscription carries the policy; the table only the masked endpoint
    expect(created.status).toBe(201);
    const id = created.body.subscriptionId as string;
    const inSns = sns.subscriptions().find((s) => s.subscriptionArn.endsWith(`:${id}`))!;
    expect(inSns).toMatchObject({ topicArn: TOPIC, protocol: 'email', endpoint });
    expect(JSON.parse(inSns.filterPolicy!)).toEqual({ division: [{ prefix: '1101' }], level: ['1', '2', 'I', 'II'] });
    const items = await table.partition(`SUB#${id}`);
    expect(items.map((i) => i['kind']).sort()).toEqual(['audit', 'subscription']);
    expect(items.find((i) => i['kind'] === 'subscription')).toMatchObject({ endpoint: `${endpoint[0]}***@example.org`, ownerSub: countyOffice.sub, subscriptionArn: inSns.subscriptionArn });
    expect(JSON.stringify(await table.all())).not.toContain(endpoint);

    // Act: alerts through the relay's publisher on the process's SNS client
    const publisher = snsPublisher(snsClient(), TOPIC);
    const severe = alert({ level: '1' });
    const minor = alert({ level: '4' });
    const elsewhere = alert({ level: '1', division: '120101' });
    for (const a of [severe, minor, elsewhere]) await publisher.publish(a);

    // Assess
    expect(deliveredTo(id, severe.eventId)).toHaveLength(1);
    expect(deliveredTo(id, minor.eventId)).toHaveLength(0);
    expect(deliveredTo(id, elsewhere.eventId)).toHaveLength(0);
    expect(lines).toContain(`  -> subscription ${id} (email, ${endpoint[0]}***@example.org)`);
    expect(lines.join('\n')).not.toContain(endpoint);

    // Act: delete
    const deleted = await call('deleteSubscription', { params: { subscriptionId: id } });
    const after = alert({ level: '1' });
    await publisher.publish(after);

    // Assess
    expect(deleted.status).toBe(204);
    expect(sns.subscriptions().some((s) => s.subscriptionArn === inSns.subscriptionArn)).toBe(false);
    expect(deliveredTo(id, after.eventId)).toHaveLength(0);
    const left = await table.partition(`SUB#${id}`);
    expect(left.map((i) => [i['kind'], i['action']])).toEqual(expect.arrayContaining([['audit', 'subscribe'], ['audit', 'unsubscribe']]));
    expect(left.some((i) => i['kind'] === 'subscription')).toBe(false);
  });

  it('answers 404 to another caller deleting, and leaves the SNS subscription and the item in place', async () => {
    // Prepare
    const created = await call('createSubscription', { body: { protocol: 'sms', endpoint: '13900000001' } });
    const id = created.body.subscriptionId as string;

    // Act
    const r = await call('deleteSubscription', { params: { subscriptionId: id }, caller: cityOffice });

    // Assess
    expect(r.status).toBe(404);
    expect(sns.subscriptions().some((s) => s.subscriptionArn.endsWith(`:${id}`))).toBe(true);
    expect((await table.partition(`SUB#${id}`)).some((i) => i['kind'] === 'subscription')).toBe(true);
  });

  it('removes the SNS subscription again when the transaction fails: an Idempotency-Key reused with another endpoint', async () => {
    // Prepare
    const first = email();
    const second = email();
    const key = `k-${randomUUID()}`;
    const ok = await call('createSubscription', { body: { protocol: 'email', endpoint: first }, headers: { 'Idempotency-Key': key } });
    expect(ok.status).toBe(201);
    const before = await table.all();

    // Act
    const r = await call('createSubscription', { body: { protocol: 'email', endpoint: second }, headers: { 'Idempotency-Key': key } });

    // Assess: refused, nothing of the second left in SNS or the table; the first untouched
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('idempotency-key-reused');
    expect(sns.subscriptions().some((s) => s.endpoint === second)).toBe(false);
    expect(sns.subscriptions().some((s) => s.endpoint === first)).toBe(true);
    expect(await table.all()).toHaveLength(before.length);
    expect(r.raw).not.toContain(second);
  });

  it('replays a retry with the same Idempotency-Key and keeps the one SNS subscription it made', async () => {
    // Prepare
    const endpoint = email();
    const key = `k-${randomUUID()}`;
    const body = { protocol: 'email', endpoint, filter: { categories: ['public-health'] } };
    const first = await call('createSubscription', { body, headers: { 'Idempotency-Key': key } });

    // Act
    const again = await call('createSubscription', { body, headers: { 'Idempotency-Key': key } });

    // Assess
    expect(again.status).toBe(201);
    expect(again.headers['Idempotent-Replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(sns.subscriptions().filter((s) => s.endpoint === endpoint)).toHaveLength(1);
  });

  it('answers 409 when the endpoint is already subscribed with the same filter, and keeps the first subscription working', async () => {
    // Prepare
    const endpoint = email();
    const body = { protocol: 'email', endpoint, filter: { categories: ['accident'] } };
    const first = await call('createSubscription', { body });
    const id = first.body.subscriptionId as string;

    // Act
    const same = await call('createSubscription', { body, caller: cityOffice });
    const other = await call('createSubscription', { body: { ...body, filter: { categories: ['public-health'] } }, caller: cityOffice });
    const a = alert({ category: 'accident', level: '3' });
    await snsPublisher(snsClient(), TOPIC).publish(a);

    // Assess
    expect(same.status).toBe(409);
    expect(same.body.code).toBe('already-subscribed');
    expect(other.status).toBe(409);
    expect(deliveredTo(id, a.eventId)).toHaveLength(1);
    expect((await table.partition(`SUB#${id}`)).find((i) => i['kind'] === 'subscription')).toMatchObject({ ownerSub: countyOffice.sub });
  });
});

describe('the local SNS across a restart', () => {
  it('keeps its subscriptions in the state file and delivers to them after starting again', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'erp-sns-'));
    const stateFile = join(dir, 'sns-subscriptions.json');
    const recorded = localSink(() => undefined);
    try {
      const one = await startSnsLocal({ topicArns: [TOPIC], stateFile, listener: localSink(() => undefined) });
      const c1 = new SNSClient({ region: 'cn-north-1', endpoint: one.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      const { SubscriptionArn } = await c1.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: 'sms', Endpoint: '13700000001', Attributes: { FilterPolicy: '{"level":["1"]}' }, ReturnSubscriptionArn: true }));
      c1.destroy();
      await one.stop();

      // Act
      const two = await startSnsLocal({ topicArns: [TOPIC], stateFile, listener: recorded });
      const c2 = new SNSClient({ region: 'cn-north-1', endpoint: two.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      await snsPublisher(c2, TOPIC).publish(alert({ level: '1' }));
      await snsPublisher(c2, TOPIC).publish(alert({ level: '2' }));
      c2.destroy();
      await two.stop();

      // Assess
      expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual([expect.objectContaining({ subscriptionArn: SubscriptionArn })]);
      expect(recorded.deliveries.map((d) => d.alert.level)).toEqual(['1']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
