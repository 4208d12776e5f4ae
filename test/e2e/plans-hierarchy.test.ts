// The plan system over real HTTP: plans hang under a superior government's plan (Art 26-27), revisions are guarded by
// ETags, a drill's evaluation can call for a revision, and problems speak the caller's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revisedPlanBody, samplePlanBody } from '../support/bodies.ts';
import { cityOffice, countyOffice, otherCountyOffice, type Caller } from '../support/callers.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';
import { ok, transitionPlan } from '../support/replies.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.close();
});

async function create(caller: Caller, overrides: Record<string, unknown>): Promise<string> {
  return (await ok(platform.call('POST', '/v1/plans', { caller, body: samplePlanBody(overrides) }), 201)).planId as string;
}

const act = (caller: Caller, planId: string, ...actions: string[]) => transitionPlan(platform.route, caller, planId, ...actions);

describe('plan hierarchy (Art 26-27)', () => {
  let cityOverall: string;
  beforeAll(async () => {
    cityOverall = await create(cityOffice, { type: 'overall', divisionCode: '110100', title: 'Beijing city overall emergency plan' });
  });

  it("hangs a county special plan under the city's overall plan and lists it among the city plan's children", async () => {
    // Act
    const child = await platform.call('POST', '/v1/plans', { caller: countyOffice, body: samplePlanBody({ parentPlanId: cityOverall }) });
    const children = await platform.call('GET', `/v1/plans/${cityOverall}/children`, { caller: cityOffice });

    // Assess
    expect(child.status).toBe(201);
    expect(child.body).toMatchObject({ parentPlanId: cityOverall, divisionCode: '110105', type: 'special' });
    expect(child.headers.get('location')).toBe(`/v1/plans/${child.body.planId}`);
    expect(children.status).toBe(200);
    expect(children.body.items.map((p: { planId: string }) => p.planId)).toContain(child.body.planId);
    expect(children.body.items.find((p: { planId: string }) => p.planId === child.body.planId)).toMatchObject({ parentPlanId: cityOverall, status: 'draft' });
  });

  it("refuses a parent plan of a neighbouring county, which the county cannot even read (404 on parentPlanId)", async () => {
    // Prepare
    const neighbours = await create(otherCountyOffice, { divisionCode: '110108', title: 'Haidian flood plan' });

    // Act
    const r = await platform.call('POST', '/v1/plans', { caller: countyOffice, body: samplePlanBody({ parentPlanId: neighbours }) });

    // Assess
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('not-found');
    expect(r.body.errors).toEqual([{ path: 'body.parentPlanId', message: expect.any(String) }]);
    const children = await platform.call('GET', `/v1/plans/${neighbours}/children`, { caller: otherCountyOffice });
    expect(children.body.items).toEqual([]);
  });

  it('refuses a parent plan below the new plan (422 parent-not-superior)', async () => {
    // Prepare: the city can read the county plan, but a city plan cannot hang under it
    const countyPlan = await create(countyOffice, { title: 'Chaoyang flood plan' });

    // Act
    const r = await platform.call('POST', '/v1/plans', { caller: cityOffice, body: samplePlanBody({ divisionCode: '110100', parentPlanId: countyPlan }) });

    // Assess
    expect(r.status).toBe(422);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect(r.body.code).toBe('parent-not-superior');
    const children = await platform.call('GET', `/v1/plans/${countyPlan}/children`, { caller: countyOffice });
    expect(children.body.items).toEqual([]);
  });

  it('refuses a parent plan that does not exist (404)', async () => {
    const r = await platform.call('POST', '/v1/plans', { caller: countyOffice, body: samplePlanBody({ parentPlanId: 'no-such-plan-0001' }) });
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('not-found');
    expect(r.body.errors).toEqual([{ path: 'body.parentPlanId', message: expect.any(String) }]);
  });

  it('refuses a retired parent plan (422 parent-retired)', async () => {
    // Prepare
    const retired = await create(cityOffice, { type: 'overall', divisionCode: '110100', title: 'Superseded city plan' });
    await act(cityOffice, retired, 'submit', 'approve', 'publish', 'retire');

    // Act
    const r = await platform.call('POST', '/v1/plans', { caller: countyOffice, body: samplePlanBody({ parentPlanId: retired }) });

    // Assess
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('parent-retired');
  });
});

