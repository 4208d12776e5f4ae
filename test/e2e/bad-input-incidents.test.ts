// The bad-input matrix of incidents, warnings, graded response, public disclosure and subscriptions, over real HTTP and
// generated from the route table like the plans matrix (bad-input.test.ts): every route outside the plans and health
// functions gets malformed, oversized, wrongly typed and unknown-field bodies, bad ids, queries and CAP file names,
// missing or foreign tokens, wrong roles and foreign divisions. Each answer is a 4xx problem+json with a code, never a
// 5xx, and nothing is written: not to the table, not to the local SNS's subscriptions, not to the alerts topic.
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { routeList } from '../../shared/http/routes.ts';
import { signToken } from '../../infra/local/auth.ts';
import { localClient } from '../../infra/local/dynamo.ts';
import { ROLES } from '../../shared/domain/actor.ts';
import { MAX_BODY_BYTES } from '../../shared/http/api.ts';
import { citizen, cityOffice, countyOffice, otherCountyOffice, type Caller } from '../support/api-events.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';
import { expectRefusal, paramNames, queryKeys, sendRequest, tableDump, type Case, type Expected, type Request, type Route } from '../support/bad-input.ts';


const orgMember: Caller = { sub: 'org-member-1', roles: ['org'], orgId: 'org-0001' };
const auditor: Caller = { sub: 'auditor-110105', roles: ['auditor'], division: '110105' };
const foreignAuditor: Caller = { sub: 'auditor-110108', roles: ['auditor'], division: '110108' };
const officeWithoutDivision: Caller = { sub: 'office-unassigned', roles: ['office'] };
const townshipOffice: Caller = { sub: 'office-110105001', roles: ['office'], division: '110105001', level: 'township' };
const roleCallers: Record<string, Caller> = { citizen, org: orgMember, auditor };

/** Every route the plans matrix does not cover, but health's two input-free reads: a new function is covered the day it is added. */
const routesUnderTest: Route[] = routeList.filter((r) => r.fn !== 'plans' && r.fn !== 'health');

/**
 * The world every request below targets, all of division 110105: an accident plan in force; incident A (reported,
 * severity IV) with warning W and a release; incident R with an active level IV response led by the county; a
 * social-security incident; the county office's alert subscription S. Each creating fixture was sent with the
 * Idempotency-Key `fixture-<route>`, so a reuse of that key with the matrix's own body can be tried.
 */
const fixture = {
  planId: '',
  incidentA: '',
  incidentR: '',
  socialSecurityIncident: '',
  warningId: '',
  subscriptionId: '',
  etagA: '',
  etagR: '',
  etagW: '',
  foreignKeyToken: '',
  expiredToken: '',
};

const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();
const SUBSCRIBED_EMAIL = 'duty.officer@example.org';

/** Request bodies each route accepts from the county office, and which would change something if they got through. */
const sampleBodies: Record<string, () => Record<string, unknown>> = {
  reportIncident: () => ({
    category: 'accident',
    type: 'gas-explosion',
    title: 'Gas explosion in a residential block',
    divisionCode: '110105',
    occurredAt: hourAgo(),
    location: { lat: 39.92, lng: 116.44, address: 'Jianguo Road, Chaoyang' },
    casualties: { deaths: 2, missing: 0, injured: 5, seriouslyInjured: 1 },
    directLossFen: 1_000_000,
    affectedPopulation: 300,
    description: 'Gas explosion on the third floor; two dead.',
  }),
  followUpIncident: () => ({ casualties: { deaths: 2, missing: 1, injured: 7, seriouslyInjured: 2 }, directLossFen: 2_000_000, affectedPopulation: 350, note: 'Second count' }),
  issueWarning: () => ({
    level: '4',
    startsAt: new Date().toISOString(),
    area: { divisions: ['110105'], description: 'Chaoyang District' },
    hazards: ['Further gas leaks possible'],
    measures: ['Keep away from Jianguo Road'],
    title: { 'zh-CN': '朝阳区燃气泄漏蓝色预警', en: 'Blue warning: gas leaks, Chaoyang' },
  }),
  transitionWarning: () => ({ action: 'adjust', level: '2', reason: 'Leak spreading' }),
  activateResponse: () => ({
    planId: fixture.planId,
    planVersion: 1,
    level: 'IV',
    matters: 'Rescue, gas shut-off and evacuation of the block',
    expectedDuration: '48h',
    measures: ['Evacuate the block'],
    basis: { metric: 'deaths' },
  }),
  transitionResponse: () => ({ action: 'terminate', reason: 'Gas shut off, block safe' }),
  createRelease: () => ({
    title: { 'zh-CN': '关于建国路燃气爆炸的通报', en: 'Gas explosion on Jianguo Road' },
    body: { 'zh-CN': '救援工作正在进行。', en: 'Rescue work is under way.' },
  }),
  createSubscription: () => ({ protocol: 'email', endpoint: 'new.officer@example.org', filter: { divisionPrefix: '1101', minLevel: '2' } }),
};

