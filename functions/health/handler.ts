import { healthRoutes as routes } from '../../shared/http/contracts/health.ts';
import { api, send } from '../../shared/http/api.ts';

// The document is built on first request, not at cold start: health checks should not pay for it.
let document: Promise<Record<string, unknown>> | undefined;
const openApi = () => (document ??= import('../../shared/http/openapi.ts').then((m) => m.openApiDocument()));

export const handler = api('health')
  .route(routes.health, async () => send(200, { status: 'ok' }))
  .route(routes.openapi, async () => send(200, await openApi()));
