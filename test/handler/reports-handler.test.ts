// The reports and linkage functions with a mocked DynamoDB document client (issue 11): what a citizen's report writes in
// its one transaction (the report with its contact sealed, the source's counter, an audit item that withholds the
// source: rule 25), the flood refused before anything is sealed or written (429), a counter race retried, the follow-up
// code's 404 for a wrong code, a rebuttal written with its release, an acknowledgement, and injected SDK failures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { handler as linkageHandler } from '../../functions/linkage/handler.ts';
import { handler as reportsHandler } from '../../functions/reports/handler.ts';
import { ANONYMOUS_REPORT_LIMIT, receiveReport, REPORT_CONTACT_KEPT_DAYS, transitionReport, type CitizenReport } from '../../shared/domain/citizen-report.ts';
import { incidentSubject, parseReportingDeadlines, reportUpward } from '../../shared/domain/notice.ts';
import type { RouteName } from '../../shared/http/routes.ts';
import { anonymousFrom } from '../../shared/http/principal.ts';
import { keyProvider } from '../../shared/pii/key-provider.ts';
import { cursorKey } from '../../shared/store/cursor.ts';
import { keys } from '../../shared/store/keys.ts';
import { apiEvent, type EventInput } from '../support/api-events.ts';
import { cityOffice, countyOffice, otherCountyOffice } from '../support/callers.ts';
import { INCIDENT_ID, incidentItem, reportedIncident } from '../support/incident-items.ts';
import { invoke, type Reply } from '../support/invoke.ts';
import { mockTable, transactionCanceled } from '../support/mocked-sdk.ts';
import { citizenReportBody } from '../support/linkage.ts';

const { ddb, transactItems } = mockTable();
let keyDir: string;
beforeAll(() => {
  keyDir = mkdtempSync(join(tmpdir(), 'erp-reports-handler-'));
  vi.stubEnv('LOCAL_DATA_DIR', keyDir);
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(keyDir, { recursive: true, force: true });
});

const CANARY = { name: '欧阳金丝雀', phone: '13912345678', email: 'canary.reporter@example.org' };
const canaryIn = (text: string) => [CANARY.name, CANARY.phone, `+86${CANARY.phone}`, CANARY.email, '139****5678', '欧阳***', 'c***@example.org'].filter((v) => text.includes(v));

const call = (name: RouteName, input: EventInput = {}): Promise<Reply> => {
  const fn = name === 'listInbox' || name === 'acknowledgeNotice' || name === 'incidentNotices' ? 'linkage' : 'reports';
  return invoke(fn === 'linkage' ? linkageHandler : reportsHandler, fn, apiEvent(name, input));
};
const kinds = (n = 0) => transactItems(n).map((i) => (i.Put?.Item?.['kind'] as string | undefined) ?? (i.ConditionCheck ? 'check' : 'other'));
const put = (kind: string, n = 0) => transactItems(n).find((i) => i.Put?.Item?.['kind'] === kind)!.Put!;
const rateKey = (item: Record<string, unknown>) => String(item['PK']).startsWith('RPTRATE#');

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(PutCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(GetCommand, { Key: keys.incident(INCIDENT_ID) }).resolves({ Item: incidentItem(reportedIncident()) });
});

/** The counter of the caller's source (the local host's 127.0.0.1 in test events) holds `count` in the current window. */
const countIs = (count: number) => ddb.on(GetCommand, { TableName: 'unit-test-table' }).callsFake((input: { Key: { PK: string } }) => (String(input.Key.PK).startsWith('RPTRATE#') ? { Item: { ...input.Key, count } } : {}));

