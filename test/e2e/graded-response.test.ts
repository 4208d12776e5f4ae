// The scenario end to end over HTTP: a county office reports an accident and warns at level 3; its level III
// activation is refused; the city activates III, the province takes over and escalates to II, then terminates; the
// public CAP feed shows Alert, Update and Cancel, and every CAP document validates against the OASIS schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countyOffice, cityOffice, provinceOffice } from '../support/callers.ts';
import { embeddedAlerts, msgType, schemaErrors } from '../support/cap-schema.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';
import { ok, publishedPlan } from '../support/replies.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.close();
});

async function publishedAccidentPlan(): Promise<{ planId: string; version: number }> {
  const planId = await publishedPlan(platform.route, countyOffice, {
    title: 'Chaoyang production safety accident plan',
    type: 'special',
    category: 'accident',
    divisionCode: '110105',
    responseLevels: {
      I: { thresholds: { deaths: 30 }, measures: ['National command'] },
      II: { thresholds: { deaths: 10 }, measures: ['Provincial command post'] },
      III: { thresholds: { deaths: 3 }, measures: ['City command post'] },
      IV: { thresholds: { deaths: 1 }, measures: ['County command post'] },
    },
  });
  return { planId, version: 1 };
}

const capOf = async (id: string) => {
  const r = await fetch(`${platform.url}/v1/public/warnings/${id}.cap`);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toBe('application/cap+xml');
  return r.text();
};
const feed = async () => {
  const r = await fetch(`${platform.url}/v1/public/warnings.cap`);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toBe('application/atom+xml');
  expect(r.headers.get('cache-control')).toContain('max-age');
  expect(r.headers.get('etag')).toBeTruthy();
  return r.text();
};

