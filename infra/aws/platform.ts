// Builds the whole AWS app: both stacks for one stage, with cdk-nag's AwsSolutions checks registered as a CDK
// validation plugin, so every synth (CLI or test) fails on an unacknowledged finding. Acknowledgements are written
// into the templates' Metadata (cdk_nag.rules_to_suppress) as the audit trail of what was accepted and why.
import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiStack } from './api-stack.ts';
import { type StageSettings, stageSettings } from './stage.ts';
import { StatefulStack } from './stateful-stack.ts';

/** Feature flags this app relies on, as defaults under whatever cdk.json and -c give. */
export const FEATURE_FLAGS = {
  // A new authorizer configuration forces a new API deployment instead of leaving the stage on the old one.
  '@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId': true,
  // ApiStack imports the table, keys, topic and pool as CloudFormation exports: the stateful stack cannot be
  // deleted, nor an export it still serves be removed, while the API stack uses it.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
} as const;

export interface Platform {
  app: App;
  stage: StageSettings;
  stateful: StatefulStack;
  api: ApiStack;
}

export function createPlatform(props: AppProps = {}): Platform {
  const app = new App({ ...props, context: { ...FEATURE_FLAGS, ...props.context } });
  const stage = stageSettings(String(app.node.tryGetContext('stage') ?? 'dev'));

  const stateful = new StatefulStack(app, 'StatefulStack', {
    stackName: `erp-${stage.name}-stateful`,
    description: `Emergency response platform (${stage.name}): table, keys, alerts topic, user pool`,
    terminationProtection: stage.isProd,
    stage,
  });
  const api = new ApiStack(app, 'ApiStack', {
    stackName: `erp-${stage.name}-api`,
    description: `Emergency response platform (${stage.name}): API, functions, relay, schedules, alarms`,
    terminationProtection: stage.isProd,
    stage,
    table: stateful.table,
    tableKey: stateful.tableKey,
    topic: stateful.topic,
    topicKey: stateful.topicKey,
    userPool: stateful.userPool,
  });

  Tags.of(app).add('project', 'emergency-response-platform');
  Tags.of(app).add('stage', stage.name);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
  return { app, stage, stateful, api };
}
