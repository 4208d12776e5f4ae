// THE table of base requests: for every route of the route table, one request the route accepts from the county office
// (anyone, on public routes), keyed by route name. The bad-input matrix distorts each one in every generated way, the
// handler tests send them with the wrong callers, and the e2e tests finally send each as is and check the answer
// against the route's response schema. A route without an entry here fails those tests, naming it.
import { randomUUID } from 'node:crypto';
import type { RouteName } from '../../shared/http/routes.ts';
import type { EventInput } from './api-events.ts';
import { revisedPlanBody, reportBody, samplePlanBody } from './bodies.ts';
import { orgMember } from './callers.ts';
import { compensationBaseRequests, exampleCompensationWorld, type CompensationWorld } from './compensation.ts';
import { exampleLinkageWorld, linkageBaseRequests, type LinkageWorld } from './linkage.ts';
import { examplePiiWorld, piiLifecycleBaseRequests, type PiiWorld } from './pii-lifecycle.ts';
import { certificateBody, creditCodeOf, day, deploymentBody, deploymentClaimBody, organizationBody, orgUserOf, policyBody, selfVolunteerCitizen, volunteerBody, volunteerCitizenOf } from './social-forces.ts';

/**
 * What the base requests point at, all of division 110105: a published flood plan with one unevaluated drill; an
 * accident plan in force; incident A (reported, severity IV) with warning W and a release; incident R with an active
 * level IV response led by the county; a social-security incident; the county office's alert subscription S; and the
 * ETags of the plan, A, R and W as last read.
 */
export interface World {
  planId: string;
  drillId: string;
  inForcePlanId: string;
  incidentId: string;
  respondingIncidentId: string;
  socialSecurityIncidentId: string;
  warningId: string;
  subscriptionId: string;
  /** An SMS subscription of the county office awaiting its one-time code, and that code. */
  codeSubscriptionId: string;
  code: string;
  etag: { plan: string; incident: string; respondingIncident: string; warning: string };
  /** Social forces: org-0001 (registered) with member V (insured, certified diver), org-0002 (pending). */
  organizationId: string;
  pendingOrganizationId: string;
  volunteerId: string;
  /** The volunteer citizen-1 registered themself (logistics). */
  selfVolunteerId: string;
  /** Org-0001's water-rescue deployment of V under incident R, awaiting its answer; another one stood down. */
  deploymentId: string;
  stoodDownDeploymentId: string;
  /** Requisitions, claims and a reconsideration (test/support/compensation.ts). */
  compensation: CompensationWorld;
  /** A citizen's report, a notice to the county and an incident in recovery (test/support/linkage.ts). */
  linkage: LinkageWorld;
  /** A retention assessment of the compensation world's incident (test/support/pii-lifecycle.ts). */
  pii: PiiWorld;
}

export type BaseRequest = Pick<EventInput, 'params' | 'query' | 'body' | 'headers' | 'caller'>;

const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();
const dayAgo = () => new Date(Date.now() - 86_400_000).toISOString();
const page = { limit: '10' };
const ofCounty = { division: '110105', limit: '10' };

/** A level IV activation under the accident plan in force, within a county's authority, on the two deaths of a report. */
export const activationBody = (planId: string) => ({
  planId,
  planVersion: 1,
  level: 'IV',
  matters: 'Rescue, gas shut-off and evacuation of the block',
  expectedDuration: '48h',
  measures: ['Evacuate the block'],
  basis: { metric: 'deaths' },
});

/** A blue warning for the county (POST /v1/incidents/{id}/warnings). */
export const warningBody = () => ({
  level: '4',
  startsAt: new Date().toISOString(),
  area: { divisions: ['110105'], description: 'Chaoyang District' },
  hazards: ['Further gas leaks possible'],
  measures: ['Keep away from Jianguo Road'],
  title: { 'zh-CN': '朝阳区燃气泄漏蓝色预警', en: 'Blue warning: gas leaks, Chaoyang' },
});

export const drillBody = () => ({ conductedAt: dayAgo(), scenario: 'Levee breach at night', participants: 40 });

