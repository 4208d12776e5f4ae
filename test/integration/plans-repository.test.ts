// The plan repository on DynamoDB Local through the plans handler: lists by division and status with cursors, versions,
// child links, plans due for a drill (rule 24) and the filing-deadline sweep (rule 23).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runtime } from '../../shared/app/runtime.ts';
import { systemClock } from '../../shared/clock.ts';
import { samplePlanBody } from '../support/bodies.ts';
import { cityOffice, countyOffice, officeOf } from '../support/callers.ts';
import { call } from '../support/invoke.ts';
import { outboxOf, useLocalTable, type TestTable } from '../support/local-table.ts';
import { publishedPlan } from '../support/replies.ts';

let table: TestTable;
beforeAll(async () => {
  table = await useLocalTable();
});
afterEach(() => {
  runtime.clock = systemClock;
});

/** A Monday in March 2026 (no public holiday within the next 20 working days), 10:00 in Beijing. */
const T0 = new Date('2026-03-02T02:00:00.000Z');
const at = (base: Date, { years = 0, days = 0, hours = 0 }: { years?: number; days?: number; hours?: number }) => {
  const d = new Date(base);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return new Date(d.getTime() + days * 86_400_000 + hours * 3_600_000);
};
const setClock = (d: Date) => {
  runtime.clock = { now: () => d };
};
const ids = (page: { items: { planId: string }[] }) => page.items.map((p) => p.planId);

describe('plans of a division', () => {
  it('pages 25 plans 10 at a time as 10, 10 and 5 without repeating one, and filters by status', async () => {
    // Prepare
    const office = officeOf('110102');
    const created = await Promise.all(
      Array.from({ length: 25 }, (_, i) => call('createPlan', { caller: office, body: samplePlanBody({ divisionCode: '110102', title: `Plan ${i}` }) })),
    );
    expect(created.map((c) => c.status)).toEqual(Array(25).fill(201));
    const submitted = created.slice(0, 5).map((c) => c.body.planId as string);
    for (const planId of submitted) {
      expect((await call('transitionPlan', { caller: office, params: { planId }, body: { action: 'submit' } })).status).toBe(200);
    }

    // Act
    const pages: { items: { planId: string; divisionCode: string }[]; cursor?: string }[] = [];
    let cursor: string | undefined;
    do {
      const r = await call('listPlans', { caller: office, query: { limit: '10', ...(cursor ? { cursor } : {}) } });
      expect(r.status).toBe(200);
      pages.push(r.body);
      cursor = r.body.cursor;
    } while (cursor && pages.length < 10);
    const underReview = await call('listPlans', { caller: office, query: { status: 'under-review', limit: '100' } });
    const drafts = await call('listPlans', { caller: office, query: { status: 'draft', limit: '100' } });

    // Assess
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 5]);
    const listed = pages.flatMap(ids);
    expect(new Set(listed).size).toBe(25);
    expect([...listed].sort()).toEqual(created.map((c) => c.body.planId as string).sort());
    expect(pages.flatMap((p) => p.items).every((p) => p.divisionCode === '110102')).toBe(true);
    expect(ids(underReview.body).sort()).toEqual([...submitted].sort());
    expect(underReview.body.items.every((p: { status: string }) => p.status === 'under-review')).toBe(true);
    expect(ids(drafts.body)).toHaveLength(20);
    expect(ids(drafts.body).some((id) => submitted.includes(id))).toBe(false);
  });

  it("refuses a cursor issued for another division's list (400 invalid-cursor)", async () => {
    // Prepare
    const office = officeOf('110107');
    await Promise.all(Array.from({ length: 3 }, () => call('createPlan', { caller: office, body: samplePlanBody({ divisionCode: '110107' }) })));
    await call('createPlan', { body: samplePlanBody() });
    const first = await call('listPlans', { caller: office, query: { limit: '2' } });
    expect(first.body.cursor).toEqual(expect.any(String));

    // Act
    const own = await call('listPlans', { caller: countyOffice, query: { limit: '2', cursor: first.body.cursor } });
    const bySuperior = await call('listPlans', { caller: cityOffice, query: { division: '110105', limit: '2', cursor: first.body.cursor } });
    const forged = await call('listPlans', { caller: office, query: { limit: '2', cursor: Buffer.from('{"GSI1PK":"PLANS#110107"}').toString('base64url') } });

    // Assess
    for (const r of [own, bySuperior, forged]) {
      expect(r.status).toBe(400);
      expect(r.headers['Content-Type']).toBe('application/problem+json');
      expect(r.body.code).toBe('invalid-cursor');
    }
  });
});

