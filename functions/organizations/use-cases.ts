// Use cases of the organisations function: registration (备案登记) of the caller's own organisation, the office's
// decision on it, group insurance, reads and lists (rule 22).
import { linkTo } from '../../shared/http/contracts/routing.ts';
import type { organizationRoutes as routes } from '../../shared/http/contracts/organizations.ts';
import { organizationRoutes } from '../../shared/http/contracts/organizations.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { sealContact, socialRepositories } from '../../shared/app/social-forces.ts';
import { hasRole, inJurisdiction, isGovernment, type User } from '../../shared/domain/actor.ts';
import { recordGroupInsurance as recordGroupPolicy, registerOrganization, transitionOrganization as decide, type OrganizationTransition } from '../../shared/domain/organization.ts';
import { NotFound, NotInJurisdiction, RuleViolation } from '../../shared/errors.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import { id } from '../../shared/http/contracts/common.ts';
import { checkIfMatch, commit, openUnitOfWork } from '../../shared/http/writes.ts';
import type { StoredOrganization } from '../../shared/store/organizations.ts';
import { organizationView } from './views.ts';

type R = typeof routes;

/** An organisation the caller may read: offices with jurisdiction over its division, and its own members. Else 404. */
async function readableOrganization(actor: User, organizationId: string): Promise<StoredOrganization> {
  const org = await socialRepositories().organizations.get(organizationId);
  const mine = hasRole(actor, 'org') && actor.orgId === organizationId;
  if (!org || !(mine || (isGovernment(actor) && inJurisdiction(actor, org.divisionCode)))) throw new NotFound(`No organisation ${organizationId}.`);
  return org;
}

export const registerOrganizationUseCase: UseCase<R['registerOrganization']> = async (req) => {
  const organizationId = req.actor.orgId;
  // The org_id claim becomes the organisation's id in paths: it must be one (8-64 letters, digits, - or _).
  if (organizationId !== undefined && !id.safeParse(organizationId).success) {
    throw new RuleViolation('organization-id-unusable', 'Your account\'s organisation id cannot name an organisation (8-64 letters, digits, - or _); ask your administrator.');
  }
  const { organizations } = socialRepositories();
  const now = runtime.clock.now();
  // The rules are checked on the request as given; only then is the contact person sealed.
  const { contact, insurance, ...rest } = req.body;
  const draft = registerOrganization({ ...rest, contact, ...(insurance ? { insurance } : {}) }, req.actor, now);
  const orgId = draft.organization.organizationId;
  if (await organizations.get(orgId)) {
    throw new RuleViolation('organization-already-registered', `Organisation ${orgId} has applied for registration already; the office renews it by approving again.`);
  }
  const change = { ...draft, organization: { ...draft.organization, contact: await sealContact(orgId, draft.organization.divisionCode, contact) } };
  const uow = openUnitOfWork(req, now);
  organizations.stage(uow, change, undefined);
  const result = send(201, await organizationView(change.organization, now), change.organization.rev);
  result.headers = { Location: linkTo(organizationRoutes.getOrganization, { organizationId: orgId }) };
  return commit(uow, req, result);
};

export const getOrganization: UseCase<R['getOrganization']> = async (req) => {
  const org = await readableOrganization(req.actor, req.params.organizationId);
  return send(200, await organizationView(org, runtime.clock.now()), org.rev);
};

export const listOrganizations: UseCase<R['listOrganizations']> = async (req) => {
  const division = req.query.division ?? req.actor.division;
  if (!division || !inJurisdiction(req.actor, division)) throw new NotInJurisdiction(`Division ${division ?? '(none)'} is outside your jurisdiction.`);
  const page = await socialRepositories().organizations.list({ division, status: req.query.status, capability: req.query.capability, limit: req.query.limit, cursor: req.query.cursor });
  return send(200, { items: page.items, ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const transitionOrganization: UseCase<R['transitionOrganization']> = async (req) => {
  const { organizations } = socialRepositories();
  const org = await readableOrganization(req.actor, req.params.organizationId);
  checkIfMatch(req, org.rev);
  const now = runtime.clock.now();
  const change = decide(org, req.body as OrganizationTransition, req.actor, now);
  const uow = openUnitOfWork(req, now);
  organizations.stage(uow, change, org);
  return commit(uow, req, send(200, await organizationView(change.organization, now), change.organization.rev));
};

export const recordGroupInsurance: UseCase<R['recordGroupInsurance']> = async (req) => {
  const { organizations } = socialRepositories();
  const org = await readableOrganization(req.actor, req.params.organizationId);
  checkIfMatch(req, org.rev);
  const now = runtime.clock.now();
  const change = recordGroupPolicy(org, req.body, req.actor, now);
  const uow = openUnitOfWork(req, now);
  organizations.stage(uow, change, org);
  return commit(uow, req, send(200, await organizationView(change.organization, now), change.organization.rev));
};
