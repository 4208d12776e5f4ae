// The outbox relay on DynamoDB Local's real stream: a failed publish stays retryable, a redelivery is not published
// twice, and the local stream poller dead-letters what never goes out while the outbox item stays in the table.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DescribeTableCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { localClient } from '../../infra/local/dynamo.ts';
import { startStreamPoller, toLambdaRecord } from '../../infra/local/stream-poller.ts';
import { relayBatch, tableLedger, type Alert, type AlertPublisher } from '../../shared/alerts/outbox.ts';
import { samplePlanBody } from '../support/bodies.ts';
import { call } from '../support/invoke.ts';
import { auditOf, outboxOf, useLocalTable, type TestTable } from '../support/local-table.ts';
import { publishedPlan } from '../support/replies.ts';

let table: TestTable;
let dir: string;
beforeAll(async () => {
  table = await useLocalTable();
  dir = mkdtempSync(join(tmpdir(), 'erp-outbox-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Every record of the table's stream from its start, as the Lambda event source mapping delivers them. */
async function streamRecords(): Promise<DynamoDBRecord[]> {
  const client = localClient(table.endpoint);
  const streams = new DynamoDBStreamsClient({ endpoint: table.endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const described = await client.send(new DescribeTableCommand({ TableName: table.tableName }));
    const streamArn = described.Table!.LatestStreamArn!;
    const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.Shards ?? [];
    const out: DynamoDBRecord[] = [];
    for (const shard of shards) {
      let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator) {
        const r = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        out.push(...(r.Records ?? []).map((rec) => toLambdaRecord(rec, described.Table!.TableArn!)));
        if (!r.Records?.length) break;
        iterator = r.NextShardIterator;
      }
    }
    return out;
  } finally {
    streams.destroy();
    client.destroy();
  }
}

const imageOf = (r: DynamoDBRecord) => (r.dynamodb?.NewImage ? unmarshall(r.dynamodb.NewImage as Record<string, AttributeValue>) : undefined);

function recording(failures: (alert: Alert, call: number) => boolean): AlertPublisher & { calls: Alert[]; published: Alert[] } {
  const calls: Alert[] = [];
  const published: Alert[] = [];
  return {
    calls,
    published,
    async publish(alert) {
      calls.push(alert);
      if (failures(alert, calls.length)) throw Object.assign(new Error('SNS is unreachable'), { name: 'InternalErrorException' });
      published.push(alert);
    },
  };
}

async function publishedAtOf(eventId: string) {
  const item = (await table.partition(`OUTBOX#${eventId}`))[0];
  expect(item, `outbox item ${eventId}`).toBeDefined();
  return item!['publishedAt'];
}

describe('relayBatch on the stream', () => {
  it('writes a plan.published outbox item in the publishing transaction and relays it exactly once across a failure and a redelivery', async () => {
    // Prepare
    const planId = await publishedPlan(call, { sub: 'office-110105', roles: ['office'], division: '110105', level: 'county' }, samplePlanBody());
    const outbox = await outboxOf(table, planId);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ type: 'plan.published', division: '110105', category: 'natural-disaster', level: 'none', payload: { planId, version: 1 } });
    const eventId = outbox[0]!['eventId'] as string;
    const publishAudit = (await auditOf(table, planId)).find((a) => a['action'] === 'publish');
    expect(outbox[0]).toMatchObject({ requestId: publishAudit!['requestId'], createdAt: publishAudit!['at'] });
    const records = await streamRecords();
    const outboxRecord = records.find((r) => r.eventName === 'INSERT' && imageOf(r)?.['eventId'] === eventId);
    expect(outboxRecord).toBeDefined();
    const ledger = tableLedger(table.db, table.tableName);

    // Act 1: the topic is down
    const down = recording(() => true);
    const failed = await relayBatch(records, down, ledger);

    // Assess 1: the record is reported for retry and the outbox item is not marked
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: outboxRecord!.dynamodb!.SequenceNumber }]);
    expect(failed.published).toBe(0);
    expect(down.calls.map((a) => a.eventId)).toEqual([eventId]);
    expect(await publishedAtOf(eventId)).toBeUndefined();

    // Act 2: the retry, with the topic back
    const up = recording(() => false);
    const retried = await relayBatch(records, up, ledger);

    // Assess 2
    expect(retried.batchItemFailures).toEqual([]);
    expect(retried.published).toBe(1);
    expect(up.published).toHaveLength(1);
    expect(up.published[0]).toMatchObject({ eventId, type: 'plan.published', division: '110105', payload: { planId } });
    expect(await publishedAtOf(eventId)).toEqual(expect.any(String));

    // Act 3: the stream delivers the batch again
    const again = recording(() => false);
    const redelivered = await relayBatch(records, again, ledger);

    // Assess 3
    expect(redelivered.batchItemFailures).toEqual([]);
    expect(redelivered.published).toBe(0);
    expect(again.calls).toEqual([]);
  });
});

