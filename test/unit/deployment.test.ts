// Deployments: the request gated by registration, insurance and qualification at the edges of the dates (rules 21-22),
// free answers (no forced assignment), arrival, withdrawal, hours, stand-down, events and the service record.
import { describe, expect, it } from 'vitest';
import {
  MAX_DEPLOYMENT_DAYS,
  createDeployment,
  isCommitment,
  overlaps,
  serviceRecord,
  transitionDeployment,
  type Deployment,
  type DeploymentChange,
  type DeploymentContext,
  type DeploymentRequest,
} from '../../shared/domain/deployment.ts';
import { activateResponse, terminate } from '../../shared/domain/incident.ts';
import { transitionOrganization, type Organization } from '../../shared/domain/organization.ts';
import type { Volunteer } from '../../shared/domain/volunteer.ts';
import { InvalidTransition, NotFound, NotInJurisdiction, RuleViolation } from '../../shared/errors.ts';
import { figures, gov, planInForce, reported } from './incident-fixtures.ts';
import { arrivedDeployment, citizen, containsCanary, incident, later, now, offices, orgUser, refusal, registeredOrg, request, volunteer } from './social-forces-fixtures.ts';

const org = registeredOrg(); // valid until 2026-12-31
const insured = (id: string, o: Parameters<typeof volunteer>[1] = {}) => volunteer(id, { org, insured: [['2026-06-01', '2026-12-31']], ...o });
const waterRescue = { title: 'Boat rescue at Liangma river', kind: 'water-rescue' as const, risky: true, requiredQualifications: [] };

function deploy(vols: Volunteer<string>[], o: Partial<DeploymentRequest> = {}, ctx: Partial<DeploymentContext> = {}, actor = offices.county, at = now): DeploymentChange {
  const viaOrg = vols.some((v) => v.organizationId !== undefined);
  return createDeployment(
    'dep-1',
    request({ ...(viaOrg ? { organizationId: org.organizationId } : {}), volunteerIds: vols.map((v) => v.volunteerId), ...o }),
    { incident: incident(), ...(viaOrg ? { organization: org } : {}), volunteers: vols, ...ctx },
    actor,
    at,
  );
}

