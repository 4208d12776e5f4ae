// Canary personal data over every route of the platform, the pii-destruction job and the outbox relay (rules 16-18, 20,
// 25): each route gets its base request (test/support/base-requests.ts) on a built world, the routes that take personal
// data get canary values instead (an owner, an officer's contact, a bank account, a volunteer, an organisation's contact,
// a reporter, a subscriber's address, a reveal reason quoting the phone), and refused variants of them (a wrong check
// character, malformed JSON); then the response ends, the job runs through its Lambda handler (telling the canary by
// SMS) and the relay publishes. No canary value may appear in any log line of any logger, error body, alert, outbox,
// audit or idempotency item, registry entry or destruction record.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { Logger } from '../../shared/log.ts';
import { routeList, type RouteName } from '../../shared/http/routes.ts';
import { baseRequestOf, hasBaseRequest } from '../support/base-requests.ts';
import { companyCodeOf, idNumberOf, wrongCheck } from '../support/compensation.ts';
import { startTestPlatform, type HttpReply, type TestPlatform } from '../support/http.ts';
import { buildWorld, type BuiltWorld } from '../support/world.ts';

/** Values no real person has, used for every kind of personal field the platform takes. */
const C = {
  name: '金丝雀全平台',
  idNumber: idNumberOf(888, '19770707'),
  volunteerId: idNumberOf(889, '19770708'),
  phone: '13700137088',
  address: '北京市朝阳区金丝雀路88号金丝雀大厦8808',
  officer: '13600136088',
  account: '6222020200118888888',
  accountName: '金丝雀收款方',
  email: 'canary.platform@example.org',
  contactName: '金丝雀联络员',
  contactPhone: '13800138088',
  creditCode: companyCodeOf(8888),
} as const;
const SPELLINGS = [...Object.values(C), `+86${C.phone}`, `+86${C.officer}`, `+86${C.contactPhone}`];
const findCanary = (text: string) => SPELLINGS.filter((s) => text.includes(s));

/** The body of a route's base request with the canary in every personal field it has. */
const CANARY_BODIES: Partial<Record<RouteName, (b: Record<string, any>) => Record<string, unknown>>> = {
  createRequisition: (b) => ({ ...b, owner: { kind: 'individual', name: C.name, idNumber: C.idNumber, phone: C.phone, address: C.address }, executingOfficer: { name: 'Officer Canary', contact: C.officer } }),
  createClaim: (b) => ({ ...b, bankAccount: { bank: 'Bank of Canary', accountName: C.accountName, accountNumber: C.account } }),
  createDeploymentClaim: (b) => ({ ...b, bankAccount: { bank: 'Bank of Canary', accountName: C.accountName, accountNumber: C.account } }),
  registerVolunteer: (b) => ({ ...b, name: C.name, idNumber: C.volunteerId, phone: C.phone }),
  registerMemberVolunteer: (b) => ({ ...b, name: C.contactName, idNumber: C.idNumber, phone: C.contactPhone }),
  registerOrganization: (b) => ({ ...b, contact: { name: C.contactName, phone: C.contactPhone } }),
  createReport: (b) => ({ ...b, contact: { name: C.name, phone: C.phone, email: C.email } }),
  createSubscription: (b) => ({ ...b, endpoint: C.email }),
  // The canary's own phone, typed into the reason too: the audit keeps the reason with the revealed value cut out.
  revealPersonalData: (b) => ({ ...b, ref: { kind: 'requisition', id: canaryRequisitionId }, field: 'owner.phone', purpose: `Calling ${C.phone} back about the return of the truck` }),
};
/** The canary's requisition, once createRequisition took it. */
let canaryRequisitionId = '';
/** Refused variants of those bodies, whose errors must not quote what was sent. */
const REFUSED: Partial<Record<RouteName, (b: Record<string, any>) => Record<string, unknown>>> = {
  createRequisition: (b) => ({ ...b, owner: { ...b['owner'], idNumber: wrongCheck(C.idNumber) } }),
  registerVolunteer: (b) => ({ ...b, idNumber: wrongCheck(C.volunteerId) }),
  registerOrganization: (b) => ({ ...b, creditCode: wrongCheck(C.creditCode) }),
  createReport: (b) => ({ ...b, contact: { phone: `${C.phone}9` } }),
  createClaim: (b) => ({ ...b, bankAccount: { ...b['bankAccount'], accountNumber: `${C.account}x` } }),
};

let platform: TestPlatform;
let world: BuiltWorld;
const logged: string[] = [];
const errorBodies: string[] = [];
const called = new Set<string>();

