// Alert subscriptions over real HTTP on the local host: an alert goes HTTP -> handler -> DynamoDB Local -> stream ->
// relay -> local SNS API, and reaches exactly the subscriptions whose filter policy SNS would match, organisation and
// exercise attributes included. Each subscription is its owner's own: listed and read by them alone, an endpoint
// someone else subscribed is answered as a new one, SMS goes to the verified phone or after a code, and the endpoint
// is never shown unmasked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobActor } from '../../shared/domain/actor.ts';
import type { DomainEvent } from '../../shared/domain/change.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { documentClient } from '../../shared/store/client.ts';
import { samplePlanBody } from '../support/bodies.ts';
import { citizen, cityOffice, countyOffice, orgMember, type Caller } from '../support/callers.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';
import { ok } from '../support/replies.ts';
import { snsSubscriptionIdOf } from '../support/subscription-channels.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.close();
});

const EMAIL = 'duty.officer@example.org';
const PHONE = '+8613912345678';
/** A citizen whose identity provider verified their phone. */
const citizenWithPhone: Caller = { ...citizen, phone: PHONE, phoneVerified: true };

/** An outbox item written as the warning and response functions write theirs: one transaction through UnitOfWork. */
async function announce(event: DomainEvent & { attributes?: Record<string, string> }): Promise<string> {
  const uow = new UnitOfWork(platform.tableName, { actor: jobActor('e2e'), requestId: 'e2e', at: new Date().toISOString() });
  uow.announce({ ...event, note: 'written by the e2e test' } as DomainEvent);
  await uow.commit(documentClient());
  return uow.events[0]!.eventId;
}

const snsIdOf = (subscriptionId: string) => snsSubscriptionIdOf(platform.db, platform.tableName, subscriptionId);
/** The API subscriptions (of `ids`) an alert reached: deliveries are per endpoint, on the SNS subscription they share. */
async function reached(eventId: string, ids: Record<string, string>): Promise<string[]> {
  const delivered = new Set(platform.deliveriesOf(eventId));
  const out: string[] = [];
  for (const [name, id] of Object.entries(ids)) if (delivered.has(await snsIdOf(id))) out.push(name);
  return out.sort();
}