describe('requesting a deployment', () => {
  it('requests an organisation\'s team for a task, every person asked, and announces it to the organisation', () => {
    const { deployment: d, change, event } = deploy([insured('vol-1'), insured('vol-2')], { task: waterRescue });

    expect(d).toMatchObject({
      deploymentId: 'dep-1',
      incidentId: 'inc-flood',
      divisionCode: '110105',
      organizationId: 'org-bluesky',
      status: 'requested',
      from: '2026-07-02',
      to: '2026-07-05',
      requestedBy: { division: '110105', level: 'county', sub: 'office-110105' },
      hours: [],
      rev: 1,
    });
    expect(d.people).toEqual([
      { volunteerId: 'vol-1', answer: 'pending' },
      { volunteerId: 'vol-2', answer: 'pending' },
    ]);
    expect(change).toEqual({ action: 'request-deployment', from: null, to: 'requested 2026-07-02..2026-07-05 for organisation org-bluesky, 2 people' });
    expect(event).toEqual({
      type: 'deployment.requested',
      division: '110105',
      category: 'natural-disaster',
      level: 'none',
      attributes: { org: 'org-bluesky' },
      deploymentId: 'dep-1',
      incidentId: 'inc-flood',
      status: 'requested',
      taskKind: 'water-rescue',
      from: '2026-07-02',
      to: '2026-07-05',
      people: 2,
    });
    expect(containsCanary({ d, change, event })).toBe(false);
  });

  it('requests self-registered volunteers without an organisation attribute, remembering who answers for each', () => {
    const { deployment: d, event } = deploy([volunteer('vol-7', { sub: 'sub-7' })]);
    expect(d.organizationId).toBeUndefined();
    expect(d.people).toEqual([{ volunteerId: 'vol-7', sub: 'sub-7', answer: 'pending' }]);
    expect(event!.attributes).toBeUndefined();
  });

  it('accepts an Incident under an active response, and refuses one whose response has ended', () => {
    const i = activateResponse(reported(figures({ deaths: 5 })), { level: 'IV', matters: 'Rescue', expectedDuration: '48 hours', measures: ['Search'], basis: { metric: 'deaths' } }, planInForce(), gov.county, now).incident;
    expect(deploy([insured('vol-1')], {}, { incident: i }).deployment.incidentId).toBe('inc-0001');

    const ended = terminate(i, 'Threat eliminated', gov.county, later(1)).incident;
    expect(refusal(() => deploy([insured('vol-1')], {}, { incident: ended }))).toMatchObject({ code: 'no-active-response' });
    expect(refusal(() => deploy([insured('vol-1')], {}, { incident: incident({ status: 'reported', response: undefined }) }))).toMatchObject({ code: 'no-active-response' });
  });

  it('is requested only by an office with jurisdiction over the incident', () => {
    expect(refusal(() => deploy([insured('vol-1')], {}, {}, offices.otherCounty))).toBeInstanceOf(NotInJurisdiction);
    expect(refusal(() => deploy([insured('vol-1')], {}, {}, orgUser('org-bluesky') as never))).toMatchObject({ code: 'government-only' });
    expect(deploy([insured('vol-1')], {}, {}, offices.city).deployment.requestedBy.division).toBe('110100');
  });

  it('refuses dates in the wrong order, starting before today, or longer than the limit', () => {
    expect(refusal(() => deploy([insured('vol-1')], { from: '2026-07-05', to: '2026-07-04' }))).toMatchObject({ code: 'invalid-dates', errors: [{ path: 'body.to' }] });
    expect(refusal(() => deploy([insured('vol-1')], { from: '2026-06-30', to: '2026-07-04' }))).toMatchObject({ code: 'invalid-dates', errors: [{ path: 'body.from' }] });
    expect(refusal(() => deploy([insured('vol-1')], { from: '2026-07-02', to: '2026-09-30' }))).toMatchObject({ code: 'invalid-dates' }); // 91 days
    expect(deploy([insured('vol-1')], { from: '2026-07-02', to: '2026-09-29' }).deployment.to).toBe('2026-09-29'); // 90 days
    expect(MAX_DEPLOYMENT_DAYS).toBe(90);
    expect(deploy([insured('vol-1')], { from: '2026-07-01', to: '2026-07-01' }).deployment.from).toBe('2026-07-01'); // today
  });

  it('refuses a request naming nobody, someone twice, or an unknown qualification', () => {
    expect(refusal(() => deploy([], { organizationId: 'org-bluesky' }, { organization: org }))).toMatchObject({ code: 'invalid-deployment', errors: [{ path: 'body.volunteerIds' }] });
    const v = insured('vol-1');
    expect(refusal(() => deploy([v, v]))).toMatchObject({ code: 'invalid-deployment', errors: [{ path: 'body.volunteerIds[1]' }] });
    expect(refusal(() => deploy([v], { task: { ...waterRescue, requiredQualifications: ['wizardry' as never] } }))).toMatchObject({ code: 'invalid-deployment' });
  });

  it('refuses volunteers or an organisation it was not given, and strangers in an organisation\'s team', () => {
    expect(refusal(() => deploy([insured('vol-1')], {}, { volunteers: [] }))).toBeInstanceOf(NotFound);
    expect(refusal(() => deploy([insured('vol-1')], {}, { organization: undefined }))).toBeInstanceOf(NotFound);
    const stranger = volunteer('vol-9', { org: registeredOrg({ orgId: 'org-other' }) });
    expect(refusal(() => deploy([insured('vol-1'), stranger]))).toMatchObject({
      code: 'volunteer-not-in-organization',
      errors: [{ path: 'body.volunteerIds[1]', message: 'volunteer vol-9 is not a member of organisation org-bluesky' }],
    });
  });

  it('deploys members of a social force only through their organisation', () => {
    const e = refusal(() =>
      createDeployment('dep-1', request({ volunteerIds: ['vol-1'] }), { incident: incident(), volunteers: [insured('vol-1')] }, offices.county, now),
    );
    expect(e).toMatchObject({ code: 'deploy-through-organization', errors: [{ path: 'body.volunteerIds[0]' }] });
  });
});