/** Path parameters of the base requests; the response transition targets the incident whose response is active. */
function sampleParam(r: Route, name: string): string {
  switch (name) {
    case 'incidentId':
      return r.name === 'transitionResponse' ? fixture.incidentR : fixture.incidentA;
    case 'warningId':
      return fixture.warningId;
    case 'subscriptionId':
      return fixture.subscriptionId;
    case 'warningFile':
      return `${fixture.warningId}.cap`;
    default:
      throw new Error(`No sample value for path parameter {${name}}: add it to sampleParam`);
  }
}

const ETAG_OF: Record<string, () => string> = {
  followUpIncident: () => fixture.etagA,
  activateResponse: () => fixture.etagA,
  transitionResponse: () => fixture.etagR,
  transitionWarning: () => fixture.etagW,
};

/** Malformed values per path parameter (400), and a well-formed one that names nothing (404). */
const ids = { invalid: ['abc', 'bad id!00', 'x'.repeat(65)] };
const badParams: Record<string, { invalid: string[]; unknown: string }> = {
  incidentId: { ...ids, unknown: 'no-such-incident-0001' },
  warningId: { ...ids, unknown: 'no-such-warning-0001' },
  subscriptionId: { ...ids, unknown: 'no-such-subscription-0001' },
  warningFile: {
    invalid: ['abcdefgh', 'abcdefgh.xml', 'abcdefgh.CAP', 'abc.cap', 'abcdefgh.cap.cap', `${'x'.repeat(65)}.cap`, 'bad id!00.cap', '../../etc/passwd.cap'],
    unknown: 'no-such-warning-0001.cap',
  },
};

const isPublic = (r: Route) => r.auth === 'public';
const allows = (r: Route, role: string) => r.auth !== 'public' && (r.auth as readonly string[]).includes(role);
const cursorOf = (key: Record<string, string>) => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');


/** The request of a route that the county office (or, on public routes, anyone) would have accepted. */
function baseRequest(r: Route, over: { params?: Record<string, string>; query?: Record<string, string>; caller?: Caller | null } = {}): Request {
  const params = Object.fromEntries(paramNames(r).map((n) => [n, sampleParam(r, n)]));
  Object.assign(params, over.params);
  const path = r.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(params[n]!));
  const query = new URLSearchParams();
  if (queryKeys(r).includes('division')) query.set('division', '110105');
  if (queryKeys(r).includes('limit')) query.set('limit', '10');
  for (const [k, v] of Object.entries(over.query ?? {})) query.set(k, v);
  const qs = query.toString();
  const caller = over.caller !== undefined ? over.caller : isPublic(r) ? null : countyOffice;
  const req: Request = { method: r.method, path: qs ? `${path}?${qs}` : path, caller, headers: {} };
  if (r.body) req.body = sampleBodies[r.name]!();
  if (r.ifMatch) req.headers['If-Match'] = ETAG_OF[r.name]!();
  return req;
}


const forbiddenRole = { status: 403, code: 'forbidden-role' };
const notHere = { status: [403, 404], code: ['not-in-jurisdiction', 'not-found'] };

