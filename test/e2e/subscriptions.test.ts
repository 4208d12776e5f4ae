// Alert subscriptions over real HTTP on the local host: an alert goes HTTP -> handler -> DynamoDB Local -> stream ->
// relay -> local SNS API, and reaches exactly the subscriptions whose filter policy SNS would match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobActor } from '../../shared/domain/actor.ts';
import type { DomainEvent } from '../../shared/domain/change.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { documentClient } from '../../shared/store/client.ts';
import { citizen, countyOffice, samplePlanBody } from '../support/api-events.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.close();
});

const EMAIL = 'duty.officer@example.org';
const PHONE = '13912345678';

/** An outbox item written as the warning and response functions write theirs: one transaction through UnitOfWork. */
async function announce(event: DomainEvent): Promise<string> {
  const uow = new UnitOfWork(platform.tableName, { actor: jobActor('e2e'), requestId: 'e2e', at: new Date().toISOString() });
  uow.announce({ ...event, note: 'written by the e2e test' } as DomainEvent);
  await uow.commit(documentClient());
  return uow.events[0]!.eventId;
}

const deliveriesOf = (eventId: string) => platform.sink.deliveries.filter((d) => d.alert.eventId === eventId).map((d) => d.subscriptionId);

describe('alert subscriptions end to end', () => {
  let severeChaoyang: string;
  let publicHealth: string;

  // A county office wants level 1-2 alerts in Beijing's 1101 area; a citizen wants public-health ones.
  beforeAll(async () => {
    const a = await platform.call('POST', '/v1/subscriptions', { caller: countyOffice, body: { protocol: 'email', endpoint: EMAIL, filter: { divisionPrefix: '1101', minLevel: '2' } } });
    const b = await platform.call('POST', '/v1/subscriptions', { caller: citizen, body: { protocol: 'sms', endpoint: PHONE, filter: { categories: ['public-health'] } } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    severeChaoyang = a.body.subscriptionId as string;
    publicHealth = b.body.subscriptionId as string;
  });

  it('answers a subscription with its masked endpoint and whether SNS waits for confirmation', async () => {
    const a = await platform.call('POST', '/v1/subscriptions', { caller: countyOffice, body: { protocol: 'email', endpoint: 'x.li@example.org', filter: { minLevel: '1' } } });
    const b = await platform.call('POST', '/v1/subscriptions', { caller: citizen, body: { protocol: 'sms', endpoint: '13712345678', filter: { minLevel: '1' } } });
    expect(a.body).toMatchObject({ protocol: 'email', endpoint: 'x***@example.org', status: 'pending-confirmation', filter: { minLevel: '1' } });
    expect(b.body).toMatchObject({ protocol: 'sms', endpoint: '137****5678', status: 'active' });
    for (const r of [a, b]) expect((await platform.call('DELETE', `/v1/subscriptions/${r.body.subscriptionId}`, { caller: r === a ? countyOffice : citizen })).status).toBe(204);
  });

  it('delivers each alert to exactly the subscriptions whose filter matches, and nothing after unsubscribing', async () => {
    // Act: a plan is published in 110105 (a natural-disaster plan; its alert has level none)
    const plan = await platform.call('POST', '/v1/plans', { caller: countyOffice, body: samplePlanBody() });
    for (const action of ['submit', 'approve', 'publish']) {
      expect((await platform.call('POST', `/v1/plans/${plan.body.planId}/transitions`, { caller: countyOffice, body: { action } })).status, action).toBe(200);
    }
    await platform.poller.idle();

    // Assess: published to the topic, delivered to neither
    const planAlert = platform.sink.alerts.find((x) => x.type === 'plan.published' && x.payload['planId'] === plan.body.planId);
    expect(planAlert).toMatchObject({ division: '110105', level: 'none' });
    expect(deliveriesOf(planAlert!.eventId)).toEqual([]);

    // Act: a level 1 accident warning in 110105, and a level 3 public-health one in Shenzhen
    const accident = await announce({ type: 'warning.issued', division: '110105', category: 'accident', level: '1' });
    const epidemic = await announce({ type: 'warning.issued', division: '440305', category: 'public-health', level: '3' });
    await platform.poller.idle();

    // Assess
    expect(deliveriesOf(accident)).toEqual([severeChaoyang]);
    expect(deliveriesOf(epidemic)).toEqual([publicHealth]);
    expect(platform.sink.deliveries.find((d) => d.alert.eventId === accident)).toMatchObject({ protocol: 'email', endpoint: 'd***@example.org' });

    // Act: the county office unsubscribes; the citizen may not delete its subscription
    const byOther = await platform.call('DELETE', `/v1/subscriptions/${severeChaoyang}`, { caller: citizen });
    const deleted = await platform.call('DELETE', `/v1/subscriptions/${severeChaoyang}`, { caller: countyOffice });
    const later = await announce({ type: 'response.activated', division: '110105', category: 'accident', level: 'I' });
    await platform.poller.idle();

    // Assess
    expect(byOther.status).toBe(404);
    expect(deleted.status).toBe(204);
    expect(platform.sink.alerts.filter((x) => x.eventId === later)).toHaveLength(1);
    expect(deliveriesOf(later)).toEqual([]);
    expect((await platform.call('DELETE', `/v1/subscriptions/${severeChaoyang}`, { caller: countyOffice })).status).toBe(404);
  });

  it('publishes an alert once, and delivers it once, after SNS answered 500 more often than the SDK retries', async () => {
    // Prepare: four failures: the relay's client gives up after three attempts, the stream retries the record.
    platform.sns.failNextPublishes(4);

    // Act
    const eventId = await announce({ type: 'warning.adjusted', division: '440305', category: 'public-health', level: '2' });
    await platform.poller.idle();

    // Assess
    expect(platform.sink.alerts.filter((x) => x.eventId === eventId)).toHaveLength(1);
    expect(deliveriesOf(eventId)).toEqual([publicHealth]);
  });

  it('never returns the endpoint unmasked, also not in a refusal', async () => {
    const bad = await platform.call('POST', '/v1/subscriptions', { caller: citizen, body: { protocol: 'sms', endpoint: '139-1234-5678' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).not.toContain('139-1234-5678');
    const again = await platform.call('POST', '/v1/subscriptions', { caller: countyOffice, body: { protocol: 'sms', endpoint: PHONE, filter: { minLevel: '1' } } });
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).not.toContain(PHONE);
  });
});
