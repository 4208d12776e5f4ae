// What holds data and identities and outlives any deployment of the code: the table and its key, the alerts topic
// and its key, the Cognito user pools (staff and citizens; none with -c identity=oidc). In prod every piece is
// retained and the table is deletion-protected.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { Role } from '../../shared/domain/actor.ts';
import { INDEX } from '../../shared/store/keys.ts';
import { TTL_ATTRIBUTE } from '../../shared/store/table-definition.ts';
import { EncryptionKey } from './constructs/encryption-key.ts';
import { acknowledge } from './constructs/nag.ts';
import type { StageSettings } from './stage.ts';

export interface StatefulStackProps extends StackProps {
  readonly stage: StageSettings;
}

const GROUP_DESCRIPTIONS: Record<Role, string> = {
  office: 'Emergency management offices (national to township); carry division and gov_level',
  org: 'Community organizations and social emergency forces; carry org_id',
  citizen: 'Citizens: requisitioned owners, claimants, volunteers, reporters',
  auditor: 'Auditors: read the audit trail and incident timelines',
};

/** Which pool holds each role's accounts (each role in exactly one; the infra tests check it). */
export const POOL_ROLES = {
  staff: ['office', 'org', 'auditor'],
  citizens: ['citizen'],
} as const satisfies Record<string, readonly Role[]>;

type RiskAction = 'BLOCK' | 'MFA_REQUIRED' | 'MFA_IF_CONFIGURED' | 'NO_ACTION';

interface PoolSpec {
  name: keyof typeof POOL_ROLES;
  roles: readonly Role[];
  mfa: cognito.Mfa;
  customAttributes: Record<string, cognito.ICustomAttribute>;
  /** Adaptive authentication: what threat protection does with a sign-in at each risk level. */
  risk: { high: RiskAction; medium: RiskAction; low: RiskAction };
}

export class StatefulStack extends Stack {
  readonly table: dynamodb.Table;
  readonly tableKey: kms.IKey;
  readonly topic: sns.Topic;
  readonly topicKey: kms.IKey;
  /** Personal data (shared/pii): wraps each incident's and purpose's data key, under the encryption context {incidentId, purpose}. */
  readonly piiKey: kms.IKey;
  /** Personal data (shared/pii): the HMAC_256 key of the blind index; it never leaves KMS. */
  readonly piiHmacKey: kms.IKey;
  /** With -c identity=cognito (the default); undefined where callers sign in with an external OIDC issuer. */
  readonly userPools?: { staff: cognito.UserPool; citizens: cognito.UserPool };
  /** The API's app clients: SRP sign-in and refresh only. */
  readonly userPoolClients?: { staff: cognito.UserPoolClient; citizens: cognito.UserPoolClient };

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
      // Audit items by action (rules 18, 20: the reveal log and every other action, per division).
      [INDEX.GSI3, 'GSI3PK', 'GSI3SK'],
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