/** Requests that pass the body's shape but must still be refused: rules of who may do what (3, 5, 6, 7) and values no real request carries. */
const ruleCases: Record<string, [string, (r: Route) => Request, Expected][]> = {
  reportIncident: [
    ['an incident in the neighbouring division 110108', (r) => ({ ...baseRequest(r), body: { ...sampleBodies['reportIncident']!(), divisionCode: '110108' } }), { status: 403, code: 'not-in-jurisdiction' }],
    ['a township office reporting for its county', (r) => baseRequest(r, { caller: townshipOffice }), { status: 403, code: 'not-in-jurisdiction' }],
    ['an incident that occurs tomorrow', (r) => ({ ...baseRequest(r), body: { ...sampleBodies['reportIncident']!(), occurredAt: new Date(Date.now() + 86_400_000).toISOString() } }), {
      status: 422,
      code: 'occurred-in-future',
      path: 'body.occurredAt',
    }],
    [
      'a severity override on a social-security incident',
      (r) => ({ ...baseRequest(r), body: { ...sampleBodies['reportIncident']!(), category: 'social-security', severityOverride: { level: 'IV', reason: 'x' } } }),
      { status: 422, code: 'social-security-not-graded', path: 'body.severityOverride' },
    ],
  ],
  issueWarning: [
    ['a township office (rule 3)', (r) => baseRequest(r, { caller: townshipOffice }), { status: 422, code: 'issuer-below-county' }],
    [
      'an area reaching into the neighbouring division (rule 3)',
      (r) => ({ ...baseRequest(r), body: { ...sampleBodies['issueWarning']!(), area: { divisions: ['110105', '110108'] } } }),
      { status: 422, code: 'area-outside-jurisdiction', path: 'body.area.divisions' },
    ],
    ['a social-security incident (rule 5)', (r) => baseRequest(r, { params: { incidentId: fixture.socialSecurityIncident } }), { status: 422, code: 'no-warning-for-social-security' }],
    // Year 0000 at +14:00 is a UTC instant before year 1: stored as "-000001-12-31T10:00:00.000Z", it makes the public CAP
    // document schema-invalid (<onset>-000001-12-31T18:00+08:00</onset>).
    ['a start in year 0000', (r) => ({ ...baseRequest(r), body: { ...sampleBodies['issueWarning']!(), startsAt: '0000-01-01T00:00:00+14:00' } }), {
      status: 400,
      code: 'validation-failed',
      path: 'body.startsAt',
    }],
  ],
  transitionWarning: [
    ['the city office above, which did not issue it (rule 3)', (r) => baseRequest(r, { caller: cityOffice }), { status: 403, code: 'not-in-jurisdiction' }],
    ['an adjustment that changes nothing', (r) => ({ ...baseRequest(r), body: { action: 'adjust', reason: 'No change' } }), { status: 422, code: 'empty-adjustment' }],
  ],
  activateResponse: [
    ['level III by a county under a plan requiring a city (rule 7)', (r) => ({ ...baseRequest(r), body: { ...sampleBodies['activateResponse']!(), level: 'III' } }), { status: 422, code: 'insufficient-authority' }],
    ['a second activation of an active response', (r) => ({ ...baseRequest(r, { params: { incidentId: fixture.incidentR } }), headers: {} }), { status: 409, code: 'invalid-transition' }],
    ['a plan version that does not exist (rule 6)', (r) => ({ ...baseRequest(r), body: { ...sampleBodies['activateResponse']!(), planVersion: 9 } }), {
      status: 422,
      code: 'plan-version-not-found',
      path: 'body.planVersion',
    }],
    ['a threshold the incident does not meet (rule 6)', (r) => ({ ...baseRequest(r), body: { ...sampleBodies['activateResponse']!(), basis: { metric: 'affectedPopulation' } } }), {
      status: 422,
      code: 'threshold-not-met',
      path: 'body.basis.metric',
    }],
  ],
  transitionResponse: [
    ['termination by the city office, which does not lead the response (rule 7)', (r) => baseRequest(r, { caller: cityOffice }), { status: 403, code: 'not-in-jurisdiction' }],
    ['a level change to III by the county under a plan requiring a city (rule 7)', (r) => ({ ...baseRequest(r), body: { action: 'change-level', level: 'III', reason: 'More deaths' } }), {
      status: 422,
      code: 'insufficient-authority',
    }],
    ['a hand-over to the county leading it already', (r) => ({ ...baseRequest(r), body: { action: 'hand-over', reason: 'x' } }), { status: 403, code: 'not-in-jurisdiction' }],
  ],
  createSubscription: [
    ['an https endpoint SNS refuses', (r) => ({ ...baseRequest(r), body: { protocol: 'https', endpoint: 'https://[::1' } }), { status: 400, code: 'validation-failed', path: 'body.endpoint' }],
    ['an endpoint subscribed already with another filter', (r) => ({ ...baseRequest(r), body: { protocol: 'email', endpoint: SUBSCRIBED_EMAIL, filter: { minLevel: '4' } } }), {
      status: 409,
      code: 'already-subscribed',
    }],
    ['an sms endpoint that is not a phone number', (r) => ({ ...baseRequest(r), body: { protocol: 'sms', endpoint: '139-1234-5678' } }), { status: 400, code: 'validation-failed', path: 'body.endpoint' }],
    // A lone UTF-16 surrogate passes the e-mail pattern, then the SNS client cannot URI-encode it (URIError).
    ['an e-mail endpoint with a lone surrogate', (r) => ({ ...baseRequest(r), body: { protocol: 'email', endpoint: 'duty\ud800@example.org' } }), {
      status: 400,
      code: 'validation-failed',
      path: 'body.endpoint',
    }],
  ],
};

