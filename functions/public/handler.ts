import { publicRoutes as routes } from '../../shared/http/contracts/public.ts';
import { api } from '../../shared/http/api.ts';
import * as uc from './use-cases.ts';

export const handler = api('public')
  .route(routes.publicReleases, uc.publicReleases)
  .route(routes.publicWarnings, uc.publicWarnings)
  .route(routes.publicWarningsFeed, uc.publicWarningsFeed)
  .route(routes.publicWarningCap, uc.publicWarningCap);
