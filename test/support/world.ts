// The world the base requests point at (base-requests.ts World), made over HTTP by the county office on a test
// platform. Each creating request whose route is idempotent is sent with `Idempotency-Key: fixture-<route>` and a body
// other than the base request's, so the matrix can try that key with the base body.
import { randomBytes } from 'node:crypto';
import { signToken } from '../../infra/local/auth.ts';
import { activationBody, drillBody, warningBody, type World } from './base-requests.ts';
import { reportBody, samplePlanBody } from './bodies.ts';
import { countyOffice, orgMember, type Caller } from './callers.ts';
import { certificateBody, creditCodeOf, day, deploymentBody, deploymentClaimBody, organizationBody, orgUserOf, policyBody, selfVolunteerCitizen, volunteerBody } from './social-forces.ts';
import type { TestPlatform } from './http.ts';
import type { MatrixContext } from './bad-input.ts';
import { expectStatus, ok, transitionPlan } from './replies.ts';
import { buildCompensationWorld } from './compensation.ts';
import { buildLinkageWorld } from './linkage.ts';
import { buildPiiWorld } from './pii-lifecycle.ts';

/** The e-mail address of the world's subscription S. */
export const SUBSCRIBED_EMAIL = 'duty.officer@example.org';

export interface BuiltWorld extends MatrixContext {
  /** Reads the ETags of the plan and of incidents A and R again (after the world changed). */
  refresh(): Promise<void>;
}

