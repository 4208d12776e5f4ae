// The bad-input matrix over real HTTP, generated from the route table: for every signed-in route of the plans function,
// malformed, oversized, wrongly typed and unknown-field bodies, bad ids and queries, missing or wrong tokens, wrong
// roles and foreign divisions each get a clear 4xx problem+json with a code, never a 5xx, and write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { routeList } from '../../shared/http/routes.ts';
import { localClient } from '../../infra/local/dynamo.ts';
import { MAX_BODY_BYTES } from '../../shared/http/api.ts';
import { citizen, cityOffice, countyOffice, otherCountyOffice, samplePlanBody, type Caller } from '../support/api-events.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';
import { expectRefusal, paramNames, queryKeys, sendRequest, tableDump, type Case, type Expected, type Request, type Route } from '../support/bad-input.ts';


const orgMember: Caller = { sub: 'org-member-1', roles: ['org'], orgId: 'org-0001' };
const auditor: Caller = { sub: 'auditor-1', roles: ['auditor'] };
const officeWithoutDivision: Caller = { sub: 'office-unassigned', roles: ['office'] };

/** The routes under test: every signed-in route of the plans function, so a new route is covered the day it is added. */
const signedInRoutes: Route[] = routeList.filter((r) => r.fn === 'plans' && r.auth !== 'public');

// One plan in force with one unevaluated drill, both of division 110105; every request below targets them.
const fixture = { planId: '', drillId: '', etag: '' };

/** Request bodies each route accepts from the county office, and which would change something if they got through. */
const sampleBodies: Record<string, () => Record<string, unknown>> = {
  createPlan: () => samplePlanBody(),
  revisePlan: () => {
    const { title: _t, type: _ty, category: _c, divisionCode: _d, ...content } = samplePlanBody();
    return { ...content, title: 'Flood emergency plan, revised' };
  },
  transitionPlan: () => ({ action: 'file' }),
  recordDrill: () => ({ conductedAt: new Date(Date.now() - 86_400_000).toISOString(), scenario: 'Levee breach at night', participants: 40 }),
  evaluateDrill: () => ({ findings: ['Evacuation took 40 minutes'], revisionNeeded: true }),
};

const sampleParams: Record<string, () => string> = {
  planId: () => fixture.planId,
  drillId: () => fixture.drillId,
  version: () => '1',
};
/** Malformed values per path parameter (400), and a well-formed one that names nothing (404). */
const badParams: Record<string, { invalid: string[]; unknown: string }> = {
  planId: { invalid: ['abc', 'bad id!00', 'x'.repeat(65)], unknown: 'no-such-plan-0001' },
  drillId: { invalid: ['abc', 'bad id!00', 'x'.repeat(65)], unknown: 'no-such-drill-0001' },
  version: { invalid: ['0', '-1', 'abc', '1.5', '100001'], unknown: '99' },
};



/** The request of a route that the county office would have accepted. */
function baseRequest(r: Route, over: { params?: Record<string, string>; query?: Record<string, string> } = {}): Request {
  const params = Object.fromEntries(paramNames(r).map((n) => [n, sampleParams[n]!()]));
  Object.assign(params, over.params);
  const path = r.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(params[n]!));
  const query = new URLSearchParams();
  if (queryKeys(r).includes('division')) query.set('division', '110105');
  if (queryKeys(r).includes('limit')) query.set('limit', '10');
  for (const [k, v] of Object.entries(over.query ?? {})) query.set(k, v);
  const qs = query.toString();
  const req: Request = { method: r.method, path: qs ? `${path}?${qs}` : path, caller: countyOffice, headers: {} };
  if (r.body) req.body = sampleBodies[r.name]!();
  if (r.ifMatch) req.headers['If-Match'] = fixture.etag;
  return req;
}


