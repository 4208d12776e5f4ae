// The web console on AWS: its static files in a private, encrypted, TLS-only S3 bucket behind CloudFront (origin
// access control), and the API under the same origin at /v1/* so no CORS is needed. When a disaster sends millions
// to the public warnings, CloudFront answers them: /v1/public/* is cached by the API's own Cache-Control, with no
// Authorization in the cache key (so nothing with one is ever cached); every other /v1/* path is never cached.
// Sign-in: Cognito managed login on a domain of each user pool (staff, citizens), with a public app client per pool
// for the console (authorization code grant with PKCE, callback on the distribution); or the deployment's OIDC issuer.
// /config.json tells the console which, and the CSP lets it reach their token endpoints.
import { Annotations, Aws, CfnOutput, DefaultStackSynthesizer, DockerImage, Duration, Fn, Lazy, Stack, type StackProps, Token } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct, IConstruct } from 'constructs';
import { CONSOLE_SCOPES, type ClaimNames, type PoolName, type SignInSettings } from '../../web/src/auth/settings.ts';
import { buildConsoleIntoSync, consoleCsp, tileOriginOf, WEB_DIR } from '../local/console-bundle.ts';
import { acknowledge } from './constructs/nag.ts';
import type { ContextReader, StageSettings } from './stage.ts';

/** Where CloudFront finds the API: the execute-api host of the REST API and its stage as the origin path. */
export interface ApiOrigin {
  readonly domainName: string;
  /** `/<stage>`: the console calls `/v1/...`, API Gateway serves `/<stage>/v1/...`. */
  readonly originPath: string;
}

/** The origin of a REST API deployed by the API stack. */
export function apiOriginOf(api: apigw.RestApi): ApiOrigin {
  return { domainName: `${api.restApiId}.execute-api.${Stack.of(api).region}.${Aws.URL_SUFFIX}`, originPath: `/${api.deploymentStage.stageName}` };
}

/** How people sign in to the console on this deployment; consoleSignInFrom reads it from the stage's settings. */
export type ConsoleSignIn =
  | {
      readonly kind: 'cognito';
      /** The stateful stack's pools: the console's clients and the managed login domains are made here, against them. */
      readonly userPools: Readonly<Record<PoolName, cognito.IUserPool>>;
      /** `-c authDomainPrefix=`: the domains become <prefix>-staff and <prefix>-citizens; by default erp-<stage>-<pool>-<12 hex of the stack id>. */
      readonly domainPrefix?: string;
    }
  | {
      readonly kind: 'oidc';
      readonly issuer: string;
      /** The client the issuer registered for the console (public, code flow with PKCE, callback on the distribution). */
      readonly clientId: string;
      /** The `aud` the API's authorizer requires (-c oidcAudience). */
      readonly audience: string;
      readonly authorizeUrl: string;
      readonly tokenUrl: string;
      readonly logoutUrl?: string;
      readonly revokeUrl?: string;
      readonly scopes: readonly string[];
      readonly claims: ClaimNames;
    }
  /** An OIDC deployment without the console's client settings: the console says sign-in is not set up. */
  | { readonly kind: 'none'; readonly reason: string };

/** The settings of the console's OIDC client; with identity=cognito none may be given. */
const OIDC_CONSOLE_KEYS = ['oidcConsoleClientId', 'oidcAuthorizeUrl', 'oidcTokenUrl', 'oidcLogoutUrl', 'oidcRevokeUrl', 'oidcConsoleScopes'] as const;

