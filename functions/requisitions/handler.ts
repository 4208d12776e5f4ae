import { piiIdempotency } from '../../shared/app/compensation.ts';
import { api } from '../../shared/http/api.ts';
import { requisitionRoutes as routes } from '../../shared/http/contracts/requisitions.ts';
import * as uc from './use-cases.ts';

export const handler = api('requisitions', { idempotency: piiIdempotency })
  .route(routes.createRequisition, uc.createRequisition)
  .route(routes.listRequisitions, uc.listRequisitions)
  .route(routes.getRequisition, uc.getRequisition)
  .route(routes.requisitionVoucher, uc.requisitionVoucher)
  .route(routes.requisitionAudit, uc.requisitionAudit)
  .route(routes.transitionRequisition, uc.transitionRequisition)
  .route(routes.myRequisitions, uc.myRequisitions);
