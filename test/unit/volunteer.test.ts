// Volunteers: registration (rule 19), qualifications, training and insurance on record, coverage and qualification
// over dates, and who sees what of a volunteer (rule 20).
import { describe, expect, it } from 'vitest';
import { jobActor } from '../../shared/domain/actor.ts';
import type { GroupInsurance } from '../../shared/domain/organization.ts';
import { transitionOrganization } from '../../shared/domain/organization.ts';
import {
  QUALIFICATION_KINDS,
  SKILLS,
  addInsurance,
  addQualification,
  addTraining,
  availableOn,
  coveredBy,
  inSearch,
  missingQualifications,
  qualifiedFor,
  registerVolunteer,
  setConsent,
  uncoveredDays,
  visibleTo,
} from '../../shared/domain/volunteer.ts';
import { InvalidTransition, NotInJurisdiction, RuleViolation } from '../../shared/errors.ts';
import { CANARY, auditor, citizen, containsCanary, later, now, offices, orgUser, refusal, registeredOrg, volunteer, volunteerInput } from './social-forces-fixtures.ts';

const org = registeredOrg();
const group = (coversFrom: string, coversTo: string): GroupInsurance => ({ policyNo: 'G-1', insurer: 'PICC', kind: 'personal-accident', coversFrom, coversTo, insuredCount: 12 });

describe('registration (rule 19)', () => {
  it('registers a volunteer on an organisation\'s roster, keeping identity and contact opaque and out of the change', () => {
    const { volunteer: v, change } = registerVolunteer('vol-1', volunteerInput(), orgUser('org-bluesky'), now, org);

    expect(v).toMatchObject({ volunteerId: 'vol-1', organizationId: 'org-bluesky', skills: ['water-rescue', 'first-aid'], divisionCode: '110105', consentToShare: true, rev: 1 });
    expect(v.ownerSub).toBeUndefined();
    expect(v.personal).toEqual({ name: CANARY.name, idNumber: CANARY.idNumber, phone: CANARY.phone });
    expect(v.availability).toEqual({ weekdays: [6, 7], notes: 'weekends' });
    expect(change).toEqual({ action: 'register-volunteer', from: null, to: 'registered (by org-bluesky; consent given)' });
    expect(containsCanary(change)).toBe(false);
  });

  it('lets a citizen register themself, as the owner of the record', () => {
    const { volunteer: v } = registerVolunteer('vol-2', volunteerInput({ consentToShare: false }), citizen('sub-42'), now);
    expect(v.ownerSub).toBe('sub-42');
    expect(v.organizationId).toBeUndefined();
    expect(v.consentToShare).toBe(false);
  });

  it('rule 19: refuses a registration without identity, naming each missing part', () => {
    const e = refusal(() => registerVolunteer('vol-3', volunteerInput({ name: '', idNumber: undefined as never }), citizen('c'), now));
    expect(e).toBeInstanceOf(RuleViolation);
    expect(e.code).toBe('registration-incomplete');
    expect(e.errors!.map((x) => x.path)).toEqual(['body.name', 'body.idNumber']);
  });

  it('rule 19: refuses a registration without skills', () => {
    expect(refusal(() => registerVolunteer('vol-3', volunteerInput({ skills: [] }), citizen('c'), now)).errors).toEqual([{ path: 'body.skills', message: 'name at least one skill' }]);
    expect(refusal(() => registerVolunteer('vol-3', volunteerInput({ skills: ['knitting' as never] }), citizen('c'), now)).errors).toEqual([{ path: 'body.skills[0]', message: 'is not a known skill' }]);
  });

  it('rule 19: refuses a registration without availability', () => {
    expect(refusal(() => registerVolunteer('vol-3', volunteerInput({ availability: { weekdays: [] } }), citizen('c'), now)).errors!.map((x) => x.path)).toEqual(['body.availability.weekdays']);
    expect(refusal(() => registerVolunteer('vol-3', volunteerInput({ availability: { weekdays: [0, 8, 3, 3] } }), citizen('c'), now)).errors!.map((x) => x.path)).toEqual([
      'body.availability.weekdays[0]',
      'body.availability.weekdays[1]',
      'body.availability.weekdays[3]',
    ]);
  });

  it('rule 19: refuses a registration without contact', () => {
    const e = refusal(() => registerVolunteer('vol-3', volunteerInput({ phone: null as never }), orgUser('org-bluesky'), now, org));
    expect(e).toMatchObject({ code: 'registration-incomplete', errors: [{ path: 'body.phone', message: 'is required (contact)' }] });
  });

  it('does not echo the personal values of a refused registration', () => {
    const e = refusal(() => registerVolunteer('vol-3', volunteerInput({ skills: [], divisionCode: 'x' }), citizen('c'), now));
    expect(containsCanary({ message: e.message, errors: e.errors })).toBe(false);
  });

  it('registers only on the caller\'s own roster, never for a revoked organisation, and not for offices', () => {
    expect(refusal(() => registerVolunteer('vol-4', volunteerInput(), orgUser('org-other'), now, org))).toBeInstanceOf(NotInJurisdiction);
    const revoked = transitionOrganization(org, { action: 'revoke', reason: 'x' }, offices.county, now).organization;
    expect(refusal(() => registerVolunteer('vol-4', volunteerInput(), orgUser('org-bluesky'), now, revoked))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => registerVolunteer('vol-4', volunteerInput(), offices.county, now))).toMatchObject({ code: 'organization-or-citizen-only' });
  });

  it('exports closed lists of skills and qualification kinds', () => {
    expect(SKILLS).toEqual(expect.arrayContaining(['first-aid', 'water-rescue', 'rope-rescue', 'diving', 'medical', 'driving', 'logistics', 'psychological-support', 'communications', 'cooking', 'translation']));
    expect(QUALIFICATION_KINDS).toEqual(expect.arrayContaining(['first-aid', 'rope-rescue', 'diving', 'hazmat', 'psychological-counselling']));
  });
});

