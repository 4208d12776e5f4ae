// Social emergency forces: registration (备案登记), its life cycle, group insurance, and deployability (rule 22).
import { describe, expect, it } from 'vitest';
import {
  CAPABILITIES,
  addDays,
  daysInclusive,
  eachDay,
  isCalendarDate,
  isDeployable,
  isoWeekday,
  recordGroupInsurance,
  registerOrganization,
  transitionOrganization,
  undeployableReason,
  type Organization,
} from '../../shared/domain/organization.ts';
import { InvalidTransition, NotInJurisdiction, RuleViolation } from '../../shared/errors.ts';
import { CANARY, auditor, citizen, containsCanary, later, now, offices, orgUser, refusal, registeredOrg, registration } from './social-forces-fixtures.ts';

const pending = (): Organization<string> => registerOrganization(registration(), orgUser('org-bluesky'), now).organization;

describe('registration (备案登记)', () => {
  it('registers the caller\'s own organisation as pending, under its org_id, with the contact kept opaque', () => {
    const { organization: org, change } = registerOrganization(registration(), orgUser('org-bluesky'), now);

    expect(org).toMatchObject({ organizationId: 'org-bluesky', status: 'pending', kind: 'rescue-team', divisionCode: '110105', memberCount: 12, rev: 1 });
    expect(org.contact).toEqual({ name: CANARY.contactName, phone: CANARY.contactPhone });
    expect(org.registration).toBeUndefined();
    expect(change).toEqual({ action: 'apply-for-registration', from: null, to: 'pending' });
    expect(containsCanary(change)).toBe(false);
  });

  it('is applied for only by a user of a social force', () => {
    expect(refusal(() => registerOrganization(registration(), citizen('c-1'), now))).toMatchObject({ code: 'organization-only' });
    expect(refusal(() => registerOrganization(registration(), offices.county, now))).toMatchObject({ code: 'organization-only' });
  });

  it('rule 22: refuses an incomplete registration, naming every missing or invalid field at once', () => {
    const e = refusal(() =>
      registerOrganization(
        registration({
          name: ' ',
          capabilities: [],
          equipment: [{ name: 'boat', quantity: 0 }],
          memberCount: 0,
          divisionCode: '1101',
          contact: { name: CANARY.contactName, phone: '' },
          insurance: { policyNo: 'G-1', insurer: 'PICC', kind: 'personal-accident', coversFrom: '2026-07-10', coversTo: '2026-07-01', insuredCount: 12 },
        }),
        orgUser('org-x'),
        now,
      ),
    );

    expect(e).toBeInstanceOf(RuleViolation);
    expect(e.code).toBe('registration-incomplete');
    expect(e.errors!.map((x) => x.path).sort()).toEqual(
      ['body.capabilities', 'body.contact.phone', 'body.divisionCode', 'body.equipment[0].quantity', 'body.insurance.coversTo', 'body.memberCount', 'body.name'].sort(),
    );
    expect(containsCanary(e.errors)).toBe(false);
  });

  it('accepts only capabilities from the closed list, each once', () => {
    const e = refusal(() => registerOrganization(registration({ capabilities: ['water-rescue', 'water-rescue', 'juggling' as never] }), orgUser('org-x'), now));
    expect(e.errors).toEqual([
      { path: 'body.capabilities[1]', message: 'is listed twice' },
      { path: 'body.capabilities[2]', message: 'is not a known capability' },
    ]);
    expect(CAPABILITIES).toEqual(expect.arrayContaining(['water-rescue', 'mountain-rescue', 'urban-search', 'medical', 'logistics', 'psychological-support', 'communications']));
  });
});

