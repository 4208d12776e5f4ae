// The console's hosting as CloudFormation: a private, encrypted, TLS-only bucket read by CloudFront through origin
// access control (an origin access identity in the China regions, whose CloudFormation has no OAC), the security
// headers, /v1/public/* cached by the API's Cache-Control with no Authorization in the key, every other /v1/* never
// cached, the console deployed from a bundle built at synth, sign-in through Cognito managed login (a domain and a
// public code-plus-PKCE app client per pool, returning only to the distribution) or an OIDC issuer, told to the console
// in config.json and allowed by the CSP, and cdk-nag AwsSolutions clean in every identity mode.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleStack, consoleSignInFrom, type ConsoleSignIn } from '../../infra/aws/console-stack.ts';
import { stageSettings } from '../../infra/aws/stage.ts';

type Json = Record<string, any>;
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

const OIDC = {
  identity: 'oidc',
  oidcIssuer: 'https://idp.example.cn/realms/erp',
  oidcAudience: 'erp-api',
  oidcJwksUrl: 'https://idp.example.cn/realms/erp/protocol/openid-connect/certs',
};
const OIDC_CONSOLE = {
  oidcAuthorizeUrl: 'https://idp.example.cn/realms/erp/protocol/openid-connect/auth',
  oidcTokenUrl: 'https://login.example.cn/realms/erp/protocol/openid-connect/token',
  oidcLogoutUrl: 'https://idp.example.cn/realms/erp/protocol/openid-connect/logout',
};
const read = (ctx: Record<string, unknown>) => (key: string) => ctx[key];

interface Synth {
  stack: ConsoleStack;
  pools?: Stack;
  template: Template;
  json: Json;
  violations: { ruleName: string; violatingConstructs?: { constructPath: string }[] }[];
  assetDir: string;
  /** config.json as deployed, each deploy-time value written as Ref(..), GetAtt(..), Import(..). */
  config: Json;
  warnings: string[];
}
const outdirs: string[] = [];

type SignInChoice = 'cognito' | Record<string, unknown>;

/** A CloudFormation value as text: Ref(X), GetAtt(X.Y), Import(X), joins concatenated. */
function tokenText(v: Json | string): string {
  if (typeof v === 'string') return v;
  if ('Ref' in v) return `Ref(${v.Ref})`;
  if ('Fn::GetAtt' in v) return `GetAtt(${v['Fn::GetAtt'].join('.')})`;
  if ('Fn::ImportValue' in v) return `Import(${v['Fn::ImportValue']})`;
  if ('Fn::Join' in v) return (v['Fn::Join'][1] as (Json | string)[]).map(tokenText).join(v['Fn::Join'][0]);
  return JSON.stringify(v);
}

/**
 * The console stack in an app of its own, as the platform builds it: with Cognito, against the user pools of another
 * stack (the stateful stack's role); with OIDC, from the stage's context settings.
 */
