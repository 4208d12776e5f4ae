// The code and how it is reached: one Lambda per API area behind a REST API built from the route table (signed in
// through Cognito, or an external OIDC issuer and a Lambda authorizer), the outbox relay on the table's stream, the
// scheduled jobs with their dead-letter queues, WAF, and alarms to the ops topic.
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { API_FUNCTIONS, type ApiFunction, routeList } from '../../shared/http/routes.ts';
import type { Purpose } from '../../shared/pii/purposes.ts';
import { JOBS, JOB_NAMES, type JobDef, type JobName } from '../../shared/jobs.ts';
import { ANONYMOUS_REPORT_LIMIT } from '../../shared/domain/citizen-report.ts';
import { EncryptedSqsDestination, EncryptedSqsDlq } from './constructs/encrypted-dlq.ts';
import { EncryptionKey } from './constructs/encryption-key.ts';
import { acknowledge } from './constructs/nag.ts';
import { PlatformFunction } from './constructs/platform-function.ts';
import { type DynamoAction, grantTableAccess } from './constructs/table-access.ts';
import type { IdentitySettings, StageSettings } from './stage.ts';

/** Who verifies callers: the stateful stack's Cognito user pools, or the OIDC issuer set for this deployment. */
export type ApiIdentity = { readonly kind: 'cognito'; readonly userPools: cognito.IUserPool[] } | Extract<IdentitySettings, { kind: 'oidc' }>;

export interface ApiStackProps extends StackProps {
  readonly stage: StageSettings;
  readonly table: dynamodb.ITable;
  readonly tableKey: kms.IKey;
  readonly topic: sns.ITopic;
  readonly topicKey: kms.IKey;
  readonly piiKey: kms.IKey;
  readonly piiHmacKey: kms.IKey;
  readonly identity: ApiIdentity;
}

/**
 * What each API function may do on the table: exactly what its code paths send. GetItem covers reads of one item and
 * of an idempotency record; PutItem, DeleteItem and ConditionCheckItem are the operations of its TransactWriteItems
 * (DynamoDB authorises each by its own action); nothing here scans or updates in place. A new entry in API_FUNCTIONS
 * fails to compile until it is listed.
 */
export const API_TABLE_ACCESS: Record<ApiFunction, readonly DynamoAction[]> = {
  health: [],
  // Lists and children (Query, BatchGetItem); retiring deletes the in-force index item, filing the filing tracker;
  // a child plan's creation checks its parent.
  plans: ['GetItem', 'Query', 'BatchGetItem', 'PutItem', 'DeleteItem', 'ConditionCheckItem'],
  // Grading queries the plans in force; lists, timeline and filings are queries; every write is a put.
  incidents: ['GetItem', 'Query', 'PutItem'],
  // Reads the incident and the warning; writes warning, link, audit and outbox.
  warnings: ['GetItem', 'PutItem'],
  // A release checks that its incident exists.
  response: ['GetItem', 'PutItem', 'ConditionCheckItem'],
  public: ['GetItem', 'Query'],
  // Lists the caller's subscriptions and a channel's members (Query); unsubscribing deletes items, in the transaction
  // and (a closed channel) alone; marking a channel's filter policy as applied updates it in place.
  subscriptions: ['GetItem', 'Query', 'PutItem', 'DeleteItem', 'UpdateItem'],
  // Reads the organisation and its register's data key (GetItem; a new register's key is put alone, conditioned);
  // lists by division (GSI1) and by capability (Query); a status change moves the capability summaries (DeleteItem).
  organizations: ['GetItem', 'Query', 'PutItem', 'DeleteItem'],
  // Rosters (GSI2) and the search's shard queries (Query); the service record reads the deployments asked on
  // (BatchGetItem); a search dimension a volunteer no longer has is deleted.
  volunteers: ['GetItem', 'Query', 'BatchGetItem', 'PutItem', 'DeleteItem'],
  // Reads the people, their commitments and the deployments holding them at once (BatchGetItem); a request checks the
  // organisation's registration in its transaction (ConditionCheckItem); a claim reads its one-claim marker.
  deployments: ['GetItem', 'BatchGetItem', 'PutItem', 'ConditionCheckItem'],
  // Reads requisitions, incidents, voucher counters and data-key items; lists and audit trails (Query); a taking checks
  // its incident in its transaction (ConditionCheckItem); a return deletes the requisition's open tracker.
  requisitions: ['GetItem', 'Query', 'PutItem', 'DeleteItem', 'ConditionCheckItem'],
  // Reads claims, their requisitions, reconsiderations and one-claim markers; the claimant's list and audit trails.
  claims: ['GetItem', 'Query', 'PutItem'],
  // Reads the record and its data key; writes the reveal's audit item. Retention assessments: an incident's list and the
  // auditors' lists by division, record kind or action (Query on the table, GSI1-3); an assessment and its audit as puts.
  pii: ['GetItem', 'Query', 'PutItem'],
  // Reads a report, its incident, the source's counter and the data key; lists by division or kind (Query); a rebuttal
  // checks its incident in the transaction (ConditionCheckItem); every write is a put.
  reports: ['GetItem', 'Query', 'PutItem', 'ConditionCheckItem'],
  // Reads a notice and the incident; inboxes and an incident's receipts are queries; an acknowledgement is puts.
  linkage: ['GetItem', 'Query', 'PutItem'],
  // Reads the incident (and an Idempotency-Key record); writes the incident, audit and the investigation notice as puts.
  recovery: ['GetItem', 'PutItem'],
};

