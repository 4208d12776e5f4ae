// A fresh table in the shared DynamoDB Local for one test file. Call before importing any handler: handlers read
// TABLE_NAME and DYNAMODB_ENDPOINT once, at import.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { QueryCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, localClient } from '../../infra/local/dynamo.ts';
import { resetConfigForTests } from '../../shared/config.ts';
import { documentClient } from '../../shared/store/client.ts';

export interface TestTable {
  tableName: string;
  endpoint: string;
  db: DynamoDBDocumentClient;
  /** Every item in the table (test inspection only: request paths never scan). */
  all(): Promise<Record<string, unknown>[]>;
  partition(pk: string): Promise<Record<string, unknown>[]>;
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
    async all() {
      const out: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const r = await db.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
        out.push(...(r.Items ?? []));
        start = r.LastEvaluatedKey;
      } while (start);
      return out;
    },
    async partition(pk: string) {
      const r = await db.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }));
      return r.Items ?? [];
    },
  };
}
