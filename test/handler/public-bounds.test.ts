// Public documents with mocked reads: their links come from PUBLIC_BASE_URL, never from the request's Host or
// X-Forwarded-* headers (a cache would serve a forged link to everyone), and no response can approach Lambda's 6 MB
// payload limit, whatever the warnings and releases hold: pages stop at a byte budget and carry on by cursor, the feed
// holds the newest entries within its bounds.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Warning } from '../../shared/domain/warning.ts';
import { keys } from '../../shared/store/keys.ts';
import { encodeCursor } from '../../shared/store/cursor.ts';
import { apiEvent } from '../support/api-events.ts';
import { embeddedAlerts, schemaErrors } from '../support/cap-schema.ts';
import { WARNING_ID, countyWarning, release, releaseItem, warningItem } from '../support/incident-items.ts';
import { handlerOf, invoke, type Reply } from '../support/invoke.ts';
import { mockTable } from '../support/mocked-sdk.ts';

const BASE = 'https://alerts.emergency.example/prod';
/** Lambda refuses a response payload (the JSON of the whole result) over 6 MB. */
const LAMBDA_LIMIT = 6 * 1024 * 1024;

const { ddb } = mockTable();
let previous: string | undefined;
beforeAll(() => {
  // Read when the public function is first imported (handlerOf imports it on first use, below).
  previous = process.env['PUBLIC_BASE_URL'];
  process.env['PUBLIC_BASE_URL'] = `${BASE}/`;
});
afterAll(() => {
  if (previous === undefined) delete process.env['PUBLIC_BASE_URL'];
  else process.env['PUBLIC_BASE_URL'] = previous;
});
beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
});

async function get(name: 'publicWarnings' | 'publicReleases' | 'publicWarningsFeed' | 'publicWarningCap', o: { params?: Record<string, string>; query?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const reply: Reply = await invoke(await handlerOf('public'), 'public', apiEvent(name, { caller: null, ...o }));
  // What Lambda returns to API Gateway: the whole result as JSON, the body a string inside it.
  return { reply, lambdaPayloadBytes: Buffer.byteLength(JSON.stringify({ statusCode: reply.status, headers: reply.headers, body: reply.raw })) };
}

/** A warning at every bound of the schema: 50 hazards and 50 measures of 1,000 characters in both languages, 500 points, 200 divisions. */
function largest(id: string, char: string): Warning {
  const w = countyWarning('adjusted', { warningId: id });
  const long = (c: string) => ({ 'zh-CN': c.repeat(1000), en: c.repeat(1000) });
  return {
    ...w,
    title: { 'zh-CN': char.repeat(200), en: char.repeat(200) },
    hazards: Array.from({ length: 50 }, () => long(char)),
    measures: Array.from({ length: 50 }, () => long(char)),
    area: {
      divisions: Array.from({ length: 200 }, (_, i) => `110105${String(i).padStart(3, '0')}`),
      description: char.repeat(500),
      polygon: Array.from({ length: 500 }, (_, i) => [39.1234567 + i * 1e-4, 116.1234567] as [number, number]),
      circle: { lat: 39.1234567, lng: 116.1234567, radiusKm: 1999.99 },
    },
  };
}
const ids = (n: number) => Array.from({ length: n }, (_, i) => `w${String(i).padStart(7, '0')}-largest`);

describe('links of public documents', () => {
  it('come from PUBLIC_BASE_URL, whatever Host and X-Forwarded-* the request carries', async () => {
    ddb.on(GetCommand, { Key: keys.warning(WARNING_ID) }).resolves({ Item: warningItem(countyWarning('issued')) });
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':pk': keys.gsi.activeWarningsPK } }).resolves({ Items: [warningItem(countyWarning('issued'))] });
    const forged = { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'gopher', 'X-Forwarded-Prefix': '/phish' };

    const cap = (await get('publicWarningCap', { params: { warningFile: `${WARNING_ID}.cap` }, headers: forged })).reply;
    const feed = (await get('publicWarningsFeed', { headers: forged })).reply;

    expect(cap.status).toBe(200);
    expect(cap.raw).toContain(`<web>${BASE}/v1/public/warnings/${WARNING_ID}.cap</web>`);
    expect(feed.raw).toContain(`<id>${BASE}/v1/public/warnings.cap</id>`);
    expect(feed.raw).toContain(`<link rel="self" type="application/atom+xml" href="${BASE}/v1/public/warnings.cap"/>`);
    expect(feed.raw).toContain(`<link rel="related" type="application/json" href="${BASE}/v1/public/warnings"/>`);
    for (const doc of [cap.raw, feed.raw]) {
      expect(doc).not.toContain('evil.example');
      expect(doc).not.toContain('gopher');
      expect(doc).not.toContain('phish');
    }
  });
});

