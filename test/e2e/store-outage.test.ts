// Fault injection on the data store (issue 7): DynamoDB Local is stopped in the middle of a load of creates from
// concurrent clients, cutting the requests in flight, and the platform restarts it on the same data. Clients retry a 503
// after its Retry-After with the same Idempotency-Key, as the API asks them to. Afterwards: nothing answered 500, every
// create that got a 2xx is in the table exactly once with exactly one audit item, and every alert went out exactly once.
//
// The load's kill is SIGTERM: DynamoDB Local acknowledges a TransactWriteItems a few milliseconds before the write is
// on disk, so a SIGKILL in that window loses an acknowledged transaction (DynamoDB itself does not). A SIGKILL of an
// idle DynamoDB Local is restarted the same way, with everything written before it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { signToken } from '../../infra/local/auth.ts';
import { localClient } from '../../infra/local/dynamo.ts';
import { startPlatform, type Platform } from '../../infra/local/platform.ts';
import { warningBody } from '../support/base-requests.ts';
import { reportBody, samplePlanBody } from '../support/bodies.ts';
import { countyOffice } from '../support/callers.ts';
import { scanAll, type Item } from '../support/local-table.ts';

const CLIENTS = 4;
const CREATES_PER_CLIENT = 50;
/** The kill comes once this many creates have succeeded, so that the rest meet the outage or what follows it. */
const KILL_AFTER = 40;
/** Bounds of the whole load: a client that needs more tries or time than this fails the test. */
const MAX_TRIES_PER_CREATE = 40;
const LOAD_DEADLINE_MS = 150_000;

let dataDir: string;
let platform: Platform;
let db: DynamoDBDocumentClient;
let token: string;
const lines: string[] = [];
const fatal: string[] = [];

interface Create {
  client: number;
  n: number;
  kind: 'plan' | 'warning';
  key: string;
  /** Every status answered, in order, the last the 2xx that ended the retries. */
  statuses: number[];
  retryAfter: (string | null)[];
  id?: string;
}

const creates: Create[] = [];
const incidents: string[] = [];

