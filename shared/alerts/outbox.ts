// The outbox relay: turns outbox items arriving on the table's stream into alerts, published once per event id.
// A failure stops the batch at that record and reports it, so the stream retries it (then the DLQ); nothing is dropped.
import type { DynamoDBRecord } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../store/keys.ts';
import { logger } from '../log.ts';
// The one classification of "the service could not be reached", shared with the HTTP error mapper (it has no SDK import).
import { causeOf, unavailableCause } from '../http/problem.ts';

export interface Alert {
  eventId: string;
  type: string;
  division: string;
  category: string;
  level: string;
  /** More message attributes of the event (`org`, `exercise`, ...); published as SNS message attributes. */
  attributes?: Record<string, string>;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface AlertPublisher {
  publish(alert: Alert): Promise<void>;
}

/** Where the relay records that an alert went out, so a redelivered record is not published again. */
export interface OutboxLedger {
  isPublished(eventId: string): Promise<boolean>;
  markPublished(eventId: string, at: string): Promise<void>;
}

/** Only outbox INSERTs are alerts; the kind is read before unmarshalling, so other items' images are never decoded. */
export function isOutboxInsert(record: DynamoDBRecord): boolean {
  return record.eventName === 'INSERT' && (record.dynamodb?.NewImage?.['kind'] as { S?: string } | undefined)?.S === 'outbox';
}

const isStringMap = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

export function alertOf(record: DynamoDBRecord): Alert {
  const item = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);
  return {
    eventId: item['eventId'],
    type: item['type'],
    division: item['division'],
    category: item['category'],
    level: item['level'],
    ...(isStringMap(item['attributes']) ? { attributes: item['attributes'] } : {}),
    payload: item['payload'] ?? {},
    createdAt: item['createdAt'],
  };
}

export interface RelayResult {
  batchItemFailures: { itemIdentifier: string }[];
  published: number;
  skipped: number;
  /**
   * Set when the batch stopped because the table could not be reached (its code or name, e.g. ECONNREFUSED): nothing
   * is wrong with the record, so a poller waits for the table rather than spending the record's attempts.
   */
  storeUnavailable?: string;
}

/** Exponential back-off, capped, with equal jitter: half the step is fixed, half random, so retries spread out. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(step / 2 + random() * (step / 2));
}

export interface RelayOptions {
  /** The relay's logger (the local host gives it one that names the outbox-relay function). */
  log?: Pick<typeof logger, 'warn' | 'error'>;
  /**
   * How long to keep trying to record a published alert while the table cannot be reached. Giving up would let the
   * stream publish the alert again; within the Lambda's 30 s there is room for a table that comes back.
   */
  markBudgetMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Records that an alert went out, retrying with back-off while the table is unreachable, within the budget. */
async function recordPublished(ledger: OutboxLedger, eventId: string, opts: Required<RelayOptions>): Promise<void> {
  const deadline = Date.now() + opts.markBudgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await ledger.markPublished(eventId, new Date().toISOString());
    } catch (err) {
      const wait = backoffMs(attempt, 100, 2000);
      if (unavailableCause(err) === undefined || Date.now() + wait > deadline) throw err;
      await opts.sleep(wait);
    }
  }
}

export async function relayBatch(records: DynamoDBRecord[], publisher: AlertPublisher, ledger: OutboxLedger, options: RelayOptions = {}): Promise<RelayResult> {
  const opts: Required<RelayOptions> = { log: logger, markBudgetMs: 10_000, sleep: pause, ...options };
  let published = 0;
  let skipped = 0;
  for (const record of records) {
    if (!isOutboxInsert(record)) {
      skipped += 1;
      continue;
    }
    let alert: Alert | undefined;
    // Where it failed: reading or writing the ledger is the table, publishing is SNS.
    let stage: 'table' | 'publish' | 'published' = 'table';
    try {
      // Inside the try: an image that cannot be decoded is retried and then dead-lettered, never dropped.
      alert = alertOf(record);
      if (await ledger.isPublished(alert.eventId)) {
        skipped += 1;
        continue;
      }
      stage = 'publish';
      await publisher.publish(alert);
      stage = 'published';
      await recordPublished(ledger, alert.eventId, opts);
      published += 1;
    } catch (err) {
      const cause = causeOf(err);
      const fields = { eventId: alert?.eventId, type: alert?.type, cause };
      // Published but not recorded: the retry publishes it again; subscribers tell repeats by the event id.
      if (stage === 'published') opts.log.error('alert published but not recorded; the stream will publish it again', fields);
      else opts.log.warn('alert not published; the stream will retry it', fields);
      // Everything from this record on is retried; ordering within the shard is kept.
      const unavailable = stage === 'table' ? unavailableCause(err) : undefined;
      return {
        batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? record.eventID ?? '' }],
        published,
        skipped,
        ...(unavailable !== undefined ? { storeUnavailable: unavailable } : {}),
      };
    }
  }
  return { batchItemFailures: [], published, skipped };
}

export function tableLedger(db: DynamoDBDocumentClient, table: string): OutboxLedger {
  return {
    async isPublished(eventId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.outbox(eventId), ConsistentRead: true, ProjectionExpression: 'publishedAt' }));
      return r.Item?.['publishedAt'] !== undefined;
    },
    async markPublished(eventId, at) {
      try {
        await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.outbox(eventId),
          UpdateExpression: 'SET publishedAt = :at',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':at': at },
        }),
        );
      } catch (err) {
        // The outbox item is gone (expired): the alert went out and there is nothing left to mark.
        if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      }
    },
  };
}
