import { routes } from '../../infra/routes.ts';
import { api, send } from '../../shared/http/api.ts';
import { openApiDocument } from '../../shared/http/openapi.ts';

let document: Record<string, unknown> | undefined;

export const handler = api('health')
  .route(routes.health, async () => send(200, { status: 'ok' }))
  .route(routes.openapi, async () => send(200, (document ??= openApiDocument())));
