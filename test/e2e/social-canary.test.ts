// Canary personal data over every social-forces route, through the local host: a contact person, a volunteer's name,
// ID number and phone, and a bank account holder that no real person has are sent to every route (and to requests that
// fail: a wrong check digit, a rule broken, malformed JSON, a store that throttles), and none of them may come back in
// a log line, an error body, an outbox or audit item, an Idempotency-Key record, or an alert (rules 16, 20).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { logger } from '../../shared/log.ts';
import { routeList, type RouteName } from '../../shared/http/routes.ts';
import type { Caller } from '../support/callers.ts';
import { startTestPlatform, type HttpReply, type TestPlatform } from '../support/http.ts';
import { ok } from '../support/replies.ts';
import {
  CANARY,
  certificateBody,
  day,
  deploymentBody,
  deploymentClaimBody,
  findCanary,
  organizationBody,
  orgUserOf,
  policyBody,
  respondingIncident,
  SOCIAL_FUNCTIONS,
  volunteerBody,
} from '../support/social-forces.ts';

let platform: TestPlatform;
const logged: string[] = [];
const errorBodies: { route: string; body: string }[] = [];
const routesCalled = new Set<string>();
const org = orgUserOf('org-canary-0001');

beforeAll(async () => {
  // Every line any level would write, whatever the configured level lets through.
  for (const level of ['debug', 'info', 'warn', 'error', 'critical'] as const) {
    const original = logger[level].bind(logger);
    vi.spyOn(logger, level).mockImplementation((message: string, fields?: Record<string, unknown>) => {
      logged.push(JSON.stringify({ level, message, fields }));
      original(message, fields);
    });
  }
  platform = await startTestPlatform();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await platform?.close();
});

async function send(name: RouteName, input: Parameters<TestPlatform['route']>[1] = {}): Promise<HttpReply> {
  routesCalled.add(name);
  const r = await platform.route(name, input);
  if (r.status >= 400) errorBodies.push({ route: name, body: JSON.stringify(r.body) });
  return r;
}

const canaryVolunteer = (o: Record<string, unknown> = {}) => volunteerBody(0, { name: CANARY.name, idNumber: CANARY.idNumber, phone: CANARY.phone, ...o });
/** A citizen whose sign-in verified the canary ID number: the one who may register it as themself. */
const citizen: Caller = { sub: 'citizen-canary', roles: ['citizen'], idNumber: CANARY.idNumber };
const spoilt = (id: string) => id.slice(0, -1) + (id.endsWith('1') ? '2' : '1');

