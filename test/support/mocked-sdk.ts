// Handler tests' view of a mocked DynamoDB document client: what the function wrote in each transaction, and the
// SDK failures to inject.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

/** The mocked document client of a test file, and the items of its n-th TransactWriteItems call. */
export function mockTable() {
  const ddb = mockClient(DynamoDBDocumentClient);
  const transactItems = (call = 0) => ddb.commandCalls(TransactWriteCommand)[call]!.args[0].input.TransactItems!;
  return { ddb, transactItems };
}

export type CancellationCode = 'None' | 'ConditionalCheckFailed' | 'TransactionConflict' | 'ThrottlingError';

/** The error DynamoDB returns when a TransactWriteItems is cancelled: one reason per item, in item order. */
export function transactionCanceled(...codes: CancellationCode[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}
