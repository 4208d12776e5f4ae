import { recoveryRoutes as routes } from '../../shared/http/contracts/recovery.ts';
import { idempotency } from '../../shared/app/runtime.ts';
import { api } from '../../shared/http/api.ts';
import * as uc from './use-cases.ts';

export const handler = api('recovery', { idempotency })
  .route(routes.recordInvestigation, uc.recordInvestigation)
  .route(routes.transitionInvestigation, uc.transitionInvestigation)
  .route(routes.createRecoveryTask, uc.createRecoveryTask)
  .route(routes.completeRecoveryTask, uc.completeTask);
