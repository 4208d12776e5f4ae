// The CDK app as CloudFormation: what the two stacks promise (auth on every route, least privilege, encryption,
// retention, alarms) and that cdk-nag's AwsSolutions checks pass with only the acknowledgements reviewed below.
// Synthesis bundles every function with esbuild, so each stage is synthesized once and shared by all tests.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform, type Platform } from '../../infra/aws/platform.ts';
import { ESM_REQUIRE_BANNER } from '../../infra/aws/constructs/platform-function.ts';
import { API_FUNCTIONS, routeList } from '../../shared/http/routes.ts';

type Json = Record<string, any>;

interface Synthesized {
  platform: Platform;
  outdir: string;
  assemblyDir: string;
  stateful: Template;
  api: Template;
  /** The CDK policy validation report the cdk-nag plugin writes into (validation-report.json). */
  report: { pluginReports: { pluginName: string; violations: { ruleName: string; severity: string; violatingConstructs?: { constructPath: string }[] }[] }[] };
}

const outdirs: string[] = [];

function synthesize(stage: string, extra?: (p: Platform) => void): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), `erp-cdk-${stage}-`));
  outdirs.push(outdir);
  // inmemory: a failing validation throws from synth() with the whole report in the message.
  const platform = createPlatform({ outdir, context: { stage, '@aws-cdk/core:appMode': 'inmemory' } });
  extra?.(platform);
  const assembly = platform.app.synth();
  const reportFile = join(assembly.directory, 'validation-report.json');
  return {
    platform,
    outdir,
    assemblyDir: assembly.directory,
    // Template.fromStack reuses the assembly synthesized above (no second synthesis).
    stateful: Template.fromStack(platform.stateful),
    api: Template.fromStack(platform.api),
    report: existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : { pluginReports: [] },
  };
}

function resourcesOf(t: Template, type?: string): [string, Json][] {
  return Object.entries(t.toJSON().Resources as Record<string, Json>).filter(([, r]) => !type || r.Type === type);
}

