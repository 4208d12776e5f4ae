import { reportRoutes as routes } from '../../shared/http/contracts/reports.ts';
import { api } from '../../shared/http/api.ts';
import { keyProvider } from '../../shared/pii/key-provider.ts';
import { reportIdempotency } from './idempotency.ts';
import * as uc from './use-cases.ts';

/**
 * Reporters' sources are kept (a rate counter per source, Idempotency-Key scopes): they are keyed by a MAC key derived
 * once per process from the personal-data HMAC key (KMS GenerateMac), which no table, template or configuration holds,
 * so nobody can hash every IPv4 address to read the sources back.
 */
const anonymousKey = () => keyProvider().mac('anonymous-source-key/v1');

export const handler = api('reports', { idempotency: reportIdempotency, anonymousKey })
  .route(routes.createReport, uc.createReport)
  .route(routes.reportStatus, uc.reportStatus)
  .route(routes.listReports, uc.listReports)
  .route(routes.transitionReport, uc.transitionReport);