beforeAll(async () => {
  // Every line of every logger (the API's, the relay's, the job's), whatever level the configuration lets through.
  for (const level of ['debug', 'info', 'warn', 'error', 'critical'] as const) {
    const original = Logger.prototype[level];
    vi.spyOn(Logger.prototype, level).mockImplementation(function (this: Logger, message: string, fields?: Record<string, unknown>) {
      logged.push(JSON.stringify({ level, message, fields }));
      original.call(this, message, fields);
    });
  }
  platform = await startTestPlatform();
  world = await buildWorld(platform);
}, 180_000);
afterAll(async () => {
  vi.restoreAllMocks();
  await platform?.close();
});

async function send(name: RouteName, input: Parameters<TestPlatform['route']>[1]): Promise<HttpReply> {
  called.add(name);
  const r = await platform.route(name, input);
  if (r.status >= 400) errorBodies.push(JSON.stringify(r.body));
  return r;
}

describe('canary personal data over the whole platform', () => {
  it('rules 16-18, 20, 25: never reaches a log line, an error body, an alert, the outbox, the audit trail or an idempotency record', async () => {
    // Act 1: every route, with the canary wherever a route takes personal data; refused variants too.
    await world.refresh();
    const accepted: Partial<Record<RouteName, number>> = {};
    // A route without a base request fails the bad-input suites, which name it; here it is left out.
    const served = routeList.filter((r) => hasBaseRequest(r.name));
    for (const route of served) {
      const name = route.name as RouteName;
      const base = baseRequestOf(name, world.world);
      const canary = CANARY_BODIES[name];
      const body = canary ? canary(base.body as Record<string, any>) : base.body;
      // Registering oneself needs the sign-in to have verified that very ID number: the canary citizen's.
      const caller = name === 'registerVolunteer' ? { ...base.caller!, idNumber: C.volunteerId } : base.caller;
      const r = await send(name, { ...base, ...(caller ? { caller } : {}), ...(body !== undefined ? { body } : {}) });
      accepted[name] = r.status;
      if (name === 'createRequisition') canaryRequisitionId = r.body.requisitionId as string;
      const refused = REFUSED[name];
      if (refused) expect((await send(name, { ...base, body: refused(body as Record<string, any>) })).status, name).toBe(400);
      if (canary) expect((await send(name, { ...base, body: undefined, rawBody: `{"name": "${C.name}", "idNumber": "${C.idNumber}", "phone": ${C.phone}` })).status, name).toBe(400);
    }

    // Act 2: the canary's requisition's response ends; the job runs through its Lambda handler after the 90 days the
    // base request's assessment keeps requisition data; the relay sends what it queued (the SMS to the canary phone).
    const incidentId = world.world.compensation.incidentId;
    await send('transitionResponse', { params: { incidentId }, body: { action: 'terminate', reason: 'Waters receded' } });
    const { handler } = await import('../../functions/pii-destruction/handler.ts');
    const counts = (await handler({ time: new Date(Date.now() + 100 * 86_400_000).toISOString() }, lambdaContext('pii-destruction'))) as Record<string, number>;
    await platform.poller.idle();

    // Assess: the canary went through the routes that take it, every route was called, and it is nowhere it must not be.
    expect([...called].sort()).toEqual(served.map((r) => r.name).sort());
    expect(served.length).toBeGreaterThan(routeList.length - 3);
    for (const name of ['createRequisition', 'createReport', 'registerVolunteer', 'registerOrganization', 'createSubscription', 'revealPersonalData'] as const) {
      expect(accepted[name], name).toBeLessThan(300);
    }
    // The world ended other responses too: each is destroyed alike.
    expect(counts['incidents']).toBeGreaterThanOrEqual(1);
    expect(counts['receipts']).toBeGreaterThanOrEqual(1);
    expect(counts['recordsErased']).toBeGreaterThan(0);
    expect(counts['notices']).toBeGreaterThan(0);
    expect(platform.sns.directSms().map((s) => s.phoneNumber)).toContain(`+86${C.phone}`);
    expect(errorBodies.length).toBeGreaterThan(10);
    expect(logged.length).toBeGreaterThan(0);
    const items = await platform.dump();
    const of = (...kinds: string[]) => JSON.stringify(items.filter((i) => kinds.includes(String(i['kind']))));
    for (const [where, text] of [
      ['logs', logged.join('\n')],
      ['error bodies', errorBodies.join('\n')],
      ['alerts published', JSON.stringify(platform.sink.alerts)],
      ['SMS texts', JSON.stringify(platform.sns.directSms().map((s) => s.message))],
      ['outbox items', of('outbox')],
      ['audit items (receipts, reveals)', of('audit')],
      ['idempotency records', of('idempotency')],
      ['registry, clocks, destructions, alerts, notices', of('pii-record', 'pii-schedule', 'pii-destruction', 'pii-alert', 'pii-notice', 'pii-noticed', 'retention-assessment')],
      ['the whole table', JSON.stringify(items)],
    ] as const) {
      expect(findCanary(text), where).toEqual([]);
    }
  });
});
