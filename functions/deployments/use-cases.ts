// Use cases of the deployments function: the office's request under an active response, gated by registration,
// insurance and qualification and exclusive per volunteer over overlapping dates (rules 21-22); answers, arrival,
// withdrawal, hours and stand-down; reads for the office, the organisation and the volunteers asked.
import { randomUUID } from 'node:crypto';
import { callerRefOf, submitClaimFor } from '../../shared/app/compensation.ts';
import { incidentWithRecords, readableIncident } from '../../shared/app/incident-access.ts';
import { repositories, runtime } from '../../shared/app/runtime.ts';
import { organizationLister, rosterFor, rosterView, socialRepositories } from '../../shared/app/social-forces.ts';
import { hasRole, inJurisdiction, isGovernment, type User } from '../../shared/domain/actor.ts';
import { cstDate } from '../../shared/domain/calendar/working-days.ts';
import {
  createDeployment as requestDeployment,
  deploymentClaimSubject,
  isCommitment,
  transitionDeployment as transition,
  type Deployment,
  type DeploymentTransition,
} from '../../shared/domain/deployment.ts';
import { NotFound, RuleViolation } from '../../shared/errors.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import { deploymentRoutes, type deploymentRoutes as routes } from '../../shared/http/contracts/deployments.ts';
import { linkTo } from '../../shared/http/contracts/routing.ts';
import { checkIfMatch, commit, openUnitOfWork } from '../../shared/http/writes.ts';
import { MAX_DEPLOYMENT_BYTES, type Roster } from '../../shared/store/deployments.ts';
import { deploymentSummary, deploymentView } from './views.ts';

type R = typeof routes;

/** Who may see a deployment: offices with jurisdiction over its incident's division, its organisation, the people asked. */
function mayRead(actor: User, d: Deployment): boolean {
  if (isGovernment(actor)) return inJurisdiction(actor, d.divisionCode);
  if (hasRole(actor, 'org') && d.organizationId !== undefined && actor.orgId === d.organizationId) return true;
  return d.people.some((p) => p.sub !== undefined && p.sub === actor.sub);
}

async function readableDeployment(actor: User, deploymentId: string): Promise<{ d: Deployment; roster: Roster | undefined }> {
  const found = await socialRepositories().deployments.withRoster(deploymentId);
  if (!found || !mayRead(actor, found.deployment)) throw new NotFound(`No deployment ${deploymentId}.`);
  return { d: found.deployment, roster: found.roster };
}

/** The deployment as this reader sees it: a volunteer sees their own contact on the roster, offices and the organisation everyone's. */
async function viewFor(actor: User, d: Deployment, roster: Roster | undefined) {
  const seen = isGovernment(actor) || (hasRole(actor, 'org') && actor.orgId === d.organizationId) ? d.people : d.people.filter((p) => p.sub !== undefined && p.sub === actor.sub);
  return deploymentView(d, await rosterView(roster, seen.map((p) => p.volunteerId)));
}

export const createDeployment: UseCase<R['createDeployment']> = async (req) => {
  const { organizations, deployments } = socialRepositories();
  const b = req.body;
  // One round of reads: the incident, the organisation, and the people with their commitments (one BatchGetItem);
  // the incident's error, if any, is the one reported.
  const [incidentRead, peopleRead, organizationRead] = await Promise.allSettled([
    readableIncident(req.actor, req.params.incidentId),
    deployments.peopleOf(b.volunteerIds),
    b.organizationId ? organizations.get(b.organizationId) : Promise.resolve(undefined),
  ]);
  if (incidentRead.status === 'rejected') throw incidentRead.reason;
  if (peopleRead.status === 'rejected') throw peopleRead.reason;
  if (organizationRead.status === 'rejected') throw organizationRead.reason;
  const incident = incidentRead.value;
  const { volunteers: people, commitments } = peopleRead.value;
  const organization = organizationRead.value;
  // The deployments that held these people when their commitments were last written; the domain judges overlaps.
  const held = await deployments.getMany([...new Set([...commitments.values()].flatMap((c) => c.live.map((e) => e.deploymentId)))]);
  const byId = new Map(held.map((d) => [d.deploymentId, d]));
  const now = runtime.clock.now();
  const today = cstDate(now);
  const change = requestDeployment(
    randomUUID(),
    {
      ...(b.organizationId ? { organizationId: b.organizationId } : {}),
      volunteerIds: b.volunteerIds,
      task: b.task,
      from: b.from,
      to: b.to,
      place: b.place,
      reportTo: b.reportTo,
    },
    { incident, ...(organization ? { organization } : {}), volunteers: people, commitments: held },
    req.actor,
    now,
  );
  const uow = openUnitOfWork(req, now);
  deployments.stageRequest(uow, change, {
    commitments: new Map(b.volunteerIds.map((v) => [v, commitments.get(v)])),
    // A finished deployment, an answered "no", or dates already past no longer hold anyone.
    stillHolds: (volunteerId, e) => e.to >= today && byId.has(e.deploymentId) && isCommitment(byId.get(e.deploymentId)!, volunteerId),
    ...(organization ? { organization: { organizationId: organization.organizationId, rev: organization.rev } } : {}),
  });
  // Nobody has said yes yet: the roster (rule 16) is copied as people accept.
  const result = send(201, await viewFor(req.actor, change.deployment, undefined), change.deployment.rev);
  result.headers = { Location: linkTo(deploymentRoutes.getDeployment, { deploymentId: change.deployment.deploymentId }) };
  return commit(uow, req, result);
};

