// What holds data and identities and outlives any deployment of the code: the table and its key, the alerts topic
// and its key, the Cognito user pool. In prod every piece is retained and the table is deletion-protected.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ROLES } from '../../shared/domain/actor.ts';
import { INDEX } from '../../shared/store/keys.ts';
import { TTL_ATTRIBUTE } from '../../shared/store/table-definition.ts';
import { EncryptionKey } from './constructs/encryption-key.ts';
import { acknowledge } from './constructs/nag.ts';
import type { StageSettings } from './stage.ts';

export interface StatefulStackProps extends StackProps {
  readonly stage: StageSettings;
}

const GROUP_DESCRIPTIONS: Record<(typeof ROLES)[number], string> = {
  office: 'Emergency management offices (national to township); carry division and gov_level',
  org: 'Community organizations and social emergency forces; carry org_id',
  citizen: 'Citizens: requisitioned owners, claimants, volunteers, reporters',
  auditor: 'Auditors: read the audit trail and incident timelines',
};

export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly tableKey: kms.IKey;
  readonly topic: sns.Topic;
  readonly topicKey: kms.IKey;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { stage } = props;

    // --- table -------------------------------------------------------------------------------------------------
    this.tableKey = new EncryptionKey(this, 'TableKey', { purpose: 'table', stage: stage.name, removalPolicy: stage.removalPolicy }).key;
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'SK', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      deletionProtection: stage.isProd,
      removalPolicy: stage.removalPolicy,
    });
    for (const [index, pk, sk] of [
      [INDEX.GSI1, 'GSI1PK', 'GSI1SK'],
      [INDEX.GSI2, 'GSI2PK', 'GSI2SK'],
    ] as const) {
      table.addGlobalSecondaryIndex({
        indexName: index,
        partitionKey: { name: pk, type: dynamodb.AttributeType.STRING },
        sortKey: { name: sk, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    acknowledge(table, {
      id: 'AwsSolutions-DDB4',
      reason:
        'Point-in-time recovery (35 days, continuous) is on and prod retains the table with deletion protection; ' +
        'AWS Backup plans are set up per account by the platform operators, not per application stack.',
    });
    this.table = table;

    // --- alerts topic ------------------------------------------------------------------------------------------
    this.topicKey = new EncryptionKey(this, 'AlertsTopicKey', { purpose: 'alerts', stage: stage.name, removalPolicy: stage.removalPolicy }).key;
    this.topic = new sns.Topic(this, 'AlertsTopic', {
      topicName: `erp-${stage.name}-alerts`,
      displayName: 'Emergency alerts',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    this.topic.applyRemovalPolicy(stage.removalPolicy);

    // --- identities --------------------------------------------------------------------------------------------
    const userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `erp-${stage.name}-users`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: {
        // GB/T 2260 division code: 6 digits, 9 or 12 for township and village.
        division: new cognito.StringAttribute({ minLen: 6, maxLen: 12, mutable: false }),
        gov_level: new cognito.StringAttribute({ minLen: 1, maxLen: 16, mutable: false }),
        org_id: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
      },
      deletionProtection: stage.isProd,
      removalPolicy: stage.removalPolicy,
    });
    acknowledge(userPool, {
      id: 'AwsSolutions-COG2',
      reason:
        'Citizens and volunteers sign in during an emergency to report, register or claim compensation and cannot all be ' +
        'required to enrol an authenticator; TOTP MFA is offered to everyone, and Plus-tier threat protection ' +
        '(FULL_FUNCTION, see RiskConfiguration) demands MFA on medium-risk and blocks high-risk sign-ins.',
    });
    // Adaptive authentication: what threat protection does with a risky sign-in and with leaked passwords.
    new cognito.CfnUserPoolRiskConfigurationAttachment(this, 'RiskConfiguration', {
      userPoolId: userPool.userPoolId,
      clientId: 'ALL',
      accountTakeoverRiskConfiguration: {
        actions: {
          highAction: { eventAction: 'BLOCK', notify: false },
          mediumAction: { eventAction: 'MFA_IF_CONFIGURED', notify: false },
          lowAction: { eventAction: 'NO_ACTION', notify: false },
        },
      },
      compromisedCredentialsRiskConfiguration: {
        actions: { eventAction: 'BLOCK' },
        eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'],
      },
    });
    for (const role of ROLES) {
      new cognito.UserPoolGroup(this, `Group-${role}`, { userPool, groupName: role, description: GROUP_DESCRIPTIONS[role] });
    }
    this.userPoolClient = userPool.addClient('ApiClient', {
      userPoolClientName: `erp-${stage.name}-api`,
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    this.userPool = userPool;

    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId, description: 'Cognito user pool id' });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId, description: 'Cognito app client id for the API' });
    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'The one DynamoDB table' });
    new CfnOutput(this, 'AlertsTopicArn', { value: this.topic.topicArn, description: 'SNS topic the outbox relay publishes alerts to' });
  }
}