export const baseRequests: { readonly [K in RouteName]?: (w: World) => BaseRequest } = {
  health: () => ({}),
  openapi: () => ({}),

  createPlan: () => ({ body: samplePlanBody() }),
  listPlans: () => ({ query: ofCounty }),
  dueForDrill: () => ({ query: ofCounty }),
  getPlan: (w) => ({ params: { planId: w.planId } }),
  revisePlan: (w) => ({ params: { planId: w.planId }, body: revisedPlanBody('Flood emergency plan, revised'), headers: { 'If-Match': w.etag.plan } }),
  getPlanVersion: (w) => ({ params: { planId: w.planId, version: '1' } }),
  transitionPlan: (w) => ({ params: { planId: w.planId }, body: { action: 'file' } }),
  planChildren: (w) => ({ params: { planId: w.planId }, query: page }),
  recordDrill: (w) => ({ params: { planId: w.planId }, body: drillBody() }),
  getDrill: (w) => ({ params: { drillId: w.drillId } }),
  evaluateDrill: (w) => ({ params: { drillId: w.drillId }, body: { findings: ['Evacuation took 40 minutes'], revisionNeeded: true } }),

  reportIncident: () => ({ body: reportBody({ occurredAt: hourAgo(), description: 'Gas explosion on the third floor; two dead.' }) }),
  listIncidents: () => ({ query: ofCounty }),
  getIncident: (w) => ({ params: { incidentId: w.incidentId } }),
  followUpIncident: (w) => ({
    params: { incidentId: w.incidentId },
    body: { casualties: { deaths: 2, missing: 1, injured: 7, seriouslyInjured: 2 }, directLossFen: 2_000_000, affectedPopulation: 350, note: 'Second count' },
    headers: { 'If-Match': w.etag.incident },
  }),
  incidentTimeline: (w) => ({ params: { incidentId: w.incidentId }, query: page }),
  incidentFilings: (w) => ({ params: { incidentId: w.incidentId }, query: page }),

  issueWarning: (w) => ({ params: { incidentId: w.incidentId }, body: warningBody() }),
  transitionWarning: (w) => ({ params: { warningId: w.warningId }, body: { action: 'adjust', level: '2', reason: 'Leak spreading' }, headers: { 'If-Match': w.etag.warning } }),

  activateResponse: (w) => ({ params: { incidentId: w.incidentId }, body: activationBody(w.inForcePlanId), headers: { 'If-Match': w.etag.incident } }),
  transitionResponse: (w) => ({
    params: { incidentId: w.respondingIncidentId },
    body: { action: 'terminate', reason: 'Gas shut off, block safe' },
    headers: { 'If-Match': w.etag.respondingIncident },
  }),
  createRelease: (w) => ({
    params: { incidentId: w.incidentId },
    body: { title: { 'zh-CN': '关于建国路燃气爆炸的通报', en: 'Gas explosion on Jianguo Road' }, body: { 'zh-CN': '救援工作正在进行。', en: 'Rescue work is under way.' } },
  }),

  publicReleases: () => ({ query: ofCounty }),
  publicWarnings: () => ({ query: ofCounty }),
  publicWarningsFeed: () => ({}),
  publicWarningCap: (w) => ({ params: { warningFile: `${w.warningId}.cap` } }),

  createSubscription: () => ({ body: { protocol: 'email', endpoint: 'new.officer@example.org', filter: { divisionPrefix: '1101', minLevel: '2' } } }),
  listSubscriptions: () => ({ query: page }),
  getSubscription: (w) => ({ params: { subscriptionId: w.subscriptionId } }),
  confirmSubscription: (w) => ({ params: { subscriptionId: w.codeSubscriptionId }, body: { code: w.code } }),
  deleteSubscription: (w) => ({ params: { subscriptionId: w.subscriptionId } }),

  // Social forces: organisations act as org-0001's user (orgMember); registering a new organisation takes a user whose
  // org_id has none yet (its sub made the world's keyed registration of org-0002).
  registerOrganization: () => ({ caller: orgUserOf('org-0003', 'org-founder'), body: organizationBody({ name: 'Chaoyang Community Rescue', creditCode: creditCodeOf(3) }) }),
  listOrganizations: () => ({ query: { division: '110105', capability: 'water-rescue', limit: '10' } }),
  getOrganization: (w) => ({ params: { organizationId: w.organizationId } }),
  transitionOrganization: (w) => ({ params: { organizationId: w.pendingOrganizationId }, body: { action: 'approve-registration', validUntil: day(365) } }),
  recordGroupInsurance: (w) => ({ caller: orgMember, params: { organizationId: w.organizationId }, body: { ...policyBody(900), insuredCount: 12 } }),
  registerMemberVolunteer: (w) => ({ caller: orgMember, params: { organizationId: w.organizationId }, body: volunteerBody(52) }),
  // A citizen registers themself once: each base request is a citizen who has not (the world's keyed one has).
  registerVolunteer: () => ({ caller: volunteerCitizenOf(`citizen-self-${randomUUID()}`, 62), body: volunteerBody(62, { skills: ['logistics'] }) }),
  searchVolunteers: () => ({ query: { division: '110105', skill: 'water-rescue', availableOn: day(1), limit: '10' } }),
  myVolunteer: () => ({ caller: selfVolunteerCitizen }),
  getVolunteer: (w) => ({ params: { volunteerId: w.volunteerId } }),
  listOrganizationVolunteers: (w) => ({ params: { organizationId: w.organizationId }, query: page }),
  addQualification: (w) => ({ caller: orgMember, params: { volunteerId: w.volunteerId }, body: certificateBody('first-aid', 51) }),
  addTraining: (w) => ({ caller: orgMember, params: { volunteerId: w.volunteerId }, body: { course: 'Swift water rescue', provider: 'Blue Sky Rescue', completedOn: day(-10), hours: 16 } }),
  addVolunteerInsurance: (w) => ({ caller: orgMember, params: { volunteerId: w.volunteerId }, body: policyBody(951) }),
  volunteerServiceRecord: (w) => ({ params: { volunteerId: w.volunteerId } }),
  volunteerCertificate: (w) => ({ params: { volunteerId: w.volunteerId } }),
  createDeployment: (w) => ({
    params: { incidentId: w.respondingIncidentId },
    body: deploymentBody([w.selfVolunteerId], { task: { title: 'Sandbags at the shelter', kind: 'logistics', risky: false, requiredQualifications: [] }, to: day(1) }),
  }),
  listIncidentDeployments: (w) => ({ params: { incidentId: w.respondingIncidentId }, query: page }),
  listOrganizationDeployments: (w) => ({ caller: orgMember, params: { organizationId: w.organizationId }, query: page }),
  getDeployment: (w) => ({ params: { deploymentId: w.deploymentId } }),
  transitionDeployment: (w) => ({ caller: orgMember, params: { deploymentId: w.deploymentId }, body: { action: 'accept' } }),
  createDeploymentClaim: (w) => ({ caller: orgMember, params: { deploymentId: w.stoodDownDeploymentId }, body: deploymentClaimBody(180_000) }),

  // Requisitions, claims, reconsideration and reveals (test/support/compensation.ts).
  ...Object.fromEntries(Object.entries(compensationBaseRequests).map(([name, make]) => [name, (w: World) => make(w.compensation)])),

  // Citizens' reports, linkage, recovery and investigation (test/support/linkage.ts).
  ...Object.fromEntries(Object.entries(linkageBaseRequests).map(([name, make]) => [name, (w: World) => make(w.linkage)])),

  // Retention assessments and the auditors' lists (test/support/pii-lifecycle.ts).
  ...Object.fromEntries(Object.entries(piiLifecycleBaseRequests).map(([name, make]) => [name, (w: World) => make(w.pii)])),
};

