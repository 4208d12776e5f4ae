// The CDK app as CloudFormation: what the two stacks promise (auth on every route, least privilege, encryption,
// retention, alarms, dead-letter queues) in every variant (dev and prod; Cognito, or an OIDC issuer in the China
// regions) and that cdk-nag's AwsSolutions checks pass with only the acknowledgements reviewed below.
// Each variant is synthesized once and shared; only the China variant builds its bundles (esbuild), which one test inspects.
import { SKIP_BUNDLING } from '../support/cdk.ts';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLAIM_MAP } from '../../functions/authorizer/claims.ts';
import { createPlatform, type Platform } from '../../infra/aws/platform.ts';
import { ESM_REQUIRE_BANNER } from '../../infra/aws/constructs/platform-function.ts';
import { ROUTE_RATE_LIMITS } from '../../infra/aws/api-stack.ts';
import { stageSettings } from '../../infra/aws/stage.ts';
import { POOL_ROLES } from '../../infra/aws/stateful-stack.ts';
import { ROLES } from '../../shared/domain/actor.ts';
import { API_FUNCTIONS, routeList } from '../../shared/http/routes.ts';
import { JOB_NAMES } from '../../shared/jobs.ts';

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

function synthesize(context: Record<string, unknown>, extra?: (p: Platform) => void, opts: { bundle?: boolean } = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), `erp-cdk-${String(context['stage'])}-`));
  outdirs.push(outdir);
  // inmemory: a failing validation throws from synth() with the whole report in the message.
  const platform = createPlatform({ outdir, context: { ...context, '@aws-cdk/core:appMode': 'inmemory', ...(opts.bundle ? {} : SKIP_BUNDLING) } });
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

/** What the subscriptions function's code sends to the table and to SNS (its store, and shared/alerts/sns.ts). */
const SUBSCRIPTIONS_TABLE_ACTIONS = ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'];
const SUBSCRIPTIONS_SNS_ACTIONS = ['sns:GetSubscriptionAttributes', 'sns:SetSubscriptionAttributes', 'sns:Subscribe', 'sns:Unsubscribe'];

const OIDC = {
  identity: 'oidc',
  oidcIssuer: 'https://idp.example.cn/realms/erp',
  oidcAudience: 'erp-api',
  oidcJwksUrl: 'https://idp.example.cn/realms/erp/protocol/openid-connect/certs',
};

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
/** Beijing, dev, signed in through an OIDC issuer; the relay's reserved concurrency set by -c. */
let cnDev: Synthesized;
/** Ningxia, prod, OIDC with a claim map naming the issuer's group claim. */
let cnProd: Synthesized;
let synthMs = 0;

beforeAll(() => {
  const started = Date.now();
  dev = synthesize({ stage: 'dev' });
  prod = synthesize({ stage: 'prod' });
  // The one variant whose bundles are built and inspected (every function, the token authorizer among them).
  cnDev = synthesize({ stage: 'dev', region: 'cn-north-1', ...OIDC, relayConcurrency: '3' }, undefined, { bundle: true });
  cnProd = synthesize({ stage: 'prod', region: 'cn-northwest-1', ...OIDC, oidcClaims: '{"cognito:groups":"roles"}' });
  synthMs = Date.now() - started;
}, 480_000);

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

const variants = () => ({ dev, prod, cnDev, cnProd });

/** The logical id of the one resource of `type` whose id starts with `prefix`. */
function idOf(t: Template, type: string, prefix: string): string {
  const hits = resourcesOf(t, type).filter(([id]) => id.startsWith(prefix));
  expect(hits.map(([id]) => id), `${type} ${prefix}*`).toHaveLength(1);
  return hits[0]![0];
}

/** Allow statements of the identity policies attached to one function's role. */
function statementsOfRole(t: Template, fnId: string): Json[] {
  const fn = t.toJSON().Resources[fnId];
  const roleId = fn.Properties.Role['Fn::GetAtt'][0];
  return statementsOfRoleId(t, roleId);
}

