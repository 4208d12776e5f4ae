// The plans function with a mocked DynamoDB document client: what it writes in one transaction, and how injected
// SDK failures (cancelled transactions, throttling, unknown errors) and refused callers come back as problem+json.
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { routeList, type RouteName } from '../../shared/http/routes.ts';
import { handler } from '../../functions/plans/handler.ts';
import { keys } from '../../shared/store/keys.ts';
import { planHeadItem } from '../../shared/store/plans.ts';
import { apiEvent } from '../support/api-events.ts';
import { baseRequestOf, exampleWorld, missingBaseRequests } from '../support/base-requests.ts';
import { samplePlanBody } from '../support/bodies.ts';
import { auditor, citizen, countyOffice, officeWithoutDivision, orgMember } from '../support/callers.ts';
import { invoke as invokeHandler, type Reply } from '../support/invoke.ts';
import { mockTable, transactionCanceled } from '../support/mocked-sdk.ts';
import { PLAN_ID, plan, version } from '../support/plan-items.ts';

const { ddb, transactItems } = mockTable();
const TABLE = 'unit-test-table';

beforeEach(() => {
  ddb.reset();
});

const invoke = (event: APIGatewayProxyEvent): Promise<Reply> => invokeHandler(handler, 'plans', event);

/** A stored draft plan at rev 3, its head carrying version 1, as the repository reads it. */
function givenStoredDraft(): void {
  ddb.on(GetCommand, { Key: keys.planHead(PLAN_ID) }).resolves({ Item: planHeadItem(plan(), version()) });
}

const submit = (headers: Record<string, string> = {}) => apiEvent('transitionPlan', { params: { planId: PLAN_ID }, body: { action: 'submit' }, headers });
const revisedContent = { title: 'Flood emergency plan (revised)', responseLevels: { IV: { thresholds: { deaths: 1 }, measures: ['Open shelters'] } } };

describe('creating a plan', () => {
  it('answers 201 with Location and ETag "1" after one transaction of plan head, version 1 and audit', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const r = await invoke(apiEvent('createPlan', { body: samplePlanBody() }));

    // Assess
    expect(r.status).toBe(201);
    const planId = r.body['planId'] as string;
    expect(r.headers['Location']).toBe(`/v1/plans/${planId}`);
    expect(r.headers['ETag']).toBe('"1"');
    expect(r.headers['Content-Type']).toBe('application/json');
    expect(r.body).toMatchObject({ status: 'draft', latestVersion: 1, divisionCode: '110105', content: { version: 1, status: 'draft' } });
    expect(r.body).not.toHaveProperty('rev');
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(ddb).not.toHaveReceivedCommand(GetCommand);

    const items = transactItems();
    expect(items).toHaveLength(3);
    const [head, v1, audit] = items.map((i) => i.Put!);
    expect(head).toMatchObject({
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: { PK: `PLAN#${planId}`, SK: 'HEAD', kind: 'plan', rev: 1, status: 'draft', GSI1PK: 'PLANS#110105', GSI1SK: `draft#${planId}` },
    });
    expect(v1).toMatchObject({
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: { PK: `PLAN#${planId}`, SK: 'V#000001', kind: 'plan-version', version: 1, status: 'draft', createdBy: countyOffice.sub },
    });
    expect(audit).toMatchObject({
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: { PK: `PLAN#${planId}`, kind: 'audit', action: 'create', from: null, to: 'draft', actorSub: countyOffice.sub, actorDivision: '110105', division: '110105' },
    });
    expect(audit!.Item!['SK']).toMatch(/^AUDIT#/);
  });

  it('announces nothing for a draft: no outbox item in the transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    await invoke(apiEvent('createPlan', { body: samplePlanBody() }));
    const items = transactItems();
    expect(items.every((i) => i.Put !== undefined)).toBe(true);
    expect(items.map((i) => i.Put!.Item!['kind'])).toEqual(['plan', 'plan-version', 'audit']);
    expect(items.some((i) => String(i.Put!.Item!['PK']).startsWith('OUTBOX#'))).toBe(false);
  });

  it('writes the Idempotency-Key record as the last item of the same transaction', async () => {
    // Prepare
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const r = await invoke(apiEvent('createPlan', { body: samplePlanBody(), headers: { 'Idempotency-Key': 'create-flood-1' } }));

    // Assess
    expect(r.status).toBe(201);
    expect(r.headers['Idempotent-Replayed']).toBeUndefined();
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const items = transactItems();
    expect(items.map((i) => i.Put!.Item!['kind'])).toEqual(['plan', 'plan-version', 'audit', 'idempotency']);
    const idem = items[3]!.Put!;
    expect(idem).toMatchObject({
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
      Item: { ...keys.idempotency(`${countyOffice.sub}#createPlan#create-flood-1`), statusCode: 201, etag: 1 },
    });
    expect(JSON.parse(idem.Item!['responseBody'] as string)).toEqual(r.body);
  });
});

