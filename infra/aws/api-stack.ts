// The code and how it is reached: one Lambda per API area behind a REST API built from the route table, the
// outbox relay on the table's stream, the scheduled plan-deadline sweep, WAF, and alarms to the ops topic.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
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
import { JOBS, JOB_NAMES, type JobName } from '../../shared/jobs.ts';
import { EncryptedSqsDlq } from './constructs/encrypted-dlq.ts';
import { EncryptionKey } from './constructs/encryption-key.ts';
import { acknowledge } from './constructs/nag.ts';
import { PlatformFunction } from './constructs/platform-function.ts';
import { type DynamoAction, grantTableAccess } from './constructs/table-access.ts';
import type { StageSettings } from './stage.ts';

export interface ApiStackProps extends StackProps {
  readonly stage: StageSettings;
  readonly table: dynamodb.ITable;
  readonly tableKey: kms.IKey;
  readonly topic: sns.ITopic;
  readonly topicKey: kms.IKey;
  readonly userPool: cognito.IUserPool;
}

/** What each API function may do on the table. A new entry in API_FUNCTIONS fails to compile until it is listed. */
export const API_TABLE_ACCESS: Record<ApiFunction, readonly DynamoAction[]> = {
  health: [],
  plans: ['GetItem', 'Query', 'BatchGetItem', 'PutItem', 'DeleteItem', 'ConditionCheckItem'],
  incidents: ['GetItem', 'Query', 'PutItem'],
  warnings: ['GetItem', 'PutItem'],
  response: ['GetItem', 'PutItem', 'ConditionCheckItem'],
  public: ['GetItem', 'Query'],
  subscriptions: ['GetItem', 'PutItem', 'DeleteItem'],
};

/** API functions that manage alert subscriptions on the topic (sns:Subscribe, sns:Unsubscribe). */
const SUBSCRIBES: readonly ApiFunction[] = ['subscriptions'];

const API_DESCRIPTIONS: Record<ApiFunction, string> = {
  health: 'Liveness and the OpenAPI document',
  plans: 'Emergency plans: drafting, approval, filing, versions and drills',
  incidents: 'Incident reports, follow-ups, severity, timeline and congress filings',
  warnings: 'Four-level warnings: issue, adjust, lift',
  response: 'Graded response I-IV: activate, change level, hand over, terminate; public releases',
  public: 'Public releases and active warnings as JSON, CAP 1.2 and Atom',
  subscriptions: 'Alert subscriptions as SNS subscriptions with filter policies',
};

/** Same shape as shared/http/problem.ts builds, for the responses API Gateway sends without calling a function. */
function problemTemplate(code: string, title: string, status: number): string {
  return JSON.stringify({ type: `https://errors.emergency.example/${code}`, title, status, code }).replace(/}$/, ',"requestId":"$context.requestId"}');
}

export class ApiStack extends Stack {
  readonly api: apigw.RestApi;
  readonly functions: Record<ApiFunction, PlatformFunction>;
  readonly outboxRelay: PlatformFunction;
  readonly jobs: Record<JobName, PlatformFunction>;
  readonly opsTopic: sns.Topic;
  readonly outboxDlq: sqs.Queue;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { stage, table, tableKey, topic, topicKey, userPool } = props;

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

    const common = { alarmTopic: this.opsTopic, removalPolicy: stage.removalPolicy };

