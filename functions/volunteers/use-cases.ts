// Use cases of the volunteers function: registration by an organisation or the citizen themself (rule 19), records of
// certificates, training and insurance, reads as rule 20 allows, the search, the service record and the certificate.
import { randomUUID } from 'node:crypto';
import { linkTo } from '../../shared/http/contracts/routing.ts';
import { volunteerRoutes, type volunteerRoutes as routes } from '../../shared/http/contracts/volunteers.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { organizationLister, sealVolunteer, shown, socialRepositories } from '../../shared/app/social-forces.ts';
import { asGovernment, inJurisdiction, type User } from '../../shared/domain/actor.ts';
import { cstDate } from '../../shared/domain/calendar/working-days.ts';
import { serviceRecord } from '../../shared/domain/deployment.ts';
import { isCalendarDate } from '../../shared/domain/organization.ts';
import {
  addInsurance,
  addQualification as addCertificate,
  addTraining as addCourse,
  registerVolunteer,
  visibleTo,
  type VolunteerChange,
  type VolunteerRegistration,
  type VolunteerVisibility,
} from '../../shared/domain/volunteer.ts';
import { AlreadyRegistered, ConcurrentModification, Forbidden, NotFound, NotInJurisdiction, RuleViolation } from '../../shared/errors.ts';
import { send, type ApiRequest, type ApiResult, type UseCase } from '../../shared/http/api.ts';
import { id } from '../../shared/http/contracts/common.ts';
import { checkIfMatch, commit, openUnitOfWork } from '../../shared/http/writes.ts';
import type { SealedField } from '../../shared/pii/sealed.ts';
import { VolunteerRepository, type StoredVolunteer } from '../../shared/store/volunteers.ts';
import { certificateHtml, searchHitView, volunteerView } from './views.ts';

type R = typeof routes;
type Readable = Extract<VolunteerVisibility, { read: true }>;

/** A volunteer the caller may read (rule 20), with what they may see; anyone else learns nothing (404). */
async function readableVolunteer(actor: User, volunteerId: string): Promise<{ v: StoredVolunteer; vis: Readable }> {
  const v = await socialRepositories().volunteers.get(volunteerId);
  const vis = v ? visibleTo(actor, v) : { read: false as const };
  if (!v || !vis.read) throw new NotFound(`No volunteer ${volunteerId}.`);
  return { v, vis };
}

/** Rule 19 is checked on the request as given (the domain), and only then are the personal fields sealed. */
async function register(req: ApiRequest<unknown, unknown, unknown, User>, body: VolunteerRegistration<string>, organizationId: string | undefined): Promise<ApiResult> {
  const { organizations, volunteers } = socialRepositories();
  const actor = req.actor;
  const organization = organizationId === undefined ? undefined : await organizations.get(organizationId);
  if (organizationId !== undefined && !organization) throw new NotFound(`No organisation ${organizationId}.`);
  const now = runtime.clock.now();
  const volunteerId = randomUUID();
  const draft = registerVolunteer(volunteerId, body, actor, now, organization);
  const personal = await sealVolunteer(volunteerId, draft.volunteer.divisionCode, { name: body.name, idNumber: body.idNumber, phone: body.phone });
  const change: VolunteerChange<SealedField> = { ...draft, volunteer: { ...draft.volunteer, personal } };
  const uow = openUnitOfWork(req, now);
  volunteers.stage(uow, change, undefined);
  // The answer is kept in the Idempotency-Key record, so it shows masks only; the record in the clear is a GET away.
  const vis = visibleTo(actor, change.volunteer) as Readable;
  const result = send(201, await volunteerView(change.volunteer, { ...vis, name: 'masked', idNumber: 'masked', phone: 'masked' }), change.volunteer.rev);
  result.headers = { Location: linkTo(volunteerRoutes.getVolunteer, { volunteerId }) };
  return commit(uow, req, result);
}

export const registerMemberVolunteer: UseCase<R['registerMemberVolunteer']> = async (req) => {
  // Another organisation's roster is not there for this caller (404), whether it exists or not.
  if (req.actor.orgId !== req.params.organizationId) throw new NotFound(`No organisation ${req.params.organizationId}.`);
  return register(req, req.body, req.params.organizationId);
};

/**
 * A citizen registers themself once (a second registration is 409 with their record's Location, so nobody fills the
 * register with copies), and with their own identity (rule 19, Volunteer Service Regulations Art 7): the sign-in must
 * have verified an ID number, and the body's must be it, so nobody registers (or stores) another person's identity.
 * Once is decided by the transaction (a marker per user, conditioned on its absence), not by a read before it: a resend
 * under the same Idempotency-Key then replays the first answer, and of two registrations at once exactly one commits.
 */
export const registerSelf: UseCase<R['registerVolunteer']> = async (req) => {
  const verified = req.actor.idNumber;
  if (verified === undefined) {
    throw new Forbidden('Registering yourself needs a sign-in that verified your ID number (real-name verification); ask an organisation to register you otherwise.');
  }
  if (verified !== req.body.idNumber.toUpperCase()) {
    throw new RuleViolation('id-number-not-yours', 'Register yourself with your own ID number, the one your sign-in verified.', [{ path: 'body.idNumber', message: 'not the ID number your sign-in verified' }]);
  }
  try {
    return await register(req, req.body, undefined);
  } catch (err) {
    if (!(err instanceof ConcurrentModification)) throw err;
    const existing = await socialRepositories().volunteers.selfRegistered(req.actor.sub);
    if (existing === undefined) throw err;
    throw new AlreadyRegistered(`You registered as volunteer ${existing} already; keep its qualifications, training and insurance up to date there.`, linkTo(volunteerRoutes.getVolunteer, { volunteerId: existing }));
  }
};

