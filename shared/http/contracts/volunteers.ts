// API contract of volunteers (rules 19-20): registration by an organisation or by the citizen themself, qualifications,
// training and insurance on record, reads as rule 20 allows, the search offices use, the service record and the free
// service certificate (Volunteer Service Regulations Art 19).
import * as z from 'zod/mini';
import { DEPLOYMENT_STATUSES } from '../../domain/deployment.ts';
import { CAPABILITIES } from '../../domain/organization.ts';
import { QUALIFICATION_KINDS, SKILLS } from '../../domain/volunteer.ts';
import { mobileNumber, residentIdNumber } from '../../pii/identifiers.ts';
import { meta } from '../../schema.ts';
import { divisionCode, id, isoDateTime, pageOf, pageQuery, text } from './common.ts';
import { calendarDate, insurancePolicyBody, insurancePolicyView, organizationIdParams } from './organizations.ts';
import { defineRoutes, office } from './routing.ts';

export const volunteerIdParams = z.lazy(() => z.strictObject({ volunteerId: id }));

export const registerVolunteerBody = z.lazy(() =>
  z.strictObject({
    name: text(100),
    idNumber: residentIdNumber(),
    phone: mobileNumber,
    skills: z.array(z.enum(SKILLS)).check(z.minLength(1), z.maxLength(SKILLS.length)),
    availability: z.strictObject({
      weekdays: z.array(z.number().check(z.int(), z.minimum(1), z.maximum(7))).check(z.minLength(1), z.maxLength(7)).register(z.globalRegistry, { description: 'ISO weekdays the volunteer is usually free: 1 Monday ... 7 Sunday' }),
      notes: z.optional(text(500)),
    }),
    divisionCode,
    /** Rule 20: without it offices see masked identity and contact only, and the volunteer is not searchable. */
    consentToShare: z.boolean(),
  }).register(z.globalRegistry, { id: 'RegisterVolunteer' }),
);

export const qualificationBody = z.lazy(() =>
  z.strictObject({ kind: z.enum(QUALIFICATION_KINDS), certificateNo: text(64), issuer: text(200), validFrom: z.optional(calendarDate), validUntil: calendarDate }).register(z.globalRegistry, { id: 'Qualification' }),
);

export const trainingBody = z.lazy(() =>
  z.strictObject({ course: text(200), provider: text(200), completedOn: calendarDate, hours: z.number().check(z.minimum(0.25), z.maximum(2000), z.multipleOf(0.25)) }).register(z.globalRegistry, { id: 'TrainingRecord' }),
);

export const volunteerSearchQuery = z.lazy(() =>
  z.strictObject({
    division: divisionCode,
    skill: z.optional(z.enum(SKILLS)),
    qualification: z.optional(z.enum(QUALIFICATION_KINDS)),
    availableOn: z.optional(calendarDate),
    ...pageQuery(),
  }),
);

export const rosterQuery = z.lazy(() => z.strictObject(pageQuery()));

// Views: exactly what the volunteers function answers.
const disclosure = z.lazy(() => z.enum(['clear', 'masked']));
const availabilityView = z.lazy(() => z.strictObject({ weekdays: z.array(z.number().check(z.int())), notes: z.optional(z.string()) }));
const qualificationView = z.lazy(() =>
  z.strictObject({ kind: z.enum(QUALIFICATION_KINDS), certificateNo: z.string(), issuer: z.string(), validFrom: z.optional(z.string()), validUntil: z.string(), recordedAt: isoDateTime }),
);
const trainingView = z.lazy(() =>
  z.strictObject({ course: z.string(), provider: z.string(), completedOn: z.string(), hours: z.number(), recordedAt: isoDateTime }),
);

export const volunteerView = z.lazy(() =>
  z.strictObject({
    volunteerId: z.string(),
    organizationId: z.optional(z.string()),
    /** In the clear or masked as rule 20 allows this reader (`disclosure` says which); `destroyed` once erased. */
    name: z.string(),
    idNumber: z.string(),
    phone: z.string(),
    disclosure: z.strictObject({ as: z.enum(['self', 'organization', 'office']), name: disclosure, idNumber: disclosure, phone: disclosure }),
    skills: z.array(z.enum(SKILLS)),
    availability: availabilityView,
    divisionCode,
    consentToShare: z.boolean(),
    qualifications: z.array(qualificationView),
    training: z.array(trainingView),
    insurance: z.array(insurancePolicyView),
    registeredAt: isoDateTime,
    updatedAt: isoDateTime,
  }).register(z.globalRegistry, { id: 'Volunteer' }),
);

/** A search hit: consenting volunteers only, and always masked (rule 20). */
export const volunteerSearchHit = z.lazy(() =>
  z.strictObject({
    volunteerId: z.string(),
    organizationId: z.optional(z.string()),
    divisionCode,
    name: z.string(),
    phone: z.string(),
    skills: z.array(z.enum(SKILLS)),
    availability: z.strictObject({ weekdays: z.array(z.number().check(z.int())) }),
    qualifications: z.array(z.strictObject({ kind: z.enum(QUALIFICATION_KINDS), validFrom: z.optional(z.string()), validUntil: z.string() })),
  }).register(z.globalRegistry, { id: 'VolunteerSearchHit' }),
);