describe('qualifications, training and insurance on record', () => {
  const v = volunteer('vol-1', { org });
  const keeper = orgUser('org-bluesky');

  it('records a certificate, refusing one already expired or listed twice', () => {
    const { volunteer: q, change } = addQualification(v, { kind: 'diving', certificateNo: 'PADI-1', issuer: 'PADI', validUntil: '2027-01-01' }, keeper, now);
    expect(q.qualifications).toEqual([{ kind: 'diving', certificateNo: 'PADI-1', issuer: 'PADI', validUntil: '2027-01-01', recordedAt: now.toISOString() }]);
    expect(change).toEqual({ action: 'add-qualification', from: '0 qualifications', to: 'diving valid until 2027-01-01' });

    expect(refusal(() => addQualification(v, { kind: 'diving', certificateNo: 'PADI-0', issuer: 'PADI', validUntil: '2026-06-30' }, keeper, now))).toMatchObject({ code: 'invalid-qualification' });
    expect(refusal(() => addQualification(q, { kind: 'diving', certificateNo: 'PADI-1', issuer: 'PADI', validUntil: '2028-01-01' }, keeper, now))).toMatchObject({ code: 'duplicate-qualification' });
  });

  it('records training received', () => {
    const { volunteer: t } = addTraining(v, { course: 'Swift water rescue', provider: 'Beijing Red Cross', completedOn: '2026-05-20', hours: 16 }, keeper, now);
    expect(t.training).toEqual([{ course: 'Swift water rescue', provider: 'Beijing Red Cross', completedOn: '2026-05-20', hours: 16, recordedAt: now.toISOString() }]);
    expect(refusal(() => addTraining(v, { course: 'x', provider: 'y', completedOn: '2026-07-02', hours: 1 }, keeper, now))).toMatchObject({ code: 'invalid-training' });
  });

  it('records a personal accident policy, refusing an inverted or non-accident one', () => {
    const { volunteer: i } = addInsurance(v, { policyNo: 'P-9', insurer: 'PICC', kind: 'personal-accident', coversFrom: '2026-07-01', coversTo: '2026-09-30' }, keeper, now);
    expect(i.insurance).toEqual([{ policyNo: 'P-9', insurer: 'PICC', kind: 'personal-accident', coversFrom: '2026-07-01', coversTo: '2026-09-30' }]);
    const e = refusal(() => addInsurance(v, { policyNo: 'P-8', insurer: 'PICC', kind: 'health' as never, coversFrom: '2026-09-30', coversTo: '2026-07-01' }, keeper, now));
    expect(e.errors!.map((x) => x.path)).toEqual(['body.kind', 'body.coversTo']);
  });

  it('is kept by the volunteer or their organisation only', () => {
    const q = { kind: 'first-aid' as const, certificateNo: 'RC-1', issuer: 'Red Cross', validUntil: '2027-01-01' };
    expect(refusal(() => addQualification(v, q, orgUser('org-other'), now))).toBeInstanceOf(NotInJurisdiction);
    expect(refusal(() => addQualification(v, q, offices.county, now))).toBeInstanceOf(NotInJurisdiction);
    const self = volunteer('vol-5', { sub: 'sub-5' });
    expect(addQualification(self, q, citizen('sub-5'), now).volunteer.qualifications).toHaveLength(1);
    expect(refusal(() => addQualification(self, q, citizen('sub-6'), now))).toBeInstanceOf(NotInJurisdiction);
  });
});