/**
 * Personal data each API function seals or opens, by the purposes it was collected for (shared/pii/purposes.ts), and
 * whether it computes blind indexes. Each gets GenerateDataKey and Decrypt on the PII key only under an encryption
 * context of those purposes, and GenerateMac on the HMAC key only when it looks people up.
 */
export const API_PII_ACCESS: Partial<Record<ApiFunction, { purposes: readonly Purpose[]; mac: boolean }>> = {
  // The contact person of an organisation, in its division's register; the MAC keys the Idempotency-Key digest of
  // registration bodies (shared/app/social-forces.ts).
  organizations: { purposes: ['volunteer'], mac: true },
  // Volunteers' identity and contact: sealed at registration, opened for the volunteer, their organisation and (with
  // consent) offices; the MAC keys the Idempotency-Key digest.
  volunteers: { purposes: ['volunteer'], mac: true },
  // An organisation's compensation claim seals its bank account under the incident's `compensation` key; the MAC keys
  // the Idempotency-Key digest.
  deployments: { purposes: ['compensation'], mac: true },
  // The owner and the executing officer's contact, sealed at the taking; the owner's blind index (GSI2) and the keyed
  // hash of Idempotency-Key records (GenerateMac).
  requisitions: { purposes: ['requisition'], mac: true },
  // The claimant's bank account; a citizen claimant's blind index and the keyed Idempotency-Key hash.
  claims: { purposes: ['compensation'], mac: true },
  // Opens one field of a requisition, a claim or a volunteer for an office that says why (rule 18); never seals, never
  // looks up.
  pii: { purposes: ['requisition', 'compensation', 'volunteer', 'report'], mac: false },
  // A reporter's voluntary contact, sealed at receipt (rule 25); never opened here (only the logged reveal does). The
  // MAC derives, once per process, the key of anonymous reporters' pseudonymous sources (functions/reports/handler.ts).
  reports: { purposes: ['report'], mac: true },
};

/**
 * API functions that manage alert subscriptions on the topic: subscribe, read and set a subscription's filter policy,
 * unsubscribe (SNS authorises subscription actions on the topic they belong to).
 */
const SUBSCRIBES: readonly ApiFunction[] = ['subscriptions'];

