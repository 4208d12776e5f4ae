// The plan aggregate by example: life cycle, revision, filing (备案) route and deadline, response levels, hierarchy, drills.
import { describe, expect, it } from 'vitest';
import type { Drill } from '../../shared/domain/drill.ts';
import { drillClock, drillDueBefore, evaluateDrill, needsDrillTracking, recordDrill } from '../../shared/domain/drill.ts';
import type { Plan, PlanAction, PlanContent, PlanType, VersionStatus } from '../../shared/domain/plan.ts';
import {
  checkParent,
  checkResponseLevels,
  createPlan,
  filingRoute,
  isFilingOverdue,
  markFilingOverdue,
  reviseDraft,
  withDefaultAuthority,
} from '../../shared/domain/plan.ts';
import { InvalidTransition, RuleViolation } from '../../shared/errors.ts';
import { act, actAll, countyActor, identity, latestOf, newStore, planContent, revise, tryTransition, type PlanStore } from './plan-fixtures.ts';

const created = new Date('2025-09-01T02:00:00Z');
const publishedAt = new Date('2025-09-30T02:00:00Z'); // 10:00 on 30 September in China Standard Time
const hourAfter = (d: Date, hours = 1) => new Date(d.getTime() + hours * 3600_000);

/** A plan whose version 1 was published at `publishedAt` (submitted and approved the day before). */
function publishedStore(type: PlanType = 'special', division = '110105'): PlanStore {
  const store = newStore(created, type, division);
  actAll(store, ['submit', 'approve'], new Date('2025-09-29T02:00:00Z'));
  act(store, 'publish', publishedAt);
  return store;
}

function storeAt(status: VersionStatus): PlanStore {
  const store = newStore(created);
  const path: Record<string, PlanAction[]> = {
    draft: [],
    'under-review': ['submit'],
    approved: ['submit', 'approve'],
    published: ['submit', 'approve', 'publish'],
    filed: ['submit', 'approve', 'publish', 'file'],
  };
  actAll(store, path[status]!, hourAfter(created));
  return store;
}

function expectRefusal(fn: () => unknown, ErrorClass: typeof InvalidTransition | typeof RuleViolation, code: string, status: number) {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ErrorClass);
  expect(thrown).toMatchObject({ status, code });
}

describe('creating a plan', () => {
  it('starts as draft version 1 at rev 1 with a create audit entry', () => {
    const change = createPlan(identity(), planContent(), countyActor, created);

    expect(change.plan).toMatchObject({ status: 'draft', latestVersion: 1, rev: 1, revisionNeeded: false, title: 'Flood emergency plan' });
    expect(change.plan.inForceVersion).toBeUndefined();
    expect(change.versions).toHaveLength(1);
    expect(change.versions[0]).toMatchObject({ version: 1, status: 'draft', createdBy: 'office-110105', createdAt: created.toISOString() });
    expect(change.change).toEqual({ action: 'create', from: null, to: 'draft' });
    expect(change.event).toBeUndefined();
  });

  it('refuses a plan without response levels (Art 28)', () => {
    const content: PlanContent = { ...planContent(), responseLevels: {} };
    expectRefusal(() => createPlan(identity(), content, countyActor, created), RuleViolation, 'no-response-levels', 422);
  });
});

