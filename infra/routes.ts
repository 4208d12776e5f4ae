// THE route table: method, path, function, roles, contract. API Gateway resources, the local server,
// each function's router and the OpenAPI document are all built from it; nothing else restates a path.
import type { z } from 'zod';
import type { Role } from '../shared/domain/principal.ts';
import {
  createPlanBody,
  dueForDrillQuery,
  drillEvaluationBody,
  drillIdParams,
  drillView,
  listPlansQuery,
  pageOnlyQuery,
  planIdParams,
  planPage,
  planTransitionBody,
  planVersionParams,
  planVersionView,
  planView,
  recordDrillBody,
  revisePlanBody,
} from '../shared/http/schemas/plans.ts';

/** The Lambda functions that serve HTTP routes; one per area. */
export const API_FUNCTIONS = ['health', 'plans'] as const;
export type ApiFunction = (typeof API_FUNCTIONS)[number];

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteDef {
  method: Method;
  path: string;
  fn: ApiFunction;
  /** 'public' needs no token; otherwise the roles allowed. */
  auth: 'public' | readonly Role[];
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  response: { status: number; schema?: z.ZodType; contentType?: string };
  /** Creating POSTs accept Idempotency-Key. */
  idempotent?: boolean;
  /** Updates carry the ETag of the last read. */
  ifMatch?: 'required' | 'optional';
}

const office = ['office'] as const;

export const routes = {
  health: { method: 'GET', path: '/v1/health', fn: 'health', auth: 'public', summary: 'Liveness of the API', response: { status: 200 } },
  openapi: { method: 'GET', path: '/v1/openapi.json', fn: 'health', auth: 'public', summary: 'This API as OpenAPI 3.1', response: { status: 200 } },

  createPlan: {
    method: 'POST', path: '/v1/plans', fn: 'plans', auth: office, summary: 'Create an emergency plan (version 1, draft)',
    body: createPlanBody, idempotent: true, response: { status: 201, schema: planView },
  },
  listPlans: {
    method: 'GET', path: '/v1/plans', fn: 'plans', auth: office, summary: 'Plans of a division (default: your own)',
    query: listPlansQuery, response: { status: 200, schema: planPage },
  },
  dueForDrill: {
    method: 'GET', path: '/v1/plans/due-for-drill', fn: 'plans', auth: office,
    summary: 'Special and department plans in force with no drill in 3 years', query: dueForDrillQuery, response: { status: 200, schema: planPage },
  },
  getPlan: {
    method: 'GET', path: '/v1/plans/{planId}', fn: 'plans', auth: office, summary: 'A plan with its latest version',
    params: planIdParams, response: { status: 200, schema: planView },
  },
  revisePlan: {
    method: 'PUT', path: '/v1/plans/{planId}', fn: 'plans', auth: office, summary: 'Draft a new version of a plan',
    params: planIdParams, body: revisePlanBody, ifMatch: 'required', response: { status: 200, schema: planView },
  },
  getPlanVersion: {
    method: 'GET', path: '/v1/plans/{planId}/versions/{version}', fn: 'plans', auth: office, summary: 'One version of a plan',
    params: planVersionParams, response: { status: 200, schema: planVersionView },
  },
  transitionPlan: {
    method: 'POST', path: '/v1/plans/{planId}/transitions', fn: 'plans', auth: office,
    summary: 'Submit, approve, publish, file or retire', params: planIdParams, body: planTransitionBody, ifMatch: 'optional',
    response: { status: 200, schema: planView },
  },
  planChildren: {
    method: 'GET', path: '/v1/plans/{planId}/children', fn: 'plans', auth: office, summary: 'Plans that hang under this one',
    params: planIdParams, query: pageOnlyQuery, response: { status: 200, schema: planPage },
  },
  recordDrill: {
    method: 'POST', path: '/v1/plans/{planId}/drills', fn: 'plans', auth: office, summary: 'Record a drill of a plan in force',
    params: planIdParams, body: recordDrillBody, idempotent: true, response: { status: 201, schema: drillView },
  },
  evaluateDrill: {
    method: 'POST', path: '/v1/drills/{drillId}/evaluation', fn: 'plans', auth: office, summary: 'Record the evaluation of a drill',
    params: drillIdParams, body: drillEvaluationBody, response: { status: 200, schema: drillView },
  },
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;
export const routeList: (RouteDef & { name: string })[] = Object.entries(routes).map(([name, r]) => ({ name, ...r }));

/** Turns `/v1/plans/{planId}` into a matcher for the local host. API Gateway matches literal segments before variables. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i]!;
    const val = p[i]!;
    if (seg.startsWith('{') && seg.endsWith('}')) {
      if (val === '') return undefined;
      try {
        params[seg.slice(1, -1)] = decodeURIComponent(val);
      } catch {
        return undefined;
      }
    } else if (seg !== val) return undefined;
  }
  return params;
}

/** Finds the route for a request path, literal paths first, as API Gateway does. */
export function findRoute(method: string, path: string): { route: RouteDef & { name: string }; params: Record<string, string> } | { allow: string[] } | undefined {
  const candidates = routeList
    .map((route) => ({ route, params: matchPath(route.path, path) }))
    .filter((c): c is { route: RouteDef & { name: string }; params: Record<string, string> } => c.params !== undefined)
    .sort((a, b) => Object.keys(a.params).length - Object.keys(b.params).length);
  if (candidates.length === 0) return undefined;
  const best = candidates.filter((c) => c.route.path === candidates[0]!.route.path);
  const hit = best.find((c) => c.route.method === method);
  return hit ?? { allow: best.map((c) => c.route.method) };
}
