// API contract of liveness and the OpenAPI document (public).
import * as z from 'zod/mini';
import { defineRoutes } from './routing.ts';

// Views, built on first use (see `once`).
export const healthView = z.lazy(() => z.strictObject({ status: z.literal('ok') })).register(z.globalRegistry, { id: 'Health' });
/** The document's envelope; its content is checked against the OpenAPI 3.1 specification by the health tests. */
export const openApiView = z.lazy(() =>
  z.looseObject({ openapi: z.string().check(z.regex(/^3\.1\./)), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }),
).register(z.globalRegistry, { id: 'OpenApiDocument' });

export const healthRoutes = defineRoutes({
  health: { method: 'GET', path: '/v1/health', fn: 'health', auth: 'public', summary: 'Liveness of the API', response: { status: 200, schema: healthView } },
  openapi: { method: 'GET', path: '/v1/openapi.json', fn: 'health', auth: 'public', summary: 'This API as OpenAPI 3.1', response: { status: 200, schema: openApiView } },
});
