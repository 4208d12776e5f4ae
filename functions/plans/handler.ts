import { routes } from '../../infra/routes.ts';
import { api } from '../../shared/http/api.ts';
import { documentClient, tableName } from '../../shared/store/client.ts';
import { tableIdempotency } from '../../shared/store/idempotency.ts';
import * as uc from './use-cases.ts';

export const handler = api('plans', { idempotency: tableIdempotency(documentClient, tableName, () => uc.deps.clock.now()) })
  .route(routes.createPlan, uc.createPlan)
  .route(routes.listPlans, uc.listPlans)
  .route(routes.dueForDrill, uc.dueForDrill)
  .route(routes.getPlan, uc.getPlan)
  .route(routes.revisePlan, uc.revisePlan)
  .route(routes.getPlanVersion, uc.getPlanVersion)
  .route(routes.transitionPlan, uc.transitionPlan)
  .route(routes.planChildren, uc.planChildren)
  .route(routes.recordDrill, uc.recordDrill)
  .route(routes.evaluateDrill, uc.evaluateDrill);
