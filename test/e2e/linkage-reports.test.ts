// Issue 11 end to end over HTTP on the local host: a citizen reports a rumour anonymously, the office substantiates it as
// false and publishes a rebuttal, the reporter follows it with the code (rule 25; Art 7); a county incident report
// reaches the city's inbox, is flagged overdue once and acknowledged late (Art 17, 61); an exercise incident runs a full
// response, recovery and investigation (Art 86-94) and no public feed shows it; a drill cites it; a reporter's contact
// appears nowhere, not in views, lists, alerts, the outbox, the audit, releases or logs; a flood of reports gets 429.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Every log line, down to DEBUG, is written so that the canary test can look for the reporter's contact in it.
vi.hoisted(() => {
  process.env['LOG_LEVEL'] = 'DEBUG';
});

import { run as noticeSweep } from '../../functions/notice-deadlines/job.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { systemClock } from '../../shared/clock.ts';
import { ANONYMOUS_REPORT_LIMIT } from '../../shared/domain/citizen-report.ts';
import { reportBody } from '../support/bodies.ts';
import { cityOffice, countyOffice, otherCountyOffice, type Caller } from '../support/callers.ts';
import { startTestPlatform, type HttpReply, type TestPlatform } from '../support/http.ts';
import { ok, publishedPlan } from '../support/replies.ts';
import { snsSubscriptionIdOf } from '../support/subscription-channels.ts';

/** The reporter's contact: values that must never be seen again outside its sealed field (rule 25). */
const CANARY = { name: '司马金丝雀', phone: '13912345678', email: 'canary.reporter.7f3a@example.org' };
const CANARY_SPELLINGS = [CANARY.name, CANARY.phone, '+8613912345678', CANARY.email];
/** Their masks: kept inside the sealed field for the reveal route's sake, shown by no view either. */
const CANARY_MASKS = ['司马***', '139****5678', 'c***@example.org'];

let platform: TestPlatform;
/** Every answer the API gave in this file, for the canary test. */
const answers: HttpReply[] = [];
/** Every log line written in this file. */
const logLines: string[] = [];

const call = async (name: Parameters<TestPlatform['route']>[0], input: Parameters<TestPlatform['route']>[1] = {}) => {
  const r = await platform.route(name, input);
  answers.push(r);
  return r;
};
const anonymous = { caller: null };
const sweep = (now: Date) => noticeSweep({ db: platform.db, table: platform.tableName, now, runId: `test-${now.toISOString()}`, progress: () => undefined });
/** Runs `act` with the process's clock at `at`, as the handlers see it. */
async function at<T>(instant: Date, act: () => Promise<T>): Promise<T> {
  runtime.clock = { now: () => instant };
  try {
    return await act();
  } finally {
    runtime.clock = systemClock;
  }
}

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logLines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
  platform = await startTestPlatform();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await platform?.close();
});

const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();
const report = async (caller: Caller, o: Record<string, unknown> = {}) => ok(call('reportIncident', { caller, body: reportBody({ occurredAt: hourAgo(), ...o }) }), 201, 'incident report');

let rumourIncidentId: string;
let reportId: string;
let followUpCode: string;

