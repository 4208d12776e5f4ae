// Use cases of the plans function: they speak domain and repository, never the SDK.
import { randomUUID } from 'node:crypto';
import { planRoutes as routes } from '../../shared/http/contracts/plans.ts';
import { linkTo } from '../../shared/http/contracts/routing.ts';
import { calendarFrom } from '../../shared/domain/calendar/working-days.ts';
import { canReadDivision, type User } from '../../shared/domain/actor.ts';
import * as drills from '../../shared/domain/drill.ts';
import * as plans from '../../shared/domain/plan.ts';
import { NotFound, NotInJurisdiction } from '../../shared/errors.ts';
import type { UseCase } from '../../shared/http/api.ts';
import { send } from '../../shared/http/api.ts';
import { checkIfMatch, commit, openUnitOfWork } from '../../shared/http/writes.ts';
import { readConfig, tableSettings } from '../../shared/config.ts';
import { repositories, runtime } from '../../shared/app/runtime.ts';
import * as z from 'zod/mini';
import { drillView, planView, versionView } from './views.ts';

const config = readConfig({ ...tableSettings, HOLIDAY_CALENDAR: z.optional(z.string()) });
const calendar = calendarFrom(config.HOLIDAY_CALENDAR);
/** The process's clock, shared with every function's use cases; tests move it. */
export const deps = runtime;
const repo = () => repositories().plans;

/** Offices write only inside their own division. */
function assertOwnDivision(p: User, division: string): void {
  if (p.division !== division) throw new NotInJurisdiction(`Only the office of division ${division} may change its plans.`);
}

/** Reads go down and up the hierarchy; a plan outside both is reported as absent, not as forbidden. */
function visible<T extends { plan: { divisionCode: string } }>(p: User, planId: string, found: T | undefined): T {
  if (!found || !canReadDivision(p, found.plan.divisionCode)) throw new NotFound(`No plan ${planId}.`);
  return found;
}

/** The plan with its latest version: one GetItem of the head. */
async function readablePlan(p: User, planId: string) {
  return visible(p, planId, await repo().getWithLatest(planId));
}


type R = typeof routes;

export const createPlan: UseCase<R['createPlan']> = async (req) => {
  const b = req.body;
  const p = req.actor;
  assertOwnDivision(p, b.divisionCode);
  if (b.parentPlanId) {
    const parent = await repo().get(b.parentPlanId);
    if (!parent || !canReadDivision(p, parent.divisionCode)) {
      throw new MissingParent(b.parentPlanId);
    }
    plans.checkParent(b, parent);
  }
  const now = deps.clock.now();
  const identity: plans.PlanIdentity = {
    planId: randomUUID(),
    type: b.type,
    category: b.category,
    divisionCode: b.divisionCode,
    ...(b.parentPlanId ? { parentPlanId: b.parentPlanId } : {}),
  };
  const change = plans.createPlan(identity, contentOf(b), p, now);
  const uow = openUnitOfWork(req, now);
  repo().stage(uow, change, undefined);
  const result = send(201, planView(change.plan, change.versions[0], now, calendar), change.plan.rev);
  result.headers = { Location: linkTo(routes.getPlan, { planId: identity.planId }) };
  return commit(uow, req, result);
};

class MissingParent extends NotFound {
  constructor(id: string) {
    super(`No parent plan ${id}.`, [{ path: 'body.parentPlanId', message: 'no such plan' }]);
  }
}

function contentOf(b: z.output<typeof import('../../shared/http/contracts/plans.ts').planContentBody>): plans.PlanContent {
  return { title: b.title, responseLevels: plans.withDefaultAuthority(b.responseLevels), warningMeasures: b.warningMeasures };
}

export const getPlan: UseCase<R['getPlan']> = async (req) => {
  const { plan, latest } = await readablePlan(req.actor, req.params.planId);
  return send(200, planView(plan, latest, deps.clock.now(), calendar), plan.rev);
};

export const getPlanVersion: UseCase<R['getPlanVersion']> = async (req) => {
  const { plan, latest } = await readablePlan(req.actor, req.params.planId);
  const wanted = req.params.version;
  const v = wanted === latest.version ? latest : wanted < plan.latestVersion ? await repo().getVersion(plan.planId, wanted) : undefined;
  if (!v) throw new NotFound(`Plan ${plan.planId} has no version ${req.params.version}.`);
  return send(200, versionView(v));
};

export const revisePlan: UseCase<R['revisePlan']> = async (req) => {
  const read = await readablePlan(req.actor, req.params.planId);
  const { plan, latest } = read;
  assertOwnDivision(req.actor, plan.divisionCode);
  checkIfMatch(req, plan.rev);
  const now = deps.clock.now();
  const change = plans.reviseDraft(plan, latest, contentOf(req.body), req.actor, now);
  const uow = openUnitOfWork(req, now);
  repo().stage(uow, change, read);
  const newest = change.versions.find((v) => v.version === change.plan.latestVersion);
  return commit(uow, req, send(200, planView(change.plan, newest, now, calendar), change.plan.rev));
};

