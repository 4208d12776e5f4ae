// Feeds the outbox relay from DynamoDB Local's stream, as the Lambda event source mapping does on AWS:
// batches per shard, retry of the failed record and what follows it, and a dead-letter file after the last attempt.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { RelayResult } from '../../shared/alerts/outbox.ts';

export interface PollerOptions {
  endpoint: string;
  client: DynamoDBClient;
  tableName: string;
  relay: (records: DynamoDBRecord[]) => Promise<RelayResult>;
  /** Where records that failed every attempt are written, one JSON line each. */
  deadLetterFile: string;
  maxAttempts?: number;
  intervalMs?: number;
  log?: (line: string) => void;
}

interface ShardState {
  iterator: string | undefined;
  /** Records fetched but not yet relayed, oldest first. */
  pending: DynamoDBRecord[];
  attempts: number;
  retryAt: number;
}

export function toLambdaRecord(r: StreamRecord, tableArn: string): DynamoDBRecord {
  const d = r.dynamodb ?? {};
  return {
    eventID: r.eventID,
    eventName: r.eventName as DynamoDBRecord['eventName'],
    eventVersion: r.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: r.awsRegion ?? 'local',
    eventSourceARN: tableArn,
    dynamodb: {
      ...(d.Keys ? { Keys: d.Keys as never } : {}),
      ...(d.NewImage ? { NewImage: d.NewImage as never } : {}),
      ...(d.OldImage ? { OldImage: d.OldImage as never } : {}),
      ...(d.SequenceNumber ? { SequenceNumber: d.SequenceNumber } : {}),
      ...(d.SizeBytes !== undefined ? { SizeBytes: d.SizeBytes } : {}),
      ...(d.StreamViewType ? { StreamViewType: d.StreamViewType } : {}),
      ...(d.ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) } : {}),
    },
  };
}

export interface StreamPoller {
  stop(): Promise<void>;
  /** Resolves when every record written so far has been relayed or dead-lettered. */
  idle(): Promise<void>;
}

export async function startStreamPoller(opts: PollerOptions): Promise<StreamPoller> {
  const log = opts.log ?? (() => undefined);
  const maxAttempts = opts.maxAttempts ?? 5;
  const interval = opts.intervalMs ?? 200;
  const streams = new DynamoDBStreamsClient({ endpoint: opts.endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const table = await opts.client.send(new DescribeTableCommand({ TableName: opts.tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  const tableArn = table.Table?.TableArn ?? opts.tableName;
  if (!streamArn) throw new Error(`Table ${opts.tableName} has no stream`);

  const shards = new Map<string, ShardState>();
  let running = true;
  let quietRounds = 0;
  let waiters: (() => void)[] = [];

  async function discover() {
    const d = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const s of d.StreamDescription?.Shards ?? []) {
      if (!s.ShardId || shards.has(s.ShardId)) continue;
      // From the start of the stream: alerts written while the host was down are still sent; the relay's
      // ledger skips those already published.
      const it = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: s.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      shards.set(s.ShardId, { iterator: it.ShardIterator, pending: [], attempts: 0, retryAt: 0 });
    }
  }

  /** 'relayed': a batch went out, poll again at once; 'waiting': records wait for a retry; 'idle': nothing to do. */
  async function pollShard(id: string, s: ShardState): Promise<'relayed' | 'waiting' | 'idle'> {
    if (s.pending.length === 0 && s.iterator) {
      try {
        const r = await streams.send(new GetRecordsCommand({ ShardIterator: s.iterator, Limit: 100 }));
        s.iterator = r.NextShardIterator;
        s.pending = (r.Records ?? []).map((rec) => toLambdaRecord(rec, tableArn));
      } catch (err) {
        if (err instanceof ExpiredIteratorException) shards.delete(id);
        else throw err;
      }
    }
    if (s.pending.length === 0) return 'idle';
    if (Date.now() < s.retryAt) return 'waiting';
    const result = await opts.relay(s.pending);
    const failed = result.batchItemFailures[0]?.itemIdentifier;
    if (failed === undefined) {
      s.pending = [];
      s.attempts = 0;
      return 'relayed';
    }
    const at = s.pending.findIndex((r) => r.dynamodb?.SequenceNumber === failed);
    s.pending = s.pending.slice(Math.max(0, at));
    s.attempts += 1;
    if (s.attempts >= maxAttempts) {
      const dead = s.pending.shift()!;
      mkdirSync(dirname(opts.deadLetterFile), { recursive: true });
      appendFileSync(opts.deadLetterFile, `${JSON.stringify({ at: new Date().toISOString(), attempts: s.attempts, record: dead })}\n`);
      log(`outbox: record ${failed} failed ${s.attempts} times; written to ${opts.deadLetterFile}`);
      s.attempts = 0;
      s.retryAt = 0;
    } else {
      s.retryAt = Date.now() + Math.min(5000, 100 * 2 ** s.attempts);
      log(`outbox: publish failed, attempt ${s.attempts} of ${maxAttempts}; retrying`);
    }
    return 'waiting';
  }

  const loop = (async () => {
    let lastDiscover = 0;
    let relayed = false;
    while (running) {
      try {
        if (Date.now() - lastDiscover > 2000 || shards.size === 0) {
          await discover();
          lastDiscover = Date.now();
        }
        const states = [];
        for (const [id, s] of shards) states.push(await pollShard(id, s));
        relayed = states.includes('relayed');
        quietRounds = states.every((st) => st === 'idle') ? quietRounds + 1 : 0;
        if (quietRounds >= 2) {
          for (const w of waiters) w();
          waiters = [];
        }
      } catch (err) {
        relayed = false;
        log(`outbox: stream poll failed (${(err as Error).name}); retrying`);
      }
      // Straight on after a batch went out (there may be more behind it); otherwise wait before polling again.
      if (!relayed) await new Promise((r) => setTimeout(r, interval));
    }
  })();

  return {
    async stop() {
      running = false;
      await loop;
      streams.destroy();
      for (const w of waiters) w();
    },
    idle() {
      quietRounds = 0;
      return new Promise<void>((r) => waiters.push(r));
    },
  };
}