describe('a rumour reported anonymously, substantiated as false and rebutted (rule 25; Art 7)', () => {
  it('takes the report without a token, answers an id and a follow-up code, and shows the reporter only the status', async () => {
    rumourIncidentId = (await report(countyOffice, { category: 'natural-disaster', type: 'flood', title: 'Flooding along the Liangma River' })).incidentId;

    const receipt = await ok(
      call('createReport', {
        ...anonymous,
        body: {
          kind: 'rumour',
          divisionCode: '110105',
          description: 'Messages on social media say the Liangma River dam has burst and 30 people drowned.',
          evidence: [{ kind: 'link', reference: 'https://social.example.org/post/123' }],
          incidentId: rumourIncidentId,
          contact: CANARY,
        },
      }),
      201,
      'anonymous report',
    );
    reportId = receipt.reportId;
    followUpCode = receipt.followUpCode;
    expect(receipt).toEqual({ reportId, status: 'received', followUpCode: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/), receivedAt: expect.any(String) });

    const status = await call('reportStatus', { ...anonymous, params: { reportId }, query: { code: followUpCode } });
    expect(status.status).toBe(200);
    expect(status.body).toEqual({ reportId, status: 'received', receivedAt: receipt.receivedAt, updatedAt: receipt.receivedAt });
    expect(status.headers.get('cache-control')).toBe('no-store');
  });

  it('answers a wrong code exactly as a report that does not exist: 404', async () => {
    const wrong = await call('reportStatus', { ...anonymous, params: { reportId }, query: { code: 'A'.repeat(24) } });
    const missing = await call('reportStatus', { ...anonymous, params: { reportId: '00000000-0000-4000-8000-000000000000' }, query: { code: followUpCode } });
    expect([wrong.status, missing.status]).toEqual([404, 404]);
    expect(wrong.body.code).toBe('not-found');
    expect(missing.body.code).toBe('not-found');
  });

  it('lets the county office work the report, never showing who made it, and the neighbouring county not at all', async () => {
    const list = await ok(call('listReports', { query: { division: '110105', kind: 'rumour' } }));
    expect(list.items.map((r: { reportId: string }) => r.reportId)).toContain(reportId);
    const mine = list.items.find((r: { reportId: string }) => r.reportId === reportId);
    expect(mine).toMatchObject({ kind: 'rumour', status: 'received', contactGiven: true, incidentId: rumourIncidentId });
    expect(Object.keys(mine)).not.toContain('contact');

    const neighbour = await call('transitionReport', { caller: otherCountyOffice, params: { reportId }, body: { action: 'assign', department: 'Haidian' } });
    expect(neighbour.status).toBe(404);
    const early = await call('transitionReport', { params: { reportId }, body: { action: 'publish-rebuttal', title: { 'zh-CN': '辟谣', en: 'Rebuttal' }, body: { 'zh-CN': '不实', en: 'False' } } });
    expect(early.status).toBe(409);

    await ok(call('transitionReport', { params: { reportId }, body: { action: 'assign', department: 'Chaoyang public information office' } }));
    const substantiated = await ok(
      call('transitionReport', { params: { reportId }, body: { action: 'substantiate', findings: 'The rumour is false: the dam is intact and nobody drowned; the posts began on one account.' } }),
    );
    expect(substantiated).toMatchObject({ status: 'substantiated', findings: { text: expect.stringContaining('false') }, handledBy: { division: '110105', level: 'county' } });
  });

  it('publishes a bilingual rebuttal linked to the report and the incident, shown to the public as kind rebuttal (Art 7)', async () => {
    const rebutted = await ok(
      call('transitionReport', {
        params: { reportId },
        body: {
          action: 'publish-rebuttal',
          title: { 'zh-CN': '关于"亮马河大坝溃决"的辟谣', en: 'Rebuttal: the Liangma River dam has not burst' },
          body: { 'zh-CN': '经核实，亮马河大坝完好，无人员溺亡。请勿传播不实信息。', en: 'The dam is intact and nobody drowned. Please do not spread false information.' },
        },
      }),
    );
    expect(rebutted).toMatchObject({ status: 'rebutted', rebuttal: { incidentId: rumourIncidentId, releaseId: expect.any(String) } });

    const releases = await ok(call('publicReleases', { ...anonymous, query: { division: '110105' } }));
    const rebuttal = releases.items.find((r: { releaseId: string }) => r.releaseId === rebutted.rebuttal.releaseId);
    expect(rebuttal).toMatchObject({ kind: 'rebuttal', reportId, incidentId: rumourIncidentId, title: { 'zh-CN': expect.any(String), en: expect.any(String) } });

    const status = await ok(call('reportStatus', { ...anonymous, params: { reportId }, query: { code: followUpCode } }));
    expect(status.status).toBe('rebutted');
  });
});

