// Reading many items by key at once: BatchGetItem in chunks of 100, consistent, retrying what DynamoDB leaves
// unprocessed (it may under load), so a caller gets every item that exists or an error, never a silent gap.
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Key } from './keys.ts';
import { strip } from './query.ts';

const CHUNK = 100;
const MAX_ROUNDS = 8;

/** The items found for `list`, stripped of their keys, in no particular order; absent keys are simply absent. */
export async function batchGet<T>(db: DynamoDBDocumentClient, table: string, list: readonly Key[]): Promise<T[]> {
  return (await batchGetItems(db, table, list)).map((i) => strip<T>(i));
}

/** The items found for `list` as stored, keys included (to tell items of several kinds apart). */
export async function batchGetItems(db: DynamoDBDocumentClient, table: string, list: readonly Key[]): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(list.map((k) => [`${k.PK}\u0000${k.SK}`, k])).values()];
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    let pending: Record<string, unknown>[] = unique.slice(i, i + CHUNK).map((k) => ({ PK: k.PK, SK: k.SK }));
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await new Promise((r) => setTimeout(r, 10 * 2 ** round));
      const r = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
      out.push(...(r.Responses?.[table] ?? []));
      pending = (r.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return out;
}
