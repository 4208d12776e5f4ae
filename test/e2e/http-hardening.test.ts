// Issue 7's HTTP findings, end to end through the local host: header and query names as data, 401s that say what was
// wrong with the token, links of public documents from configuration, the read-up policy of incidents, cursors bound
// to their list and filter, clean UTF-8 JSON only, and every message in the caller's language.
import { request } from 'node:http';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER } from '../../infra/local/auth.ts';
import { reportBody, samplePlanBody } from '../support/bodies.ts';
import { countyOffice, otherCountyOffice, townshipOffice } from '../support/callers.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';

let platform: TestPlatform;
const CJK = /[\u4e00-\u9fff]/;

beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

/** A request with headers fetch would not send as given (Host, odd names), over plain node:http. */
function raw(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((ok, fail) => {
    const req = request(`${platform.url}${path}`, { method, headers: { ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

describe('header and query names are data', () => {
  it('serves requests with headers named constructor, __proto__, toString and hasOwnProperty', async () => {
    const token = await platform.token(countyOffice);
    const r = await raw('GET', '/v1/plans?division=110105', { Authorization: `Bearer ${token}`, constructor: 'a', ['__proto__']: 'b', toString: 'c', hasOwnProperty: 'd' });

    expect(r.status, r.text).toBe(200);
  });

  it('refuses query parameters named constructor, __proto__ or toString as unknown (400), never a 500', async () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      const r = await platform.call('GET', `/v1/plans?${name}=1`, { caller: countyOffice });
      expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.errors).toEqual([{ path: `query.${name}`, message: 'unknown field' }]);
    }
    const publicList = await platform.call('GET', '/v1/public/warnings?__proto__=1&constructor=2');
    expect(publicList.status).toBe(400);
  });
});

describe('401 says what was wrong with the token', () => {
  const expired = () =>
    new SignJWT({ 'cognito:groups': 'office', 'custom:division': '110105', 'custom:gov_level': 'county', token_use: 'id' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('office-110105')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(platform.secret);

  it.each([
    ['no token', () => Promise.resolve(undefined), 'Bearer realm="emergency-api"', /Send a bearer token/],
    ['a Basic credential', () => Promise.resolve('Basic b2ZmaWNlOnNlY3JldA=='), 'Bearer realm="emergency-api"', /Send a bearer token/],
    ['a token that is not a JWT', () => Promise.resolve('Bearer not-a-token'), 'Bearer realm="emergency-api", error="invalid_token", error_description="The token is malformed"', /not a well-formed token/],
    ['an expired token', async () => `Bearer ${await expired()}`, 'Bearer realm="emergency-api", error="invalid_token", error_description="The token expired"', /has expired/],
    ['a token signed with another key', async () => `Bearer ${(await platform.token(countyOffice)).slice(0, -4)}AAAA`, 'Bearer realm="emergency-api", error="invalid_token", error_description="The token is not valid here"', /not valid here/],
  ])('answers %s with its own detail, a WWW-Authenticate challenge and how to get a token locally', async (_what, authorization, challenge, detail) => {
    const auth = await authorization();
    const r = await platform.call('GET', '/v1/plans', { headers: auth ? { Authorization: auth } : {} });

    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe(challenge);
    expect(r.body.code).toBe('unauthenticated');
    expect(r.body.detail).toMatch(detail);
    expect(r.body.detail).toContain('npm run token -- --role office --division 110105 --level county');
  });

  it('says it in Chinese for a zh-CN caller', async () => {
    const r = await platform.call('GET', '/v1/plans', { headers: { Authorization: `Bearer ${await expired()}`, 'Accept-Language': 'zh-CN' } });
    expect(r.body).toMatchObject({ title: '需要登录', detail: expect.stringMatching(/^持有者令牌已过期.*npm run token/) });
  });
});

describe('the world of the remaining tests', () => {
  const world = { incidentId: '', warningId: '' };

  beforeAll(async () => {
    const reported = await platform.route('reportIncident', { body: reportBody({ occurredAt: new Date(Date.now() - 3600_000).toISOString() }) });
    expect(reported.status, JSON.stringify(reported.body)).toBe(201);
    world.incidentId = reported.body.incidentId;
    const warning = await platform.route('issueWarning', {
      params: { incidentId: world.incidentId },
      body: { level: 4, startsAt: new Date().toISOString(), area: { divisions: ['110105'] }, hazards: ['燃气可能再次泄漏'], measures: [{ 'zh-CN': '远离建国路', en: 'Keep away from Jianguo Road' }], title: '朝阳区燃气泄漏蓝色预警' },
    });
    expect(warning.status, JSON.stringify(warning.body)).toBe(201);
    expect(warning.body).toMatchObject({ level: '4', hazards: [{ 'zh-CN': '燃气可能再次泄漏' }], title: { 'zh-CN': '朝阳区燃气泄漏蓝色预警' } });
    world.warningId = warning.body.warningId;
  });

  describe('links of public documents', () => {
    it('come from the host\'s own URL, never from the Host or X-Forwarded-* headers of the request', async () => {
      const forged = { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'gopher' };

      const cap = await raw('GET', `/v1/public/warnings/${world.warningId}.cap`, forged);
      const feed = await raw('GET', '/v1/public/warnings.cap', forged);

      expect(cap.status).toBe(200);
      expect(cap.text).toContain(`<web>${platform.url}/v1/public/warnings/${world.warningId}.cap</web>`);
      expect(feed.text).toContain(`<id>${platform.url}/v1/public/warnings.cap</id>`);
      for (const doc of [cap.text, feed.text]) expect(doc).not.toMatch(/evil\.example|gopher/);
    });

    it('carry what the public should do as the instruction, not the government\'s Art 66 checklist', async () => {
      const cap = await raw('GET', `/v1/public/warnings/${world.warningId}.cap`, {});
      expect(cap.text).toContain('<instruction>远离建国路</instruction>');
      expect(cap.text).toContain('<instruction>Keep away from Jianguo Road</instruction>');
      expect(cap.text).not.toContain('art66-');
    });
  });

  describe('reading up the hierarchy', () => {
    it('gives a township office the county\'s incident as a summary, without its timeline', async () => {
      const summary = await platform.route('getIncident', { caller: townshipOffice, params: { incidentId: world.incidentId } });
      const timeline = await platform.route('incidentTimeline', { caller: townshipOffice, params: { incidentId: world.incidentId } });
      const full = await platform.route('incidentTimeline', { caller: countyOffice, params: { incidentId: world.incidentId } });
      const sideways = await platform.route('getIncident', { caller: otherCountyOffice, params: { incidentId: world.incidentId } });

      expect(summary.status).toBe(200);
      expect(summary.body.view).toBe('summary');
      expect(JSON.stringify(summary.body)).not.toContain(countyOffice.sub!);
      expect(timeline.status).toBe(403);
      expect(full.status).toBe(200);
      expect(full.body.items[0]).toMatchObject({ by: { sub: countyOffice.sub }, requestId: expect.any(String) });
      expect(sideways.status).toBe(404);
    });
  });
});

describe('cursors over HTTP', () => {
  it('page through a list with the cursor given, and refuse it for another filter with 400', async () => {
    for (let i = 0; i < 3; i++) expect((await platform.route('createPlan', { body: samplePlanBody({ title: `Plan ${i}` }) })).status).toBe(201);

    const first = await platform.route('listPlans', { query: { status: 'draft', limit: '2' } });
    const second = await platform.route('listPlans', { query: { status: 'draft', limit: '2', cursor: first.body.cursor } });
    const otherFilter = await platform.route('listPlans', { query: { status: 'published', limit: '2', cursor: first.body.cursor } });

    expect(first.body.items).toHaveLength(2);
    expect(second.status).toBe(200);
    expect(second.body.items.length).toBeGreaterThan(0);
    expect(otherFilter.status).toBe(400);
    expect(otherFilter.body.code).toBe('invalid-cursor');
  });
});

describe('clean UTF-8 JSON only', () => {
  it('refuses bytes that are not UTF-8 with 400, a declared charset other than UTF-8 with 415, a key given twice with 400', async () => {
    const token = await platform.token(countyOffice);
    const json = JSON.stringify(samplePlanBody());
    const latin1 = Buffer.concat([Buffer.from(json.slice(0, 10)), Buffer.from([0xe9]), Buffer.from(json.slice(10))]);

    const notUtf8 = await raw('POST', '/v1/plans', { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, latin1);
    const charset = await raw('POST', '/v1/plans', { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=gbk' }, Buffer.from(json));
    const twice = await raw('POST', '/v1/plans', { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, Buffer.from(json.replace('{', '{"type":"overall",')));

    expect(notUtf8.status).toBe(400);
    expect(JSON.parse(notUtf8.text)).toMatchObject({ code: 'malformed-json', detail: expect.stringContaining('not valid UTF-8') });
    expect(charset.status).toBe(415);
    expect(twice.status).toBe(400);
    expect(JSON.parse(twice.text).errors).toEqual([{ path: 'body.type', message: 'given twice; send each key once' }]);
  });

  it('refuses a bidi override or invisible-only text in any text field, in the caller\'s language', async () => {
    const r = await platform.route('reportIncident', {
      body: reportBody({ title: 'Gas \u202Eexplosion', description: '\u200B\u200B', occurredAt: new Date(Date.now() - 3600_000).toISOString() }),
      headers: { 'Accept-Language': 'zh-CN' },
    });

    expect(r.status).toBe(400);
    expect(r.body.detail).toBe('请求体不符合要求。');
    expect(r.body.errors).toEqual([
      { path: 'body.title', message: '含有控制字符、双向文本覆盖字符或替换字符（U+FFFD）；只允许换行符和制表符' },
      { path: 'body.description', message: '应包含可见字符，不能只有空白或不可见字符' },
    ]);
    for (const e of r.body.errors) expect(e.message).toMatch(CJK);
  });
});