const API_DESCRIPTIONS: Record<ApiFunction, string> = {
  health: 'Liveness and the OpenAPI document',
  plans: 'Emergency plans: drafting, approval, filing, versions and drills',
  incidents: 'Incident reports, follow-ups, severity, timeline and congress filings',
  warnings: 'Four-level warnings: issue, adjust, lift',
  response: 'Graded response I-IV: activate, change level, hand over, terminate; public releases',
  public: 'Public releases and active warnings as JSON, CAP 1.2 and Atom',
  subscriptions: 'Alert subscriptions as SNS subscriptions with filter policies',
  organizations: 'Social emergency forces: registration, approval, suspension, group insurance',
  volunteers: 'Volunteers: registration, certificates, training, insurance, search, service record and certificate',
  deployments: 'Deployments of social forces and volunteers: request, answers, arrival, hours, stand-down',
  requisitions: 'Requisitions: taking, voucher, paperwork, hand-over, return, the owner\'s own list',
  claims: 'Compensation claims and administrative reconsideration with computed deadlines',
  pii: 'Reveals one personal field to an office with jurisdiction, logged with who, when and why; retention assessments; the auditors\' lists',
  reports: "Citizens' reports of price gouging, hoarding, counterfeits, rumours and incidents; rebuttals; anonymous, limited per source",
  linkage: 'Information reporting and linkage: inboxes of notices reported upward or to neighbours, acknowledgements, receipts',
  recovery: 'Recovery and investigation: findings, the report filed upward, recovery tasks, archiving',
};

/** Same shape as shared/http/problem.ts builds, for the responses API Gateway sends without calling a function. */
function problemTemplate(code: string, title: string, status: number, detail?: string): string {
  return JSON.stringify({ type: `https://errors.emergency.example/${code}`, title, status, code, ...(detail ? { detail } : {}) }).replace(
    /}$/,
    ',"requestId":"$context.requestId"}',
  );
}

/**
 * Tighter per-IP limits (requests in 5 minutes) on routes that cost money or invite abuse without a sign-in. The path
 * is matched on its end, after URL decoding and path normalisation, so it holds behind the stage prefix (/dev/v1/...)
 * and a custom domain alike, and `//` or `%2F` tricks do not step around it.
 */
export const ROUTE_RATE_LIMITS = [
  // Every subscription POST (creation, and any confirmation of a code sent to an endpoint) may send a message to
  // someone's phone or mailbox.
  { name: 'RateLimitSubscriptions', metric: 'rate-subscriptions', method: 'POST', pathRegex: '/v1/subscriptions(/|$)', limit: 100 },
  // Anonymous reports (issue 11): creation only, so offices working through reports are not counted.
  { name: 'RateLimitReports', metric: 'rate-reports', method: 'POST', pathRegex: '/v1/reports/?$', limit: ANONYMOUS_REPORT_LIMIT.perWindow },
] as const;

function routeStatement(method: string, pathRegex: string): wafv2.CfnWebACL.StatementProperty {
  return {
    andStatement: {
      statements: [
        { byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: method, textTransformations: [{ priority: 0, type: 'NONE' }] } },
        {
          regexMatchStatement: {
            fieldToMatch: { uriPath: {} },
            regexString: pathRegex,
            textTransformations: [
              { priority: 0, type: 'URL_DECODE' },
              { priority: 1, type: 'NORMALIZE_PATH' },
            ],
          },
        },
      ],
    },
  };
}

export class ApiStack extends Stack {
  readonly api: apigw.RestApi;
  readonly functions: Record<ApiFunction, PlatformFunction>;
  readonly outboxRelay: PlatformFunction;
  readonly jobs: Record<JobName, PlatformFunction>;
  readonly opsTopic: sns.Topic;
  readonly outboxDlq: sqs.Queue;
  /** Where each scheduled job's failed runs land: schedule deliveries that failed, and invocations that failed every retry. */
  readonly jobDlqs: Record<JobName, sqs.Queue>;
  /** The OIDC token authorizer (identity=oidc only). */
  readonly authorizerFunction?: PlatformFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { stage, table, tableKey, topic, topicKey, piiKey, piiHmacKey, identity } = props;

    // --- ops topic: where alarms go -----------------------------------------------------------------------------
    const opsKey = new EncryptionKey(this, 'OpsTopicKey', {
      purpose: 'ops',
      stage: stage.name,
      removalPolicy: stage.removalPolicy,
      statements: [
        new iam.PolicyStatement({
          sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
        }),
      ],
    }).key;
    this.opsTopic = new sns.Topic(this, 'OpsTopic', {
      topicName: `erp-${stage.name}-ops`,
      displayName: 'Emergency platform operations alarms',
      masterKey: opsKey,
      enforceSSL: true,
    });
    const alarmAction = new actions.SnsAction(this.opsTopic);