export const listIncidentDeployments: UseCase<R['listIncidentDeployments']> = async (req) => {
  // The office of the incident's division and those above it; a subordinate reads a superior's incident in summary only.
  const incident = await incidentWithRecords(req.actor, req.params.incidentId);
  const page = await socialRepositories().deployments.ofIncident(incident.incidentId, req.query.limit, req.query.cursor);
  return send(200, { items: page.items.map(deploymentSummary), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const listOrganizationDeployments: UseCase<R['listOrganizationDeployments']> = async (req) => {
  const organizationId = req.params.organizationId;
  const { own } = await organizationLister(req.actor, organizationId);
  const page = await socialRepositories().deployments.ofOrganization(organizationId, req.query.limit, req.query.cursor);
  // An office sees in the list only what it may open (the incident in its jurisdiction), never more than one by one.
  const items = own ? page.items : page.items.filter((d) => mayRead(req.actor, d));
  return send(200, { items: items.map(deploymentSummary), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const getDeployment: UseCase<R['getDeployment']> = async (req) => {
  const { d, roster } = await readableDeployment(req.actor, req.params.deploymentId);
  return send(200, await viewFor(req.actor, d, roster), d.rev);
};

export const transitionDeployment: UseCase<R['transitionDeployment']> = async (req) => {
  const { d, roster } = await readableDeployment(req.actor, req.params.deploymentId);
  checkIfMatch(req, d.rev);
  const now = runtime.clock.now();
  const change = transition(d, req.body as DeploymentTransition, req.actor, now);
  // Hours grow the record: keep it well inside what one DynamoDB item holds.
  if (Buffer.byteLength(JSON.stringify(change.deployment)) > MAX_DEPLOYMENT_BYTES) {
    throw new RuleViolation('deployment-record-full', 'This deployment holds as many hours entries as it can; record the next days on a new deployment.');
  }
  // Rule 16: the people who said yes now join the roster, copied from their registers; the trail says so (rule 18).
  const joined = change.deployment.people.filter((p) => p.answer === 'accepted' && d.people.find((q) => q.volunteerId === p.volunteerId)?.answer !== 'accepted');
  let grown: { next: Roster; previous: Roster | undefined } | undefined;
  let recorded = change;
  if (joined.length > 0) {
    const added = await rosterFor(d.deploymentId, d.incidentId, await socialRepositories().volunteers.getMany(joined.map((p) => p.volunteerId)));
    const copied = Object.keys(added.contacts).length;
    if (copied > 0) {
      grown = { next: { ...added, contacts: { ...(roster?.contacts ?? {}), ...added.contacts } }, previous: roster };
      recorded = { ...change, change: { ...change.change, to: `${change.change.to}; the name and phone of ${copied} ${copied === 1 ? 'person' : 'people'} copied from their registers for the response` } };
    }
  }
  const uow = openUnitOfWork(req, now);
  socialRepositories().deployments.stage(uow, recorded, d, grown);
  return commit(uow, req, send(200, await viewFor(req.actor, change.deployment, grown?.next ?? roster), change.deployment.rev));
};

/**
 * Deployment compensation (调用补偿): the organisation deployed claims once the office stood the deployment down. The
 * claim is the compensation-claim aggregate, submitted the one way every claim is (shared/app/compensation.ts).
 */
export const createDeploymentClaim: UseCase<R['createDeploymentClaim']> = async (req) => {
  const { d } = await readableDeployment(req.actor, req.params.deploymentId);
  const incident = await repositories().incidents.get(d.incidentId);
  const subject = deploymentClaimSubject(d, incident?.response?.level);
  return submitClaimFor(req, subject, await callerRefOf(req.actor), req.body);
};

