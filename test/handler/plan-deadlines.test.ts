// The daily filing-deadline sweep with mocked Query/Get/TransactWrite: plans published but not filed within 20 working
// days (rule 23) are flagged once, with an audit item and a 'plan.filing-overdue' announcement in the same transaction.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { sweepFilingDeadlines } from '../../functions/plan-deadlines/sweep.ts';
import { handler } from '../../functions/plan-deadlines/handler.ts';
import type { Plan } from '../../shared/domain/plan.ts';
import { keys } from '../../shared/store/keys.ts';
import { planHeadItem } from '../../shared/store/plans.ts';
import { mockTable, transactionCanceled } from '../support/mocked-sdk.ts';
import { PLAN_ID, plan, version } from '../support/plan-items.ts';

const TABLE = 'unit-test-table';
const { ddb, transactItems } = mockTable();
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'cn-north-1' }));

/** 2026-11-26 09:00 in China Standard Time. */
const NOW = new Date('2026-11-26T01:00:00Z');
const OTHER_ID = '9d8c7b6a-5f4e-4d3c-8b2a-190817161514';

beforeEach(() => {
  ddb.reset();
});

/** Published on 2026-10-23, due 2026-11-20 (20 working days), not filed. */
function publishedUnfiled(overrides: Partial<Plan> = {}): Plan {
  return plan({
    status: 'published',
    inForceVersion: 1,
    firstPublishedAt: '2026-10-23T02:00:00.000Z',
    filing: { version: 1, to: { body: 'lead-department', division: '110100' }, dueDate: '2026-11-20' },
    rev: 5,
    ...overrides,
  });
}

/** The head item of a plan whose version 1 is its latest, as the repository stores it. */
const storedHead = (p: Plan) => planHeadItem(p, version({ planId: p.planId, status: 'published' }));

function trackerItem(p: Plan) {
  return { ...keys.planFiling(p.planId), kind: 'plan-filing', planId: p.planId, dueDate: p.filing!.dueDate, ...keys.gsi.filing('PENDING', p.filing!.dueDate, p.planId) };
}

function givenPending(...plans: Plan[]): void {
  ddb.on(QueryCommand).resolves({ Items: plans.map(trackerItem) });
  for (const p of plans) ddb.on(GetCommand, { Key: keys.planHead(p.planId) }).resolves({ Item: storedHead(p) });
}