async function post(path: string, body: unknown, key: string): Promise<{ status: number; retryAfter: string | null; body: any }> {
  const res = await fetch(`${platform.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: text ? JSON.parse(text) : undefined };
}

/** A client of the API: sends its creates one after another, each retried after a 503's Retry-After until it is a 2xx. */
async function client(c: number, deadline: number): Promise<void> {
  for (let n = 0; n < CREATES_PER_CLIENT; n++) {
    const kind = n % 2 === 0 ? 'plan' : 'warning';
    const create: Create = { client: c, n, kind, key: `outage-${c}-${n}`, statuses: [], retryAfter: [] };
    creates.push(create);
    const [path, body] =
      kind === 'plan'
        ? ['/v1/plans', samplePlanBody({ title: `Outage plan ${c}-${n}` })]
        : [`/v1/incidents/${incidents[c]}/warnings`, { ...warningBody(), hazards: [`Outage hazard ${c}-${n}`] }];
    for (let attempt = 1; ; attempt++) {
      const r = await post(path, body, create.key);
      create.statuses.push(r.status);
      create.retryAfter.push(r.retryAfter);
      if (r.status >= 200 && r.status < 300) {
        create.id = kind === 'plan' ? r.body.planId : r.body.warningId;
        break;
      }
      if (r.status !== 503 || attempt >= MAX_TRIES_PER_CREATE || Date.now() > deadline) return;
      await new Promise((ok) => setTimeout(ok, Number(r.retryAfter ?? 1) * 1000 * (0.5 + Math.random() / 2)));
    }
  }
}

beforeAll(async () => {
  // Persisted, in a directory of its own: the platform's own DynamoDB Local, which it can restart on the same data.
  dataDir = mkdtempSync(join(tmpdir(), 'erp-outage-'));
  platform = await startPlatform({ dataDir, persist: true, tableName: 'outage', print: (l) => lines.push(l), onFatal: (why) => fatal.push(why) });
  db = DynamoDBDocumentClient.from(localClient(platform.dynamoEndpoint));
  token = await signToken({ sub: countyOffice.sub!, roles: countyOffice.roles, division: countyOffice.division!, level: countyOffice.level! }, platform.secret);
  for (let c = 0; c < CLIENTS; c++) {
    const r = await post('/v1/incidents', reportBody({ title: `Outage incident ${c}`, occurredAt: new Date(Date.now() - 3600_000).toISOString() }), `outage-incident-${c}`);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    incidents.push(r.body.incidentId);
  }
}, 120_000);

afterAll(async () => {
  db?.destroy();
  await platform?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('DynamoDB Local stopped during a load of creates', () => {
  it('answers 503 with Retry-After meanwhile, never 500, loses or doubles no create, and publishes every alert once', async () => {
    // Act: the load, and the kill once it is under way
    const deadline = Date.now() + LOAD_DEADLINE_MS;
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c, deadline)));
    await vi.waitFor(() => expect(creates.filter((x) => x.id).length).toBeGreaterThanOrEqual(KILL_AFTER), { timeout: 60_000, interval: 20 });
    const killed = platform.dynamoPid()!;
    process.kill(killed, 'SIGTERM');
    await load;
    await vi.waitFor(() => expect(lines.some((l) => l.startsWith('DynamoDB Local is back'))).toBe(true), { timeout: 60_000, interval: 100 });
    await platform.poller.idle();

    // Assess: the host said what happened, restarted the same data, and did not give up
    expect(platform.dynamoPid()).not.toBe(killed);
    expect(lines).toContainEqual(expect.stringMatching(/^DynamoDB Local stopped \((exit code \d+|killed by SIGTERM)\); restarting it on the same data in /));
    expect(fatal).toEqual([]);

    // Assess: every create ended in a 2xx; on the way, only 503s, each with Retry-After, and the outage was met
    expect(creates).toHaveLength(CLIENTS * CREATES_PER_CLIENT);
    const unfinished = creates.filter((x) => !x.id).map((x) => `${x.key}: ${x.statuses.join(',')}`);
    expect(unfinished).toEqual([]);
    const allStatuses = creates.flatMap((x) => x.statuses);
    expect(allStatuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(allStatuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(creates.flatMap((x) => x.retryAfter.filter((_, i) => x.statuses[i] === 503))).not.toContain(null);
    expect(allStatuses.filter((s) => s < 200 || (s >= 300 && s !== 503))).toEqual([]);

    // Assess: each create is in the table once (a retried create is replayed, not made again) with one audit item
    const items = await scanAll(db, 'outage');
    const heads = (kind: string) => items.filter((i) => i['SK'] === 'HEAD' && String(i['PK']).startsWith(`${kind}#`));
    const audits = items.filter((i) => i['kind'] === 'audit');
    for (const c of creates) {
      const own = audits.filter((a) => a['entityId'] === c.id);
      expect(own, `audit items of ${c.key}`).toHaveLength(1);
      if (c.kind === 'plan') expect(items.filter((i) => i['PK'] === `PLAN#${c.id}` && i['SK'] === 'HEAD'), c.key).toHaveLength(1);
      else expect(items.filter((i) => i['kind'] === 'warning' && i['warningId'] === c.id), c.key).toHaveLength(1);
    }
    const plans = creates.filter((c) => c.kind === 'plan');
    expect(heads('PLAN')).toHaveLength(plans.length);
    const warnings = items.filter((i) => i['kind'] === 'warning');
    expect(warnings).toHaveLength(creates.length - plans.length);

    // Assess: every outbox item (one per warning) published exactly once, recorded as published, none dead-lettered
    const outbox = items.filter((i) => i['kind'] === 'outbox');
    expect(outbox).toHaveLength(warnings.length);
    const published = platform.sink.alerts.map((a) => a.eventId);
    expect(new Set(published).size).toBe(published.length);
    expect([...published].sort()).toEqual(outbox.map((i: Item) => i['eventId'] as string).sort());
    expect(outbox.filter((i) => i['publishedAt'] === undefined)).toEqual([]);
    expect(lines.filter((l) => l.includes('written to'))).toEqual([]);

    // Assess: the relay waited with back-off and said so a few times, not five times a second
    expect(lines.filter((l) => l.startsWith('outbox:')).length).toBeLessThanOrEqual(6);
  });
});