describe('a county incident report reaches the city inbox, is flagged overdue once and acknowledged late (Art 17, 61)', () => {
  let incidentId: string;
  let notice: { noticeId: string; dueAt: string; sentAt: string };

  it('sends the report up to the city office in the same write, due within the category deadline (120 minutes)', async () => {
    const incident = await report(countyOffice, { title: 'Gas explosion at a market' });
    incidentId = incident.incidentId;
    expect(incident.notices).toHaveLength(1);
    notice = incident.notices[0];
    expect(incident.notices[0]).toMatchObject({ kind: 'incident-report', relation: 'superior', from: { division: '110105' }, to: { division: '110100', level: 'city' }, status: 'pending', overdue: false });
    expect(Date.parse(notice.dueAt) - Date.parse(notice.sentAt)).toBe(120 * 60_000);

    const inbox = await ok(call('listInbox', { caller: cityOffice, query: { status: 'pending' } }));
    expect(inbox.items.map((n: { noticeId: string }) => n.noticeId)).toContain(notice.noticeId);
    const county = await ok(call('listInbox', { query: { status: 'pending' } }));
    expect(county.items.map((n: { noticeId: string }) => n.noticeId)).not.toContain(notice.noticeId);
  });

  it('flags the unacknowledged notice once past due and announces notice.overdue once', async () => {
    const late = new Date(Date.parse(notice.dueAt) + 60_000);
    expect(await sweep(new Date(Date.parse(notice.dueAt) - 60_000))).toMatchObject({ flagged: 0 });
    // The rumour's incident report (sent moments earlier) falls due with it.
    expect((await sweep(late)).flagged).toBeGreaterThanOrEqual(1);
    expect(await sweep(new Date(late.getTime() + 600_000))).toMatchObject({ flagged: 0 });
    await platform.poller.idle();
    const overdue = platform.sink.alerts.filter((a) => a.type === 'notice.overdue' && a.payload['noticeId'] === notice.noticeId);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ division: '110100', category: 'accident', level: 'none', payload: { incidentId, fromDivision: '110105', toDivision: '110100', kind: 'incident-report' } });
    const inbox = await ok(call('listInbox', { caller: cityOffice, query: { status: 'overdue' } }));
    expect(inbox.items.find((n: { noticeId: string }) => n.noticeId === notice.noticeId)).toMatchObject({ status: 'overdue', overdue: true, flaggedOverdueAt: late.toISOString() });
  });

  it('lets only the city acknowledge, late, and shows the county who acknowledged and when', async () => {
    const countyAck = await call('acknowledgeNotice', { params: { noticeId: notice.noticeId } });
    expect(countyAck.status).toBe(404);
    const ackAt = new Date(Date.parse(notice.dueAt) + 30 * 60_000);
    const acked = await at(ackAt, () => ok(call('acknowledgeNotice', { caller: cityOffice, params: { noticeId: notice.noticeId } })));
    expect(acked).toMatchObject({ status: 'acknowledged', overdue: true, acknowledgement: { at: ackAt.toISOString(), by: { division: '110100', level: 'city' }, late: true } });
    const again = await call('acknowledgeNotice', { caller: cityOffice, params: { noticeId: notice.noticeId } });
    expect(again.status).toBe(409);

    const receipts = await ok(call('incidentNotices', { params: { incidentId } }));
    expect(receipts.items).toEqual([expect.objectContaining({ noticeId: notice.noticeId, acknowledgement: { at: ackAt.toISOString(), by: { division: '110100', level: 'city' }, late: true } })]);
    const view = await ok(call('getIncident', { params: { incidentId } }));
    expect(view.notices[0]).toMatchObject({ noticeId: notice.noticeId, dueAt: notice.dueAt, status: 'acknowledged' });
  });

  it('reports a follow-up too, and notifies the neighbours a warning names (Art 64), refusing one that is not a neighbour', async () => {
    const followed = await ok(
      call('followUpIncident', { params: { incidentId }, body: { casualties: { deaths: 3, missing: 0, injured: 6, seriouslyInjured: 2 }, directLossFen: 2_000_000, affectedPopulation: 400 } }),
    );
    expect(followed.notices[0]).toMatchObject({ kind: 'incident-update', updateSeq: 1, to: { division: '110100' } });

    const notNeighbour = await call('issueWarning', {
      params: { incidentId },
      body: { level: '4', startsAt: new Date().toISOString(), area: { divisions: ['110105'] }, hazards: ['Gas'], measures: ['Keep away'], title: '燃气预警', notify: ['120101'] },
    });
    expect(notNeighbour.status).toBe(422);
    expect(notNeighbour.body).toMatchObject({ code: 'not-a-neighbour', errors: [{ path: 'body.notify.0' }] });

    await ok(
      call('issueWarning', {
        params: { incidentId },
        body: { level: '4', startsAt: new Date().toISOString(), area: { divisions: ['110105'] }, hazards: ['Gas'], measures: ['Keep away'], title: '燃气预警', notify: ['110108'] },
      }),
      201,
    );
    const haidian = await ok(call('listInbox', { caller: otherCountyOffice }));
    expect(haidian.items).toEqual([expect.objectContaining({ kind: 'warning-issued', relation: 'neighbour', from: { division: '110105', level: 'county' }, incidentId })]);
  });
});

