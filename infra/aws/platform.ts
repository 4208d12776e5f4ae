// Builds the whole AWS app: both stacks for one stage, region and identity mode (infra/aws/stage.ts), with cdk-nag's
// AwsSolutions checks registered as a CDK validation plugin, so every synth (CLI or test) fails on an unacknowledged
// finding. Acknowledgements are written into the templates' Metadata (cdk_nag.rules_to_suppress) as the audit trail of
// what was accepted and why.
import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './api-stack.ts';
import { apiOriginOf, ConsoleStack, consoleSignInFrom } from './console-stack.ts';
import { type StageSettings, stageSettings } from './stage.ts';
import { StatefulStack } from './stateful-stack.ts';

/** Feature flags this app relies on, as defaults under whatever cdk.json and -c give. */
export const FEATURE_FLAGS = {
  // A new authorizer configuration forces a new API deployment instead of leaving the stage on the old one.
  '@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId': true,
  // ApiStack imports the table, keys, topic and user pools as CloudFormation exports: the stateful stack cannot be
  // deleted, nor an export it still serves be removed, while the API stack uses it.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
} as const;

export interface Platform {
  app: App;
  stage: StageSettings;
  stateful: StatefulStack;
  api: ApiStack;
  console: ConsoleStack;
}

export function createPlatform(props: AppProps = {}): Platform {
  const app = new App({ ...props, context: { ...FEATURE_FLAGS, ...props.context } });
  const read = (key: string): unknown => app.node.tryGetContext(key);
  const stage = stageSettings(String(read('stage') ?? 'dev'), read);
  // With -c region the templates name their partition (aws-cn in Beijing and Ningxia); without, they stay agnostic.
  const env = stage.region ? { region: stage.region, ...(stage.account ? { account: stage.account } : {}) } : undefined;

  const stateful = new StatefulStack(app, 'StatefulStack', {
    stackName: `erp-${stage.name}-stateful`,
    description: `Emergency response platform (${stage.name}): table, keys, alerts topic${stage.identity.kind === 'cognito' ? ', user pools' : ''}`,
    terminationProtection: stage.isProd,
    ...(env ? { env } : {}),
    stage,
  });
  const api = new ApiStack(app, 'ApiStack', {
    stackName: `erp-${stage.name}-api`,
    description: `Emergency response platform (${stage.name}): API, functions, relay, schedules, alarms`,
    terminationProtection: stage.isProd,
    ...(env ? { env } : {}),
    stage,
    table: stateful.table,
    tableKey: stateful.tableKey,
    topic: stateful.topic,
    topicKey: stateful.topicKey,
    piiKey: stateful.piiKey,
    piiHmacKey: stateful.piiHmacKey,
    identity: stage.identity.kind === 'oidc' ? stage.identity : { kind: 'cognito', userPools: Object.values(stateful.userPools ?? {}) },
  });

  // The web console on CloudFront, with the API under the same origin at /v1/*.
  const consoleStack = new ConsoleStack(app, 'ConsoleStack', {
    stackName: `erp-${stage.name}-console`,
    description: `Emergency response platform (${stage.name}): web console on CloudFront, the API under /v1/*`,
    terminationProtection: stage.isProd,
    stage,
    api: apiOriginOf(api.api),
    // Managed login (its domains and the console's app clients, made in the console stack against the pools) or OIDC.
    signIn: consoleSignInFrom(stage, read, stateful.userPools),
    ...(env ? { env } : {}),
  });

  Tags.of(app).add('project', 'emergency-response-platform');
  Tags.of(app).add('stage', stage.name);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
  return { app, stage, stateful, api, console: consoleStack };
}