function synth(region?: string, extra: Partial<ConstructorParameters<typeof ConsoleStack>[2]> = {}, choice: SignInChoice = 'cognito'): Synth {
  const outdir = mkdtempSync(join(tmpdir(), 'erp-console-cdk-'));
  outdirs.push(outdir);
  // inmemory: an unacknowledged cdk-nag finding makes synth() throw with the report.
  const app = new App({ outdir, context: { '@aws-cdk/core:appMode': 'inmemory' } });
  const env = region ? { env: { region } } : {};
  let signIn: ConsoleSignIn;
  let pools: Stack | undefined;
  if (choice === 'cognito') {
    pools = new Stack(app, 'Pools', env);
    // Pools that pass cdk-nag as the stateful stack's do, so the report judges only what the console stack adds.
    const pool = (id: string) =>
      new cognito.UserPool(pools!, id, {
        selfSignUpEnabled: false,
        passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
        mfa: cognito.Mfa.REQUIRED,
        mfaSecondFactor: { otp: true, sms: false },
        featurePlan: cognito.FeaturePlan.PLUS,
        standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      });
    signIn = consoleSignInFrom(stageSettings('dev'), read({}), { staff: pool('StaffPool'), citizens: pool('CitizenPool') });
  } else {
    signIn = consoleSignInFrom(stageSettings('dev', read({ ...(region ? { region } : {}), ...choice })), read(choice));
  }
  const stack = new ConsoleStack(app, 'ConsoleStack', {
    stage: stageSettings('dev'),
    api: { domainName: 'abc123.execute-api.cn-north-1.amazonaws.com.cn', originPath: '/dev' },
    signIn,
    ...env,
    ...extra,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
  const assembly = app.synth();
  const report = join(assembly.directory, 'validation-report.json');
  const template = Template.fromStack(stack);
  const json = template.toJSON() as Json;
  const deployment = Object.values(json.Resources as Json).find((r: Json) => r.Type === 'Custom::CDKBucketDeployment') as Json;
  const assetDirs = (deployment.Properties.SourceObjectKeys as string[]).map((k) => join(assembly.directory, `asset.${/([0-9a-f]{64})\.zip/.exec(k)![1]}`));
  const configIndex = assetDirs.findIndex((d) => existsSync(join(d, 'config.json')));
  let configText = readFileSync(join(assetDirs[configIndex]!, 'config.json'), 'utf8');
  for (const [marker, value] of Object.entries((deployment.Properties.SourceMarkers?.[configIndex] ?? {}) as Json)) configText = configText.split(marker).join(tokenText(value));
  return {
    stack,
    ...(pools ? { pools } : {}),
    template,
    json,
    violations: existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')).pluginReports.flatMap((p: Json) => p.violations) : [],
    assetDir: assetDirs.find((d) => existsSync(join(d, 'index.html')))!,
    config: JSON.parse(configText) as Json,
    warnings: assembly
      .getStackArtifact(stack.artifactId)
      .messages.filter((m) => m.level === 'warning')
      .map((m) => String(m.entry.data)),
  };
}

const resourcesOf = (s: Synth, type: string) => Object.values(s.json.Resources as Json).filter((r: Json) => r.Type === type) as Json[];
const distributionOf = (s: Synth) => resourcesOf(s, 'AWS::CloudFront::Distribution')[0]!.Properties.DistributionConfig as Json;
const behaviour = (s: Synth, pattern: string) => (distributionOf(s).CacheBehaviors as Json[]).find((b) => b.PathPattern === pattern)!;
const cspOf = (s: Synth) => tokenText(resourcesOf(s, 'AWS::CloudFront::ResponseHeadersPolicy')[0]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
const logicalIdOf = (s: Synth, type: string, prefix: string) => Object.entries(s.json.Resources as Json).find(([id, r]) => r.Type === type && id.startsWith(prefix))![0];

let global: Synth;
let china: Synth;
let noSignIn: Synth;
beforeAll(() => {
  global = synth();
  // Beijing has no Cognito user pools: the console signs in with the OIDC issuer there.
  china = synth('cn-north-1', {}, { ...OIDC, ...OIDC_CONSOLE });
  noSignIn = synth(undefined, {}, OIDC);
}, 180_000);
afterAll(() => {
  for (const d of outdirs) rmSync(d, { recursive: true, force: true });
});

describe('the console bucket', () => {
  it('is private, encrypted, refuses plain HTTP and logs access', () => {
    const buckets = resourcesOf(global, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(2);
    for (const b of buckets) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(b.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
      expect(b.Properties.WebsiteConfiguration).toBeUndefined();
    }
    const policies = resourcesOf(global, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      expect(p.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      );
    }
    global.template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'console-bucket/' } });
  });

  it('is read by CloudFront alone, through origin access control', () => {
    global.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    const s3Origin = (distributionOf(global).Origins as Json[]).find((o) => o.S3OriginConfig)!;
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    const consolePolicy = resourcesOf(global, 'AWS::S3::BucketPolicy').flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
    expect(consolePolicy).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Allow',
          Action: 's3:GetObject',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
        }),
      ]),
    );
    expect(resourcesOf(global, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toHaveLength(0);
  });

  it('in the China regions, whose CloudFormation has no OAC, is read through an origin access identity', () => {
    expect(resourcesOf(china, 'AWS::CloudFront::OriginAccessControl')).toHaveLength(0);
    expect(resourcesOf(china, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toHaveLength(1);
    const s3Origin = (distributionOf(china).Origins as Json[]).find((o) => o.S3OriginConfig)!;
    expect(JSON.stringify(s3Origin.S3OriginConfig.OriginAccessIdentity)).toContain('origin-access-identity/cloudfront/');
  });
});

