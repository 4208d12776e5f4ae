// Bare baseline for functions that use the table: the same DynamoDB clients, instantiated at init, a trivial handler.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const region = process.env['AWS_REGION'] ?? 'cn-north-1';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region, maxAttempts: 3 }), { marshallOptions: { removeUndefinedValues: true } });

export const handler = async () => ({ statusCode: 200, body: doc.config.region === undefined ? 'none' : 'ok' });