describe('an exercise incident runs a full response and no public feed shows it', () => {
  let planId: string;
  let exerciseId: string;
  let warningId: string;
  let releaseId: string;

  let plainSubscription: string;
  let drillSubscription: string;

  it('runs every step: report, warning, activation, release, termination, investigation and recovery to archived (Art 86-94)', async () => {
    const subscribe = async (endpoint: string, filter: Record<string, unknown>) => (await ok(call('createSubscription', { body: { protocol: 'email', endpoint, filter } }), 201)).subscriptionId as string;
    plainSubscription = await subscribe('duty.room@example.org', { divisionPrefix: '1101' });
    drillSubscription = await subscribe('drill.team@example.org', { divisionPrefix: '1101', includeExercises: true });
    planId = await publishedPlan(platform.route, countyOffice, {
      title: 'Chaoyang gas accident plan',
      type: 'special',
      category: 'accident',
      divisionCode: '110105',
      responseLevels: { IV: { thresholds: { deaths: 1 }, measures: ['County command post'] } },
    });
    const incident = await report(countyOffice, { title: 'Drill: gas explosion at a school', exercise: true });
    exerciseId = incident.incidentId;
    expect(incident).toMatchObject({ exercise: true, notices: [expect.objectContaining({ exercise: true, to: { division: '110100', level: 'city' } })] });

    const warning = await ok(
      call('issueWarning', {
        params: { incidentId: exerciseId },
        body: { level: '3', startsAt: new Date().toISOString(), area: { divisions: ['110105'] }, hazards: ['Drill: gas'], measures: ['Drill: evacuate'], title: '演练：燃气黄色预警' },
      }),
      201,
    );
    warningId = warning.warningId;
    expect(warning.exercise).toBe(true);
    await ok(
      call('activateResponse', {
        params: { incidentId: exerciseId },
        body: { planId, planVersion: 1, level: 'IV', matters: 'Drill: rescue', expectedDuration: '4h', measures: ['Drill: evacuate'], basis: { metric: 'deaths' } },
      }),
      201,
    );
    releaseId = (await ok(call('createRelease', { params: { incidentId: exerciseId }, body: { title: '演练通报', body: '这是一次演练。' } }), 201)).releaseId;
    await ok(call('transitionWarning', { params: { warningId }, body: { action: 'lift', reason: 'Drill over' } }));
    const terminated = await ok(call('transitionResponse', { params: { incidentId: exerciseId }, body: { action: 'terminate', reason: 'Drill over' } }));
    expect(terminated).toMatchObject({ status: 'recovery', investigation: { status: 'open', overdue: false } });

    const early = await call('transitionInvestigation', { params: { incidentId: exerciseId }, body: { action: 'submit' } });
    expect(early.body.code).toBe('investigation-findings-missing');
    await ok(
      call('recordInvestigation', {
        params: { incidentId: exerciseId },
        body: {
          causes: 'Drill scenario: a corroded gas pipe',
          losses: { description: 'None (drill)', directLossFen: 0 },
          lessons: 'Evacuation of the school took 12 minutes',
          recommendations: ['Mark assembly points'],
          responsibility: 'None (drill)',
        },
      }),
    );
    const task = await ok(call('createRecoveryTask', { params: { incidentId: exerciseId }, body: { kind: 'funds-audit', ownerDepartment: 'Chaoyang finance bureau', dueDate: '2999-12-31' } }), 201);
    const submitted = await ok(call('transitionInvestigation', { params: { incidentId: exerciseId }, body: { action: 'submit' } }));
    expect(submitted).toMatchObject({ status: 'assessed', investigation: { status: 'submitted', submittedBy: { division: '110105' }, noticeId: expect.any(String) } });
    const cityInbox = await ok(call('listInbox', { caller: cityOffice }));
    expect(cityInbox.items.find((n: { noticeId: string }) => n.noticeId === submitted.investigation.noticeId)).toMatchObject({ kind: 'investigation-report', exercise: true, incidentId: exerciseId });

    const archived = await ok(call('completeRecoveryTask', { params: { incidentId: exerciseId, taskId: task.recoveryTasks[0].taskId }, body: { outcome: 'Audited' } }));
    expect(archived).toMatchObject({ status: 'archived', recoveryTasks: [{ status: 'done', outcome: 'Audited' }] });
    const listed = await ok(call('listIncidents', { query: { division: '110105', status: 'archived' } }));
    expect(listed.items.map((i: { incidentId: string }) => i.incidentId)).toEqual([exerciseId]);
  });

  it('marks every alert of the exercise exercise=true, so default subscriptions leave it out', async () => {
    await platform.poller.idle();
    const alerts = platform.sink.alerts.filter((a) => a.payload['incidentId'] === exerciseId);
    expect(alerts.map((a) => a.type).sort()).toEqual(['response.activated', 'response.terminated', 'warning.issued', 'warning.lifted']);
    for (const a of alerts) expect(a.attributes).toEqual({ exercise: 'true' });
    // The default subscription gets none of them; the one that asked for exercises gets them all.
    const [plain, drills] = [await snsSubscriptionIdOf(platform.db, platform.tableName, plainSubscription), await snsSubscriptionIdOf(platform.db, platform.tableName, drillSubscription)];
    for (const a of alerts) expect(platform.deliveriesOf(a.eventId)).toEqual([drills]);
    // A real warning issued now reaches both.
    const real = await ok(
      call('issueWarning', {
        params: { incidentId: rumourIncidentId },
        body: { level: '4', startsAt: new Date().toISOString(), area: { divisions: ['110105'] }, hazards: ['High water'], measures: ['Keep off the banks'], title: '亮马河水位蓝色预警' },
      }),
      201,
    );
    await platform.poller.idle();
    const realAlert = platform.sink.alerts.find((a) => a.type === 'warning.issued' && a.payload['warningId'] === real.warningId)!;
    expect(realAlert.attributes).toBeUndefined();
    expect(platform.deliveriesOf(realAlert.eventId).sort()).toEqual([plain, drills].sort());
  });

  it('shows the exercise in no public JSON, CAP or Atom feed; its CAP document is a 404', async () => {
    const text = async (path: string) => (await fetch(`${platform.url}${path}`)).text();
    for (const path of ['/v1/public/warnings', '/v1/public/warnings.cap', '/v1/public/releases']) {
      const body = await text(path);
      expect(body, path).not.toContain(exerciseId);
      expect(body, path).not.toContain(warningId);
      expect(body, path).not.toContain(releaseId);
    }
    const cap = await fetch(`${platform.url}/v1/public/warnings/${warningId}.cap`);
    expect(cap.status).toBe(404);
    // A real warning is public all the while: the feeds work, they leave the exercise out.
    expect(await text('/v1/public/warnings.cap')).toContain('<status>Actual</status>');
  });

  it('lets a drill record link the exercise, and only an exercise, so the evaluation cites what was practised', async () => {
    const drillBody = { conductedAt: hourAgo(), scenario: 'Gas explosion at a school', participants: 60 };
    const real = await call('recordDrill', { params: { planId }, body: { ...drillBody, exerciseIncidentId: rumourIncidentId } });
    expect(real.body).toMatchObject({ code: 'not-an-exercise', errors: [{ path: 'body.exerciseIncidentId' }] });
    const none = await call('recordDrill', { params: { planId }, body: { ...drillBody, exerciseIncidentId: '00000000-0000-4000-8000-000000000000' } });
    expect(none.body.code).toBe('exercise-incident-not-found');
    const drill = await ok(call('recordDrill', { params: { planId }, body: { ...drillBody, exerciseIncidentId: exerciseId } }), 201);
    expect(drill.exerciseIncidentId).toBe(exerciseId);
    const evaluated = await ok(call('evaluateDrill', { params: { drillId: drill.drillId }, body: { findings: ['Assembly points unmarked'], revisionNeeded: false } }));
    expect(evaluated.evaluation.practised).toEqual({ incidentId: exerciseId, title: 'Drill: gas explosion at a school', status: 'archived', responseLevel: 'IV', warnings: 1 });
  });
});

