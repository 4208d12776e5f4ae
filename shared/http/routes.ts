// THE route table: method, path, function, roles, contract. API Gateway resources, the local server, each function's
// router, links and the OpenAPI document are all built from it; nothing else restates a path. Each area's routes and
// schemas live in its contract file under ./contracts; a function imports only its own area's file (and what that
// borrows), so its bundle carries only those schemas, and each is built on first use, so its cold start builds none.
import { claimRoutes } from './contracts/claims.ts';
import { deploymentRoutes } from './contracts/deployments.ts';
import { healthRoutes } from './contracts/health.ts';
import { incidentRoutes } from './contracts/incidents.ts';
import { linkageRoutes } from './contracts/linkage.ts';
import { organizationRoutes } from './contracts/organizations.ts';
import { piiRoutes } from './contracts/pii.ts';
import { piiLifecycleRoutes } from './contracts/pii-lifecycle.ts';
import { planRoutes } from './contracts/plans.ts';
import { publicRoutes } from './contracts/public.ts';
import { recoveryRoutes } from './contracts/recovery.ts';
import { reportRoutes } from './contracts/reports.ts';
import { requisitionRoutes } from './contracts/requisitions.ts';
import { responseRoutes } from './contracts/response.ts';
import type { NamedRoute } from './contracts/routing.ts';
import { subscriptionRoutes } from './contracts/subscriptions.ts';
import { volunteerRoutes } from './contracts/volunteers.ts';
import { warningRoutes } from './contracts/warnings.ts';

export { API_FUNCTIONS, built, linkTo, type ApiFunction, type Method, type NamedRoute, type RouteDef } from './contracts/routing.ts';

export const routes = {
  ...healthRoutes,
  ...planRoutes,
  ...incidentRoutes,
  ...warningRoutes,
  ...responseRoutes,
  ...publicRoutes,
  ...subscriptionRoutes,
  ...organizationRoutes,
  ...volunteerRoutes,
  ...deploymentRoutes,
  ...requisitionRoutes,
  ...claimRoutes,
  ...piiRoutes,
  ...piiLifecycleRoutes,
  ...reportRoutes,
  ...linkageRoutes,
  ...recoveryRoutes,
} as const;

export type RouteName = keyof typeof routes;
export const routeList: NamedRoute[] = Object.values(routes);

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
export function findRoute(method: string, path: string): { route: NamedRoute; params: Record<string, string> } | { allow: string[] } | undefined {
  const candidates = routeList
    .map((route) => ({ route, params: matchPath(route.path, path) }))
    .filter((c): c is { route: NamedRoute; params: Record<string, string> } => c.params !== undefined)
    .sort((a, b) => Object.keys(a.params).length - Object.keys(b.params).length);
  if (candidates.length === 0) return undefined;
  const best = candidates.filter((c) => c.route.path === candidates[0]!.route.path);
  const hit = best.find((c) => c.route.method === method);
  return hit ?? { allow: best.map((c) => c.route.method) };
}
