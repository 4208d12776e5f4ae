// The public function with mocked reads: CAP 1.2 per warning state, revalidation by ETag, caching headers, releases
// filtered by division, and no personal data or internal field in anything the public sees.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { handler } from '../../functions/public/handler.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { systemClock } from '../../shared/clock.ts';
import { cstDate } from '../../shared/domain/calendar/working-days.ts';
import { keys } from '../../shared/store/keys.ts';
import { apiEvent, type EventInput } from '../support/api-events.ts';
import { embeddedAlerts, msgType, schemaErrors } from '../support/cap-schema.ts';
import { WARNING_ID, countyWarning, gov, release, releaseItem, warningItem, type WarningState } from '../support/incident-items.ts';
import { invoke as invokeHandler, type Reply } from '../support/invoke.ts';
import { keysDeep } from '../support/json.ts';
import { mockTable } from '../support/mocked-sdk.ts';

const { ddb } = mockTable();

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
});
afterEach(() => {
  runtime.clock = systemClock;
});

const invoke = (event: APIGatewayProxyEvent): Promise<Reply> => invokeHandler(handler, 'public', event);
const json = (r: Reply) => JSON.parse(r.raw) as Record<string, any>;

const capEvent = (warningFile: string, headers: Record<string, string> = {}) => apiEvent('publicWarningCap', { params: { warningFile }, headers, caller: null });
const publicEvent = (name: 'publicReleases' | 'publicWarnings' | 'publicWarningsFeed', input: EventInput = {}) => apiEvent(name, { ...input, caller: null });

function givenWarning(state: WarningState) {
  ddb.on(GetCommand, { Key: keys.warning(WARNING_ID) }).resolves({ Item: warningItem(countyWarning(state)) });
}

/** Field names that would tell the public who did something, or how we lock records. */
const INTERNAL_KEYS = ['sub', 'reportedBy', 'rev', 'actorSub', 'ownerSub', 'createdBy', 'internalNote', 'PK', 'SK', 'GSI1PK', 'kind'];

describe('a warning as CAP 1.2', () => {
  it.each([
    ['issued', 'Alert', 'Moderate'],
    ['adjusted', 'Update', 'Severe'],
    ['lifted', 'Cancel', 'Severe'],
  ] as const)('renders the %s warning as a CAP %s message (severity %s) with an ETag and public caching', async (state, expected, severity) => {
    // Prepare
    givenWarning(state);

    // Act
    const r = await invoke(capEvent(`${WARNING_ID}.cap`));

    // Assess
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('application/cap+xml');
    expect(r.headers['Cache-Control']).toMatch(/^public, max-age=\d+$/);
    expect(r.headers['ETag']).toMatch(/^"[\w-]+"$/);
    expect(msgType(r.raw)).toBe(expected);
    expect(r.raw).toContain(`<severity>${severity}</severity>`);
    expect(r.raw).toContain(`<identifier>${WARNING_ID}.${state === 'issued' ? 1 : state === 'adjusted' ? 2 : 3}</identifier>`);
    if (state === 'issued') expect(r.raw).not.toContain('<references>');
    else expect(r.raw).toContain(`,${WARNING_ID}.1,`);
    expect(r.raw).toContain('<valueName>GB/T 2260</valueName>');
    expect(r.raw).not.toContain(gov.county.sub);
    expect(await schemaErrors([r.raw])).toEqual([]);
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { Key: keys.warning(WARNING_ID) });
  });

  it('answers 304 with an empty body to If-None-Match carrying the ETag it gave, weak or strong', async () => {
    // Prepare
    givenWarning('adjusted');
    const first = await invoke(capEvent(`${WARNING_ID}.cap`));
    const etag = first.headers['ETag']!;

    // Act
    const again = await invoke(capEvent(`${WARNING_ID}.cap`, { 'If-None-Match': etag }));
    const weak = await invoke(capEvent(`${WARNING_ID}.cap`, { 'If-None-Match': `"other", W/${etag}` }));

    // Assess
    for (const r of [again, weak]) {
      expect(r.status).toBe(304);
      expect(r.raw).toBe('');
      expect(r.headers['ETag']).toBe(etag);
      expect(r.headers['Cache-Control']).toBe(first.headers['Cache-Control']);
      expect(r.headers['Content-Type']).toBeUndefined();
    }
  });

  it('sends the document again when the ETag no longer matches, as after the warning was lifted', async () => {
    givenWarning('adjusted');
    const before = await invoke(capEvent(`${WARNING_ID}.cap`));
    ddb.reset();
    givenWarning('lifted');

    const after = await invoke(capEvent(`${WARNING_ID}.cap`, { 'If-None-Match': before.headers['ETag']! }));

    expect(after.status).toBe(200);
    expect(msgType(after.raw)).toBe('Cancel');
    expect(after.headers['ETag']).not.toBe(before.headers['ETag']);
  });

  it('answers 404 problem+json for a warning that does not exist', async () => {
    const r = await invoke(capEvent('no-such-warning-0001.cap'));

    expect(r.status).toBe(404);
    expect(r.headers['Content-Type']).toBe('application/problem+json');
    expect(json(r)).toMatchObject({ status: 404, code: 'not-found' });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { Key: keys.warning('no-such-warning-0001') });
  });

  it('refuses a file name without the .cap suffix with 400 before any read', async () => {
    const r = await invoke(capEvent(WARNING_ID));

    expect(r.status).toBe(400);
    expect(json(r)).toMatchObject({ code: 'validation-failed', errors: [{ path: 'params.warningFile' }] });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });
});

