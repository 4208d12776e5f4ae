import { idempotency } from '../../shared/app/runtime.ts';
import { api } from '../../shared/http/api.ts';
import { piiLifecycleRoutes as lifecycle } from '../../shared/http/contracts/pii-lifecycle.ts';
import { piiRoutes as routes } from '../../shared/http/contracts/pii.ts';
import * as life from './lifecycle.ts';
import * as uc from './use-cases.ts';

export const handler = api('pii', { idempotency })
  .route(routes.revealPersonalData, uc.revealPersonalData)
  .route(lifecycle.recordRetentionAssessment, life.recordRetentionAssessment)
  .route(lifecycle.listRetentionAssessments, life.listRetentionAssessments)
  .route(lifecycle.getRetentionAssessment, life.getRetentionAssessment)
  .route(lifecycle.endRetentionAssessment, life.endRetentionAssessment)
  .route(lifecycle.listAudit, life.listAudit)
  .route(lifecycle.listReveals, life.listReveals);