function only(t: Template, type: string): [string, Json] {
  const found = resourcesOf(t, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
}

/** Every IAM policy statement anywhere in a template: identity policies, role inline policies, key, topic and queue policies. */
function statementsOf(t: Template): { resource: string; statement: Json }[] {
  const out: { resource: string; statement: Json }[] = [];
  const walk = (resource: string, node: unknown): void => {
    if (Array.isArray(node)) node.forEach((n) => walk(resource, n));
    else if (node && typeof node === 'object') {
      const o = node as Json;
      if (Array.isArray(o.Statement)) for (const s of o.Statement) out.push({ resource, statement: s });
      for (const v of Object.values(o)) walk(resource, v);
    }
  };
  for (const [id, r] of resourcesOf(t)) walk(id, r.Properties);
  return out;
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** `GET /v1/plans/{planId}` -> the AWS::ApiGateway::Method, by walking Resource parents up to the API root. */
function methodsByRoute(t: Template): Map<string, Json> {
  const resources = t.toJSON().Resources as Record<string, Json>;
  const pathOf = (ref: Json): string => {
    if (ref['Fn::GetAtt']?.[1] === 'RootResourceId') return '';
    const r = resources[ref.Ref as string]!;
    return `${pathOf(r.Properties.ParentId)}/${r.Properties.PathPart}`;
  };
  const map = new Map<string, Json>();
  for (const [, m] of resourcesOf(t, 'AWS::ApiGateway::Method')) {
    map.set(`${m.Properties.HttpMethod} ${pathOf(m.Properties.ResourceId)}`, m.Properties);
  }
  return map;
}

/** Logical id of the Lambda function whose POWERTOOLS_SERVICE_NAME is `name`. */
function functionId(t: Template, name: string): string {
  const hit = resourcesOf(t, 'AWS::Lambda::Function').find(([, f]) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === name);
  expect(hit, `function ${name}`).toBeDefined();
  return hit![0];
}

/** Allowed actions of one function's role, from all the identity policies attached to it. */
function actionsOfRole(t: Template, fnId: string): string[] {
  const fn = t.toJSON().Resources[fnId];
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  return resourcesOf(t, 'AWS::IAM::Policy')
    .filter(([, p]) => asList(p.Properties.Roles).some((r) => (r as Json).Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[])
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => asList(s.Action) as string[]);
}

/** The acknowledgements written into the templates (cdk_nag.rules_to_suppress), as `logicalId: ruleId`. */
function acknowledgementsOf(t: Template): { where: string; id: string; reason: string }[] {
  return resourcesOf(t).flatMap(([id, r]) =>
    ((r.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[]).map((a) => ({ where: id, ...a })),
  );
}

let dev: Synthesized;
let prod: Synthesized;
let synthMs = 0;

beforeAll(() => {
  const started = Date.now();
  dev = synthesize('dev');
  prod = synthesize('prod');
  synthMs = Date.now() - started;
}, 240_000);

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('API routes', () => {
  it('puts every non-public route of the route table behind the Cognito user pool authorizer', () => {
    // Prepare
    const methods = methodsByRoute(dev.api);
    const [authorizerId, authorizer] = only(dev.api, 'AWS::ApiGateway::Authorizer');
    const protectedRoutes = routeList.filter((r) => r.auth !== 'public');
    expect(protectedRoutes.length).toBeGreaterThan(0);

    // Act
    const found = protectedRoutes.map((r) => ({ route: `${r.method} ${r.path}`, method: methods.get(`${r.method} ${r.path}`) }));

    // Assess
    expect(authorizer.Properties.Type).toBe('COGNITO_USER_POOLS');
    for (const { route, method } of found) {
      expect(method, route).toBeDefined();
      expect(method!.AuthorizationType, route).toBe('COGNITO_USER_POOLS');
      expect(method!.AuthorizerId, route).toEqual({ Ref: authorizerId });
    }
  });

  it('leaves only the routes marked public open, without an authorizer', () => {
    // Prepare
    const methods = methodsByRoute(dev.api);

    // Act
    const open = [...methods.entries()].filter(([, m]) => m.AuthorizationType === 'NONE').map(([k]) => k).sort();

    // Assess
    const publicRoutes = routeList.filter((r) => r.auth === 'public').map((r) => `${r.method} ${r.path}`).sort();
    expect(open).toEqual(publicRoutes);
    for (const route of publicRoutes) expect(methods.get(route)!.AuthorizerId, route).toBeUndefined();
  });

  it('creates exactly one method per route and sends each to its own function through a proxy integration', () => {
    // Prepare
    const methods = methodsByRoute(dev.api);

    // Act
    const targets = routeList.map((r) => ({ r, m: methods.get(`${r.method} ${r.path}`)! }));

    // Assess
    expect(methods.size).toBe(routeList.length);
    for (const { r, m } of targets) {
      expect(m.Integration.Type, r.path).toBe('AWS_PROXY');
      expect(JSON.stringify(m.Integration.Uri), r.path).toContain(functionId(dev.api, r.fn));
    }
  });

  it('names the API stage after the deployment stage, throttles it, traces it and logs access as JSON', () => {
    // Prepare / Act
    const [, stage] = only(dev.api, 'AWS::ApiGateway::Stage');
    const [, prodStage] = only(prod.api, 'AWS::ApiGateway::Stage');

    // Assess
    expect(stage.Properties.StageName).toBe('dev');
    expect(prodStage.Properties.StageName).toBe('prod');
    expect(stage.Properties.TracingEnabled).toBe(true);
    expect(stage.Properties.MethodSettings).toEqual([
      expect.objectContaining({ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200, DataTraceEnabled: false }),
    ]);
    expect(JSON.parse(stage.Properties.AccessLogSetting.Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    dev.api.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
  });

  it('protects the stage with a regional WAF web ACL: AWS common rules, known bad inputs and a per-IP rate limit', () => {
    // Prepare / Act
    const [aclId, acl] = only(dev.api, 'AWS::WAFv2::WebACL');
    const [, association] = only(dev.api, 'AWS::WAFv2::WebACLAssociation');
    const [stageId] = only(dev.api, 'AWS::ApiGateway::Stage');

    // Assess
    expect(acl.Properties.Scope).toBe('REGIONAL');
    const rules = acl.Properties.Rules as Json[];
    const managed = rules.map((r) => r.Statement.ManagedRuleGroupStatement?.Name).filter(Boolean);
    expect(managed).toEqual(expect.arrayContaining(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']));
    expect(rules.some((r) => r.Statement.RateBasedStatement && r.Action?.Block)).toBe(true);
    expect(association.Properties.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(JSON.stringify(association.Properties.ResourceArn)).toContain(stageId);
  });

  it('answers API Gateway-made errors as problem+json', () => {
    // Prepare / Act
    const responses = resourcesOf(dev.api, 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties);

    // Assess
    expect(responses.map((r) => r.ResponseType)).toEqual(expect.arrayContaining(['UNAUTHORIZED', 'THROTTLED', 'MISSING_AUTHENTICATION_TOKEN']));
    for (const r of responses) {
      expect(r.ResponseParameters['gatewayresponse.header.Content-Type']).toBe("'application/problem+json'");
      expect(JSON.parse(r.ResponseTemplates['application/json'])).toMatchObject({ status: Number(r.StatusCode), requestId: '$context.requestId' });
    }
  });

  it('outputs the API URL, the user pool id and the client id', () => {
    // Prepare / Act
    const apiOutputs = Object.keys(dev.api.toJSON().Outputs ?? {});
    const statefulOutputs = Object.keys(dev.stateful.toJSON().Outputs ?? {});

    // Assess
    expect(apiOutputs).toContain('ApiUrl');
    expect(statefulOutputs).toEqual(expect.arrayContaining(['UserPoolId', 'UserPoolClientId']));
  });
});

describe('least privilege', () => {
  it('grants no wildcard action anywhere: no "*" and no "service:*" in any Allow statement', () => {
    // Prepare
    const statements = [...statementsOf(dev.stateful), ...statementsOf(dev.api)];
    expect(statements.length).toBeGreaterThan(10);

    // Act
    const wildcards = statements
      .filter(({ statement }) => statement.Effect === 'Allow')
      .flatMap(({ resource, statement }) => [
        ...(asList(statement.Action) as string[]).filter((a) => a === '*' || a.endsWith(':*')).map((a) => `${resource}: ${a}`),
        ...(statement.NotAction ? [`${resource}: NotAction`] : []),
      ]);

    // Assess
    expect(wildcards).toEqual([]);
  });

  it('uses wildcard actions only to deny non-TLS requests', () => {
    // Prepare / Act
    const denies = [...statementsOf(dev.stateful), ...statementsOf(dev.api)].filter(({ statement }) => statement.Effect === 'Deny');

    // Assess
    expect(denies.length).toBeGreaterThan(0);
    for (const { statement } of denies) expect(statement.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
  });

  it('gives the plans function only item reads, queries and transactional writes on the table', () => {
    // Prepare / Act
    const actions = actionsOfRole(dev.api, functionId(dev.api, 'plans')).filter((a) => a.startsWith('dynamodb:'));

    // Assess
    expect([...new Set(actions)].sort()).toEqual(
      ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'].sort(),
    );
  });

  it('gives the health function nothing on the table or its key', () => {
    // Prepare / Act
    const actions = actionsOfRole(dev.api, functionId(dev.api, 'health'));

    // Assess
    expect(actions.filter((a) => a.startsWith('dynamodb:') || a.startsWith('kms:'))).toEqual([]);
  });

  it('lets the outbox relay read the stream, mark items and publish to the alerts topic, and nothing more on the table', () => {
    // Prepare / Act
    const actions = new Set(actionsOfRole(dev.api, functionId(dev.api, 'outbox-relay')));

    // Assess
    for (const a of ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'sns:Publish', 'sqs:SendMessage', 'kms:GenerateDataKey']) {
      expect(actions, a).toContain(a);
    }
    for (const a of ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan']) expect(actions, a).not.toContain(a);
  });

  it('lets plan-deadlines query, read and write transactionally, but not update or scan', () => {
    // Prepare / Act
    const actions = actionsOfRole(dev.api, functionId(dev.api, 'plan-deadlines')).filter((a) => a.startsWith('dynamodb:'));

    // Assess
    expect([...new Set(actions)].sort()).toEqual(
      ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'].sort(),
    );
  });

  it('queries the indexes by name, never through index/*', () => {
    // Prepare / Act
    const resources = statementsOf(dev.api).flatMap(({ statement }) => asList(statement.Resource)).map((r) => JSON.stringify(r));

    // Assess
    expect(resources.filter((r) => r.includes('/index/'))).not.toHaveLength(0);
    expect(resources.filter((r) => r.includes('/index/*'))).toEqual([]);
  });
});

describe('table', () => {
  it('has point-in-time recovery, a customer-managed KMS key, TTL on expiresAt and a NEW_AND_OLD_IMAGES stream', () => {
    // Prepare / Act
    const [, table] = only(dev.stateful, 'AWS::DynamoDB::Table');
    const keyId = table.Properties.SSESpecification.KMSMasterKeyId['Fn::GetAtt'][0] as string;
    const key = dev.stateful.toJSON().Resources[keyId];

    // Assess
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('has PK/SK and the GSI1 and GSI2 indexes projecting all attributes', () => {
    // Prepare / Act
    const [, table] = only(dev.stateful, 'AWS::DynamoDB::Table');
    const indexes = table.Properties.GlobalSecondaryIndexes as Json[];

    // Assess
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect(indexes.map((i) => [i.IndexName, i.KeySchema.map((k: Json) => k.AttributeName), i.Projection.ProjectionType])).toEqual([
      ['GSI1', ['GSI1PK', 'GSI1SK'], 'ALL'],
      ['GSI2', ['GSI2PK', 'GSI2SK'], 'ALL'],
    ]);
  });

  it('is deletion-protected and retained in prod, with its key and the user pool', () => {
    // Prepare / Act
    const [, table] = only(prod.stateful, 'AWS::DynamoDB::Table');
    const [, pool] = only(prod.stateful, 'AWS::Cognito::UserPool');
    const keys = resourcesOf(prod.stateful, 'AWS::KMS::Key');

    // Assess
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.Properties.DeletionProtection).toBe('ACTIVE');
    for (const [id, key] of keys) expect(key.DeletionPolicy, id).toBe('Retain');
  });

  it('can be torn down in dev', () => {
    // Prepare / Act
    const [, table] = only(dev.stateful, 'AWS::DynamoDB::Table');

    // Assess
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
    expect(table.DeletionPolicy).toBe('Delete');
  });
});

describe('alerts topic and identities', () => {
  it('encrypts the alerts topic with a customer-managed key and denies publishing without TLS', () => {
    // Prepare / Act
    const topics = resourcesOf(dev.stateful, 'AWS::SNS::Topic');
    const [, policy] = only(dev.stateful, 'AWS::SNS::TopicPolicy');

    // Assess
    expect(topics).toHaveLength(1);
    expect(topics[0]![1].Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AlertsTopicKey/), 'Arn'] });
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('rotates every customer-managed key', () => {
    // Prepare / Act
    const keys = [...resourcesOf(dev.stateful, 'AWS::KMS::Key'), ...resourcesOf(dev.api, 'AWS::KMS::Key')];

    // Assess
    expect(keys.length).toBeGreaterThanOrEqual(4);
    for (const [id, key] of keys) expect(key.Properties.EnableKeyRotation, id).toBe(true);
  });

  it('has one Cognito group per role, immutable division/gov_level/org_id attributes and no self sign-up', () => {
    // Prepare / Act
    const groups = resourcesOf(dev.stateful, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName).sort();
    const [, pool] = only(dev.stateful, 'AWS::Cognito::UserPool');
    const schema = pool.Properties.Schema as Json[];

    // Assess
    expect(groups).toEqual(['auditor', 'citizen', 'office', 'org']);
    expect(pool.Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(schema).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Name: 'division', AttributeDataType: 'String', Mutable: false, StringAttributeConstraints: { MinLength: '6', MaxLength: '12' } }),
        expect.objectContaining({ Name: 'gov_level', Mutable: false }),
        expect.objectContaining({ Name: 'org_id', Mutable: false }),
      ]),
    );
    expect(pool.Properties.UserPoolTier).toBe('PLUS');
    expect(pool.Properties.Policies.PasswordPolicy).toMatchObject({ MinimumLength: 12, RequireSymbols: true, RequireNumbers: true, RequireUppercase: true, RequireLowercase: true });
  });

  it('has an API client without a secret that signs in by password or SRP', () => {
    // Prepare / Act
    const [, client] = only(dev.stateful, 'AWS::Cognito::UserPoolClient');

    // Assess
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']));
  });
});

describe('functions', () => {
  it('runs every function on Node.js 24 on arm64: one per API area plus the relay and the deadline sweep', () => {
    // Prepare / Act
    const functions = resourcesOf(dev.api, 'AWS::Lambda::Function');
    const names = functions.map(([, f]) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).sort();

    // Assess
    expect(names).toEqual([...API_FUNCTIONS, 'outbox-relay', 'plan-deadlines'].sort());
    for (const [id, f] of functions) {
      expect(f.Properties.Runtime, id).toBe('nodejs24.x');
      expect(f.Properties.Architectures, id).toEqual(['arm64']);
      expect(f.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      // Source maps are shipped but not loaded at start: they cost 8-10 ms of every cold start (npm run bench).
      expect(f.Properties.Environment.Variables.NODE_OPTIONS, id).toBeUndefined();
    }
    for (const name of API_FUNCTIONS) {
      const f = dev.api.toJSON().Resources[functionId(dev.api, name)].Properties;
      expect(f).toMatchObject({ MemorySize: 512, Timeout: 10, Handler: 'index.handler' });
      expect(f.Environment.Variables.TABLE_NAME).toBeDefined();
    }
  });

  it('gives each function its own log group with a retention period', () => {
    // Prepare
    const resources = dev.api.toJSON().Resources as Record<string, Json>;

    // Act
    const logGroups = resourcesOf(dev.api, 'AWS::Lambda::Function').map(([id, f]) => {
      const ref = f.Properties.LoggingConfig?.LogGroup?.Ref as string;
      return { id, ref, group: resources[ref] };
    });

    // Assess
    for (const { id, group } of logGroups) {
      expect(group?.Type, id).toBe('AWS::Logs::LogGroup');
      expect(group!.Properties.RetentionInDays, id).toBeGreaterThan(0);
    }
    expect(new Set(logGroups.map((l) => l.ref)).size).toBe(logGroups.length);
  });

  it('alarms on errors and throttles of every function, to the encrypted ops topic', () => {
    // Prepare
    const alarms = resourcesOf(dev.api, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const [opsTopicId] = resourcesOf(dev.api, 'AWS::SNS::Topic').find(([id]) => id.startsWith('OpsTopic'))!;

    // Act
    const byFunction = resourcesOf(dev.api, 'AWS::Lambda::Function').map(([id]) => ({
      id,
      metrics: alarms.filter((a) => a.Dimensions?.some((d: Json) => d.Value?.Ref === id)).map((a) => a.MetricName as string),
    }));

    // Assess
    for (const { id, metrics } of byFunction) expect(metrics, id).toEqual(expect.arrayContaining(['Errors', 'Throttles']));
    for (const a of alarms) expect(a.AlarmActions, a.AlarmDescription).toEqual([{ Ref: opsTopicId }]);
    expect(alarms.find((a) => a.MetricName === 'Errors')).toMatchObject({ Threshold: 1, Period: 300, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    dev.api.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue(), TopicName: 'erp-dev-ops' });
  });

  it('bundles each function as one ESM file with every dependency inside and a working require', () => {
    // Prepare
    const functions = resourcesOf(dev.api, 'AWS::Lambda::Function');

    // Act
    const bundles = functions.map(([id, f]) => {
      const hash = String(f.Properties.Code.S3Key).replace(/\.zip$/, '');
      return { id, dir: join(dev.assemblyDir, `asset.${hash}`) };
    });

    // Assess
    for (const { id, dir } of bundles) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER), id).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map')), id).toBe(true);
      // Bare imports of packages would mean a dependency left outside the bundle (node: built-ins are fine).
      const imported = [...code.matchAll(/(?:^|[;\s}])import\s*(?:[\w${},*\s]+from\s*)?["']([^"']+)["']/g)].map((m) => m[1]!);
      const bare = imported.filter((spec) => !builtinModules.includes(spec.replace(/^node:/, '')));
      expect(bare, id).toEqual([]);
    }
  });
});

describe('outbox relay and schedules', () => {
  it('feeds the relay only INSERTs of outbox items, reports partial failures and sends exhausted batches to a DLQ', () => {
    // Prepare / Act
    const [, mapping] = only(dev.api, 'AWS::Lambda::EventSourceMapping');
    const [dlqId, dlq] = only(dev.api, 'AWS::SQS::Queue');
    const filters = (mapping.Properties.FilterCriteria.Filters as Json[]).map((f) => JSON.parse(f.Pattern));

    // Assess
    expect(mapping.Properties).toMatchObject({
      FunctionName: { Ref: functionId(dev.api, 'outbox-relay') },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 25,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
    expect(filters).toEqual([{ eventName: ['INSERT'], dynamodb: { Keys: { SK: { S: ['OUTBOX'] } } } }]);
    expect(dlq.Properties.KmsMasterKeyId).toBeDefined();
    dev.api.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('alarms when the DLQ holds a message and when the oldest outbox record is over 60 seconds old', () => {
    // Prepare / Act
    const alarms = resourcesOf(dev.api, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const [dlqId] = only(dev.api, 'AWS::SQS::Queue');

    // Assess
    expect(alarms).toContainEqual(
      expect.objectContaining({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      }),
    );
    expect(alarms).toContainEqual(
      expect.objectContaining({
        MetricName: 'IteratorAge',
        Threshold: 60_000,
        ComparisonOperator: 'GreaterThanThreshold',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(dev.api, 'outbox-relay') } }],
      }),
    );
  });

  it('runs the plan-deadline sweep daily at 01:00 UTC through EventBridge Scheduler', () => {
    // Prepare / Act
    const [, schedule] = only(dev.api, 'AWS::Scheduler::Schedule');

    // Assess
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 1 * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [functionId(dev.api, 'plan-deadlines'), 'Arn'] } },
    });
    expect(JSON.parse(schedule.Properties.Target.Input)).toEqual({ time: '<aws.scheduler.scheduled-time>' });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged error or warning in either stage', () => {
    // Prepare / Act
    const findings = [dev, prod].flatMap((s) =>
      s.report.pluginReports
        .filter((r) => r.pluginName === 'AwsSolutions')
        .flatMap((r) => r.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingConstructs?.map((c) => c.constructPath).join(', ')}`)),
    );

    // Assess
    expect(findings).toEqual([]);
    // Synthesis time of both stages, bundling included, for whoever wonders why this file is slow.
    console.info(`synthesized dev and prod in ${synthMs} ms`);
  });

  it('acknowledges only the reviewed findings, each with its reason, on the resource it concerns', () => {
    // Prepare
    const api = dev.platform.api;
    const sweepId = api.getLogicalId(api.jobs['plan-deadlines'].fn.node.defaultChild as CfnElement);
    const reviewed = [
      'StatefulStack:AwsSolutions-DDB4',
      'StatefulStack:AwsSolutions-COG2',
      'ApiStack:AwsSolutions-APIG2',
      'ApiStack:AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'ApiStack:AwsSolutions-SQS3',
      'ApiStack:AwsSolutions-IAM5[Resource::*]',
      `ApiStack:AwsSolutions-IAM5[Resource::<${sweepId}.Arn>:*]`,
      'ApiStack:AwsSolutions-APIG4',
      'ApiStack:AwsSolutions-COG4',
    ];

    // Act
    const acks = [
      ...acknowledgementsOf(dev.stateful).map((a) => ({ ...a, stack: 'StatefulStack' })),
      ...acknowledgementsOf(dev.api).map((a) => ({ ...a, stack: 'ApiStack' })),
    ];

    // Assess
    expect([...new Set(acks.map((a) => `${a.stack}:${a.id}`))].sort()).toEqual([...reviewed].sort());
    for (const a of acks) expect(a.reason.length, `${a.where} ${a.id}`).toBeGreaterThan(40);
    // The public-route acknowledgements sit on exactly the public methods.
    const publicMethods = acks.filter((a) => a.id === 'AwsSolutions-APIG4').map((a) => a.where);
    expect(publicMethods).toHaveLength(routeList.filter((r) => r.auth === 'public').length);
    for (const where of publicMethods) expect(dev.api.toJSON().Resources[where].Type).toBe('AWS::ApiGateway::Method');
  });

  it('fails synthesis on a finding nobody acknowledged', () => {
    // Prepare
    const addUnsafeQueue = (p: Platform) => new sqs.Queue(p.stateful, 'UnsafeQueue');

    // Act
    const act = () => synthesize('dev', addUnsafeQueue);

    // Assess
    expect(act).toThrow(/AwsSolutions-SQS4/);
  }, 120_000);
});