describe('public JSON', () => {
  const other = countyWarning('issued', { warningId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', division: '440305' });

  it('lists active warnings with the Art 64 fields and nothing about who issued them', async () => {
    // Prepare
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':pk': keys.gsi.activeWarningsPK } }).resolves({ Items: [warningItem(countyWarning('adjusted')), warningItem(other)] });

    // Act
    const r = await invoke(publicEvent('publicWarnings'));

    // Assess
    expect(r.status).toBe(200);
    expect(r.headers['Cache-Control']).toMatch(/^public, max-age=\d+$/);
    expect(r.headers['ETag']).toMatch(/^"[\w-]+"$/);
    const body = json(r);
    expect(body['items']).toHaveLength(2);
    expect(body['items'][0]).toMatchObject({
      warningId: WARNING_ID,
      level: '2',
      colour: 'orange',
      category: 'accident',
      hazards: expect.any(Array),
      measures: expect.any(Array),
      area: { divisions: ['110105'] },
      issuer: { division: '110105', level: 'county' },
      cap: `/v1/public/warnings/${WARNING_ID}.cap`,
    });
    for (const k of INTERNAL_KEYS) expect(keysDeep(body), k).not.toContain(k);
    expect(r.raw).not.toContain(gov.county.sub);
  });

  it('filters active warnings to those whose area touches the division asked for', async () => {
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':pk': keys.gsi.activeWarningsPK } }).resolves({ Items: [warningItem(countyWarning('issued')), warningItem(other)] });

    const shenzhen = json(await invoke(publicEvent('publicWarnings', { query: { division: '440000' } })));
    const chaoyang = json(await invoke(publicEvent('publicWarnings', { query: { division: '110105' } })));

    expect(shenzhen['items'].map((w: { warningId: string }) => w.warningId)).toEqual([other.warningId]);
    expect(chaoyang['items'].map((w: { warningId: string }) => w.warningId)).toEqual([WARNING_ID]);
  });

  it('lists releases newest first from one index query, filtered by division, without internal fields even where the item has them', async () => {
    // Prepare: releases of Chaoyang (110105), Haidian (110108) and Nanshan, Shenzhen (440305)
    const chaoyang = release();
    const haidian = release({ releaseId: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d', divisionCode: '110108', publishedAt: '2026-07-01T03:00:00.000Z' });
    const nanshan = release({ releaseId: '3b4c5d6e-7f8a-4b9c-8d1e-2f3a4b5c6d7e', divisionCode: '440305', publishedAt: '2026-07-01T02:00:00.000Z' });
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':pk': keys.gsi.releasesPK } }).resolves({
      Items: [chaoyang, haidian, nanshan].map((x) => ({ ...releaseItem(x), reportedBy: 'office-110105', rev: 3, internalNote: 'call the plant manager' })),
    });

    // Act
    const all = await invoke(publicEvent('publicReleases', { query: { limit: '10' } }));
    const beijing = await invoke(publicEvent('publicReleases', { query: { division: '110100' } }));
    const chaoyangOnly = await invoke(publicEvent('publicReleases', { query: { division: '110105' } }));
    const shenzhen = await invoke(publicEvent('publicReleases', { query: { division: '440300' } }));

    // Assess
    const idsOf = (r: Reply) => json(r)['items'].map((x: { releaseId: string }) => x.releaseId);
    expect(idsOf(all)).toEqual([chaoyang.releaseId, haidian.releaseId, nanshan.releaseId]);
    expect(idsOf(beijing)).toEqual([chaoyang.releaseId, haidian.releaseId]);
    expect(idsOf(chaoyangOnly)).toEqual([chaoyang.releaseId]);
    expect(idsOf(shenzhen)).toEqual([nanshan.releaseId]);
    expect(json(all)['items'][0]).toEqual({
      releaseId: chaoyang.releaseId,
      incidentId: chaoyang.incidentId,
      divisionCode: '110105',
      category: 'accident',
      title: chaoyang.title,
      body: chaoyang.body,
      publishedAt: chaoyang.publishedAt,
    });
    for (const r of [all, beijing, chaoyangOnly, shenzhen]) {
      expect(r.headers['Cache-Control']).toMatch(/^public, max-age=\d+$/);
      for (const k of INTERNAL_KEYS) expect(keysDeep(json(r)), k).not.toContain(k);
      expect(r.raw).not.toContain('office-110105');
      expect(r.raw).not.toContain('plant manager');
    }
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, { IndexName: 'GSI1', Limit: 10, ScanIndexForward: false, ExpressionAttributeValues: { ':pk': 'RELEASES' } });
    expect(ddb).not.toHaveReceivedCommand(GetCommand);
  });

  it('answers 304 to a release list the caller already holds', async () => {
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': keys.gsi.releasesPK } }).resolves({ Items: [releaseItem(release())] });
    const first = await invoke(publicEvent('publicReleases'));

    const again = await invoke(publicEvent('publicReleases', { headers: { 'If-None-Match': first.headers['ETag']! } }));

    expect(again.status).toBe(304);
    expect(again.raw).toBe('');
  });
});

