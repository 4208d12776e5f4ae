// Least-privilege access to the one table: named DynamoDB actions on the table (Query also on the named indexes)
// and the KMS actions the table's customer-managed key needs for them. Never dynamodb:* and never index/*.
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { INDEX } from '../../../shared/store/keys.ts';

import type { TableAction } from '../../../shared/jobs.ts';

export type DynamoAction = TableAction;

const WRITES: ReadonlySet<DynamoAction> = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/** Adds the statements for `actions` to the role's policy; does nothing for an empty list. */
export function grantTableAccess(role: iam.IRole, table: dynamodb.ITable, key: kms.IKey, actions: readonly DynamoAction[]): void {
  if (actions.length === 0) return;
  const itemActions = actions.filter((a) => a !== 'Query');
  if (itemActions.length > 0) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: itemActions.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }),
    );
  }
  if (actions.includes('Query')) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [table.tableArn, ...Object.values(INDEX).map((index) => `${table.tableArn}/index/${index}`)],
      }),
    );
  }
  const writes = actions.some((a) => WRITES.has(a));
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: writes ? ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt', 'kms:DescribeKey'],
      resources: [key.keyArn],
    }),
  );
}
