// Bare baseline for the outbox relay: the same DynamoDB and SNS clients, instantiated at init, a trivial handler.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const region = process.env['AWS_REGION'] ?? 'cn-north-1';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region, maxAttempts: 3 }), { marshallOptions: { removeUndefinedValues: true } });
const sns = new SNSClient({ region, maxAttempts: 3 });

export const handler = async () => ({ batchItemFailures: [], clients: [doc.config.region === undefined, sns.config.region === undefined].length });
