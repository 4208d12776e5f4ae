// Use cases of the incidents function: report, follow up, read, list, timeline, congress filings.
import { randomUUID } from 'node:crypto';
import { incidentRoutes as routes } from '../../shared/http/contracts/incidents.ts';
import { linkTo } from '../../shared/http/contracts/routing.ts';
import { readableIncident } from '../../shared/app/incident-access.ts';
import { asGovernment } from '../../shared/domain/actor.ts';
import { repositories, runtime } from '../../shared/app/runtime.ts';
import { followUp, reportIncident } from '../../shared/domain/incident.ts';
import { canReadDivision } from '../../shared/domain/actor.ts';
import { NotInJurisdiction } from '../../shared/errors.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import { checkIfMatch, commit, openUnitOfWork } from '../../shared/http/writes.ts';
import { incidentView } from './views.ts';

type R = typeof routes;

export const reportIncidentUseCase: UseCase<R['reportIncident']> = async (req) => {
  const { plans, incidents } = repositories();
  const b = req.body;
  const gov = asGovernment(req.actor);
  const plan = await plans.planInForceFor(b.divisionCode, b.category);
  const now = runtime.clock.now();
  const { severityOverride, casualties, directLossFen, affectedPopulation, ...rest } = b;
  const change = reportIncident(
    randomUUID(),
    { ...rest, figures: { casualties, directLossFen, affectedPopulation }, ...(severityOverride ? { severityOverride } : {}) },
    plan,
    gov,
    now,
  );
  const uow = openUnitOfWork(req, now);
  incidents.stage(uow, change, undefined);
  const result = send(201, incidentView(change.incident, []), change.incident.rev);
  result.headers = { Location: linkTo(routes.getIncident, { incidentId: change.incident.incidentId }) };
  return commit(uow, req, result);
};

export const getIncident: UseCase<R['getIncident']> = async (req) => {
  const incident = await readableIncident(req.actor, req.params.incidentId);
  const warnings = await repositories().incidents.warnings(incident.incidentId);
  return send(200, incidentView(incident, warnings), incident.rev);
};

export const followUpIncident: UseCase<R['followUpIncident']> = async (req) => {
  const { plans, incidents } = repositories();
  const incident = await readableIncident(req.actor, req.params.incidentId);
  checkIfMatch(req, incident.rev);
  const [plan, warnings] = await Promise.all([plans.planInForceFor(incident.divisionCode, incident.category), incidents.warnings(incident.incidentId)]);
  const now = runtime.clock.now();
  const { casualties, directLossFen, affectedPopulation, note, severityOverride } = req.body;
  const change = followUp(
    incident,
    { figures: { casualties, directLossFen, affectedPopulation }, ...(note ? { note } : {}), ...(severityOverride ? { severityOverride } : {}) },
    plan,
    asGovernment(req.actor),
    now,
  );
  const uow = openUnitOfWork(req, now);
  incidents.stage(uow, change, incident);
  return commit(uow, req, send(200, incidentView(change.incident, warnings), change.incident.rev));
};

export const listIncidents: UseCase<R['listIncidents']> = async (req) => {
  const division = req.query.division ?? req.actor.division;
  if (!division || !canReadDivision(req.actor, division)) throw new NotInJurisdiction(`Division ${division ?? '(none)'} is neither yours, below yours nor above it.`);
  const page = await repositories().incidents.list({ division, status: req.query.status, category: req.query.category, limit: req.query.limit, cursor: req.query.cursor });
  return send(200, { items: page.items.map((i) => incidentView(i, undefined)), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const incidentTimeline: UseCase<R['incidentTimeline']> = async (req) => {
  const incident = await readableIncident(req.actor, req.params.incidentId);
  const page = await repositories().incidents.timeline(incident.incidentId, req.query.limit, req.query.cursor);
  const items = page.items.map((a) => ({
    at: a.at,
    action: a.action,
    from: a.from,
    to: a.to,
    ...(a.reason ? { reason: a.reason } : {}),
    by: { sub: a.actorSub, role: a.actorRole, ...(a.actorDivision ? { division: a.actorDivision } : {}) },
    entity: a.entity,
    entityId: a.entityId,
    requestId: a.requestId,
  }));
  return send(200, { items, ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const incidentFilings: UseCase<R['incidentFilings']> = async (req) => {
  const incident = await readableIncident(req.actor, req.params.incidentId);
  const page = await repositories().incidents.filings(incident.incidentId, req.query.limit, req.query.cursor);
  return send(200, page);
};
