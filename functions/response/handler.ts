import { responseRoutes as routes } from '../../shared/http/contracts/response.ts';
import { idempotency } from '../../shared/app/runtime.ts';
import { api } from '../../shared/http/api.ts';
import * as uc from './use-cases.ts';

export const handler = api('response', { idempotency })
  .route(routes.activateResponse, uc.activateResponseUseCase)
  .route(routes.transitionResponse, uc.transitionResponse)
  .route(routes.createRelease, uc.createRelease);