function casesOf(r: Route): Case[] {
  const label = `${r.method} ${r.path}`;
  const cases: Case[] = [];
  const add = (what: string, request: () => Request, expected: Expected) => cases.push({ name: `${label}: ${what}`, request, expected });
  const withCaller = (caller: Caller | null) => () => ({ ...baseRequest(r), caller });

  // Who is calling
  add('no token', withCaller(null), { status: 401, code: 'unauthenticated' });
  add('a Basic instead of a Bearer token', () => ({ ...baseRequest(r), caller: null, headers: { ...baseRequest(r).headers, Authorization: 'Basic b2ZmaWNlOnNlY3JldA==' } }), {
    status: 401,
    code: 'unauthenticated',
  });
  for (const [name, caller] of [['a citizen', citizen], ['an organization', orgMember], ['an auditor', auditor]] as const) {
    add(`${name} token`, withCaller(caller), { status: 403, code: 'forbidden-role' });
  }
  add('an office token without a division', withCaller(officeWithoutDivision), { status: 403, code: 'forbidden-role' });
  add(
    'the neighbouring county office (110108) on 110105',
    withCaller(otherCountyOffice),
    paramNames(r).length ? { status: [403, 404], code: ['not-in-jurisdiction', 'not-found'] } : { status: 403, code: 'not-in-jurisdiction' },
  );
  if (r.method !== 'GET') add('the city office above, which may read but not write', withCaller(cityOffice), { status: 403, code: 'not-in-jurisdiction' });

  // Path parameters
  for (const name of paramNames(r)) {
    const bad = badParams[name];
    if (!bad) throw new Error(`No bad values for path parameter {${name}}: add them to badParams`);
    for (const value of bad.invalid) {
      add(`{${name}} = ${JSON.stringify(value.length > 20 ? `${value.slice(0, 8)}...(${value.length})` : value)}`, () => baseRequest(r, { params: { [name]: value } }), {
        status: 400,
        code: 'validation-failed',
        path: `params.${name}`,
      });
    }
    add(`{${name}} naming nothing`, () => baseRequest(r, { params: { [name]: bad.unknown } }), { status: 404, code: 'not-found' });
  }

  // Query
  if (r.query) {
    for (const limit of ['0', '101', 'abc', '-1']) {
      add(`limit=${limit}`, () => baseRequest(r, { query: { limit } }), { status: 400, code: 'validation-failed', path: 'query.limit' });
    }
    add('an unknown query parameter', () => baseRequest(r, { query: { colour: 'red' } }), { status: 400, code: 'validation-failed', path: 'query.colour' });
    add('a cursor this API never issued', () => baseRequest(r, { query: { cursor: 'bm90LWEtY3Vyc29y' } }), { status: 400, code: 'invalid-cursor' });
    if (queryKeys(r).includes('division')) {
      add('division=abc', () => baseRequest(r, { query: { division: 'abc' } }), { status: 400, code: 'validation-failed', path: 'query.division' });
    }
  }

  // Body
  if (r.body) {
    const withBody = (patch: Partial<Request>) => () => ({ ...baseRequest(r), body: undefined, ...patch, headers: { ...baseRequest(r).headers, ...patch.headers } });
    add('malformed JSON', withBody({ rawBody: '{"title": "Flood plan",' }), { status: 400, code: 'malformed-json' });
    add('no body', withBody({ rawBody: '' }), { status: 400, code: 'validation-failed', path: 'body' });
    add('a JSON array', withBody({ rawBody: '[]' }), { status: 400, code: 'validation-failed', path: 'body' });
    add('JSON null', withBody({ rawBody: 'null' }), { status: 400, code: 'validation-failed', path: 'body' });
    add(`a body over ${MAX_BODY_BYTES} bytes`, withBody({ rawBody: JSON.stringify({ ...sampleBodies[r.name]!(), padding: 'x'.repeat(MAX_BODY_BYTES) }) }), {
      status: 413,
      code: 'payload-too-large',
    });
    add('a text/plain body', withBody({ rawBody: JSON.stringify(sampleBodies[r.name]!()), headers: { 'Content-Type': 'text/plain' } }), {
      status: 415,
      code: 'unsupported-media-type',
    });
    add('an unknown field', withBody({ body: { ...sampleBodies[r.name]!(), unexpectedField: 1 } }), { status: 400, code: 'validation-failed', path: 'body.unexpectedField' });
    for (const [field, value] of Object.entries(sampleBodies[r.name]?.() ?? {})) {
      const wrong = typeof value === 'string' ? 123 : 'x';
      add(`${field}: ${JSON.stringify(wrong)}`, withBody({ body: { ...sampleBodies[r.name]!(), [field]: wrong } }), {
        status: 400,
        code: 'validation-failed',
        path: `body.${field}`,
      });
    }
  }

  // Preconditions and idempotency keys
  if (r.ifMatch === 'required') {
    add('no If-Match', () => {
      const req = baseRequest(r);
      delete req.headers['If-Match'];
      return req;
    }, { status: 428, code: 'precondition-required' });
  }
  if (r.ifMatch) {
    add('an If-Match this API never issued', () => ({ ...baseRequest(r), headers: { 'If-Match': 'yesterday' } }), { status: 412, code: 'precondition-failed' });
    add('a stale If-Match', () => ({ ...baseRequest(r), headers: { 'If-Match': '"999"' } }), { status: 412, code: 'precondition-failed' });
  }
  if (r.idempotent) {
    for (const key of ['two words', 'k'.repeat(129)]) {
      add(`Idempotency-Key of ${key.length} characters with ${key.includes(' ') ? 'a space' : 'no space'}`, () => ({ ...baseRequest(r), headers: { ...baseRequest(r).headers, 'Idempotency-Key': key } }), {
        status: 400,
        code: 'validation-failed',
        path: 'headers.idempotency-key',
      });
    }
  }
  return cases;
}