describe('DynamoDB Local killed with SIGKILL', () => {
  it('is restarted on the same data: what was written before is read afterwards', async () => {
    // Prepare
    const before = await post('/v1/plans', samplePlanBody({ title: 'Written before the crash' }), 'before-crash');
    expect(before.status).toBe(201);
    await new Promise((ok) => setTimeout(ok, 500));
    const restartsBefore = lines.filter((l) => l.startsWith('DynamoDB Local is back')).length;

    // Act
    process.kill(platform.dynamoPid()!, 'SIGKILL');
    await vi.waitFor(() => expect(lines.filter((l) => l.startsWith('DynamoDB Local is back')).length).toBe(restartsBefore + 1), { timeout: 60_000, interval: 100 });
    const read = await fetch(`${platform.url}/v1/plans/${before.body.planId}`, { headers: { Authorization: `Bearer ${token}` } });

    // Assess
    expect(lines).toContainEqual(expect.stringMatching(/^DynamoDB Local stopped \(killed by SIGKILL\); restarting it on the same data in /));
    expect(read.status).toBe(200);
    expect(((await read.json()) as { title: string }).title).toBe('Written before the crash');
    expect(fatal).toEqual([]);
  });
});

describe('an in-memory DynamoDB Local that stops', () => {
  it('is reported plainly, as fatal, and not restarted (its data is gone)', async () => {
    // Prepare: a platform of its own, in memory
    const said: string[] = [];
    const gaveUp: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'erp-outage-mem-'));
    const mem = await startPlatform({ dataDir: dir, persist: false, tableName: 'outage-mem', print: (l) => said.push(l), onFatal: (why) => gaveUp.push(why) });
    try {
      // Act
      const pid = mem.dynamoPid()!;
      process.kill(pid, 'SIGKILL');
      await vi.waitFor(() => expect(gaveUp).toHaveLength(1), { timeout: 30_000, interval: 50 });

      // The relay finds the stream gone, says so once and backs off: a few seconds bring no flood of lines
      await vi.waitFor(() => expect(said.some((l) => l.startsWith('outbox: DynamoDB cannot be reached (ECONNREFUSED)'))).toBe(true), { timeout: 30_000, interval: 50 });
      await new Promise((ok) => setTimeout(ok, 3000));

      // Assess
      expect(said.filter((l) => l.startsWith('outbox:'))).toEqual([expect.stringMatching(/^outbox: DynamoDB cannot be reached \(ECONNREFUSED\); the relay waits, backing off up to 10 s$/)]);
      expect(said).toContainEqual('DynamoDB Local stopped (killed by SIGKILL); its in-memory data is gone. The API answers 503 until the platform is restarted.');
      expect(said.filter((l) => l.startsWith('DynamoDB Local is back'))).toEqual([]);
      expect(gaveUp).toEqual(['DynamoDB Local (in memory) stopped']);
    } finally {
      await mem.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is not watched when the platform was given an endpoint (tests share one DynamoDB Local)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erp-outage-ext-'));
    const ext = await startPlatform({ dataDir: dir, persist: false, dynamoEndpoint: inject('dynamoEndpoint'), tableName: 'outage-ext', print: () => undefined });
    try {
      expect(ext.dynamoPid()).toBeUndefined();
    } finally {
      await ext.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
