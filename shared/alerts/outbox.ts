// The outbox relay: turns outbox items arriving on the table's stream into alerts, published once per event id.
// A failure stops the batch at that record and reports it, so the stream retries it (then the DLQ); nothing is dropped.
import type { DynamoDBRecord } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../store/keys.ts';
import { logger } from '../log.ts';

export interface Alert {
  eventId: string;
  type: string;
  division: string;
  category: string;
  level: string;
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

export function alertOf(record: DynamoDBRecord): Alert {
  const item = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);
  return {
    eventId: item['eventId'],
    type: item['type'],
    division: item['division'],
    category: item['category'],
    level: item['level'],
    payload: item['payload'] ?? {},
    createdAt: item['createdAt'],
  };
}

export interface RelayResult {
  batchItemFailures: { itemIdentifier: string }[];
  published: number;
  skipped: number;
}

export async function relayBatch(records: DynamoDBRecord[], publisher: AlertPublisher, ledger: OutboxLedger): Promise<RelayResult> {
  let published = 0;
  let skipped = 0;
  for (const record of records) {
    if (!isOutboxInsert(record)) {
      skipped += 1;
      continue;
    }
    let alert: Alert | undefined;
    try {
      // Inside the try: an image that cannot be decoded is retried and then dead-lettered, never dropped.
      alert = alertOf(record);
      if (await ledger.isPublished(alert.eventId)) {
        skipped += 1;
        continue;
      }
      await publisher.publish(alert);
      await ledger.markPublished(alert.eventId, new Date().toISOString());
      published += 1;
    } catch (err) {
      logger.warn('alert not published; the stream will retry it', { eventId: alert?.eventId, type: alert?.type, errorName: (err as Error).name });
      // Everything from this record on is retried; ordering within the shard is kept.
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? record.eventID ?? '' }], published, skipped };
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