describe('local stream poller', () => {
  async function withPoller(publisher: AlertPublisher, deadLetterFile: string, run: () => Promise<void>) {
    const client = localClient(table.endpoint);
    const ledger = tableLedger(table.db, table.tableName);
    const poller = await startStreamPoller({
      endpoint: table.endpoint,
      client,
      tableName: table.tableName,
      relay: (records) => relayBatch(records, publisher, ledger),
      deadLetterFile,
      maxAttempts: 3,
      intervalMs: 20,
    });
    try {
      await run();
      await poller.idle();
    } finally {
      await poller.stop();
      client.destroy();
    }
  }

  it('publishes an alert once, under its event id, when the topic fails twice and then recovers', async () => {
    // Prepare
    const planId = await publishedPlan(call, { sub: 'office-110105', roles: ['office'], division: '110105', level: 'county' }, samplePlanBody({ title: 'Earthquake plan' }));
    const eventId = (await outboxOf(table, planId, 'plan.published'))[0]!['eventId'] as string;
    const attemptsOf = new Map<string, number>();
    const flaky = recording((alert) => {
      attemptsOf.set(alert.eventId, (attemptsOf.get(alert.eventId) ?? 0) + 1);
      return alert.eventId === eventId && attemptsOf.get(eventId)! <= 2;
    });
    const deadLetterFile = join(dir, 'flaky-dlq.jsonl');

    // Act
    await withPoller(flaky, deadLetterFile, async () => {
      await vi.waitFor(() => expect(flaky.published.map((a) => a.eventId)).toContain(eventId), { timeout: 15_000, interval: 50 });
    });

    // Assess
    expect(flaky.calls.filter((a) => a.eventId === eventId)).toHaveLength(3);
    expect(flaky.published.filter((a) => a.eventId === eventId)).toHaveLength(1);
    expect(flaky.published.find((a) => a.eventId === eventId)).toMatchObject({ type: 'plan.published', payload: { planId } });
    expect(await publishedAtOf(eventId)).toEqual(expect.any(String));
    expect(existsSync(deadLetterFile)).toBe(false);
  });

  it('writes a record that fails every attempt to the dead-letter file and keeps its outbox item unpublished', async () => {
    // Prepare
    const planId = await publishedPlan(call, { sub: 'office-110105', roles: ['office'], division: '110105', level: 'county' }, samplePlanBody({ title: 'Chemical spill plan' }));
    const eventId = (await outboxOf(table, planId, 'plan.published'))[0]!['eventId'] as string;
    const down = recording(() => true);
    const deadLetterFile = join(dir, 'nested', 'outbox-dlq.jsonl');

    // Act
    await withPoller(down, deadLetterFile, async () => {
      await vi.waitFor(() => expect(deadLettersOf(deadLetterFile, eventId)).toHaveLength(1), { timeout: 15_000, interval: 50 });
    });

    // Assess
    expect(down.calls.filter((a) => a.eventId === eventId)).toHaveLength(3);
    const dead = deadLettersOf(deadLetterFile, eventId);
    expect(dead).toHaveLength(1);
    expect(dead[0]!.attempts).toBe(3);
    expect(dead[0]!.record.eventName).toBe('INSERT');
    expect(imageOf(dead[0]!.record)).toMatchObject({ kind: 'outbox', eventId, type: 'plan.published', payload: { planId } });
    expect(await publishedAtOf(eventId)).toBeUndefined();
  });
});

/** The dead-letter lines whose record carries this outbox event. */
function deadLettersOf(file: string, eventId: string): { attempts: number; record: DynamoDBRecord }[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { attempts: number; record: DynamoDBRecord })
    .filter((d) => imageOf(d.record)?.['eventId'] === eventId);
}