/** A world of well-formed ids that name nothing: for requests refused before anything is read, and for shapes. */
export const exampleWorld: World = {
  planId: '3f7d2c1e-5b6a-4c8d-9e0f-112233445566',
  drillId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f70819203',
  inForcePlanId: '0c6f1e2a-7b3d-4e5f-8a9b-0c1d2e3f4a5b',
  incidentId: '5d1e7c3a-2b4f-4a6e-9c8d-7e6f5a4b3c2d',
  respondingIncidentId: '6e2f8d4b-3c5a-4b7f-8d9e-8f7a6b5c4d3e',
  socialSecurityIncidentId: '7f3a9e5c-4d6b-4c8a-9e0f-9a8b7c6d5e4f',
  warningId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  subscriptionId: '6b0e71bd-7e97-4d97-80ce-4a0994e55286',
  codeSubscriptionId: '7c1f82ce-8fa8-4ea8-91df-5b1aa5f66397',
  code: '123456',
  etag: { plan: '"3"', incident: '"1"', respondingIncident: '"2"', warning: '"1"' },
  organizationId: 'org-0001',
  pendingOrganizationId: 'org-0002',
  volunteerId: '2c9e4b1a-6d3f-4e8a-9b7c-0d1e2f3a4b5c',
  selfVolunteerId: '3d0f5c2b-7e4a-4f9b-8c8d-1e2f3a4b5c6d',
  deploymentId: '4e1a6d3c-8f5b-4a0c-9d9e-2f3a4b5c6d7e',
  stoodDownDeploymentId: '5f2b7e4d-9a6c-4b1d-8eaf-3a4b5c6d7e8f',
  compensation: exampleCompensationWorld,
  linkage: exampleLinkageWorld,
  pii: examplePiiWorld,
};

export function hasBaseRequest(name: string): boolean {
  return Object.hasOwn(baseRequests, name);
}

/** The base request of a route; throws, naming the route, when the table has none. */
export function baseRequestOf(name: string, world: World): BaseRequest {
  const make = (baseRequests as Record<string, ((w: World) => BaseRequest) | undefined>)[name];
  if (!make) throw new Error(`Route ${name} has no base request: add a valid sample input for it to baseRequests in test/support/base-requests.ts`);
  return make(world);
}

/** Routes of `names` that have no base request. */
export function missingBaseRequests(names: readonly string[]): string[] {
  return names.filter((n) => !hasBaseRequest(n));
}
