// Reports, notices and exercises against DynamoDB Local (issue 11): a notice is in the recipient's inbox and on the
// deadline clock (the indexes), the sweep flags it once however often it runs; two reports of one source racing for the
// last place of its window: exactly one is taken (the counter is conditioned on the count read); an exercise's warning
// and release never enter the public indexes; a follow-up's notice is written with it, and a refused one writes none.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { run as noticeSweep } from '../../functions/notice-deadlines/job.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { systemClock } from '../../shared/clock.ts';
import { ANONYMOUS_REPORT_LIMIT } from '../../shared/domain/citizen-report.ts';
import { keys } from '../../shared/store/keys.ts';
import { reportBody } from '../support/bodies.ts';
import { cityOffice, officeOf } from '../support/callers.ts';
import { call } from '../support/invoke.ts';
import { useLocalTable, type TestTable } from '../support/local-table.ts';
import { citizenReportBody } from '../support/linkage.ts';
import { publishedPlan } from '../support/replies.ts';

const county = officeOf('110105');
let table: TestTable;
let keyDir: string;

beforeAll(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'erp-linkage-it-'));
  process.env['LOCAL_DATA_DIR'] = keyDir;
  table = await useLocalTable();
});
afterAll(() => {
  runtime.clock = systemClock;
  rmSync(keyDir, { recursive: true, force: true });
});

const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();
const sweep = (now: Date) => noticeSweep({ db: table.db, table: table.tableName, now, runId: `it-${now.getTime()}`, progress: () => undefined });
const gsi = async (index: 'GSI1' | 'GSI2', pk: string) =>
  (await table.db.send(new QueryCommand({ TableName: table.tableName, IndexName: index, KeyConditionExpression: `${index}PK = :pk`, ExpressionAttributeValues: { ':pk': pk } }))).Items ?? [];