describe('the Atom feed of CAP alerts', () => {
  /** Active warnings and those lifted on the given CST days, as the two GSI1 partitions hold them. */
  function givenFeed(active: ReturnType<typeof countyWarning>[], lifted: ReturnType<typeof countyWarning>[]) {
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': keys.gsi.activeWarningsPK } }).resolves({ Items: active.map(warningItem) });
    for (const w of lifted) ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': keys.gsi.liftedWarningsPK(cstDate(new Date(w.liftedAt!))) } }).resolves({ Items: [warningItem(w)] });
  }

  it('embeds the latest message of each active warning and of one lifted an hour ago, each valid CAP without the issuer', async () => {
    // Prepare: a warning lifted an hour ago (reported 4 hours ago), and an active one
    const lifted = countyWarning('lifted', { reportedAt: new Date(Date.now() - 4 * 3600_000) });
    givenFeed([countyWarning('issued', { warningId: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e' })], [lifted]);

    // Act
    const r = await invoke(publicEvent('publicWarningsFeed'));

    // Assess
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('application/atom+xml');
    expect(r.headers['Cache-Control']).toMatch(/^public, max-age=\d+$/);
    const alerts = embeddedAlerts(r.raw);
    expect(alerts.map(msgType).sort()).toEqual(['Alert', 'Cancel']);
    expect(r.raw).not.toContain(gov.county.sub);
    expect(await schemaErrors(alerts)).toEqual([]);
  });

  it('keeps a warning lifted within the last day by the one clock in the feed, whatever the host clock says', async () => {
    // Prepare: the process clock stands two hours after the lifting (as tests and replays move it)
    const lifted = countyWarning('lifted');
    runtime.clock = { now: () => new Date(Date.parse(lifted.liftedAt!) + 2 * 3600_000) };
    givenFeed([], [lifted]);

    // Act
    const r = await invoke(publicEvent('publicWarningsFeed'));

    // Assess: the lifted partition of that day was read, and its Cancel is in the feed
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, { ExpressionAttributeValues: { ':pk': keys.gsi.liftedWarningsPK(cstDate(new Date(lifted.liftedAt!))) } });
    expect(embeddedAlerts(r.raw).map(msgType)).toEqual(['Cancel']);
  });
});
