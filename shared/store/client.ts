// One DynamoDB document client per process, configured once.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableConfig } from '../config.ts';

let doc: DynamoDBDocumentClient | undefined;

/**
 * Without timeouts the SDK waits on a silent connection until the Lambda times out and API Gateway answers for us.
 * With them a stuck call fails as a TimeoutError, is retried, and ends as a 503 with Retry-After
 * (shared/http/problem.ts): 3 attempts of at most 1 s to connect and 2 s to answer stay inside the API functions' 10 s.
 * (Without throwOnRequestTimeout the SDK only logs a warning when the answer is late, and keeps waiting.) DynamoDB
 * Local on a busy laptop gets more time to answer; when it is down it refuses at once anyway.
 */
export const STORE_TIMEOUTS = {
  aws: { connectionTimeout: 1000, requestTimeout: 2000, throwOnRequestTimeout: true },
  local: { connectionTimeout: 1000, requestTimeout: 10_000, throwOnRequestTimeout: true },
};

export function documentClient(): DynamoDBDocumentClient {
  if (!doc) {
    const cfg = tableConfig();
    const base = new DynamoDBClient({
      region: cfg.AWS_REGION,
      maxAttempts: 3,
      requestHandler: cfg.DYNAMODB_ENDPOINT ? STORE_TIMEOUTS.local : STORE_TIMEOUTS.aws,
      ...(cfg.DYNAMODB_ENDPOINT
        ? { endpoint: cfg.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    });
    doc = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
  }
  return doc;
}

export function tableName(): string {
  return tableConfig().TABLE_NAME;
}