describe('notices on the indexes (Art 17, 61)', () => {
  it('puts a report in the city inbox and on the deadline clock, and the sweep flags it once however often it runs', async () => {
    const r = await call('reportIncident', { caller: county, body: reportBody({ occurredAt: hourAgo() }) });
    expect(r.status).toBe(201);
    const notice = r.body.notices[0] as { noticeId: string; dueAt: string };
    expect((await gsi('GSI1', keys.gsi.inboxPK('110100'))).map((i) => i['noticeId'])).toContain(notice.noticeId);
    expect((await gsi('GSI2', keys.gsi.noticeDuePK)).map((i) => i['noticeId'])).toContain(notice.noticeId);

    const late = new Date(Date.parse(notice.dueAt) + 1000);
    const runs = await Promise.all([sweep(late), sweep(late), sweep(late)]);
    expect(runs.reduce((n, x) => n + (x['flagged'] ?? 0), 0)).toBe(1);
    expect((await sweep(late))['flagged']).toBe(0);
    const items = await table.all();
    expect(items.filter((i) => i['kind'] === 'outbox' && i['type'] === 'notice.overdue' && (i['payload'] as { noticeId: string }).noticeId === notice.noticeId)).toHaveLength(1);
    expect((await gsi('GSI2', keys.gsi.noticeDuePK)).map((i) => i['noticeId'])).not.toContain(notice.noticeId);
    const head = items.find((i) => i['PK'] === keys.notice(notice.noticeId).PK && i['SK'] === 'HEAD')!;
    expect(head).toMatchObject({ status: 'overdue', GSI1SK: expect.stringMatching(/^overdue#/) });
    // The receipt under the incident says the same.
    const receipt = items.find((i) => String(i['SK']).endsWith(notice.noticeId) && String(i['PK']).startsWith('INC#'))!;
    expect(receipt).toMatchObject({ kind: 'notice-receipt', status: 'overdue' });

    const acked = await call('acknowledgeNotice', { caller: cityOffice, params: { noticeId: notice.noticeId } });
    expect(acked.status).toBe(200);
    expect((await gsi('GSI1', keys.gsi.inboxPK('110100'))).find((i) => i['noticeId'] === notice.noticeId)!['GSI1SK']).toMatch(/^acknowledged#/);
  });

  it("writes a follow-up's notice with it, and a refused follow-up none", async () => {
    const r = await call('reportIncident', { caller: county, body: reportBody({ occurredAt: hourAgo() }) });
    const incidentId = r.body.incidentId as string;
    const before = await table.partition(`INC#${incidentId}`);
    // A stale If-Match is refused before anything is written: neither the follow-up nor its notice.
    const stale = await call('followUpIncident', { caller: county, params: { incidentId }, headers: { 'If-Match': '"9"' }, body: { casualties: { deaths: 3, missing: 0, injured: 0, seriouslyInjured: 0 }, directLossFen: 0, affectedPopulation: 0 } });
    expect(stale.status).toBe(412);
    expect(await table.partition(`INC#${incidentId}`)).toEqual(before);
    const ok = await call('followUpIncident', { caller: county, params: { incidentId }, body: { casualties: { deaths: 3, missing: 0, injured: 0, seriouslyInjured: 0 }, directLossFen: 0, affectedPopulation: 0 } });
    expect(ok.status).toBe(200);
    const after = await table.partition(`INC#${incidentId}`);
    expect(after.filter((i) => String(i['SK']).startsWith('NOTICE#')).map((i) => i['noticeKind']).sort()).toEqual(['incident-report', 'incident-update']);
  });
});

describe('the per-source limit of anonymous reports', () => {
  it(`takes exactly one of two reports racing for the last of ${ANONYMOUS_REPORT_LIMIT.perWindow} places in a window`, async () => {
    runtime.clock = { now: () => new Date('2026-11-30T08:01:00Z') };
    try {
      for (let i = 0; i < ANONYMOUS_REPORT_LIMIT.perWindow - 1; i++) expect((await call('createReport', { caller: null, body: citizenReportBody() })).status).toBe(201);
      const raced = await Promise.all([call('createReport', { caller: null, body: citizenReportBody() }), call('createReport', { caller: null, body: citizenReportBody() })]);
      expect(raced.map((r) => r.status).sort()).toEqual([201, 429]);
      const counters = (await table.all()).filter((i) => i['kind'] === 'report-rate');
      expect(counters.map((c) => c['count'])).toEqual([ANONYMOUS_REPORT_LIMIT.perWindow]);
      expect((await table.all()).filter((i) => i['kind'] === 'citizen-report')).toHaveLength(ANONYMOUS_REPORT_LIMIT.perWindow);
      // The next window starts afresh.
      runtime.clock = { now: () => new Date('2026-11-30T08:05:00Z') };
      expect((await call('createReport', { caller: null, body: citizenReportBody() })).status).toBe(201);
    } finally {
      runtime.clock = systemClock;
    }
  });
});

describe('an exercise never enters the public indexes', () => {
  it('keeps its warning out of WARNS#ACTIVE and WARNS#LIFTED and its release out of RELEASES', async () => {
    const planId = await publishedPlan(call, county, {
      title: 'Accident plan',
      type: 'special',
      category: 'accident',
      divisionCode: '110105',
      responseLevels: { IV: { thresholds: { deaths: 1 }, measures: ['County command post'] } },
    });
    expect(planId).toBeTruthy();
    const drill = await call('reportIncident', { caller: county, body: reportBody({ occurredAt: hourAgo(), exercise: true }) });
    const incidentId = drill.body.incidentId as string;
    const warning = await call('issueWarning', {
      caller: county,
      params: { incidentId },
      body: { level: '4', startsAt: new Date().toISOString(), area: { divisions: ['110105'] }, hazards: ['Drill'], measures: ['Drill'], title: '演练' },
    });
    expect(warning.status).toBe(201);
    const release = await call('createRelease', { caller: county, params: { incidentId }, body: { title: '演练', body: '演练' } });
    expect(release.status).toBe(201);
    expect((await gsi('GSI1', keys.gsi.activeWarningsPK)).map((i) => i['warningId'])).not.toContain(warning.body.warningId);
    expect((await gsi('GSI1', keys.gsi.releasesPK)).map((i) => i['releaseId'])).not.toContain(release.body.releaseId);
    const lifted = await call('transitionWarning', { caller: county, params: { warningId: warning.body.warningId }, body: { action: 'lift' } });
    expect(lifted.status).toBe(200);
    const items = await table.all();
    const head = items.find((i) => i['PK'] === keys.warning(warning.body.warningId).PK)!;
    expect(head).toMatchObject({ exercise: true, status: 'lifted' });
    expect(head).not.toHaveProperty('GSI1PK');
    expect(items.filter((i) => i['kind'] === 'outbox' && (i['payload'] as { incidentId?: string }).incidentId === incidentId).map((i) => i['attributes'])).toEqual([{ exercise: 'true' }, { exercise: 'true' }]);
  });
});
