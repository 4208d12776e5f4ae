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
import {
  activateResponseBody,
  capFileParams,
  filingPage,
  followUpBody,
  incidentIdParams,
  incidentPage,
  incidentView,
  issueWarningBody,
  listIncidentsQuery,
  publicListQuery,
  releaseBody,
  releasePage,
  releaseView,
  reportIncidentBody,
  responseTransitionBody,
  subscriptionBody,
  subscriptionIdParams,
  subscriptionView,
  timelineView,
  warningIdParams,
  warningTransitionBody,
  warningPage,
  warningView,
} from '../shared/http/schemas/incidents.ts';

/** The Lambda functions that serve HTTP routes; one per area. */
export const API_FUNCTIONS = ['health', 'plans', 'incidents', 'warnings', 'response', 'public', 'subscriptions'] as const;
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
const officeOrAuditor = ['office', 'auditor'] as const;
const signedIn = ['office', 'org', 'citizen', 'auditor'] as const;

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

  reportIncident: {
    method: 'POST', path: '/v1/incidents', fn: 'incidents', auth: office, summary: 'Report an incident; severity is derived from the plan in force',
    body: reportIncidentBody, idempotent: true, response: { status: 201, schema: incidentView },
  },
  listIncidents: {
    method: 'GET', path: '/v1/incidents', fn: 'incidents', auth: officeOrAuditor, summary: 'Incidents of a division, by status or category',
    query: listIncidentsQuery, response: { status: 200, schema: incidentPage },
  },
  getIncident: {
    method: 'GET', path: '/v1/incidents/{incidentId}', fn: 'incidents', auth: officeOrAuditor, summary: 'An incident with its severity, response and warnings',
    params: incidentIdParams, response: { status: 200, schema: incidentView },
  },
  followUpIncident: {
    method: 'POST', path: '/v1/incidents/{incidentId}/updates', fn: 'incidents', auth: office, summary: 'A follow-up report: new figures, severity derived again',
    params: incidentIdParams, body: followUpBody, ifMatch: 'optional', response: { status: 200, schema: incidentView },
  },
  incidentTimeline: {
    method: 'GET', path: '/v1/incidents/{incidentId}/timeline', fn: 'incidents', auth: officeOrAuditor, summary: 'Every change with who, when and why',
    params: incidentIdParams, query: pageOnlyQuery, response: { status: 200, schema: timelineView },
  },
  incidentFilings: {
    method: 'GET', path: '/v1/incidents/{incidentId}/filings', fn: 'incidents', auth: officeOrAuditor,
    summary: "Decisions queued for filing with the people's congress standing committee", params: incidentIdParams, query: pageOnlyQuery,
    response: { status: 200, schema: filingPage },
  },

  issueWarning: {
    method: 'POST', path: '/v1/incidents/{incidentId}/warnings', fn: 'warnings', auth: office, summary: 'Issue a level 1-4 warning',
    params: incidentIdParams, body: issueWarningBody, idempotent: true, response: { status: 201, schema: warningView },
  },
  transitionWarning: {
    method: 'POST', path: '/v1/warnings/{warningId}/transitions', fn: 'warnings', auth: office, summary: 'Adjust or lift a warning (issuer only)',
    params: warningIdParams, body: warningTransitionBody, ifMatch: 'optional', response: { status: 200, schema: warningView },
  },

  activateResponse: {
    method: 'POST', path: '/v1/incidents/{incidentId}/response', fn: 'response', auth: office, summary: 'Activate a graded response I-IV',
    params: incidentIdParams, body: activateResponseBody, idempotent: true, ifMatch: 'optional', response: { status: 201, schema: incidentView },
  },
  transitionResponse: {
    method: 'POST', path: '/v1/incidents/{incidentId}/response/transitions', fn: 'response', auth: office,
    summary: 'Change the level, hand over to a superior, or terminate', params: incidentIdParams, body: responseTransitionBody, ifMatch: 'optional',
    response: { status: 200, schema: incidentView },
  },
  createRelease: {
    method: 'POST', path: '/v1/incidents/{incidentId}/releases', fn: 'response', auth: office, summary: 'Publish information to the public',
    params: incidentIdParams, body: releaseBody, idempotent: true, response: { status: 201, schema: releaseView },
  },

  publicReleases: {
    method: 'GET', path: '/v1/public/releases', fn: 'public', auth: 'public', summary: 'Public information releases, newest first',
    query: publicListQuery, response: { status: 200, schema: releasePage },
  },
  publicWarnings: {
    method: 'GET', path: '/v1/public/warnings', fn: 'public', auth: 'public', summary: 'Active warnings',
    query: publicListQuery, response: { status: 200, schema: warningPage },
  },
  publicWarningsFeed: {
    method: 'GET', path: '/v1/public/warnings.cap', fn: 'public', auth: 'public', summary: 'Active warnings as CAP 1.2 alerts in an Atom feed',
    response: { status: 200, contentType: 'application/atom+xml' },
  },
  publicWarningCap: {
    method: 'GET', path: '/v1/public/warnings/{warningFile}', fn: 'public', auth: 'public', summary: 'One warning as CAP 1.2 XML (`<warningId>.cap`)',
    params: capFileParams, response: { status: 200, contentType: 'application/cap+xml' },
  },

  createSubscription: {
    method: 'POST', path: '/v1/subscriptions', fn: 'subscriptions', auth: signedIn, summary: 'Subscribe to alerts by division, category and minimum level',
    body: subscriptionBody, idempotent: true, response: { status: 201, schema: subscriptionView },
  },
  deleteSubscription: {
    method: 'DELETE', path: '/v1/subscriptions/{subscriptionId}', fn: 'subscriptions', auth: signedIn, summary: 'Unsubscribe',
    params: subscriptionIdParams, response: { status: 204 },
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