describe('insurance coverage over dates (rule 21)', () => {
  it('covers a deployment when personal policies together cover every day', () => {
    const v = volunteer('vol-1', { insured: [['2026-06-01', '2026-07-03'], ['2026-07-04', '2026-08-01']] });
    expect(coveredBy(v, undefined, '2026-07-02', '2026-07-05')).toBe(true);
  });

  it('does not cover when the policy ends the day before the last day', () => {
    const v = volunteer('vol-1', { insured: [['2026-06-01', '2026-07-04']] });
    expect(coveredBy(v, undefined, '2026-07-02', '2026-07-05')).toBe(false);
    expect(uncoveredDays(v, undefined, '2026-07-02', '2026-07-05')).toEqual(['2026-07-05']);
  });

  it('does not cover a gap between two policies, nor a first day before the policy starts', () => {
    const v = volunteer('vol-1', { insured: [['2026-07-03', '2026-07-03'], ['2026-07-05', '2026-07-09']] });
    expect(uncoveredDays(v, undefined, '2026-07-02', '2026-07-06')).toEqual(['2026-07-02', '2026-07-04']);
  });

  it('counts the organisation\'s group policy, alone or together with a personal one', () => {
    const v = volunteer('vol-1', { org, insured: [['2026-07-05', '2026-07-10']] });
    expect(coveredBy(v, group('2026-01-01', '2026-07-04'), '2026-07-02', '2026-07-06')).toBe(true);
    expect(coveredBy(v, group('2026-01-01', '2026-07-03'), '2026-07-02', '2026-07-06')).toBe(false);
    expect(coveredBy(volunteer('vol-2', { org }), group('2026-07-02', '2026-07-06'), '2026-07-02', '2026-07-06')).toBe(true);
  });

  it('covers nothing without any policy', () => {
    expect(coveredBy(volunteer('vol-1'), undefined, '2026-07-02', '2026-07-02')).toBe(false);
  });
});

