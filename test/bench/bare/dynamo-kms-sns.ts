// Bare baseline for functions that keep personal data and publish: the same DynamoDB, KMS and SNS clients, instantiated
// at init, a trivial handler (the relay opens a notice's phone through the vault; subscriptions seal endpoints).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const region = process.env['AWS_REGION'] ?? 'cn-north-1';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region, maxAttempts: 3 }), { marshallOptions: { removeUndefinedValues: true } });
const kms = new KMSClient({ region, maxAttempts: 3 });
const sns = new SNSClient({ region, maxAttempts: 3 });

export const handler = async () => ({ statusCode: 200, body: [doc.config.region, kms.config.region, sns.config.region].some((r) => r === undefined) ? 'none' : 'ok' });
