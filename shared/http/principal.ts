// The principal from verified claims, where the authorizer puts them (requestContext.authorizer.claims): an object from
// the Cognito authorizer, one JSON string from the OIDC Lambda authorizer (functions/authorizer), whose context holds strings only.
import { createHmac } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { Forbidden, Unauthenticated } from '../errors.ts';
import { DIVISION_PATTERN, GOV_LEVELS, levelOf, type GovLevel } from '../domain/division.ts';
import { ROLES, type Anonymous, type Role, type User } from '../domain/actor.ts';
import { withMessage } from './messages.ts';

/** API Gateway flattens the groups array into a string: "office", "office,auditor" or "[office auditor]". */
function parseGroups(raw: unknown): Role[] {
  const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.replace(/^\[|\]$/g, '').split(/[\s,]+/) : [];
  return list.filter((g): g is Role => (ROLES as readonly string[]).includes(g));
}

function claimsOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>): Record<string, unknown> | undefined {
  const raw = (event.requestContext?.authorizer as { claims?: unknown } | null | undefined)?.claims;
  let claims = raw;
  if (typeof raw === 'string') {
    try {
      claims = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
}

export function principalFrom(event: Pick<APIGatewayProxyEvent, 'requestContext'>): User {
  const claims = claimsOf(event);
  if (!claims || typeof claims['sub'] !== 'string' || claims['sub'] === '') {
    throw unauthenticated('missing');
  }
  const principal: User = { kind: 'user', sub: claims['sub'], roles: parseGroups(claims['cognito:groups']) };
  const division = claims['custom:division'];
  const level = claims['custom:gov_level'];
  const org = claims['custom:org_id'];
  if (typeof division === 'string' && DIVISION_PATTERN.test(division)) principal.division = division;
  if (typeof level === 'string' && (GOV_LEVELS as readonly string[]).includes(level)) principal.level = level as GovLevel;
  if (typeof org === 'string' && org !== '') principal.orgId = org;
  const idNumber = claims['custom:id_number'];
  if (typeof idNumber === 'string' && /^\d{17}[\dXx]$/.test(idNumber)) principal.idNumber = idNumber.toUpperCase();
  // Only a phone the identity provider verified may be used as the caller's own (API Gateway passes claims as strings).
  const phone = claims['phone_number'];
  if (typeof phone === 'string' && /^\+\d{6,15}$/.test(phone) && String(claims['phone_number_verified']) === 'true') principal.verifiedPhone = phone;
  if (principal.roles.includes('office')) {
    if (!principal.division || !principal.level) {
      throw new Forbidden('An office account needs a division and a government level; ask your administrator.');
    }
    // The level claimed must be the level of the division code: a township code with level county is a forged or broken account.
    if (levelOf(principal.division) !== principal.level) {
      throw new Forbidden(`The government level ${principal.level} does not fit division ${principal.division} (a ${levelOf(principal.division)} division); ask your administrator.`);
    }
  }
  return principal;
}

/**
 * A caller without a token: a pseudonymous source derived from the address API Gateway saw, so per-source limits
 * and the audit can tell callers apart without keeping anyone's address. A keyed MAC, not a plain hash: there are only
 * 2^32 IPv4 addresses, so anyone holding the table could otherwise hash them all and read the addresses back.
 */
export function anonymousFrom(event: Pick<APIGatewayProxyEvent, 'requestContext'>, key: Buffer): Anonymous {
  const ip = event.requestContext?.identity?.sourceIp ?? 'unknown';
  return { kind: 'anonymous', channel: 'api', source: createHmac('sha256', key).update(`anonymous-source\n${ip}`).digest('base64url').slice(0, 16) };
}

/**
 * A 401 that says what was wrong with the token, with its RFC 6750 WWW-Authenticate challenge; `local` adds how to get
 * a token on the local host (npm run token).
 */
export function unauthenticated(refused: 'missing' | 'malformed' | 'expired' | 'invalid', local = false): Unauthenticated {
  const key = refused === 'missing' ? 'detail-token-missing' : refused === 'malformed' ? 'detail-token-malformed' : refused === 'expired' ? 'detail-token-expired' : 'detail-token-invalid';
  return withMessage((d) => new Unauthenticated(d, refused === 'missing' ? undefined : refused), key, undefined, local ? 'local-token-hint' : undefined);
}

export function requireRole(p: User, allowed: readonly Role[]): void {
  if (!allowed.some((r) => p.roles.includes(r))) {
    throw new Forbidden(`This needs one of the roles: ${allowed.join(', ')}.`);
  }
}