describe("canary: a reporter's contact appears nowhere (rule 25)", () => {
  it('is in no answer, list, alert, outbox or audit item, release or log line; only its sealed field holds it, encrypted', async () => {
    await platform.poller.idle();
    const seen = (haystack: string) => [...CANARY_SPELLINGS, ...CANARY_MASKS].filter((v) => haystack.includes(v));

    expect(seen(JSON.stringify(answers.map((a) => a.body)))).toEqual([]);
    expect(seen(JSON.stringify(platform.sink.alerts))).toEqual([]);
    expect(seen(logLines.join(''))).toEqual([]);
    const releases = await (await fetch(`${platform.url}/v1/public/releases`)).text();
    expect(seen(releases)).toEqual([]);

    const items = await platform.dump();
    // No item holds a clear value anywhere; the masks sit only in the sealed contact of the report's head.
    expect(seen(JSON.stringify(items)).filter((v) => CANARY_SPELLINGS.includes(v))).toEqual([]);
    const withMask = items.filter((i) => seen(JSON.stringify(i)).length > 0);
    expect(withMask.map((i) => `${String(i['PK'])} ${String(i['SK'])}`)).toEqual([`RPT#${reportId} HEAD`]);
    const head = withMask[0]!;
    const { contact, ...rest } = head as { contact: Record<string, { c: string; purpose: string }> };
    expect(seen(JSON.stringify(rest))).toEqual([]);
    expect(Object.values(contact).map((f) => f.purpose)).toEqual(['report', 'report', 'report']);
    const audits = items.filter((i) => i['kind'] === 'audit' && i['entity'] === 'report');
    expect(audits.length).toBeGreaterThan(0);
    // Rule 25: not even the pseudonymous source of the anonymous reporter is in the audit trail.
    expect(audits.find((a) => a['action'] === 'receive-report')).toMatchObject({ actorKind: 'anonymous', actorSub: 'anon:api:withheld' });
    expect(items.filter((i) => i['kind'] === 'outbox').length).toBeGreaterThan(0);
  });
});