describe('plan life cycle transitions', () => {
  it('submits a draft for review', () => {
    // Prepare
    const store = newStore(created);
    const at = hourAfter(created);

    // Act
    const change = act(store, 'submit', at);

    // Assess
    expect(change.plan).toMatchObject({ status: 'under-review', rev: 2, updatedAt: at.toISOString() });
    expect(change.versions).toEqual([expect.objectContaining({ version: 1, status: 'under-review', submittedAt: at.toISOString() })]);
    expect(change.change).toEqual({ action: 'submit', from: 'v1:draft', to: 'v1:under-review' });
    expect(change.event).toBeUndefined();
  });

  it('approves a version under review', () => {
    const store = storeAt('under-review');
    const at = hourAfter(created, 5);

    const change = act(store, 'approve', at);

    expect(change.plan).toMatchObject({ status: 'approved', rev: 3 });
    expect(change.versions).toEqual([expect.objectContaining({ version: 1, status: 'approved', approvedAt: at.toISOString() })]);
    expect(change.change).toEqual({ action: 'approve', from: 'v1:under-review', to: 'v1:approved' });
    expect(change.event).toBeUndefined();
  });

  it('publishes an approved version, puts it in force and announces it with its filing due date (rule 23)', () => {
    // Prepare
    const store = storeAt('approved');

    // Act
    const change = act(store, 'publish', publishedAt);

    // Assess
    expect(change.plan).toMatchObject({
      status: 'published',
      inForceVersion: 1,
      firstPublishedAt: publishedAt.toISOString(),
      rev: 4,
      filing: { version: 1, to: { body: 'lead-department', division: '110100' }, dueDate: '2025-11-04' },
    });
    expect(change.plan.filing?.filedAt).toBeUndefined();
    expect(change.versions).toEqual([expect.objectContaining({ version: 1, status: 'published', publishedAt: publishedAt.toISOString() })]);
    expect(change.event).toEqual({
      type: 'plan.published',
      planId: 'plan-0001',
      version: 1,
      division: '110105',
      category: 'natural-disaster',
      level: 'none',
      title: 'Flood emergency plan',
      filingDueDate: '2025-11-04',
    });
  });

  it('files a published version and announces the filing (rule 23)', () => {
    const store = publishedStore();
    const at = hourAfter(publishedAt, 48);

    const change = act(store, 'file', at);

    expect(change.plan).toMatchObject({ status: 'filed', inForceVersion: 1, rev: 5, filing: { version: 1, dueDate: '2025-11-04', filedAt: at.toISOString() } });
    expect(change.versions).toEqual([expect.objectContaining({ version: 1, status: 'filed', filedAt: at.toISOString() })]);
    expect(change.change).toEqual({ action: 'file', from: 'v1:published', to: 'v1:filed' });
    expect(change.event).toMatchObject({ type: 'plan.filed', planId: 'plan-0001', version: 1, division: '110105' });
  });

  it('retires a plan in force, ending its version and dropping the pending filing, with the reason audited', () => {
    const store = publishedStore();
    const at = hourAfter(publishedAt, 24);

    const change = act(store, 'retire', at, 'replaced by the district flood plan');

    expect(change.plan).toMatchObject({ status: 'retired', rev: 5 });
    expect(change.plan.filing).toBeUndefined();
    expect(change.versions).toEqual([expect.objectContaining({ version: 1, status: 'retired', endedAt: at.toISOString() })]);
    expect(change.change).toEqual({ action: 'retire', from: 'v1:published', to: 'retired', reason: 'replaced by the district flood plan' });
    expect(change.event).toBeUndefined();
  });

  it('retires a plan with a pending revision, replacing the pending version', () => {
    const store = publishedStore();
    revise(store, hourAfter(publishedAt, 1));
    act(store, 'submit', hourAfter(publishedAt, 2));
    const at = hourAfter(publishedAt, 3);

    const change = act(store, 'retire', at);

    expect(change.versions).toEqual([
      expect.objectContaining({ version: 1, status: 'retired', endedAt: at.toISOString() }),
      expect.objectContaining({ version: 2, status: 'replaced', endedAt: at.toISOString() }),
    ]);
    expect(change.plan.status).toBe('retired');
  });

  it.each<[PlanAction, VersionStatus]>([
    ['submit', 'under-review'],
    ['submit', 'approved'],
    ['submit', 'published'],
    ['approve', 'draft'],
    ['approve', 'approved'],
    ['publish', 'draft'],
    ['publish', 'under-review'],
    ['publish', 'published'],
    ['file', 'draft'],
    ['file', 'approved'],
    ['file', 'filed'],
  ])('refuses to %s a latest version that is %s, with 409', (action, status) => {
    // Prepare
    const store = storeAt(status);
    const before = structuredClone(store.plan);

    // Act / Assess
    expectRefusal(() => tryTransition(store, action, hourAfter(created, 100)), InvalidTransition, 'invalid-transition', 409);
    expect(store.plan).toEqual(before);
  });

  it.each<VersionStatus>(['draft', 'under-review', 'approved'])('refuses to retire a plan that was never published (latest %s)', (status) => {
    const store = storeAt(status);
    expectRefusal(() => tryTransition(store, 'retire', hourAfter(created, 100)), InvalidTransition, 'invalid-transition', 409);
  });

  it('refuses every action on a retired plan', () => {
    // Prepare
    const store = publishedStore();
    act(store, 'retire', hourAfter(publishedAt));
    const later = hourAfter(publishedAt, 2);

    // Act / Assess
    for (const action of ['submit', 'approve', 'publish', 'file', 'retire'] as const) {
      expectRefusal(() => tryTransition(store, action, later), InvalidTransition, 'invalid-transition', 409);
    }
    expectRefusal(() => reviseDraft(store.plan, latestOf(store), planContent(), countyActor, later), InvalidTransition, 'invalid-transition', 409);
    expectRefusal(
      () => recordDrill(store.plan, { drillId: 'drill-0001', planId: 'plan-0001', conductedAt: publishedAt.toISOString(), scenario: 'flood', participants: 10 }, countyActor, later),
      InvalidTransition,
      'invalid-transition',
      409,
    );
  });
});