describe('plan versions', () => {
  it('drafts version 2 on PUT and keeps version 1 readable with its original content', async () => {
    // Prepare
    const created = await call('createPlan', { body: samplePlanBody() });
    const planId = created.body.planId as string;
    const revised = {
      title: 'Flood emergency plan (2026 revision)',
      responseLevels: { IV: { thresholds: { deaths: 1, affectedPopulation: 500 }, measures: ['Open shelters', 'Close riverside roads'] } },
      warningMeasures: { '3': ['Pre-position sandbags'] },
    };

    // Act
    const put = await call('revisePlan', { params: { planId }, body: revised, headers: { 'If-Match': created.headers['ETag']! } });
    const v1 = await call('getPlanVersion', { params: { planId, version: '1' } });
    const v2 = await call('getPlanVersion', { params: { planId, version: '2' } });
    const v3 = await call('getPlanVersion', { params: { planId, version: '3' } });

    // Assess
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ latestVersion: 2, title: revised.title, content: { version: 2, status: 'draft' } });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({
      planId,
      version: 1,
      status: 'replaced',
      title: 'Flood emergency plan',
      responseLevels: {
        III: { thresholds: { deaths: 3 }, measures: ['Evacuate low-lying areas'], requiredAuthority: 'city' },
        IV: { thresholds: { deaths: 1 }, measures: ['Open shelters'], requiredAuthority: 'county' },
      },
      warningMeasures: { '4': ['Publish forecasts'] },
    });
    expect(v1.body.endedAt).toEqual(expect.any(String));
    expect(v2.body).toMatchObject({ version: 2, status: 'draft', title: revised.title, warningMeasures: revised.warningMeasures });
    expect(Object.keys(v2.body.responseLevels)).toEqual(['IV']);
    expect(v3.status).toBe(404);
  });
});

describe('plan hierarchy', () => {
  it("lists the plans that hang under a city's overall plan, page by page", async () => {
    // Prepare
    const overall = await call('createPlan', { caller: cityOffice, body: samplePlanBody({ type: 'overall', divisionCode: '110100', title: 'City overall plan' }) });
    const parentPlanId = overall.body.planId as string;
    const children = [];
    for (const [caller, division] of [[countyOffice, '110105'], [officeOf('110108'), '110108'], [cityOffice, '110100']] as const) {
      const c = await call('createPlan', { caller, body: samplePlanBody({ divisionCode: division, parentPlanId }) });
      expect(c.status, JSON.stringify(c.body)).toBe(201);
      children.push(c.body.planId as string);
    }

    // Act
    const first = await call('planChildren', { caller: cityOffice, params: { planId: parentPlanId }, query: { limit: '2' } });
    const second = await call('planChildren', { caller: cityOffice, params: { planId: parentPlanId }, query: { limit: '2', cursor: first.body.cursor } });
    const byCounty = await call('planChildren', { caller: countyOffice, params: { planId: parentPlanId }, query: { limit: '100' } });

    // Assess
    expect(first.body.items).toHaveLength(2);
    expect([...ids(first.body), ...ids(second.body)].sort()).toEqual([...children].sort());
    expect(first.body.items.every((p: { parentPlanId: string }) => p.parentPlanId === parentPlanId)).toBe(true);
    // A county sees its own child and the city's, not its neighbour's.
    expect(ids(byCounty.body).sort()).toEqual([children[0], children[2]].sort());
  });
});

