// One Lambda function with the platform's defaults: Node.js 24 on arm64, bundled by esbuild into one ESM file with
// every dependency inside (the AWS SDK included), source maps, its own log group with retention, its own role with
// nothing but log writing and tracing, X-Ray active (where Lambda has it), and alarms on errors and throttles sent to
// the ops topic.
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { acknowledge } from './nag.ts';

/** The repository root: functions live in `<root>/functions/<name>/handler.ts`. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** esbuild emits ESM; this banner gives bundled CommonJS dependencies a working `require`. */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface PlatformFunctionProps {
  /** The folder under functions/; also the Powertools service name. */
  readonly name: string;
  readonly description: string;
  /** Settings beyond POWERTOOLS_SERVICE_NAME and NODE_OPTIONS. */
  readonly environment?: Record<string, string>;
  /** Where Errors and Throttles alarms go. */
  readonly alarmTopic: sns.ITopic;
  /** Of the log group: RETAIN in prod. */
  readonly removalPolicy: RemovalPolicy;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly logRetention?: logs.RetentionDays;
  /**
   * Actions without resource-level permissions that something else grants this function on "*" (for instance
   * dynamodb:ListStreams from a stream event source); named in the cdk-nag acknowledgement of Resource::*.
   */
  readonly unscopedActions?: string[];
  /** X-Ray active tracing; false where Lambda has no X-Ray integration (the China regions). Default true. */
  readonly tracing?: boolean;
  /** Concurrency kept for this function alone (and its ceiling); default none. */
  readonly reservedConcurrentExecutions?: number;
}

export class PlatformFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly errorsAlarm: cloudwatch.Alarm;
  readonly throttlesAlarm: cloudwatch.Alarm;
  private readonly alarmAction: actions.SnsAction;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    super(scope, id);
    this.alarmAction = new actions.SnsAction(props.alarmTopic);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.removalPolicy,
    });

    // Our own role instead of the default one with AWSLambdaBasicExecutionRole: writing to its own log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: `${PROJECT_ROOT}functions/${props.name}/handler.ts`,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      // shared/log.ts relies on these: the runtime writes each log call as JSON with level and request id, and drops
      // those below the application log level (chosen over Powertools Logger by npm run bench).
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: props.tracing === false ? lambda.Tracing.DISABLED : lambda.Tracing.ACTIVE,
      ...(props.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.name,
        // No --enable-source-maps: loading the map costs 8-10 ms on every cold start (npm run bench) and our logs
        // carry error names and codes, not stacks. The map ships with the bundle; set NODE_OPTIONS to debug.
        ...props.environment,
      },
      bundling: {
        minify: true,
        sourceMap: true,
        // Stack traces need the mappings, not the sources; keeps the bundle small.
        sourcesContent: false,
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // Bundle everything, @aws-sdk/* included: the pinned SDK, not whatever the runtime ships.
        externalModules: [],
        forceDockerBundling: false,
      },
    });

    // Tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords on "*" to the role's default policy.
    const unscoped = [...(props.tracing === false ? [] : ['xray:PutTraceSegments', 'xray:PutTelemetryRecords']), ...(props.unscopedActions ?? [])];
    // The default policy exists by now: log writing (and tracing) were added to it above.
    if (unscoped.length > 0) {
      acknowledge(this.role.node.findChild('DefaultPolicy'), {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          `Only actions that support no resource-level permissions are granted on "*": ${unscoped.join(', ')}. ` +
          'Every data action is scoped to a table, index, stream, topic, queue or key ARN.',
      });
    }

    this.errorsAlarm = this.alarm('Errors', this.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), {
      threshold: 1,
      description: `${props.name}: at least one invocation failed in 5 minutes`,
    });
    this.throttlesAlarm = this.alarm('Throttles', this.fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }), {
      threshold: 1,
      description: `${props.name}: at least one invocation was throttled in 5 minutes`,
    });
  }

  /** An alarm on one of this function's metrics that notifies the ops topic (alarm and recovery). */
  alarm(id: string, metric: cloudwatch.IMetric, opts: { threshold: number; description: string; comparison?: cloudwatch.ComparisonOperator; evaluationPeriods?: number }): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, `${id}Alarm`, {
      metric,
      threshold: opts.threshold,
      evaluationPeriods: opts.evaluationPeriods ?? 1,
      comparisonOperator: opts.comparison ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: opts.description,
    });
    alarm.addAlarmAction(this.alarmAction);
    alarm.addOkAction(this.alarmAction);
    return alarm;
  }
}
