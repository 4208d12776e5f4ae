// Volunteers (志愿者): registration with identity, skills, availability and contact (rule 19), qualifications, training
// and accident insurance on record, coverage and qualification over a deployment's dates, and who may see what of a
// volunteer (rule 20). Pure: no I/O. Identity and contact are opaque here: the personal-data kernel seals and masks them.
import { InvalidTransition, NotInJurisdiction, RuleViolation, type FieldError } from '../errors.ts';
import { actorLabel, hasRole, inJurisdiction, isGovernment, type Actor } from './actor.ts';
import { cstDate } from './calendar/working-days.ts';
import type { Change } from './change.ts';
import { DIVISION_PATTERN } from './division.ts';
import { eachDay, isCalendarDate, isoWeekday, policyProblems, type GroupInsurance, type InsurancePolicy, type Organization } from './organization.ts';

export type { Change } from './change.ts';

/** What a volunteer can do (Volunteer Service Regulations Art 7). */
export const SKILLS = [
  'first-aid',
  'water-rescue',
  'rope-rescue',
  'diving',
  'medical',
  'driving',
  'logistics',
  'psychological-support',
  'communications',
  'cooking',
  'translation',
  'sign-language',
  'drone-piloting',
  'heavy-machinery',
  'shelter-management',
] as const;
export type Skill = (typeof SKILLS)[number];

/**
 * Certificates a professional task may require (Art 40: professional rescuers need qualifications): first-aid
 * (红十字救护员), water rescue, rope rescue, diving, hazardous materials, psychological counselling, a medical or
 * nursing licence, a CAAC drone licence, a special-equipment operator's licence, an amateur radio operator's licence.
 */
export const QUALIFICATION_KINDS = [
  'first-aid',
  'water-rescue',
  'rope-rescue',
  'diving',
  'hazmat',
  'psychological-counselling',
  'medical-practitioner',
  'nurse',
  'drone-pilot',
  'heavy-machinery-operator',
  'radio-operator',
] as const;
export type QualificationKind = (typeof QUALIFICATION_KINDS)[number];

export interface Availability {
  /** ISO weekdays the volunteer is usually free: 1 Monday ... 7 Sunday. */
  weekdays: number[];
  notes?: string;
}

export interface Qualification {
  kind: QualificationKind;
  certificateNo: string;
  issuer: string;
  /** First day of validity when the certificate states one. */
  validFrom?: string;
  /** Last day (CST, inclusive) the certificate is valid. */
  validUntil: string;
  recordedAt: string;
}

/** Training received (Volunteer Service Regulations Art 16). */
export interface TrainingRecord {
  course: string;
  provider: string;
  completedOn: string;
  hours: number;
  recordedAt: string;
}

/** The personal fields of a volunteer, sealed by the kernel under purpose `volunteer`; `P` is what it seals into. */
export interface VolunteerPersonal<P = unknown> {
  name: P;
  idNumber: P;
  phone: P;
}

export interface Volunteer<P = unknown> {
  volunteerId: string;
  /** The organisation that registered the volunteer; absent for a citizen who registered themself. */
  organizationId?: string;
  /** The user id of a citizen who registered themself: who "the volunteer themself" is. */
  ownerSub?: string;
  personal: VolunteerPersonal<P>;
  skills: Skill[];
  availability: Availability;
  divisionCode: string;
  /** Rule 20: without it nothing identifying is shown to offices, and the volunteer is not searchable. */
  consentToShare: boolean;
  qualifications: Qualification[];
  training: TrainingRecord[];
  insurance: InsurancePolicy[];
  registeredBy: string;
  registeredAt: string;
  updatedAt: string;
  rev: number;
}

export interface VolunteerChange<P = unknown> {
  volunteer: Volunteer<P>;
  change: Change;
}