describe('only the logged reveal opens the contact (rules 18, 25)', () => {
  it("gives the county office the phone once it says why, and writes who, when and why to the report's trail, never the value", async () => {
    const body = { ref: { kind: 'report', id: reportId }, field: 'contact.phone', purpose: 'To pay the reward for a substantiated report' };
    // Not through `call`: the canary above has run; this answer is the one place the value may appear.
    const neighbour = await platform.route('revealPersonalData', { caller: otherCountyOffice, body });
    // Sideways the report is as absent as one that does not exist.
    expect(neighbour.status).toBe(404);
    const revealed = await platform.route('revealPersonalData', { body });
    expect(revealed.status, JSON.stringify(revealed.body)).toBe(200);
    expect(revealed.body.value).toBe('+8613912345678');
    const trail = (await platform.dump()).filter((i) => i['PK'] === `RPT#${reportId}` && i['kind'] === 'audit' && i['action'] === 'pii.revealed');
    expect(trail).toEqual([expect.objectContaining({ field: 'contact.phone', actorSub: countyOffice.sub, reason: body.purpose })]);
    expect(JSON.stringify(trail)).not.toContain('13912345678');
  });
});

/** A report the console's offline outbox sends, and sends again after a lost answer, under one Idempotency-Key (issue 12). */
const OUTBOX_KEY = 'outbox-5b7e2c90-citizen-report';
const keyedReport = {
  kind: 'hoarding',
  divisionCode: '110105',
  description: 'A wholesaler on Dongsanhuan Road holds back bottled water and tells buyers to come back tomorrow.',
  contact: { phone: '13787654321' },
};
const keyed = (body: Record<string, unknown> = keyedReport) => ({ ...anonymous, body, headers: { 'Idempotency-Key': OUTBOX_KEY } });
let keyedReceipt: { reportId: string; followUpCode: string };

