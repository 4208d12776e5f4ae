import { planRoutes as routes } from '../../shared/http/contracts/plans.ts';
import { idempotency } from '../../shared/app/runtime.ts';
import { api } from '../../shared/http/api.ts';
import * as uc from './use-cases.ts';

export const handler = api('plans', { idempotency })
  .route(routes.createPlan, uc.createPlan)
  .route(routes.listPlans, uc.listPlans)
  .route(routes.dueForDrill, uc.dueForDrill)
  .route(routes.getPlan, uc.getPlan)
  .route(routes.revisePlan, uc.revisePlan)
  .route(routes.getPlanVersion, uc.getPlanVersion)
  .route(routes.transitionPlan, uc.transitionPlan)
  .route(routes.planChildren, uc.planChildren)
  .route(routes.recordDrill, uc.recordDrill)
  .route(routes.getDrill, uc.getDrill)
  .route(routes.evaluateDrill, uc.evaluateDrill);
