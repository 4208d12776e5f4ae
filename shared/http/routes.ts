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

function matchSegments(t: readonly string[], p: readonly string[]): Record<string, string> | undefined {
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

/** Turns `/v1/plans/{planId}` into a matcher for the local host. API Gateway matches literal segments before variables. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  return matchSegments(template.split('/'), path.split('/'));
}

/** Each route's template split once (the local host matches every request against all of them). */
let compiled: { route: NamedRoute; segments: string[]; variables: number }[] | undefined;

/** Finds the route for a request path, literal paths first, as API Gateway does. */
export function findRoute(method: string, path: string): { route: NamedRoute; params: Record<string, string> } | { allow: string[] } | undefined {
  compiled ??= routeList.map((route) => {
    const segments = route.path.split('/');
    return { route, segments, variables: segments.filter((s) => s.startsWith('{')).length };
  });
  const p = path.split('/');
  // The matching template with the fewest variables (the first such in the table), and every method on that path.
  let bestPath: string | undefined;
  let fewest = Infinity;
  const onPath: { route: NamedRoute; params: Record<string, string> }[] = [];
  for (const c of compiled) {
    if (c.segments.length !== p.length || c.variables > fewest) continue;
    if (bestPath !== undefined && c.variables === fewest && c.route.path !== bestPath) continue;
    const params = matchSegments(c.segments, p);
    if (!params) continue;
    if (c.variables < fewest || bestPath === undefined) {
      fewest = c.variables;
      bestPath = c.route.path;
      onPath.length = 0;
    }
    onPath.push({ route: c.route, params });
  }
  if (onPath.length === 0) return undefined;
  const hit = onPath.find((c) => c.route.method === method);
  return hit ?? { allow: onPath.map((c) => c.route.method) };
}