describe('registration life cycle', () => {
  it('is approved until a date by an office whose jurisdiction covers the organisation\'s division', () => {
    const { organization: org, change } = transitionOrganization(pending(), { action: 'approve-registration', validUntil: '2027-06-30' }, offices.city, later(2));

    expect(org.status).toBe('registered');
    expect(org.registration).toEqual({ approvedAt: later(2).toISOString(), approvedBy: { division: '110100', level: 'city' }, validUntil: '2027-06-30' });
    expect(org.rev).toBe(2);
    expect(change).toEqual({ action: 'approve-registration', from: 'pending', to: 'registered until 2027-06-30' });
  });

  it('refuses a decision by an office of another division, and by anyone who is not an office', () => {
    expect(refusal(() => transitionOrganization(pending(), { action: 'approve-registration', validUntil: '2027-06-30' }, offices.otherCounty, now))).toBeInstanceOf(NotInJurisdiction);
    expect(refusal(() => transitionOrganization(pending(), { action: 'approve-registration', validUntil: '2027-06-30' }, orgUser('org-bluesky'), now))).toMatchObject({ code: 'government-only' });
    expect(refusal(() => transitionOrganization(pending(), { action: 'revoke', reason: 'x' }, auditor, now))).toMatchObject({ code: 'government-only' });
  });

  it('refuses a validity end date that has already passed, or that is not a date', () => {
    expect(refusal(() => transitionOrganization(pending(), { action: 'approve-registration', validUntil: '2026-06-30' }, offices.county, now))).toMatchObject({ code: 'valid-until-in-past' });
    expect(refusal(() => transitionOrganization(pending(), { action: 'approve-registration', validUntil: '2026-02-30' }, offices.county, now))).toMatchObject({ code: 'invalid-date' });
  });

  it('renews a registered force by approving again with a later end date', () => {
    const { organization: org, change } = transitionOrganization(registeredOrg({ validUntil: '2026-07-31' }), { action: 'approve-registration', validUntil: '2027-07-31' }, offices.county, now);
    expect(org.registration!.validUntil).toBe('2027-07-31');
    expect(change).toMatchObject({ from: 'registered until 2026-07-31', to: 'registered until 2027-07-31' });
  });

  it('suspends with a reason, reinstates, and revokes with a reason for good', () => {
    const suspended = transitionOrganization(registeredOrg(), { action: 'suspend', reason: 'Expired equipment certificates' }, offices.county, now);
    expect(suspended.organization).toMatchObject({ status: 'suspended', suspension: { reason: 'Expired equipment certificates', at: now.toISOString() } });
    expect(suspended.change).toEqual({ action: 'suspend', from: 'registered', to: 'suspended', reason: 'Expired equipment certificates' });

    const reinstated = transitionOrganization(suspended.organization, { action: 'reinstate' }, offices.county, later(24));
    expect(reinstated.organization.status).toBe('registered');
    expect(reinstated.organization.suspension).toBeUndefined();
    expect(reinstated.organization.registration!.validUntil).toBe('2026-12-31');

    const revoked = transitionOrganization(reinstated.organization, { action: 'revoke', reason: 'False registration data' }, offices.city, later(48));
    expect(revoked.organization).toMatchObject({ status: 'revoked', revocation: { reason: 'False registration data' } });
    for (const t of [{ action: 'reinstate' }, { action: 'approve-registration', validUntil: '2027-01-01' }, { action: 'suspend', reason: 'x' }, { action: 'revoke', reason: 'x' }] as const) {
      expect(refusal(() => transitionOrganization(revoked.organization, t, offices.county, later(72)))).toBeInstanceOf(InvalidTransition);
    }
  });

  it('needs a reason to suspend or revoke', () => {
    expect(refusal(() => transitionOrganization(registeredOrg(), { action: 'suspend', reason: '  ' }, offices.county, now))).toMatchObject({ code: 'reason-required' });
    expect(refusal(() => transitionOrganization(pending(), { action: 'revoke', reason: '' }, offices.county, now))).toMatchObject({ code: 'reason-required' });
  });

  it('refuses moves the life cycle does not have', () => {
    expect(refusal(() => transitionOrganization(pending(), { action: 'suspend', reason: 'x' }, offices.county, now))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => transitionOrganization(registeredOrg(), { action: 'reinstate' }, offices.county, now))).toBeInstanceOf(InvalidTransition);
    const suspended = transitionOrganization(registeredOrg(), { action: 'suspend', reason: 'x' }, offices.county, now).organization;
    expect(refusal(() => transitionOrganization(suspended, { action: 'approve-registration', validUntil: '2027-01-01' }, offices.county, now))).toBeInstanceOf(InvalidTransition);
  });
});