describe('rule 22: only a force whose registration is valid is deployed', () => {
  const withOrg = (o: Organization<string>) => () =>
    createDeployment('dep-1', request({ organizationId: o.organizationId, volunteerIds: ['vol-1'] }), { incident: incident(), organization: o, volunteers: [volunteer('vol-1', { org })] }, offices.county, now);

  it('rule 22: refuses a force whose registration ends the day before the last deployment day', () => {
    const e = refusal(withOrg(registeredOrg({ validUntil: '2026-07-04' })));
    expect(e).toBeInstanceOf(RuleViolation);
    expect(e.code).toBe('organization-not-deployable');
    expect(e.message).toMatch(/org-bluesky.*valid only until 2026-07-04/);
  });

  it('rule 22: deploys a force whose registration is valid through the last deployment day', () => {
    expect(withOrg(registeredOrg({ validUntil: '2026-07-05' }))().deployment.status).toBe('requested');
  });

  it('rule 22: refuses a force whose registration has lapsed', () => {
    const lapsed = registeredOrg({ validUntil: '2026-07-01' });
    expect(refusal(withOrg(lapsed))).toMatchObject({ code: 'organization-not-deployable' });
    expect(refusal(withOrg(lapsed)).message).toMatch(/lapsed after 2026-07-01/);
  });

  it('rule 22: refuses a suspended, revoked or still pending force', () => {
    const suspended = transitionOrganization(registeredOrg(), { action: 'suspend', reason: 'Inspection' }, offices.county, now).organization;
    const revoked = transitionOrganization(registeredOrg(), { action: 'revoke', reason: 'Dissolved' }, offices.county, now).organization;
    const pending = { ...registeredOrg(), status: 'pending' as const, registration: undefined };
    for (const o of [suspended, revoked, pending]) expect(refusal(withOrg(o))).toMatchObject({ code: 'organization-not-deployable' });
  });
});

describe('rule 21: insurance for risky tasks', () => {
  it('rule 21: refuses a risky task when the accident policy ends the day before the last deployment day', () => {
    const v = volunteer('vol-1', { org, insured: [['2026-06-01', '2026-07-04']] });
    const e = refusal(() => deploy([v], { task: waterRescue }));
    expect(e).toBeInstanceOf(RuleViolation);
    expect(e).toMatchObject({ code: 'insurance-required', errors: [{ path: 'body.volunteerIds[0]', message: 'volunteer vol-1 has no personal accident insurance on 2026-07-05' }] });
  });

  it('rule 21: accepts a policy that covers exactly the first to the last day', () => {
    const v = volunteer('vol-1', { org, insured: [['2026-07-02', '2026-07-05']] });
    expect(deploy([v], { task: waterRescue }).deployment.task.risky).toBe(true);
  });

  it('rule 21: names every uninsured person, and only them', () => {
    const e = refusal(() => deploy([insured('vol-1'), volunteer('vol-2', { org }), volunteer('vol-3', { org, insured: [['2026-07-03', '2026-07-05']] })], { task: waterRescue }));
    expect(e.code).toBe('insurance-required');
    expect(e.errors).toEqual([
      { path: 'body.volunteerIds[1]', message: 'volunteer vol-2 has no personal accident insurance on 2026-07-02, 2026-07-03, 2026-07-04 and 1 more' },
      { path: 'body.volunteerIds[2]', message: 'volunteer vol-3 has no personal accident insurance on 2026-07-02' },
    ]);
  });

  it('rule 21: counts the organisation\'s group policy when it insures every member, and not otherwise', () => {
    const policy = { policyNo: 'G-1', insurer: 'PICC', kind: 'personal-accident' as const, coversFrom: '2026-01-01', coversTo: '2026-12-31' };
    const full = registeredOrg({ insurance: { ...policy, insuredCount: 12 }, memberCount: 12 });
    const partial = registeredOrg({ insurance: { ...policy, insuredCount: 8 }, memberCount: 12 });
    const run = (o: Organization<string>) =>
      createDeployment('dep-1', request({ organizationId: o.organizationId, volunteerIds: ['vol-1'], task: waterRescue }), { incident: incident(), organization: o, volunteers: [volunteer('vol-1', { org: o })] }, offices.county, now);

    expect(run(full).deployment.status).toBe('requested');
    expect(refusal(() => run(partial))).toMatchObject({ code: 'insurance-required', errors: [{ message: expect.stringContaining('insures 8 of 12 members') }] });
  });

  it('rule 21: a task that is not risky needs no insurance', () => {
    expect(deploy([volunteer('vol-1', { org })]).deployment.status).toBe('requested');
  });

  it('rule 21: treats a water-rescue task as risky whatever the request says', () => {
    expect(refusal(() => deploy([insured('vol-1')], { task: { ...waterRescue, risky: false } }))).toMatchObject({ code: 'task-is-risky', errors: [{ path: 'body.task.risky' }] });
  });
});

