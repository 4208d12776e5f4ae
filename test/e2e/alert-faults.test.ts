// Fault injection on the alert path (issue 3): the local SNS answers 500 to Publish, the SDK retries, the stream
// poller retries the record, and past its last attempt writes it to the dead-letter file. A warning's alert is then
// delivered exactly once under its outbox event id, or dead-lettered with its outbox item kept, and a later republish
// sends it once under the same id. No alert is lost, and none is published twice or under an id no outbox item has.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { relayBatch, tableLedger } from '../../shared/alerts/outbox.ts';
import { snsPublisher } from '../../shared/alerts/sns.ts';
import { snsClient } from '../../shared/alerts/sns-client.ts';
import { citizen, countyOffice } from '../support/callers.ts';
import { eventIdOf, startTestPlatform, type TestPlatform } from '../support/http.ts';
import { outboxIn, type Item } from '../support/local-table.ts';
import { ok } from '../support/replies.ts';
import { snsSubscriptionIdOf } from '../support/subscription-channels.ts';

let platform: TestPlatform;
/** How many times the relay's SNS client tries one Publish before giving up (its own retries included). */
let sdkAttempts: number;
/** Every Publish the relay's SNS client sent to the wire, retries included: the event id of each. */
const publishAttempts: string[] = [];

const fixture = { incidentId: '', warningId: '', matching: '', other: '' };

const outboxItems = async (): Promise<Item[]> => (await platform.dump()).filter((i) => i['kind'] === 'outbox');

/** The one outbox item of this type for the fixture's warning. */
async function outboxOf(type: string): Promise<Item> {
  const items = outboxIn(await platform.dump(), { warningId: fixture.warningId }, type);
  expect(items, `${type} outbox items`).toHaveLength(1);
  return items[0]!;
}

const alertsOf = (eventId: string) => platform.sink.alerts.filter((a) => a.eventId === eventId);
const attemptsOf = (eventId: string) => publishAttempts.filter((id) => id === eventId).length;

beforeAll(async () => {
  platform = await startTestPlatform();

  // Count what the relay's client sends per attempt: the deserialize step runs once per try, inside the SDK's retries.
  const client = snsClient();
  sdkAttempts = await client.config.maxAttempts();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PublishCommand') publishAttempts.push((JSON.parse((args.input as { Message: string }).Message) as { eventId: string }).eventId);
      return next(args);
    },
    { step: 'deserialize', name: 'countPublishAttempts' },
  );

  // A county office wants level 1-3 accident alerts in Beijing; a citizen wants public-health ones only, on their own
  // verified phone. Deliveries are recorded under the SNS subscription of each endpoint.
  const matching = (await ok(platform.call('POST', '/v1/subscriptions', { caller: countyOffice, body: { protocol: 'email', endpoint: 'duty.officer@example.org', filter: { divisionPrefix: '1101', categories: ['accident'], minLevel: '3' } } }), 201)).subscriptionId;
  const citizenWithPhone = { ...citizen, phone: '+8613912345678', phoneVerified: true };
  const other = (await ok(platform.call('POST', '/v1/subscriptions', { caller: citizenWithPhone, body: { protocol: 'sms', endpoint: '13912345678', filter: { categories: ['public-health'] } } }), 201)).subscriptionId;
  fixture.matching = await snsSubscriptionIdOf(platform.db, platform.tableName, matching);
  fixture.other = await snsSubscriptionIdOf(platform.db, platform.tableName, other);

  // An accident reported in 110105 (ungraded: no plan is in force, which a warning does not need).
  const incident = await ok(
    platform.call('POST', '/v1/incidents', {
      caller: countyOffice,
      body: {
        category: 'accident',
        type: 'chemical-leak',
        title: 'Chlorine leak at a water works',
        divisionCode: '110105',
        occurredAt: new Date(Date.now() - 3600_000).toISOString(),
        location: { lat: 39.93, lng: 116.45, address: 'Water works, Chaoyang' },
        casualties: { deaths: 0, missing: 0, injured: 4, seriouslyInjured: 0 },
        directLossFen: 0,
        affectedPopulation: 1200,
        description: 'Chlorine gas leaking from a storage tank.',
      },
    }),
    201,
  );
  fixture.incidentId = incident.incidentId;
  await platform.poller.idle();
});
afterAll(async () => {
  await platform?.close();
});