function casesOf(r: Route): Case[] {
  const label = `${r.method} ${r.path}`;
  const cases: Case[] = [];
  const add = (what: string, request: () => Request, expected: Expected) => cases.push({ name: `${label}: ${what}`, request, expected });
  const withCaller = (caller: Caller | null) => () => baseRequest(r, { caller });
  const withAuthorization = (value: () => string) => () => ({ ...baseRequest(r, { caller: null }), headers: { ...baseRequest(r).headers, Authorization: value() } });

  // The method: every path refuses one it has no route for
  add('PATCH', () => ({ ...baseRequest(r), method: 'PATCH' }), { status: 405, code: 'method-not-allowed' });

  // Who is calling
  if (!isPublic(r)) {
    add('no token', withCaller(null), { status: 401, code: 'unauthenticated' });
    add('a Basic instead of a Bearer token', withAuthorization(() => 'Basic b2ZmaWNlOnNlY3JldA=='), { status: 401, code: 'unauthenticated' });
    add('a token signed with another key', withAuthorization(() => `Bearer ${fixture.foreignKeyToken}`), { status: 401, code: 'unauthenticated' });
    add('an expired token', withAuthorization(() => `Bearer ${fixture.expiredToken}`), { status: 401, code: 'unauthenticated' });
    for (const role of ROLES.filter((x) => !allows(r, x))) add(`a token of role ${role}`, withCaller(roleCallers[role]!), forbiddenRole);
    add('an office token without a division', withCaller(officeWithoutDivision), forbiddenRole);
    if (r.fn === 'subscriptions') {
      if (paramNames(r).length) add("another user's subscription", withCaller(otherCountyOffice), { status: 404, code: 'not-found' });
    } else {
      add('the neighbouring county office (110108) on 110105', withCaller(otherCountyOffice), paramNames(r).length ? notHere : { status: 403, code: 'not-in-jurisdiction' });
      if (allows(r, 'auditor')) add('an auditor of the neighbouring county', withCaller(foreignAuditor), notHere);
    }
  }

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
    for (const limit of ['0', '101', 'abc', '-1', '1.5']) {
      add(`limit=${limit}`, () => baseRequest(r, { query: { limit } }), { status: 400, code: 'validation-failed', path: 'query.limit' });
    }
    add('an unknown query parameter', () => baseRequest(r, { query: { colour: 'red' } }), { status: 400, code: 'validation-failed', path: 'query.colour' });
    add('a cursor this API never issued', () => baseRequest(r, { query: { cursor: 'bm90LWEtY3Vyc29y' } }), { status: 400, code: 'invalid-cursor' });
    add('a cursor of another list', () => baseRequest(r, { query: { cursor: cursorOf({ PK: 'PLAN#x', SK: 'HEAD', GSI1PK: 'PLANS#110105', GSI1SK: 'draft#x', GSI2PK: 'SUBOWNER#x', GSI2SK: 'x' }) } }), {
      status: 400,
      code: 'invalid-cursor',
    });
    add('a cursor of 2049 characters', () => baseRequest(r, { query: { cursor: 'c'.repeat(2049) } }), { status: 400, code: 'validation-failed', path: 'query.cursor' });
    for (const key of queryKeys(r).filter((k) => k !== 'limit' && k !== 'cursor')) {
      add(`${key}=abc`, () => baseRequest(r, { query: { [key]: 'abc' } }), { status: 400, code: 'validation-failed', path: `query.${key}` });
    }
  }

  // Body
  if (r.body) {
    const sample = sampleBodies[r.name];
    if (!sample) throw new Error(`No sample body for route ${r.name}: add it to sampleBodies`);
    // Built when the case runs, so the sample carries the fixture's ids and each request has exactly one fault.
    const withBody = (patchOf: () => Partial<Request>) => () => {
      const patch = patchOf();
      return { ...baseRequest(r), body: undefined, ...patch, headers: { ...baseRequest(r).headers, ...patch.headers } };
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
      const wrong = typeof value === 'string' ? 123 : 'x';
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
    add('the Idempotency-Key of an earlier request with another body', () => ({ ...baseRequest(r), headers: { ...baseRequest(r).headers, 'Idempotency-Key': `fixture-${r.name}` } }), {
      status: 422,
      code: 'idempotency-key-reused',
    });
  }

  for (const [what, request, expected] of ruleCases[r.name] ?? []) add(what, () => request(r), expected);
  return cases;
}

