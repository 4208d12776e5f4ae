// The deployment: its stage (dev, prod, ...), where it goes (region, partition) and how callers sign in, from CDK context:
//   npx cdk synth -c stage=prod                                   (Cognito user pools, environment-agnostic)
//   npx cdk synth -c region=cn-north-1 -c identity=oidc \
//       -c oidcIssuer=https://idp.example.cn -c oidcAudience=erp-api -c oidcJwksUrl=https://idp.example.cn/jwks.json
// Per-stage defaults sit in STAGE_DEFAULTS; every -c value overrides them (cdk.json's "context" can hold them too).
import { RemovalPolicy } from 'aws-cdk-lib';
import { claimMapFrom, type ClaimMap } from '../../functions/authorizer/claims.ts';

/** How callers sign in: the stack's own Cognito user pools, or an external OIDC issuer checked by a Lambda authorizer. */
export type IdentitySettings =
  | { readonly kind: 'cognito' }
  | {
      readonly kind: 'oidc';
      /** Exact `iss` of the tokens (https). */
      readonly issuer: string;
      /** The `aud` the tokens must carry: the client id the issuer gave this API. */
      readonly audience: string;
      /** Where the issuer publishes its signing keys (https). */
      readonly jwksUrl: string;
      /** Which of the issuer's claims carry groups, division, level, org, ID number and phone. */
      readonly claimMap: ClaimMap;
    };

export interface StageSettings {
  /** dev, prod, ...; names the stacks, the API stage and the keys' aliases. */
  readonly name: string;
  /** prod keeps data: deletion protection on, RETAIN on every stateful resource and log group. */
  readonly isProd: boolean;
  readonly removalPolicy: RemovalPolicy;
  /** `-c region=`; undefined leaves the stacks environment-agnostic (the CLI's profile picks the region at deploy). */
  readonly region?: string;
  /** `-c account=`; only meaningful with a region. */
  readonly account?: string;
  /** Beijing (cn-north-1) or Ningxia (cn-northwest-1): partition aws-cn, no Cognito user pools, no X-Ray for Lambda. */
  readonly china: boolean;
  readonly identity: IdentitySettings;
  /**
   * Concurrency reserved for the outbox relay, so API traffic can never take all of the account's concurrency from
   * it. Reserving needs the account to keep its unreserved minimum (100 of the regional quota; new accounts with a
   * quota of 10 can reserve nothing), hence a stage setting: `-c relayConcurrency=N|none`.
   */
  readonly relayReservedConcurrency?: number;
  /** X-Ray on the API stage and the functions; off where Lambda has no X-Ray integration (the China regions). */
  readonly tracing: boolean;
}

/** What a stage gets unless -c says otherwise. */
interface StageDefaults {
  relayReservedConcurrency?: number;
}

export const STAGE_DEFAULTS: Record<string, StageDefaults> = {
  // The relay needs one concurrent execution per stream shard; 10 covers a table well past its first partitions, and a
  // prod account's quota (1,000 by default) keeps far more than its unreserved minimum.
  prod: { relayReservedConcurrency: 10 },
  // dev accounts are often new, with a concurrency quota too small to reserve anything.
  dev: {},
};

/** Regions whose Cognito has no user pools. */
export const CHINA_REGIONS = ['cn-north-1', 'cn-northwest-1'] as const;

export type ContextReader = (key: string) => unknown;

function text(read: ContextReader, key: string): string | undefined {
  const v = read(key);
  if (v === undefined || v === null || v === '') return undefined;
  return String(v);
}

function httpsUrl(read: ContextReader, key: string): string {
  const v = text(read, key);
  if (!v) throw new Error(`-c identity=oidc needs -c ${key}=<https URL>`);
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new Error(`-c ${key} must be an https URL, got ${JSON.stringify(v)}`);
  }
  if (url.protocol !== 'https:') throw new Error(`-c ${key} must be an https URL, got ${JSON.stringify(v)}`);
  return v;
}

function identityFrom(read: ContextReader, china: boolean, region: string | undefined): IdentitySettings {
  const kind = text(read, 'identity') ?? 'cognito';
  const oidcKeys = ['oidcIssuer', 'oidcAudience', 'oidcJwksUrl', 'oidcClaims'].filter((k) => text(read, k) !== undefined);
  if (kind === 'cognito') {
    if (china) {
      throw new Error(`${region} has no Cognito user pools: deploy with -c identity=oidc -c oidcIssuer=... -c oidcAudience=... -c oidcJwksUrl=...`);
    }
    if (oidcKeys.length > 0) throw new Error(`${oidcKeys.map((k) => `-c ${k}`).join(', ')} given, but identity is cognito; add -c identity=oidc`);
    return { kind: 'cognito' };
  }
  if (kind !== 'oidc') throw new Error(`-c identity must be cognito or oidc, got ${JSON.stringify(kind)}`);
  const audience = text(read, 'oidcAudience');
  if (!audience) throw new Error('-c identity=oidc needs -c oidcAudience=<the client id the issuer puts in aud>');
  const claims = read('oidcClaims');
  return {
    kind: 'oidc',
    issuer: httpsUrl(read, 'oidcIssuer'),
    audience,
    jwksUrl: httpsUrl(read, 'oidcJwksUrl'),
    claimMap: claimMapFrom(typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : text(read, 'oidcClaims')),
  };
}

function relayConcurrencyFrom(read: ContextReader, defaults: StageDefaults): number | undefined {
  const v = text(read, 'relayConcurrency');
  if (v === undefined) return defaults.relayReservedConcurrency;
  if (v === 'none') return undefined;
  const n = Number(v);
  // 0 would stop the relay altogether: alerts would never go out.
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`-c relayConcurrency must be a whole number from 1 to 1000, or none; got ${JSON.stringify(v)}`);
  return n;
}

export function stageSettings(name: string, read: ContextReader = () => undefined): StageSettings {
  if (!/^[a-z][a-z0-9-]{1,15}$/.test(name)) {
    throw new Error(`stage must be lower-case letters, digits and dashes (2-16 characters), got ${JSON.stringify(name)}`);
  }
  const isProd = name === 'prod';
  const defaults = Object.hasOwn(STAGE_DEFAULTS, name) ? STAGE_DEFAULTS[name]! : {};
  const region = text(read, 'region');
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new Error(`-c region must be a region code such as cn-north-1, got ${JSON.stringify(region)}`);
  const account = text(read, 'account');
  if (account !== undefined && !/^\d{12}$/.test(account)) throw new Error(`-c account must be a 12-digit account id, got ${JSON.stringify(account)}`);
  if (account !== undefined && region === undefined) throw new Error('-c account needs -c region as well');
  const china = region !== undefined && (CHINA_REGIONS as readonly string[]).includes(region);
  const relay = relayConcurrencyFrom(read, defaults);
  return {
    name,
    isProd,
    removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    ...(region !== undefined ? { region } : {}),
    ...(account !== undefined ? { account } : {}),
    china,
    identity: identityFrom(read, china, region),
    ...(relay !== undefined ? { relayReservedConcurrency: relay } : {}),
    tracing: !china,
  };
}
