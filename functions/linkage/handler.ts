import { linkageRoutes as routes } from '../../shared/http/contracts/linkage.ts';
import { api } from '../../shared/http/api.ts';
import * as uc from './use-cases.ts';

export const handler = api('linkage')
  .route(routes.listInbox, uc.listInbox)
  .route(routes.acknowledgeNotice, uc.acknowledgeNotice)
  .route(routes.incidentNotices, uc.incidentNotices);
