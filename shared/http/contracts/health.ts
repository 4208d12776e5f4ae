// API contract of liveness and the OpenAPI document (public).
import { defineRoutes } from './routing.ts';

export const healthRoutes = defineRoutes({
  health: { method: 'GET', path: '/v1/health', fn: 'health', auth: 'public', summary: 'Liveness of the API', response: { status: 200 } },
  openapi: { method: 'GET', path: '/v1/openapi.json', fn: 'health', auth: 'public', summary: 'This API as OpenAPI 3.1', response: { status: 200 } },
});