describe('the distribution', () => {
  it('sends security headers everywhere: a CSP without unsafe-inline, HSTS, no framing, nosniff', () => {
    const [policy] = resourcesOf(global, 'AWS::CloudFront::ResponseHeadersPolicy');
    const sec = policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig as Json;
    const csp = cspOf(global);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(sec.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true, Override: true });
    expect(sec.FrameOptions).toMatchObject({ FrameOption: 'DENY', Override: true });
    expect(sec.ContentTypeOptions).toMatchObject({ Override: true });
    const dist = distributionOf(global);
    const policyRef = dist.DefaultCacheBehavior.ResponseHeadersPolicyId;
    expect((dist.CacheBehaviors as Json[]).every((b) => JSON.stringify(b.ResponseHeadersPolicyId) === JSON.stringify(policyRef))).toBe(true);
    expect(dist.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(dist.DefaultRootObject).toBe('index.html');
  });

  it('adds the base-map tile host to img-src only when a tile URL is set', () => {
    const withTiles = synth(undefined, { tileUrl: 'https://t0.tianditu.example/vec_w/{z}/{x}/{y}.png' });
    expect(cspOf(withTiles)).toContain("img-src 'self' https://t0.tianditu.example;");
    expect(cspOf(global)).toContain("img-src 'self';");
  });

  it('sends /v1/* to the API stage over HTTPS with every viewer header but Host, and never caches it', () => {
    const api = (distributionOf(global).Origins as Json[]).find((o) => o.CustomOriginConfig)!;
    expect(api).toMatchObject({ DomainName: 'abc123.execute-api.cn-north-1.amazonaws.com.cn', OriginPath: '/dev', CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] } });
    const v1 = behaviour(global, '/v1/*');
    expect(v1).toMatchObject({ TargetOriginId: api.Id, CachePolicyId: CACHING_DISABLED, OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER, ViewerProtocolPolicy: 'https-only' });
    expect(v1.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE']));
  });

  it('caches /v1/public/* by the API Cache-Control, keyed by path and query only (no Authorization), ahead of /v1/*', () => {
    const patterns = (distributionOf(global).CacheBehaviors as Json[]).map((b) => b.PathPattern);
    expect(patterns.indexOf('/v1/public/*')).toBeLessThan(patterns.indexOf('/v1/*'));
    const pub = behaviour(global, '/v1/public/*');
    expect(pub.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
    expect(pub.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
    const [cache] = resourcesOf(global, 'AWS::CloudFront::CachePolicy');
    expect(pub.CachePolicyId).toEqual({ Ref: Object.entries(global.json.Resources as Json).find(([, r]) => r === cache)![0] });
    const config = cache!.Properties.CachePolicyConfig as Json;
    // Minimum and default 0: the origin's max-age decides; without one nothing is kept.
    expect(config).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 86400 });
    const key = config.ParametersInCacheKeyAndForwardedToOrigin as Json;
    expect(key.HeadersConfig).toEqual({ HeaderBehavior: 'none' });
    expect(key.CookiesConfig).toEqual({ CookieBehavior: 'none' });
    expect(key.QueryStringsConfig).toEqual({ QueryStringBehavior: 'all' });
    expect(JSON.stringify(global.json)).not.toMatch(/"Authorization"/i);
  });

  it('deploys the console built at synth, and invalidates the page and its settings', () => {
    global.template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: Match.stringLikeRegexp('^Console') },
      DistributionId: { Ref: Match.stringLikeRegexp('^Distribution') },
      DistributionPaths: ['/index.html', '/config.json'],
    });
    const html = readFileSync(join(global.assetDir, 'index.html'), 'utf8');
    expect(html).toMatch(/<script type="module" src="\/assets\/main-\w+\.js"><\/script>/);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(existsSync(join(global.assetDir, 'favicon.svg'))).toBe(true);
  });
});

