import { reportRoutes as routes } from '../../shared/http/contracts/reports.ts';
import { api } from '../../shared/http/api.ts';
import { reportIdempotency } from './idempotency.ts';
import * as uc from './use-cases.ts';

export const handler = api('reports', { idempotency: reportIdempotency })
  .route(routes.createReport, uc.createReport)
  .route(routes.reportStatus, uc.reportStatus)
  .route(routes.listReports, uc.listReports)
  .route(routes.transitionReport, uc.transitionReport);