export const myVolunteer: UseCase<R['myVolunteer']> = async (req) => {
  const volunteerId = await socialRepositories().volunteers.selfRegistered(req.actor.sub);
  if (volunteerId === undefined) throw new NotFound('You have not registered as a volunteer.');
  const { v, vis } = await readableVolunteer(req.actor, volunteerId);
  return send(200, await volunteerView(v, vis), v.rev);
};

export const getVolunteer: UseCase<R['getVolunteer']> = async (req) => {
  const { v, vis } = await readableVolunteer(req.actor, req.params.volunteerId);
  return send(200, await volunteerView(v, vis), v.rev);
};

/** A change to the record by its keeper (the volunteer or their organisation), conditioned on the rev read. */
async function keep(req: ApiRequest<unknown, unknown, { volunteerId: string }, User>, apply: (v: StoredVolunteer, now: Date) => VolunteerChange<SealedField>): Promise<ApiResult> {
  const { v } = await readableVolunteer(req.actor, req.params.volunteerId);
  checkIfMatch(req, v.rev);
  const now = runtime.clock.now();
  const change = apply(v, now);
  const uow = openUnitOfWork(req, now);
  socialRepositories().volunteers.stage(uow, change, v);
  return commit(uow, req, send(200, await volunteerView(change.volunteer, visibleTo(req.actor, change.volunteer) as Readable), change.volunteer.rev));
}

export const addQualification: UseCase<R['addQualification']> = (req) => keep(req, (v, now) => addCertificate(v, req.body, req.actor, now));
export const addTraining: UseCase<R['addTraining']> = (req) => keep(req, (v, now) => addCourse(v, req.body, req.actor, now));
export const addVolunteerInsurance: UseCase<R['addVolunteerInsurance']> = (req) => keep(req, (v, now) => addInsurance(v, req.body, req.actor, now));

export const listOrganizationVolunteers: UseCase<R['listOrganizationVolunteers']> = async (req) => {
  const { volunteers } = socialRepositories();
  const organizationId = req.params.organizationId;
  await organizationLister(req.actor, organizationId);
  const page = await volunteers.ofOrganization(organizationId, req.query.limit, req.query.cursor);
  // An office sees the members registered in its own jurisdiction only (rule 20), masked without their consent.
  const readable = page.items.flatMap((v) => {
    const vis = visibleTo(req.actor, v);
    return vis.read ? [{ v, vis }] : [];
  });
  const items = await Promise.all(readable.map(({ v, vis }) => volunteerView(v, vis)));
  return send(200, { items, ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const searchVolunteers: UseCase<R['searchVolunteers']> = async (req) => {
  const gov = asGovernment(req.actor);
  const q = req.query;
  if (!inJurisdiction(gov, q.division)) throw new NotInJurisdiction(`Division ${q.division} is outside your jurisdiction.`);
  if (q.availableOn !== undefined && !isCalendarDate(q.availableOn)) {
    throw new RuleViolation('invalid-date', `${q.availableOn} is not a day of the calendar.`, [{ path: 'query.availableOn', message: 'no such day' }]);
  }
  // The cursor was sealed by this API for this filter (shared/http/api.ts): it is the last volunteer id of a page.
  const after = q.cursor === undefined ? undefined : id.parse(q.cursor);
  const page = await socialRepositories().volunteers.search({
    division: q.division,
    skill: q.skill,
    qualification: q.qualification,
    availableOn: q.availableOn,
    today: cstDate(runtime.clock.now()),
    limit: q.limit,
    after,
  });
  return send(200, { items: page.items.map(searchHitView), ...(page.after ? { cursor: page.after } : {}) });
};

export const volunteerServiceRecord: UseCase<R['volunteerServiceRecord']> = async (req) => {
  const { v } = await readableVolunteer(req.actor, req.params.volunteerId);
  const record = serviceRecord(v, await socialRepositories().deployments.askedOf(v.volunteerId));
  return send(200, record);
};

export const volunteerCertificate: UseCase<R['volunteerCertificate']> = async (req) => {
  const { organizations, deployments } = socialRepositories();
  const { v, vis } = await readableVolunteer(req.actor, req.params.volunteerId);
  const recordKey = VolunteerRepository.recordKey(v.volunteerId);
  const [record, org, name, idNumber] = await Promise.all([
    deployments.askedOf(v.volunteerId).then((ds) => serviceRecord(v, ds)),
    v.organizationId ? organizations.get(v.organizationId) : Promise.resolve(undefined),
    shown(v.personal.name, vis.name, { recordKey, field: 'personal.name' }),
    // The ID number is masked on the certificate for everyone: the number is not needed to prove service.
    shown(v.personal.idNumber, 'masked', { recordKey, field: 'personal.idNumber' }),
  ]);
  const html = certificateHtml({ name, idNumber, record, ...(org ? { organizationName: org.name } : {}), issuedOn: cstDate(runtime.clock.now()) });
  return { status: 200, body: html, contentType: 'text/html; charset=utf-8' };
};
