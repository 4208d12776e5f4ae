// The HTTP layer every function shares (shared/http/api.ts) with mocked reads: the one body parser (UTF-8 JSON only, no
// key twice, no __proto__, syntax errors with their position), header and query names as data, cursors sealed to
// their route and filter and checked before DynamoDB is asked, and every message in the caller's language.
import { beforeEach, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { apiEvent } from '../support/api-events.ts';
import { samplePlanBody } from '../support/bodies.ts';
import { cityOffice, countyOffice } from '../support/callers.ts';
import { call, handlerOf, invoke, type Reply } from '../support/invoke.ts';
import { mockTable } from '../support/mocked-sdk.ts';

const { ddb } = mockTable();
const CJK = /[\u4e00-\u9fff]/;

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
});

async function send(event: APIGatewayProxyEvent): Promise<Reply> {
  return invoke(await handlerOf('plans'), 'plans', event);
}
const create = (rawBody: string, headers: Record<string, string> = {}) => send(apiEvent('createPlan', { rawBody, headers }));

describe('the body parser', () => {
  it('takes UTF-8 JSON, with or without charset=utf-8', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"']) {
      const r = await create(JSON.stringify(samplePlanBody()), { 'Content-Type': type });
      expect(r.status, `${type}: ${r.raw}`).toBe(201);
    }
  });

  it('refuses a body declared in another charset with 415', async () => {
    for (const charset of ['iso-8859-1', 'gbk', 'utf-16']) {
      const r = await create(JSON.stringify(samplePlanBody()), { 'Content-Type': `application/json; charset=${charset}`, 'Accept-Language': 'zh-CN' });
      expect(r.status).toBe(415);
      expect(r.body).toMatchObject({ code: 'unsupported-media-type', detail: `请求体须使用 UTF-8 编码；不接受 charset=${charset}。` });
    }
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses bytes that are not UTF-8, naming the first bad byte, when the body comes base64-encoded', async () => {
    const good = Buffer.from(JSON.stringify(samplePlanBody({ title: '洪水预案' })), 'utf8');
    const bad = Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xe6, 0xb4]), Buffer.from('"}')]);
    const base64 = (b: Buffer) => ({ ...apiEvent('createPlan', { rawBody: 'x' }), body: b.toString('base64'), isBase64Encoded: true });

    expect((await send(base64(good))).status).toBe(201);
    const r = await send(base64(bad));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'malformed-json', detail: 'The request body is not valid UTF-8 (byte 13).' });
  });

  it('refuses a text body holding U+FFFD, what a gateway leaves of bytes that were not UTF-8', async () => {
    const r = await create('{"title":"Flood \uFFFD plan"}');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'malformed-json', detail: expect.stringContaining('character 17 is U+FFFD') });
  });

  it('says where the JSON goes wrong, in English and in Chinese', async () => {
    const en = await create('{"title": "Flood plan",\n "type": }');
    const zh = await create('{"title": "Flood plan",\n "type": }', { 'Accept-Language': 'zh-CN' });

    expect(en.status).toBe(400);
    expect(en.body).toMatchObject({
      code: 'malformed-json',
      detail: "The request body is not valid JSON: unexpected '}' at line 2, column 10 (character 34).",
      errors: [{ path: 'body', message: "unexpected '}' at line 2, column 10 (character 34)" }],
    });
    expect(zh.body.detail).toBe("请求体不是有效的 JSON：第 2 行第 10 列（第 34 个字符）处出现意外的 '}'。");
    expect(zh.body.errors).toEqual([{ path: 'body', message: "第 2 行第 10 列（第 34 个字符）处出现意外的 '}'" }]);
  });

  it('refuses a key given twice with 400, naming it, where JSON.parse would keep the last silently', async () => {
    const body = JSON.stringify(samplePlanBody()).replace('"title":"Flood emergency plan"', '"title":"Flood emergency plan","title":"Another plan"');
    const r = await create(body);

    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'validation-failed', errors: [{ path: 'body.title', message: 'given twice; send each key once' }] });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('refuses a __proto__ key like any unknown key, at the top and inside a record, instead of dropping it', async () => {
    const top = JSON.stringify(samplePlanBody()).replace(/^\{/, '{"__proto__":{"admin":true},');
    const inRecord = JSON.stringify(samplePlanBody()).replace('"responseLevels":{', '"responseLevels":{"__proto__":{"thresholds":{"deaths":1},"measures":["x"]},');

    for (const [raw, path] of [[top, 'body.__proto__'], [inRecord, 'body.responseLevels.__proto__']] as const) {
      const r = await create(raw);
      expect(r.status, raw).toBe(400);
      expect(r.body.errors).toEqual([{ path, message: 'unknown field' }]);
    }
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('header and query names are data', () => {
  it('serves a request whose headers are named constructor, __proto__, toString or hasOwnProperty, as API Gateway passes them', async () => {
    const event = apiEvent('createPlan', { body: samplePlanBody() });
    event.headers = JSON.parse('{"__proto__":"x","constructor":"y","toString":"z","hasOwnProperty":"w","Content-Type":"application/json","Accept-Language":"zh-CN"}');

    const r = await send(event);

    expect(r.status, r.raw).toBe(201);
    expect(r.headers['Content-Type']).toBe('application/json');
  });

  it('refuses query parameters named constructor, __proto__ or toString as unknown, not with a 500', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'valueOf']) {
      const event = apiEvent('listPlans', {});
      event.queryStringParameters = JSON.parse(`{"${name}":"1"}`);
      const r = await send(event);
      expect(r.status, `${name}: ${r.raw}`).toBe(400);
      expect(r.body.errors).toEqual([{ path: `query.${name}`, message: 'unknown field' }]);
    }
  });
});