describe('rule 21: qualifications for professional tasks', () => {
  const diving = { ...waterRescue, title: 'Underwater search', requiredQualifications: ['diving' as const] };

  it('rule 21: refuses a professional task when a certificate expires mid-deployment', () => {
    const v = insured('vol-1', { certificates: [['diving', '2026-07-03']] });
    const e = refusal(() => deploy([v], { task: diving }));
    expect(e).toMatchObject({ code: 'qualification-required', errors: [{ path: 'body.volunteerIds[0]', message: 'volunteer vol-1 holds no diving certificate valid from 2026-07-02 to 2026-07-05' }] });
  });

  it('rule 21: accepts a certificate valid through the last deployment day', () => {
    expect(deploy([insured('vol-1', { certificates: [['diving', '2026-07-05']] })], { task: diving }).deployment.task.requiredQualifications).toEqual(['diving']);
  });

  it('rule 21: refuses a person with no certificate on record, naming each missing kind', () => {
    const v = insured('vol-1', { certificates: [['first-aid', '2027-01-01']] });
    const e = refusal(() => deploy([v], { task: { ...diving, requiredQualifications: ['first-aid', 'diving', 'rope-rescue'] } }));
    expect(e.errors).toEqual([{ path: 'body.volunteerIds[0]', message: 'volunteer vol-1 holds no diving, rope-rescue certificate valid from 2026-07-02 to 2026-07-05' }]);
  });

  it('story: three volunteers, one uninsured and one without a diving certificate; only the third goes', () => {
    const ready = insured('vol-a', { certificates: [['diving', '2027-01-01']] });
    const uninsured = volunteer('vol-b', { org, certificates: [['diving', '2027-01-01']] });
    const noDiving = insured('vol-c');

    expect(refusal(() => deploy([ready, uninsured, noDiving], { task: diving }))).toMatchObject({ code: 'insurance-required', errors: [{ path: 'body.volunteerIds[1]' }] });
    expect(refusal(() => deploy([ready, noDiving], { task: diving }))).toMatchObject({ code: 'qualification-required', errors: [{ path: 'body.volunteerIds[1]' }] });
    expect(deploy([ready], { task: diving }).deployment.people.map((p) => p.volunteerId)).toEqual(['vol-a']);
  });
});

describe('overlapping commitments', () => {
  const v = insured('vol-1');
  const other = (o: Partial<DeploymentRequest> = {}) => createDeployment('dep-0', request({ organizationId: 'org-bluesky', volunteerIds: ['vol-1'], ...o }), { incident: incident(), organization: org, volunteers: [v] }, offices.county, now).deployment;

  it('overlaps on a shared day, edges included', () => {
    expect(overlaps({ from: '2026-07-02', to: '2026-07-05' }, { from: '2026-07-05', to: '2026-07-08' })).toBe(true);
    expect(overlaps({ from: '2026-07-02', to: '2026-07-05' }, { from: '2026-07-06', to: '2026-07-08' })).toBe(false);
    expect(overlaps({ from: '2026-07-03', to: '2026-07-03' }, { from: '2026-07-02', to: '2026-07-05' })).toBe(true);
  });

  it('refuses a person already asked for overlapping dates', () => {
    const e = refusal(() => deploy([v], {}, { commitments: [other({ from: '2026-07-05', to: '2026-07-06' })] }));
    expect(e).toMatchObject({ code: 'volunteer-unavailable', errors: [{ path: 'body.volunteerIds[0]', message: 'volunteer vol-1 is committed to deployment dep-0 (2026-07-05..2026-07-06)' }] });
  });

  it('frees a person who declined, and once the other deployment is stood down or the dates do not meet', () => {
    const declined = transitionDeployment(other(), { action: 'decline' }, orgUser('org-bluesky'), later(1)).deployment;
    const stoodDown = transitionDeployment(other(), { action: 'stand-down' }, offices.county, later(1)).deployment;
    expect(isCommitment(declined, 'vol-1')).toBe(false);
    expect(isCommitment(stoodDown, 'vol-1')).toBe(false);
    expect(isCommitment(other(), 'vol-1')).toBe(true);
    expect(deploy([v], {}, { commitments: [declined, stoodDown, other({ from: '2026-07-06', to: '2026-07-07' })] }).deployment.status).toBe('requested');
  });
});