describe('revising a plan (reviseDraft)', () => {
  it('drafts version n+1 beside the version in force', () => {
    // Prepare
    const store = publishedStore();
    const at = hourAfter(publishedAt, 24);

    // Act
    const change = revise(store, at, 'Flood plan 2026');

    // Assess
    expect(change.plan).toMatchObject({ status: 'draft', latestVersion: 2, inForceVersion: 1, title: 'Flood plan 2026', rev: 5 });
    expect(change.versions).toEqual([expect.objectContaining({ version: 2, status: 'draft', title: 'Flood plan 2026', createdAt: at.toISOString() })]);
    expect(store.versions.get(1)?.status).toBe('published');
    expect(change.change).toEqual({ action: 'revise', from: 'v1:published', to: 'v2:draft' });
  });

  it('marks a previous draft replaced when another draft is written', () => {
    const store = newStore(created);
    const at = hourAfter(created);

    const change = revise(store, at);

    expect(change.plan.latestVersion).toBe(2);
    expect(change.versions).toEqual([
      expect.objectContaining({ version: 2, status: 'draft' }),
      expect.objectContaining({ version: 1, status: 'replaced', endedAt: at.toISOString() }),
    ]);
    expect(change.change).toEqual({ action: 'revise', from: 'v1:draft', to: 'v2:draft' });
  });

  it.each<VersionStatus>(['under-review', 'approved'])('refuses a new draft while the latest version is %s', (status) => {
    const store = storeAt(status);
    expectRefusal(() => reviseDraft(store.plan, latestOf(store), planContent(), countyActor, hourAfter(created, 10)), InvalidTransition, 'invalid-transition', 409);
  });

  it('checks the response levels of the revision (Art 28)', () => {
    const store = newStore(created);
    const content: PlanContent = { ...planContent(), responseLevels: {} };
    expectRefusal(() => reviseDraft(store.plan, latestOf(store), content, countyActor, hourAfter(created)), RuleViolation, 'no-response-levels', 422);
  });

  it.each<VersionStatus>(['published', 'filed'])('supersedes the %s version in force when a newer version is published', (inForceStatus) => {
    // Prepare
    const store = publishedStore();
    if (inForceStatus === 'filed') act(store, 'file', hourAfter(publishedAt, 1));
    revise(store, hourAfter(publishedAt, 2));
    actAll(store, ['submit', 'approve'], hourAfter(publishedAt, 3));
    const at = new Date('2025-12-01T02:00:00Z');

    // Act
    const change = act(store, 'publish', at);

    // Assess
    expect(change.versions).toEqual([
      expect.objectContaining({ version: 2, status: 'published', publishedAt: at.toISOString() }),
      expect.objectContaining({ version: 1, status: 'superseded', endedAt: at.toISOString() }),
    ]);
    expect(change.plan).toMatchObject({ status: 'published', inForceVersion: 2, firstPublishedAt: publishedAt.toISOString() });
    expect(change.plan.filing).toMatchObject({ version: 2 });
    expect(change.plan.filing?.filedAt).toBeUndefined();
    expect(change.event).toMatchObject({ type: 'plan.published', version: 2 });
  });
});

