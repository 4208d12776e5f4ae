// API Gateway events for handler tests, built by the same function the local host uses.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { routes, type RouteName } from '../../shared/http/routes.ts';
import { buildEvent } from '../../infra/local/server.ts';
import type { Role } from '../../shared/domain/actor.ts';
import type { GovLevel } from '../../shared/domain/division.ts';

export interface Caller {
  sub?: string;
  roles: Role[];
  division?: string;
  level?: GovLevel;
  orgId?: string;
}

export const countyOffice: Caller = { sub: 'office-110105', roles: ['office'], division: '110105', level: 'county' };
export const cityOffice: Caller = { sub: 'office-110100', roles: ['office'], division: '110100', level: 'city' };
export const otherCountyOffice: Caller = { sub: 'office-110108', roles: ['office'], division: '110108', level: 'county' };
export const citizen: Caller = { sub: 'citizen-1', roles: ['citizen'] };

export function claimsOf(c: Caller): Record<string, string> {
  const claims: Record<string, string> = { sub: c.sub ?? `user-${c.roles[0]}`, 'cognito:groups': c.roles.join(','), token_use: 'id' };
  if (c.division) claims['custom:division'] = c.division;
  if (c.level) claims['custom:gov_level'] = c.level;
  if (c.orgId) claims['custom:org_id'] = c.orgId;
  return claims;
}

export interface EventInput {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Sent as is, for malformed-JSON cases. */
  rawBody?: string;
  headers?: Record<string, string>;
  caller?: Caller | null;
}

export function apiEvent(name: RouteName, input: EventInput = {}): APIGatewayProxyEvent {
  const route = routes[name];
  const params = input.params ?? {};
  const path = route.path.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(params[p] ?? ''));
  const url = new URL(path, 'http://localhost');
  for (const [k, v] of Object.entries(input.query ?? {})) url.searchParams.set(k, v);
  const rawHeaders: string[] = [];
  const body = input.rawBody ?? (input.body === undefined ? null : JSON.stringify(input.body));
  if (body !== null) rawHeaders.push('Content-Type', 'application/json');
  for (const [k, v] of Object.entries(input.headers ?? {})) rawHeaders.push(k, v);
  const caller = input.caller === undefined ? countyOffice : input.caller;
  return buildEvent({ route, params, url, rawHeaders, body, claims: caller ? claimsOf(caller) : undefined });
}

export function samplePlanBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Flood emergency plan',
    type: 'special',
    category: 'natural-disaster',
    divisionCode: '110105',
    responseLevels: {
      III: { thresholds: { deaths: 3 }, measures: ['Evacuate low-lying areas'] },
      IV: { thresholds: { deaths: 1 }, measures: ['Open shelters'] },
    },
    warningMeasures: { '4': ['Publish forecasts'] },
    ...overrides,
  };
}