export const transitionPlan: UseCase<R['transitionPlan']> = async (req) => {
  // Filing and retiring act on the version in force, which may be older than the latest: read after the head.
  const read = visible(req.actor, req.params.planId, await repo().getWithVersions(req.params.planId));
  const { plan, latest, inForce } = read;
  assertOwnDivision(req.actor, plan.divisionCode);
  checkIfMatch(req, plan.rev);
  const now = deps.clock.now();
  const change = plans.transition(plan, latest, inForce, req.body.action, req.actor, now, calendar, req.body.reason);
  const uow = openUnitOfWork(req, now);
  repo().stage(uow, change, read);
  const newest = change.versions.find((v) => v.version === change.plan.latestVersion) ?? latest;
  return commit(uow, req, send(200, planView(change.plan, newest, now, calendar), change.plan.rev));
};

export const listPlans: UseCase<R['listPlans']> = async (req) => {
  const division = req.query.division ?? req.actor.division!;
  if (!canReadDivision(req.actor, division)) throw new NotInJurisdiction(`Division ${division} is neither yours, below yours nor above it.`);
  const now = deps.clock.now();
  const page = await repo().listByDivision(division, req.query.status, req.query.limit, req.query.cursor);
  return send(200, { items: page.items.map((p) => planView(p, undefined, now, calendar)), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const planChildren: UseCase<R['planChildren']> = async (req) => {
  await readablePlan(req.actor, req.params.planId);
  const now = deps.clock.now();
  const page = await repo().children(req.params.planId, req.query.limit, req.query.cursor);
  const visible = page.items.filter((p) => canReadDivision(req.actor, p.divisionCode));
  return send(200, { items: visible.map((p) => planView(p, undefined, now, calendar)), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const dueForDrill: UseCase<R['dueForDrill']> = async (req) => {
  const division = req.query.division ?? req.actor.division!;
  if (!canReadDivision(req.actor, division)) throw new NotInJurisdiction(`Division ${division} is neither yours, below yours nor above it.`);
  const now = deps.clock.now();
  const page = await repo().dueForDrill(division, drills.drillDueBefore(now), req.query.limit, req.query.cursor);
  return send(200, { items: page.items.map((p) => planView(p, undefined, now, calendar)), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

/** The exercise incident a drill ran on: one the office can read, created as an exercise (issue 11). */
async function exerciseIncident(p: User, incidentId: string) {
  const incident = await repositories().incidents.get(incidentId);
  const readable = incident && canReadDivision(p, incident.divisionCode) ? incident : undefined;
  drills.checkExerciseIncident(readable, incidentId);
  return readable!;
}

export const recordDrill: UseCase<R['recordDrill']> = async (req) => {
  const read = await readablePlan(req.actor, req.params.planId);
  const { plan } = read;
  assertOwnDivision(req.actor, plan.divisionCode);
  if (req.body.exerciseIncidentId !== undefined) await exerciseIncident(req.actor, req.body.exerciseIncidentId);
  const now = deps.clock.now();
  const { plan: next, drill, change } = drills.recordDrill(plan, { drillId: randomUUID(), planId: plan.planId, ...req.body }, req.actor, now);
  const uow = openUnitOfWork(req, now);
  repo().stageDrill(uow, next, read, drill, true, change);
  const result = send(201, drillView(drill));
  result.headers = { Location: linkTo(routes.getDrill, { drillId: drill.drillId }) };
  return commit(uow, req, result);
};

export const getDrill: UseCase<R['getDrill']> = async (req) => {
  const drill = await repo().getDrill(req.params.drillId);
  if (!drill || !canReadDivision(req.actor, drill.divisionCode)) throw new NotFound(`No drill ${req.params.drillId}.`);
  return send(200, drillView(drill));
};

export const evaluateDrill: UseCase<R['evaluateDrill']> = async (req) => {
  const drill = await repo().getDrill(req.params.drillId);
  if (!drill || !canReadDivision(req.actor, drill.divisionCode)) throw new NotFound(`No drill ${req.params.drillId}.`);
  assertOwnDivision(req.actor, drill.divisionCode);
  const read = await repo().getWithLatest(drill.planId);
  if (!read) throw new NotFound(`No plan ${drill.planId}.`);
  // The evaluation cites what was practised: the exercise incident as it stands now.
  const practised = drill.exerciseIncidentId
    ? await (async () => {
        const incident = await exerciseIncident(req.actor, drill.exerciseIncidentId!);
        return drills.practisedOf(incident, (await repositories().incidents.warnings(incident.incidentId)).length);
      })()
    : undefined;
  const now = deps.clock.now();
  const r = drills.evaluateDrill(read.plan, drill, req.body.findings, req.body.revisionNeeded, req.actor, now, practised);
  const uow = openUnitOfWork(req, now);
  repo().stageDrill(uow, r.plan, read, r.drill, false, r.change);
  return commit(uow, req, send(200, drillView(r.drill)));
};