describe('filing (备案) route and deadline (rule 23)', () => {
  it.each<[PlanType, string, { body: 'government' | 'lead-department'; division: string }]>([
    ['special', '110105', { body: 'lead-department', division: '110100' }],
    ['special', '110100', { body: 'lead-department', division: '110000' }],
    ['special', '110000', { body: 'lead-department', division: '100000' }],
    ['department', '110105', { body: 'government', division: '110105' }],
    ['department', '110000', { body: 'government', division: '110000' }],
    ['overall', '110105', { body: 'government', division: '110100' }],
    ['overall', '110000', { body: 'government', division: '100000' }],
    ['local', '110100', { body: 'government', division: '110000' }],
    ['local', '110105001', { body: 'government', division: '110105' }],
    ['grassroots', '110105001', { body: 'government', division: '110105' }],
    ['grassroots', '110105001001', { body: 'government', division: '110105001' }],
  ])('files a %s plan of %s with %o (rule 23)', (type, division, to) => {
    expect(filingRoute(type, division)).toEqual(to);
  });

  it('files the version in force even while a revision is being drafted (rule 23)', () => {
    // Prepare: version 1 published, then version 2 drafted
    const t0 = new Date('2026-03-02T02:00:00Z');
    const store = newStore(t0);
    actAll(store, ['submit', 'approve', 'publish'], t0);
    revise(store, new Date('2026-03-03T02:00:00Z'));

    // Act
    const change = act(store, 'file', new Date('2026-03-04T02:00:00Z'));

    // Assess
    expect(store.versions.get(1)!.status).toBe('filed');
    expect(store.versions.get(2)!.status).toBe('draft');
    expect(store.plan.status).toBe('draft');
    expect(store.plan.filing?.filedAt).toBe('2026-03-04T02:00:00.000Z');
    expect(change.event).toMatchObject({ type: 'plan.filed', version: 1 });
    expect(() => tryTransition(store, 'file', new Date('2026-03-05T02:00:00Z'))).toThrow(InvalidTransition);
  });

  it('records the route of the plan type on publication (rule 23)', () => {
    expect(publishedStore('department', '110105').plan.filing?.to).toEqual({ body: 'government', division: '110105' });
    expect(publishedStore('local', '110105001').plan.filing?.to).toEqual({ body: 'government', division: '110105' });
  });

  it('sets the filing due date 20 working days after the China date of publication (rule 23)', () => {
    // 2025-09-28T16:30Z is 00:30 on Monday 29 September in China; counting from the UTC date (the 28th, itself a make-up
    // workday) would give 31 October. From the 29th: 30 Sep (1), 1-8 Oct National Day holiday, 9-11 Oct (2-4, the 11th a
    // make-up Saturday), 13-17 (5-9), 20-24 (10-14), 27-31 (15-19), Monday 3 November (20).
    const store = newStore(created);
    actAll(store, ['submit', 'approve'], hourAfter(created));

    const change = act(store, 'publish', new Date('2025-09-28T16:30:00Z'));

    expect(change.plan.filing?.dueDate).toBe('2025-11-03');
  });

  describe('markFilingOverdue', () => {
    // Published 30 Sep 2025 (CST): due 4 Nov 2025, see working-days.test.ts for the count.
    const lastMinuteOfDueDate = new Date('2025-11-04T15:59:59Z'); // 23:59:59 on 4 Nov in China
    const firstMinuteAfter = new Date('2025-11-04T16:00:00Z'); // 00:00 on 5 Nov in China

    it('does not flag a filing on its due date', () => {
      const store = publishedStore();
      expect(isFilingOverdue(store.plan, lastMinuteOfDueDate)).toBe(false);
      expect(markFilingOverdue(store.plan, lastMinuteOfDueDate)).toBeUndefined();
    });

    it('flags an unfiled plan once its due date has passed and announces it (rule 23)', () => {
      // Prepare
      const store = publishedStore();

      // Act
      const change = markFilingOverdue(store.plan, firstMinuteAfter);

      // Assess
      expect(change).toBeDefined();
      expect(change!.plan.filing).toMatchObject({ version: 1, dueDate: '2025-11-04', overdueAlertedAt: firstMinuteAfter.toISOString() });
      expect(change!.plan.rev).toBe(store.plan.rev + 1);
      expect(change!.versions).toEqual([]);
      expect(change!.change).toEqual({ action: 'flag-filing-overdue', from: 'filing-pending', to: 'filing-overdue' });
      expect(change!.event).toMatchObject({ type: 'plan.filing-overdue', planId: 'plan-0001', version: 1, filingDueDate: '2025-11-04' });
    });

    it('flags an overdue filing only once', () => {
      const store = publishedStore();
      const flagged = markFilingOverdue(store.plan, firstMinuteAfter)!;

      expect(markFilingOverdue(flagged.plan, hourAfter(firstMinuteAfter, 24))).toBeUndefined();
      expect(markFilingOverdue(flagged.plan, new Date('2026-06-01T00:00:00Z'))).toBeUndefined();
    });

    it('does not flag a filed, a never-published or a retired plan', () => {
      const filed = publishedStore();
      act(filed, 'file', new Date('2025-11-10T02:00:00Z'));
      const draft = newStore(created);
      const retired = publishedStore();
      act(retired, 'retire', hourAfter(publishedAt));

      for (const store of [filed, draft, retired]) {
        expect(markFilingOverdue(store.plan, new Date('2026-01-05T02:00:00Z'))).toBeUndefined();
      }
    });
  });
});