const cases = signedInRoutes.flatMap(casesOf);

let platform: TestPlatform;
let db: DynamoDBDocumentClient;



beforeAll(async () => {
  platform = await startTestPlatform();
  db = DynamoDBDocumentClient.from(localClient(platform.dynamoEndpoint));
  const created = await platform.call('POST', '/v1/plans', { caller: countyOffice, body: samplePlanBody() });
  fixture.planId = created.body.planId;
  for (const action of ['submit', 'approve', 'publish']) {
    const r = await platform.call('POST', `/v1/plans/${fixture.planId}/transitions`, { caller: countyOffice, body: { action } });
    if (r.status !== 200) throw new Error(`${action}: ${r.status}`);
  }
  const drill = await platform.call('POST', `/v1/plans/${fixture.planId}/drills`, { caller: countyOffice, body: sampleBodies['recordDrill']!() });
  fixture.drillId = drill.body.drillId;
  fixture.etag = (await platform.call('GET', `/v1/plans/${fixture.planId}`, { caller: countyOffice })).headers.get('etag')!;
  // The relay marks the outbox item published; let it finish so the table holds still.
  await platform.poller.idle();
});
afterAll(async () => {
  db?.destroy();
  await platform?.close();
});

describe('the bad-input matrix covers every signed-in route', () => {
  it('has a sample body for every route with a body, and each sample is one the route accepts', () => {
    for (const r of signedInRoutes.filter((x) => x.body)) {
      expect(sampleBodies[r.name], `sample body for ${r.name}`).toBeDefined();
      expect(r.body!.safeParse(sampleBodies[r.name]!()).success, r.name).toBe(true);
    }
    expect(signedInRoutes.length).toBeGreaterThanOrEqual(10);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
});

describe('bad input gets a clear 4xx and writes nothing', () => {
  it.each(cases)('$name', async ({ request, expected }) => {
    // Prepare
    const req = request();
    const before = await tableDump(db, platform.tableName);

    // Act
    const res = await sendRequest(platform, req);

    // Assess
    expectRefusal(res, expected);
    expect(await tableDump(db, platform.tableName)).toEqual(before);
  });
});

describe('the requests the matrix distorts are valid ones', () => {
  // Run last: these change the fixture. Each base request must succeed for the right caller, or the cases above
  // would prove nothing. Reads first, then the writes in an order the plan's life cycle allows.
  const order = ['transitionPlan', 'recordDrill', 'evaluateDrill', 'revisePlan', 'createPlan'];
  const rank = (r: Route) => (r.method === 'GET' ? -1 : order.includes(r.name) ? order.indexOf(r.name) : order.length);
  it('accepts each base request from the county office', async () => {
    for (const r of [...signedInRoutes].sort((a, b) => rank(a) - rank(b))) {
      if (r.ifMatch) fixture.etag = (await platform.call('GET', `/v1/plans/${fixture.planId}`, { caller: countyOffice })).headers.get('etag')!;
      const res = await sendRequest(platform, baseRequest(r));
      expect(res.status, `${r.name}: ${JSON.stringify(res.body)}`).toBe(r.response.status);
    }
  });
});
