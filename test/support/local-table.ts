// A fresh table in the shared DynamoDB Local for one test file, and reading a table whole for inspection (tests only:
// request paths never scan). Call useLocalTable before importing any handler: handlers read TABLE_NAME and
// DYNAMODB_ENDPOINT once, at import.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, localClient } from '../../infra/local/dynamo.ts';
import { resetConfigForTests } from '../../shared/config.ts';
import { documentClient } from '../../shared/store/client.ts';

export type Item = Record<string, unknown>;

/** Every item of the table, read consistently. */
export async function scanAll(db: DynamoDBDocumentClient, tableName: string): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const r = await db.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

export function sortItems(items: Item[]): Item[] {
  const key = (i: Item) => `${String(i['PK'])}\u0000${String(i['SK'])}`;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Every item, in key order, for before/after comparisons. */
export async function tableDump(db: DynamoDBDocumentClient, tableName: string): Promise<Item[]> {
  return sortItems(await scanAll(db, tableName));
}

export interface TestTable {
  tableName: string;
  endpoint: string;
  db: DynamoDBDocumentClient;
  /** Every item in the table. */
  all(): Promise<Item[]>;
  /** Every item, in key order. */
  dump(): Promise<Item[]>;
  partition(pk: string): Promise<Item[]>;
}

export async function useLocalTable(): Promise<TestTable> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `t-${randomUUID().slice(0, 8)}`;
  process.env['TABLE_NAME'] = tableName;
  process.env['DYNAMODB_ENDPOINT'] = endpoint;
  resetConfigForTests();
  const client = localClient(endpoint);
  await ensureTable(client, tableName);
  client.destroy();
  const db = documentClient();
  return {
    tableName,
    endpoint,
    db,
    all: () => scanAll(db, tableName),
    dump: () => tableDump(db, tableName),
    async partition(pk: string) {
      const r = await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }));
      return r.Items ?? [];
    },
  };
}

/** The audit items of one plan. */
export async function auditOf(table: TestTable, planId: string): Promise<Item[]> {
  return (await table.partition(`PLAN#${planId}`)).filter((i) => String(i['SK']).startsWith('AUDIT#'));
}

/** The version items of one plan. */
export async function versionsOf(table: TestTable, planId: string): Promise<Item[]> {
  return (await table.partition(`PLAN#${planId}`)).filter((i) => String(i['SK']).startsWith('V#'));
}

/** Outbox items whose payload matches (the relay reads them from the stream; tests look in the table). */
export function outboxIn(items: Item[], payload: Item, type?: string): Item[] {
  return items.filter(
    (i) => i['kind'] === 'outbox' && Object.entries(payload).every(([k, v]) => (i['payload'] as Item | undefined)?.[k] === v) && (type === undefined || i['type'] === type),
  );
}

/** Outbox items of one plan. */
export async function outboxOf(table: TestTable, planId: string, type?: string): Promise<Item[]> {
  return outboxIn(await table.all(), { planId }, type);
}