describe('response levels', () => {
  const level = (deaths: number | undefined, requiredAuthority: 'national' | 'province' | 'city' | 'county') => ({
    thresholds: deaths === undefined ? {} : { deaths },
    requiredAuthority,
    measures: ['m'],
  });

  it('refuses a plan with no response levels (Art 28)', () => {
    expectRefusal(() => checkResponseLevels({}), RuleViolation, 'no-response-levels', 422);
  });

  it('refuses a higher level that needs a lower authority than the level below it', () => {
    expectRefusal(() => checkResponseLevels({ I: level(30, 'county'), II: level(10, 'province') }), RuleViolation, 'inconsistent-response-levels', 422);
  });

  it('refuses a higher level whose threshold is below the level below it', () => {
    expectRefusal(() => checkResponseLevels({ III: level(3, 'city'), IV: level(5, 'county') }), RuleViolation, 'inconsistent-response-levels', 422);
  });

  it('compares across undefined levels and names the offending field', () => {
    let thrown: unknown;
    try {
      checkResponseLevels({ I: { thresholds: { directLossFen: 100 }, requiredAuthority: 'national', measures: [] }, IV: { thresholds: { directLossFen: 500 }, requiredAuthority: 'county', measures: [] } });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RuleViolation);
    expect((thrown as RuleViolation).errors).toEqual([{ path: 'responseLevels.I.thresholds.directLossFen', message: 'must be >= 500' }]);
  });

  it('accepts equal thresholds and authorities, and thresholds on different measures', () => {
    expect(() => checkResponseLevels({ II: level(10, 'city'), III: level(10, 'city') })).not.toThrow();
    expect(() =>
      checkResponseLevels({
        I: { thresholds: { deaths: 30 }, requiredAuthority: 'national', measures: [] },
        II: { thresholds: { affectedPopulation: 100_000 }, requiredAuthority: 'province', measures: [] },
        IV: level(undefined, 'county'),
      }),
    ).not.toThrow();
  });

  it('defaults the authority by level: IV county, III city, II province, I national', () => {
    const d = { thresholds: {}, measures: ['m'] };
    expect(withDefaultAuthority({ I: d, II: d, III: d, IV: d })).toEqual({
      I: { ...d, requiredAuthority: 'national' },
      II: { ...d, requiredAuthority: 'province' },
      III: { ...d, requiredAuthority: 'city' },
      IV: { ...d, requiredAuthority: 'county' },
    });
  });

  it('keeps an authority the plan sets and leaves undefined levels out', () => {
    const out = withDefaultAuthority({ IV: { thresholds: {}, measures: [], requiredAuthority: 'city' } });
    expect(out).toEqual({ IV: { thresholds: {}, measures: [], requiredAuthority: 'city' } });
    expect(Object.keys(out)).toEqual(['IV']);
  });
});

