// The bad-input matrix, generated per route from the route table and the route's base request (base-requests.ts):
// malformed, oversized, wrongly typed and unknown-field bodies, path parameters and queries the route's own schemas
// refuse, missing, forged and expired tokens, every role the route does not allow, and foreign callers. A new route gets
// all of them without anyone editing a list; a route without a base request fails, naming it. Each case expects a 4xx
// problem+json with its code (naming exactly the faulty field where there is one) and that nothing is written.
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ROLES } from '../../shared/domain/actor.ts';
import { MAX_BODY_BYTES } from '../../shared/http/api.ts';
import { built, linkTo, type ApiFunction, type NamedRoute } from '../../shared/http/routes.ts';
import { baseRequestOf, exampleWorld, hasBaseRequest, missingBaseRequests, type BaseRequest, type World } from './base-requests.ts';
import { auditor, callerOfRole, citizen, countyOffice, foreignAuditor, officeWithoutDivision, otherCountyOffice, otherOrgMember, type Caller } from './callers.ts';
import { startTestPlatform, type HttpReply, type TestPlatform } from './http.ts';
import { buildWorld, type BuiltWorld } from './world.ts';

export type Route = NamedRoute;

export interface Request {
  method: string;
  path: string;
  caller: Caller | null;
  body?: unknown;
  rawBody?: string;
  headers: Record<string, string>;
}

export interface Expected {
  status: number | number[];
  code: string | string[];
  /** A field path that must appear in errors[], and no other. */
  path?: string;
}

export interface Case {
  name: string;
  request: () => Request;
  expected: Expected;
}

/**
 * What the cases of a matrix run against. Cases are generated before the fixture exists: until it does, `world` is
 * exampleWorld (base-requests.ts), whose ids only give the sample bodies their shape.
 */
export interface MatrixContext {
  world: World;
  /** A token of the county office signed with another key. */
  foreignKeyToken: string;
  /** A token of the county office that expired an hour ago. */
  expiredToken: string;
  /** Routes the world was built with an `Idempotency-Key: fixture-<route>` request of another body. */
  keyedRoutes: ReadonlySet<string>;
  /** Who sent each of those (a key is the caller's own): the reuse case is sent by them. */
  keyedCallers: ReadonlyMap<string, Caller>;
}

/** A request that passes the body's shape but must still be refused: a rule of who may do what, or of the domain. */
export type RuleCase = [what: string, request: (r: Route) => Request, expected: Expected];