describe('group insurance (Art 40)', () => {
  it('is recorded, or replaced, by the organisation itself', () => {
    const policy = { policyNo: 'G-2026-1', insurer: 'PICC', kind: 'personal-accident' as const, coversFrom: '2026-01-01', coversTo: '2026-12-31', insuredCount: 12 };
    const { organization: org, change } = recordGroupInsurance(registeredOrg(), policy, orgUser('org-bluesky'), now);
    expect(org.insurance).toEqual(policy);
    expect(change).toEqual({ action: 'record-group-insurance', from: 'no group policy', to: 'policy G-2026-1 2026-01-01..2026-12-31' });

    expect(refusal(() => recordGroupInsurance(registeredOrg(), policy, orgUser('org-other'), now))).toBeInstanceOf(NotInJurisdiction);
    expect(refusal(() => recordGroupInsurance(registeredOrg(), { ...policy, insuredCount: 0 }, orgUser('org-bluesky'), now))).toMatchObject({
      code: 'invalid-insurance-policy',
      errors: [{ path: 'body.insuredCount', message: 'must be a positive integer' }],
    });
  });
});

describe('deployability (rule 22)', () => {
  it('rule 22: a registered force is deployable on every day up to and including its validity end date', () => {
    const org = registeredOrg({ validUntil: '2026-07-05' });
    expect(isDeployable(org, '2026-07-02', '2026-07-05')).toBe(true);
    expect(isDeployable(org, '2026-07-05', '2026-07-05')).toBe(true);
  });

  it('rule 22: a registration that ends before the last day of the deployment makes the force undeployable', () => {
    const org = registeredOrg({ validUntil: '2026-07-04' });
    expect(isDeployable(org, '2026-07-02', '2026-07-05')).toBe(false);
    expect(undeployableReason(org, '2026-07-02', '2026-07-05')).toMatch(/valid only until 2026-07-04/);
  });

  it('rule 22: a lapsed registration makes the force undeployable', () => {
    const org = registeredOrg({ validUntil: '2026-07-04' });
    expect(isDeployable(org, '2026-07-06', '2026-07-08')).toBe(false);
    expect(undeployableReason(org, '2026-07-06', '2026-07-08')).toMatch(/lapsed after 2026-07-04/);
  });

  it('rule 22: a pending, suspended or revoked force is not deployable', () => {
    const suspended = transitionOrganization(registeredOrg(), { action: 'suspend', reason: 'x' }, offices.county, now).organization;
    const revoked = transitionOrganization(registeredOrg(), { action: 'revoke', reason: 'x' }, offices.county, now).organization;
    for (const org of [pending(), suspended, revoked]) expect(isDeployable(org, '2026-07-02', '2026-07-03')).toBe(false);
    const reinstated = transitionOrganization(suspended, { action: 'reinstate' }, offices.county, now).organization;
    expect(isDeployable(reinstated, '2026-07-02', '2026-07-03')).toBe(true);
  });

  it('rule 22: is not deployable for days before its registration was approved', () => {
    const org = registeredOrg(); // approved on 2026-06-22
    expect(isDeployable(org, '2026-06-21', '2026-06-23')).toBe(false);
  });
});

describe('calendar dates', () => {
  it('knows real dates, counts days inclusively and names ISO weekdays', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-7-1')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysInclusive('2026-07-01', '2026-07-01')).toBe(1);
    expect(eachDay('2026-06-29', '2026-07-02')).toEqual(['2026-06-29', '2026-06-30', '2026-07-01', '2026-07-02']);
    expect(isoWeekday('2026-07-06')).toBe(1); // a Monday
    expect(isoWeekday('2026-07-05')).toBe(7);
  });
});
