import { subscriptionRoutes as routes } from '../../shared/http/contracts/subscriptions.ts';
import { idempotency } from '../../shared/app/runtime.ts';
import { api } from '../../shared/http/api.ts';
import * as uc from './use-cases.ts';

export const handler = api('subscriptions', { idempotency })
  .route(routes.createSubscription, uc.createSubscription)
  .route(routes.listSubscriptions, uc.listSubscriptions)
  .route(routes.getSubscription, uc.getSubscription)
  .route(routes.confirmSubscription, uc.confirmSubscription)
  .route(routes.deleteSubscription, uc.deleteSubscription);
