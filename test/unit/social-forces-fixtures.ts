// Fixtures for the social-forces tests: actors, an organisation taken through registration, volunteers with insurance
// and certificates, and an incident under an active response. Personal fields carry canary values that must never
// appear in a Change, an event or an error.
import type { Actor, Government, User } from '../../shared/domain/actor.ts';
import { createDeployment, transitionDeployment, type Deployment, type DeploymentRequest, type IncidentForDeployment } from '../../shared/domain/deployment.ts';
import { recordGroupInsurance, registerOrganization, transitionOrganization, type GroupInsurance, type Organization, type OrganizationRegistration } from '../../shared/domain/organization.ts';
import { addInsurance, addQualification, registerVolunteer, type QualificationKind, type Volunteer, type VolunteerRegistration } from '../../shared/domain/volunteer.ts';
import { AppError } from '../../shared/errors.ts';

/** 10:00 CST on 1 July 2026: "today" is 2026-07-01. */
export const now = new Date('2026-07-01T02:00:00Z');
export const later = (hours: number, from: Date = now) => new Date(from.getTime() + hours * 3600_000);

const office = (division: string, level: Government['level']): Government => ({ kind: 'user', sub: `office-${division}`, roles: ['office'], division, level });
export const offices = {
  county: office('110105', 'county'),
  city: office('110100', 'city'),
  otherCounty: office('110108', 'county'),
};
export const orgUser = (orgId: string): User => ({ kind: 'user', sub: `user-of-${orgId}`, roles: ['org'], orgId });
export const citizen = (sub: string): User => ({ kind: 'user', sub, roles: ['citizen'] });
export const auditor: User = { kind: 'user', sub: 'auditor-1', roles: ['auditor'], division: '110000' };

/** Personal data: these strings must never show up outside the sealed fields. */
export const CANARY = { name: 'CANARY-张三丰', idNumber: '11010519900307123X', phone: '13912345678', contactName: 'CANARY-李四光', contactPhone: '13698765432' };
export const containsCanary = (x: unknown) => Object.values(CANARY).some((c) => JSON.stringify(x ?? null).includes(c));

export function registration(o: Partial<OrganizationRegistration<string>> = {}): OrganizationRegistration<string> {
  return {
    name: 'Blue Sky Rescue Chaoyang',
    kind: 'rescue-team',
    creditCode: '91110105MA01ABCD2X',
    divisionCode: '110105',
    capabilities: ['water-rescue', 'urban-search'],
    equipment: [{ name: 'inflatable boat', quantity: 4 }],
    memberCount: 12,
    contact: { name: CANARY.contactName, phone: CANARY.contactPhone },
    ...o,
  };
}

/** A registered organisation, approved by the county until `validUntil`. */
export function registeredOrg(o: { orgId?: string; validUntil?: string; insurance?: GroupInsurance; memberCount?: number } = {}): Organization<string> {
  const orgId = o.orgId ?? 'org-bluesky';
  let org = registerOrganization(registration({ ...(o.memberCount ? { memberCount: o.memberCount } : {}) }), orgUser(orgId), later(-240)).organization;
  org = transitionOrganization(org, { action: 'approve-registration', validUntil: o.validUntil ?? '2026-12-31' }, offices.county, later(-200)).organization;
  if (o.insurance) org = recordGroupInsurance(org, o.insurance, orgUser(orgId), later(-190)).organization;
  return org;
}

export function volunteerInput(o: Partial<VolunteerRegistration<string>> = {}): VolunteerRegistration<string> {
  return {
    name: CANARY.name,
    idNumber: CANARY.idNumber,
    phone: CANARY.phone,
    skills: ['water-rescue', 'first-aid'],
    availability: { weekdays: [6, 7], notes: 'weekends' },
    divisionCode: '110105',
    consentToShare: true,
    ...o,
  };
}

export interface VolunteerOptions {
  /** Registered by this organisation; self-registered by `sub` otherwise. */
  org?: Organization<string>;
  sub?: string;
  /** Personal accident policies as [coversFrom, coversTo]. */
  insured?: [string, string][];
  /** Certificates as [kind, validUntil] or [kind, validUntil, validFrom]. */
  certificates?: ([QualificationKind, string] | [QualificationKind, string, string])[];
  consent?: boolean;
}

/** A volunteer registered through the domain, with policies and certificates recorded by whoever keeps the record. */
export function volunteer(volunteerId: string, o: VolunteerOptions = {}): Volunteer<string> {
  const keeper: Actor = o.org ? orgUser(o.org.organizationId) : citizen(o.sub ?? `citizen-${volunteerId}`);
  let v = registerVolunteer(volunteerId, volunteerInput({ consentToShare: o.consent ?? true }), keeper, later(-100), o.org).volunteer;
  (o.insured ?? []).forEach(([coversFrom, coversTo], n) => {
    v = addInsurance(v, { policyNo: `PA-${volunteerId}-${n}`, insurer: 'PICC', kind: 'personal-accident', coversFrom, coversTo }, keeper, later(-90)).volunteer;
  });
  (o.certificates ?? []).forEach(([kind, validUntil, validFrom], n) => {
    v = addQualification(v, { kind, certificateNo: `C-${volunteerId}-${n}`, issuer: 'Red Cross Beijing', validUntil, ...(validFrom ? { validFrom } : {}) }, keeper, later(-80)).volunteer;
  });
  return v;
}

export const incident = (o: Partial<IncidentForDeployment> = {}): IncidentForDeployment => ({
  incidentId: 'inc-flood',
  divisionCode: '110105',
  category: 'natural-disaster',
  status: 'responding',
  response: { status: 'active' },
  ...o,
});

export function request(o: Partial<DeploymentRequest> = {}): DeploymentRequest {
  return {
    volunteerIds: ['vol-1'],
    task: { title: 'Evacuate Liangma river bank', kind: 'logistics', risky: false, requiredQualifications: [] },
    from: '2026-07-02',
    to: '2026-07-05',
    place: 'Liangma river, east bank',
    reportTo: 'On-site command post, Liangmaqiao',
    ...o,
  };
}

/** Runs a domain command and returns what it throws (a test fails if nothing is thrown). */
export function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal, but the command succeeded');
}

/** An organisation's deployment of `vols`, accepted by the organisation and arrived on the first day. */
export function arrivedDeployment(org: Organization<string>, vols: Volunteer<string>[], o: Partial<DeploymentRequest> = {}): Deployment {
  let d = createDeployment('dep-1', request({ organizationId: org.organizationId, volunteerIds: vols.map((v) => v.volunteerId), ...o }), { incident: incident(), organization: org, volunteers: vols }, offices.county, now).deployment;
  d = transitionDeployment(d, { action: 'accept' }, orgUser(org.organizationId), later(1)).deployment;
  const arrival = new Date(`${d.from}T01:00:00Z`); // 09:00 CST on the first day
  return transitionDeployment(d, { action: 'arrive', at: arrival.toISOString() }, orgUser(org.organizationId), later(1, arrival)).deployment;
}