describe('an accident from report to terminated response', () => {
  it('follows the law at every step and shows it to the public as CAP (rules 1, 3, 4, 6, 7, 8, 9)', async () => {
    const plan = await publishedAccidentPlan();

    // A county office reports an accident: 12 deaths meets level II of the plan in force (severity derived).
    const incident = await ok(
      platform.call('POST', '/v1/incidents', {
        caller: countyOffice,
        body: {
          category: 'accident',
          type: 'chemical-plant-explosion',
          title: 'Explosion at a chemical plant',
          divisionCode: '110105',
          occurredAt: new Date(Date.now() - 3600_000).toISOString(),
          location: { lat: 39.92, lng: 116.44, address: 'Industrial park, Chaoyang' },
          casualties: { deaths: 12, missing: 3, injured: 40, seriouslyInjured: 8 },
          directLossFen: 5_000_000_000,
          affectedPopulation: 2000,
          description: 'Explosion and fire in a storage hall.',
        },
      }),
      201,
    );
    const id = incident.incidentId as string;
    expect(incident.severity).toMatchObject({ level: 'II', basis: { planId: plan.planId, metric: 'deaths', threshold: 10, value: 12 } });

    // Level 3 warning (yellow) by the county, with the Art 66 checklist.
    const warning = await ok(
      platform.call('POST', `/v1/incidents/${id}/warnings`, {
        caller: countyOffice,
        body: {
          level: '3',
          startsAt: new Date().toISOString(),
          area: { divisions: ['110105'], description: 'Chaoyang District', circle: { lat: 39.92, lng: 116.44, radiusKm: 5 } },
          hazards: ['Toxic smoke drifting east'],
          measures: ['Keep windows closed', 'Avoid the industrial park'],
          title: { 'zh-CN': '朝阳区化工厂爆炸黄色预警', en: 'Yellow warning: chemical plant explosion, Chaoyang' },
        },
      }),
      201,
    );
    expect(warning).toMatchObject({ level: '3', colour: 'yellow', status: 'active' });
    expect(warning.checklist.every((c: string) => c.startsWith('art66'))).toBe(true);
    expect(msgType(await capOf(warning.warningId))).toBe('Alert');
    const issuedFeed = await feed();
    expect(embeddedAlerts(issuedFeed).map(msgType)).toContain('Alert');

    // The county may not activate level III: the plan requires a city government (rule 7).
    const refused = await platform.call('POST', `/v1/incidents/${id}/response`, {
      caller: countyOffice,
      body: { planId: plan.planId, planVersion: 1, level: 'III', matters: 'Rescue and fire fighting', expectedDuration: '72h', measures: ['Evacuate 2 km'], basis: { metric: 'deaths' } },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('insufficient-authority');

    // The city activates level III (rule 6: matters, level, duration, measures, plan version and threshold).
    const activated = await ok(
      platform.call('POST', `/v1/incidents/${id}/response`, {
        caller: cityOffice,
        body: { planId: plan.planId, planVersion: 1, level: 'III', matters: 'Rescue and fire fighting', expectedDuration: '72h', measures: ['Evacuate 2 km'], basis: { metric: 'deaths' } },
      }),
      201,
    );
    expect(activated.status).toBe('responding');
    expect(activated.response).toMatchObject({ level: 'III', responsible: { division: '110100', level: 'city' }, basis: { metric: 'deaths', threshold: 3 } });

    // The county raises its warning to level 2: Art 67 joins Art 66 (rule 4), the CAP message becomes an Update.
    const adjusted = await ok(
      platform.call('POST', `/v1/warnings/${warning.warningId}/transitions`, { caller: countyOffice, body: { action: 'adjust', level: '2', reason: 'Smoke spreading' } }),
    );
    expect(adjusted).toMatchObject({ level: '2', colour: 'orange' });
    expect(adjusted.checklist.some((c: string) => c.startsWith('art67'))).toBe(true);
    const update = await capOf(warning.warningId);
    expect(msgType(update)).toBe('Update');
    expect(update).toContain('<references>');
    expect(embeddedAlerts(await feed()).map(msgType)).toContain('Update');

    // The city may not lift the county's warning (rule 3).
    const foreignLift = await platform.call('POST', `/v1/warnings/${warning.warningId}/transitions`, { caller: cityOffice, body: { action: 'lift' } });
    expect(foreignLift.status).toBe(403);

    // The province takes over, escalates to II, and terminates.
    const handed = await ok(platform.call('POST', `/v1/incidents/${id}/response/transitions`, { caller: provinceOffice, body: { action: 'hand-over', reason: 'Beyond the city' } }));
    expect(handed.response.responsible).toEqual({ division: '110000', level: 'province' });
    const cityEscalates = await platform.call('POST', `/v1/incidents/${id}/response/transitions`, { caller: cityOffice, body: { action: 'change-level', level: 'II', reason: 'x' } });
    expect(cityEscalates.status).toBe(403);
    const escalated = await ok(platform.call('POST', `/v1/incidents/${id}/response/transitions`, { caller: provinceOffice, body: { action: 'change-level', level: 'II', reason: '12 deaths' } }));
    expect(escalated.response.level).toBe('II');
    const terminated = await ok(platform.call('POST', `/v1/incidents/${id}/response/transitions`, { caller: provinceOffice, body: { action: 'terminate', reason: 'Fire out, area safe' } }));

    // Rule 8: recovery, an investigation task with a due date, and the personal-data destruction clock.
    expect(terminated.status).toBe('recovery');
    expect(terminated.investigation).toMatchObject({ status: 'open' });
    expect(terminated.investigation.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(terminated.piiDestructionFrom).toBeDefined();

    // Rule 9: every decision queued for the people's congress standing committee.
    const filings = await ok(platform.call('GET', `/v1/incidents/${id}/filings`, { caller: countyOffice }));
    expect(filings.items.map((f: { decision: string }) => f.decision).sort()).toEqual(['activation', 'hand-over', 'level-change', 'termination']);

    // The county lifts its warning: Cancel, still in the feed for readers to see.
    await ok(platform.call('POST', `/v1/warnings/${warning.warningId}/transitions`, { caller: countyOffice, body: { action: 'lift', reason: 'Air quality normal' } }));
    const cancel = await capOf(warning.warningId);
    expect(msgType(cancel)).toBe('Cancel');
    const finalFeed = await feed();
    expect(embeddedAlerts(finalFeed).map(msgType)).toContain('Cancel');

    // Every CAP document seen validates against the OASIS CAP 1.2 schema.
    expect(await schemaErrors([update, cancel, ...embeddedAlerts(issuedFeed), ...embeddedAlerts(finalFeed)])).toEqual([]);

    // Alerts went out through the outbox for each step.
    await platform.poller.idle();
    const types = platform.sink.alerts.filter((a) => a.payload['incidentId'] === id).map((a) => a.type);
    expect(types).toEqual(
      expect.arrayContaining(['warning.issued', 'warning.adjusted', 'warning.lifted', 'response.activated', 'response.handed-over', 'response.level-changed', 'response.terminated']),
    );

    // The timeline holds every change with who and why.
    const timeline = await ok(platform.call('GET', `/v1/incidents/${id}/timeline`, { caller: cityOffice }));
    expect(timeline.items.map((t: { action: string }) => t.action)).toEqual(
      expect.arrayContaining(['report', 'issue-warning', 'activate-response', 'adjust-warning', 'hand-over-response', 'change-response-level', 'terminate-response', 'lift-warning']),
    );
  });
});
