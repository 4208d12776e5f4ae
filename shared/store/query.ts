// Reading helpers shared by the repositories: one page of a partition (of the table or an index), and item -> entity.
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { INDEX } from './keys.ts';

export interface Page<T> {
  items: T[];
  cursor?: string;
}

const KEY_ATTRS = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK', 'kind', 'expiresAt'];

/** The entity stored in an item, without its keys. */
export function strip<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...item };
  for (const k of KEY_ATTRS) delete out[k];
  return out as T;
}

export interface PageQuery {
  index?: 'GSI1' | 'GSI2' | 'GSI3';
  pk: string;
  sk: { op: 'begins_with' | '<'; value: string } | undefined;
  limit: number;
  cursor: string | undefined;
  /** Newest first, for keys that sort by time. */
  descending?: boolean;
  consistent?: boolean;
}

/** One page of a partition; the cursor must come from the same partition. */
export async function queryPage<T>(db: DynamoDBDocumentClient, table: string, q: PageQuery, map: (item: Record<string, unknown>) => T): Promise<Page<T>> {
  const pkAttr = q.index ? `${q.index}PK` : 'PK';
  const skAttr = q.index ? `${q.index}SK` : 'SK';
  const skCondition = q.sk ? (q.sk.op === 'begins_with' ? ` AND begins_with(${skAttr}, :sk)` : ` AND ${skAttr} < :sk`) : '';
  const r = await db.send(
    new QueryCommand({
      TableName: table,
      ...(q.index ? { IndexName: INDEX[q.index] } : {}),
      KeyConditionExpression: `${pkAttr} = :pk${skCondition}`,
      ExpressionAttributeValues: q.sk ? { ':pk': q.pk, ':sk': q.sk.value } : { ':pk': q.pk },
      Limit: q.limit,
      ExclusiveStartKey: decodeCursor(q.cursor, { attr: pkAttr, value: q.pk }),
      ...(q.descending ? { ScanIndexForward: false } : {}),
      ...(q.consistent && !q.index ? { ConsistentRead: true } : {}),
    }),
  );
  const out: Page<T> = { items: (r.Items ?? []).map(map) };
  const c = encodeCursor(r.LastEvaluatedKey);
  if (c) out.cursor = c;
  return out;
}