describe('alert subscriptions end to end', () => {
  const ids: Record<string, string> = {};

  // A county office wants level 1-2 alerts in Beijing's 1101 area; a citizen public-health ones on their verified
  // phone; an organisation its own deployment requests; the city office drills and exercises too.
  beforeAll(async () => {
    const subscribe = async (caller: Caller, body: unknown) => (await ok(platform.call('POST', '/v1/subscriptions', { caller, body }), 201, JSON.stringify(body))).subscriptionId as string;
    ids['severe'] = await subscribe(countyOffice, { protocol: 'email', endpoint: EMAIL, filter: { divisionPrefix: '1101', minLevel: '2' } });
    ids['health'] = await subscribe(citizenWithPhone, { protocol: 'sms', endpoint: '139 1234 5678', filter: { categories: ['public-health'] } });
    ids['org'] = await subscribe(orgMember, { protocol: 'https', endpoint: 'https://hooks.example.org/org-0001/alerts?token=t0k3n', filter: { organizationId: orgMember.orgId } });
    ids['drills'] = await subscribe(cityOffice, { protocol: 'email', endpoint: 'drills@example.org', filter: { divisionPrefix: '1101', includeExercises: true } });
  });

  it('answers a subscription with its masked endpoint, its status, and a Location to read it from', async () => {
    const r = await platform.call('POST', '/v1/subscriptions', { caller: countyOffice, body: { protocol: 'email', endpoint: 'X.Li@Example.org', filter: { minLevel: '1' } } });
    const location = r.headers.get('location')!;
    const read = await platform.call('GET', location, { caller: countyOffice });

    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ protocol: 'email', endpoint: 'x***@example.org', status: 'confirmed', confirmedBy: 'local-sns', filter: { minLevel: '1' } });
    expect(location).toBe(`/v1/subscriptions/${r.body.subscriptionId}`);
    expect(read.body).toEqual(r.body);
    expect((await platform.call('DELETE', location, { caller: countyOffice })).status).toBe(204);
    expect((await platform.call('GET', location, { caller: countyOffice })).status).toBe(404);
  });

  it('makes the SMS to the verified phone live at once', async () => {
    const read = await platform.call('GET', `/v1/subscriptions/${ids['health']}`, { caller: citizenWithPhone });
    expect(read.body).toMatchObject({ protocol: 'sms', endpoint: '139****5678', status: 'confirmed', confirmedBy: 'verified-phone' });
  });

  it('delivers each alert to exactly the subscriptions whose filter matches, organisation and exercise included', async () => {
    // A plan published in 110105: level none, so no minimum level admits it.
    const plan = await platform.call('POST', '/v1/plans', { caller: countyOffice, body: samplePlanBody() });
    for (const action of ['submit', 'approve', 'publish']) {
      expect((await platform.call('POST', `/v1/plans/${plan.body.planId}/transitions`, { caller: countyOffice, body: { action } })).status, action).toBe(200);
    }
    const accident = await announce({ type: 'warning.issued', division: '110105', category: 'accident', level: '1' });
    const epidemic = await announce({ type: 'warning.issued', division: '440305', category: 'public-health', level: '3' });
    const exercise = await announce({ type: 'warning.issued', division: '110105', category: 'accident', level: '1', attributes: { exercise: 'true' } });
    const deployment = await announce({ type: 'deployment.requested', division: '110105', category: 'accident', level: 'none', attributes: { org: 'org-0001' } });
    const otherOrg = await announce({ type: 'deployment.requested', division: '440305', category: 'accident', level: 'none', attributes: { org: 'org-0002' } });
    await platform.poller.idle();
    const planAlert = platform.sink.alerts.find((x) => x.type === 'plan.published' && x.payload['planId'] === plan.body.planId)!;

    expect(await reached(planAlert.eventId, ids)).toEqual(['drills']);
    expect(await reached(accident, ids)).toEqual(['drills', 'severe']);
    expect(await reached(epidemic, ids)).toEqual(['health']);
    expect(await reached(exercise, ids)).toEqual(['drills']);
    expect(await reached(deployment, ids)).toEqual(['drills', 'org']);
    expect(await reached(otherOrg, ids)).toEqual([]);
    expect(platform.sink.alerts.find((a) => a.eventId === deployment)).toMatchObject({ attributes: { org: 'org-0001' } });
  });

  it("lists the caller's own subscriptions only, newest first; another user's is a 404 to them", async () => {
    const mine = await platform.call('GET', '/v1/subscriptions', { caller: countyOffice });
    const theirs = await platform.call('GET', `/v1/subscriptions/${ids['health']}`, { caller: countyOffice });

    expect(mine.status).toBe(200);
    expect(mine.body.items.map((s: { subscriptionId: string }) => s.subscriptionId)).toEqual([ids['severe']]);
    expect(theirs.status).toBe(404);
    expect((await platform.call('DELETE', `/v1/subscriptions/${ids['health']}`, { caller: countyOffice })).status).toBe(404);
  });

  it("answers a subscription of someone else's address as a new one, and delivers nothing to it", async () => {
    const r = await platform.call('POST', '/v1/subscriptions', { caller: citizen, body: { protocol: 'email', endpoint: EMAIL, filter: {} } });
    const minor = await announce({ type: 'warning.issued', division: '440305', category: 'natural-disaster', level: '4' });
    await platform.poller.idle();

    expect(r.status).toBe(201);
    expect(r.body.subscriptionId).not.toBe(ids['severe']);
    expect(r.body).toMatchObject({ endpoint: 'd***@example.org', status: 'pending-confirmation' });
    expect(await reached(minor, { ...ids, theirs: r.body.subscriptionId })).toEqual([]);
    // The owner's own subscription is untouched.
    expect((await platform.call('GET', `/v1/subscriptions/${ids['severe']}`, { caller: countyOffice })).body.status).toBe('confirmed');
  });

  it('confirms an SMS to another phone with the code sent to it', async () => {
    const r = await platform.call('POST', '/v1/subscriptions', { caller: citizenWithPhone, body: { protocol: 'sms', endpoint: '13700001111', filter: { minLevel: '1' } } });
    const sms = platform.sns.directSms().filter((m) => m.phoneNumber === '+8613700001111');
    const code = /(\d{6})/.exec(sms.at(-1)!.message)![1]!;
    const wrong = await platform.call('POST', `/v1/subscriptions/${r.body.subscriptionId}/confirm`, { caller: citizenWithPhone, body: { code: code === '999999' ? '000000' : '999999' } });
    const right = await platform.call('POST', `/v1/subscriptions/${r.body.subscriptionId}/confirm`, { caller: citizenWithPhone, body: { code } });
    const severe = await announce({ type: 'response.activated', division: '110105', category: 'accident', level: 'I' });
    await platform.poller.idle();

    expect(r.body.status).toBe('pending-code');
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('code-mismatch');
    expect(right.body).toMatchObject({ status: 'confirmed', confirmedBy: 'one-time-code' });
    expect(await reached(severe, { code: r.body.subscriptionId })).toEqual(['code']);
  });

  it('delivers nothing after unsubscribing, and keeps the endpoint for the one who still has it', async () => {
    // The city office subscribes the same phone too (it waits for its code): the phone's SNS subscription stays.
    const otherView = await ok(platform.call('POST', '/v1/subscriptions', { caller: cityOffice, body: { protocol: 'sms', endpoint: PHONE, filter: { categories: ['accident'] } } }), 201);

    const phone = await snsIdOf(ids['health']!);

    const deleted = await platform.call('DELETE', `/v1/subscriptions/${ids['health']}`, { caller: citizenWithPhone });
    const epidemic = await announce({ type: 'warning.adjusted', division: '440305', category: 'public-health', level: '2' });
    await platform.poller.idle();

    expect(deleted.status).toBe(204);
    expect(platform.sink.alerts.filter((x) => x.eventId === epidemic)).toHaveLength(1);
    expect(platform.deliveriesOf(epidemic)).not.toContain(phone);
    expect(platform.deliveriesOf(epidemic)).toEqual([]);
    expect(otherView.status).toBe('pending-code');
    expect(platform.sns.subscriptions().filter((x) => x.endpoint === PHONE)).toHaveLength(1);
  });
});