export const paramNames = (r: Route) => [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
const shapeOf = (lazy: z.ZodMiniType | undefined): Record<string, z.ZodMiniType> => {
  const s = lazy && built(lazy);
  return s instanceof z.ZodMiniObject ? (s.shape as Record<string, z.ZodMiniType>) : {};
};
export const queryKeys = (r: Route) => Object.keys(shapeOf(r.query));
export const isPublic = (r: Route) => r.auth === 'public';
export const allows = (r: Route, role: string) => r.auth !== 'public' && (r.auth as readonly string[]).includes(role);

/**
 * Path parameter values a route's params schema may refuse (each one that it refuses is a 400 case), and values of the
 * right form that name nothing (the first one it accepts is the 404 case).
 */
const BAD_PARAMS = ['abc', 'bad id!00', 'x'.repeat(65), '0', '-1', '1.5', '100001', 'abcdefgh', 'abcdefgh.xml', 'abcdefgh.CAP', 'abc.cap', 'abcdefgh.cap.cap', `${'x'.repeat(65)}.cap`, 'bad id!00.cap', '../../etc/passwd.cap'];
const UNKNOWN_PARAMS = (name: string) => [`no-such-${name.replace(/Id$|File$/, '').toLowerCase()}-0001`, `no-such-${name.replace(/Id$|File$/, '').toLowerCase()}-0001.cap`, '99'];

/** Values of other types to put into a body field; the first one the body schema refuses at that field is the case. */
const WRONG_TYPES: unknown[] = [123, 'x', true, [], {}, null];
const NONE = Symbol('none');

function wrongTypeFor(schema: z.ZodMiniType, sample: Record<string, unknown>, field: string, value: unknown): unknown {
  const candidates = [typeof value === 'string' ? 123 : 'x', ...WRONG_TYPES.filter((w) => typeof w !== typeof value)];
  for (const wrong of candidates) {
    const r = schema.safeParse({ ...sample, [field]: wrong });
    if (!r.success && r.error.issues.every((i) => i.path.length === 1 && i.path[0] === field)) return wrong;
  }
  return NONE;
}

const cursorOf = (key: Record<string, string>) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
const forbiddenRole: Expected = { status: 403, code: 'forbidden-role' };
/** Whether a route names one record: a path variable, a query filter by a record's id, or a body reference (`ref`). */
function namesRecord(r: Route): boolean {
  const keysOf = (lazy: z.ZodMiniType | undefined): string[] => {
    const schema = lazy && built(lazy);
    return schema instanceof z.ZodMiniObject ? Object.keys(schema.shape as object) : [];
  };
  return paramNames(r).length > 0 || keysOf(r.query).some((k) => /Id$/.test(k)) || keysOf(r.body).includes('ref');
}

const notHere: Expected = { status: [403, 404], code: ['not-in-jurisdiction', 'not-found'] };
const short = (v: string) => JSON.stringify(v.length > 20 ? `${v.slice(0, 8)}...(${v.length})` : v);

/** The request a route's base request makes, with parts replaced; public routes are called without a token. */
export function requestOf(r: Route, base: BaseRequest, over: { params?: Record<string, string>; query?: Record<string, string>; caller?: Caller | null } = {}): Request {
  const params = { ...(base.params ?? {}), ...(over.params ?? {}) };
  const query = new URLSearchParams({ ...(base.query ?? {}), ...(over.query ?? {}) }).toString();
  const path = linkTo(r, params);
  const caller = over.caller !== undefined ? over.caller : base.caller !== undefined ? base.caller : isPublic(r) ? null : countyOffice;
  const req: Request = { method: r.method, path: query ? `${path}?${query}` : path, caller, headers: { ...(base.headers ?? {}) } };
  if (base.body !== undefined) req.body = base.body;
  return req;
}

/** Every generated case of one route, plus its rule cases. `ctx` is read when a case runs. */
export function casesOf(r: Route, ctx: () => MatrixContext, rules: readonly RuleCase[] = []): Case[] {
  const label = `${r.method} ${r.path}`;
  const cases: Case[] = [];
  const add = (what: string, request: () => Request, expected: Expected) => cases.push({ name: `${label}: ${what}`, request, expected });
  if (!hasBaseRequest(r.name)) {
    // One case that fails, naming the route, instead of a matrix that would prove nothing.
    add('has a base request', () => baseRequestOf(r.name, ctx().world) as never, { status: 400, code: 'none' });
    return cases;
  }
  const base = () => baseRequestOf(r.name, ctx().world);
  const baseRequest = (over: Parameters<typeof requestOf>[2] = {}) => requestOf(r, base(), over);
  const withCaller = (caller: Caller | null) => () => baseRequest({ caller });
  const withAuthorization = (value: () => string) => () => {
    const req = baseRequest({ caller: null });
    return { ...req, headers: { ...req.headers, Authorization: value() } };
  };
  const sample = () => base().body as Record<string, unknown>;

  // The method: every path refuses one it has no route for
  add('PATCH', () => ({ ...baseRequest(), method: 'PATCH' }), { status: 405, code: 'method-not-allowed' });

  // Who is calling
  if (!isPublic(r)) {
    add('no token', withCaller(null), { status: 401, code: 'unauthenticated' });
    add('a Basic instead of a Bearer token', withAuthorization(() => 'Basic b2ZmaWNlOnNlY3JldA=='), { status: 401, code: 'unauthenticated' });
    add('a token signed with another key', withAuthorization(() => `Bearer ${ctx().foreignKeyToken}`), { status: 401, code: 'unauthenticated' });
    add('an expired token', withAuthorization(() => `Bearer ${ctx().expiredToken}`), { status: 401, code: 'unauthenticated' });
    for (const role of ROLES.filter((x) => !allows(r, x))) add(`a token of role ${role}`, withCaller(callerOfRole[role]), forbiddenRole);
    add('an office token without a division', withCaller(officeWithoutDivision), forbiddenRole);
    // The stranger is of a role the route allows: the neighbouring county office where offices may call, else a user
    // of another organisation (routes of an organisation's own records, which offices do not use), else a citizen who
    // is not the owner (a citizen's own records).
    const stranger = allows(r, 'office') ? otherCountyOffice : allows(r, 'org') ? otherOrgMember : citizen;
    // Routes citizens may use hold records of their owner (a citizen has no division): foreign means another user's.
    if (allows(r, 'citizen')) {
      if (paramNames(r).length) add("another user's record", withCaller(stranger), { status: 404, code: 'not-found' });
    } else if (allows(r, 'office')) {
      // A route that names a record (in its path, its query or its body) may answer 404, as if it did not exist; a list
      // of a division named by its public code answers 403.
      add('the neighbouring county office (110108) on 110105', withCaller(otherCountyOffice), namesRecord(r) ? notHere : { status: 403, code: 'not-in-jurisdiction' });
      if (allows(r, 'auditor')) add('an auditor of the neighbouring county', withCaller(foreignAuditor), notHere);
    } else if (paramNames(r).length) {
      // An organisation's own record (a route without parameters creates the caller's own, so it has no stranger).
      add("another organisation's user on org-0001's record", withCaller(otherOrgMember), notHere);
    }
  }

  // Path parameters: what the route's own schema refuses, and a well-formed value that names nothing
  const paramShape = shapeOf(r.params);
  for (const name of paramNames(r)) {
    const schema = paramShape[name] ?? z.string();
    for (const value of BAD_PARAMS.filter((v) => !schema.safeParse(v).success)) {
      add(`{${name}} = ${short(value)}`, () => baseRequest({ params: { [name]: value } }), { status: 400, code: 'validation-failed', path: `params.${name}` });
    }
    const unknown = UNKNOWN_PARAMS(name).find((v) => schema.safeParse(v).success);
    if (!unknown) throw new Error(`No well-formed value naming nothing for {${name}} of ${r.name}: add one to UNKNOWN_PARAMS`);
    add(`{${name}} naming nothing`, () => baseRequest({ params: { [name]: unknown } }), { status: 404, code: 'not-found' });
  }

  // Query
  if (r.query) {
    const keys = queryKeys(r);
    if (keys.includes('limit')) {
      for (const limit of ['0', '101', 'abc', '-1', '1.5']) add(`limit=${limit}`, () => baseRequest({ query: { limit } }), { status: 400, code: 'validation-failed', path: 'query.limit' });
    }
    add('an unknown query parameter', () => baseRequest({ query: { colour: 'red' } }), { status: 400, code: 'validation-failed', path: 'query.colour' });
    if (keys.includes('cursor')) {
      add('a cursor this API never issued', () => baseRequest({ query: { cursor: 'bm90LWEtY3Vyc29y' } }), { status: 400, code: 'invalid-cursor' });
      add('a cursor of another list', () => baseRequest({ query: { cursor: cursorOf({ PK: 'PLAN#x', SK: 'HEAD', GSI1PK: 'PLANS#110105', GSI1SK: 'draft#x', GSI2PK: 'SUBOWNER#x', GSI2SK: 'x' }) } }), {
        status: 400,
        code: 'invalid-cursor',
      });
      add('a cursor of 2049 characters', () => baseRequest({ query: { cursor: 'c'.repeat(2049) } }), { status: 400, code: 'validation-failed', path: 'query.cursor' });
    }
    const shape = shapeOf(r.query);
    for (const key of keys.filter((k) => k !== 'limit' && k !== 'cursor' && !shape[k]!.safeParse('abc').success)) {
      add(`${key}=abc`, () => baseRequest({ query: { [key]: 'abc' } }), { status: 400, code: 'validation-failed', path: `query.${key}` });
    }
  }

  // Body. Built when the case runs, so the sample carries the fixture's ids and each request has exactly one fault.
  if (r.body) {
    const withBody = (patchOf: () => Partial<Request>) => () => {
      const req = baseRequest();
      const patch = patchOf();
      return { ...req, body: undefined, ...patch, headers: { ...req.headers, ...patch.headers } };
    };
    add('malformed JSON', withBody(() => ({ rawBody: '{"title": "Gas explosion",' })), { status: 400, code: 'malformed-json' });
    add('no body', withBody(() => ({ rawBody: '' })), { status: 400, code: 'validation-failed', path: 'body' });
    add('a JSON array', withBody(() => ({ rawBody: '[]' })), { status: 400, code: 'validation-failed', path: 'body' });
    add('JSON null', withBody(() => ({ rawBody: 'null' })), { status: 400, code: 'validation-failed', path: 'body' });
    add('a JSON string', withBody(() => ({ rawBody: '"terminate"' })), { status: 400, code: 'validation-failed', path: 'body' });
    add(`a body over ${MAX_BODY_BYTES} bytes`, withBody(() => ({ rawBody: JSON.stringify({ ...sample(), padding: 'x'.repeat(MAX_BODY_BYTES) }) })), { status: 413, code: 'payload-too-large' });
    add('a __proto__ field', withBody(() => ({ rawBody: JSON.stringify(sample()).replace(/^\{/, '{"__proto__":{"polluted":true},') })), {
      status: 400,
      code: 'validation-failed',
      path: 'body.__proto__',
    });
    add('a text/plain body', withBody(() => ({ rawBody: JSON.stringify(sample()), headers: { 'Content-Type': 'text/plain' } })), { status: 415, code: 'unsupported-media-type' });
    add('an unknown field', withBody(() => ({ body: { ...sample(), unexpectedField: 1 } })), { status: 400, code: 'validation-failed', path: 'body.unexpectedField' });
    for (const [field, value] of Object.entries(sample())) {
      const wrong = wrongTypeFor(r.body, sample(), field, value);
      if (wrong === NONE) throw new Error(`No value of a wrong type is refused for body.${field} of ${r.name}: add one to WRONG_TYPES`);
      add(`${field}: ${JSON.stringify(wrong)}`, withBody(() => ({ body: { ...sample(), [field]: wrong } })), { status: 400, code: 'validation-failed', path: `body.${field}` });
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        add(`an unknown field in ${field}`, withBody(() => ({ body: { ...sample(), [field]: { ...(sample()[field] as object), unexpectedField: 1 } } })), {
          status: 400,
          code: 'validation-failed',
          path: `body.${field}.unexpectedField`,
        });
      }
    }
  }

  // Preconditions and idempotency keys
  if (r.ifMatch === 'required') {
    add('no If-Match', () => {
      const req = baseRequest();
      delete req.headers['If-Match'];
      return req;
    }, { status: 428, code: 'precondition-required' });
  }
  if (r.ifMatch) {
    add('an If-Match this API never issued', () => ({ ...baseRequest(), headers: { 'If-Match': 'yesterday' } }), { status: 412, code: 'precondition-failed' });
    add('a stale If-Match', () => ({ ...baseRequest(), headers: { 'If-Match': '"999"' } }), { status: 412, code: 'precondition-failed' });
  }
  if (r.idempotent) {
    for (const key of ['two words', 'k'.repeat(129)]) {
      add(`Idempotency-Key of ${key.length} characters with ${key.includes(' ') ? 'a space' : 'no space'}`, () => {
        const req = baseRequest();
        return { ...req, headers: { ...req.headers, 'Idempotency-Key': key } };
      }, { status: 400, code: 'validation-failed', path: 'headers.idempotency-key' });
    }
    add('the Idempotency-Key of an earlier request with another body', () => {
      if (!ctx().keyedRoutes.has(r.name)) throw new Error(`The world made no request of ${r.name} with Idempotency-Key fixture-${r.name}: add one to test/support/world.ts`);
      const req = baseRequest();
      const caller = ctx().keyedCallers.get(r.name) ?? req.caller;
      return { ...req, ...(caller ? { caller } : {}), headers: { ...req.headers, 'Idempotency-Key': `fixture-${r.name}` } };
    }, { status: 422, code: 'idempotency-key-reused' });
  }

  for (const [what, request, expected] of rules) add(what, () => request(r), expected);
  return cases;
}

export function sendRequest(platform: TestPlatform, req: Request): Promise<HttpReply> {
  return platform.call(req.method, req.path, {
    caller: req.caller,
    headers: req.headers,
    ...(req.rawBody !== undefined ? { rawBody: req.rawBody } : {}),
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
}

/** A clear refusal: the expected 4xx (never 5xx) as problem+json with its code, naming the faulty field and no other. */
export function expectRefusal(res: { status: number; headers: Headers; body: any }, expected: Expected): void {
  const statuses = ([] as number[]).concat(expected.status);
  expect(statuses, `status ${res.status}: ${JSON.stringify(res.body)}`).toContain(res.status);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(([] as string[]).concat(expected.code)).toContain(res.body.code);
  expect(res.body).toMatchObject({ status: res.status, type: expect.stringContaining(res.body.code), title: expect.any(String) });
  // Each request carries exactly one fault.
  if (expected.path) expect([...new Set(res.body.errors?.map((e: { path: string }) => e.path))], JSON.stringify(res.body.errors)).toEqual([expected.path]);
}

export interface SuiteOptions {
  /** What the suite covers, for the describe titles. */
  title: string;
  routes: Route[];
  /** Functions the routes must include (guards the route filter). */
  covers: readonly ApiFunction[];
  /** Rule cases per route (a request that passes the shape but breaks a rule). */
  rules?: (r: Route, ctx: () => MatrixContext) => readonly RuleCase[];
  /** Writes of the final acceptance test run in this order (reads first, unlisted writes last). */
  writeOrder: readonly string[];
}

/**
 * The whole matrix as vitest suites: the world built over HTTP, every case against it (the table, the local SNS's
 * subscriptions and the alerts published must stay as they were), then each base request sent as is, which must
 * succeed with the route's status and a body its response schema describes (or the cases would prove nothing).
 */
export function badInputSuite(opts: SuiteOptions): void {
  let platform: TestPlatform;
  let built: BuiltWorld | undefined;
  const ctx = (): MatrixContext => built ?? { world: exampleWorld, foreignKeyToken: '', expiredToken: '', keyedRoutes: new Set(), keyedCallers: new Map() };
  const cases = opts.routes.flatMap((r) => casesOf(r, ctx, opts.rules?.(r, ctx) ?? []));

  /** Everything a request could change: the table, the SNS subscriptions and what went out on the alerts topic. */
  const state = async () => ({
    table: await platform.dump(),
    snsSubscriptions: platform.sns.subscriptions().sort((a, b) => (a.subscriptionArn < b.subscriptionArn ? -1 : 1)),
    alertsPublished: platform.sink.alerts.length,
  });

  beforeAll(async () => {
    platform = await startTestPlatform();
    built = await buildWorld(platform);
  });
  afterAll(async () => {
    await platform?.close();
  });

  describe(`the bad-input matrix covers every route of ${opts.title}`, () => {
    it('has a base request for every route, each one the route accepts, and cases for every route', () => {
      expect([...new Set(opts.routes.map((r) => r.fn))]).toEqual(expect.arrayContaining([...opts.covers]));
      expect(missingBaseRequests(opts.routes.map((r) => r.name)), 'routes without a base request in test/support/base-requests.ts').toEqual([]);
      for (const r of opts.routes.filter((x) => x.body)) {
        const parsed = r.body!.safeParse(baseRequestOf(r.name, built!.world).body);
        expect(parsed.success, `${r.name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      }
      expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
      for (const r of opts.routes) expect(cases.some((c) => c.name.startsWith(`${r.method} ${r.path}: `)), r.name).toBe(true);
    });
  });

  describe('bad input gets a clear 4xx and writes nothing', () => {
    // What the previous case left behind (equal to what it found, unless it failed): saves one table scan per case.
    let last: Awaited<ReturnType<typeof state>> | undefined;

    it.each(cases)('$name', async ({ request, expected }) => {
      // Prepare
      const req = request();
      const before = last ?? (await state());

      // Act
      const res = await sendRequest(platform, req);

      // Assess
      const after = await state();
      last = after;
      if (!isDeepStrictEqual(after, before)) {
        // Something got through: let the relay finish with it and look afresh, so the next case is judged on its own.
        await platform.poller.idle();
        last = undefined;
      }
      expectRefusal(res, expected);
      expect(after).toEqual(before);
    });
  });

  describe('the requests the matrix distorts are valid ones', () => {
    // Run last: these change the world. Reads first, then the writes in an order the life cycles allow.
    const rank = (r: Route) => (r.method === 'GET' ? -1 : opts.writeOrder.includes(r.name) ? opts.writeOrder.indexOf(r.name) : opts.writeOrder.length);

    it('lets the auditor of 110105 read what the foreign auditor was refused', async () => {
      // Routes without a base request fail above, each by name; these two look at the others.
      for (const r of opts.routes.filter((x) => hasBaseRequest(x.name) && allows(x, 'auditor') && !allows(x, 'citizen'))) {
        const res = await sendRequest(platform, requestOf(r, baseRequestOf(r.name, built!.world), { caller: auditor }));
        expect(res.status, `${r.name}: ${JSON.stringify(res.body)}`).toBe(r.response.status);
      }
    });

    it('accepts each base request, answering with its status and a body its response schema describes', async () => {
      for (const r of opts.routes.filter((x) => hasBaseRequest(x.name)).sort((a, b) => rank(a) - rank(b))) {
        await built!.refresh();
        // The response contract is checked by platform.call; a violation throws here.
        const res = await sendRequest(platform, requestOf(r, baseRequestOf(r.name, built!.world)));
        expect(res.status, `${r.name}: ${JSON.stringify(res.body)}`).toBe(r.response.status);
        if (r.response.schema) expect(r.response.schema.safeParse(res.body).success, r.name).toBe(true);
        if (r.name === 'transitionWarning') built!.world.etag.warning = res.headers.get('etag')!;
      }
    });
  });
}