export async function buildWorld(platform: TestPlatform): Promise<BuiltWorld> {
  const keyedRoutes = new Set<string>();
  const keyedCallers = new Map<string, Caller>();
  const as = (route?: string, caller: Caller = countyOffice) => {
    if (route) keyedRoutes.add(route);
    return { caller, ...(route ? { headers: { 'Idempotency-Key': `fixture-${route}` } } : {}) };
  };
  const hourAgo = new Date(Date.now() - 3600_000).toISOString();

  // A published flood plan with one unevaluated drill.
  const planId = (await ok(platform.route('createPlan', { ...as('createPlan'), body: samplePlanBody({ title: 'Chaoyang flood plan' }) }), 201, 'flood plan')).planId as string;
  await transitionPlan(platform.route, countyOffice, planId, 'submit', 'approve', 'publish');
  const drill = await ok(platform.route('recordDrill', { ...as('recordDrill'), params: { planId }, body: { ...drillBody(), scenario: 'Embankment breach at dawn' } }), 201, 'drill');

  // An accident plan in force in 110105: level IV needs a county, III a city (the defaults).
  const inForce = await ok(
    platform.route('createPlan', {
      ...as(),
      body: {
        title: 'Chaoyang gas and production-safety accident plan',
        type: 'special',
        category: 'accident',
        divisionCode: '110105',
        responseLevels: { III: { thresholds: { deaths: 3 }, measures: ['City command post'] }, IV: { thresholds: { deaths: 1 }, measures: ['County command post'] } },
      },
    }),
    201,
    'accident plan',
  );
  await transitionPlan(platform.route, countyOffice, inForce.planId, 'submit', 'approve', 'publish');

  const report = async (o: Record<string, unknown>, route?: string) => (await ok(platform.route('reportIncident', { ...as(route), body: reportBody({ occurredAt: hourAgo, ...o }) }), 201, 'incident')).incidentId as string;
  const incidentId = await report({ title: 'Gas explosion at a restaurant' }, 'reportIncident');
  const respondingIncidentId = await report({ title: 'Boiler explosion at a plant' });
  const socialSecurityIncidentId = await report({ category: 'social-security', type: 'mass-incident', title: 'Crowd at a station' });

  const warning = await expectStatus(
    platform.route('issueWarning', { ...as('issueWarning'), params: { incidentId }, body: { ...warningBody(), level: '3', title: { 'zh-CN': '朝阳区燃气爆炸黄色预警' } } }),
    201,
    'warning',
  );
  await expectStatus(
    platform.route('activateResponse', { ...as('activateResponse'), params: { incidentId: respondingIncidentId }, body: { ...activationBody(inForce.planId), matters: 'Rescue at the plant' } }),
    201,
    'activation',
  );
  await expectStatus(
    platform.route('createRelease', { ...as('createRelease'), params: { incidentId }, body: { title: { 'zh-CN': '燃气爆炸情况通报' }, body: { 'zh-CN': '现场已控制。' } } }),
    201,
    'release',
  );
  const subscription = await ok(
    platform.route('createSubscription', { ...as('createSubscription'), body: { protocol: 'email', endpoint: SUBSCRIBED_EMAIL, filter: { divisionPrefix: '1101', minLevel: '3' } } }),
    201,
    'subscription',
  );
  // The county office has no verified phone: an SMS subscription waits for the one-time code sent to it.
  const pendingSms = await ok(platform.route('createSubscription', { ...as(), body: { protocol: 'sms', endpoint: '13700000042' } }), 201, 'sms subscription');
  const codeSms = platform.sns.directSms().filter((m) => m.phoneNumber === '+8613700000042').at(-1);
  const code = codeSms ? /(\d{6})/.exec(codeSms.message)?.[1] : undefined;
  if (!code) throw new Error('world: no one-time code was sent to the SMS subscription');

  // Social forces (rules 19-22). The keyed registration is org-0002's, by the user whose base request registers org-0003.
  await ok(
    platform.route('registerOrganization', { ...as('registerOrganization', orgUserOf('org-0002', 'org-founder')), body: organizationBody({ name: 'Pending Rescue Team', creditCode: creditCodeOf(2) }) }),
    201,
    'pending organisation',
  );
  await ok(platform.route('registerOrganization', { caller: orgMember, body: organizationBody() }), 201, 'organisation');
  await ok(platform.route('transitionOrganization', { params: { organizationId: 'org-0001' }, body: { action: 'approve-registration', validUntil: day(365) } }), 200, 'approval');
  const member = async (n: number, route?: string) =>
    (await ok(platform.route('registerMemberVolunteer', { ...as(route, orgMember), params: { organizationId: 'org-0001' }, body: volunteerBody(n) }), 201, `volunteer ${n}`)).volunteerId as string;
  const volunteerId = await member(51, 'registerMemberVolunteer');
  await ok(platform.route('addVolunteerInsurance', { caller: orgMember, params: { volunteerId }, body: policyBody(951 + 1) }), 200, 'insurance');
  await ok(platform.route('addQualification', { caller: orgMember, params: { volunteerId }, body: certificateBody('diving', 51) }), 200, 'certificate');
  const selfVolunteerId = (await ok(platform.route('registerVolunteer', { ...as('registerVolunteer', selfVolunteerCitizen), body: volunteerBody(62, { skills: ['logistics', 'first-aid'] }) }), 201, 'self-registration')).volunteerId as string;
  // A citizen registers themself once, so the base request is always another citizen: the key's reuse is sent by this one.
  keyedCallers.set('registerVolunteer', selfVolunteerCitizen);
  const deploymentId = (
    await ok(platform.route('createDeployment', { ...as('createDeployment'), params: { incidentId: respondingIncidentId }, body: deploymentBody([volunteerId], { organizationId: 'org-0001' }) }), 201, 'deployment')
  ).deploymentId as string;
  // Deployments of other members, served and stood down: what an organisation claims compensation for. The world
  // claims on the second with the keyed request; the base request claims on the first.
  const servedAndStoodDown = async (n: number) => {
    const served = await member(n);
    const id = (
      await ok(
        platform.route('createDeployment', {
          params: { incidentId: respondingIncidentId },
          body: deploymentBody([served], { organizationId: 'org-0001', task: { title: 'Shelter logistics', kind: 'logistics', risky: false, requiredQualifications: [] } }),
        }),
        201,
        'served deployment',
      )
    ).deploymentId as string;
    const step = (body: Record<string, unknown>, caller: Caller = orgMember) => ok(platform.route('transitionDeployment', { caller, params: { deploymentId: id }, body }), 200, String(body['action']));
    await step({ action: 'accept' });
    await step({ action: 'arrive', at: new Date().toISOString() });
    await step({ action: 'record-hours', entries: [{ volunteerId: served, date: day(0), hours: 6 }] });
    await step({ action: 'withdraw', at: new Date().toISOString() });
    await step({ action: 'stand-down', reason: 'Shelter closed' }, countyOffice);
    return id;
  };
  const stoodDownDeploymentId = await servedAndStoodDown(53);
  const claimedDeploymentId = await servedAndStoodDown(54);
  await ok(platform.route('createDeploymentClaim', { ...as('createDeploymentClaim', orgMember), params: { deploymentId: claimedDeploymentId }, body: deploymentClaimBody(30_000) }), 201, 'deployment claim');

  const compensation = await buildCompensationWorld(platform.route, as);
  const linkage = await buildLinkageWorld(platform.route, as, inForce.planId);
  const pii = await buildPiiWorld(platform.route, as, compensation.incidentId);

  const world: World = {
    planId,
    drillId: drill.drillId,
    inForcePlanId: inForce.planId,
    incidentId,
    respondingIncidentId,
    socialSecurityIncidentId,
    warningId: warning.body.warningId,
    subscriptionId: subscription.subscriptionId,
    codeSubscriptionId: pendingSms.subscriptionId,
    code,
    etag: { plan: '', incident: '', respondingIncident: '', warning: warning.headers.get('etag')! },
    organizationId: 'org-0001',
    pendingOrganizationId: 'org-0002',
    volunteerId,
    selfVolunteerId,
    deploymentId,
    stoodDownDeploymentId,
    compensation,
    linkage,
    pii,
  };
  const etagOf = async (name: 'getPlan' | 'getIncident', params: Record<string, string>) => (await expectStatus(platform.route(name, { params }), 200, name)).headers.get('etag')!;
  const refresh = async () => {
    world.etag.plan = await etagOf('getPlan', { planId });
    world.etag.incident = await etagOf('getIncident', { incidentId });
    world.etag.respondingIncident = await etagOf('getIncident', { incidentId: respondingIncidentId });
  };
  await refresh();
  const spec = { sub: countyOffice.sub!, roles: countyOffice.roles, division: '110105', level: 'county' as const };
  const foreignKeyToken = await signToken(spec, randomBytes(32));
  const expiredToken = await signToken({ ...spec, expiresIn: '-1h' }, platform.secret);
  // The relay marks outbox items published; let it finish so the table holds still.
  await platform.poller.idle();
  return { world, foreignKeyToken, expiredToken, keyedRoutes, keyedCallers, refresh };
}