describe('answers (rule 21: no forced assignment)', () => {
  const team = () => deploy([insured('vol-1'), insured('vol-2')]).deployment;
  const solo = () => deploy([volunteer('vol-7', { sub: 'sub-7' }), volunteer('vol-8', { sub: 'sub-8' })]).deployment;

  it('the organisation accepts for its whole team, and the request is accepted', () => {
    const { deployment: d, change, event } = transitionDeployment(team(), { action: 'accept' }, orgUser('org-bluesky'), later(1));
    expect(d.status).toBe('accepted');
    expect(d.people.every((p) => p.answer === 'accepted' && p.answeredAt === later(1).toISOString())).toBe(true);
    expect(d.answeredAt).toBe(later(1).toISOString());
    expect(change).toEqual({ action: 'accept', from: 'requested', to: 'accepted' });
    expect(event).toMatchObject({ type: 'deployment.accepted', attributes: { org: 'org-bluesky' }, people: 2 });
  });

  it('rule 21: an office cannot accept on anyone\'s behalf', () => {
    expect(refusal(() => transitionDeployment(team(), { action: 'accept' }, offices.county, later(1)))).toMatchObject({ code: 'no-forced-assignment' });
    expect(refusal(() => transitionDeployment(solo(), { action: 'accept', volunteerIds: ['vol-7'] }, offices.county, later(1)))).toMatchObject({ code: 'no-forced-assignment' });
  });

  it('rule 21: a volunteer declines for themself without a reason, and nothing else follows', () => {
    const first = transitionDeployment(solo(), { action: 'decline' }, citizen('sub-7'), later(1));
    expect(first.deployment.status).toBe('requested');
    expect(first.change).toEqual({ action: 'decline', from: 'requested', to: 'requested (1 of 2 answered)' });
    expect(first.event).toBeUndefined();

    const second = transitionDeployment(first.deployment, { action: 'accept' }, citizen('sub-8'), later(2));
    expect(second.deployment.status).toBe('accepted');
    expect(second.event).toMatchObject({ type: 'deployment.accepted', people: 1 });
    // The decline leaves no trace on the service record and frees the dates.
    expect(serviceRecord(volunteer('vol-7', { sub: 'sub-7' }), [second.deployment]).deployments).toEqual([]);
    expect(isCommitment(second.deployment, 'vol-7')).toBe(false);
  });

  it('rule 21: when everyone declines, the request is declined and final', () => {
    const { deployment: d, event } = transitionDeployment(team(), { action: 'decline' }, orgUser('org-bluesky'), later(1));
    expect(d.status).toBe('declined');
    expect(event).toMatchObject({ type: 'deployment.declined', people: 0 });
    expect(refusal(() => transitionDeployment(d, { action: 'accept' }, orgUser('org-bluesky'), later(2)))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => transitionDeployment(d, { action: 'arrive', at: later(2).toISOString() }, orgUser('org-bluesky'), later(2)))).toBeInstanceOf(InvalidTransition);
  });

  it('the organisation may answer for part of its team; a person answers only once', () => {
    const part = transitionDeployment(team(), { action: 'decline', volunteerIds: ['vol-2'] }, orgUser('org-bluesky'), later(1)).deployment;
    expect(part.people.map((p) => p.answer)).toEqual(['pending', 'declined']);
    expect(refusal(() => transitionDeployment(part, { action: 'accept', volunteerIds: ['vol-2'] }, orgUser('org-bluesky'), later(2)))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => transitionDeployment(part, { action: 'accept', volunteerIds: ['vol-5'] }, orgUser('org-bluesky'), later(2)))).toMatchObject({ code: 'not-on-deployment' });
    expect(transitionDeployment(part, { action: 'accept' }, orgUser('org-bluesky'), later(2)).deployment.status).toBe('accepted');
  });

  it('nobody else answers: not another organisation, not another citizen, not one volunteer for another', () => {
    expect(refusal(() => transitionDeployment(team(), { action: 'accept' }, orgUser('org-other'), later(1)))).toBeInstanceOf(NotInJurisdiction);
    expect(refusal(() => transitionDeployment(solo(), { action: 'accept' }, citizen('sub-9'), later(1)))).toBeInstanceOf(NotInJurisdiction);
    expect(refusal(() => transitionDeployment(solo(), { action: 'decline', volunteerIds: ['vol-8'] }, citizen('sub-7'), later(1)))).toBeInstanceOf(NotInJurisdiction);
  });
});