describe('a citizen reports without a token (rule 25)', () => {
  it('writes the report with its contact sealed, the source counter and an audit item withholding the source, in one transaction', async () => {
    const r = await call('createReport', { caller: null, body: citizenReportBody({ incidentId: INCIDENT_ID, contact: CANARY }) });

    expect(r.status, r.raw).toBe(201);
    expect(r.body).toEqual({ reportId: expect.any(String), status: 'received', followUpCode: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/), receivedAt: expect.any(String) });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    // The PII registry entry (rule 16) lets the incident's destruction (rule 17) find the report.
    expect(kinds()).toEqual(['citizen-report', 'report-rate', 'audit', 'pii-record']);
    expect(put('pii-record').Item).toMatchObject({ incidentId: INCIDENT_ID, purpose: 'report', recordKind: 'report' });
    const report = put('citizen-report');
    expect(report).toMatchObject({ ConditionExpression: 'attribute_not_exists(PK)', Item: { PK: `RPT#${r.body.reportId}`, reportKind: 'rumour', status: 'received', GSI1PK: 'RPTS#110105', GSI2PK: 'RPTKIND#110105#rumour' } });
    const contact = report.Item!['contact'] as Record<string, { purpose: string; incidentId: string }>;
    expect(Object.keys(contact).sort()).toEqual(['email', 'name', 'phone']);
    // Rule 16: sealed under purpose `report` of the incident named, so its destruction (rule 17) takes it too.
    expect(Object.values(contact).map((f) => [f.purpose, f.incidentId])).toEqual([['report', INCIDENT_ID], ['report', INCIDENT_ID], ['report', INCIDENT_ID]]);
    // The code is stored only as a hash.
    expect(JSON.stringify(transactItems())).not.toContain(r.body.followUpCode);
    expect(put('report-rate')).toMatchObject({ ConditionExpression: 'attribute_not_exists(PK) OR #count = :seen', ExpressionAttributeValues: { ':seen': 0 }, Item: { count: 1, expiresAt: expect.any(Number) } });
    expect(put('audit').Item).toMatchObject({ entity: 'report', action: 'receive-report', actorKind: 'anonymous', actorSub: 'anon:api:withheld', division: '110105' });
    // Nothing of the contact in clear anywhere written, and no mask outside the sealed fields.
    const { contact: _c, ...rest } = report.Item!;
    expect(canaryIn(JSON.stringify([rest, put('report-rate').Item, put('audit').Item, put('pii-record').Item]))).toEqual([]);
    expect(canaryIn(JSON.stringify(report.Item))).toEqual(['139****5678', '欧阳***', 'c***@example.org']);
    expect(canaryIn(r.raw)).toEqual([]);
  });

  it('keeps the source as a MAC of the address under a key derived from the personal-data HMAC key, never under the API key CURSOR_KEY', async () => {
    const event = apiEvent('createReport', { body: citizenReportBody() });
    const r = await invoke(reportsHandler, 'reports', event);
    expect(r.status, r.raw).toBe(201);
    const counter = String(put('report-rate').Item!['PK']);
    const derived = anonymousFrom(event, await keyProvider().mac('anonymous-source-key/v1')).source;
    expect(counter).toContain(`RPTRATE#${derived}#`);
    expect(counter).not.toContain(anonymousFrom(event, cursorKey()).source);
  });

  it('seals a report of no incident under a data key of its own, with its own destruction clock 180 days on (rule 17), and writes no outbox item', async () => {
    const r = await call('createReport', { caller: null, body: citizenReportBody() });
    expect(r.status).toBe(201);
    const contact = put('citizen-report').Item!['contact'] as Record<string, { incidentId: string }>;
    expect(contact['phone']!.incidentId).toBe(`report-${r.body.reportId}`);
    expect(transactItems().some((i) => String(i.Put?.Item?.['PK']).startsWith('OUTBOX#'))).toBe(false);
    const clock = put('pii-schedule').Item!;
    expect(clock).toMatchObject({ PK: `INC#report-${r.body.reportId}`, SK: 'PIISCHEDULE', incidentId: `report-${r.body.reportId}`, GSI1PK: 'PIIDUE' });
    expect(Date.parse(clock['destructionFrom'] as string) - Date.parse(r.body.receivedAt)).toBe(REPORT_CONTACT_KEPT_DAYS * 86_400_000);
  });

  it(`refuses report ${ANONYMOUS_REPORT_LIMIT.perWindow + 1} of a source in a window with 429 and Retry-After, sealing and writing nothing`, async () => {
    countIs(ANONYMOUS_REPORT_LIMIT.perWindow);
    const r = await call('createReport', { caller: null, body: citizenReportBody() });
    expect(r.status).toBe(429);
    expect(r.body.code).toBe('too-many-requests');
    expect(Number(r.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(Number(r.headers['Retry-After'])).toBeLessThanOrEqual(ANONYMOUS_REPORT_LIMIT.windowSeconds);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('retries when another report of the source took the count read, and refuses when that was the last place', async () => {
    let count = 3;
    ddb.on(GetCommand).callsFake((input: { Key: { PK: string } }) => (String(input.Key.PK).startsWith('RPTRATE#') ? { Item: { count } } : {}));
    ddb.on(TransactWriteCommand)
      .rejectsOnce(transactionCanceled('None', 'ConditionalCheckFailed', 'None'))
      .resolves({});
    const first = await call('createReport', { caller: null, body: citizenReportBody() });
    expect(first.status).toBe(201);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
    expect(transactItems(1).find((i) => rateKey(i.Put!.Item!))!.Put!.ExpressionAttributeValues).toEqual({ ':seen': 3 });

    ddb.resetHistory();
    ddb.on(TransactWriteCommand).callsFake(() => {
      count = ANONYMOUS_REPORT_LIMIT.perWindow;
      throw transactionCanceled('None', 'ConditionalCheckFailed', 'None');
    });
    count = ANONYMOUS_REPORT_LIMIT.perWindow - 1;
    const last = await call('createReport', { caller: null, body: citizenReportBody() });
    expect(last.status).toBe(429);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('refuses an incident that does not exist with 422 unknown-incident, writing nothing', async () => {
    const r = await call('createReport', { caller: null, body: citizenReportBody({ incidentId: '00000000-0000-4000-8000-000000000000' }) });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'unknown-incident', errors: [{ path: 'body.incidentId' }] });
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers a throttled table with 503 and Retry-After', async () => {
    ddb.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const r = await call('createReport', { caller: null, body: citizenReportBody() });
    expect(r.status).toBe(503);
    expect(r.headers['Retry-After']).toBeDefined();
    expect(canaryIn(r.raw)).toEqual([]);
  });
});

/** A stored report as the table holds it (kind kept as reportKind), with a known code hash. */
async function storedReport(o: { kind?: 'rumour' | 'hoarding'; substantiated?: boolean } = {}) {
  const created = await call('createReport', { caller: null, body: citizenReportBody({ kind: o.kind ?? 'rumour', incidentId: INCIDENT_ID }) });
  const item = put('citizen-report').Item!;
  let stored = item;
  if (o.substantiated) {
    const { reportKind, ...rest } = item as Record<string, unknown> & { reportKind: 'rumour' };
    const current = { ...rest, kind: reportKind } as unknown as CitizenReport;
    const next = transitionReport(current, { action: 'substantiate', findings: 'False' }, { kind: 'user', roles: ['office'], sub: 'o', division: '110105', level: 'county' }, new Date()).report;
    const { kind, ...others } = next;
    stored = { ...item, ...others, reportKind: kind };
  }
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(GetCommand, { Key: keys.incident(INCIDENT_ID) }).resolves({ Item: incidentItem(reportedIncident()) });
  ddb.on(GetCommand, { Key: keys.report(created.body.reportId as string) }).resolves({ Item: stored });
  return { reportId: created.body.reportId as string, code: created.body.followUpCode as string };
}

describe('following a report with its code', () => {
  it('shows the status only, never cached; a wrong code is the same 404 as a missing report', async () => {
    const { reportId, code } = await storedReport();
    const ok = await call('reportStatus', { caller: null, params: { reportId }, query: { code } });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body).sort()).toEqual(['receivedAt', 'reportId', 'status', 'updatedAt']);
    expect(ok.headers['Cache-Control']).toBe('no-store');
    const wrong = await call('reportStatus', { caller: null, params: { reportId }, query: { code: `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}` } });
    const missing = await call('reportStatus', { caller: null, params: { reportId: '00000000-0000-4000-8000-000000000000' }, query: { code } });
    expect([wrong.status, wrong.body.code]).toEqual([404, 'not-found']);
    expect([missing.status, missing.body.code]).toEqual([404, 'not-found']);
  });
});

describe('the office works a report', () => {
  it('Art 7: publishes the rebuttal of a substantiated rumour with its release, in one transaction', async () => {
    const { reportId } = await storedReport({ substantiated: true });
    const r = await call('transitionReport', {
      params: { reportId },
      body: { action: 'publish-rebuttal', title: { 'zh-CN': '辟谣', en: 'Rebuttal' }, body: { 'zh-CN': '不实', en: 'False' } },
    });
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toMatchObject({ status: 'rebutted', contactGiven: true, rebuttal: { incidentId: INCIDENT_ID } });
    expect(Object.keys(r.body)).not.toContain('contact');
    expect(kinds()).toEqual(['citizen-report', 'audit', 'check', 'release', 'audit']);
    expect(put('release').Item).toMatchObject({ releaseKind: 'rebuttal', reportId, incidentId: INCIDENT_ID, GSI1PK: 'RELEASES' });
    expect(put('release').Item).not.toHaveProperty('contact');
  });

  it('refuses a hoarding report a rebuttal (422), and the neighbouring county the report altogether (404)', async () => {
    const { reportId } = await storedReport({ kind: 'hoarding', substantiated: true });
    const rebut = await call('transitionReport', { params: { reportId }, body: { action: 'publish-rebuttal', title: { 'zh-CN': 'x', en: 'x' }, body: { 'zh-CN': 'x', en: 'x' } } });
    expect(rebut.body.code).toBe('rebuttal-only-for-rumours');
    const neighbour = await call('transitionReport', { caller: otherCountyOffice, params: { reportId }, body: { action: 'assign', department: 'x' } });
    expect(neighbour.status).toBe(404);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });
});

describe('acknowledging a notice (Art 61)', () => {
  const notice = reportUpward('notice-0001', 'incident-report', { kind: 'user', roles: ['office'], sub: 'o', division: '110105', level: 'county' }, incidentSubject(reportedIncident()), new Date(Date.now() - 3 * 3600_000), parseReportingDeadlines(undefined))!;
  const item = () => {
    const { kind, ...rest } = notice;
    return { ...keys.notice(notice.noticeId), kind: 'notice', ...rest, noticeKind: kind };
  };

  it('writes the notice (conditioned on its rev and status), its receipt and the audit item; late past the due time', async () => {
    ddb.on(GetCommand, { Key: keys.notice('notice-0001') }).resolves({ Item: item() });
    const r = await call('acknowledgeNotice', { caller: cityOffice, params: { noticeId: 'notice-0001' } });
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toMatchObject({ status: 'acknowledged', overdue: true, acknowledgement: { by: { division: '110100', level: 'city' }, late: true } });
    expect(kinds()).toEqual(['notice', 'notice-receipt', 'audit']);
    expect(put('notice')).toMatchObject({ ConditionExpression: '#rev = :rev AND #status = :status', ExpressionAttributeValues: { ':rev': 1, ':status': 'pending' } });
    // Off the deadline clock, in the inbox as acknowledged.
    expect(put('notice').Item).not.toHaveProperty('GSI2PK');
    expect(put('notice').Item!['GSI1SK']).toMatch(/^acknowledged#/);
    expect(put('notice-receipt').Item).toMatchObject({ PK: `INC#${INCIDENT_ID}`, SK: expect.stringMatching(/^NOTICE#/) });
  });

  it('is refused to the sender (not addressed to it): 404, and to nobody else but the office addressed', async () => {
    ddb.on(GetCommand, { Key: keys.notice('notice-0001') }).resolves({ Item: item() });
    expect((await call('acknowledgeNotice', { caller: countyOffice, params: { noticeId: 'notice-0001' } })).status).toBe(404);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });
});

// A report as the domain makes it, so that the helper above is checked against the real shape once.
it('keeps the stored report shape in step with the domain', () => {
  const { report } = receiveReport('r', { kind: 'rumour', divisionCode: '110105', description: 'd', evidence: [] }, undefined, 'h', new Date());
  expect(Object.keys(report).sort()).toEqual(['description', 'divisionCode', 'evidence', 'followUpCodeHash', 'kind', 'receivedAt', 'reportId', 'rev', 'status', 'updatedAt']);
});