    // --- API functions -----------------------------------------------------------------------------------------
    const functions = {} as Record<ApiFunction, PlatformFunction>;
    for (const name of API_FUNCTIONS) {
      const f = new PlatformFunction(this, `Fn-${name}`, {
        ...common,
        name,
        description: API_DESCRIPTIONS[name],
        environment: { TABLE_NAME: table.tableName, ...(SUBSCRIBES.includes(name) ? { TOPIC_ARN: topic.topicArn } : {}) },
      });
      grantTableAccess(f.role, table, tableKey, API_TABLE_ACCESS[name]);
      if (SUBSCRIBES.includes(name)) {
        f.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Subscribe', 'sns:Unsubscribe'], resources: [topic.topicArn] }));
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
        tracingEnabled: true,
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

    const authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [userPool],
      identitySource: apigw.IdentitySource.header('Authorization'),
      resultsCacheTtl: Duration.minutes(5),
    });
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
          : { operationName: route.name, authorizationType: apigw.AuthorizationType.COGNITO, authorizer },
      );
      if (route.auth === 'public') {
        const reason = `${route.method} ${route.path} is public by design (route table: auth 'public'); it serves no personal data and WAF rate-limits it.`;
        acknowledge(method, { id: 'AwsSolutions-APIG4', reason }, { id: 'AwsSolutions-COG4', reason });
      }
    }

    // Errors API Gateway answers itself (no token, unknown route, throttled, too large, function failed) are
    // problem+json as well, in English; the functions' own errors are localised by Accept-Language.
    const gatewayProblems: [string, apigw.ResponseType, string, string, number][] = [
      ['Unauthorized', apigw.ResponseType.UNAUTHORIZED, 'unauthenticated', 'Sign-in required', 401],
      ['NoRoute', apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, 'route-not-found', 'No such route', 404],
      ['Throttled', apigw.ResponseType.THROTTLED, 'service-unavailable', 'Busy; try again shortly', 429],
      ['TooLarge', apigw.ResponseType.REQUEST_TOO_LARGE, 'payload-too-large', 'The request body is too large', 413],
      ['Timeout', apigw.ResponseType.INTEGRATION_TIMEOUT, 'service-unavailable', 'Busy; try again shortly', 504],
      ['Failure', apigw.ResponseType.INTEGRATION_FAILURE, 'internal-error', 'Internal error', 502],
    ];
    for (const [id, type, code, title, status] of gatewayProblems) {
      api.addGatewayResponse(id, {
        type,
        statusCode: String(status),
        responseHeaders: { 'Content-Type': "'application/problem+json'" },
        templates: { 'application/json': problemTemplate(code, title, status) },
      });
    }

    // --- WAF -----------------------------------------------------------------------------------------------------
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `erp-${stage.name}-${metricName}`,
    });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `erp-${stage.name}-api`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('api'),
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
        {
          name: 'RateLimitPerIp',
          priority: 2,
          action: { block: {} },
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
      environment: { TABLE_NAME: table.tableName, TOPIC_ARN: topic.topicArn },
      unscopedActions: ['dynamodb:ListStreams'],
    });
    grantTableAccess(relay.role, table, tableKey, ['GetItem', 'UpdateItem']);
    relay.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    relay.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [topicKey.keyArn] }));
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

    // --- scheduled jobs (shared/jobs.ts): one function and one daily schedule each --------------------------------
    const jobs = {} as Record<JobName, PlatformFunction>;
    for (const name of JOB_NAMES) {
      const def = JOBS[name];
      const fn = new PlatformFunction(this, `Fn-${name}`, {
        ...common,
        name,
        description: def.description,
        // Pages through everything due; far longer than a request.
        timeout: Duration.minutes(def.timeoutMinutes),
        environment: { TABLE_NAME: table.tableName },
      });
      grantTableAccess(fn.role, table, tableKey, def.tableAccess);
      const id = name.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
      // Our own role for the schedule, so its policy (written by LambdaInvoke) can be reviewed and acknowledged here.
      const scheduleRole = new iam.Role(this, `${id}ScheduleRole`, {
        assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
        description: `EventBridge Scheduler invokes the ${name} function`,
      });
      const at = def.dailyAtUtc;
      new scheduler.Schedule(this, `${id}Daily`, {
        description: `${def.description}; daily at ${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')} UTC`,
        schedule: scheduler.ScheduleExpression.cron({ minute: String(at.minute), hour: String(at.hour), timeZone: TimeZone.ETC_UTC }),
        target: new targets.LambdaInvoke(fn.fn, {
          input: scheduler.ScheduleTargetInput.fromObject({ time: scheduler.ContextAttribute.scheduledTime }),
          role: scheduleRole,
          retryAttempts: 3,
          maxEventAge: Duration.hours(6),
        }),
      });
      acknowledge(scheduleRole.node.findChild('DefaultPolicy'), {
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.fn.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
        reason:
          `LambdaInvoke grants lambda:InvokeFunction on the ${name} function and its qualified ARNs (<arn>:*, versions ` +
          'and aliases of that one function); the role can invoke nothing else.',
      });
      jobs[name] = fn;
    }
    this.jobs = jobs;

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the API stage; routes start with /v1' });
    new CfnOutput(this, 'OpsTopicArn', { value: this.opsTopic.topicArn, description: 'Subscribe on-call here for alarms' });
  }
}
