// A county office takes a plan from draft to filed over real HTTP; publishing and filing reach the alert sink.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePlanBody } from '../support/bodies.ts';
import { countyOffice, cityOffice, otherCountyOffice } from '../support/callers.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.close();
});

async function alertsOfType(type: string, planId: string) {
  await platform.poller.idle();
  return platform.sink.alerts.filter((a) => a.type === type && a.payload['planId'] === planId);
}

describe('plans over HTTP', () => {
  it('serves health without a token', async () => {
    const r = await platform.call('GET', '/v1/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
  });

  it('refuses a plan list without a token, with a tampered token and with an expired one', async () => {
    expect((await platform.call('GET', '/v1/plans')).status).toBe(401);
    const good = await platform.token(countyOffice);
    const tampered = `${good.slice(0, -4)}AAAA`;
    expect((await platform.call('GET', '/v1/plans', { headers: { Authorization: `Bearer ${tampered}` } })).status).toBe(401);
    const { signToken } = await import('../../infra/local/auth.ts');
    const expired = await signToken({ sub: 'x', roles: ['office'], division: '110105', level: 'county', expiresIn: '-1m' }, platform.secret);
    expect((await platform.call('GET', '/v1/plans', { headers: { Authorization: `Bearer ${expired}` } })).status).toBe(401);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${good.split('.')[1]}.`;
    expect((await platform.call('GET', '/v1/plans', { headers: { Authorization: `Bearer ${unsigned}` } })).status).toBe(401);
  });

  it('takes a plan from draft to filed and announces publication and filing (rule 23)', async () => {
    // Prepare
    const created = await platform.call('POST', '/v1/plans', { caller: countyOffice, body: samplePlanBody() });
    expect(created.status).toBe(201);
    const planId = created.body.planId as string;

    // Act
    for (const action of ['submit', 'approve', 'publish']) {
      const r = await platform.call('POST', `/v1/plans/${planId}/transitions`, { caller: countyOffice, body: { action } });
      expect(r.status, action).toBe(200);
    }
    const published = await platform.call('GET', `/v1/plans/${planId}`, { caller: countyOffice });

    // Assess
    expect(published.body.status).toBe('published');
    expect(published.body.filing).toMatchObject({ version: 1, overdue: false, to: { body: 'lead-department', division: '110100' } });
    expect(published.body.filing.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await alertsOfType('plan.published', planId)).toHaveLength(1);

    const filed = await platform.call('POST', `/v1/plans/${planId}/transitions`, { caller: countyOffice, body: { action: 'file' } });
    expect(filed.status).toBe(200);
    expect(filed.body.filing.filedAt).toBeDefined();
    const alerts = await alertsOfType('plan.filed', planId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ division: '110105', category: 'natural-disaster', level: 'none' });
  });

  it('lets the city above read a county plan but not change it, and hides it from a neighbouring county', async () => {
    const created = await platform.call('POST', '/v1/plans', { caller: countyOffice, body: samplePlanBody() });
    const planId = created.body.planId as string;
    expect((await platform.call('GET', `/v1/plans/${planId}`, { caller: cityOffice })).status).toBe(200);
    const write = await platform.call('POST', `/v1/plans/${planId}/transitions`, { caller: cityOffice, body: { action: 'submit' } });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('not-in-jurisdiction');
    expect((await platform.call('GET', `/v1/plans/${planId}`, { caller: otherCountyOffice })).status).toBe(404);
  });
});