describe('size of public documents', () => {
  it('keeps a page of the largest warnings within its budget and hands on a cursor just after the last one shown', async () => {
    const warnings = ids(100).map((id) => largest(id, '洪'));
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':pk': keys.gsi.activeWarningsPK } }).resolves({ Items: warnings.map(warningItem) });

    const { reply, lambdaPayloadBytes } = await get('publicWarnings', { query: { limit: '100' } });

    expect(reply.status).toBe(200);
    expect(lambdaPayloadBytes).toBeLessThan(2 * 1024 * 1024);
    const shown = reply.body.items as { warningId: string }[];
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(100);
    // The next page starts right after the last warning shown.
    ddb.resetHistory();
    const next = await get('publicWarnings', { query: { limit: '100', cursor: reply.body.cursor } });
    expect(next.reply.status).toBe(200);
    const last = warnings[shown.length - 1]!;
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input.ExclusiveStartKey).toEqual({ ...keys.warning(last.warningId), ...keys.gsi.activeWarning(last.issuedAt, last.warningId) });
  });

  it('keeps a page of the largest releases within its budget too', async () => {
    const big = { 'zh-CN': '洪'.repeat(20_000), en: 'x'.repeat(20_000) };
    const items = Array.from({ length: 100 }, (_, i) => releaseItem(release({ releaseId: `r${String(i).padStart(7, '0')}-largest`, title: { 'zh-CN': '洪'.repeat(200), en: 'x'.repeat(200) }, body: big })));
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':pk': keys.gsi.releasesPK } }).resolves({ Items: items });

    const { reply, lambdaPayloadBytes } = await get('publicReleases', { query: { limit: '100' } });

    expect(reply.status).toBe(200);
    expect(lambdaPayloadBytes).toBeLessThan(2 * 1024 * 1024);
    expect(reply.body.items.length).toBeLessThan(100);
    expect(typeof reply.body.cursor).toBe('string');
  });

  it.each([
    ['Chinese text', '洪'],
    ['ampersands, which XML writes as five bytes each', '&'],
  ])('keeps the feed of 300 of the largest warnings of %s well inside Lambda\'s limit, each entry still valid CAP', async (_what, char) => {
    const warnings = ids(300).map((id) => largest(id, char));
    const after = (w: Warning) => ({ ...keys.warning(w.warningId), ...keys.gsi.activeWarning(w.issuedAt, w.warningId) });
    ddb
      .on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':pk': keys.gsi.activeWarningsPK } })
      .resolvesOnce({ Items: warnings.slice(0, 100).map(warningItem), LastEvaluatedKey: after(warnings[99]!) })
      .resolvesOnce({ Items: warnings.slice(100, 200).map(warningItem), LastEvaluatedKey: after(warnings[199]!) })
      .resolves({ Items: warnings.slice(200).map(warningItem) });

    const { reply, lambdaPayloadBytes } = await get('publicWarningsFeed');

    expect(reply.status).toBe(200);
    expect(ddb.commandCalls(QueryCommand).filter((c) => c.args[0].input.ExpressionAttributeValues?.[':pk'] === keys.gsi.activeWarningsPK)).toHaveLength(3);
    expect(lambdaPayloadBytes).toBeLessThan(LAMBDA_LIMIT * 0.8);
    const alerts = embeddedAlerts(reply.raw);
    expect(alerts.length).toBeGreaterThan(0);
    expect(await schemaErrors(alerts.slice(0, 1))).toEqual([]);
  });

  it('keeps the largest single CAP document well inside the limit', async () => {
    ddb.on(GetCommand, { Key: keys.warning('w0000000-largest') }).resolves({ Item: warningItem(largest('w0000000-largest', '&')) });

    const { reply, lambdaPayloadBytes } = await get('publicWarningCap', { params: { warningFile: 'w0000000-largest.cap' } });

    expect(reply.status).toBe(200);
    expect(lambdaPayloadBytes).toBeLessThan(LAMBDA_LIMIT / 2);
    expect(await schemaErrors([reply.raw])).toEqual([]);
  });
});

describe('a cursor of the public lists', () => {
  it('is refused when it was not issued for the same list and filter', async () => {
    const raw = encodeCursor({ ...keys.warning(WARNING_ID), ...keys.gsi.activeWarning('2026-07-01T03:00:00.000Z', WARNING_ID) })!;

    const { reply } = await get('publicWarnings', { query: { cursor: raw } });

    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid-cursor');
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