describe('arrival, withdrawal and stand-down', () => {
  const accepted = () => transitionDeployment(deploy([insured('vol-1')]).deployment, { action: 'accept' }, orgUser('org-bluesky'), later(1)).deployment;
  const onSite = () => arrivedDeployment(org, [insured('vol-1'), insured('vol-2')]);
  const day2 = new Date('2026-07-03T10:00:00Z'); // 18:00 CST on 3 July

  it('the organisation reports arrival with its time, within the deployment\'s dates', () => {
    const at = new Date('2026-07-02T01:30:00Z');
    const { deployment: d, change, event } = transitionDeployment(accepted(), { action: 'arrive', at: '2026-07-02T09:30:00+08:00' }, orgUser('org-bluesky'), later(1, at));
    expect(d).toMatchObject({ status: 'arrived', arrivedAt: at.toISOString() });
    expect(change).toEqual({ action: 'arrive', from: 'accepted', to: `arrived ${at.toISOString()}` });
    expect(event).toMatchObject({ type: 'deployment.arrived', attributes: { org: 'org-bluesky' } });
  });

  it('refuses an arrival in the future, outside the dates, or that is not a time', () => {
    const d = accepted();
    const org1 = orgUser('org-bluesky');
    const afterwards = new Date('2026-07-08T00:00:00Z');
    expect(refusal(() => transitionDeployment(d, { action: 'arrive', at: later(30).toISOString() }, org1, later(29)))).toMatchObject({ code: 'invalid-time' });
    expect(refusal(() => transitionDeployment(d, { action: 'arrive', at: '2026-07-01T23:59:00+08:00' }, org1, afterwards))).toMatchObject({ code: 'invalid-time' });
    expect(refusal(() => transitionDeployment(d, { action: 'arrive', at: '2026-07-06T00:00:00+08:00' }, org1, afterwards))).toMatchObject({ code: 'invalid-time' });
    expect(transitionDeployment(d, { action: 'arrive', at: '2026-07-05T23:59:00+08:00' }, org1, afterwards).deployment.status).toBe('arrived');
    expect(refusal(() => transitionDeployment(d, { action: 'arrive', at: 'yesterday' }, org1, later(30)))).toMatchObject({ code: 'invalid-time' });
  });

  it('the organisation reports withdrawal after arrival', () => {
    const { deployment: d, event } = transitionDeployment(onSite(), { action: 'withdraw', at: day2.toISOString() }, orgUser('org-bluesky'), later(1, day2));
    expect(d).toMatchObject({ status: 'withdrawn', withdrawnAt: day2.toISOString() });
    expect(event!.type).toBe('deployment.withdrawn');
    expect(refusal(() => transitionDeployment(onSite(), { action: 'withdraw', at: '2026-07-01T12:00:00Z' }, orgUser('org-bluesky'), later(1, day2)))).toMatchObject({ code: 'invalid-time' });
    expect(refusal(() => transitionDeployment(accepted(), { action: 'withdraw', at: day2.toISOString() }, orgUser('org-bluesky'), later(1, day2)))).toBeInstanceOf(InvalidTransition);
  });

  it('only the organisation, the volunteers who went or the office in command report', () => {
    expect(refusal(() => transitionDeployment(accepted(), { action: 'arrive', at: '2026-07-02T09:30:00+08:00' }, orgUser('org-other'), day2))).toBeInstanceOf(NotInJurisdiction);
    expect(transitionDeployment(accepted(), { action: 'arrive', at: '2026-07-02T09:30:00+08:00' }, offices.county, day2).deployment.status).toBe('arrived');
    const solo = transitionDeployment(deploy([volunteer('vol-7', { sub: 'sub-7' })]).deployment, { action: 'accept' }, citizen('sub-7'), later(1)).deployment;
    expect(transitionDeployment(solo, { action: 'arrive', at: '2026-07-02T09:30:00+08:00' }, citizen('sub-7'), day2).deployment.status).toBe('arrived');
  });

  it('the office stands down a withdrawn team, or calls off a deployment before arrival, but not a team on site', () => {
    const withdrawn = transitionDeployment(onSite(), { action: 'withdraw', at: day2.toISOString() }, orgUser('org-bluesky'), later(1, day2)).deployment;
    const { deployment: d, change, event } = transitionDeployment(withdrawn, { action: 'stand-down', reason: 'Water receded' }, offices.county, later(2, day2));
    expect(d).toMatchObject({ status: 'stood-down', stoodDownAt: later(2, day2).toISOString(), standDownReason: 'Water receded' });
    expect(change).toEqual({ action: 'stand-down', from: 'withdrawn', to: 'stood-down', reason: 'Water receded' });
    expect(event).toMatchObject({ type: 'deployment.stood-down', attributes: { org: 'org-bluesky' } });

    expect(transitionDeployment(accepted(), { action: 'stand-down' }, offices.city, later(2)).deployment.status).toBe('stood-down');
    expect(refusal(() => transitionDeployment(onSite(), { action: 'stand-down' }, offices.county, day2))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => transitionDeployment(d, { action: 'stand-down' }, offices.county, day2))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => transitionDeployment(withdrawn, { action: 'stand-down' }, orgUser('org-bluesky'), day2))).toMatchObject({ code: 'government-only' });
    expect(refusal(() => transitionDeployment(withdrawn, { action: 'stand-down' }, offices.otherCounty, day2))).toBeInstanceOf(NotInJurisdiction);
  });
});