describe('cursors', () => {
  const lastKey = { PK: 'PLAN#p-0002', SK: 'HEAD', GSI1PK: 'PLANS#110105', GSI1SK: 'draft#p-0002' };
  const queries = () => ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);

  async function firstPage(query: Record<string, string> = { status: 'draft' }): Promise<string> {
    ddb.on(QueryCommand).resolvesOnce({ Items: [], LastEvaluatedKey: lastKey });
    const r = await call('listPlans', { query });
    expect(r.status, r.raw).toBe(200);
    return r.body.cursor as string;
  }

  it('hands out a sealed cursor and takes it back for the same route and filter, whatever the page size', async () => {
    const cursor = await firstPage();
    ddb.resetHistory();

    const next = await call('listPlans', { query: { status: 'draft', limit: '50', cursor } });

    expect(next.status, next.raw).toBe(200);
    expect(queries()[0]).toMatchObject({ ExclusiveStartKey: lastKey, Limit: 50 });
  });

  it.each([
    ['another filter', { status: 'published' }, countyOffice, 'listPlans'],
    ['no filter', {}, countyOffice, 'listPlans'],
    ['another route', { division: '110105' }, countyOffice, 'dueForDrill'],
    ['another caller asking for the same division by name', { division: '110105', status: 'draft' }, cityOffice, 'listPlans'],
  ] as const)('refuses it with 400 invalid-cursor for %s, before DynamoDB is asked', async (_what, query, caller, route) => {
    const cursor = await firstPage();
    ddb.resetHistory();

    const r = await call(route, { caller, query: { ...query, cursor }, headers: { 'Accept-Language': 'zh-CN' } });

    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'invalid-cursor', title: '分页游标无效', detail: expect.stringMatching(CJK) });
    expect(queries()).toEqual([]);
  });

  it('refuses an unsealed key, and a sealed cursor whose key was swapped, before DynamoDB is asked', async () => {
    const cursor = await firstPage();
    const raw = Buffer.from(JSON.stringify(lastKey)).toString('base64url');
    const swapped = `${Buffer.from(JSON.stringify({ ...lastKey, GSI1PK: 'PLANS#110108' })).toString('base64url')}.${cursor.split('.')[1]}`;
    ddb.resetHistory();

    for (const bad of [raw, swapped, `${cursor}x`, 'x'.repeat(2048)]) {
      const r = await call('listPlans', { query: { status: 'draft', cursor: bad } });
      expect(r.status, bad.slice(0, 30)).toBe(400);
      expect(r.body.code).toBe('invalid-cursor');
    }
    expect(queries()).toEqual([]);
  });
});

describe('messages in the caller\'s language', () => {
  it('writes the detail and every field message of a 400 in Chinese for Accept-Language: zh-CN', async () => {
    const body = { ...samplePlanBody(), title: '   ', type: 'secret', divisionCode: '1101', responseLevels: { V: {} }, colour: 'red' };
    const r = await send(apiEvent('createPlan', { body, headers: { 'Accept-Language': 'zh-CN,zh;q=0.9' } }));

    expect(r.status).toBe(400);
    expect(r.headers['Content-Language']).toBe('zh-CN');
    expect(r.body.title).toMatch(CJK);
    expect(r.body.detail).toBe('请求体不符合要求。');
    expect(r.body.errors.length).toBeGreaterThanOrEqual(5);
    for (const e of r.body.errors) expect(e.message, e.path).toMatch(CJK);
    expect(r.body.errors).toEqual(expect.arrayContaining([{ path: 'body.title', message: '不能为空' }, { path: 'body.colour', message: '不接受此字段' }]));
  });

  it('writes a rule violation (422) in Chinese, its field paths as a 400 writes them', async () => {
    const r = await send(apiEvent('createPlan', { body: samplePlanBody({ responseLevels: {} }), headers: { 'Accept-Language': 'zh-CN' } }));

    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'no-response-levels', title: '违反突发事件应对管理规定', detail: '预案须至少规定一个响应级别（第二十八条）。' });
    expect(r.body.errors).toEqual([{ path: 'body.responseLevels', message: '至少定义 I、II、III、IV 级中的一级' }]);
  });

  it('writes a 404 in Chinese with the id it could not find', async () => {
    const r = await call('getPlan', { params: { planId: 'no-such-plan-0001' }, headers: { 'Accept-Language': 'zh-CN' } });

    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ title: '未找到', detail: '未找到预案：no-such-plan-0001。' });
  });

  it('refuses an Idempotency-Key that is not visible ASCII, in the caller\'s language', async () => {
    const r = await send(apiEvent('createPlan', { body: samplePlanBody(), headers: { 'Idempotency-Key': 'plan 1', 'Accept-Language': 'zh-CN' } }));

    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ path: 'headers.idempotency-key', message: '应为 1 至 128 个可见 ASCII 字符' }]);
  });
});