describe('SNS publish failures on the alert path', () => {
  it('delivers a warning alert exactly once, under its outbox event id, after SNS failed more often than the SDK retries', async () => {
    // Prepare: two whole relay attempts fail (every SDK try), the third succeeds on its second try
    const failures = 2 * sdkAttempts + 1;
    platform.sns.failNextPublishes(failures);

    // Act
    const warning = await ok(
      platform.call('POST', `/v1/incidents/${fixture.incidentId}/warnings`, {
        caller: countyOffice,
        body: {
          level: '3',
          startsAt: new Date().toISOString(),
          area: { divisions: ['110105'], description: 'Chaoyang District' },
          hazards: ['Chlorine gas drifting north-east'],
          measures: ['Keep windows closed'],
          title: { 'zh-CN': '朝阳区氯气泄漏黄色预警', en: 'Yellow warning: chlorine leak, Chaoyang' },
        },
      }),
      201,
    );
    fixture.warningId = warning.warningId;
    await platform.poller.idle();

    // Assess: retried through every failure, then published and delivered once, under the outbox item's id
    const outbox = await outboxOf('warning.issued');
    const eventId = outbox['eventId'] as string;
    expect(attemptsOf(eventId)).toBe(failures + 1);
    expect(alertsOf(eventId)).toHaveLength(1);
    expect(alertsOf(eventId)[0]).toMatchObject({ eventId, type: 'warning.issued', division: '110105', category: 'accident', level: '3', payload: { warningId: fixture.warningId } });
    expect(platform.deliveriesOf(eventId)).toEqual([fixture.matching]);
    expect(outbox['publishedAt']).toEqual(expect.any(String));
    expect(platform.deadLetters().filter((d) => eventIdOf(d.record) === eventId)).toEqual([]);
  });

  it('dead-letters an alert SNS refuses past every retry, keeps its outbox item unpublished, and republishes it once under the same id', async () => {
    // Prepare: SNS down until the record has been given up
    platform.sns.failNextPublishes(Number.MAX_SAFE_INTEGER);

    // Act 1: the county raises its warning to level 2
    await ok(platform.call('POST', `/v1/warnings/${fixture.warningId}/transitions`, { caller: countyOffice, body: { action: 'adjust', level: '2', reason: 'Leak spreading' } }), 200);
    const eventId = (await outboxOf('warning.adjusted'))['eventId'] as string;
    await vi.waitFor(() => expect(platform.deadLetters().filter((d) => eventIdOf(d.record) === eventId)).toHaveLength(1), { timeout: 30_000, interval: 100 });
    platform.sns.failNextPublishes(0);

    // Assess 1: in the dead-letter file under the data directory, after every attempt; nothing published; nothing lost
    expect(platform.deadLetterFile).toBe(`${platform.dataDir}/outbox-dlq.jsonl`);
    const dead = platform.deadLetters().find((d) => eventIdOf(d.record) === eventId)!;
    expect(dead.record.eventName).toBe('INSERT');
    expect(dead.attempts).toBeGreaterThan(1);
    expect(attemptsOf(eventId)).toBe(dead.attempts * sdkAttempts);
    expect(alertsOf(eventId)).toEqual([]);
    expect(platform.deliveriesOf(eventId)).toEqual([]);
    const kept = await outboxOf('warning.adjusted');
    expect(kept).toMatchObject({ eventId, type: 'warning.adjusted', level: '2' });
    expect(kept['publishedAt']).toBeUndefined();

    // Act 2: an operator republishes the dead-lettered record through the relay, twice
    const publisher = snsPublisher(snsClient(), platform.topicArn);
    const ledger = tableLedger(platform.db, platform.tableName);
    const first = await relayBatch([dead.record], publisher, ledger);
    const second = await relayBatch([dead.record], publisher, ledger);

    // Assess 2: published once, under the same id, to the same subscriber; the repeat is skipped
    expect(first).toEqual({ batchItemFailures: [], published: 1, skipped: 0 });
    expect(second).toEqual({ batchItemFailures: [], published: 0, skipped: 1 });
    expect(alertsOf(eventId)).toHaveLength(1);
    expect(alertsOf(eventId)[0]).toMatchObject({ eventId, type: 'warning.adjusted', level: '2', payload: { warningId: fixture.warningId } });
    expect(platform.deliveriesOf(eventId)).toEqual([fixture.matching]);
    expect((await outboxOf('warning.adjusted'))['publishedAt']).toEqual(expect.any(String));
  });

  it('never published an alert twice, nor under an id no outbox item has, and lost none', async () => {
    await platform.poller.idle();
    const outbox = await outboxItems();
    const published = platform.sink.alerts.map((a) => a.eventId);

    expect(new Set(published).size).toBe(published.length);
    expect([...published].sort()).toEqual(outbox.map((i) => i['eventId'] as string).sort());
    for (const alert of platform.sink.alerts) {
      const item = outbox.find((i) => i['eventId'] === alert.eventId)!;
      expect(alert).toMatchObject({ type: item['type'], division: item['division'], category: item['category'], level: item['level'], payload: item['payload'] });
      expect(item['publishedAt']).toEqual(expect.any(String));
    }
    expect(platform.sink.deliveries.map((d) => d.subscriptionId)).not.toContain(fixture.other);
  });
});