describe('hours', () => {
  const end = new Date('2026-07-06T02:00:00Z'); // the day after the deployment, CST
  const onSite = () => arrivedDeployment(org, [insured('vol-1'), insured('vol-2')]);
  const record = (d: Deployment, entries: { volunteerId: string; date: string; hours: number }[], at = end) => transitionDeployment(d, { action: 'record-hours', entries }, orgUser('org-bluesky'), at);

  it('records hours for people on the deployment on its dates', () => {
    const { deployment: d, change, event } = record(onSite(), [
      { volunteerId: 'vol-1', date: '2026-07-02', hours: 10.5 },
      { volunteerId: 'vol-2', date: '2026-07-05', hours: 8 },
    ]);
    expect(d.hours).toEqual([
      { volunteerId: 'vol-1', date: '2026-07-02', hours: 10.5, recordedAt: end.toISOString(), recordedBy: 'user-of-org-bluesky' },
      { volunteerId: 'vol-2', date: '2026-07-05', hours: 8, recordedAt: end.toISOString(), recordedBy: 'user-of-org-bluesky' },
    ]);
    expect(change).toEqual({ action: 'record-hours', from: '0 hours', to: '18.5 hours' });
    expect(event).toBeUndefined();
  });

  it('refuses hours for someone not on the deployment, or who declined', () => {
    const part = transitionDeployment(deploy([insured('vol-1'), insured('vol-2')]).deployment, { action: 'decline', volunteerIds: ['vol-2'] }, orgUser('org-bluesky'), later(1)).deployment;
    const accepted = transitionDeployment(part, { action: 'accept' }, orgUser('org-bluesky'), later(2)).deployment;
    const arrived = transitionDeployment(accepted, { action: 'arrive', at: '2026-07-02T09:00:00+08:00' }, orgUser('org-bluesky'), end).deployment;
    const e = refusal(() => record(arrived, [{ volunteerId: 'vol-2', date: '2026-07-02', hours: 2 }, { volunteerId: 'vol-9', date: '2026-07-02', hours: 2 }]));
    expect(e).toMatchObject({ code: 'not-on-deployment' });
    expect(e.errors!.map((x) => x.path)).toEqual(['body.entries[0].volunteerId', 'body.entries[1].volunteerId']);
  });

  it('refuses hours outside the deployment\'s dates, before arrival, after withdrawal or in the future', () => {
    const d = onSite();
    expect(refusal(() => record(d, [{ volunteerId: 'vol-1', date: '2026-07-01', hours: 2 }]))).toMatchObject({ code: 'hours-outside-deployment' });
    expect(refusal(() => record(d, [{ volunteerId: 'vol-1', date: '2026-07-06', hours: 2 }], later(24, end)))).toMatchObject({ code: 'hours-outside-deployment' });
    expect(refusal(() => record(d, [{ volunteerId: 'vol-1', date: '2026-07-04', hours: 2 }], new Date('2026-07-03T02:00:00Z')))).toMatchObject({ code: 'hours-outside-deployment' });
    const withdrawn = transitionDeployment(d, { action: 'withdraw', at: '2026-07-03T18:00:00+08:00' }, orgUser('org-bluesky'), end).deployment;
    expect(refusal(() => record(withdrawn, [{ volunteerId: 'vol-1', date: '2026-07-04', hours: 2 }]))).toMatchObject({ code: 'hours-outside-deployment' });
    expect(record(withdrawn, [{ volunteerId: 'vol-1', date: '2026-07-03', hours: 2 }]).deployment.hours).toHaveLength(1);
    expect(refusal(() => record(d, [{ volunteerId: 'vol-1', date: '2026-7-3', hours: 2 }]))).toMatchObject({ code: 'hours-outside-deployment' });
  });

  it('refuses a withdrawal time before a day that already has hours', () => {
    const worked = record(onSite(), [{ volunteerId: 'vol-1', date: '2026-07-04', hours: 8 }]).deployment;
    expect(refusal(() => transitionDeployment(worked, { action: 'withdraw', at: '2026-07-03T18:00:00+08:00' }, orgUser('org-bluesky'), end))).toMatchObject({ code: 'invalid-time' });
    expect(transitionDeployment(worked, { action: 'withdraw', at: '2026-07-04T18:00:00+08:00' }, orgUser('org-bluesky'), end).deployment.status).toBe('withdrawn');
  });

  it('refuses hours that are not positive quarter hours', () => {
    for (const hours of [0, -1, 0.1, 24.25, Number.NaN]) {
      expect(refusal(() => record(onSite(), [{ volunteerId: 'vol-1', date: '2026-07-02', hours }]))).toMatchObject({ code: 'invalid-hours' });
    }
    expect(refusal(() => record(onSite(), []))).toMatchObject({ code: 'invalid-hours' });
  });

  it('refuses more than 24 hours a day for a person, counting earlier entries and entries in the same request', () => {
    const first = record(onSite(), [{ volunteerId: 'vol-1', date: '2026-07-02', hours: 16 }]).deployment;
    expect(refusal(() => record(first, [{ volunteerId: 'vol-1', date: '2026-07-02', hours: 8.25 }]))).toMatchObject({
      code: 'hours-exceed-day',
      errors: [{ path: 'body.entries[0].hours', message: 'brings volunteer vol-1 to 24.25 hours on 2026-07-02' }],
    });
    expect(refusal(() => record(first, [{ volunteerId: 'vol-1', date: '2026-07-02', hours: 4 }, { volunteerId: 'vol-1', date: '2026-07-02', hours: 4.25 }]))).toMatchObject({ code: 'hours-exceed-day' });
    const full = record(first, [{ volunteerId: 'vol-1', date: '2026-07-02', hours: 8 }, { volunteerId: 'vol-2', date: '2026-07-02', hours: 24 }]).deployment;
    expect(full.hours.filter((h) => h.date === '2026-07-02').reduce((n, h) => n + h.hours, 0)).toBe(48);
  });

  it('refuses hours before arrival and after stand-down', () => {
    const accepted = transitionDeployment(deploy([insured('vol-1')]).deployment, { action: 'accept' }, orgUser('org-bluesky'), later(1)).deployment;
    expect(refusal(() => record(accepted, [{ volunteerId: 'vol-1', date: '2026-07-02', hours: 2 }]))).toBeInstanceOf(InvalidTransition);
    const withdrawn = transitionDeployment(onSite(), { action: 'withdraw', at: '2026-07-03T18:00:00+08:00' }, orgUser('org-bluesky'), end).deployment;
    const closed = transitionDeployment(withdrawn, { action: 'stand-down' }, offices.county, end).deployment;
    expect(refusal(() => record(closed, [{ volunteerId: 'vol-1', date: '2026-07-02', hours: 2 }]))).toBeInstanceOf(InvalidTransition);
  });
});