function statementsOfRoleId(t: Template, roleId: string): Json[] {
  return resourcesOf(t, 'AWS::IAM::Policy')
    .filter(([, p]) => asList(p.Properties.Roles).some((r) => (r as Json).Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[])
    .filter((s) => s.Effect === 'Allow');
}

/** Names of all functions of a template (their POWERTOOLS_SERVICE_NAME). */
function functionNames(t: Template): string[] {
  return resourcesOf(t, 'AWS::Lambda::Function').map(([, f]) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as string);
}

describe('API routes', () => {
  it('puts every non-public route of the route table behind the Cognito authorizer of both user pools', () => {
    // Prepare
    const methods = methodsByRoute(dev.api);
    const [authorizerId, authorizer] = only(dev.api, 'AWS::ApiGateway::Authorizer');
    const protectedRoutes = routeList.filter((r) => r.auth !== 'public');
    expect(protectedRoutes.length).toBeGreaterThan(0);

    // Act
    const found = protectedRoutes.map((r) => ({ route: `${r.method} ${r.path}`, method: methods.get(`${r.method} ${r.path}`) }));
    const pools = JSON.stringify(authorizer.Properties.ProviderARNs);

    // Assess
    expect(authorizer.Properties.Type).toBe('COGNITO_USER_POOLS');
    expect(authorizer.Properties.ProviderARNs).toHaveLength(2);
    expect(pools).toMatch(/StaffUserPool/);
    expect(pools).toMatch(/CitizenUserPool/);
    for (const { route, method } of found) {
      expect(method, route).toBeDefined();
      expect(method!.AuthorizationType, route).toBe('COGNITO_USER_POOLS');
      expect(method!.AuthorizerId, route).toEqual({ Ref: authorizerId });
    }
  });

  it('with an OIDC issuer, puts every non-public route behind the Lambda token authorizer', () => {
    // Prepare
    const methods = methodsByRoute(cnDev.api);
    const [authorizerId, authorizer] = only(cnDev.api, 'AWS::ApiGateway::Authorizer');
    const regex = new RegExp(authorizer.Properties.IdentityValidationExpression as string);

    // Act
    const guarded = routeList.filter((r) => r.auth !== 'public').map((r) => ({ route: `${r.method} ${r.path}`, method: methods.get(`${r.method} ${r.path}`)! }));

    // Assess
    expect(authorizer.Properties).toMatchObject({ Type: 'TOKEN', IdentitySource: 'method.request.header.Authorization', AuthorizerResultTtlInSeconds: 300 });
    expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(functionId(cnDev.api, 'authorizer'));
    expect(regex.test('Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln-_')).toBe(true);
    for (const bad of ['Basic dXNlcjpwYXNz', 'Bearer not-a-jwt', 'eyJ.eyJ.sig', 'Bearer a.b.c d']) expect(regex.test(bad), bad).toBe(false);
    for (const { route, method } of guarded) {
      expect(method.AuthorizationType, route).toBe('CUSTOM');
      expect(method.AuthorizerId, route).toEqual({ Ref: authorizerId });
    }
  });

  it('leaves only the routes marked public open, without an authorizer, in every variant', () => {
    for (const [name, v] of Object.entries(variants())) {
      // Prepare
      const methods = methodsByRoute(v.api);

      // Act
      const open = [...methods.entries()].filter(([, m]) => m.AuthorizationType === 'NONE').map(([k]) => k).sort();

      // Assess
      const publicRoutes = routeList.filter((r) => r.auth === 'public').map((r) => `${r.method} ${r.path}`).sort();
      expect(open, name).toEqual(publicRoutes);
      for (const route of publicRoutes) expect(methods.get(route)!.AuthorizerId, `${name} ${route}`).toBeUndefined();
    }
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

  it('names the API stage after the deployment stage, throttles it, traces it (not in China) and logs access as JSON', () => {
    // Prepare / Act
    const [, stage] = only(dev.api, 'AWS::ApiGateway::Stage');
    const [, prodStage] = only(prod.api, 'AWS::ApiGateway::Stage');
    const [, cnStage] = only(cnProd.api, 'AWS::ApiGateway::Stage');

    // Assess
    expect(stage.Properties.StageName).toBe('dev');
    expect(prodStage.Properties.StageName).toBe('prod');
    expect(stage.Properties.TracingEnabled).toBe(true);
    expect(cnStage.Properties.TracingEnabled).toBe(false);
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
    expect(rules.find((r) => r.Name === 'RateLimitPerIp')).toMatchObject({ Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } } });
    expect(association.Properties.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(JSON.stringify(association.Properties.ResourceArn)).toContain(stageId);
  });

  it.each([
    ['RateLimitSubscriptions', 100, ['/dev/v1/subscriptions', '/v1/subscriptions', '/dev/v1/subscriptions/s-1/confirmation'], ['/dev/v1/subscriptionsx', '/dev/v1/plans']],
    ['RateLimitReports', 20, ['/dev/v1/reports', '/dev/v1/reports/'], ['/dev/v1/reports/r-1/transitions', '/dev/v1/reportsx']],
  ])('limits %s to %i POSTs per IP in 5 minutes, scoped down by method and path', (name, limit, matching, other) => {
    // Prepare
    const [, acl] = only(dev.api, 'AWS::WAFv2::WebACL');
    const rule = (acl.Properties.Rules as Json[]).find((r) => r.Name === name)!;
    const general = (acl.Properties.Rules as Json[]).find((r) => r.Name === 'RateLimitPerIp')!;

    // Act
    const statement = rule.Statement.RateBasedStatement;
    const [byMethod, byPath] = statement.ScopeDownStatement.AndStatement.Statements as [Json, Json];
    const path = new RegExp(byPath.RegexMatchStatement.RegexString as string);

    // Assess
    expect(statement).toMatchObject({ Limit: limit, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    expect(rule.Action.Block.CustomResponse).toEqual({ ResponseCode: 429, CustomResponseBodyKey: 'rate-limited' });
    expect(rule.Priority).toBeLessThan(general.Priority);
    expect(byMethod.ByteMatchStatement).toMatchObject({ FieldToMatch: { Method: {} }, PositionalConstraint: 'EXACTLY', SearchString: 'POST' });
    expect(byPath.RegexMatchStatement.FieldToMatch).toEqual({ UriPath: {} });
    expect(byPath.RegexMatchStatement.TextTransformations.map((t: Json) => t.Type)).toEqual(['URL_DECODE', 'NORMALIZE_PATH']);
    for (const p of matching) expect(path.test(p), p).toBe(true);
    for (const p of other) expect(path.test(p), p).toBe(false);
    expect(ROUTE_RATE_LIMITS.map((r) => r.name)).toContain(name);
  });

  it('answers a rate-limited caller 429 with a problem+json-shaped body', () => {
    // Prepare / Act
    const [, acl] = only(dev.api, 'AWS::WAFv2::WebACL');
    const body = acl.Properties.CustomResponseBodies['rate-limited'];

    // Assess
    expect(body.ContentType).toBe('APPLICATION_JSON');
    expect(JSON.parse(body.Content)).toMatchObject({ status: 429, code: 'rate-limited', title: expect.any(String), detail: expect.any(String) });
  });

  it('answers API Gateway-made errors as problem+json, 401s with WWW-Authenticate', () => {
    for (const [name, v] of Object.entries(variants())) {
      // Prepare / Act
      const responses = resourcesOf(v.api, 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties);

      // Assess
      expect(responses.map((r) => r.ResponseType), name).toEqual(
        expect.arrayContaining(['UNAUTHORIZED', 'THROTTLED', 'MISSING_AUTHENTICATION_TOKEN', 'AUTHORIZER_FAILURE']),
      );
      for (const r of responses) {
        expect(r.ResponseParameters['gatewayresponse.header.Content-Type'], name).toBe("'application/problem+json'");
        expect(JSON.parse(r.ResponseTemplates['application/json']), name).toMatchObject({ status: Number(r.StatusCode), requestId: '$context.requestId' });
        if (r.StatusCode === '401') expect(r.ResponseParameters['gatewayresponse.header.WWW-Authenticate'], name).toMatch(/^'Bearer\b/);
      }
    }
  });

  it('turns the token authorizer\'s Deny into a 401 that says why, and a failure to check tokens into a 503', () => {
    // Prepare / Act
    const byType = new Map(resourcesOf(cnDev.api, 'AWS::ApiGateway::GatewayResponse').map(([, r]) => [r.Properties.ResponseType as string, r.Properties]));
    const denied = byType.get('ACCESS_DENIED')!;

    // Assess
    expect(denied.StatusCode).toBe('401');
    expect(JSON.parse(denied.ResponseTemplates['application/json'])).toMatchObject({ code: 'unauthenticated', detail: '$context.authorizer.detail' });
    expect(byType.get('AUTHORIZER_FAILURE')!.StatusCode).toBe('503');
    // With Cognito nothing denies by policy: no ACCESS_DENIED response is defined there.
    expect(resourcesOf(dev.api, 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties.ResponseType)).not.toContain('ACCESS_DENIED');
  });

  it('outputs the API URL, and the pools and clients only where there are user pools', () => {
    // Prepare / Act
    const apiOutputs = Object.keys(dev.api.toJSON().Outputs ?? {});
    const statefulOutputs = Object.keys(dev.stateful.toJSON().Outputs ?? {});
    const cnOutputs = [...Object.keys(cnDev.stateful.toJSON().Outputs ?? {}), ...Object.keys(cnDev.api.toJSON().Outputs ?? {})];

    // Assess
    expect(apiOutputs).toContain('ApiUrl');
    expect(statefulOutputs).toEqual(expect.arrayContaining(['StaffUserPoolId', 'StaffUserPoolClientId', 'CitizenUserPoolId', 'CitizenUserPoolClientId']));
    expect(cnOutputs).toContain('ApiUrl');
    expect(cnOutputs.filter((o) => /UserPool/.test(o))).toEqual([]);
  });
});

describe('least privilege', () => {
  it('grants no wildcard action anywhere: no "*" and no "service:*" in any Allow statement, in any variant', () => {
    // Prepare
    const statements = Object.values(variants()).flatMap((v) => [...statementsOf(v.stateful), ...statementsOf(v.api)]);
    expect(statements.length).toBeGreaterThan(40);

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
    const denies = Object.values(variants())
      .flatMap((v) => [...statementsOf(v.stateful), ...statementsOf(v.api)])
      .filter(({ statement }) => statement.Effect === 'Deny');

    // Assess: every Deny is the TLS guard, except the one that keeps the SMS code grant off every topic
    expect(denies.length).toBeGreaterThan(0);
    for (const { statement } of denies) {
      if (statement.Sid === 'NoTopicPublish') expect(statement.Action).toBe('sns:Publish');
      else expect(statement.Condition).toEqual({ Bool: { 'aws:SecureTransport': 'false' } });
    }
  });

  it('lets the subscriptions function send SMS codes to phone numbers but publish to no topic', () => {
    // Prepare / Act
    const roleId = dev.api.toJSON().Resources[functionId(dev.api, 'subscriptions')].Properties.Role['Fn::GetAtt'][0];
    const statements = resourcesOf(dev.api, 'AWS::IAM::Policy')
      .filter(([, p]) => asList(p.Properties.Roles).some((r) => (r as Json).Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[])
      .filter((s) => asList(s.Action).includes('sns:Publish'));

    // Assess
    expect(statements.find((s) => s.Effect === 'Allow')).toMatchObject({ Sid: 'SmsOneTimeCodes', Resource: '*' });
    expect(statements.find((s) => s.Effect === 'Deny')).toMatchObject({ Sid: 'NoTopicPublish', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] } });
  });

  /**
   * The table actions each function's code sends, reviewed against its code paths (see API_TABLE_ACCESS and JOBS);
   * stream actions come with the relay's event source. A function missing here fails the test until someone reviews it.
   */
  const TABLE_ACTIONS: Record<string, string[]> = {
    health: [],
    plans: ['BatchGetItem', 'ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query'],
    incidents: ['GetItem', 'PutItem', 'Query'],
    warnings: ['GetItem', 'PutItem'],
    response: ['ConditionCheckItem', 'GetItem', 'PutItem'],
    public: ['GetItem', 'Query'],
    subscriptions: SUBSCRIPTIONS_TABLE_ACTIONS,
    organizations: ['DeleteItem', 'GetItem', 'PutItem', 'Query'],
    volunteers: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query'],
    deployments: ['BatchGetItem', 'ConditionCheckItem', 'GetItem', 'PutItem'],
    // A taking checks its incident in its transaction; a return deletes the open tracker; lists, owners' lists, audit trails.
    requisitions: ['ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query'],
    claims: ['GetItem', 'PutItem', 'Query'],
    // Reveals; retention assessments and the auditors' lists are queries (GSI1-3).
    pii: ['GetItem', 'PutItem', 'Query'],
    // Issue 11: a rebuttal checks its incident in its transaction; lists and inboxes are queries; every write is a put.
    reports: ['ConditionCheckItem', 'GetItem', 'PutItem', 'Query'],
    linkage: ['GetItem', 'PutItem', 'Query'],
    recovery: ['GetItem', 'PutItem'],
    // Reads pending notices due (GSI2) and each notice; flags are puts.
    'notice-deadlines': ['GetItem', 'PutItem', 'Query'],
    // Reads the open trackers and each requisition and incident; flags and deadlines are puts.
    'requisition-deadlines': ['GetItem', 'PutItem', 'Query'],
    'outbox-relay': ['DescribeStream', 'GetItem', 'GetRecords', 'GetShardIterator', 'ListStreams', 'UpdateItem'],
    // Flags overdue filings with puts only: no DeleteItem and no ConditionCheckItem, which its writes never contain.
    'plan-deadlines': ['GetItem', 'PutItem', 'Query'],
    // Rule 17: erases records and shreds wrapped data keys in place (UpdateItem), deletes blind-index items and the
    // finished destruction (DeleteItem), reads alert markers at once (BatchGetItem).
    'pii-destruction': ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    authorizer: [],
  };

  it('grants every function exactly the table actions its code uses', () => {
    for (const [name, v] of Object.entries(variants())) {
      for (const fn of functionNames(v.api)) {
        // Prepare
        expect(TABLE_ACTIONS, `review the table actions of ${fn} and list them here`).toHaveProperty([fn]);

        // Act
        const actions = [...new Set(actionsOfRole(v.api, functionId(v.api, fn)).filter((a) => a.startsWith('dynamodb:')))].sort();

        // Assess
        expect(actions, `${name} ${fn}`).toEqual(TABLE_ACTIONS[fn]!.map((a) => `dynamodb:${a}`).sort());
      }
    }
  });

  it('lets only writers encrypt with the table key, and gives functions without table access nothing on it', () => {
    // Prepare
    const tableKey = (t: Template, fn: string) =>
      statementsOfRole(t, functionId(t, fn))
        .filter((s) => JSON.stringify(s.Resource).includes('TableKey'))
        .flatMap((s) => asList(s.Action) as string[]);

    // Act / Assess
    expect(tableKey(dev.api, 'public').sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
    expect(tableKey(dev.api, 'plans')).toContain('kms:GenerateDataKey');
    expect(tableKey(dev.api, 'health')).toEqual([]);
    expect(tableKey(cnDev.api, 'authorizer')).toEqual([]);
  });

  it('lets the outbox relay publish to the alerts topic, the subscriptions function manage subscriptions, and no one else either', () => {
    // Prepare / Act
    const sns = (fn: string) => [...new Set(actionsOfRole(dev.api, functionId(dev.api, fn)).filter((a) => a.startsWith('sns:')))].sort();

    // Assess
    expect(sns('outbox-relay')).toEqual(['sns:Publish']);
    // sns:Publish of the subscriptions function reaches phone numbers only (SMS codes; see the test below).
    expect(sns('subscriptions')).toEqual([...SUBSCRIPTIONS_SNS_ACTIONS, 'sns:Publish'].sort());
    for (const fn of functionNames(dev.api).filter((f) => !['outbox-relay', 'subscriptions'].includes(f))) expect(sns(fn), fn).toEqual([]);
  });

  it('gives the token authorizer nothing beyond its logs and traces', () => {
    // Prepare / Act
    const actions = [...new Set(actionsOfRole(cnDev.api, functionId(cnDev.api, 'authorizer')))].sort();

    // Assess
    expect(actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
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

  it('has PK/SK and the GSI1, GSI2 and GSI3 (audit by action) indexes projecting all attributes', () => {
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
      ['GSI3', ['GSI3PK', 'GSI3SK'], 'ALL'],
    ]);
  });

  it('is deletion-protected and retained in prod, with its keys and the user pools', () => {
    // Prepare / Act
    const [, table] = only(prod.stateful, 'AWS::DynamoDB::Table');
    const pools = resourcesOf(prod.stateful, 'AWS::Cognito::UserPool');
    const keys = [...resourcesOf(prod.stateful, 'AWS::KMS::Key'), ...resourcesOf(prod.api, 'AWS::KMS::Key')];

    // Assess
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(pools).toHaveLength(2);
    for (const [id, pool] of pools) {
      expect(pool.DeletionPolicy, id).toBe('Retain');
      expect(pool.Properties.DeletionProtection, id).toBe('ACTIVE');
    }
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

  it('rotates every customer-managed encryption key (KMS cannot rotate HMAC keys: the blind-index key is HMAC only)', () => {
    // Prepare / Act
    const all = [...resourcesOf(dev.stateful, 'AWS::KMS::Key'), ...resourcesOf(dev.api, 'AWS::KMS::Key')];
    const hmac = all.filter(([, key]) => String(key.Properties.KeySpec ?? '').startsWith('HMAC_'));
    const keys = all.filter(([, key]) => !String(key.Properties.KeySpec ?? '').startsWith('HMAC_'));

    // Assess
    expect(keys.length).toBeGreaterThanOrEqual(4);
    for (const [id, key] of keys) expect(key.Properties.EnableKeyRotation, id).toBe(true);
    expect(hmac.map(([id, key]) => [id.replace(/[0-9A-F]{8}$/, ''), key.Properties.KeySpec, key.Properties.KeyUsage])).toEqual([['PiiHmacKey', 'HMAC_256', 'GENERATE_VERIFY_MAC']]);
  });

  /** The user pool whose logical id starts with `prefix`, with its groups, client and risk configuration. */
  function pool(t: Template, prefix: string) {
    const id = idOf(t, 'AWS::Cognito::UserPool', prefix);
    const ofPool = (type: string) => resourcesOf(t, type).filter(([, r]) => r.Properties.UserPoolId?.Ref === id).map(([, r]) => r.Properties);
    const [client] = ofPool('AWS::Cognito::UserPoolClient');
    const [risk] = ofPool('AWS::Cognito::UserPoolRiskConfigurationAttachment');
    return {
      props: t.toJSON().Resources[id].Properties as Json,
      groups: ofPool('AWS::Cognito::UserPoolGroup').map((g) => g.GroupName as string).sort(),
      client: client!,
      risk: risk!,
      attribute: (name: string) => ((t.toJSON().Resources[id].Properties.Schema ?? []) as Json[]).find((a) => a.Name === name),
    };
  }

  it('keeps staff and citizens in two pools: each role in exactly one, no self sign-up, strong passwords, Plus-tier threat protection', () => {
    // Prepare / Act
    const staff = pool(dev.stateful, 'StaffUserPool');
    const citizens = pool(dev.stateful, 'CitizenUserPool');

    // Assess
    expect(staff.groups).toEqual([...POOL_ROLES.staff].sort());
    expect(citizens.groups).toEqual([...POOL_ROLES.citizens].sort());
    expect([...staff.groups, ...citizens.groups].sort()).toEqual([...ROLES].sort());
    for (const p of [staff, citizens]) {
      expect(p.props.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
      expect(p.props.UserPoolTier).toBe('PLUS');
      expect(p.props.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
      expect(p.props.Policies.PasswordPolicy).toMatchObject({ MinimumLength: 12, RequireSymbols: true, RequireNumbers: true, RequireUppercase: true, RequireLowercase: true });
    }
  });

  it('requires an authenticator app of every staff account (offices among them)', () => {
    // Prepare / Act
    const staff = pool(dev.stateful, 'StaffUserPool');

    // Assess
    expect(staff.groups).toContain('office');
    expect(staff.props.MfaConfiguration).toBe('ON');
    expect(staff.props.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(staff.risk.AccountTakeoverRiskConfiguration.Actions.HighAction.EventAction).toBe('BLOCK');
    expect(staff.risk.CompromisedCredentialsRiskConfiguration.Actions.EventAction).toBe('BLOCK');
  });

  it('offers citizens MFA and blocks their medium-risk sign-ins without it and every high-risk one', () => {
    // Prepare / Act
    const citizens = pool(dev.stateful, 'CitizenUserPool');

    // Assess
    expect(citizens.props.MfaConfiguration).toBe('OPTIONAL');
    expect(citizens.props.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(citizens.risk).toMatchObject({
      ClientId: 'ALL',
      AccountTakeoverRiskConfiguration: { Actions: { HighAction: { EventAction: 'BLOCK' }, MediumAction: { EventAction: 'MFA_REQUIRED' } } },
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
    });
  });

  it('keeps division, gov_level and org_id immutable on staff accounts and the ID number on citizens, correctable by administrators only', () => {
    // Prepare / Act
    const staff = pool(dev.stateful, 'StaffUserPool');
    const citizens = pool(dev.stateful, 'CitizenUserPool');

    // Assess
    expect(staff.attribute('division')).toMatchObject({ AttributeDataType: 'String', Mutable: false, StringAttributeConstraints: { MinLength: '6', MaxLength: '12' } });
    expect(staff.attribute('gov_level')).toMatchObject({ Mutable: false });
    expect(staff.attribute('org_id')).toMatchObject({ Mutable: false });
    expect(staff.attribute('id_number')).toBeUndefined();
    expect(citizens.attribute('id_number')).toMatchObject({ AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MinLength: '18', MaxLength: '18' } });
    // No app client may write a custom attribute: a citizen cannot claim somebody else's ID number.
    for (const p of [staff, citizens]) {
      expect(p.client.WriteAttributes.length).toBeGreaterThan(0);
      expect(p.client.WriteAttributes.filter((a: string) => a.startsWith('custom:'))).toEqual([]);
    }
  });

  it('has API clients without a secret that sign in by SRP and refresh only, never by plain password', () => {
    for (const prefix of ['StaffUserPool', 'CitizenUserPool']) {
      // Prepare / Act
      const { client } = pool(dev.stateful, prefix);

      // Assess
      expect(client.GenerateSecret, prefix).toBe(false);
      expect([...client.ExplicitAuthFlows].sort(), prefix).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
      expect(client.AllowedOAuthFlowsUserPoolClient, prefix).toBe(false);
    }
  });
});

describe('deployment in the China regions (an OIDC issuer instead of Cognito)', () => {
  it('synthesizes no Cognito resource at all', () => {
    for (const v of [cnDev, cnProd]) {
      // Prepare / Act
      const cognito = [...resourcesOf(v.stateful), ...resourcesOf(v.api)].filter(([, r]) => String(r.Type).startsWith('AWS::Cognito::'));

      // Assess
      expect(cognito).toEqual([]);
      expect(JSON.stringify([v.stateful.toJSON(), v.api.toJSON()])).not.toMatch(/cognito-idp|COGNITO_USER_POOLS/);
    }
  });

  it('deploys to the region asked for and writes no ARN of the aws partition by hand', () => {
    // Prepare / Act
    const templates = [cnDev, cnProd].map((v) => JSON.stringify([v.stateful.toJSON(), v.api.toJSON()]));

    // Assess
    expect(cnDev.platform.api.region).toBe('cn-north-1');
    expect(cnProd.platform.stateful.region).toBe('cn-northwest-1');
    for (const t of templates) {
      expect(t).not.toMatch(/arn:aws:/);
      expect(t).toContain('AWS::Partition');
    }
  });

  it('gives the token authorizer the issuer, the audience, the key set and the claim map', () => {
    // Prepare / Act
    const env = (v: Synthesized) => v.api.toJSON().Resources[functionId(v.api, 'authorizer')].Properties.Environment.Variables as Record<string, string>;

    // Assess
    expect(env(cnDev)).toMatchObject({ OIDC_ISSUER: OIDC.oidcIssuer, OIDC_AUDIENCE: OIDC.oidcAudience, OIDC_JWKS_URL: OIDC.oidcJwksUrl });
    expect(JSON.parse(env(cnDev)['OIDC_CLAIM_MAP']!)).toEqual(DEFAULT_CLAIM_MAP);
    expect(JSON.parse(env(cnProd)['OIDC_CLAIM_MAP']!)).toEqual({ ...DEFAULT_CLAIM_MAP, 'cognito:groups': 'roles' });
    expect(functionNames(dev.api)).not.toContain('authorizer');
  });

  it('turns X-Ray off where Lambda has no X-Ray integration', () => {
    for (const [id, f] of resourcesOf(cnDev.api, 'AWS::Lambda::Function')) expect(f.Properties.TracingConfig?.Mode ?? 'PassThrough', id).toBe('PassThrough');
  });
});

describe('deployment settings (-c)', () => {
  const read = (context: Record<string, unknown>) => (key: string) => context[key];

  it('defaults to Cognito, environment-agnostic, with X-Ray', () => {
    expect(stageSettings('dev')).toMatchObject({ identity: { kind: 'cognito' }, china: false, tracing: true });
    expect(stageSettings('dev').region).toBeUndefined();
  });

  it('refuses Cognito in Beijing and Ningxia, naming the settings to use instead', () => {
    for (const region of ['cn-north-1', 'cn-northwest-1']) expect(() => stageSettings('dev', read({ region }))).toThrow(/no Cognito user pools.*identity=oidc/);
  });

  it.each([
    ['no issuer', { identity: 'oidc', oidcAudience: 'a', oidcJwksUrl: OIDC.oidcJwksUrl }, /oidcIssuer/],
    ['no audience', { identity: 'oidc', oidcIssuer: OIDC.oidcIssuer, oidcJwksUrl: OIDC.oidcJwksUrl }, /oidcAudience/],
    ['a key set over plain http', { ...OIDC, oidcJwksUrl: 'http://idp.example.cn/certs' }, /oidcJwksUrl must be an https URL/],
    ['an unknown identity mode', { identity: 'saml' }, /cognito or oidc/],
    ['OIDC settings with Cognito', { oidcIssuer: OIDC.oidcIssuer }, /identity=oidc/],
    ['a claim map naming an unknown claim', { ...OIDC, oidcClaims: '{"custom:role":"role"}' }, /none of/],
    ['a region that is no region', { region: 'beijing' }, /region code/],
    ['a relay concurrency of 0', { relayConcurrency: '0' }, /relayConcurrency/],
  ])('refuses %s', (_what, context, message) => {
    expect(() => stageSettings('dev', read(context))).toThrow(message);
  });

  it('reserves relay concurrency in prod by default, none in dev, and what -c says otherwise', () => {
    expect(stageSettings('prod').relayReservedConcurrency).toBe(10);
    expect(stageSettings('dev').relayReservedConcurrency).toBeUndefined();
    expect(stageSettings('prod', read({ relayConcurrency: 'none' })).relayReservedConcurrency).toBeUndefined();
    expect(stageSettings('dev', read({ relayConcurrency: '25' })).relayReservedConcurrency).toBe(25);
  });
});

describe('functions', () => {
  it('runs every function on Node.js 24 on arm64: one per API area plus the relay and each scheduled job (and the token authorizer with OIDC)', () => {
    // Prepare / Act
    const functions = resourcesOf(dev.api, 'AWS::Lambda::Function');
    const names = functionNames(dev.api).sort();

    // Assess
    expect(names).toEqual([...API_FUNCTIONS, 'outbox-relay', ...JOB_NAMES].sort());
    expect(functionNames(cnDev.api).sort()).toEqual([...API_FUNCTIONS, 'outbox-relay', ...JOB_NAMES, 'authorizer'].sort());
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
    const resources = cnDev.api.toJSON().Resources as Record<string, Json>;

    // Act
    const logGroups = resourcesOf(cnDev.api, 'AWS::Lambda::Function').map(([id, f]) => {
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
    const alarms = resourcesOf(cnDev.api, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const [opsTopicId] = resourcesOf(cnDev.api, 'AWS::SNS::Topic').find(([id]) => id.startsWith('OpsTopic'))!;

    // Act
    const byFunction = resourcesOf(cnDev.api, 'AWS::Lambda::Function').map(([id]) => ({
      id,
      metrics: alarms.filter((a) => a.Dimensions?.some((d: Json) => d.Value?.Ref === id)).map((a) => a.MetricName as string),
    }));

    // Assess
    for (const { id, metrics } of byFunction) expect(metrics, id).toEqual(expect.arrayContaining(['Errors', 'Throttles']));
    for (const a of alarms) expect(a.AlarmActions, a.AlarmDescription).toEqual([{ Ref: opsTopicId }]);
    expect(alarms.find((a) => a.MetricName === 'Errors')).toMatchObject({ Threshold: 1, Period: 300, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    cnDev.api.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue(), TopicName: 'erp-dev-ops' });
  });

  it('bundles each function as one ESM file with every dependency inside and a working require', () => {
    // Prepare: the China variant has every function, the token authorizer (with jose) among them.
    const functions = resourcesOf(cnDev.api, 'AWS::Lambda::Function');

    // Act
    const bundles = functions.map(([id, f]) => {
      const hash = String(f.Properties.Code.S3Key).replace(/\.zip$/, '');
      return { id, dir: join(cnDev.assemblyDir, `asset.${hash}`) };
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
    const dlqId = idOf(dev.api, 'AWS::SQS::Queue', 'OutboxDlq');
    const dlq = dev.api.toJSON().Resources[dlqId];
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
    const dlqId = idOf(dev.api, 'AWS::SQS::Queue', 'OutboxDlq');

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

  it('reserves concurrency for the relay where the stage asks for it, so API traffic cannot starve alerts', () => {
    // Prepare / Act
    const reserved = (v: Synthesized) => v.api.toJSON().Resources[functionId(v.api, 'outbox-relay')].Properties.ReservedConcurrentExecutions;

    // Assess
    expect(reserved(prod)).toBe(10);
    expect(reserved(cnDev)).toBe(3);
    expect(reserved(dev)).toBeUndefined();
    for (const fn of API_FUNCTIONS) expect(prod.api.toJSON().Resources[functionId(prod.api, fn)].Properties.ReservedConcurrentExecutions, fn).toBeUndefined();
  });

  it('runs the plan-deadline sweep daily at 01:00 UTC through EventBridge Scheduler', () => {
    // Prepare / Act
    const [, schedule] = resourcesOf(dev.api, 'AWS::Scheduler::Schedule').find(([, r]) => JSON.stringify(r.Properties.Target.Arn).includes(functionId(dev.api, 'plan-deadlines')))!;

    // Assess
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 1 * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [functionId(dev.api, 'plan-deadlines'), 'Arn'] } },
    });
    expect(JSON.parse(schedule.Properties.Target.Input)).toEqual({ time: '<aws.scheduler.scheduled-time>' });
  });
  it.each(JOB_NAMES)('sends a run of %s that fails every retry to its own encrypted DLQ, from Scheduler and from Lambda alike', (job) => {
    for (const [name, v] of Object.entries(variants())) {
      // Prepare
      const resources = v.api.toJSON().Resources as Record<string, Json>;
      const fnId = functionId(v.api, job);
      const [, schedule] = resourcesOf(v.api, 'AWS::Scheduler::Schedule').find(([, r]) => JSON.stringify(r.Properties.Target.Arn).includes(fnId))!;
      const [, invokeConfig] = resourcesOf(v.api, 'AWS::Lambda::EventInvokeConfig').find(([, r]) => r.Properties.FunctionName.Ref === fnId)!;

      // Act
      const dlqId = schedule.Properties.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0] as string;
      const keyId = resources[dlqId]!.Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
      const scheduleRoleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
      const sends = (statements: Json[]) => statements.filter((s) => asList(s.Action).includes('sqs:SendMessage')).map((s) => s.Resource);
      const keyUse = (statements: Json[]) => statements.filter((s) => asList(s.Action).includes('kms:GenerateDataKey')).map((s) => s.Resource);

      // Assess
      expect(resources[dlqId]!.Type, name).toBe('AWS::SQS::Queue');
      expect(resources[keyId]!.Type, name).toBe('AWS::KMS::Key');
      expect(schedule.Properties.Target.RetryPolicy, name).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21600 });
      expect(invokeConfig.Properties, name).toMatchObject({ MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } } });
      expect(sends(statementsOfRole(v.api, fnId)), name).toEqual([{ 'Fn::GetAtt': [dlqId, 'Arn'] }]);
      expect(sends(statementsOfRoleId(v.api, scheduleRoleId)), name).toEqual([{ 'Fn::GetAtt': [dlqId, 'Arn'] }]);
      expect(keyUse(statementsOfRoleId(v.api, scheduleRoleId)), name).toEqual([{ 'Fn::GetAtt': [keyId, 'Arn'] }]);
      v.api.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: dlqId }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
  });

  it.each(JOB_NAMES)('alarms when a run of %s waits in its DLQ and when the job function fails', (job) => {
    // Prepare
    const [opsTopicId] = resourcesOf(dev.api, 'AWS::SNS::Topic').find(([id]) => id.startsWith('OpsTopic'))!;
    const fnId = functionId(dev.api, job);
    const [, schedule] = resourcesOf(dev.api, 'AWS::Scheduler::Schedule').find(([, r]) => JSON.stringify(r.Properties.Target.Arn).includes(fnId))!;
    const dlqId = schedule.Properties.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0] as string;

    // Act
    const alarms = resourcesOf(dev.api, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const depth = alarms.find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === dlqId);
    const errors = alarms.find((a) => a.MetricName === 'Errors' && a.Dimensions?.[0]?.Value?.Ref === fnId);

    // Assess
    expect(depth).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [{ Ref: opsTopicId }], OKActions: [{ Ref: opsTopicId }] });
    expect(errors).toMatchObject({ Threshold: 1, AlarmActions: [{ Ref: opsTopicId }] });
  });
});

describe('personal-data destruction (rule 17)', () => {
  /** KMS statements of a function's role: actions, resources and the purposes their encryption context allows. */
  const kmsOf = (t: Template, fn: string) =>
    statementsOfRole(t, functionId(t, fn))
      .filter((s) => (asList(s.Action) as string[]).some((a) => a.startsWith('kms:')))
      .map((s) => ({ actions: (asList(s.Action) as string[]).sort(), resource: JSON.stringify(s.Resource), purposes: s.Condition?.StringEquals?.['kms:EncryptionContext:purpose'] as string[] | undefined }));

  it('rule 17: runs pii-destruction daily through EventBridge Scheduler, at 02:30 China Standard Time', () => {
    // Prepare / Act
    const fnId = functionId(dev.api, 'pii-destruction');
    const [, schedule] = resourcesOf(dev.api, 'AWS::Scheduler::Schedule').find(([, r]) => JSON.stringify(r.Properties.Target.Arn).includes(fnId))!;

    // Assess
    expect(schedule.Properties).toMatchObject({ ScheduleExpression: 'cron(30 18 * * ? *)', ScheduleExpressionTimezone: 'Etc/UTC', State: 'ENABLED' });
    expect(JSON.parse(schedule.Properties.Target.Input)).toEqual({ time: '<aws.scheduler.scheduled-time>' });
  });

  it('rule 17: lets the job use data keys of its purposes only and nothing else of KMS: shredding deletes the wrapped key item, no key deletion', () => {
    for (const [name, v] of Object.entries(variants())) {
      // Prepare / Act
      const kms = kmsOf(v.api, 'pii-destruction');
      const actions = [...new Set(kms.flatMap((s) => s.actions))].sort();
      const pii = kms.filter((s) => s.purposes !== undefined);

      // Assess: the table key's actions, data keys under three purposes, and the blind-index MAC; never a key's life cycle.
      expect(actions, name).toEqual(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateMac']);
      expect(pii.map((s) => [s.actions, [...s.purposes!].sort()]), name).toEqual([[['kms:Decrypt', 'kms:GenerateDataKey'], ['notice', 'report', 'requisition']]]);
      for (const banned of ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:CreateKey', 'kms:PutKeyPolicy']) expect(actions, name).not.toContain(banned);
    }
  });

  it('lets the relay open only the phones of notices after a response (purpose notice, Decrypt) and gives it the PII key ids', () => {
    // Prepare / Act
    const pii = kmsOf(dev.api, 'outbox-relay').filter((s) => s.purposes !== undefined);
    const [, relay] = resourcesOf(dev.api, 'AWS::Lambda::Function').find(([id]) => id === functionId(dev.api, 'outbox-relay'))!;

    // Assess
    expect(pii).toEqual([{ actions: ['kms:Decrypt'], resource: expect.any(String), purposes: ['notice'] }]);
    expect(Object.keys(relay.Properties.Environment.Variables)).toEqual(expect.arrayContaining(['PII_KEY_ID', 'PII_HMAC_KEY_ID']));
    const [, job] = resourcesOf(dev.api, 'AWS::Lambda::Function').find(([id]) => id === functionId(dev.api, 'pii-destruction'))!;
    expect(Object.keys(job.Properties.Environment.Variables)).toEqual(expect.arrayContaining(['PII_KEY_ID', 'PII_HMAC_KEY_ID']));
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged error or warning in any variant: both stages, both identity modes', () => {
    // Prepare / Act
    const findings = Object.entries(variants()).flatMap(([name, s]) =>
      s.report.pluginReports
        .filter((r) => r.pluginName === 'AwsSolutions')
        .flatMap((r) => r.violations.map((v) => `${name}: ${v.severity} ${v.ruleName} at ${v.violatingConstructs?.map((c) => c.constructPath).join(', ')}`)),
    );

    // Assess
    expect(findings).toEqual([]);
    // Synthesis time of the four variants, bundling included, for whoever wonders why this file is slow.
    console.info(`synthesized dev, prod, cn dev and cn prod in ${synthMs} ms`);
  });

  function acksOf(v: Synthesized) {
    return [
      ...acknowledgementsOf(v.stateful).map((a) => ({ ...a, stack: 'StatefulStack', template: v.stateful })),
      ...acknowledgementsOf(v.api).map((a) => ({ ...a, stack: 'ApiStack', template: v.api })),
    ];
  }

  function reviewedFor(v: Synthesized, cognito: boolean): string[] {
    const api = v.platform.api;
    const jobAcks = JOB_NAMES.map((job) => `ApiStack:AwsSolutions-IAM5[Resource::<${api.getLogicalId(api.jobs[job].fn.node.defaultChild as CfnElement)}.Arn>:*]`);
    return [
      'StatefulStack:AwsSolutions-DDB4',
      ...(cognito ? ['StatefulStack:AwsSolutions-COG2'] : []),
      'ApiStack:AwsSolutions-APIG2',
      'ApiStack:AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'ApiStack:AwsSolutions-SQS3',
      'ApiStack:AwsSolutions-IAM5[Resource::*]',
      ...jobAcks,
      'ApiStack:AwsSolutions-APIG4',
      'ApiStack:AwsSolutions-COG4',
    ];
  }

  it('acknowledges only the reviewed findings, each with its reason, on the resource it concerns', () => {
    for (const [name, v, cognito] of [['dev', dev, true], ['prod', prod, true], ['cn dev', cnDev, false], ['cn prod', cnProd, false]] as const) {
      // Prepare
      const reviewed = reviewedFor(v, cognito);

      // Act
      const acks = acksOf(v);

      // Assess
      expect([...new Set(acks.map((a) => `${a.stack}:${a.id}`))].sort(), name).toEqual([...reviewed].sort());
      for (const a of acks) expect(a.reason.length, `${name} ${a.where} ${a.id}`).toBeGreaterThan(40);
      // The public-route acknowledgements sit on exactly the public methods.
      const publicMethods = acks.filter((a) => a.id === 'AwsSolutions-APIG4').map((a) => a.where);
      expect(publicMethods, name).toHaveLength(routeList.filter((r) => r.auth === 'public').length);
      for (const where of publicMethods) expect(v.api.toJSON().Resources[where].Type, name).toBe('AWS::ApiGateway::Method');
      // Every dead-letter queue, and nothing else, is acknowledged for having no DLQ of its own.
      const sqs3 = acks.filter((a) => a.id === 'AwsSolutions-SQS3').map((a) => a.where).sort();
      expect(sqs3, name).toEqual(resourcesOf(v.api, 'AWS::SQS::Queue').map(([id]) => id).sort());
    }
  });

  it('acknowledges the missing Cognito authorizer on every route only where an OIDC issuer signs callers in', () => {
    // Prepare / Act
    const cog4 = (v: Synthesized) => acksOf(v).filter((a) => a.id === 'AwsSolutions-COG4').map((a) => a.where);

    // Assess
    expect(cog4(dev)).toHaveLength(routeList.filter((r) => r.auth === 'public').length);
    expect(cog4(cnDev)).toHaveLength(routeList.length);
    expect(acksOf(cnDev).find((a) => a.id === 'AwsSolutions-COG4' && /OIDC/.test(a.reason))).toBeDefined();
  });

  it('acknowledges optional MFA on the citizen pool alone', () => {
    // Prepare / Act
    const cog2 = acksOf(dev).filter((a) => a.id === 'AwsSolutions-COG2').map((a) => a.where);

    // Assess
    expect(cog2).toEqual([idOf(dev.stateful, 'AWS::Cognito::UserPool', 'CitizenUserPool')]);
  });

  it('fails synthesis on a finding nobody acknowledged', () => {
    // Prepare
    const addUnsafeQueue = (p: Platform) => new sqs.Queue(p.stateful, 'UnsafeQueue');

    // Act
    const act = () => synthesize({ stage: 'dev' }, addUnsafeQueue);

    // Assess
    expect(act).toThrow(/AwsSolutions-SQS4/);
  }, 120_000);
});