describe('qualification over dates (rule 21)', () => {
  it('is qualified when each required certificate is valid through the last day', () => {
    const v = volunteer('vol-1', { certificates: [['diving', '2026-07-05'], ['first-aid', '2027-01-01']] });
    expect(qualifiedFor(v, ['diving', 'first-aid'], '2026-07-02', '2026-07-05')).toBe(true);
    expect(qualifiedFor(v, [], '2026-07-02', '2026-07-05')).toBe(true);
  });

  it('is not qualified when a certificate expires mid-deployment, or is missing', () => {
    const v = volunteer('vol-1', { certificates: [['diving', '2026-07-04'], ['first-aid', '2027-01-01']] });
    expect(qualifiedFor(v, ['diving'], '2026-07-02', '2026-07-05')).toBe(false);
    expect(missingQualifications(v, ['first-aid', 'diving', 'hazmat'], '2026-07-02', '2026-07-05')).toEqual(['diving', 'hazmat']);
  });

  it('is not qualified before a certificate\'s first valid day', () => {
    const v = volunteer('vol-1', { certificates: [['diving', '2027-01-01', '2026-07-03']] });
    expect(qualifiedFor(v, ['diving'], '2026-07-02', '2026-07-05')).toBe(false);
    expect(qualifiedFor(v, ['diving'], '2026-07-03', '2026-07-05')).toBe(true);
  });
});

describe('who sees a volunteer (rule 20)', () => {
  const consenting = volunteer('vol-1', { org, consent: true });
  const withholding = volunteer('vol-2', { org, consent: false });
  const self = volunteer('vol-3', { sub: 'sub-3', consent: false });

  it('rule 20: the volunteer sees their own record in full', () => {
    expect(visibleTo(citizen('sub-3'), self)).toEqual({ read: true, as: 'self', name: 'clear', idNumber: 'clear', phone: 'clear' });
  });

  it('rule 20: their organisation reads the record, with the ID number masked', () => {
    expect(visibleTo(orgUser('org-bluesky'), withholding)).toEqual({ read: true, as: 'organization', name: 'clear', idNumber: 'masked', phone: 'clear' });
  });

  it('rule 20: without consent an office with jurisdiction sees identity and contact masked only', () => {
    expect(visibleTo(offices.county, withholding)).toEqual({ read: true, as: 'office', name: 'masked', idNumber: 'masked', phone: 'masked' });
    expect(visibleTo(offices.city, self)).toEqual({ read: true, as: 'office', name: 'masked', idNumber: 'masked', phone: 'masked' });
  });

  it('rule 20: with consent an office with jurisdiction sees name and phone, never the ID number', () => {
    expect(visibleTo(offices.city, consenting)).toEqual({ read: true, as: 'office', name: 'clear', idNumber: 'masked', phone: 'clear' });
  });

  it('rule 20: other organisations, offices elsewhere, other citizens, auditors and jobs do not read the record', () => {
    for (const actor of [orgUser('org-other'), offices.otherCounty, citizen('sub-4'), auditor, jobActor('pii-destruction')]) {
      expect(visibleTo(actor, consenting)).toEqual({ read: false });
      expect(visibleTo(actor, withholding)).toEqual({ read: false });
    }
  });

  it('rule 20: searches list only volunteers who consented', () => {
    expect(inSearch(consenting)).toBe(true);
    expect(inSearch(withholding)).toBe(false);
  });

  it('rule 20: consent is withdrawn by the volunteer or their organisation, and then the office sees masks', () => {
    const { volunteer: v, change } = setConsent(consenting, false, orgUser('org-bluesky'), later(1));
    expect(change).toEqual({ action: 'withdraw-consent', from: 'consent given', to: 'consent withheld' });
    expect(visibleTo(offices.county, v)).toMatchObject({ name: 'masked', phone: 'masked' });
    expect(inSearch(v)).toBe(false);
    expect(refusal(() => setConsent(self, true, offices.county, now))).toBeInstanceOf(NotInJurisdiction);
    expect(setConsent(self, true, citizen('sub-3'), now).volunteer.consentToShare).toBe(true);
    expect(refusal(() => setConsent(self, false, citizen('sub-3'), now))).toMatchObject({ code: 'consent-unchanged' });
  });
});

describe('availability', () => {
  it('matches a date against the weekdays the volunteer gave', () => {
    const v = volunteer('vol-1'); // weekends
    expect(availableOn(v, '2026-07-04')).toBe(true); // Saturday
    expect(availableOn(v, '2026-07-06')).toBe(false); // Monday
  });
});