describe('service record (Volunteer Service Regulations Art 19)', () => {
  it('sums each accepted deployment\'s hours and days for the volunteer, oldest first', () => {
    const v1 = insured('vol-1');
    const v2 = insured('vol-2');
    const end = new Date('2026-07-06T02:00:00Z');
    let a = arrivedDeployment(org, [v1, v2]);
    a = transitionDeployment(a, { action: 'record-hours', entries: [{ volunteerId: 'vol-1', date: '2026-07-02', hours: 6 }, { volunteerId: 'vol-1', date: '2026-07-03', hours: 7.5 }, { volunteerId: 'vol-2', date: '2026-07-02', hours: 9 }] }, orgUser('org-bluesky'), end).deployment;
    a = transitionDeployment(a, { action: 'record-hours', entries: [{ volunteerId: 'vol-1', date: '2026-07-03', hours: 2 }] }, orgUser('org-bluesky'), end).deployment;
    const b = { ...arrivedDeployment(org, [v1], { from: '2026-07-10', to: '2026-07-11' }), deploymentId: 'dep-0', from: '2026-06-20', to: '2026-06-21' };

    const r = serviceRecord(v1, [a, b]);
    expect(r).toMatchObject({ volunteerId: 'vol-1', organizationId: 'org-bluesky', totalHours: 15.5, totalDays: 2, firstDate: '2026-07-02', lastDate: '2026-07-03' });
    expect(r.deployments.map((e) => [e.deploymentId, e.hours, e.days])).toEqual([
      ['dep-0', 0, 0],
      ['dep-1', 15.5, 2],
    ]);
    expect(r.deployments[1]).toMatchObject({ incidentId: 'inc-flood', task: { title: 'Evacuate Liangma river bank', kind: 'logistics' }, status: 'arrived', arrivedAt: '2026-07-02T01:00:00.000Z' });
    expect(serviceRecord(insured('vol-3'), [a, b])).toEqual({ volunteerId: 'vol-3', organizationId: 'org-bluesky', deployments: [], totalHours: 0, totalDays: 0 });
  });
});
