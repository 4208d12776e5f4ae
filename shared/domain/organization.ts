// Social emergency forces (社会应急力量): registration (备案登记) with the emergency office, suspension, reinstatement,
// revocation, group accident insurance, and whether a force may be deployed on given dates (rule 22). Pure: no I/O.
// Personal fields (the contact person) are opaque to this file: the personal-data kernel seals them, the domain only
// carries them, and no Change or event holds them.
import { InvalidTransition, NotInJurisdiction, RuleViolation, type FieldError } from '../errors.ts';
import { actorLabel, asGovernment, hasRole, requireJurisdiction, type Actor } from './actor.ts';
import { cstDate } from './calendar/working-days.ts';
import type { Change } from './change.ts';
import { DIVISION_PATTERN, type GovLevel } from './division.ts';

export type { Change } from './change.ts';

export const ORGANIZATION_KINDS = ['social-organization', 'charity', 'social-work-agency', 'rescue-team', 'enterprise-team'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/**
 * What a force can do, as an office searches for it and as a deployment's task names it. The first seven come from the
 * issue; the rest are what county offices list in their social-force rosters (fire, hazardous materials, search dogs,
 * drones, shelters, heavy machinery).
 */
export const CAPABILITIES = [
  'water-rescue',
  'mountain-rescue',
  'urban-search',
  'medical',
  'logistics',
  'psychological-support',
  'communications',
  'firefighting',
  'hazmat-response',
  'canine-search',
  'aerial-reconnaissance',
  'shelter-management',
  'heavy-machinery',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const ORGANIZATION_ACTIONS = ['approve-registration', 'suspend', 'reinstate', 'revoke'] as const;
export type OrganizationAction = (typeof ORGANIZATION_ACTIONS)[number];

export const ORGANIZATION_STATUSES = ['pending', 'registered', 'suspended', 'revoked'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

export interface Equipment {
  name: string;
  quantity: number;
}

/** Personal accident insurance (人身意外伤害保险, Art 40; Volunteer Service Regulations Art 17). Dates are inclusive CST dates. */
export interface InsurancePolicy {
  policyNo: string;
  insurer: string;
  kind: 'personal-accident';
  coversFrom: string;
  coversTo: string;
}

/** A group policy an organisation buys for its members. */
export interface GroupInsurance extends InsurancePolicy {
  insuredCount: number;
}

/** The contact person of an organisation: personal data, sealed by the kernel; `P` is whatever it seals into. */
export interface OrganizationContact<P = unknown> {
  name: P;
  phone: P;
}

export interface Registration {
  approvedAt: string;
  approvedBy: { division: string; level: GovLevel };
  /** Last day (CST, inclusive) the registration is valid; renewed by approving again. */
  validUntil: string;
}

export interface Organization<P = unknown> {
  /** The `org_id` claim of the organisation's users: one registration per id. */
  organizationId: string;
  name: string;
  kind: OrganizationKind;
  /** Unified social credit code (GB 32100), checked where the request is parsed. */
  creditCode: string;
  divisionCode: string;
  capabilities: Capability[];
  equipment: Equipment[];
  memberCount: number;
  contact: OrganizationContact<P>;
  insurance?: GroupInsurance;
  status: OrganizationStatus;
  registration?: Registration;
  suspension?: { reason: string; at: string };
  revocation?: { reason: string; at: string };
  submittedBy: string;
  submittedAt: string;
  updatedAt: string;
  rev: number;
}

export interface OrganizationChange<P = unknown> {
  organization: Organization<P>;
  change: Change;
}

export interface OrganizationRegistration<P = unknown> {
  name: string;
  kind: OrganizationKind;
  creditCode: string;
  divisionCode: string;
  capabilities: Capability[];
  equipment: Equipment[];
  memberCount: number;
  contact: OrganizationContact<P>;
  insurance?: GroupInsurance;
}

// ---- Calendar dates (CST, YYYY-MM-DD), shared by the social-forces files -----------------------------------------

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(s: unknown): s is string {
  if (typeof s !== 'string' || !ISO_DATE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

export function addDays(date: string, n: number): string {
  return new Date((dayNumber(date) + n) * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both counted: 1 for a single day. */
export function daysInclusive(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/** Every date from `from` to `to` inclusive. */
export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** ISO weekday 1 (Monday) to 7 (Sunday) of a date. */
export function isoWeekday(date: string): number {
  return ((dayNumber(date) + 3) % 7) + 1; // 1970-01-01 was a Thursday (4)
}

// ---- Checks -----------------------------------------------------------------------------------------------------

const present = (v: unknown) => v !== undefined && v !== null && v !== '';
const positiveInteger = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;

/** Problems of a personal accident policy, with paths under `at`; empty when it is sound. */
export function policyProblems(p: InsurancePolicy, at: string, group = false): FieldError[] {
  const out: FieldError[] = [];
  if (!present(p.policyNo)) out.push({ path: `${at}.policyNo`, message: 'is required' });
  if (!present(p.insurer)) out.push({ path: `${at}.insurer`, message: 'is required' });
  if (p.kind !== 'personal-accident') out.push({ path: `${at}.kind`, message: 'must be personal-accident (Art 40)' });
  if (!isCalendarDate(p.coversFrom)) out.push({ path: `${at}.coversFrom`, message: 'is not a date (YYYY-MM-DD)' });
  if (!isCalendarDate(p.coversTo)) out.push({ path: `${at}.coversTo`, message: 'is not a date (YYYY-MM-DD)' });
  else if (isCalendarDate(p.coversFrom) && p.coversTo < p.coversFrom) out.push({ path: `${at}.coversTo`, message: 'is before coversFrom' });
  if (group && !positiveInteger((p as GroupInsurance).insuredCount)) out.push({ path: `${at}.insuredCount`, message: 'must be a positive integer' });
  return out;
}

function registrationProblems<P>(r: OrganizationRegistration<P>): FieldError[] {
  const out: FieldError[] = [];
  if (!present(r.name?.trim())) out.push({ path: 'body.name', message: 'is required' });
  if (!ORGANIZATION_KINDS.includes(r.kind)) out.push({ path: 'body.kind', message: `must be one of ${ORGANIZATION_KINDS.join(', ')}` });
  if (!present(r.creditCode)) out.push({ path: 'body.creditCode', message: 'is required' });
  if (!DIVISION_PATTERN.test(r.divisionCode ?? '')) out.push({ path: 'body.divisionCode', message: 'is not a GB/T 2260 code' });
  if (!r.capabilities?.length) out.push({ path: 'body.capabilities', message: 'name at least one capability' });
  r.capabilities?.forEach((c, n) => {
    if (!CAPABILITIES.includes(c)) out.push({ path: `body.capabilities[${n}]`, message: 'is not a known capability' });
    else if (r.capabilities.indexOf(c) !== n) out.push({ path: `body.capabilities[${n}]`, message: 'is listed twice' });
  });
  r.equipment?.forEach((e, n) => {
    if (!present(e.name?.trim())) out.push({ path: `body.equipment[${n}].name`, message: 'is required' });
    if (!positiveInteger(e.quantity)) out.push({ path: `body.equipment[${n}].quantity`, message: 'must be a positive integer' });
  });
  if (!positiveInteger(r.memberCount)) out.push({ path: 'body.memberCount', message: 'must be a positive integer' });
  if (!present(r.contact?.name)) out.push({ path: 'body.contact.name', message: 'is required' });
  if (!present(r.contact?.phone)) out.push({ path: 'body.contact.phone', message: 'is required' });
  if (r.insurance) out.push(...policyProblems(r.insurance, 'body.insurance', true));
  return out;
}

/** The organisation an org user speaks for; anyone else is refused. */
function requireOrgUser(actor: Actor, organizationId?: string): string {
  if (actor.kind !== 'user' || !hasRole(actor, 'org') || !actor.orgId) {
    throw new RuleViolation('organization-only', 'Only a user of a social emergency force may do this.');
  }
  if (organizationId !== undefined && actor.orgId !== organizationId) {
    throw new NotInJurisdiction(`Organisation ${organizationId} is not yours.`);
  }
  return actor.orgId;
}

// ---- Life cycle -------------------------------------------------------------------------------------------------

/** An org user applies for registration (备案登记) of their own organisation: its id is their `org_id`. */
export function registerOrganization<P>(r: OrganizationRegistration<P>, actor: Actor, now: Date): OrganizationChange<P> {
  const organizationId = requireOrgUser(actor);
  const problems = registrationProblems(r);
  if (problems.length) throw new RuleViolation('registration-incomplete', 'The registration is incomplete or invalid (rule 22).', problems);
  const at = now.toISOString();
  const organization: Organization<P> = {
    organizationId,
    name: r.name.trim(),
    kind: r.kind,
    creditCode: r.creditCode,
    divisionCode: r.divisionCode,
    capabilities: [...r.capabilities],
    equipment: r.equipment.map((e) => ({ name: e.name.trim(), quantity: e.quantity })),
    memberCount: r.memberCount,
    contact: r.contact,
    ...(r.insurance ? { insurance: { ...r.insurance } } : {}),
    status: 'pending',
    submittedBy: actorLabel(actor),
    submittedAt: at,
    updatedAt: at,
    rev: 1,
  };
  return { organization, change: { action: 'apply-for-registration', from: null, to: 'pending' } };
}

export type OrganizationTransition =
  | { action: 'approve-registration'; validUntil: string }
  | { action: 'suspend'; reason: string }
  | { action: 'reinstate'; reason?: string }
  | { action: 'revoke'; reason: string };

/** Which statuses each action leaves from. Approving a registered force renews it with a new end date. */
const FROM: Record<OrganizationAction, OrganizationStatus[]> = {
  'approve-registration': ['pending', 'registered'],
  suspend: ['registered'],
  reinstate: ['suspended'],
  revoke: ['pending', 'registered', 'suspended'],
};

function requireReason(reason: string | undefined): string {
  if (!present(reason?.trim())) throw new RuleViolation('reason-required', 'Give the reason for this decision.', [{ path: 'body.reason', message: 'is required' }]);
  return reason!.trim();
}

/** Rule 22: an office whose jurisdiction covers the organisation's division decides on its registration. */
export function transitionOrganization<P>(org: Organization<P>, t: OrganizationTransition, actor: Actor, now: Date): OrganizationChange<P> {
  const gov = asGovernment(actor);
  requireJurisdiction(gov, org.divisionCode, `Organisation ${org.organizationId}`);
  if (!FROM[t.action].includes(org.status)) {
    throw new InvalidTransition(org.status === 'revoked' ? `Organisation ${org.organizationId}'s registration is revoked; that is final.` : `Cannot ${t.action} an organisation that is ${org.status}.`);
  }
  const at = now.toISOString();
  const base = { ...org, updatedAt: at, rev: org.rev + 1 };
  switch (t.action) {
    case 'approve-registration': {
      if (!isCalendarDate(t.validUntil)) throw new RuleViolation('invalid-date', 'validUntil is not a date (YYYY-MM-DD).', [{ path: 'body.validUntil', message: 'is not a date' }]);
      if (t.validUntil < cstDate(now)) {
        throw new RuleViolation('valid-until-in-past', 'A registration is approved to a date that has not passed.', [{ path: 'body.validUntil', message: 'is in the past' }]);
      }
      const registration: Registration = { approvedAt: at, approvedBy: { division: gov.division, level: gov.level }, validUntil: t.validUntil };
      return {
        organization: { ...base, status: 'registered', registration },
        change: { action: 'approve-registration', from: org.status === 'registered' ? `registered until ${org.registration!.validUntil}` : org.status, to: `registered until ${t.validUntil}` },
      };
    }
    case 'suspend': {
      const reason = requireReason(t.reason);
      return { organization: { ...base, status: 'suspended', suspension: { reason, at } }, change: { action: 'suspend', from: org.status, to: 'suspended', reason } };
    }
    case 'reinstate': {
      const { suspension: _lifted, ...rest } = base;
      const reason = t.reason?.trim();
      return { organization: { ...rest, status: 'registered' }, change: { action: 'reinstate', from: org.status, to: 'registered', ...(reason ? { reason } : {}) } };
    }
    case 'revoke': {
      const reason = requireReason(t.reason);
      return { organization: { ...base, status: 'revoked', revocation: { reason, at } }, change: { action: 'revoke', from: org.status, to: 'revoked', reason } };
    }
  }
}

/** The organisation records (or replaces) the group accident policy it bought for its members (Art 40). */
export function recordGroupInsurance<P>(org: Organization<P>, policy: GroupInsurance, actor: Actor, now: Date): OrganizationChange<P> {
  requireOrgUser(actor, org.organizationId);
  if (org.status === 'revoked') throw new InvalidTransition(`Organisation ${org.organizationId}'s registration is revoked.`);
  const problems = policyProblems(policy, 'body', true);
  if (problems.length) throw new RuleViolation('invalid-insurance-policy', 'The insurance policy is incomplete or invalid.', problems);
  const at = now.toISOString();
  return {
    organization: { ...org, insurance: { ...policy }, updatedAt: at, rev: org.rev + 1 },
    change: { action: 'record-group-insurance', from: org.insurance ? `policy ${org.insurance.policyNo}` : 'no group policy', to: `policy ${policy.policyNo} ${policy.coversFrom}..${policy.coversTo}` },
  };
}

// ---- Deployability (rule 22) ------------------------------------------------------------------------------------

/** Why the organisation may not be deployed on every day of from..to, or undefined when it may. */
export function undeployableReason(org: Organization<unknown>, from: string, to: string): string | undefined {
  switch (org.status) {
    case 'pending':
      return `Organisation ${org.organizationId} is not yet registered.`;
    case 'suspended':
      return `Organisation ${org.organizationId}'s registration is suspended.`;
    case 'revoked':
      return `Organisation ${org.organizationId}'s registration is revoked.`;
    case 'registered':
      break;
  }
  const reg = org.registration!;
  if (from < cstDate(new Date(reg.approvedAt))) return `Organisation ${org.organizationId} is registered only from ${cstDate(new Date(reg.approvedAt))}.`;
  if (reg.validUntil < to) {
    return reg.validUntil < from
      ? `Organisation ${org.organizationId}'s registration lapsed after ${reg.validUntil}.`
      : `Organisation ${org.organizationId}'s registration is valid only until ${reg.validUntil}, before the deployment ends on ${to}.`;
  }
  return undefined;
}

/** Rule 22: registered, neither suspended nor revoked, and the registration valid on every day from..to. */
export function isDeployable(org: Organization<unknown>, from: string, to: string): boolean {
  return undeployableReason(org, from, to) === undefined;
}