describe('plans due for a drill (rule 24)', () => {
  it('lists a special or department plan in force once 3 years have passed without a drill, and drops it after a drill', async () => {
    // Prepare
    const office = officeOf('110106');
    setClock(T0);
    const special = await publishedPlan(call, office, samplePlanBody({ divisionCode: '110106', type: 'special' }));
    const department = await publishedPlan(call, office, samplePlanBody({ divisionCode: '110106', type: 'department' }));
    const overall = await publishedPlan(call, office, samplePlanBody({ divisionCode: '110106', type: 'overall' }));
    const draft = (await call('createPlan', { caller: office, body: samplePlanBody({ divisionCode: '110106' }) })).body.planId as string;
    const due = async () => {
      const r = await call('dueForDrill', { caller: office, query: { limit: '100' } });
      expect(r.status).toBe(200);
      return ids(r.body);
    };

    // Act & Assess: a day short of 3 years, nothing is due
    setClock(at(T0, { years: 3, days: -1 }));
    expect(await due()).toEqual([]);

    // 3 years and a day: the special and the department plan are due; the overall plan and the draft never are
    const later = at(T0, { years: 3, days: 1 });
    setClock(later);
    expect((await due()).sort()).toEqual([special, department].sort());

    // A drill restarts the special plan's clock
    const drill = await call('recordDrill', {
      caller: office,
      params: { planId: special },
      body: { conductedAt: at(later, { hours: -2 }).toISOString(), scenario: 'Flash flood in the western hills', participants: 80 },
    });
    expect(drill.status).toBe(201);
    expect(await due()).toEqual([department]);
    expect(await due()).not.toContain(overall);
    expect(await due()).not.toContain(draft);

    // The city above sees the county's due plans
    const byCity = await call('dueForDrill', { caller: cityOffice, query: { division: '110106', limit: '100' } });
    expect(ids(byCity.body)).toEqual([department]);
  });
});

describe('filing-deadline sweep (rule 23)', () => {
  it('flags a plan published 40 days ago and not filed exactly once, and never a filed plan', async () => {
    // Prepare
    const { sweepFilingDeadlines } = await import('../../functions/plan-deadlines/sweep.ts');
    const office = officeOf('110109');
    setClock(T0);
    const unfiled = await publishedPlan(call, office, samplePlanBody({ divisionCode: '110109' }));
    const filed = await publishedPlan(call, office, samplePlanBody({ divisionCode: '110109', title: 'Filed plan' }));
    expect((await call('transitionPlan', { caller: office, params: { planId: filed }, body: { action: 'file' } })).status).toBe(200);
    const sweepAt = at(T0, { days: 40 });
    const before = await call('getPlan', { caller: office, params: { planId: unfiled } });
    expect(before.body.filing).toMatchObject({ overdue: false, dueDate: expect.stringMatching(/^2026-0[34]-\d{2}$/) });
    expect(before.body.filing.dueDate < sweepAt.toISOString().slice(0, 10)).toBe(true);

    // Act
    const first = await sweepFilingDeadlines(table.db, table.tableName, sweepAt, 'sweep-run-1');
    const second = await sweepFilingDeadlines(table.db, table.tableName, at(sweepAt, { days: 1 }), 'sweep-run-2');

    // Assess
    expect(first.flagged).toBeGreaterThanOrEqual(1);
    expect(first.conflicts).toBe(0);
    expect(second).toEqual({ checked: 0, flagged: 0, conflicts: 0 });
    const alerts = await outboxOf(table, unfiled, 'plan.filing-overdue');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ division: '110109', payload: { planId: unfiled, version: 1, filingDueDate: before.body.filing.dueDate }, requestId: 'sweep-run-1' });
    expect(await outboxOf(table, filed, 'plan.filing-overdue')).toEqual([]);

    setClock(sweepAt);
    const after = await call('getPlan', { caller: office, params: { planId: unfiled } });
    expect(after.body.filing).toMatchObject({ overdue: true });
    expect(after.body.filing.workingDaysLeft).toBeUndefined();
    const filedView = await call('getPlan', { caller: office, params: { planId: filed } });
    expect(filedView.body.filing).toMatchObject({ overdue: false, filedAt: expect.any(String) });
  });
});
