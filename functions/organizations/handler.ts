import { organizationRoutes as routes } from '../../shared/http/contracts/organizations.ts';
import { registerIdempotency } from '../../shared/app/social-forces.ts';
import { api } from '../../shared/http/api.ts';
import * as uc from './use-cases.ts';

export const handler = api('organizations', { idempotency: registerIdempotency })
  .route(routes.registerOrganization, uc.registerOrganizationUseCase)
  .route(routes.listOrganizations, uc.listOrganizations)
  .route(routes.getOrganization, uc.getOrganization)
  .route(routes.transitionOrganization, uc.transitionOrganization)
  .route(routes.recordGroupInsurance, uc.recordGroupInsurance);