describe('a transaction cancelled on a transition', () => {
  it('answers 409 concurrent-modification when the plan item failed its rev condition and no If-Match was sent', async () => {
    // Prepare
    givenStoredDraft();
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None', 'None'));

    // Act
    const r = await invoke(submit());

    // Assess
    expect(r.status).toBe(409);
    expect(r.body['code']).toBe('concurrent-modification');
    expect(r.headers['Content-Type']).toBe('application/problem+json');
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(transactItems()[0]!.Put).toMatchObject({ ConditionExpression: expect.stringContaining('#rev = :rev'), ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':rev': 3 }, Item: { rev: 4, status: 'under-review' } });
  });

  it('answers 412 precondition-failed when the caller sent an If-Match that matched the rev it was read at', async () => {
    givenStoredDraft();
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None', 'None'));

    const r = await invoke(submit({ 'If-Match': '"3"' }));

    expect(r.status).toBe(412);
    expect(r.body['code']).toBe('precondition-failed');
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('answers 409 for a TransactionConflict, even with a matching If-Match: the precondition did not fail', async () => {
    givenStoredDraft();
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('TransactionConflict', 'None', 'None'));

    const r = await invoke(submit({ 'If-Match': '"3"' }));

    expect(r.status).toBe(409);
    expect(r.body['code']).toBe('concurrent-modification');
  });
});

