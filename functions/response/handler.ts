import { routes } from '../../infra/routes.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { api } from '../../shared/http/api.ts';
import { documentClient, tableName } from '../../shared/store/client.ts';
import { tableIdempotency } from '../../shared/store/idempotency.ts';
import * as uc from './use-cases.ts';

export const handler = api('response', { idempotency: tableIdempotency(documentClient, tableName, () => runtime.clock.now()) })
  .route(routes.activateResponse, uc.activateResponseUseCase)
  .route(routes.transitionResponse, uc.transitionResponse)
  .route(routes.createRelease, uc.createRelease);
