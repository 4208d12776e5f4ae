// The principal from verified claims, where the Cognito authorizer puts them (requestContext.authorizer.claims).
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { Forbidden, Unauthenticated } from '../errors.ts';
import { DIVISION_PATTERN, GOV_LEVELS, type GovLevel } from '../domain/division.ts';
import { ROLES, type Principal, type Role } from '../domain/principal.ts';

/** API Gateway flattens the groups array into a string: "office", "office,auditor" or "[office auditor]". */
function parseGroups(raw: unknown): Role[] {
  const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.replace(/^\[|\]$/g, '').split(/[\s,]+/) : [];
  return list.filter((g): g is Role => (ROLES as readonly string[]).includes(g));
}

export function principalFrom(event: Pick<APIGatewayProxyEvent, 'requestContext'>): Principal {
  const claims = (event.requestContext?.authorizer as { claims?: Record<string, unknown> } | null | undefined)?.claims;
  if (!claims || typeof claims['sub'] !== 'string' || claims['sub'] === '') {
    throw new Unauthenticated('A valid bearer token is required.');
  }
  const principal: Principal = { sub: claims['sub'], roles: parseGroups(claims['cognito:groups']) };
  const division = claims['custom:division'];
  const level = claims['custom:gov_level'];
  const org = claims['custom:org_id'];
  if (typeof division === 'string' && DIVISION_PATTERN.test(division)) principal.division = division;
  if (typeof level === 'string' && (GOV_LEVELS as readonly string[]).includes(level)) principal.level = level as GovLevel;
  if (typeof org === 'string' && org !== '') principal.orgId = org;
  if (principal.roles.includes('office') && (!principal.division || !principal.level)) {
    throw new Forbidden('An office account needs a division and a government level; ask your administrator.');
  }
  return principal;
}

export function requireRole(p: Principal, allowed: readonly Role[]): void {
  if (!allowed.some((r) => p.roles.includes(r))) {
    throw new Forbidden(`This needs one of the roles: ${allowed.join(', ')}.`);
  }
}