function setting(read: ContextReader, key: string): string | undefined {
  const v = read(key);
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

function httpsSetting(read: ContextReader, key: string): string | undefined {
  const v = setting(read, key);
  if (v === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(v);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') throw new Error(`-c ${key} must be an https URL, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * The console's sign-in from CDK context. Synth stays offline, so an OIDC issuer's endpoints are settings rather than
 * read from its discovery document:
 *   -c oidcAuthorizeUrl=https://idp.example.cn/.../auth -c oidcTokenUrl=https://idp.example.cn/.../token
 *   [-c oidcConsoleClientId=erp-console] [-c oidcLogoutUrl=...] [-c oidcRevokeUrl=...] [-c oidcConsoleScopes="openid profile"]
 * With Cognito: [-c authDomainPrefix=erp-prod] names the managed login domains.
 */
export function consoleSignInFrom(stage: StageSettings, read: ContextReader, userPools?: Readonly<Record<PoolName, cognito.IUserPool>>): ConsoleSignIn {
  const given = OIDC_CONSOLE_KEYS.filter((k) => setting(read, k) !== undefined);
  const prefix = setting(read, 'authDomainPrefix');
  if (stage.identity.kind === 'cognito') {
    if (given.length > 0) throw new Error(`${given.map((k) => `-c ${k}`).join(', ')} given, but identity is cognito; add -c identity=oidc`);
    if (!userPools) throw new Error('identity=cognito needs the user pools of the stateful stack');
    if (prefix !== undefined) {
      // Cognito prefix domains: lower-case letters, digits and hyphens, and never the words aws, amazon or cognito.
      if (!/^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$/.test(prefix) || /aws|amazon|cognito/.test(prefix)) {
        throw new Error(`-c authDomainPrefix must be 1-50 lower-case letters, digits and hyphens without aws, amazon or cognito; got ${JSON.stringify(prefix)}`);
      }
    }
    return { kind: 'cognito', userPools, ...(prefix !== undefined ? { domainPrefix: prefix } : {}) };
  }
  if (prefix !== undefined) throw new Error('-c authDomainPrefix names Cognito domains; identity is oidc');
  const { identity } = stage;
  if (!given.some((k) => k === 'oidcConsoleClientId' || k === 'oidcAuthorizeUrl' || k === 'oidcTokenUrl')) {
    return {
      kind: 'none',
      reason: 'identity=oidc without the console client settings (-c oidcAuthorizeUrl, -c oidcTokenUrl, optionally -c oidcConsoleClientId): the console loads but offers no sign-in',
    };
  }
  const authorizeUrl = httpsSetting(read, 'oidcAuthorizeUrl');
  const tokenUrl = httpsSetting(read, 'oidcTokenUrl');
  if (!authorizeUrl || !tokenUrl) throw new Error('the console signs in with the OIDC issuer given -c oidcAuthorizeUrl and -c oidcTokenUrl (its authorization_endpoint and token_endpoint)');
  const logoutUrl = httpsSetting(read, 'oidcLogoutUrl');
  const revokeUrl = httpsSetting(read, 'oidcRevokeUrl');
  const scopes = (setting(read, 'oidcConsoleScopes') ?? CONSOLE_SCOPES.join(' ')).split(/\s+/).filter(Boolean);
  if (!scopes.includes('openid') || !scopes.every((sc) => /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(sc))) {
    throw new Error(`-c oidcConsoleScopes must be space-separated scopes including openid, got ${JSON.stringify(setting(read, 'oidcConsoleScopes'))}`);
  }
  return {
    kind: 'oidc',
    issuer: identity.issuer,
    // By default the client the API's tokens are for: an ID token's aud is the client it was issued to.
    clientId: setting(read, 'oidcConsoleClientId') ?? identity.audience,
    audience: identity.audience,
    authorizeUrl,
    tokenUrl,
    ...(logoutUrl ? { logoutUrl } : {}),
    ...(revokeUrl ? { revokeUrl } : {}),
    scopes,
    claims: {
      groups: identity.claimMap['cognito:groups'],
      division: identity.claimMap['custom:division'],
      level: identity.claimMap['custom:gov_level'],
      org: identity.claimMap['custom:org_id'],
    },
  };
}

export interface ConsoleStackProps extends StackProps {
  readonly stage: StageSettings;
  readonly api: ApiOrigin;
  readonly signIn: ConsoleSignIn;
  /** A CLOUDFRONT-scope WAF web ACL (it lives in us-east-1); without one the distribution has none. */
  readonly webAclArn?: string;
  /** A base-map tile URL template (https); off unless set, so the console fetches nothing from outside. */
  readonly tileUrl?: string;
  readonly tileAttribution?: string;
  /** A console already built (npm run ... into a directory); by default it is built with esbuild at synth. */
  readonly consoleDir?: string;
}

/** Managed policies, by their fixed ids (the same in every account and partition). */
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

export class ConsoleStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** With Cognito: the console's app client and managed login domain of each pool. */
  readonly managedLogin?: Readonly<Record<PoolName, { client: cognito.UserPoolClient; domain: cognito.UserPoolDomain }>>;
  /** What /config.json tells the console about signing in. */
  readonly signIn: SignInSettings;

  constructor(scope: Construct, id: string, props: ConsoleStackProps) {
    super(scope, id, props);
    const { stage } = props;
    // CloudFormation in the China regions has no AWS::CloudFront::OriginAccessControl: there the bucket is reached
    // through an origin access identity, the mechanism CloudFront in China offers.
    const china = !Token.isUnresolved(this.region) && this.region.startsWith('cn-');

    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are delivered with an ACL grant: the bucket keeps ACLs, owned by this account.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(stage.isProd ? 365 : 30) }],
      removalPolicy: stage.removalPolicy,
    });
    acknowledge(logs, {
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the access logs of the console bucket and the distribution; logging it into itself would loop.',
    });

    this.bucket = new s3.Bucket(this, 'Console', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'console-bucket/',
      versioned: stage.isProd,
      removalPolicy: stage.removalPolicy,
    });

    // The console's own address, for the app clients' callback and sign-out URLs: known once the distribution exists,
    // which itself needs the CSP naming the managed login domains, hence lazily.
    const consoleUrl = Lazy.string({ produce: () => `https://${this.distribution.distributionDomainName}/` });
    const signIn = props.signIn;
    if (signIn.kind === 'cognito') {
      const made = {
        staff: this.managedLoginFor('staff', 'Staff', signIn.userPools.staff, stage, consoleUrl, signIn.domainPrefix),
        citizens: this.managedLoginFor('citizens', 'Citizen', signIn.userPools.citizens, stage, consoleUrl, signIn.domainPrefix),
      };
      this.managedLogin = made;
      const pool = (name: PoolName) => ({
        issuer: `https://${signIn.userPools[name].userPoolProviderName}`,
        userPoolId: signIn.userPools[name].userPoolId,
        clientId: made[name].client.userPoolClientId,
        domain: made[name].domain.baseUrl(),
      });
      this.signIn = { kind: 'cognito', pools: { staff: pool('staff'), citizens: pool('citizens') } };
    } else if (signIn.kind === 'oidc') {
      const { kind, issuer, clientId, authorizeUrl, tokenUrl, logoutUrl, revokeUrl, scopes, claims } = signIn;
      this.signIn = { kind, issuer, clientId, authorizeUrl, tokenUrl, ...(logoutUrl ? { logoutUrl } : {}), ...(revokeUrl ? { revokeUrl } : {}), scopes: [...scopes], claims };
      if (clientId !== signIn.audience) {
        Annotations.of(this).addWarningV2(
          '@erp/console:oidc-audience',
          `The console signs in as client ${clientId}, but the API accepts ID tokens for ${signIn.audience} only: the issuer must put ${signIn.audience} in the aud of the console's ID tokens, or the API refuses them.`,
        );
      }
    } else {
      this.signIn = { kind: 'none' };
      Annotations.of(this).addWarningV2('@erp/console:no-sign-in', signIn.reason);
    }

    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `erp-${stage.name}-console-security`,
      comment: 'CSP without unsafe-inline, HSTS, no framing, nosniff, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleCsp(tileOriginOf(props.tileUrl), this.signIn), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    // Public disclosure follows the API's Cache-Control (and its ETag); the cache key is the path and query only.
    const publicCache = new cloudfront.CachePolicy(this, 'PublicApiCache', {
      cachePolicyName: `erp-${stage.name}-public-api`,
      comment: 'GET /v1/public/*: cached as the API says in Cache-Control; no header, cookie or Authorization in the key',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const api = new origins.HttpOrigin(props.api.domainName, {
      originPath: props.api.originPath,
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });
    const allViewerExceptHost = cloudfront.OriginRequestPolicy.fromOriginRequestPolicyId(this, 'AllViewerExceptHostHeader', ALL_VIEWER_EXCEPT_HOST_HEADER);
    const apiBehaviour = (cachePolicy: cloudfront.ICachePolicy, allowedMethods: cloudfront.AllowedMethods): cloudfront.BehaviorOptions => ({
      origin: api,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods,
      cachePolicy,
      originRequestPolicy: allViewerExceptHost,
      responseHeadersPolicy: securityHeaders,
      compress: true,
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Emergency response platform (${stage.name}): web console and API`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'distribution/',
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      defaultBehavior: {
        origin: china ? origins.S3BucketOrigin.withOriginAccessIdentity(this.bucket) : origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        compress: true,
      },
      // Listed in precedence order: the public paths before the rest of /v1/.
      additionalBehaviors: {
        '/v1/public/*': apiBehaviour(publicCache, cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS),
        '/v1/*': apiBehaviour(cloudfront.CachePolicy.CACHING_DISABLED, cloudfront.AllowedMethods.ALLOW_ALL),
      },
    });

    // The console's files: built with esbuild at synth (offline, as NodejsFunction bundles), or a directory given.
    const bundle = props.consoleDir
      ? s3deploy.Source.asset(props.consoleDir)
      : s3deploy.Source.asset(WEB_DIR, {
          bundling: {
            // Only used if local bundling were to fail; it never runs a container otherwise.
            image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24-slim'),
            local: {
              tryBundle(outputDir: string) {
                buildConsoleIntoSync(outputDir);
                return true;
              },
            },
          },
        });
    new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [
        bundle,
        // Pool and client ids, managed login domains and which pool is whose (or the OIDC issuer's endpoints).
        s3deploy.Source.jsonData('config.json', { signIn: this.signIn, tileUrl: props.tileUrl ?? null, ...(props.tileAttribution ? { tileAttribution: props.tileAttribution } : {}) }),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 512,
    });
    acknowledgeDeployment(this);

    acknowledge(
      this.distribution,
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Public warnings and releases must reach everyone wherever they are (travellers, residents abroad, alerting systems); the API enforces who may do what.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'The distribution serves its default *.cloudfront.net certificate, which CloudFront offers with TLSv1 at the edge; minimumProtocolVersion TLSv1.2_2021 takes effect with a custom domain and certificate.',
      },
      ...(china
        ? [
            {
              id: 'AwsSolutions-CFR7',
              reason: 'CloudFormation in the China regions has no origin access control resource; the private bucket is read through an origin access identity (CFR6) instead.',
            },
          ]
        : []),
      ...(props.webAclArn
        ? []
        : [
            {
              id: 'AwsSolutions-CFR2',
              reason: 'A CLOUDFRONT-scope web ACL must live in us-east-1: pass webAclArn where one exists. The API behind /v1/* keeps its regional WAF and throttling either way.',
            },
          ]),
    );

    new CfnOutput(this, 'ConsoleUrl', { value: `https://${this.distribution.distributionDomainName}`, description: 'The web console; the API is at /v1 of the same origin' });
  }

  /**
   * Managed login for one pool: a Cognito prefix domain serving the newer managed login pages (version 2, Cognito's
   * default branding, adjustable later in the branding editor), and the console's app client there. The client is
   * public (no secret: the console is JavaScript in a browser and could keep none), signs in only through managed
   * login with the authorization code grant and PKCE (no implicit grant, no password or SRP flows through the API;
   * refresh tokens only), asks for openid, email, phone and profile, and returns only to the console's origin.
   */
  private managedLoginFor(name: PoolName, id: string, pool: cognito.IUserPool, stage: StageSettings, consoleUrl: string, prefix: string | undefined) {
    // Prefix domains are unique per region across all accounts: by default the stack's id makes them so.
    const stackSuffix = Fn.select(4, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
    const domainPrefix = prefix !== undefined ? `${prefix}-${name}` : Fn.join('-', [`erp-${stage.name}-${name}`, stackSuffix]);
    const domain = new cognito.UserPoolDomain(this, `${id}SignInDomain`, {
      userPool: pool,
      cognitoDomain: { domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    const scope: Record<(typeof CONSOLE_SCOPES)[number], cognito.OAuthScope> = {
      openid: cognito.OAuthScope.OPENID,
      email: cognito.OAuthScope.EMAIL,
      phone: cognito.OAuthScope.PHONE,
      profile: cognito.OAuthScope.PROFILE,
    };
    const client = new cognito.UserPoolClient(this, `${id}ConsoleClient`, {
      userPool: pool,
      userPoolClientName: `erp-${stage.name}-${name}-console`,
      generateSecret: false,
      // Every flow off leaves ALLOW_REFRESH_TOKEN_AUTH alone: people sign in on the managed login pages only.
      authFlows: { userPassword: false, adminUserPassword: false, custom: false, userSrp: false, user: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: CONSOLE_SCOPES.map((s) => scope[s]),
        callbackUrls: [consoleUrl],
        logoutUrls: [consoleUrl],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // Long enough to enrol an authenticator app on a first sign-in.
      authSessionValidity: Duration.minutes(10),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // One duty shift; the console keeps tokens only while its tab is open, and signing out revokes the refresh token.
      refreshTokenValidity: Duration.hours(12),
      // As the API's client: contact details only; no custom attribute (division, level, organisation, ID number).
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, phoneNumber: true }),
    });
    // Managed login pages show only for app clients with a branding style: Cognito's own, until someone designs one.
    new cognito.CfnManagedLoginBranding(this, `${id}SignInBranding`, { userPoolId: pool.userPoolId, clientId: client.userPoolClientId, useCognitoProvidedValues: true });
    new CfnOutput(this, `${id}ManagedLoginDomain`, { value: domain.baseUrl(), description: `Managed login of the ${name} pool` });
    new CfnOutput(this, `${id}ConsoleClientId`, { value: client.userPoolClientId, description: `The console's app client in the ${name} pool (code grant with PKCE)` });
    return { client, domain };
  }
}

/** The deployment's singleton function (a CDK-provided Python handler) and its role: findings on code CDK owns. */
function acknowledgeDeployment(stack: ConsoleStack): void {
  const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment')) as IConstruct | undefined;
  if (!handler) throw new Error('BucketDeployment handler not found');
  acknowledge(handler, {
    id: 'AwsSolutions-L1',
    reason: 'The BucketDeployment handler is provided by aws-cdk-lib with the Python runtime it is built and tested for; it runs only while deploying.',
  });
  const role = handler.node.findChild('ServiceRole');
  acknowledge(role, {
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'The deployment handler writes its own logs to CloudWatch Logs; AWS maintains this managed policy for exactly that.',
  });
  // The grants BucketDeployment makes: read the asset from the bootstrap bucket, write and prune the console bucket.
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const qualifier = stack.synthesizer instanceof DefaultStackSynthesizer ? (stack.synthesizer.bootstrapQualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER) : DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const consoleBucket = stack.getLogicalId(stack.bucket.node.defaultChild as s3.CfnBucket);
  const reason =
    'BucketDeployment (aws-cdk-lib) reads the console asset from the CDK bootstrap bucket and copies every object into the console bucket, pruning old ones: object-level actions on <bucket>/* of exactly those two buckets.';
  acknowledge(
    role.node.findChild('DefaultPolicy'),
    ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({ id: `AwsSolutions-IAM5[Action::${action}]`, reason })),
    { id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-${region}/*]`, reason },
    { id: `AwsSolutions-IAM5[Resource::<${consoleBucket}.Arn>/*]`, reason },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'cloudfront:CreateInvalidation and GetInvalidation, granted by BucketDeployment so a deployment invalidates index.html and config.json; the handler is given only this distribution to invalidate.',
    },
  );
}