describe('sign-in with Cognito managed login', () => {
  const clients = () => resourcesOf(global, 'AWS::Cognito::UserPoolClient');
  const poolRef = (name: 'StaffPool' | 'CitizenPool') => tokenText(global.stack.resolve((global.pools!.node.findChild(name) as cognito.UserPool).userPoolId) as Json);

  it('gives each pool a managed login domain (version 2) and Cognito branding for the console client', () => {
    const domains = resourcesOf(global, 'AWS::Cognito::UserPoolDomain');
    expect(domains).toHaveLength(2);
    expect(domains.map((d) => d.Properties.ManagedLoginVersion)).toEqual([2, 2]);
    expect(domains.map((d) => tokenText(d.Properties.UserPoolId)).sort()).toEqual([poolRef('CitizenPool'), poolRef('StaffPool')].sort());
    // Unique per region across accounts: the stack's own id goes into each prefix.
    for (const d of domains) expect(JSON.stringify(d.Properties.Domain)).toContain('AWS::StackId');
    const brandings = resourcesOf(global, 'AWS::Cognito::ManagedLoginBranding');
    expect(brandings).toHaveLength(2);
    for (const b of brandings) expect(b.Properties).toMatchObject({ UseCognitoProvidedValues: true, ClientId: { Ref: expect.stringMatching(/ConsoleClient/) } });
  });

  it('gives the console a public client per pool: the authorization code grant only, no secret (PKCE), openid email phone profile', () => {
    expect(clients()).toHaveLength(2);
    for (const c of clients()) {
      expect(c.Properties.AllowedOAuthFlows).toEqual(['code']);
      expect(c.Properties.AllowedOAuthFlowsUserPoolClient).toBe(true);
      expect(c.Properties.GenerateSecret).toBe(false);
      expect([...c.Properties.AllowedOAuthScopes].sort()).toEqual(['email', 'openid', 'phone', 'profile']);
      expect(c.Properties.SupportedIdentityProviders).toEqual(['COGNITO']);
    }
    expect(clients().map((c) => tokenText(c.Properties.UserPoolId)).sort()).toEqual([poolRef('CitizenPool'), poolRef('StaffPool')].sort());
  });

  it('returns people only to the console: callback and sign-out URLs on the distribution', () => {
    const distribution = logicalIdOf(global, 'AWS::CloudFront::Distribution', 'Distribution');
    for (const c of clients()) {
      expect(c.Properties.CallbackURLs.map(tokenText)).toEqual([`https://GetAtt(${distribution}.DomainName)/`]);
      expect(c.Properties.LogoutURLs.map(tokenText)).toEqual([`https://GetAtt(${distribution}.DomainName)/`]);
      expect(c.Properties.DefaultRedirectURI).toBeUndefined();
    }
  });

  it('allows no password or SRP sign-in through the client, hides whether a user exists, and keeps tokens short-lived', () => {
    for (const c of clients()) {
      expect(c.Properties.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
      expect(JSON.stringify(c.Properties)).not.toMatch(/USER_PASSWORD_AUTH|USER_SRP_AUTH|CUSTOM_AUTH/);
      expect(c.Properties).toMatchObject({
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
        IdTokenValidity: 60,
        AccessTokenValidity: 60,
        RefreshTokenValidity: 720,
        TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      });
      // Contact details only: no client writes division, level, organisation or ID number.
      expect(c.Properties.WriteAttributes).toEqual(['email', 'phone_number']);
    }
  });

  it('tells the console in config.json which pool is for staff and which for citizens, with ids and domains', () => {
    const ref = (type: string, prefix: string) => `Ref(${logicalIdOf(global, type, prefix)})`;
    const domain = (prefix: string) => `https://${ref('AWS::Cognito::UserPoolDomain', prefix)}.auth.Ref(AWS::Region).amazoncognito.com`;
    expect(global.config).toEqual({
      signIn: {
        kind: 'cognito',
        pools: {
          staff: {
            issuer: `https://${tokenText(global.stack.resolve((global.pools!.node.findChild('StaffPool') as cognito.UserPool).userPoolProviderName) as Json)}`,
            userPoolId: poolRef('StaffPool'),
            clientId: ref('AWS::Cognito::UserPoolClient', 'StaffConsoleClient'),
            domain: domain('StaffSignInDomain'),
          },
          citizens: {
            issuer: `https://${tokenText(global.stack.resolve((global.pools!.node.findChild('CitizenPool') as cognito.UserPool).userPoolProviderName) as Json)}`,
            userPoolId: poolRef('CitizenPool'),
            clientId: ref('AWS::Cognito::UserPoolClient', 'CitizenConsoleClient'),
            domain: domain('CitizenSignInDomain'),
          },
        },
      },
      tileUrl: null,
    });
  });

  it('lets the console reach the two managed login domains (token and revocation endpoints) and no other origin', () => {
    const connect = /connect-src ([^;]+);/.exec(cspOf(global))![1]!.split(' ');
    expect(connect).toEqual(["'self'", global.config.signIn.pools.staff.domain, global.config.signIn.pools.citizens.domain]);
    expect(cspOf(global)).toContain("form-action 'self'");
  });

  it('depends on the pools without the pools depending on it: no cross-stack cycle', () => {
    expect(global.stack.dependencies).toContain(global.pools);
    expect(global.pools!.dependencies).not.toContain(global.stack);
    expect(JSON.stringify(Template.fromStack(global.pools!).toJSON())).not.toMatch(/ConsoleStack|Distribution/);
  });
});

describe('sign-in with an OIDC issuer (regions without Cognito user pools)', () => {
  it('tells the console the issuer, its endpoints, the client, the scopes and which claims carry roles and attributes', () => {
    expect(resourcesOf(china, 'AWS::Cognito::UserPoolClient')).toHaveLength(0);
    expect(resourcesOf(china, 'AWS::Cognito::UserPoolDomain')).toHaveLength(0);
    expect(china.config.signIn).toEqual({
      kind: 'oidc',
      issuer: OIDC.oidcIssuer,
      clientId: OIDC.oidcAudience,
      authorizeUrl: OIDC_CONSOLE.oidcAuthorizeUrl,
      tokenUrl: OIDC_CONSOLE.oidcTokenUrl,
      logoutUrl: OIDC_CONSOLE.oidcLogoutUrl,
      scopes: ['openid', 'email', 'phone', 'profile'],
      claims: { groups: 'groups', division: 'division', level: 'gov_level', org: 'org_id' },
    });
    expect(china.warnings.filter((w) => w.includes('@erp/console'))).toEqual([]);
  });

  it("lets the console reach the issuer's token endpoint", () => {
    expect(cspOf(china)).toContain("connect-src 'self' https://login.example.cn;");
  });

  it('without the console client settings, deploys a console that says sign-in is not set up, and warns at synth', () => {
    expect(noSignIn.config.signIn).toEqual({ kind: 'none' });
    expect(cspOf(noSignIn)).toContain("connect-src 'self';");
    expect(noSignIn.warnings.join('\n')).toMatch(/oidcAuthorizeUrl.*oidcTokenUrl/);
  });

  it('reads the console client from the settings: its own client id (with a warning when the API would refuse its tokens), scopes, claim names', () => {
    const stage = stageSettings('dev', read({ ...OIDC, oidcClaims: '{"cognito:groups":"roles"}' }));
    const signIn = consoleSignInFrom(stage, read({ ...OIDC_CONSOLE, oidcConsoleClientId: 'erp-console', oidcConsoleScopes: 'openid profile' }));
    expect(signIn).toMatchObject({ kind: 'oidc', clientId: 'erp-console', audience: 'erp-api', scopes: ['openid', 'profile'], claims: { groups: 'roles' } });
    const app = new App({ context: { '@aws-cdk/core:appMode': 'inmemory' } });
    const stack = new ConsoleStack(app, 'ConsoleStack', { stage, api: { domainName: 'abc123.execute-api.cn-north-1.amazonaws.com.cn', originPath: '/dev' }, signIn, consoleDir: join(global.assetDir) });
    const messages = app.synth().getStackArtifact(stack.artifactId).messages.filter((m) => m.level === 'warning').map((m) => String(m.entry.data));
    expect(messages.join('\n')).toMatch(/erp-console.*erp-api/);
  });

  it.each([
    ['console settings with Cognito', stageSettings('dev'), { oidcTokenUrl: OIDC_CONSOLE.oidcTokenUrl }, /identity is cognito/],
    ['an authorization endpoint without a token endpoint', stageSettings('dev', read(OIDC)), { oidcAuthorizeUrl: OIDC_CONSOLE.oidcAuthorizeUrl }, /oidcTokenUrl/],
    ['a token endpoint over plain http', stageSettings('dev', read(OIDC)), { ...OIDC_CONSOLE, oidcTokenUrl: 'http://idp.example.cn/token' }, /oidcTokenUrl must be an https URL/],
    ['scopes without openid', stageSettings('dev', read(OIDC)), { ...OIDC_CONSOLE, oidcConsoleScopes: 'profile email' }, /including openid/],
    ['a domain prefix naming cognito', stageSettings('dev'), { authDomainPrefix: 'my-cognito' }, /authDomainPrefix/],
    ['a domain prefix with capitals', stageSettings('dev'), { authDomainPrefix: 'ERP' }, /authDomainPrefix/],
    ['a domain prefix with OIDC', stageSettings('dev', read(OIDC)), { authDomainPrefix: 'erp' }, /identity is oidc/],
  ])('refuses %s', (_name, stage, ctx, message) => {
    const app = new App();
    const pools = new Stack(app, 'P');
    const userPools = { staff: new cognito.UserPool(pools, 'S'), citizens: new cognito.UserPool(pools, 'C') };
    expect(() => consoleSignInFrom(stage, read(ctx), userPools)).toThrow(message);
  });

  it('names the managed login domains after -c authDomainPrefix when given', () => {
    const app = new App();
    const pools = new Stack(app, 'P');
    const signIn = consoleSignInFrom(stageSettings('prod'), read({ authDomainPrefix: 'erp-prod' }), { staff: new cognito.UserPool(pools, 'S'), citizens: new cognito.UserPool(pools, 'C') });
    const stack = new ConsoleStack(app, 'ConsoleStack', { stage: stageSettings('prod'), api: { domainName: 'abc123.execute-api.x', originPath: '/prod' }, signIn, consoleDir: global.assetDir });
    const domains = Template.fromStack(stack).findResources('AWS::Cognito::UserPoolDomain');
    expect(Object.values(domains).map((d: Json) => d.Properties.Domain).sort()).toEqual(['erp-prod-citizens', 'erp-prod-staff']);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged: Cognito managed login, OIDC in a China region, and no sign-in', () => {
    expect(global.violations).toEqual([]);
    expect(china.violations).toEqual([]);
    expect(noSignIn.violations).toEqual([]);
  });

  it('records every acknowledgement with its reason in the template', () => {
    const suppressions = Object.values(global.json.Resources as Json).flatMap((r: Json) => (r.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[]);
    expect(suppressions.map((s) => s.id)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-CFR1', 'AwsSolutions-CFR2', 'AwsSolutions-CFR4', 'AwsSolutions-L1']));
    expect(suppressions.every((s) => s.reason.length >= 40)).toBe(true);
  });
});