describe('a report resent with its Idempotency-Key (issue 12: the offline outbox)', () => {
  it('creates one report and answers the resend with the same receipt, follow-up code included, marked Idempotent-Replayed', async () => {
    const first = await call('createReport', keyed());
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    keyedReceipt = first.body;

    const again = await call('createReport', keyed());
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);

    const listed = await call('listReports', { caller: countyOffice, query: { limit: '100' } });
    expect((listed.body.items as { description: string }[]).filter((i) => i.description === keyedReport.description)).toHaveLength(1);
    const status = await call('reportStatus', { ...anonymous, params: { reportId: keyedReceipt.reportId }, query: { code: keyedReceipt.followUpCode } });
    expect(status.status).toBe(200);
  });

  it('keeps the code in the idempotency record only sealed (purpose report): the table holds it nowhere in the clear', async () => {
    const items = await platform.dump();
    expect(JSON.stringify(items)).not.toContain(keyedReceipt.followUpCode);
    const records = items.filter((i) => String(i['PK']).startsWith('IDEMP#') && String(i['PK']).endsWith(`#createReport#${OUTBOX_KEY}`));
    expect(records).toHaveLength(1);
    const kept = JSON.parse(String(records[0]!['responseBody'])) as { reportId: string; followUpCode: { c: string; mask: string; purpose: string } };
    expect(kept.reportId).toBe(keyedReceipt.reportId);
    expect(kept.followUpCode).toMatchObject({ v: 1, c: expect.any(String), mask: '***', purpose: 'report', incidentId: `report-${keyedReceipt.reportId}` });
    // The request hash is keyed: the contact in the body cannot be tested against it.
    expect(JSON.stringify(records[0])).not.toContain('13787654321');
  });

  it('refuses the same key with another body: 422 idempotency-key-reused, writing nothing', async () => {
    const before = await platform.dump();
    const other = await call('createReport', keyed({ ...keyedReport, description: 'Another shop on the same road does the same.' }));
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency-key-reused');
    expect(await platform.dump()).toEqual(before);
  });
});

describe('anonymous reports are limited per source', () => {
  it(`answers a flood past ${ANONYMOUS_REPORT_LIMIT.perWindow} reports in a window with 429 and Retry-After, writing nothing`, async () => {
    const body = { kind: 'price-gouging', divisionCode: '110105', description: 'Masks sold at ten times the price' };
    // One instant for the whole flood: the window cannot turn over half-way.
    await at(new Date(), async () => {
      let accepted = 0;
      let refused: HttpReply | undefined;
      for (let i = 0; i <= ANONYMOUS_REPORT_LIMIT.perWindow && !refused; i++) {
        const r = await call('createReport', { ...anonymous, body });
        if (r.status === 429) refused = r;
        else expect(r.status).toBe(201);
        if (r.status === 201) accepted += 1;
      }
      expect(refused, 'the flood was never refused').toBeDefined();
      expect(accepted).toBeLessThanOrEqual(ANONYMOUS_REPORT_LIMIT.perWindow);
      expect(refused!.body.code).toBe('too-many-requests');
      expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);

      const before = await platform.dump();
      const again = await call('createReport', { ...anonymous, body });
      expect(again.status).toBe(429);
      expect(await platform.dump()).toEqual(before);

      // A resend of a report already made is answered from its record: the limit neither refuses nor counts it.
      const resent = await call('createReport', keyed());
      expect(resent.status).toBe(201);
      expect(resent.headers.get('idempotent-replayed')).toBe('true');
      expect(resent.body.followUpCode).toBe(keyedReceipt.followUpCode);
      expect(await platform.dump()).toEqual(before);
    });
  });
});
