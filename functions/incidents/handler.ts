import { incidentRoutes as routes } from '../../shared/http/contracts/incidents.ts';
import { idempotency } from '../../shared/app/runtime.ts';
import { api } from '../../shared/http/api.ts';
import * as uc from './use-cases.ts';

export const handler = api('incidents', { idempotency })
  .route(routes.reportIncident, uc.reportIncidentUseCase)
  .route(routes.listIncidents, uc.listIncidents)
  .route(routes.getIncident, uc.getIncident)
  .route(routes.followUpIncident, uc.followUpIncident)
  .route(routes.incidentTimeline, uc.incidentTimeline)
  .route(routes.incidentFilings, uc.incidentFilings);
