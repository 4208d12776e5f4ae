// A customer-managed KMS key with rotation and an explicit key policy: the account (through IAM policies) may
// administer and use the key, listed action by action, so no statement anywhere grants `kms:*`. Service principals
// that must use the key themselves (CloudWatch alarms publishing to an encrypted topic) are added by the caller.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** What the account's IAM policies may be allowed on the key: administration plus symmetric encryption use. */
export const ACCOUNT_KEY_ACTIONS = [
  // administration (the CDK's legacy default admin set, plus rotation on demand)
  'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*',
  'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion', 'kms:RotateKeyOnDemand', 'kms:RetireGrant',
  // use, delegated to IAM: functions get exactly what they need through their own policies
  'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*',
] as const;

export interface EncryptionKeyProps {
  /** What the key protects; becomes the description and the alias `alias/erp/<stage>/<purpose>`. */
  readonly purpose: string;
  readonly stage: string;
  readonly removalPolicy: RemovalPolicy;
  /** Extra key policy statements, e.g. for a service principal. */
  readonly statements?: iam.PolicyStatement[];
}

export class EncryptionKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const policy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'AccountAdministersAndUsesThroughIam',
          principals: [new iam.AccountRootPrincipal()],
          actions: [...ACCOUNT_KEY_ACTIONS],
          resources: ['*'],
        }),
        ...(props.statements ?? []),
      ],
    });
    this.key = new kms.Key(this, 'Key', {
      description: `Emergency response platform (${props.stage}): ${props.purpose}`,
      alias: `alias/erp/${props.stage}/${props.purpose}`,
      enableKeyRotation: true,
      // CDK v2 uses an explicit policy as written and puts grants in the principals' IAM policies, which this key
      // policy delegates to; nothing is added to the key policy behind our back.
      policy,
      removalPolicy: props.removalPolicy,
    });
  }
}
