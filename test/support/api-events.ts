// API Gateway events for handler tests, built by the same function the local host uses.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { routes, type RouteName } from '../../shared/http/routes.ts';
import { buildEvent } from '../../infra/local/server.ts';
import { claimsOf, countyOffice, type Caller } from './callers.ts';

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