describe('preconditions', () => {
  it('answers 412 to a stale If-Match without sending any transaction', async () => {
    givenStoredDraft();

    const r = await invoke(submit({ 'If-Match': '"2"' }));

    expect(r.status).toBe(412);
    expect(r.body['code']).toBe('precondition-failed');
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers 412 to a stale If-Match on PUT without sending any transaction', async () => {
    givenStoredDraft();

    const r = await invoke(apiEvent('revisePlan', { params: { planId: PLAN_ID }, body: revisedContent, headers: { 'If-Match': '"1"' } }));

    expect(r.status).toBe(412);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers 428 precondition-required to a PUT without If-Match, before any DynamoDB call', async () => {
    const r = await invoke(apiEvent('revisePlan', { params: { planId: PLAN_ID }, body: revisedContent }));

    expect(r.status).toBe(428);
    expect(r.body['code']).toBe('precondition-required');
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('revises with a matching If-Match: head conditioned on the read rev, new draft v2, old draft replaced', async () => {
    // Prepare
    givenStoredDraft();
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const r = await invoke(apiEvent('revisePlan', { params: { planId: PLAN_ID }, body: revisedContent, headers: { 'If-Match': '"3"' } }));

    // Assess
    expect(r.status).toBe(200);
    expect(r.headers['ETag']).toBe('"4"');
    expect(r.body).toMatchObject({ latestVersion: 2, title: 'Flood emergency plan (revised)', content: { version: 2, status: 'draft' } });
    const items = transactItems().map((i) => i.Put!);
    expect(items[0]).toMatchObject({ ConditionExpression: expect.stringContaining('#rev = :rev'), ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':rev': 3 }, Item: { rev: 4, latestVersion: 2 } });
    expect(items.slice(1, 3).map((p) => [p.Item!['SK'], p.Item!['status']])).toEqual([
      ['V#000002', 'draft'],
      ['V#000001', 'replaced'],
    ]);
    expect(items[3]!.Item).toMatchObject({ kind: 'audit', action: 'revise', from: 'v1:draft', to: 'v2:draft' });
  });
});

describe('throttling', () => {
  it('answers 503 with Retry-After when a read is throttled (ProvisionedThroughputExceededException)', async () => {
    ddb.on(GetCommand).rejects(new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded.', $metadata: {} }));

    const r = await invoke(apiEvent('getPlan', { params: { planId: PLAN_ID } }));

    expect(r.status).toBe(503);
    expect(r.body['code']).toBe('service-unavailable');
    expect(r.headers['Retry-After']).toMatch(/^\d+$/);
    expect(r.headers['Content-Type']).toBe('application/problem+json');
    expect(r.raw).not.toContain('provisioned throughput');
  });

  it('answers 503 when a list query is throttled (ThrottlingException)', async () => {
    ddb.on(QueryCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    const r = await invoke(apiEvent('listPlans'));

    expect(r.status).toBe(503);
    expect(r.headers['Retry-After']).toBeDefined();
    expect(r.headers['Content-Type']).toBe('application/problem+json');
  });

  it('answers 503, not 409, when the transaction was cancelled for throttling', async () => {
    givenStoredDraft();
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ThrottlingError', 'None', 'None'));

    const r = await invoke(submit());

    expect(r.status).toBe(503);
    expect(r.body['code']).toBe('service-unavailable');
    expect(r.headers['Retry-After']).toBeDefined();
  });
});

describe('unknown errors', () => {
  const leaky = () => new Error('connect ECONNREFUSED 10.0.0.1:443 table t-secret');

  it('answers 500 internal-error and shows no part of the message, no stack and no table name', async () => {
    // Prepare
    givenStoredDraft();
    ddb.on(TransactWriteCommand).rejects(leaky());

    // Act
    const r = await invoke(submit());

    // Assess
    expect(r.status).toBe(500);
    expect(r.headers['Content-Type']).toBe('application/problem+json');
    expect(r.body).toEqual({
      type: 'https://errors.emergency.example/internal-error',
      title: 'Internal error',
      status: 500,
      code: 'internal-error',
      requestId: expect.any(String),
    });
    for (const fragment of ['ECONNREFUSED', '10.0.0.1', ':443', 't-secret', TABLE, 'Error:', '    at ', '.ts:']) {
      expect(r.raw).not.toContain(fragment);
    }
  });

  it('answers 500 the same way when a read fails', async () => {
    ddb.on(GetCommand).rejects(leaky());

    const r = await invoke(apiEvent('getPlan', { params: { planId: PLAN_ID } }));

    expect(r.status).toBe(500);
    expect(r.body['code']).toBe('internal-error');
    expect(r.raw).not.toMatch(/ECONNREFUSED|10\.0\.0\.1|t-secret|unit-test-table/);
  });
});

describe('language of problem titles', () => {
  const unconditionalPut = (headers: Record<string, string>) => apiEvent('revisePlan', { params: { planId: PLAN_ID }, body: revisedContent, headers });

  it('titles in Chinese for Accept-Language zh-CN', async () => {
    const r = await invoke(unconditionalPut({ 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.5' }));
    expect(r.body['title']).toBe('需要 If-Match 请求头');
    expect(r.headers['Content-Language']).toBe('zh-CN');
  });

  it('titles in English when no language is asked for', async () => {
    const r = await invoke(unconditionalPut({}));
    expect(r.body['title']).toBe('If-Match is required');
    expect(r.headers['Content-Language']).toBe('en');
  });

  it('titles in English when English comes first', async () => {
    const r = await invoke(unconditionalPut({ 'Accept-Language': 'en-GB,zh-CN;q=0.8' }));
    expect(r.body['title']).toBe('If-Match is required');
  });

  it('titles a 500 in Chinese too, still without internals', async () => {
    ddb.on(GetCommand).rejects(new Error('connect ECONNREFUSED 10.0.0.1:443 table t-secret'));
    const r = await invoke(apiEvent('getPlan', { params: { planId: PLAN_ID }, headers: { 'Accept-Language': 'zh-CN' } }));
    expect(r.status).toBe(500);
    expect(r.body['title']).toBe('内部错误');
    expect(r.raw).not.toContain('ECONNREFUSED');
  });
});

describe('callers', () => {
  /** The base request of each plans route (test/support/base-requests.ts), so a refusal can only be about the caller. */
  const plansRoutes = routeList.filter((r) => r.fn === 'plans').map((r) => r.name as RouteName);
  const validInput = (name: string) => baseRequestOf(name, exampleWorld);

  it('has a base request for every route of the plans function', () => {
    expect(missingBaseRequests(plansRoutes)).toEqual([]);
  });

  it.each(plansRoutes)('%s refuses a citizen, an auditor and an organization with 403 forbidden-role before any DynamoDB call', async (name) => {
    for (const caller of [citizen, auditor, orgMember]) {
      const r = await invoke(apiEvent(name, { ...validInput(name), caller }));
      expect(r.status, `${caller.roles[0]}`).toBe(403);
      expect(r.body['code']).toBe('forbidden-role');
    }
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it.each(plansRoutes)('%s answers 401 to a request without claims, before any DynamoDB call', async (name) => {
    const r = await invoke(apiEvent(name, { ...validInput(name), caller: null }));
    expect(r.status).toBe(401);
    expect(r.body['code']).toBe('unauthenticated');
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('refuses an office token without a division with 403', async () => {
    const r = await invoke(apiEvent('listPlans', { caller: officeWithoutDivision }));
    expect(r.status).toBe(403);
    expect(r.body['code']).toBe('forbidden-role');
    expect(ddb).not.toHaveReceivedAnyCommand();
  });
});

describe('Idempotency-Key on create', () => {
  const KEY = 'flood-plan-2026';
  const scopeKey = keys.idempotency(`${countyOffice.sub}#createPlan#${KEY}`);

  /** The first request commits; the repeat's transaction fails on the idempotency item (the last one). */
  async function firstCreate() {
    ddb.on(TransactWriteCommand).resolvesOnce({}).rejects(transactionCanceled('None', 'None', 'None', 'ConditionalCheckFailed'));
    const first = await invoke(apiEvent('createPlan', { body: samplePlanBody(), headers: { 'Idempotency-Key': KEY } }));
    expect(first.status).toBe(201);
    const stored = transactItems(0)[3]!.Put!.Item!;
    ddb.on(GetCommand, { Key: scopeKey }).resolves({ Item: stored });
    return first;
  }

  it('replays the stored response to a repeat with the same body, marked Idempotent-Replayed', async () => {
    // Prepare
    const first = await firstCreate();

    // Act
    const again = await invoke(apiEvent('createPlan', { body: samplePlanBody(), headers: { 'Idempotency-Key': KEY } }));

    // Assess
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['Idempotent-Replayed']).toBe('true');
    expect(again.headers['ETag']).toBe(first.headers['ETag']);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
    expect(ddb).toHaveReceivedCommandExactlyOnceWith(GetCommand, { TableName: TABLE, Key: scopeKey, ConsistentRead: true });
  });

  it('replays the Location of the first 201 as well', async () => {
    const first = await firstCreate();

    const again = await invoke(apiEvent('createPlan', { body: samplePlanBody(), headers: { 'Idempotency-Key': KEY } }));

    expect(again.headers['Idempotent-Replayed']).toBe('true');
    expect(again.headers['Location']).toBe(first.headers['Location']);
  });

  it('answers 422 idempotency-key-reused to the same key with another body', async () => {
    await firstCreate();

    const other = await invoke(apiEvent('createPlan', { body: samplePlanBody({ title: 'Earthquake emergency plan' }), headers: { 'Idempotency-Key': KEY } }));

    expect(other.status).toBe(422);
    expect(other.body['code']).toBe('idempotency-key-reused');
    expect(other.headers['Idempotent-Replayed']).toBeUndefined();
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 1);
  });
});