export const serviceRecordView = z.lazy(() =>
  z.strictObject({
    volunteerId: z.string(),
    organizationId: z.optional(z.string()),
    deployments: z.array(
      z.strictObject({
        deploymentId: z.string(),
        incidentId: z.string(),
        organizationId: z.optional(z.string()),
        task: z.strictObject({ title: z.string(), kind: z.enum(CAPABILITIES) }),
        from: z.string(),
        to: z.string(),
        status: z.enum(DEPLOYMENT_STATUSES),
        arrivedAt: z.optional(isoDateTime),
        withdrawnAt: z.optional(isoDateTime),
        hours: z.number(),
        days: z.number().check(z.int()),
      }),
    ),
    totalHours: z.number(),
    totalDays: z.number().check(z.int()),
    firstDate: z.optional(z.string()),
    lastDate: z.optional(z.string()),
  }).register(z.globalRegistry, { id: 'ServiceRecord' }),
);

const readers = ['office', 'org', 'citizen'] as const;
const keepers = ['org', 'citizen'] as const;

export const volunteerRoutes = defineRoutes({
  registerMemberVolunteer: {
    method: 'POST', path: '/v1/organizations/{organizationId}/volunteers', fn: 'volunteers', auth: ['org'],
    summary: 'The organisation registers one of its volunteers: identity, skills, availability and contact (rule 19)',
    params: organizationIdParams, body: registerVolunteerBody, idempotent: true, response: { status: 201, schema: volunteerView },
  },
  registerVolunteer: {
    method: 'POST', path: '/v1/volunteers', fn: 'volunteers', auth: ['citizen'],
    summary: 'A citizen registers themself as a volunteer (rule 19), once: a second registration is 409 already-registered with Location; with the ID number their sign-in verified (custom:id_number): 403 without one, 422 id-number-not-yours for another number',
    body: registerVolunteerBody, idempotent: true,
    response: { status: 201, schema: volunteerView },
  },
  searchVolunteers: {
    method: 'GET', path: '/v1/volunteers', fn: 'volunteers', auth: office,
    summary: 'Consenting volunteers of a division by skill, qualification and a date they are usually free (masked; rule 20)',
    query: volunteerSearchQuery, response: { status: 200, schema: z.lazy(() => meta(pageOf(volunteerSearchHit), { id: 'VolunteerSearchPage' })) },
  },
  myVolunteer: {
    method: 'GET', path: '/v1/me/volunteer', fn: 'volunteers', auth: ['citizen'],
    summary: 'The volunteer record the caller registered for themself, in the clear (404 before they register)', response: { status: 200, schema: volunteerView },
  },
  getVolunteer: {
    method: 'GET', path: '/v1/volunteers/{volunteerId}', fn: 'volunteers', auth: readers,
    summary: 'One volunteer: the volunteer, their organisation, offices with jurisdiction (masked without consent; rule 20)',
    params: volunteerIdParams, response: { status: 200, schema: volunteerView },
  },
  listOrganizationVolunteers: {
    method: 'GET', path: '/v1/organizations/{organizationId}/volunteers', fn: 'volunteers', auth: ['org', 'office'],
    summary: 'An organisation\'s roster: the organisation and offices with jurisdiction over each volunteer', params: organizationIdParams,
    query: rosterQuery, response: { status: 200, schema: z.lazy(() => meta(pageOf(volunteerView), { id: 'VolunteerPage' })) },
  },
  addQualification: {
    method: 'POST', path: '/v1/volunteers/{volunteerId}/qualifications', fn: 'volunteers', auth: keepers,
    summary: 'Record a certificate (the volunteer or their organisation)', params: volunteerIdParams, body: qualificationBody,
    ifMatch: 'optional', response: { status: 200, schema: volunteerView },
  },
  addTraining: {
    method: 'POST', path: '/v1/volunteers/{volunteerId}/training', fn: 'volunteers', auth: keepers,
    summary: 'Record training received (Volunteer Service Regulations Art 16)', params: volunteerIdParams, body: trainingBody,
    ifMatch: 'optional', response: { status: 200, schema: volunteerView },
  },
  addVolunteerInsurance: {
    method: 'POST', path: '/v1/volunteers/{volunteerId}/insurance', fn: 'volunteers', auth: keepers,
    summary: 'Record a personal accident policy (Art 40; Volunteer Service Regulations Art 17)', params: volunteerIdParams,
    body: insurancePolicyBody, ifMatch: 'optional', response: { status: 200, schema: volunteerView },
  },
  volunteerServiceRecord: {
    method: 'GET', path: '/v1/volunteers/{volunteerId}/service-record', fn: 'volunteers', auth: readers,
    summary: 'Deployments served and hours recorded', params: volunteerIdParams, response: { status: 200, schema: serviceRecordView },
  },
  volunteerCertificate: {
    method: 'GET', path: '/v1/volunteers/{volunteerId}/certificate', fn: 'volunteers', auth: readers,
    summary: 'A free, print-ready bilingual service certificate (Volunteer Service Regulations Art 19)', params: volunteerIdParams,
    response: { status: 200, contentType: 'text/html; charset=utf-8' },
  },
});
