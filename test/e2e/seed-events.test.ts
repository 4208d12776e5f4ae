// npm run seed and the sample events (issue 7): the seed loads its data set through the real handlers, a second seed
// changes nothing, and every sample event of events/api answers 2xx against the seeded data when run through its
// function's handler, as `npm run invoke` runs it. The events run in one pass on one seeded table (reads, then creates,
// then changes), because each event that changes a record has a record of its own (infra/local/make-events.ts); a
// second pass of the reads shows the changes broke none of them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, SEED_CALLERS, SEED_DIVISIONS, seedPlatform, type SeedLine } from '../../infra/local/seed.ts';
import { routeList, type ApiFunction } from '../../shared/http/routes.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { handlerOf } from '../support/invoke.ts';

/** The areas the seed holds records for; the sample events of every other function wait for their area's records. */
const SEEDED_FUNCTIONS: ApiFunction[] = ['health', 'plans', 'incidents', 'warnings', 'response', 'public', 'subscriptions'];
const eventsDir = resolve(import.meta.dirname, '../../events/api');

let platform: TestPlatform;
let first: SeedLine[];

beforeAll(async () => {
  platform = await startTestPlatform();
  first = await seedPlatform();
  await platform.poller.idle();
}, 120_000);
afterAll(async () => {
  await platform?.close();
});

interface Sample {
  file: string;
  fn: ApiFunction;
  event: APIGatewayProxyEvent;
}

function samples(): Sample[] {
  return readdirSync(eventsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const event = JSON.parse(readFileSync(join(eventsDir, file), 'utf8')) as APIGatewayProxyEvent;
      const route = routeList.find((r) => r.method === event.httpMethod && r.path === event.resource);
      if (!route) throw new Error(`${file} is the event of no route (${event.httpMethod} ${event.resource}): run npm run events`);
      return { file, fn: route.fn, event };
    });
}

/** A GET as a caller (or none), its body parsed; the seed's test reads data, the contracts have tests of their own. */
async function get(path: string, caller?: (typeof SEED_CALLERS)[keyof typeof SEED_CALLERS]): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = caller ? { Authorization: `Bearer ${await platform.token({ ...caller, roles: [...caller.roles] })}` } : {};
  const res = await fetch(`${platform.url}${path}`, { headers });
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

/** Reads first, then creating POSTs, then the changes: the order a newcomer would try them in. */
function phase(s: Sample): number {
  const route = routeList.find((r) => r.method === s.event.httpMethod && r.path === s.event.resource)!;
  if (route.method === 'GET') return 0;
  if (route.idempotent) return 1;
  return 2;
}

describe('npm run seed', () => {
  it('loads Wuhan, 江岸区 and 武昌区: plans in force, a drill, an incident with a warning and an active response', async () => {
    expect(first.every((l) => l.done === 'created')).toBe(true);
    const flood = await get(`/v1/incidents/${SEED.incidents.flood}`, SEED_CALLERS.wuchang);
    expect(flood.status).toBe(200);
    expect(flood.body).toMatchObject({ divisionCode: SEED_DIVISIONS.wuchang, status: 'responding', severity: { level: 'IV' }, response: { level: 'IV', planId: SEED.plans.wuchangFlood } });
    expect(flood.body.warnings).toEqual([expect.objectContaining({ warningId: SEED.warning, level: '3' })]);

    // The city reads the plans of both districts below it, all in force
    for (const division of [SEED_DIVISIONS.wuhan, SEED_DIVISIONS.jiangan, SEED_DIVISIONS.wuchang]) {
      const plans = await get(`/v1/plans?division=${division}&status=filed`, SEED_CALLERS.wuhan);
      expect(plans.status).toBe(200);
      expect(plans.body.items.length, division).toBeGreaterThan(0);
    }
    const cap = await get(`/v1/public/warnings/${SEED.warning}.cap`);
    expect(cap.status).toBe(200);
    expect(cap.body).toContain('武昌区暴雨内涝黄色预警');
  });

  it('changes nothing when run a second time', async () => {
    const before = await platform.dump();

    const second = await seedPlatform();
    await platform.poller.idle();

    expect(second.map((l) => l.id)).toEqual(first.map((l) => l.id));
    expect(second.every((l) => l.done === 'already there')).toBe(true);
    expect(await platform.dump()).toEqual(before);
  });
});

describe('the sample events of events/api on the seeded data', () => {
  it('answer 2xx through their functions’ handlers: reads, creates, then changes, then the reads again', async () => {
    const all = samples();
    const seeded = all.filter((s) => SEEDED_FUNCTIONS.includes(s.fn));
    expect(seeded.length).toBeGreaterThanOrEqual(routeList.filter((r) => SEEDED_FUNCTIONS.includes(r.fn)).length);
    const ordered = [...seeded].sort((a, b) => phase(a) - phase(b));
    const reads = ordered.filter((s) => phase(s) === 0);

    const failures: string[] = [];
    for (const s of [...ordered, ...reads]) {
      // As npm run invoke runs it: the handler alone (the response contracts have tests of their own).
      const r = await (await handlerOf(s.fn))(structuredClone(s.event), lambdaContext(s.fn));
      if (r.statusCode < 200 || r.statusCode > 299) failures.push(`${s.file}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    }

    expect(failures).toEqual([]);
  });
});
