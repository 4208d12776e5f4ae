import { deploymentRoutes as routes } from '../../shared/http/contracts/deployments.ts';
import { piiIdempotency } from '../../shared/app/compensation.ts';
import { api } from '../../shared/http/api.ts';
import * as uc from './use-cases.ts';

// Claims carry a bank account: Idempotency-Key records keep a keyed digest of the request, never a plain hash.
export const handler = api('deployments', { idempotency: piiIdempotency })
  .route(routes.createDeployment, uc.createDeployment)
  .route(routes.listIncidentDeployments, uc.listIncidentDeployments)
  .route(routes.listOrganizationDeployments, uc.listOrganizationDeployments)
  .route(routes.getDeployment, uc.getDeployment)
  .route(routes.transitionDeployment, uc.transitionDeployment)
  .route(routes.createDeploymentClaim, uc.createDeploymentClaim);
