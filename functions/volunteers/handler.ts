import { volunteerRoutes as routes } from '../../shared/http/contracts/volunteers.ts';
import { registerIdempotency } from '../../shared/app/social-forces.ts';
import { api } from '../../shared/http/api.ts';
import * as uc from './use-cases.ts';

export const handler = api('volunteers', { idempotency: registerIdempotency })
  .route(routes.registerMemberVolunteer, uc.registerMemberVolunteer)
  .route(routes.registerVolunteer, uc.registerSelf)
  .route(routes.searchVolunteers, uc.searchVolunteers)
  .route(routes.myVolunteer, uc.myVolunteer)
  .route(routes.getVolunteer, uc.getVolunteer)
  .route(routes.listOrganizationVolunteers, uc.listOrganizationVolunteers)
  .route(routes.addQualification, uc.addQualification)
  .route(routes.addTraining, uc.addTraining)
  .route(routes.addVolunteerInsurance, uc.addVolunteerInsurance)
  .route(routes.volunteerServiceRecord, uc.volunteerServiceRecord)
  .route(routes.volunteerCertificate, uc.volunteerCertificate);