describe('filing-deadline sweep (rule 23)', () => {
  it('flags a plan past its due date and unfiled: rev-conditioned head, OVERDUE tracker, audit and outbox in one transaction', async () => {
    // Prepare
    givenPending(publishedUnfiled());

    // Act
    const r = await sweepFilingDeadlines(db, TABLE, NOW, 'run-1');

    // Assess
    expect(r).toEqual({ checked: 1, flagged: 1, conflicts: 0 });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: TABLE,
      IndexName: 'GSI1',
      ExpressionAttributeValues: { ':pk': 'PLANFILING#PENDING', ':sk': '2026-11-26' },
    });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const [head, tracker, audit, outbox] = transactItems().map((i) => i.Put!);
    expect(transactItems()).toHaveLength(4);
    expect(head).toMatchObject({
      TableName: TABLE,
      ConditionExpression: expect.stringContaining('#rev = :rev'),
      ExpressionAttributeNames: { '#rev': 'rev' },
      ExpressionAttributeValues: { ':rev': 5 },
      Item: { ...keys.planHead(PLAN_ID), rev: 6, filing: { dueDate: '2026-11-20', overdueAlertedAt: NOW.toISOString() } },
    });
    expect(tracker!.Item).toMatchObject({ ...keys.planFiling(PLAN_ID), ...keys.gsi.filing('OVERDUE', '2026-11-20', PLAN_ID) });
    expect(audit!.Item).toMatchObject({
      kind: 'audit',
      action: 'flag-filing-overdue',
      from: 'filing-pending',
      to: 'filing-overdue',
      actorKind: 'job',
      actorSub: 'job:plan-deadlines',
      requestId: 'run-1',
      division: '110105',
    });
    expect(outbox).toMatchObject({
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: {
        kind: 'outbox',
        type: 'plan.filing-overdue',
        division: '110105',
        category: 'natural-disaster',
        level: 'none',
        payload: { planId: PLAN_ID, version: 1, filingDueDate: '2026-11-20' },
      },
    });
    expect(String(outbox!.Item!['PK'])).toMatch(/^OUTBOX#/);
  });

  it('flags a plan once: the next run reads the alerted plan and writes nothing', async () => {
    // Prepare: the first run flags it; the second run reads back what the first one wrote.
    givenPending(publishedUnfiled());
    ddb.on(TransactWriteCommand).resolves({});
    await sweepFilingDeadlines(db, TABLE, NOW, 'run-1');
    const written = transactItems(0)[0]!.Put!.Item!;
    ddb.on(GetCommand, { Key: keys.planHead(PLAN_ID) }).resolves({ Item: written });

    // Act
    const r = await sweepFilingDeadlines(db, TABLE, new Date('2026-11-27T01:00:00Z'), 'run-2');

    // Assess
    expect(r).toEqual({ checked: 1, flagged: 0, conflicts: 0 });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('does not flag an already-alerted plan again', async () => {
    givenPending(publishedUnfiled({ filing: { version: 1, to: { body: 'lead-department', division: '110100' }, dueDate: '2026-11-20', overdueAlertedAt: '2026-11-23T01:00:00.000Z' } }));

    const r = await sweepFilingDeadlines(db, TABLE, NOW, 'run-1');

    expect(r).toEqual({ checked: 1, flagged: 0, conflicts: 0 });
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('does not flag a plan filed meanwhile, a retired plan, or one that is gone', async () => {
    // Prepare
    const filed = publishedUnfiled({ status: 'filed', filing: { version: 1, to: { body: 'lead-department', division: '110100' }, dueDate: '2026-11-20', filedAt: '2026-11-19T03:00:00.000Z' } });
    const retired = publishedUnfiled({ planId: OTHER_ID, status: 'retired' });
    const gone = publishedUnfiled({ planId: 'a1b2c3d4-0000-4000-8000-000000000001' });
    ddb.on(QueryCommand).resolves({ Items: [filed, retired, gone].map(trackerItem) });
    ddb.on(GetCommand, { Key: keys.planHead(filed.planId) }).resolves({ Item: storedHead(filed) });
    ddb.on(GetCommand, { Key: keys.planHead(retired.planId) }).resolves({ Item: storedHead(retired) });
    ddb.on(GetCommand, { Key: keys.planHead(gone.planId) }).resolves({});

    // Act
    const r = await sweepFilingDeadlines(db, TABLE, NOW, 'run-1');

    // Assess
    expect(r).toEqual({ checked: 3, flagged: 0, conflicts: 0 });
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('does not flag a plan due today: overdue starts the day after the due date', async () => {
    givenPending(publishedUnfiled({ filing: { version: 1, to: { body: 'lead-department', division: '110100' }, dueDate: '2026-11-26' } }));

    const r = await sweepFilingDeadlines(db, TABLE, NOW, 'run-1');

    expect(r.flagged).toBe(0);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('counts days in China Standard Time: 00:30 CST is already the next day', async () => {
    // Prepare: 2026-11-25T16:30Z is 2026-11-26 00:30 in Beijing; a plan due 2026-11-25 is overdue there.
    givenPending(publishedUnfiled({ filing: { version: 1, to: { body: 'lead-department', division: '110100' }, dueDate: '2026-11-25' } }));
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const r = await sweepFilingDeadlines(db, TABLE, new Date('2026-11-25T16:30:00Z'), 'run-1');

    // Assess
    expect(r.flagged).toBe(1);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, { ExpressionAttributeValues: { ':pk': 'PLANFILING#PENDING', ':sk': '2026-11-26' } });
  });

  it('counts a ConcurrentModification as a conflict, does not throw, and goes on with the next plan', async () => {
    // Prepare
    givenPending(publishedUnfiled(), publishedUnfiled({ planId: OTHER_ID }));
    ddb.on(TransactWriteCommand).rejectsOnce(transactionCanceled('ConditionalCheckFailed', 'None', 'None', 'None')).resolves({});

    // Act
    const r = await sweepFilingDeadlines(db, TABLE, NOW, 'run-1');

    // Assess
    expect(r).toEqual({ checked: 2, flagged: 1, conflicts: 1 });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
    expect(transactItems(1)[0]!.Put!.Item).toMatchObject(keys.planHead(OTHER_ID));
  });

  it('fails the run on a throttled transaction, so the scheduler retries it', async () => {
    givenPending(publishedUnfiled());
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ThrottlingError', 'None', 'None', 'None'));

    await expect(sweepFilingDeadlines(db, TABLE, NOW, 'run-1')).rejects.toMatchObject({ name: 'TransactionCanceledException' });
  });

  it('follows the cursor through every page of pending filings', async () => {
    // Prepare
    const first = publishedUnfiled();
    const second = publishedUnfiled({ planId: OTHER_ID });
    const last = { ...keys.planFiling(PLAN_ID), ...keys.gsi.filing('PENDING', '2026-11-20', PLAN_ID) };
    ddb.on(QueryCommand).resolvesOnce({ Items: [trackerItem(first)], LastEvaluatedKey: last }).resolvesOnce({ Items: [trackerItem(second)] });
    for (const p of [first, second]) ddb.on(GetCommand, { Key: keys.planHead(p.planId) }).resolves({ Item: storedHead(p) });
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const r = await sweepFilingDeadlines(db, TABLE, NOW, 'run-1');

    // Assess
    expect(r).toEqual({ checked: 2, flagged: 2, conflicts: 0 });
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual(last);
  });
});

describe('plan-deadlines handler', () => {
  it("sweeps as of the scheduled event's time, under the invocation's request id", async () => {
    // Prepare
    const event = JSON.parse(readFileSync('events/schedule/plan-deadlines.json', 'utf8')) as { time: string };
    givenPending(publishedUnfiled());
    ddb.on(TransactWriteCommand).resolves({});
    const context = lambdaContext('plan-deadlines');

    // Act
    const r = await handler(event, context);

    // Assess
    expect(r).toEqual({ checked: 1, flagged: 1, conflicts: 0 });
    const [head, , audit] = transactItems().map((i) => i.Put!);
    expect(head!.TableName).toBe(TABLE);
    expect(head!.Item!['filing']).toMatchObject({ overdueAlertedAt: new Date(event.time).toISOString() });
    expect(audit!.Item).toMatchObject({ requestId: context.awsRequestId, at: new Date(event.time).toISOString() });
  });
});
