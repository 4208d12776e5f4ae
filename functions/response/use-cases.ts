// Use cases of the response function: activate, change level, hand over, terminate (rules 6-9); public releases.
import { randomUUID } from 'node:crypto';
import type { responseRoutes as routes } from '../../shared/http/contracts/response.ts';
import { readableIncident } from '../../shared/app/incident-access.ts';
import { asGovernment } from '../../shared/domain/actor.ts';
import { repositories, runtime } from '../../shared/app/runtime.ts';
import { activateResponse, changeLevel, handOver, terminate, type PlanInForce } from '../../shared/domain/incident.ts';
import { NotFound, NotInJurisdiction, RuleViolation } from '../../shared/errors.ts';
import { canReadDivision, inJurisdiction, type User } from '../../shared/domain/actor.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import { checkIfMatch, commit, openUnitOfWork } from '../../shared/http/writes.ts';
import { incidentView } from '../incidents/views.ts';

type R = typeof routes;

/**
 * The plan version a response cites: it must exist; the domain checks it is published or filed and fits. The plan's
 * head carries its latest version, which is the one cited as a rule: then the head is the only read.
 */
async function citedPlan(p: User, planId: string, version: number): Promise<PlanInForce> {
  const { plans } = repositories();
  const head = await plans.getWithLatest(planId);
  const plan = head?.plan;
  const v = !head || version > head.plan.latestVersion ? undefined : version === head.latest.version ? head.latest : await plans.getVersion(planId, version);
  if (!plan || !v || !canReadDivision(p, plan.divisionCode)) {
    throw new RuleViolation('plan-version-not-found', `Plan ${planId} has no version ${version}.`, [{ path: 'body.planVersion', message: 'no such plan version' }]);
  }
  return { plan: { planId: plan.planId, type: plan.type, divisionCode: plan.divisionCode, category: plan.category }, version: v };
}

export const activateResponseUseCase: UseCase<R['activateResponse']> = async (req) => {
  const b = req.body;
  // The plan is named in the body: both reads at once; the incident's error, if any, is the one reported.
  const [incidentRead, planRead] = await Promise.allSettled([readableIncident(req.actor, req.params.incidentId), citedPlan(req.actor, b.planId, b.planVersion)]);
  if (incidentRead.status === 'rejected') throw incidentRead.reason;
  if (planRead.status === 'rejected') throw planRead.reason;
  const incident = incidentRead.value;
  const plan = planRead.value;
  checkIfMatch(req, incident.rev);
  const now = runtime.clock.now();
  const change = activateResponse(
    incident,
    { level: b.level, matters: b.matters, expectedDuration: b.expectedDuration, measures: b.measures, basis: b.basis },
    plan,
    asGovernment(req.actor),
    now,
  );
  const uow = openUnitOfWork(req, now);
  repositories().incidents.stage(uow, change, incident);
  return commit(uow, req, send(201, incidentView(change.incident, undefined), change.incident.rev));
};

export const transitionResponse: UseCase<R['transitionResponse']> = async (req) => {
  const incident = await readableIncident(req.actor, req.params.incidentId);
  checkIfMatch(req, incident.rev);
  const gov = asGovernment(req.actor);
  const now = runtime.clock.now();
  const b = req.body;
  let change;
  if (b.action === 'change-level') {
    const r = incident.response;
    if (!r) throw new NotFound('This incident has no response.');
    change = changeLevel(incident, b.level, b.reason, await citedPlan(req.actor, r.planId, b.planVersion ?? r.planVersion), gov, now);
  } else if (b.action === 'hand-over') {
    change = handOver(incident, b.reason, gov, now);
  } else {
    change = terminate(incident, b.reason, gov, now);
  }
  const uow = openUnitOfWork(req, now);
  repositories().incidents.stage(uow, change, incident);
  return commit(uow, req, send(200, incidentView(change.incident, undefined), change.incident.rev));
};

export const createRelease: UseCase<R['createRelease']> = async (req) => {
  const incident = await readableIncident(req.actor, req.params.incidentId);
  // The government of the incident's division or one above it speaks for it; a subordinate does not.
  if (!inJurisdiction(req.actor, incident.divisionCode)) throw new NotInJurisdiction(`Incident ${incident.incidentId} is outside your division.`);
  const now = runtime.clock.now();
  const release = {
    releaseId: randomUUID(),
    incidentId: incident.incidentId,
    divisionCode: incident.divisionCode,
    category: incident.category,
    title: req.body.title,
    body: req.body.body,
    publishedAt: now.toISOString(),
  };
  const uow = openUnitOfWork(req, now);
  repositories().incidents.stageRelease(uow, incident, release);
  return commit(uow, req, send(201, release));
};
