// The shape of a route in the route table, and the helper every area's contract file defines its routes with.
import * as z from 'zod/mini';
import type { Role } from '../../domain/actor.ts';

/** The Lambda functions that serve HTTP routes; one per area. */
export const API_FUNCTIONS = ['health', 'plans', 'incidents', 'warnings', 'response', 'public', 'subscriptions', 'organizations', 'volunteers', 'deployments', 'requisitions', 'claims', 'pii', 'reports', 'linkage', 'recovery'] as const;
export type ApiFunction = (typeof API_FUNCTIONS)[number];

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteDef {
  method: Method;
  path: string;
  fn: ApiFunction;
  /** 'public' needs no token; otherwise the roles allowed. */
  auth: 'public' | readonly Role[];
  summary: string;
  body?: z.ZodMiniType;
  query?: z.ZodMiniType;
  params?: z.ZodMiniType;
  response: { status: number; schema?: z.ZodMiniType; contentType?: string };
  /** Creating POSTs accept Idempotency-Key. */
  idempotent?: boolean;
  /** Updates carry the ETag of the last read. */
  ifMatch?: 'required' | 'optional';
}

export type NamedRoute = RouteDef & { name: string };

export const office = ['office'] as const;
export const officeOrAuditor = ['office', 'auditor'] as const;
export const signedIn = ['office', 'org', 'citizen', 'auditor'] as const;

/**
 * A value built on first use. Every schema of a contract file is built this way (inside z.lazy): zod builds a schema
 * slowly (tens of microseconds a node), so a cold start builds none, and a request builds only its own route's; the
 * response views serve the OpenAPI document and the contract tests, never a request.
 */
export function once<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/** The schema a lazy one stands for (built on the first call, then kept): for what extends one or reads its shape. */
export function built<T extends z.ZodMiniType>(schema: z.ZodMiniLazy<T>): T;
export function built(schema: z.ZodMiniType): z.ZodMiniType;
export function built(schema: z.ZodMiniType): z.ZodMiniType {
  return schema instanceof z.ZodMiniLazy ? built(schema._zod.innerType as z.ZodMiniType) : schema;
}

/** Gives each route its name (the key), so routers, links and the OpenAPI operationId need no lookup. */
export function defineRoutes<T extends Record<string, RouteDef>>(defs: T): { [K in keyof T]: T[K] & { name: K } } {
  return Object.fromEntries(Object.entries(defs).map(([name, r]) => [name, { ...r, name }])) as { [K in keyof T]: T[K] & { name: K } };
}

/**
 * A link to a route: its path with the variables filled in, for Location headers and links in views. Only routes of
 * the table can be linked, so a link never points at a path that has no handler.
 */
export function linkTo(route: Pick<RouteDef, 'path' | 'method'>, params: Record<string, string>): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`linkTo ${route.path}: missing ${name}`);
    return encodeURIComponent(v);
  });
}