    // --- personal-data keys (shared/pii) ------------------------------------------------------------------------
    // Functions get GenerateDataKey/Decrypt on PiiKey only for their purposes (kms:EncryptionContext:purpose) and
    // GenerateMac on PiiHmacKey only where they look people up (infra/aws/api-stack.ts, API_PII_ACCESS).
    this.piiKey = new EncryptionKey(this, 'PiiKey', { purpose: 'pii', stage: stage.name, removalPolicy: stage.removalPolicy }).key;
    // HMAC keys cannot rotate (KMS keeps no older MAC keys): a new key would change every blind index.
    this.piiHmacKey = new kms.Key(this, 'PiiHmacKey', {
      description: `Emergency response platform (${stage.name}): pii blind index (HMAC)`,
      alias: `alias/erp/${stage.name}/pii-hmac`,
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AccountAdministersAndUsesThroughIam',
            principals: [new iam.AccountRootPrincipal()],
            actions: [
              'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*',
              'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:RetireGrant',
              'kms:GenerateMac', 'kms:VerifyMac',
            ],
            resources: ['*'],
          }),
        ],
      }),
      removalPolicy: stage.removalPolicy,
    });
    // --- end of personal-data keys -----------------------------------------------------------------------------

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
    // Cognito requires MFA per user pool, not per group, so the accounts that must use MFA live in a pool of their own:
    // staff (offices, organisations, auditors: accounts an administrator issues to an institution) must enrol an
    // authenticator app; citizens, who sign in during an emergency from whatever phone they have, may, and a
    // medium-risk sign-in without MFA is blocked. Beijing and Ningxia have no user pools (-c identity=oidc).
    if (stage.identity.kind === 'cognito') {
      const staff = this.userPool('StaffUserPool', stage, {
        name: 'staff',
        roles: POOL_ROLES.staff,
        mfa: cognito.Mfa.REQUIRED,
        customAttributes: {
          // GB/T 2260 division code: 6 digits, 9 or 12 for township and village.
          division: new cognito.StringAttribute({ minLen: 6, maxLen: 12, mutable: false }),
          gov_level: new cognito.StringAttribute({ minLen: 1, maxLen: 16, mutable: false }),
          org_id: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
        },
        // Every sign-in already needs MFA; adaptive authentication still blocks high-risk ones.
        risk: { high: 'BLOCK', medium: 'MFA_REQUIRED', low: 'NO_ACTION' },
      });
      const citizens = this.userPool('CitizenUserPool', stage, {
        name: 'citizens',
        roles: POOL_ROLES.citizens,
        mfa: cognito.Mfa.OPTIONAL,
        customAttributes: {
          // Resident ID number (18 characters), matched against requisition owners and claimants. Mutable so an
          // administrator can correct a mistyped number (an immutable attribute can never be changed, by anyone); no app
          // client may write it, so a citizen cannot claim somebody else's number.
          id_number: new cognito.StringAttribute({ minLen: 18, maxLen: 18, mutable: true }),
        },
        // MFA_REQUIRED: challenge if the user has an authenticator, otherwise block the sign-in.
        risk: { high: 'BLOCK', medium: 'MFA_REQUIRED', low: 'NO_ACTION' },
      });
      acknowledge(citizens.pool, {
        id: 'AwsSolutions-COG2',
        reason:
          'Citizens and volunteers sign in during an emergency to report, register or claim compensation and cannot all be ' +
          'required to enrol an authenticator; TOTP MFA is offered to everyone, and Plus-tier threat protection ' +
          '(FULL_FUNCTION, see its RiskConfiguration) blocks medium-risk sign-ins without MFA and all high-risk ones. ' +
          'Staff accounts live in the staff pool, where MFA is required.',
      });
      this.userPools = { staff: staff.pool, citizens: citizens.pool };
      this.userPoolClients = { staff: staff.client, citizens: citizens.client };
      new CfnOutput(this, 'StaffUserPoolId', { value: staff.pool.userPoolId, description: 'Cognito user pool of offices, organisations and auditors (MFA required)' });
      new CfnOutput(this, 'StaffUserPoolClientId', { value: staff.client.userPoolClientId, description: 'App client of the staff pool for the API (SRP sign-in)' });
      new CfnOutput(this, 'CitizenUserPoolId', { value: citizens.pool.userPoolId, description: 'Cognito user pool of citizens (MFA optional, adaptive authentication)' });
      new CfnOutput(this, 'CitizenUserPoolClientId', { value: citizens.client.userPoolClientId, description: 'App client of the citizen pool for the API (SRP sign-in)' });
    }

    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'The one DynamoDB table' });
    new CfnOutput(this, 'AlertsTopicArn', { value: this.topic.topicArn, description: 'SNS topic the outbox relay publishes alerts to' });
  }
  /** A user pool with the platform's sign-in rules, its role groups, its risk configuration and the API's app client. */
  private userPool(id: string, stage: StageSettings, spec: PoolSpec): { pool: cognito.UserPool; client: cognito.UserPoolClient } {
    const pool = new cognito.UserPool(this, id, {
      userPoolName: `erp-${stage.name}-${spec.name}`,
      // Accounts are created by administrators; citizen self-registration, when it comes, is a decision of its own.
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
      mfa: spec.mfa,
      // Authenticator apps only: SMS codes need an SNS SMS setup per region, and phones are what gets lost in a disaster.
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customAttributes: spec.customAttributes,
      // A changed e-mail address counts only once its code is confirmed; until then the verified one stays. (A changed
      // phone number simply loses phone_number_verified: without SMS set up only an administrator verifies one.)
      keepOriginal: { email: true },
      deletionProtection: stage.isProd,
      removalPolicy: stage.removalPolicy,
    });
    new cognito.CfnUserPoolRiskConfigurationAttachment(this, `${id}RiskConfiguration`, {
      userPoolId: pool.userPoolId,
      clientId: 'ALL',
      accountTakeoverRiskConfiguration: {
        actions: {
          highAction: { eventAction: spec.risk.high, notify: false },
          mediumAction: { eventAction: spec.risk.medium, notify: false },
          lowAction: { eventAction: spec.risk.low, notify: false },
        },
      },
      compromisedCredentialsRiskConfiguration: {
        actions: { eventAction: 'BLOCK' },
        eventFilter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'],
      },
    });
    for (const role of spec.roles) {
      new cognito.UserPoolGroup(this, `${id}Group-${role}`, { userPool: pool, groupName: role, description: GROUP_DESCRIPTIONS[role] });
    }
    const client = pool.addClient('ApiClient', {
      userPoolClientName: `erp-${stage.name}-${spec.name}-api`,
      generateSecret: false,
      // SRP only (the CDK adds refresh): the password never travels, not even over TLS to Cognito.
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      // Users may change their contact details (confirmed by a code) and nothing else: no custom attribute (division,
      // level, organisation, ID number) is writable through the app; administrators set them.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, phoneNumber: true }),
    });
    // The web console signs in with the authorization code flow and PKCE through managed login: its own public app
    // client, the pool's managed login domain and its branding are made by the console stack (infra/aws/console-stack.ts)
    // against this pool, because the client's callback URL is the console's CloudFront address, which exists only there
    // (made here, it would need the console stack's output while the console stack needs this one's). This client stays
    // SRP-only.
    return { pool, client };
  }
}
