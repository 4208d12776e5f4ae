// Bare baseline for functions that keep personal data: the same DynamoDB and KMS clients, instantiated at init, a trivial handler.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const region = process.env['AWS_REGION'] ?? 'cn-north-1';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region, maxAttempts: 3 }), { marshallOptions: { removeUndefinedValues: true } });
const kms = new KMSClient({ region, maxAttempts: 3 });

export const handler = async () => ({ statusCode: 200, body: doc.config.region === undefined || kms.config.region === undefined ? 'none' : 'ok' });
