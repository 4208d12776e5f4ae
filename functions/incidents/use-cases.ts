// Use cases of the incidents function: report, follow up, read, list, timeline, congress filings. Every report and
// follow-up is reported one level up in the same transaction (Art 17, 61): a notice due within the category's deadline.
import { randomUUID } from 'node:crypto';
import { incidentRoutes as routes } from '../../shared/http/contracts/incidents.ts';
import { linkTo } from '../../shared/http/contracts/routing.ts';
import { incidentReadScope, incidentWithRecords, readableIncident } from '../../shared/app/incident-access.ts';
import { asGovernment } from '../../shared/domain/actor.ts';
import { repositories, runtime } from '../../shared/app/runtime.ts';
import { followUp, reportIncident } from '../../shared/domain/incident.ts';
import { canReadDivision } from '../../shared/domain/actor.ts';
import { NotInJurisdiction } from '../../shared/errors.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import { checkIfMatch, commit, openUnitOfWork } from '../../shared/http/writes.ts';
import { noticeRepository, reportingDeadlines } from '../../shared/app/linkage.ts';
import { incidentSubject, reportUpward, type Notice } from '../../shared/domain/notice.ts';
import type { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { incidentView, incidentViewFor } from './views.ts';

type R = typeof routes;

/** How many of an incident's notices its view shows, newest first; GET /v1/incidents/{id}/notices pages through all. */
const NOTICES_IN_VIEW = 20;

/** Art 17, 61: the notice to the government one level up, staged with the report it carries (none above the nation). */
function reportUp(uow: UnitOfWork, notice: Notice | undefined): Notice[] {
  if (!notice) return [];
  noticeRepository().stageNew(uow, notice);
  return [notice];
}

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
  const notices = reportUp(uow, reportUpward(randomUUID(), 'incident-report', gov, incidentSubject(change.incident), now, reportingDeadlines()));
  const result = send(201, incidentView(change.incident, [], { notices, now }), change.incident.rev);
  result.headers = { Location: linkTo(routes.getIncident, { incidentId: change.incident.incidentId }) };
  return commit(uow, req, result);
};

export const getIncident: UseCase<R['getIncident']> = async (req) => {
  const incident = await readableIncident(req.actor, req.params.incidentId);
  const scope = incidentReadScope(req.actor, incident);
  const [warnings, notices] = await Promise.all([
    repositories().incidents.warnings(incident.incidentId),
    // Notices are records of the incident's own division and those above it: a summary reader gets none.
    scope === 'full' ? noticeRepository().ofIncident(incident.incidentId, NOTICES_IN_VIEW) : undefined,
  ]);
  return send(200, incidentViewFor(scope, incident, warnings, notices?.items), incident.rev);
};

export const followUpIncident: UseCase<R['followUpIncident']> = async (req) => {
  const { plans, incidents } = repositories();
  const incident = await readableIncident(req.actor, req.params.incidentId);
  checkIfMatch(req, incident.rev);
  const [plan, warnings, earlier] = await Promise.all([
    plans.planInForceFor(incident.divisionCode, incident.category),
    incidents.warnings(incident.incidentId),
    noticeRepository().ofIncident(incident.incidentId, NOTICES_IN_VIEW - 1),
  ]);
  const now = runtime.clock.now();
  const gov = asGovernment(req.actor);
  const { casualties, directLossFen, affectedPopulation, note, severityOverride } = req.body;
  const change = followUp(
    incident,
    { figures: { casualties, directLossFen, affectedPopulation }, ...(note ? { note } : {}), ...(severityOverride ? { severityOverride } : {}) },
    plan,
    gov,
    now,
  );
  const uow = openUnitOfWork(req, now);
  incidents.stage(uow, change, incident);
  const sent = reportUp(uow, reportUpward(randomUUID(), 'incident-update', gov, incidentSubject(change.incident, change.update?.seq), now, reportingDeadlines()));
  return commit(uow, req, send(200, incidentView(change.incident, warnings, { notices: [...sent, ...earlier.items], now }), change.incident.rev));
};

export const listIncidents: UseCase<R['listIncidents']> = async (req) => {
  const division = req.query.division ?? req.actor.division;
  if (!division || !canReadDivision(req.actor, division)) throw new NotInJurisdiction(`Division ${division ?? '(none)'} is neither yours, below yours nor above it.`);
  const page = await repositories().incidents.list({ division, status: req.query.status, category: req.query.category, limit: req.query.limit, cursor: req.query.cursor });
  const items = page.items.map((i) => incidentViewFor(incidentReadScope(req.actor, i), i, undefined));
  return send(200, { items, ...(page.cursor ? { cursor: page.cursor } : {}) });
};

/** Who did what and in which request: for the incident's own division and those above it only (the read-up policy). */
export const incidentTimeline: UseCase<R['incidentTimeline']> = async (req) => {
  const incident = await incidentWithRecords(req.actor, req.params.incidentId);
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
  const incident = await incidentWithRecords(req.actor, req.params.incidentId);
  const page = await repositories().incidents.filings(incident.incidentId, req.query.limit, req.query.cursor);
  return send(200, page);
};
