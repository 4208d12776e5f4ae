// The response contract: a 2xx JSON body is exactly what its route's declared response schema describes (the view
// schemas are strict, so a field the view adds or drops fails here). Every call the handler, integration and e2e tests
// make goes through this check, so views and their schemas cannot drift apart unnoticed.
import * as z from 'zod';
import { findRoute, type NamedRoute } from '../../shared/http/routes.ts';

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

/** Throws when a successful JSON answer of `route` does not parse with its response schema. */
export function checkResponse(route: NamedRoute, status: number, body: unknown): void {
  const schema = route.response.schema;
  if (status < 200 || status >= 300 || status === 204 || !schema) return;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ContractViolation(`${route.name} answered ${status} with a body its response schema does not describe:\n${z.prettifyError(parsed.error)}`);
  }
}

/** The same check for a request known by method and path (the e2e tests call paths). */
export function checkResponseTo(method: string, path: string, status: number, body: unknown): void {
  const found = findRoute(method, new URL(path, 'http://localhost').pathname);
  if (found && 'route' in found) checkResponse(found.route, status, body);
}