describe('canary personal data on every social-forces route', () => {
  it('never reaches logs, error bodies, outbox, audit, idempotency records or alerts', async () => {
    const incidentId = await respondingIncident(platform.route);

    // Organisations: the contact person is the canary.
    const contact = { name: CANARY.contactName, phone: CANARY.contactPhone };
    await ok(send('registerOrganization', { caller: org, body: organizationBody({ contact }), headers: { 'Idempotency-Key': 'canary-org' } }), 201);
    await send('registerOrganization', { caller: org, body: organizationBody({ contact }), headers: { 'Idempotency-Key': 'canary-org-2' } }); // 422 already registered
    await send('registerOrganization', { caller: orgUserOf('org-canary-0002'), body: organizationBody({ contact, creditCode: '51110105MJ00000011' }) }); // 400 check character
    await ok(send('transitionOrganization', { params: { organizationId: org.orgId! }, body: { action: 'approve-registration', validUntil: day(365) } }));
    await ok(send('recordGroupInsurance', { caller: org, params: { organizationId: org.orgId! }, body: { ...policyBody(1), insuredCount: 12 } }));
    await ok(send('getOrganization', { caller: org, params: { organizationId: org.orgId! } }));
    await ok(send('listOrganizations', { query: { division: '110105' } }));

    // Volunteers: the canary registered by the organisation, and by a citizen themself; and refused attempts.
    const member = await ok(send('registerMemberVolunteer', { caller: org, params: { organizationId: org.orgId! }, body: canaryVolunteer(), headers: { 'Idempotency-Key': 'canary-member' } }), 201);
    await send('registerMemberVolunteer', { caller: org, params: { organizationId: org.orgId! }, body: canaryVolunteer({ idNumber: spoilt(CANARY.idNumber) }) }); // 400
    await send('registerMemberVolunteer', { caller: org, params: { organizationId: org.orgId! }, body: canaryVolunteer({ skills: ['first-aid', 'first-aid'] }) }); // 422
    await send('registerMemberVolunteer', { caller: org, params: { organizationId: org.orgId! }, body: canaryVolunteer({ name: CANARY.name.repeat(30) }) }); // 400 too long
    await send('registerMemberVolunteer', { caller: org, params: { organizationId: org.orgId! }, rawBody: `{"name": "${CANARY.name}", "idNumber": "${CANARY.idNumber}", "phone": ${CANARY.phone}` }); // malformed
    const self = await ok(send('registerVolunteer', { caller: citizen, body: canaryVolunteer({ consentToShare: false }), headers: { 'Idempotency-Key': 'canary-self' } }), 201);
    await ok(send('myVolunteer', { caller: citizen }));
    await send('registerVolunteer', { caller: citizen, body: canaryVolunteer({ phone: `${CANARY.phone}9` }) }); // 400 phone
    const v = member.volunteerId as string;
    await ok(send('addVolunteerInsurance', { caller: org, params: { volunteerId: v }, body: policyBody(2) }));
    await ok(send('addQualification', { caller: org, params: { volunteerId: v }, body: certificateBody('diving', 2) }));
    await ok(send('addTraining', { caller: org, params: { volunteerId: v }, body: { course: 'Swift water', provider: 'Red Cross', completedOn: day(-3), hours: 8 } }));
    await send('addQualification', { caller: org, params: { volunteerId: v }, body: certificateBody('diving', 2) }); // 422 duplicate
    for (const caller of [org, undefined]) await ok(send('getVolunteer', { ...(caller ? { caller } : {}), params: { volunteerId: v } }));
    await ok(send('getVolunteer', { caller: citizen, params: { volunteerId: self.volunteerId } }));
    await send('getVolunteer', { caller: citizen, params: { volunteerId: v } }); // 404
    await ok(send('listOrganizationVolunteers', { caller: org, params: { organizationId: org.orgId! } }));
    await ok(send('searchVolunteers', { query: { division: '110105', skill: 'water-rescue' } }));

    // Deployments and the claim (the bank account holder is the canary contact).
    const d = await ok(send('createDeployment', { params: { incidentId }, body: deploymentBody([v], { organizationId: org.orgId }), headers: { 'Idempotency-Key': 'canary-deploy' } }), 201);
    await send('createDeployment', { params: { incidentId }, body: deploymentBody([self.volunteerId]) }); // 422 uninsured
    await ok(send('getDeployment', { caller: org, params: { deploymentId: d.deploymentId } }));
    await ok(send('listIncidentDeployments', { params: { incidentId } }));
    await ok(send('listOrganizationDeployments', { caller: org, params: { organizationId: org.orgId! } }));
    const steps = [() => ({ action: 'accept' }), () => ({ action: 'arrive', at: new Date().toISOString() }), () => ({ action: 'record-hours', entries: [{ volunteerId: v, date: day(0), hours: 5 }] }), () => ({ action: 'withdraw', at: new Date().toISOString() })];
    for (const body of steps) await ok(send('transitionDeployment', { caller: org, params: { deploymentId: d.deploymentId }, body: body() }));
    await send('transitionDeployment', { caller: org, params: { deploymentId: d.deploymentId }, body: { action: 'stand-down' } }); // 422 government only
    await ok(send('transitionDeployment', { params: { deploymentId: d.deploymentId }, body: { action: 'stand-down' } }));
    const account = { bank: 'Bank of Beijing', accountName: CANARY.contactName, accountNumber: '6222020200112233445' };
    await ok(send('createDeploymentClaim', { caller: org, params: { deploymentId: d.deploymentId }, body: deploymentClaimBody(50_000, { bankAccount: account }), headers: { 'Idempotency-Key': 'canary-claim' } }), 201);
    await send('createDeploymentClaim', { caller: org, params: { deploymentId: d.deploymentId }, body: deploymentClaimBody(50_000, { bankAccount: { ...account, accountNumber: 'x' } }) }); // 400
    await ok(send('volunteerServiceRecord', { caller: org, params: { volunteerId: v } }));
    await ok(send('volunteerCertificate', { caller: org, params: { volunteerId: v } }));

    // A store that throttles mid-request answers 503; its log line names the error, never the request.
    // Only the request's own transaction is refused: the local host's outbox poller shares the client's prototype.
    const send0 = DynamoDBDocumentClient.prototype.send;
    let refused = false;
    const throttle = vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (this: DynamoDBDocumentClient, command: unknown, ...rest: unknown[]) {
      if (!refused && command instanceof TransactWriteCommand) {
        refused = true;
        return Promise.reject(Object.assign(new Error(`Throttled on ${CANARY.phone}`), { name: 'ThrottlingException', $metadata: {} }));
      }
      return (send0 as (...a: unknown[]) => Promise<unknown>).call(this, command, ...rest);
    } as typeof send0);
    const throttled = await send('registerMemberVolunteer', { caller: org, params: { organizationId: org.orgId! }, body: canaryVolunteer() });
    throttle.mockRestore();
    expect(throttled.status).toBe(503);

    // Assess: every route of the three functions was exercised, some with refusals.
    expect([...routesCalled].sort()).toEqual(routeList.filter((r) => SOCIAL_FUNCTIONS.includes(r.fn)).map((r) => r.name).sort());
    expect(errorBodies.length).toBeGreaterThanOrEqual(10);
    expect(logged.length).toBeGreaterThan(0);
    await platform.poller.idle();
    const items = await platform.dump();
    const kept = (kind: string) => JSON.stringify(items.filter((i) => i['kind'] === kind));
    for (const [where, text] of [
      ['logs', logged.join('\n')],
      ['error bodies', errorBodies.map((e) => e.body).join('\n')],
      ['outbox items', kept('outbox')],
      ['audit items', kept('audit')],
      ['idempotency records', kept('idempotency')],
      ['alerts', JSON.stringify(platform.sink.alerts)],
      ['search index', JSON.stringify(items.filter((i) => String(i['PK']).startsWith('VOLIDX#') || String(i['PK']).startsWith('ORGCAP#')))],
    ] as const) {
      expect(findCanary(text), where).toEqual([]);
    }
    // The canary is stored, sealed: the volunteer and organisation items hold ciphertext, not the values.
    expect(findCanary(kept('volunteer'))).toEqual([]);
    expect(findCanary(kept('organization'))).toEqual([]);
    expect(findCanary(kept('claim'))).toEqual([]);
  });
});