export interface VolunteerRegistration<P = unknown> {
  name: P;
  idNumber: P;
  phone: P;
  skills: Skill[];
  availability: Availability;
  divisionCode: string;
  consentToShare: boolean;
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/** Rule 19: identity, skills, availability and contact, all of them (Volunteer Service Regulations Art 7). */
function registrationProblems<P>(r: VolunteerRegistration<P>): FieldError[] {
  const out: FieldError[] = [];
  if (!present(r.name)) out.push({ path: 'body.name', message: 'is required (identity)' });
  if (!present(r.idNumber)) out.push({ path: 'body.idNumber', message: 'is required (identity)' });
  if (!present(r.phone)) out.push({ path: 'body.phone', message: 'is required (contact)' });
  if (!Array.isArray(r.skills) || r.skills.length === 0) out.push({ path: 'body.skills', message: 'name at least one skill' });
  else {
    r.skills.forEach((s, n) => {
      if (!SKILLS.includes(s)) out.push({ path: `body.skills[${n}]`, message: 'is not a known skill' });
      else if (r.skills.indexOf(s) !== n) out.push({ path: `body.skills[${n}]`, message: 'is listed twice' });
    });
  }
  const weekdays = r.availability?.weekdays;
  if (!Array.isArray(weekdays) || weekdays.length === 0) out.push({ path: 'body.availability.weekdays', message: 'name at least one weekday (1-7)' });
  else {
    weekdays.forEach((d, n) => {
      if (!Number.isInteger(d) || d < 1 || d > 7) out.push({ path: `body.availability.weekdays[${n}]`, message: 'must be 1 (Monday) to 7 (Sunday)' });
      else if (weekdays.indexOf(d) !== n) out.push({ path: `body.availability.weekdays[${n}]`, message: 'is listed twice' });
    });
  }
  if (!DIVISION_PATTERN.test(r.divisionCode ?? '')) out.push({ path: 'body.divisionCode', message: 'is not a GB/T 2260 code' });
  if (typeof r.consentToShare !== 'boolean') out.push({ path: 'body.consentToShare', message: 'is required (true or false)' });
  return out;
}

/**
 * An organisation registers one of its volunteers (pass its record), or a citizen registers themself. A revoked
 * organisation registers no one; a pending one may build its roster while its own registration is decided.
 */
export function registerVolunteer<P>(volunteerId: string, r: VolunteerRegistration<P>, actor: Actor, now: Date, organization?: Organization<unknown>): VolunteerChange<P> {
  let owner: { organizationId: string } | { ownerSub: string };
  if (actor.kind === 'user' && hasRole(actor, 'org') && actor.orgId) {
    if (!organization || organization.organizationId !== actor.orgId) throw new NotInJurisdiction('An organisation registers volunteers only on its own roster.');
    if (organization.status === 'revoked') throw new InvalidTransition(`Organisation ${organization.organizationId}'s registration is revoked.`);
    owner = { organizationId: organization.organizationId };
  } else if (actor.kind === 'user' && hasRole(actor, 'citizen')) {
    owner = { ownerSub: actor.sub };
  } else {
    throw new RuleViolation('organization-or-citizen-only', 'Volunteers are registered by their organisation or by themselves.');
  }
  const problems = registrationProblems(r);
  if (problems.length) {
    throw new RuleViolation('registration-incomplete', 'Volunteer registration needs identity, skills, availability and contact (rule 19).', problems);
  }
  const at = now.toISOString();
  const volunteer: Volunteer<P> = {
    volunteerId,
    ...owner,
    personal: { name: r.name, idNumber: r.idNumber, phone: r.phone },
    skills: [...r.skills],
    availability: { weekdays: [...r.availability.weekdays].sort((a, b) => a - b), ...(r.availability.notes ? { notes: r.availability.notes } : {}) },
    divisionCode: r.divisionCode,
    consentToShare: r.consentToShare,
    qualifications: [],
    training: [],
    insurance: [],
    registeredBy: actorLabel(actor),
    registeredAt: at,
    updatedAt: at,
    rev: 1,
  };
  return {
    volunteer,
    change: { action: 'register-volunteer', from: null, to: `registered (${'organizationId' in owner ? `by ${owner.organizationId}` : 'self'}; consent ${r.consentToShare ? 'given' : 'withheld'})` },
  };
}

// ---- Who keeps and who sees a record (rule 20) ------------------------------------------------------------------

const isSelf = (actor: Actor, v: Volunteer<unknown>) => actor.kind === 'user' && v.ownerSub !== undefined && actor.sub === v.ownerSub;
const isOwnOrganization = (actor: Actor, v: Volunteer<unknown>) =>
  actor.kind === 'user' && hasRole(actor, 'org') && v.organizationId !== undefined && actor.orgId === v.organizationId;

/** The volunteer themself, or their organisation, keeps the record up to date. */
function requireKeeper(v: Volunteer<unknown>, actor: Actor): void {
  if (!isSelf(actor, v) && !isOwnOrganization(actor, v)) throw new NotInJurisdiction(`Only volunteer ${v.volunteerId} or their organisation may change this record.`);
}

export type Disclosure = 'clear' | 'masked';
export type VolunteerVisibility =
  | { read: false }
  | { read: true; as: 'self' | 'organization' | 'office'; name: Disclosure; idNumber: Disclosure; phone: Disclosure };

/**
 * Rule 20 (Volunteer Service Regulations Art 20): the volunteer sees their own record in full. Their organisation and
 * offices with jurisdiction over the volunteer's division read it: the organisation sees name and phone (it registered
 * them and calls them out), an office sees them only with the volunteer's consent; the ID number stays masked for
 * both, minimum necessary (PIPL Art 6, 28), and the kernel's reveal with a purpose is the only way past a mask. Anyone
 * else, other organisations included, does not read the record.
 */
export function visibleTo(actor: Actor, v: Volunteer<unknown>): VolunteerVisibility {
  if (isSelf(actor, v)) return { read: true, as: 'self', name: 'clear', idNumber: 'clear', phone: 'clear' };
  if (isOwnOrganization(actor, v)) return { read: true, as: 'organization', name: 'clear', idNumber: 'masked', phone: 'clear' };
  if (isGovernment(actor) && inJurisdiction(actor, v.divisionCode)) {
    const shown: Disclosure = v.consentToShare ? 'clear' : 'masked';
    return { read: true, as: 'office', name: shown, idNumber: 'masked', phone: shown };
  }
  return { read: false };
}

/** Rule 20: searches (offices looking for skills) list only volunteers who consented, and always masked. */
export function inSearch(v: Volunteer<unknown>): boolean {
  return v.consentToShare;
}

/** The volunteer, or their organisation on their word, gives or withdraws consent to share (PIPL Art 15). */
export function setConsent<P>(v: Volunteer<P>, consentToShare: boolean, actor: Actor, now: Date): VolunteerChange<P> {
  requireKeeper(v, actor);
  if (v.consentToShare === consentToShare) throw new RuleViolation('consent-unchanged', `Consent is already ${consentToShare ? 'given' : 'withheld'}.`);
  const at = now.toISOString();
  return {
    volunteer: { ...v, consentToShare, updatedAt: at, rev: v.rev + 1 },
    change: { action: consentToShare ? 'give-consent' : 'withdraw-consent', from: v.consentToShare ? 'consent given' : 'consent withheld', to: consentToShare ? 'consent given' : 'consent withheld' },
  };
}

// ---- Qualifications, training, insurance ------------------------------------------------------------------------

export type QualificationInput = Omit<Qualification, 'recordedAt'>;

export function addQualification<P>(v: Volunteer<P>, q: QualificationInput, actor: Actor, now: Date): VolunteerChange<P> {
  requireKeeper(v, actor);
  const out: FieldError[] = [];
  if (!QUALIFICATION_KINDS.includes(q.kind)) out.push({ path: 'body.kind', message: `must be one of ${QUALIFICATION_KINDS.join(', ')}` });
  if (!present(q.certificateNo)) out.push({ path: 'body.certificateNo', message: 'is required' });
  if (!present(q.issuer)) out.push({ path: 'body.issuer', message: 'is required' });
  if (q.validFrom !== undefined && !isCalendarDate(q.validFrom)) out.push({ path: 'body.validFrom', message: 'is not a date (YYYY-MM-DD)' });
  if (!isCalendarDate(q.validUntil)) out.push({ path: 'body.validUntil', message: 'is not a date (YYYY-MM-DD)' });
  else if (q.validUntil < cstDate(now)) out.push({ path: 'body.validUntil', message: 'the certificate has expired' });
  else if (q.validFrom !== undefined && isCalendarDate(q.validFrom) && q.validFrom > q.validUntil) out.push({ path: 'body.validFrom', message: 'is after validUntil' });
  if (out.length) throw new RuleViolation('invalid-qualification', 'The qualification is incomplete, invalid or expired.', out);
  if (v.qualifications.some((x) => x.kind === q.kind && x.certificateNo === q.certificateNo)) {
    throw new RuleViolation('duplicate-qualification', `Certificate ${q.certificateNo} (${q.kind}) is already on record.`, [{ path: 'body.certificateNo', message: 'already on record' }]);
  }
  const at = now.toISOString();
  const recorded: Qualification = { kind: q.kind, certificateNo: q.certificateNo, issuer: q.issuer, ...(q.validFrom ? { validFrom: q.validFrom } : {}), validUntil: q.validUntil, recordedAt: at };
  return {
    volunteer: { ...v, qualifications: [...v.qualifications, recorded], updatedAt: at, rev: v.rev + 1 },
    change: { action: 'add-qualification', from: `${v.qualifications.length} qualifications`, to: `${q.kind} valid until ${q.validUntil}` },
  };
}

export type TrainingInput = Omit<TrainingRecord, 'recordedAt'>;

export function addTraining<P>(v: Volunteer<P>, t: TrainingInput, actor: Actor, now: Date): VolunteerChange<P> {
  requireKeeper(v, actor);
  const out: FieldError[] = [];
  if (!present(t.course)) out.push({ path: 'body.course', message: 'is required' });
  if (!present(t.provider)) out.push({ path: 'body.provider', message: 'is required' });
  if (!isCalendarDate(t.completedOn)) out.push({ path: 'body.completedOn', message: 'is not a date (YYYY-MM-DD)' });
  else if (t.completedOn > cstDate(now)) out.push({ path: 'body.completedOn', message: 'is in the future' });
  if (typeof t.hours !== 'number' || !Number.isFinite(t.hours) || t.hours <= 0) out.push({ path: 'body.hours', message: 'must be positive' });
  if (out.length) throw new RuleViolation('invalid-training', 'The training record is incomplete or invalid.', out);
  const at = now.toISOString();
  return {
    volunteer: { ...v, training: [...v.training, { ...t, recordedAt: at }], updatedAt: at, rev: v.rev + 1 },
    change: { action: 'add-training', from: `${v.training.length} training records`, to: `${t.course} on ${t.completedOn}` },
  };
}

/** A personal accident policy for the volunteer (Art 40; Volunteer Service Regulations Art 17). */
export function addInsurance<P>(v: Volunteer<P>, policy: InsurancePolicy, actor: Actor, now: Date): VolunteerChange<P> {
  requireKeeper(v, actor);
  const problems = policyProblems(policy, 'body');
  if (problems.length) throw new RuleViolation('invalid-insurance-policy', 'The insurance policy is incomplete or invalid.', problems);
  if (v.insurance.some((p) => p.policyNo === policy.policyNo && p.insurer === policy.insurer)) {
    throw new RuleViolation('duplicate-insurance-policy', `Policy ${policy.policyNo} is already on record.`, [{ path: 'body.policyNo', message: 'already on record' }]);
  }
  const at = now.toISOString();
  const { policyNo, insurer, kind, coversFrom, coversTo } = policy;
  return {
    volunteer: { ...v, insurance: [...v.insurance, { policyNo, insurer, kind, coversFrom, coversTo }], updatedAt: at, rev: v.rev + 1 },
    change: { action: 'add-insurance', from: `${v.insurance.length} policies`, to: `policy ${policyNo} ${coversFrom}..${coversTo}` },
  };
}

// ---- Coverage and qualification over dates (rule 21) -------------------------------------------------------------

const covers = (p: InsurancePolicy, day: string) => p.kind === 'personal-accident' && p.coversFrom <= day && day <= p.coversTo;

/** The days from..to (inclusive, CST) that neither a personal policy nor the organisation's group policy covers. */
export function uncoveredDays(v: Volunteer<unknown>, orgGroupInsurance: GroupInsurance | undefined, from: string, to: string): string[] {
  const policies: InsurancePolicy[] = orgGroupInsurance ? [...v.insurance, orgGroupInsurance] : v.insurance;
  return eachDay(from, to).filter((day) => !policies.some((p) => covers(p, day)));
}

/** True only when every day from..to (inclusive, CST) is covered by some personal policy or the group policy. */
export function coveredBy(v: Volunteer<unknown>, orgGroupInsurance: GroupInsurance | undefined, from: string, to: string): boolean {
  return uncoveredDays(v, orgGroupInsurance, from, to).length === 0;
}

/** The required kinds for which no certificate on record is valid on every day from..to. */
export function missingQualifications(v: Volunteer<unknown>, kinds: readonly QualificationKind[], from: string, to: string): QualificationKind[] {
  return kinds.filter((kind) => !v.qualifications.some((q) => q.kind === kind && (q.validFrom === undefined || q.validFrom <= from) && q.validUntil >= to));
}

/** True only when each required qualification is on record and valid through `to`. */
export function qualifiedFor(v: Volunteer<unknown>, kinds: readonly QualificationKind[], from: string, to: string): boolean {
  return missingQualifications(v, kinds, from, to).length === 0;
}

/** Whether the volunteer said they are usually free on that date's weekday (for `availableOn=` searches). */
export function availableOn(v: Volunteer<unknown>, date: string): boolean {
  return v.availability.weekdays.includes(isoWeekday(date));
}