describe('revisions under If-Match', () => {
  it('takes a PUT with the current ETag, refuses an old one with 412 and a missing one with 428', async () => {
    // Prepare
    const planId = await create(countyOffice, {});
    const read = await platform.call('GET', `/v1/plans/${planId}`, { caller: countyOffice });
    const etag = read.headers.get('etag')!;
    expect(etag).toMatch(/^"\d+"$/);

    // Act
    const fresh = await platform.call('PUT', `/v1/plans/${planId}`, { caller: countyOffice, body: revisedPlanBody('Flood plan, second draft'), headers: { 'If-Match': etag } });
    const stale = await platform.call('PUT', `/v1/plans/${planId}`, { caller: countyOffice, body: revisedPlanBody('Flood plan, lost update'), headers: { 'If-Match': etag } });
    const missing = await platform.call('PUT', `/v1/plans/${planId}`, { caller: countyOffice, body: revisedPlanBody('Flood plan, blind write') });

    // Assess
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ latestVersion: 2, title: 'Flood plan, second draft' });
    expect(fresh.headers.get('etag')).not.toBe(etag);
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('precondition-failed');
    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe('precondition-required');
    const now = await platform.call('GET', `/v1/plans/${planId}`, { caller: countyOffice });
    expect(now.body).toMatchObject({ latestVersion: 2, title: 'Flood plan, second draft' });
    expect(now.headers.get('etag')).toBe(fresh.headers.get('etag'));
  });
});

describe('drills and their evaluation', () => {
  it('marks a plan as needing revision when a drill evaluation says so, until a revised version is published', async () => {
    // Prepare
    const planId = await create(countyOffice, { title: 'Urban waterlogging plan' });
    await act(countyOffice, planId, 'submit', 'approve', 'publish');
    const drill = await platform.call('POST', `/v1/plans/${planId}/drills`, {
      caller: countyOffice,
      body: { conductedAt: new Date(Date.now() - 86_400_000).toISOString(), scenario: 'Underpass flooding at rush hour', participants: 60 },
    });
    expect(drill.status).toBe(201);
    expect(drill.body).toMatchObject({ planId, planVersion: 1, divisionCode: '110105' });

    // Act
    const evaluation = await platform.call('POST', `/v1/drills/${drill.body.drillId}/evaluation`, {
      caller: countyOffice,
      body: { findings: ['Pumps arrived after 90 minutes', 'No detour signs'], revisionNeeded: true },
    });
    const after = await platform.call('GET', `/v1/plans/${planId}`, { caller: countyOffice });

    // Assess
    expect(evaluation.status).toBe(200);
    expect(evaluation.body.evaluation).toMatchObject({ revisionNeeded: true, findings: ['Pumps arrived after 90 minutes', 'No detour signs'] });
    expect(after.body.revisionNeeded).toBe(true);
    expect(after.body.revisionReason).toContain(drill.body.drillId);
    expect(after.body.lastDrillAt).toBe(drill.body.conductedAt);

    // A revised version, once published, answers the evaluation
    const put = await platform.call('PUT', `/v1/plans/${planId}`, { caller: countyOffice, body: revisedPlanBody('Urban waterlogging plan (revised)'), headers: { 'If-Match': after.headers.get('etag')! } });
    expect(put.status).toBe(200);
    await act(countyOffice, planId, 'submit', 'approve', 'publish');
    const revised = await platform.call('GET', `/v1/plans/${planId}`, { caller: countyOffice });
    expect(revised.body).toMatchObject({ revisionNeeded: false, inForceVersion: 2 });
    expect(revised.body.revisionReason).toBeUndefined();
  });
});

describe('problem language', () => {
  it('titles problems in Chinese for Accept-Language zh-CN and in English otherwise', async () => {
    // Act
    const zh = await platform.call('GET', '/v1/plans/no-such-plan-0001', { caller: countyOffice, headers: { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.5' } });
    const en = await platform.call('GET', '/v1/plans/no-such-plan-0001', { caller: countyOffice, headers: { 'Accept-Language': 'en-GB' } });
    const zhRule = await platform.call('POST', '/v1/plans', {
      caller: countyOffice,
      body: samplePlanBody({ responseLevels: {} }),
      headers: { 'Accept-Language': 'zh-CN' },
    });
    const zhNoToken = await platform.call('GET', '/v1/plans', { caller: null, headers: { 'Accept-Language': 'zh-CN' } });

    // Assess
    expect(zh.status).toBe(404);
    expect(zh.body).toMatchObject({ code: 'not-found', title: '未找到' });
    expect(zh.headers.get('content-language')).toBe('zh-CN');
    expect(en.body).toMatchObject({ code: 'not-found', title: 'Not found' });
    expect(en.headers.get('content-language')).toBe('en');
    expect(zhRule.status).toBe(422);
    expect(zhRule.body).toMatchObject({ code: 'no-response-levels', title: '违反突发事件应对管理规定' });
    expect(zhNoToken.status).toBe(401);
    expect(zhNoToken.body).toMatchObject({ code: 'unauthenticated', title: '需要登录' });
  });
});
