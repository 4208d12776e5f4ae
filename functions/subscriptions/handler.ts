import { routes } from '../../infra/routes.ts';
import { api } from '../../shared/http/api.ts';
import { documentClient, tableName } from '../../shared/store/client.ts';
import { tableIdempotency } from '../../shared/store/idempotency.ts';
import * as uc from './use-cases.ts';

export const handler = api('subscriptions', { idempotency: tableIdempotency(documentClient, tableName, () => uc.deps.clock.now()) })
  .route(routes.createSubscription, uc.createSubscription)
  .route(routes.deleteSubscription, uc.deleteSubscription);