const cases = routesUnderTest.flatMap(casesOf);

let platform: TestPlatform;
let db: DynamoDBDocumentClient;


/** Everything a request could change: the table, the SNS subscriptions and what went out on the alerts topic. */
async function state() {
  return {
    table: await tableDump(db, platform.tableName),
    snsSubscriptions: platform.sns.subscriptions().sort((a, b) => (a.subscriptionArn < b.subscriptionArn ? -1 : 1)),
    alertsPublished: platform.sink.alerts.length,
  };
}


async function ok(what: string, r: Promise<{ status: number; headers: Headers; body: any }>, status: number) {
  const res = await r;
  if (res.status !== status) throw new Error(`fixture ${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

beforeAll(async () => {
  platform = await startTestPlatform();
  db = DynamoDBDocumentClient.from(localClient(platform.dynamoEndpoint));
  const as = (caller: Caller, key?: string) => ({ caller, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) });

  // An accident plan in force in 110105: level IV needs a county, III a city (the defaults).
  const plan = await ok('plan', platform.call('POST', '/v1/plans', {
    ...as(countyOffice),
    body: {
      title: 'Chaoyang gas and production-safety accident plan',
      type: 'special',
      category: 'accident',
      divisionCode: '110105',
      responseLevels: { III: { thresholds: { deaths: 3 }, measures: ['City command post'] }, IV: { thresholds: { deaths: 1 }, measures: ['County command post'] } },
    },
  }), 201);
  fixture.planId = plan.body.planId;
  for (const action of ['submit', 'approve', 'publish']) await ok(action, platform.call('POST', `/v1/plans/${fixture.planId}/transitions`, { ...as(countyOffice), body: { action } }), 200);

  const report = (body: Record<string, unknown>, key?: string) => ok('incident', platform.call('POST', '/v1/incidents', { ...as(countyOffice, key), body }), 201);
  fixture.incidentA = (await report({ ...sampleBodies['reportIncident']!(), title: 'Gas explosion at a restaurant' }, 'fixture-reportIncident')).body.incidentId;
  fixture.incidentR = (await report({ ...sampleBodies['reportIncident']!(), title: 'Boiler explosion at a plant' })).body.incidentId;
  fixture.socialSecurityIncident = (await report({ ...sampleBodies['reportIncident']!(), category: 'social-security', type: 'mass-incident', title: 'Crowd at a station' })).body.incidentId;

  const warning = await ok('warning', platform.call('POST', `/v1/incidents/${fixture.incidentA}/warnings`, {
    ...as(countyOffice, 'fixture-issueWarning'),
    body: { ...sampleBodies['issueWarning']!(), level: '3', title: { 'zh-CN': '朝阳区燃气爆炸黄色预警' } },
  }), 201);
  fixture.warningId = warning.body.warningId;
  fixture.etagW = warning.headers.get('etag')!;

  await ok('activation', platform.call('POST', `/v1/incidents/${fixture.incidentR}/response`, {
    ...as(countyOffice, 'fixture-activateResponse'),
    body: { ...sampleBodies['activateResponse']!(), matters: 'Rescue at the plant' },
  }), 201);
  await ok('release', platform.call('POST', `/v1/incidents/${fixture.incidentA}/releases`, {
    ...as(countyOffice, 'fixture-createRelease'),
    body: { title: { 'zh-CN': '燃气爆炸情况通报' }, body: { 'zh-CN': '现场已控制。' } },
  }), 201);
  const subscription = await ok('subscription', platform.call('POST', '/v1/subscriptions', {
    ...as(countyOffice, 'fixture-createSubscription'),
    body: { protocol: 'email', endpoint: SUBSCRIBED_EMAIL, filter: { divisionPrefix: '1101', minLevel: '3' } },
  }), 201);
  fixture.subscriptionId = subscription.body.subscriptionId;

  fixture.etagA = (await ok('read A', platform.call('GET', `/v1/incidents/${fixture.incidentA}`, as(countyOffice)), 200)).headers.get('etag')!;
  fixture.etagR = (await ok('read R', platform.call('GET', `/v1/incidents/${fixture.incidentR}`, as(countyOffice)), 200)).headers.get('etag')!;
  fixture.foreignKeyToken = await signToken({ sub: countyOffice.sub!, roles: ['office'], division: '110105', level: 'county' }, randomBytes(32));
  fixture.expiredToken = await signToken({ sub: countyOffice.sub!, roles: ['office'], division: '110105', level: 'county', expiresIn: '-1h' }, platform.secret);
  // The relay marks outbox items published; let it finish so the table holds still.
  await platform.poller.idle();
});
afterAll(async () => {
  db?.destroy();
  await platform?.close();
});

describe('the bad-input matrix covers every route of incidents, warnings, response, public and subscriptions', () => {
  it('covers every route of those five functions, and has for every route with a body a sample the route accepts', () => {
    expect([...new Set(routesUnderTest.map((r) => r.fn))]).toEqual(expect.arrayContaining(['incidents', 'warnings', 'response', 'public', 'subscriptions']));
    expect(routesUnderTest.length).toBeGreaterThanOrEqual(17);
    for (const r of routesUnderTest.filter((x) => x.body)) {
      expect(sampleBodies[r.name], `sample body for ${r.name}`).toBeDefined();
      const parsed = r.body!.safeParse(sampleBodies[r.name]!());
      expect(parsed.success, `${r.name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const r of routesUnderTest) expect(cases.some((c) => c.name.startsWith(`${r.method} ${r.path}: `)), r.name).toBe(true);
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
  // Run last: these change the fixture. Each base request must succeed for the right caller, or the cases above would
  // prove nothing. Reads first, then the writes in an order the incident's life cycle allows.
  const order = ['createRelease', 'issueWarning', 'transitionWarning', 'followUpIncident', 'activateResponse', 'transitionResponse', 'reportIncident', 'createSubscription', 'deleteSubscription'];
  const rank = (r: Route) => (r.method === 'GET' ? -1 : order.includes(r.name) ? order.indexOf(r.name) : order.length);
  const etag = async (incidentId: string) => (await platform.call('GET', `/v1/incidents/${incidentId}`, { caller: countyOffice })).headers.get('etag')!;

  it('lets the auditor of 110105 read what the foreign auditor was refused', async () => {
    for (const r of routesUnderTest.filter((x) => allows(x, 'auditor') && x.fn !== 'subscriptions')) {
      const res = await sendRequest(platform, baseRequest(r, { caller: auditor }));
      expect(res.status, `${r.name}: ${JSON.stringify(res.body)}`).toBe(r.response.status);
    }
  });

  it('accepts each base request', async () => {
    for (const r of [...routesUnderTest].sort((a, b) => rank(a) - rank(b))) {
      fixture.etagA = await etag(fixture.incidentA);
      fixture.etagR = await etag(fixture.incidentR);
      const res = await sendRequest(platform, baseRequest(r));
      expect(res.status, `${r.name}: ${JSON.stringify(res.body)}`).toBe(r.response.status);
      if (r.name === 'transitionWarning') fixture.etagW = res.headers.get('etag')!;
    }
  });
});
