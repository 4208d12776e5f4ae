// Feeds the outbox relay from DynamoDB Local's stream, as the Lambda event source mapping does on AWS:
// batches per shard, retry of the failed record and what follows it, and a dead-letter file after the last attempt.
// While the table cannot be reached (DynamoDB Local stopped or restarting) it backs off, exponentially with jitter up to
// a cap, says so once and again when the table is back, and spends no record's attempts on the outage.
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
import { backoffMs, type RelayResult } from '../../shared/alerts/outbox.ts';
import { causeOf, unavailableCause } from '../../shared/http/problem.ts';

export interface PollerOptions {
  endpoint: string;
  client: DynamoDBClient;
  tableName: string;
  relay: (records: DynamoDBRecord[]) => Promise<RelayResult>;
  /** Where records that failed every attempt are written, one JSON line each. */
  deadLetterFile: string;
  maxAttempts?: number;
  intervalMs?: number;
  /** The longest wait between polls while the table cannot be reached. */
  maxBackoffMs?: number;
  log?: (line: string) => void;
}

interface ShardState {
  iterator: string | undefined;
  /** Records fetched but not yet relayed, oldest first. */
  pending: DynamoDBRecord[];
  attempts: number;
  retryAt: number;
  /** The last record relayed or dead-lettered: where a new iterator starts if the old one expires. */
  lastSequence?: string;
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
  const maxBackoff = opts.maxBackoffMs ?? 10_000;
  const streams = new DynamoDBStreamsClient({ endpoint: opts.endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const table = await opts.client.send(new DescribeTableCommand({ TableName: opts.tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  const tableArn = table.Table?.TableArn ?? opts.tableName;
  if (!streamArn) throw new Error(`Table ${opts.tableName} has no stream`);

  const shards = new Map<string, ShardState>();
  let running = true;
  let quietRounds = 0;
  let waiters: (() => void)[] = [];
  /** Consecutive rounds in which the table could not be reached, and since when. */
  let outage: { rounds: number; since: number; lastSaid: number } | undefined;
  let wake: (() => void) | undefined;

  /** Waits, or less if the poller is stopped meanwhile. */
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(r, ms);
      wake = () => {
        clearTimeout(t);
        r();
      };
    });

  const iteratorFor = async (shardId: string, after: string | undefined) =>
    (
      await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          // From the start of the stream at first: alerts written while the host was down are still sent; the relay's
          // ledger skips those already published. After an expired iterator, from the last record handled.
          ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      )
    ).ShardIterator;

  async function discover() {
    const d = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const s of d.StreamDescription?.Shards ?? []) {
      if (!s.ShardId || shards.has(s.ShardId)) continue;
      shards.set(s.ShardId, { iterator: await iteratorFor(s.ShardId, undefined), pending: [], attempts: 0, retryAt: 0 });
    }
  }

  /** The table is unreachable: say so once (and once a minute while it lasts); the caller backs off. */
  function unreachable(cause: string) {
    const now = Date.now();
    if (!outage) {
      outage = { rounds: 0, since: now, lastSaid: now };
      log(`outbox: DynamoDB cannot be reached (${cause}); the relay waits, backing off up to ${maxBackoff / 1000} s`);
    } else if (now - outage.lastSaid >= 60_000) {
      outage.lastSaid = now;
      log(`outbox: DynamoDB still cannot be reached (${cause}) after ${Math.round((now - outage.since) / 1000)} s`);
    }
    outage.rounds += 1;
  }

  function reachable() {
    if (!outage) return;
    log(`outbox: DynamoDB answers again after ${((Date.now() - outage.since) / 1000).toFixed(1)} s; relaying what was written meanwhile`);
    outage = undefined;
  }

  /** 'relayed': a batch went out, poll again at once; 'waiting': records wait for a retry; 'idle': nothing to do. */
  async function pollShard(id: string, s: ShardState): Promise<'relayed' | 'waiting' | 'idle'> {
    if (s.pending.length === 0 && s.iterator) {
      try {
        const r = await streams.send(new GetRecordsCommand({ ShardIterator: s.iterator, Limit: 100 }));
        s.iterator = r.NextShardIterator;
        s.pending = (r.Records ?? []).map((rec) => toLambdaRecord(rec, tableArn));
        reachable();
      } catch (err) {
        if (err instanceof ExpiredIteratorException) s.iterator = await iteratorFor(id, s.lastSequence);
        else throw err;
      }
    }
    if (s.pending.length === 0) return 'idle';
    if (Date.now() < s.retryAt) return 'waiting';
    const result = await opts.relay(s.pending);
    const failed = result.batchItemFailures[0]?.itemIdentifier;
    if (failed === undefined) {
      reachable();
      s.lastSequence = s.pending.at(-1)?.dynamodb?.SequenceNumber ?? s.lastSequence;
      s.pending = [];
      s.attempts = 0;
      return 'relayed';
    }
    const at = s.pending.findIndex((r) => r.dynamodb?.SequenceNumber === failed);
    if (at > 0) s.lastSequence = s.pending[at - 1]!.dynamodb?.SequenceNumber ?? s.lastSequence;
    s.pending = s.pending.slice(Math.max(0, at));
    if (result.storeUnavailable !== undefined) {
      // The relay could not read or write its ledger: the table is down, not the record bad. Wait for the table.
      unreachable(result.storeUnavailable);
      s.retryAt = Date.now() + backoffMs(outage!.rounds, interval, maxBackoff);
      return 'waiting';
    }
    s.attempts += 1;
    if (s.attempts >= maxAttempts) {
      const dead = s.pending.shift()!;
      mkdirSync(dirname(opts.deadLetterFile), { recursive: true });
      appendFileSync(opts.deadLetterFile, `${JSON.stringify({ at: new Date().toISOString(), attempts: s.attempts, record: dead })}\n`);
      log(`outbox: record ${failed} failed ${s.attempts} times; written to ${opts.deadLetterFile}`);
      s.lastSequence = dead.dynamodb?.SequenceNumber ?? s.lastSequence;
      s.attempts = 0;
      s.retryAt = 0;
    } else {
      s.retryAt = Date.now() + backoffMs(s.attempts, 100, 5000);
      log(`outbox: publish failed, attempt ${s.attempts} of ${maxAttempts}; retrying`);
    }
    return 'waiting';
  }

  const loop = (async () => {
    let lastDiscover = 0;
    let relayed = false;
    while (running) {
      let delay = interval;
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
        if (outage) delay = backoffMs(outage.rounds, interval, maxBackoff);
      } catch (err) {
        relayed = false;
        if (!running) break;
        const cause = unavailableCause(err);
        if (cause !== undefined) {
          unreachable(cause);
          delay = backoffMs(outage!.rounds, interval, maxBackoff);
        } else log(`outbox: stream poll failed (${causeOf(err)}); retrying`);
      }
      // Straight on after a batch went out (there may be more behind it); otherwise wait before polling again.
      if (!relayed && running) await sleep(delay);
    }
  })();

  return {
    async stop() {
      running = false;
      wake?.();
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