    const common = { alarmTopic: this.opsTopic, removalPolicy: stage.removalPolicy, tracing: stage.tracing };

    // --- API functions -----------------------------------------------------------------------------------------
    const functions = {} as Record<ApiFunction, PlatformFunction>;
    for (const name of API_FUNCTIONS) {
      const f = new PlatformFunction(this, `Fn-${name}`, {
        ...common,
        name,
        description: API_DESCRIPTIONS[name],
        environment: {
          TABLE_NAME: table.tableName,
          // The key of the HMAC that binds page cursors to their route and filter: the stack's id, which CloudFormation
          // generates when the stack is created (never in the template); cursors stay valid across updates.
          CURSOR_KEY: Aws.STACK_ID,
          ...(SUBSCRIBES.includes(name) ? { TOPIC_ARN: topic.topicArn } : {}),
          // The kernel reads both ids or neither (shared/pii/key-provider.ts); the grants below decide what it may do.
          ...(API_PII_ACCESS[name] ? { PII_KEY_ID: piiKey.keyArn, PII_HMAC_KEY_ID: piiHmacKey.keyArn } : {}),
        },
      });
      grantTableAccess(f.role, table, tableKey, API_TABLE_ACCESS[name]);
      const pii = API_PII_ACCESS[name];
      if (pii) {
        f.role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
            resources: [piiKey.keyArn],
            // Only data keys of these purposes, and only ones bound to an incident (or register) scope.
            conditions: { StringEquals: { 'kms:EncryptionContext:purpose': [...pii.purposes] }, Null: { 'kms:EncryptionContext:incidentId': 'false' } },
          }),
        );
        if (pii.mac) {
          f.role.addToPrincipalPolicy(
            new iam.PolicyStatement({ actions: ['kms:GenerateMac'], resources: [piiHmacKey.keyArn], conditions: { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } } }),
          );
        }
      }
      if (SUBSCRIBES.includes(name)) {
        f.role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ['sns:Subscribe', 'sns:Unsubscribe', 'sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes'],
            resources: [topic.topicArn],
          }),
        );
        // One-time codes go to a phone number by SMS, which has no ARN to scope to; publishing to any topic is denied,
        // so the grant reaches only direct SMS.
        f.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'SmsOneTimeCodes', actions: ['sns:Publish'], resources: ['*'] }));
        f.role.addToPrincipalPolicy(
          new iam.PolicyStatement({ sid: 'NoTopicPublish', effect: iam.Effect.DENY, actions: ['sns:Publish'], resources: [`arn:${this.partition}:sns:*:*:*`] }),
        );
        acknowledge(f.role.node.findChild('DefaultPolicy'), {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'sns:Publish to a phone number (SMS one-time codes for subscriptions) cannot be scoped to a resource; a Deny on every topic ARN in the same policy keeps it to direct SMS.',
        });
      }
      functions[name] = f;
    }
    this.functions = functions;

    // --- REST API ----------------------------------------------------------------------------------------------
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: stage.removalPolicy,
    });
    const api = new apigw.RestApi(this, 'Api', {
      restApiName: `erp-${stage.name}-api`,
      description: 'Emergency response coordination API (v1)',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // API Gateway's logging role is one setting per account and region, shared by every stage deployed there:
      // tearing down dev must not take prod's log delivery with it.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: stage.name,
        throttlingRateLimit: 100,
        throttlingBurstLimit: 200,
        tracingEnabled: stage.tracing,
        metricsEnabled: true,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        // Request and response bodies carry personal data; they never go to execution logs.
        dataTraceEnabled: false,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        // No caller IP or user in the access log: personal data never reaches logs. WAF sees the IP.
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: false,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: false,
        }),
      },
    });
    this.api = api;
    // Links in public, cacheable documents (CAP <web>, Atom id and self) come from configuration, never from a request's
    // Host or X-Forwarded-* headers: a custom domain given as -c publicBaseUrl=https://..., else the stage's own URL
    // (built from the API's id, not api.url, which would make the function depend on the deployment that needs it).
    functions.public.fn.addEnvironment(
      'PUBLIC_BASE_URL',
      (this.node.tryGetContext('publicBaseUrl') as string | undefined) ?? `https://${api.restApiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}/${stage.name}`,
    );
    acknowledge(api, {
      id: 'AwsSolutions-APIG2',
      reason: 'Every handler validates path, query and body against the zod schemas of the route table and answers 400 problem+json; a second, weaker validator in API Gateway would only duplicate the rules.',
    });
    const cloudWatchRole = api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      acknowledge(cloudWatchRole, {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason: 'The account-level role API Gateway uses to write execution and access logs; AWS maintains this managed policy for exactly that purpose.',
      });
    }

    // Signed-in routes: Cognito's own authorizer, or (no user pools in this region) a Lambda TOKEN authorizer that
    // verifies the OIDC issuer's tokens and passes the same claims on. Either caches a token's result for 5 minutes.
    let authorizer: apigw.IAuthorizer;
    let authorizationType: apigw.AuthorizationType;
    if (identity.kind === 'cognito') {
      if (identity.userPools.length === 0) throw new Error('identity=cognito needs the user pools of the stateful stack');
      authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
        cognitoUserPools: identity.userPools,
        identitySource: apigw.IdentitySource.header('Authorization'),
        resultsCacheTtl: Duration.minutes(5),
      });
      authorizationType = apigw.AuthorizationType.COGNITO;
    } else {
      const fn = new PlatformFunction(this, 'Fn-authorizer', {
        ...common,
        name: 'authorizer',
        description: `Verifies ID tokens of the OIDC issuer ${identity.issuer} for API Gateway`,
        memorySize: 256,
        timeout: Duration.seconds(5),
        environment: {
          OIDC_ISSUER: identity.issuer,
          OIDC_AUDIENCE: identity.audience,
          OIDC_JWKS_URL: identity.jwksUrl,
          OIDC_CLAIM_MAP: JSON.stringify(identity.claimMap),
        },
      });
      this.authorizerFunction = fn;
      authorizer = new apigw.TokenAuthorizer(this, 'Authorizer', {
        handler: fn.fn,
        identitySource: apigw.IdentitySource.header('Authorization'),
        // Anything but "Bearer <jwt>" is refused with 401 before the function is invoked.
        validationRegex: '^Bearer +[\\w-]+\\.[\\w-]+\\.[\\w-]+$',
        resultsCacheTtl: Duration.minutes(5),
      });
      authorizationType = apigw.AuthorizationType.CUSTOM;
    }
    const integrations = Object.fromEntries(
      API_FUNCTIONS.map((name) => [name, new apigw.LambdaIntegration(functions[name].fn, { proxy: true, allowTestInvoke: false })]),
    ) as Record<ApiFunction, apigw.LambdaIntegration>;

    for (const route of routeList) {
      const resource = api.root.resourceForPath(route.path.replace(/^\//, ''));
      const method = resource.addMethod(
        route.method,
        integrations[route.fn],
        route.auth === 'public'
          ? { operationName: route.name, authorizationType: apigw.AuthorizationType.NONE }
          : { operationName: route.name, authorizationType, authorizer },
      );
      if (route.auth === 'public') {
        const reason = `${route.method} ${route.path} is public by design (route table: auth 'public'); it serves no personal data and WAF rate-limits it.`;
        acknowledge(method, { id: 'AwsSolutions-APIG4', reason }, { id: 'AwsSolutions-COG4', reason });
      } else if (identity.kind === 'oidc') {
        acknowledge(method, {
          id: 'AwsSolutions-COG4',
          reason:
            `${route.method} ${route.path} is signed in through the OIDC issuer configured for this deployment (-c identity=oidc; ` +
            'Beijing and Ningxia have no Cognito user pools): the Lambda TOKEN authorizer verifies signature (issuer JWKS), issuer, audience, expiry and issue time.',
        });
      }
    }

    // Errors API Gateway answers itself (no token, unknown route, throttled, too large, function failed) are
    // problem+json as well, in English; the functions' own errors are localised by Accept-Language.
    const signIn = 'Send the ID token of your sign-in as: Authorization: Bearer <token>.';
    const gatewayProblems: [string, apigw.ResponseType, string, string, number, string?][] = [
      ['Unauthorized', apigw.ResponseType.UNAUTHORIZED, 'unauthenticated', 'Sign-in required', 401, signIn],
      // The token authorizer's Deny (identity=oidc) carries the reason: malformed, expired or not for this API.
      ['Denied', apigw.ResponseType.ACCESS_DENIED, 'unauthenticated', 'Sign-in required', 401, '$context.authorizer.detail'],
      // Tokens cannot be checked at all (the issuer's keys unreachable): the caller may retry, the token may be fine.
      ['AuthorizerFailed', apigw.ResponseType.AUTHORIZER_FAILURE, 'service-unavailable', 'Sign-in cannot be checked right now; try again shortly', 503],
      ['AuthorizerMisconfigured', apigw.ResponseType.AUTHORIZER_CONFIGURATION_ERROR, 'service-unavailable', 'Sign-in cannot be checked right now; try again shortly', 503],
      ['NoRoute', apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, 'route-not-found', 'No such route', 404],
      ['Throttled', apigw.ResponseType.THROTTLED, 'service-unavailable', 'Busy; try again shortly', 429],
      ['TooLarge', apigw.ResponseType.REQUEST_TOO_LARGE, 'payload-too-large', 'The request body is too large', 413],
      ['Timeout', apigw.ResponseType.INTEGRATION_TIMEOUT, 'service-unavailable', 'Busy; try again shortly', 504],
      ['Failure', apigw.ResponseType.INTEGRATION_FAILURE, 'internal-error', 'Internal error', 502],
    ];
    for (const [id, type, code, title, status, detail] of gatewayProblems) {
      // Only the OIDC token authorizer denies; with Cognito an ACCESS_DENIED would not come from a token check.
      if (type === apigw.ResponseType.ACCESS_DENIED && identity.kind !== 'oidc') continue;
      api.addGatewayResponse(id, {
        type,
        statusCode: String(status),
        responseHeaders: {
          'Content-Type': "'application/problem+json'",
          // RFC 6750 §3, as the functions and the local host send it.
          ...(status === 401 ? { 'WWW-Authenticate': `'Bearer realm="emergency-api"'` } : {}),
        },
        templates: { 'application/json': problemTemplate(code, title, status, detail) },
      });
    }

    // --- WAF -----------------------------------------------------------------------------------------------------
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `erp-${stage.name}-${metricName}`,
    });
    const rateLimited: wafv2.CfnWebACL.RuleActionProperty = { block: { customResponse: { responseCode: 429, customResponseBodyKey: 'rate-limited' } } };
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `erp-${stage.name}-api`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('api'),
      // What a rate-limited caller reads: problem+json-shaped (WAF sends it as application/json, its closest type).
      customResponseBodies: {
        'rate-limited': {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: 'https://errors.emergency.example/rate-limited',
            title: 'Too many requests',
            status: 429,
            code: 'rate-limited',
            detail: 'Too many requests from your address in the last 5 minutes; wait a few minutes and try again.',
          }),
        },
      },
      rules: [
        {
          name: 'AWS-CommonRuleSet',
          priority: 0,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // Plans are long documents (> 8 KB); the handlers enforce their own body limits with 413.
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility('common'),
        },
        {
          name: 'AWS-KnownBadInputs',
          priority: 1,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' } },
          visibilityConfig: visibility('bad-inputs'),
        },
        ...ROUTE_RATE_LIMITS.map((r, i) => ({
          name: r.name,
          priority: 2 + i,
          action: rateLimited,
          statement: {
            rateBasedStatement: {
              limit: r.limit,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              scopeDownStatement: routeStatement(r.method, r.pathRegex),
            },
          },
          visibilityConfig: visibility(r.metric),
        })),
        {
          name: 'RateLimitPerIp',
          priority: 2 + ROUTE_RATE_LIMITS.length,
          action: rateLimited,
          // Per source IP over 5 minutes; generous because many citizens share carrier-grade NAT addresses.
          statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: visibility('rate-limit'),
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: api.deploymentStage.stageArn,
      webAclArn: webAcl.attrArn,
    });

    // --- outbox relay: table stream -> alerts topic --------------------------------------------------------------
    const dlqKey = new EncryptionKey(this, 'OutboxDlqKey', { purpose: 'outbox-dlq', stage: stage.name, removalPolicy: stage.removalPolicy }).key;
    this.outboxDlq = new sqs.Queue(this, 'OutboxDlq', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: dlqKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: stage.removalPolicy,
    });
    acknowledge(this.outboxDlq, {
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue: the on-failure destination of the outbox relay stream mapping. Its depth is alarmed.',
    });

    const relay = new PlatformFunction(this, 'Fn-outbox-relay', {
      ...common,
      name: 'outbox-relay',
      description: 'Publishes outbox items from the table stream to the alerts topic, once per item',
      timeout: Duration.seconds(30),
      // The PII key ids: the relay opens the phone of a notice after a response (purpose `notice`, Decrypt only).
      environment: { TABLE_NAME: table.tableName, TOPIC_ARN: topic.topicArn, PII_KEY_ID: piiKey.keyArn, PII_HMAC_KEY_ID: piiHmacKey.keyArn },
      unscopedActions: ['dynamodb:ListStreams'],
      // Alerts must go out while the API is under load: public traffic can never take the relay's concurrency.
      ...(stage.relayReservedConcurrency !== undefined ? { reservedConcurrentExecutions: stage.relayReservedConcurrency } : {}),
    });
    grantTableAccess(relay.role, table, tableKey, ['GetItem', 'UpdateItem']);
    relay.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    relay.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [topicKey.keyArn] }));
    // Notices after a response (PIPL Art 18): opens the phone sealed on the notice (data keys of purpose `notice` only)
    // and sends one SMS to it; a phone number has no ARN to scope sns:Publish to.
    relay.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [piiKey.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': ['notice'] }, Null: { 'kms:EncryptionContext:incidentId': 'false' } },
      }),
    );
    relay.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'SmsNoticesAfterResponse', actions: ['sns:Publish'], resources: ['*'] }));
    acknowledge(relay.role.node.findChild('DefaultPolicy'), {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:Publish to a phone number (the one notice a person gets after a response, PIPL Art 18) cannot be scoped to a resource; the phone is opened only from a notice item, under a Decrypt grant limited to purpose notice.',
    });
    relay.fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        bisectBatchOnError: true,
        retryAttempts: 5,
        reportBatchItemFailures: true,
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { SK: { S: lambda.FilterRule.isEqual('OUTBOX') } } },
          }),
        ],
        onFailure: new EncryptedSqsDlq(this.outboxDlq, dlqKey),
      }),
    );
    relay.alarm('OutboxAge', relay.fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }), {
      threshold: 60_000,
      comparison: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: 'outbox-relay: the oldest unrelayed stream record is more than 60 s old; alerts are late',
    });
    const dlqAlarm = new cloudwatch.Alarm(this, 'OutboxDlqDepthAlarm', {
      metric: this.outboxDlq.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'outbox-relay: stream records that failed every retry are waiting in the DLQ; alerts were not published',
    });
    dlqAlarm.addAlarmAction(alarmAction);
    dlqAlarm.addOkAction(alarmAction);
    this.outboxRelay = relay;

    // --- scheduled jobs (shared/jobs.ts): one function, one daily schedule and one dead-letter queue each ----------
    // A run can fail twice over: Scheduler cannot deliver it (throttled, function missing) after its retries, or
    // Lambda accepts it and every attempt throws. Both land in the job's DLQ, whose depth is alarmed, as the relay's do.
    const jobsDlqKey = new EncryptionKey(this, 'JobsDlqKey', { purpose: 'jobs-dlq', stage: stage.name, removalPolicy: stage.removalPolicy }).key;
    const jobs = {} as Record<JobName, PlatformFunction>;
    const jobDlqs = {} as Record<JobName, sqs.Queue>;
    for (const name of JOB_NAMES) {
      const def: JobDef = JOBS[name];
      const fn = new PlatformFunction(this, `Fn-${name}`, {
        ...common,
        name,
        description: def.description,
        // Pages through everything due; far longer than a request.
        timeout: Duration.minutes(def.timeoutMinutes),
        // A job that opens or seals personal data gets the PII key ids (the kernel reads both or neither).
        environment: { TABLE_NAME: table.tableName, ...(def.pii ? { PII_KEY_ID: piiKey.keyArn, PII_HMAC_KEY_ID: piiHmacKey.keyArn } : {}) },
      });
      grantTableAccess(fn.role, table, tableKey, def.tableAccess);
      // Only data keys of the job's purposes; no other KMS action: shredding a data key deletes its wrapped copy in the
      // table (an UpdateItem), it never schedules the deletion of a KMS key.
      if (def.pii) {
        fn.role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
            resources: [piiKey.keyArn],
            conditions: { StringEquals: { 'kms:EncryptionContext:purpose': [...def.pii.purposes] }, Null: { 'kms:EncryptionContext:incidentId': 'false' } },
          }),
        );
        if (def.pii.mac) {
          fn.role.addToPrincipalPolicy(
            new iam.PolicyStatement({ actions: ['kms:GenerateMac'], resources: [piiHmacKey.keyArn], conditions: { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } } }),
          );
        }
      }
      const id = name.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

      const dlq = new sqs.Queue(this, `${id}Dlq`, {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: jobsDlqKey,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        removalPolicy: stage.removalPolicy,
      });
      acknowledge(dlq, {
        id: 'AwsSolutions-SQS3',
        reason: `This queue is itself the dead-letter queue of the ${name} job: failed schedule deliveries and invocations that failed every retry. Its depth is alarmed.`,
      });
      // Lambda's own retries of the asynchronous invocation Scheduler makes; then the event goes to the DLQ.
      fn.fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new EncryptedSqsDestination(dlq, jobsDlqKey) });

      // Our own role for the schedule, so its policy (written by LambdaInvoke) can be reviewed and acknowledged here.
      const scheduleRole = new iam.Role(this, `${id}ScheduleRole`, {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
        description: `EventBridge Scheduler invokes the ${name} function`,
      });
      // LambdaInvoke grants sqs:SendMessage on the DLQ; sending to a queue under a customer-managed key needs the key too.
      scheduleRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [jobsDlqKey.keyArn] }));
      const at = def.dailyAtUtc;
      const every = def.everyMinutes;
      // Deadlines counted in minutes (notices) need a rate; the others run daily.
      new scheduler.Schedule(this, every ? `${id}Every${every}Minutes` : `${id}Daily`, {
        description: every ? `${def.description}; every ${every} minutes` : `${def.description}; daily at ${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')} UTC`,
        schedule: every
          ? scheduler.ScheduleExpression.rate(Duration.minutes(every))
          : scheduler.ScheduleExpression.cron({ minute: String(at.minute), hour: String(at.hour), timeZone: TimeZone.ETC_UTC }),
        target: new targets.LambdaInvoke(fn.fn, {
          input: scheduler.ScheduleTargetInput.fromObject({ time: scheduler.ContextAttribute.scheduledTime }),
          role: scheduleRole,
          retryAttempts: 3,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: dlq,
        }),
      });
      acknowledge(scheduleRole.node.findChild('DefaultPolicy'), {
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.fn.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
        reason:
          `LambdaInvoke grants lambda:InvokeFunction on the ${name} function and its qualified ARNs (<arn>:*, versions ` +
          'and aliases of that one function); the role can invoke nothing else.',
      });
      const depthAlarm = new cloudwatch.Alarm(this, `${id}DlqDepthAlarm`, {
        metric: dlq.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${name}: a scheduled run failed every retry and waits in its DLQ; the job did not do its work`,
      });
      depthAlarm.addAlarmAction(alarmAction);
      depthAlarm.addOkAction(alarmAction);
      jobs[name] = fn;
      jobDlqs[name] = dlq;
    }
    this.jobs = jobs;
    this.jobDlqs = jobDlqs;

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the API stage; routes start with /v1' });
    new CfnOutput(this, 'OpsTopicArn', { value: this.opsTopic.topicArn, description: 'Subscribe on-call here for alarms' });
  }
}
