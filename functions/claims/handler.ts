import { piiIdempotency } from '../../shared/app/compensation.ts';
import { api } from '../../shared/http/api.ts';
import { claimRoutes as routes } from '../../shared/http/contracts/claims.ts';
import * as uc from './use-cases.ts';

export const handler = api('claims', { idempotency: piiIdempotency })
  .route(routes.createClaim, uc.createClaim)
  .route(routes.getClaim, uc.getClaim)
  .route(routes.claimAudit, uc.claimAudit)
  .route(routes.listClaims, uc.listClaims)
  .route(routes.myClaims, uc.myClaims)
  .route(routes.transitionClaim, uc.transitionClaim)
  .route(routes.applyForReconsideration, uc.applyForReconsideration)
  .route(routes.getReconsideration, uc.getReconsideration)
  .route(routes.transitionReconsideration, uc.transitionReconsideration);