describe('refusals', () => {
  it.each([
    ['an https endpoint on a private address', { protocol: 'https', endpoint: 'https://192.168.1.20/hook' }],
    ['an https endpoint on a bare public address', { protocol: 'https', endpoint: 'https://8.8.8.8/hook' }],
    ['an https endpoint on another port', { protocol: 'https', endpoint: 'https://hooks.example.org:8443/hook' }],
    ['a phone outside the mainland', { protocol: 'sms', endpoint: '+85291234567' }],
    ['something that is no phone', { protocol: 'sms', endpoint: '139-1234' }],
  ])('refuses %s with 400 naming body.endpoint, never echoing it', async (_, body) => {
    const r = await platform.call('POST', '/v1/subscriptions', { caller: citizen, body });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.endpoint']);
    expect(JSON.stringify(r.body)).not.toContain(body.endpoint);
  });

  it("refuses a filter on another organisation's alerts", async () => {
    const r = await platform.call('POST', '/v1/subscriptions', { caller: orgMember, body: { protocol: 'email', endpoint: 'org@example.org', filter: { organizationId: 'org-0002' } } });
    expect(r.status).toBe(403);
  });

  it('throttles the 11th creation of an hour with 429 and Retry-After', async () => {
    const busy: Caller = { ...citizen, sub: 'busy-citizen' };
    for (let i = 0; i < 10; i++) await ok(platform.call('POST', '/v1/subscriptions', { caller: busy, body: { protocol: 'email', endpoint: `b${i}@example.org` } }), 201);
    const r = await platform.call('POST', '/v1/subscriptions', { caller: busy, body: { protocol: 'email', endpoint: 'b10@example.org' } });
    expect(r.status).toBe(429);
    expect(r.body.code).toBe('too-many-requests');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