describe('plan hierarchy (checkParent)', () => {
  it('accepts a parent of the same division or a superior one (Art 26-27)', () => {
    for (const parent of ['110105', '110100', '110000', '100000']) {
      expect(() => checkParent({ divisionCode: '110105' }, { divisionCode: parent, status: 'published' })).not.toThrow();
    }
    expect(() => checkParent({ divisionCode: '110105001' }, { divisionCode: '110105', status: 'filed' })).not.toThrow();
  });

  it.each([
    ['a neighbouring county', '110105', '110108'],
    ['another province', '110105', '120000'],
    ['a subordinate township', '110105', '110105001'],
    ['a subordinate county', '110100', '110105'],
  ])('refuses a parent in %s', (_what, child, parent) => {
    expectRefusal(() => checkParent({ divisionCode: child }, { divisionCode: parent, status: 'published' }), RuleViolation, 'parent-not-superior', 422);
  });

  it('refuses a retired parent', () => {
    expectRefusal(() => checkParent({ divisionCode: '110105' }, { divisionCode: '110100', status: 'retired' }), RuleViolation, 'parent-retired', 422);
  });
});

describe('drills (rule 24)', () => {
  const drillInput = (conductedAt: string, drillId = 'drill-0001') => ({ drillId, planId: 'plan-0001', conductedAt, scenario: 'River dike breach', participants: 120 });
  const now = new Date('2026-03-01T02:00:00Z');

  it('records a drill against the version in force', () => {
    // Prepare
    const store = publishedStore();

    // Act
    const r = recordDrill(store.plan, drillInput('2026-02-20T01:00:00.000Z'), countyActor, now);

    // Assess
    expect(r.drill).toMatchObject({ drillId: 'drill-0001', planVersion: 1, divisionCode: '110105', recordedAt: now.toISOString(), recordedBy: 'office-110105' });
    expect(r.plan).toMatchObject({ lastDrillAt: '2026-02-20T01:00:00.000Z', rev: store.plan.rev + 1 });
    expect(r.change).toEqual({ action: 'record-drill', from: 'never-drilled', to: '2026-02-20T01:00:00.000Z' });
  });

  it.each<VersionStatus>(['draft', 'under-review', 'approved'])('refuses a drill of a plan never in force (latest %s)', (status) => {
    const store = storeAt(status);
    expectRefusal(() => recordDrill(store.plan, drillInput('2025-09-01T03:00:00.000Z'), countyActor, now), InvalidTransition, 'invalid-transition', 409);
  });

  it('refuses a drill in the future', () => {
    const store = publishedStore();
    expectRefusal(() => recordDrill(store.plan, drillInput('2026-03-01T02:00:01.000Z'), countyActor, now), RuleViolation, 'drill-in-future', 422);
  });

  it('keeps the latest drill as lastDrillAt when an older drill is recorded later', () => {
    const store = publishedStore();
    const first = recordDrill(store.plan, drillInput('2026-02-20T01:00:00.000Z'), countyActor, now);

    const second = recordDrill(first.plan, drillInput('2025-12-01T01:00:00.000Z', 'drill-0002'), countyActor, hourAfter(now));

    expect(second.plan.lastDrillAt).toBe('2026-02-20T01:00:00.000Z');
    expect(second.change.from).toBe('2026-02-20T01:00:00.000Z');
  });

  // The API accepts conductedAt with any UTC offset (isoDateTime with offset: true); offices in China send +08:00.
  it('accepts a past drill whose time is given in China Standard Time (+08:00)', () => {
    // 09:30 CST on 1 Oct is 01:30Z; now is 02:00Z, so the drill is half an hour in the past.
    const store = publishedStore();
    const at = new Date('2025-10-01T02:00:00Z');

    const r = recordDrill(store.plan, drillInput('2025-10-01T09:30:00+08:00'), countyActor, at);

    expect(Date.parse(r.plan.lastDrillAt!)).toBe(Date.parse('2025-10-01T01:30:00Z'));
  });

  it('keeps the later instant as lastDrillAt when drill times carry different offsets', () => {
    // 07:00 CST on 1 Jun is 23:00Z on 31 May: earlier than the drill already recorded at 00:00Z on 1 Jun.
    const store = publishedStore();
    const first = recordDrill(store.plan, drillInput('2026-06-01T00:00:00.000Z'), countyActor, new Date('2026-06-02T00:00:00Z'));

    const second = recordDrill(first.plan, drillInput('2026-06-01T07:00:00+08:00', 'drill-0002'), countyActor, new Date('2026-06-02T01:00:00Z'));

    expect(Date.parse(second.plan.lastDrillAt!)).toBe(Date.parse('2026-06-01T00:00:00.000Z'));
  });

  describe('evaluateDrill', () => {
    function recorded(): { plan: Plan; drill: Drill } {
      const store = publishedStore();
      return recordDrill(store.plan, drillInput('2026-02-20T01:00:00.000Z'), countyActor, now);
    }

    it('flags the plan for revision when the evaluation says so', () => {
      // Prepare
      const { plan, drill } = recorded();
      const at = hourAfter(now, 24);

      // Act
      const r = evaluateDrill(plan, drill, ['Sirens not heard in the east'], true, countyActor, at);

      // Assess
      expect(r.plan).toMatchObject({ revisionNeeded: true, rev: plan.rev + 1 });
      expect(r.plan.revisionReason).toContain('drill-0001');
      expect(r.drill.evaluation).toEqual({ findings: ['Sirens not heard in the east'], revisionNeeded: true, evaluatedAt: at.toISOString(), evaluatedBy: 'office-110105' });
      expect(r.change).toEqual({ action: 'evaluate-drill', from: 'unevaluated', to: 'revision-needed' });
    });

    it('leaves the plan unflagged when no revision is needed', () => {
      const { plan, drill } = recorded();
      const r = evaluateDrill(plan, drill, [], false, countyActor, hourAfter(now));
      expect(r.plan.revisionNeeded).toBe(false);
      expect(r.plan.revisionReason).toBeUndefined();
      expect(r.change.to).toBe('no-revision-needed');
    });

    it('refuses a second evaluation of the same drill', () => {
      const { plan, drill } = recorded();
      const once = evaluateDrill(plan, drill, [], false, countyActor, hourAfter(now));
      expectRefusal(() => evaluateDrill(once.plan, once.drill, ['late'], true, countyActor, hourAfter(now, 2)), InvalidTransition, 'invalid-transition', 409);
    });

    it('clears the revision flag when a revised version is published', () => {
      // Prepare
      const { plan, drill } = recorded();
      const store = publishedStore();
      store.plan = evaluateDrill(plan, drill, ['x'], true, countyActor, hourAfter(now)).plan;

      // Act
      revise(store, hourAfter(now, 2));
      actAll(store, ['submit', 'approve', 'publish'], hourAfter(now, 3));

      // Assess
      expect(store.plan.revisionNeeded).toBe(false);
      expect(store.plan.revisionReason).toBeUndefined();
    });
  });

  describe('drill tracking', () => {
    it.each<[PlanType, boolean]>([
      ['special', true],
      ['department', true],
      ['overall', false],
      ['local', false],
      ['grassroots', false],
    ])('tracks drills of a %s plan in force: %s (rule 24)', (type, tracked) => {
      expect(needsDrillTracking(publishedStore(type).plan)).toBe(tracked);
    });

    it('does not track a special plan never published, nor a retired one (rule 24)', () => {
      expect(needsDrillTracking(newStore(created, 'special').plan)).toBe(false);
      const retired = publishedStore('special');
      act(retired, 'retire', hourAfter(publishedAt));
      expect(needsDrillTracking(retired.plan)).toBe(false);
    });

    it('runs the drill clock from first publication, then from the last drill (rule 24)', () => {
      const store = publishedStore();
      expect(drillClock(store.plan)).toBe(publishedAt.toISOString());
      const drilled = recordDrill(store.plan, drillInput('2026-02-20T01:00:00.000Z'), countyActor, now);
      expect(drillClock(drilled.plan)).toBe('2026-02-20T01:00:00.000Z');
    });

    it('counts a plan as due for a drill once its clock is 3 years old (rule 24)', () => {
      const store = publishedStore();
      const before = drillDueBefore(new Date('2028-10-01T00:00:00Z'));

      expect(before).toBe('2025-10-01T00:00:00.000Z');
      expect(drillClock(store.plan)! < before).toBe(true);
      const drilled = recordDrill(store.plan, drillInput('2026-02-20T01:00:00.000Z'), countyActor, now);
      expect(drillClock(drilled.plan)! < before).toBe(false);
    });
  });
});
