// Verifies an external OIDC issuer's ID token (signature against the issuer's JWKS, issuer, audience, expiry, issue time)
// and maps its claims to the ones the Cognito authorizer passes on, so one principal reader serves both identity modes.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import * as z from 'zod/mini';
import { PLATFORM_CLAIMS, type ClaimMap } from './claims.ts';

/** Clocks of the issuer and of Lambda differ a little: a token issued up to this far "in the future" still counts (expiry is strict). */
export const CLOCK_SKEW_SECONDS = 60;

/** Asymmetric signatures only: a shared-secret (HS*) or unsigned token can never pass for the issuer's. */
export const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

const httpsUrl = z.url().check(z.refine((u) => u.startsWith('https://'), 'must be an https URL'));

/** The authorizer's settings, set by the CDK app from `-c oidcIssuer= -c oidcAudience= -c oidcJwksUrl= [-c oidcClaims=]`. */
export const oidcSettings = {
  OIDC_ISSUER: httpsUrl,
  OIDC_AUDIENCE: z.string().check(z.minLength(1)),
  OIDC_JWKS_URL: httpsUrl,
  OIDC_CLAIM_MAP: z.optional(z.string()),
};

/** Why a token is refused; the caller answers 401 with a sentence that says which. */
export type RefusalReason = 'malformed' | 'expired' | 'invalid';

export class TokenRefused extends Error {
  override name = 'TokenRefused';
  readonly reason: RefusalReason;

  constructor(reason: RefusalReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface VerifierOptions {
  issuer: string;
  audience: string;
  /** The issuer's keys: createRemoteJWKSet on Lambda (fetched once, cached), a local key set in tests. */
  keys: JWTVerifyGetKey;
  claimMap: ClaimMap;
  /** The one clock; defaults to the system's. */
  now?: () => Date;
}

export type Verifier = (token: string) => Promise<Record<string, string>>;

/** Claims as API Gateway would pass them: strings only (arrays joined with commas, booleans as "true"/"false"). */
function claimString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
  return undefined;
}

/** The platform's claims from a verified payload; anything the issuer sent beyond the map is dropped. */
export function mapClaims(payload: JWTPayload, map: ClaimMap): Record<string, string> {
  const claims: Record<string, string> = { sub: payload.sub! };
  for (const target of PLATFORM_CLAIMS) {
    const source = map[target];
    const value = Object.hasOwn(payload, source) ? claimString(payload[source]) : undefined;
    if (value !== undefined) claims[target] = value;
  }
  return claims;
}

/** Failures that say nothing about the token itself (keys unreachable, misconfiguration) are not refusals: they are rethrown. */
function refusalOf(err: unknown): TokenRefused | undefined {
  if (err instanceof TokenRefused) return err;
  if (err instanceof errors.JWTExpired) return new TokenRefused('expired', 'The bearer token has expired; sign in again.');
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) {
    return new TokenRefused('malformed', 'The bearer token is not a well-formed signed JWT.');
  }
  if (
    err instanceof errors.JWSSignatureVerificationFailed ||
    err instanceof errors.JWTClaimValidationFailed ||
    err instanceof errors.JOSEAlgNotAllowed ||
    err instanceof errors.JWKSNoMatchingKey ||
    err instanceof errors.JWKSMultipleMatchingKeys ||
    err instanceof errors.JOSENotSupported
  ) {
    return new TokenRefused('invalid', 'The bearer token was not issued for this API or its signature does not verify.');
  }
  return undefined;
}

export function oidcVerifier(opts: VerifierOptions): Verifier {
  const now = opts.now ?? (() => new Date());
  return async (token) => {
    try {
      const at = now();
      const { payload } = await jwtVerify(token, opts.keys, {
        issuer: opts.issuer,
        audience: opts.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: at,
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenRefused('invalid', 'The bearer token names no subject.');
      // jose checks iat only against a maximum age; a token "issued" in the future is forged or from a broken clock.
      if (typeof payload.iat !== 'number' || payload.iat > at.getTime() / 1000 + CLOCK_SKEW_SECONDS) {
        throw new TokenRefused('invalid', 'The bearer token claims to be issued in the future.');
      }
      return mapClaims(payload, opts.claimMap);
    } catch (err) {
      const refusal = refusalOf(err);
      if (refusal) throw refusal;
      throw err;
    }
  };
}

/**
 * How the issuer's keys are cached in an execution environment: fetched on first use and kept 10 minutes; a token
 * with an unknown key id (the issuer rotated its keys) fetches them again early, but at most every 30 seconds, so a
 * flood of forged key ids cannot turn into a flood of requests to the issuer.
 */
export const JWKS_CACHE = { cacheMaxAge: 600_000, cooldownDuration: 30_000, timeoutDuration: 3_000 } as const;

export function remoteKeys(jwksUrl: string, options: { cacheMaxAge: number; cooldownDuration: number; timeoutDuration: number } = JWKS_CACHE): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), options);
}

/** The token of an `Authorization: Bearer <jwt>` header value, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^Bearer +([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(authorization ?? '');
  return m?.[1];
}
