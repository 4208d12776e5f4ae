// Model test of the incident life cycle: random follow-ups, response decisions and warnings by random governments of
// one line (county 110105 up to the nation) against an in-memory store; a reference model predicts which commands
// succeed and why the others are refused, and the invariants are checked after every step (rules 1-9).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Category, ResponseLevel, WarningLevel } from '../../shared/domain/categories.ts';
import type { GovLevel } from '../../shared/domain/division.ts';
import {
  activateResponse,
  changeLevel,
  followUp,
  handOver,
  reportIncident,
  terminate,
  type Change,
  type CongressFiling,
  type Figures,
  type Incident,
  type IncidentChange,
  type Metric,
  type PlanInForce,
} from '../../shared/domain/incident.ts';
import type { Government } from '../../shared/domain/actor.ts';
import type { PlanContent } from '../../shared/domain/plan.ts';
import { adjustWarning, issueWarning, liftWarning, type Warning, type WarningArea, type WarningChange } from '../../shared/domain/warning.ts';
import { AppError } from '../../shared/errors.ts';
import { accidentLevels, gov, levelsWithAuthority, planInForce, report, type GovName } from './incident-fixtures.ts';

// ---- The model's own view of the world: who covers which division, and how levels rank -------------------------

const ALL = ['100000', '110000', '110100', '110105', '110108', '110105001'];
/** Which divisions each government's jurisdiction covers, written out rather than computed. */
const COVERS: Record<string, string[]> = {
  '100000': ALL,
  '110000': ['110000', '110100', '110105', '110108', '110105001'],
  '110100': ['110100', '110105', '110108', '110105001'],
  '110105': ['110105', '110105001'],
  '110108': ['110108'],
  '110105001': ['110105001'],
};
const covers = (outer: string, inner: string) => COVERS[outer]!.includes(inner);
const RANK: Record<GovLevel, number> = { township: 0, county: 1, city: 2, province: 3, national: 4 };
const COLOURS: Record<WarningLevel, string> = { '1': 'red', '2': 'orange', '3': 'yellow', '4': 'blue' };
const LEVELS: ResponseLevel[] = ['I', 'II', 'III', 'IV'];
const METRICS: Metric[] = ['deaths', 'seriouslyInjured', 'directLossFen', 'affectedPopulation'];

/** The plan variants a run may be graded and responded under. */
const PLAN_VARIANTS = {
  defaults: () => accidentLevels(),
  countyLeadsIII: () => levelsWithAuthority({ III: 'county' }),
  noLevelI: (): PlanContent['responseLevels'] => {
    const { I: _dropped, ...rest } = accidentLevels();
    return rest;
  },
} as const;
type PlanVariant = keyof typeof PLAN_VARIANTS;

const valueOf = (f: Figures, m: Metric) =>
  ({ deaths: f.casualties.deaths, seriouslyInjured: f.casualties.seriouslyInjured, directLossFen: f.directLossFen, affectedPopulation: f.affectedPopulation })[m];

function meets(levels: PlanContent['responseLevels'], f: Figures, level: ResponseLevel, metric: Metric): boolean {
  const t = levels[level]?.thresholds[metric];
  return t !== undefined && valueOf(f, metric) >= t;
}

function modelSeverity(category: Category, levels: PlanContent['responseLevels'], f: Figures): ResponseLevel | null {
  if (category === 'social-security') return null;
  return LEVELS.find((l) => METRICS.some((m) => meets(levels, f, l, m))) ?? null;
}

// ---- Commands --------------------------------------------------------------------------------------------------

/** A government named directly, or the one the situation points to: the leader of the response, the government one
 * level above it, or the issuer of the warning acted on. Resolved against the model before each step. */
type Actor = GovName | 'leader' | 'superior' | 'issuer';

type Cmd<A = GovName, M = Metric> =
  | { kind: 'followUp'; figures: Figures; by: A; override?: ResponseLevel }
  | { kind: 'activate'; level: ResponseLevel; metric: M; by: A; cite: 'in-force' | 'draft' | 'other-category' }
  | { kind: 'changeLevel'; level: ResponseLevel; by: A }
  | { kind: 'handOver'; by: A }
  | { kind: 'terminate'; by: A }
  | { kind: 'issueWarning'; level: WarningLevel; area: number; by: A }
  | { kind: 'adjustWarning'; which: number; level?: WarningLevel; area?: number; by: A }
  | { kind: 'liftWarning'; which: number; by: A };

const AREAS: string[][] = [['110105'], ['110105001'], ['110105001'], ['110105', '110105001'], ['110105', '110108'], ['110100'], ['110000']];
const area = (n: number): WarningArea => ({ divisions: AREAS[n]! });

/** Mostly the line of governments above the incident; now and then a sibling county or a township, mostly refused. */
const byLine = fc.constantFrom<GovName>('county', 'city', 'province', 'national');
const anyGov = fc.oneof({ arbitrary: byLine, weight: 6 }, { arbitrary: fc.constantFrom<GovName>('otherCounty', 'township'), weight: 1 });
const leaderOr = fc.oneof({ arbitrary: anyGov, weight: 1 }, { arbitrary: fc.constant<Actor>('leader'), weight: 1 });
const superiorOr = fc.oneof({ arbitrary: anyGov, weight: 1 }, { arbitrary: fc.constant<Actor>('superior'), weight: 1 });
const issuerOr = fc.oneof({ arbitrary: anyGov, weight: 1 }, { arbitrary: fc.constant<Actor>('issuer'), weight: 1 });
const responseLevel = fc.constantFrom<ResponseLevel>(...LEVELS);
const warningLevel = fc.constantFrom<WarningLevel>('1', '2', '3', '4');

/** Figures spread so that every level's thresholds are met now and then, and none at other times. */
const figuresArb: fc.Arbitrary<Figures> = fc.record({
  casualties: fc.record({
    deaths: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 40 })),
    missing: fc.integer({ min: 0, max: 20 }),
    injured: fc.integer({ min: 0, max: 200 }),
    seriouslyInjured: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 120 })),
  }),
  directLossFen: fc.constantFrom(0, 5_000_00, 1_000_000_000, 5_000_000_000, 10_000_000_000),
  affectedPopulation: fc.integer({ min: 0, max: 2_000 }),
});

const cmdArb: fc.Arbitrary<Cmd<Actor, Metric | 'met'>> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('followUp' as const), figures: figuresArb, by: anyGov, override: fc.option(responseLevel, { nil: undefined, freq: 6 }) }, { requiredKeys: ['kind', 'figures', 'by'] }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('activate' as const),
      level: responseLevel,
      // A random metric, or (as an office would) one the figures meet at that level when there is one.
      metric: fc.constantFrom<Metric | 'met'>('met', 'met', 'deaths', 'seriouslyInjured', 'directLossFen', 'affectedPopulation'),
      by: anyGov,
      cite: fc.oneof({ arbitrary: fc.constant('in-force' as const), weight: 8 }, { arbitrary: fc.constantFrom('draft' as const, 'other-category' as const), weight: 1 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('changeLevel' as const), level: responseLevel, by: leaderOr }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('handOver' as const), by: superiorOr }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('terminate' as const), by: leaderOr }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('issueWarning' as const), level: warningLevel, area: fc.nat(AREAS.length - 1), by: anyGov }) },
  {
    weight: 2,
    arbitrary: fc.record(
      { kind: fc.constant('adjustWarning' as const), which: fc.nat(9), level: warningLevel, area: fc.nat(AREAS.length - 1), by: issuerOr },
      { requiredKeys: ['kind', 'which', 'by'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('liftWarning' as const), which: fc.nat(9), by: issuerOr }) },
);

// ---- The reference model ---------------------------------------------------------------------------------------

interface ModelResponse {
  level: ResponseLevel;
  activator: Government;
  responsible: Government;
  /** The government level that set the current response level (activation or level change), rule 7. */
  levelSetBy: GovLevel;
}
interface ModelWarning {
  warningId: string;
  issuer: string;
  level: WarningLevel;
  divisions: string[];
  lifted: boolean;
  changes: number;
}
interface Model {
  category: Category;
  /** The county, or a township of it where the township's own government may act but never warn (rule 3). */
  division: string;
  levels: PlanContent['responseLevels'];
  status: 'reported' | 'responding' | 'recovery';
  figures: Figures;
  override: ResponseLevel | undefined;
  updates: number;
  response: ModelResponse | undefined;
  warnings: ModelWarning[];
  /** Successful changes of the incident record (the report included): its rev. */
  incidentChanges: number;
  /** Response decisions taken: activation, level change, hand-over, termination (rule 9). */
  decisions: number;
}

/** The refusal codes a command may legitimately get; empty when it must succeed. */
function refusals(m: Model, cmd: Cmd): string[] {
  const g = gov[cmd.by];
  const out: string[] = [];
  switch (cmd.kind) {
    case 'followUp':
      if (!covers(g.division, m.division)) out.push('not-in-jurisdiction');
      // Art 3: a social security event has no level, so no override either.
      if (m.category === 'social-security' && cmd.override) out.push('social-security-not-graded');
      return out;
    case 'activate': {
      if (!covers(g.division, m.division)) out.push('not-in-jurisdiction');
      if (m.status !== 'reported') out.push('invalid-transition');
      if (cmd.cite === 'draft') out.push('plan-version-not-in-force');
      if (cmd.cite === 'other-category') out.push('plan-category-mismatch');
      const def = m.levels[cmd.level];
      if (!def) out.push('level-not-in-plan', 'threshold-not-met');
      else if (RANK[g.level] < RANK[def.requiredAuthority]) out.push('insufficient-authority');
      if (!meets(m.levels, m.figures, cmd.level, cmd.metric)) out.push('threshold-not-met');
      return out;
    }
    case 'changeLevel': {
      if (m.status !== 'responding') return ['invalid-transition'];
      const r = m.response!;
      if (g.division !== r.responsible.division) out.push('not-in-jurisdiction');
      if (cmd.level === r.level) out.push('same-level');
      const def = m.levels[cmd.level];
      if (!def) out.push('level-not-in-plan');
      else if (RANK[g.level] < RANK[def.requiredAuthority]) out.push('insufficient-authority');
      return out;
    }
    case 'handOver': {
      if (m.status !== 'responding') return ['invalid-transition'];
      const r = m.response!;
      const strictlyAbove = covers(g.division, r.responsible.division) && g.division !== r.responsible.division && RANK[g.level] > RANK[r.responsible.level];
      return strictlyAbove ? [] : ['not-in-jurisdiction'];
    }
    case 'terminate':
      if (m.status !== 'responding') return ['invalid-transition'];
      return g.division === m.response!.responsible.division ? [] : ['not-in-jurisdiction'];
    case 'issueWarning':
      if (m.category === 'social-security') out.push('no-warning-for-social-security');
      if (RANK[g.level] < RANK.county) out.push('issuer-below-county');
      if (!covers(g.division, m.division)) out.push('not-in-jurisdiction');
      if (!AREAS[cmd.area]!.every((d) => covers(g.division, d))) out.push('area-outside-jurisdiction');
      return out;
    case 'adjustWarning': {
      const w = m.warnings[cmd.which % m.warnings.length]!;
      if (g.division !== w.issuer) out.push('not-in-jurisdiction');
      if (w.lifted) out.push('invalid-transition');
      if (cmd.level === undefined && cmd.area === undefined) out.push('empty-adjustment');
      if (cmd.area !== undefined && !AREAS[cmd.area]!.every((d) => covers(g.division, d))) out.push('area-outside-jurisdiction');
      return out;
    }
    case 'liftWarning': {
      const w = m.warnings[cmd.which % m.warnings.length]!;
      if (g.division !== w.issuer) out.push('not-in-jurisdiction');
      if (w.lifted) out.push('invalid-transition');
      return out;
    }
  }
}

/** The model after a command the model says succeeds. */
function advance(m: Model, cmd: Cmd, warningId: string): Model {
  const g = gov[cmd.by];
  switch (cmd.kind) {
    case 'followUp':
      return { ...m, figures: cmd.figures, override: cmd.override ?? m.override, updates: m.updates + 1, incidentChanges: m.incidentChanges + 1 };
    case 'activate':
      return { ...m, status: 'responding', response: { level: cmd.level, activator: g, responsible: g, levelSetBy: g.level }, incidentChanges: m.incidentChanges + 1, decisions: m.decisions + 1 };
    case 'changeLevel':
      return { ...m, response: { ...m.response!, level: cmd.level, levelSetBy: g.level }, incidentChanges: m.incidentChanges + 1, decisions: m.decisions + 1 };
    case 'handOver':
      return { ...m, response: { ...m.response!, responsible: g }, incidentChanges: m.incidentChanges + 1, decisions: m.decisions + 1 };
    case 'terminate':
      return { ...m, status: 'recovery', incidentChanges: m.incidentChanges + 1, decisions: m.decisions + 1 };
    case 'issueWarning':
      return { ...m, warnings: [...m.warnings, { warningId, issuer: g.division, level: cmd.level, divisions: AREAS[cmd.area]!, lifted: false, changes: 0 }] };
    case 'adjustWarning':
    case 'liftWarning': {
      const n = cmd.which % m.warnings.length;
      const warnings = m.warnings.map((w, i) => {
        if (i !== n) return w;
        if (cmd.kind === 'liftWarning') return { ...w, lifted: true, changes: w.changes + 1 };
        return { ...w, level: cmd.level ?? w.level, divisions: cmd.area === undefined ? w.divisions : AREAS[cmd.area]!, changes: w.changes + 1 };
      });
      return { ...m, warnings };
    }
  }
}

const LINE: GovName[] = ['county', 'city', 'province', 'national'];
const nameOf = (division: string) => (Object.keys(gov) as GovName[]).find((n) => gov[n].division === division)!;

/** Names the government a symbolic actor stands for in the model's current state. */
function resolve(m: Model, cmd: Cmd<Actor, Metric | 'met'>): Cmd {
  const leader = m.response ? nameOf(m.response.responsible.division) : 'county';
  let by: GovName;
  switch (cmd.by) {
    case 'leader':
      by = leader;
      break;
    case 'superior':
      by = LINE[Math.min(LINE.indexOf(leader) + 1, LINE.length - 1)]!;
      break;
    case 'issuer': {
      const n = 'which' in cmd ? cmd.which : 0;
      by = m.warnings.length ? nameOf(m.warnings[n % m.warnings.length]!.issuer) : 'county';
      break;
    }
    default:
      by = cmd.by;
  }
  if (cmd.kind === 'activate' && cmd.metric === 'met') {
    const level = cmd.level;
    return { ...cmd, by, metric: METRICS.find((x) => meets(m.levels, m.figures, level, x)) ?? 'deaths' };
  }
  return { ...cmd, by } as Cmd;
}

// ---- The store and the system under test -----------------------------------------------------------------------

interface Store {
  incident: Incident;
  warnings: Warning[];
}

interface Plans {
  inForce: PlanInForce;
  draft: PlanInForce;
  otherCategory: PlanInForce;
}

function plansFor(variant: PlanVariant, category: Category): Plans {
  const levels = PLAN_VARIANTS[variant]();
  return {
    inForce: planInForce({ category, levels }),
    draft: planInForce({ category, levels, status: 'draft' }),
    otherCategory: planInForce({ category: category === 'accident' ? 'natural-disaster' : 'accident', levels }),
  };
}

/** Runs a command against the store's current records; returns the change without writing it. */
function execute(store: Store, plans: Plans, cmd: Cmd, now: Date, warningId: string): IncidentChange | WarningChange {
  const g = gov[cmd.by];
  const i = store.incident;
  switch (cmd.kind) {
    case 'followUp':
      return followUp(i, { figures: cmd.figures, ...(cmd.override ? { severityOverride: { level: cmd.override, reason: 'office assessment' } } : {}) }, plans.inForce, g, now);
    case 'activate': {
      const cited = cmd.cite === 'draft' ? plans.draft : cmd.cite === 'other-category' ? plans.otherCategory : plans.inForce;
      return activateResponse(i, { level: cmd.level, matters: 'Rescue', expectedDuration: '48 hours', measures: ['Search and rescue'], basis: { metric: cmd.metric } }, cited, g, now);
    }
    case 'changeLevel':
      return changeLevel(i, cmd.level, 'Situation changed', plans.inForce, g, now);
    case 'handOver':
      return handOver(i, 'Beyond the control of the leading government', g, now);
    case 'terminate':
      return terminate(i, 'Threat eliminated', g, now);
    case 'issueWarning':
      return issueWarning(warningId, i, { level: cmd.level, startsAt: now.toISOString(), area: area(cmd.area), hazards: [{ 'zh-CN': '坍塌' }], measures: [{ 'zh-CN': '远离' }], title: { 'zh-CN': '预警' } }, g, now);
    case 'adjustWarning': {
      const w = store.warnings[cmd.which % store.warnings.length]!;
      return adjustWarning(w, { ...(cmd.level ? { level: cmd.level } : {}), ...(cmd.area !== undefined ? { area: area(cmd.area) } : {}), reason: 'Update' }, g, i.divisionCode, now);
    }
    case 'liftWarning':
      return liftWarning(store.warnings[cmd.which % store.warnings.length]!, g, now, 'Danger passed');
  }
}

const EVENT_OF: Partial<Record<Cmd['kind'], string>> = {
  activate: 'response.activated',
  changeLevel: 'response.level-changed',
  handOver: 'response.handed-over',
  terminate: 'response.terminated',
};
const ACTION_OF: Record<Cmd['kind'], string> = {
  followUp: 'follow-up',
  activate: 'activate-response',
  changeLevel: 'change-response-level',
  handOver: 'hand-over-response',
  terminate: 'terminate-response',
  issueWarning: 'issue-warning',
  adjustWarning: 'adjust-warning',
  liftWarning: 'lift-warning',
};
const isResponseDecision = (k: Cmd['kind']) => EVENT_OF[k] !== undefined;

function checkInvariants(store: Store, m: Model, audits: Change[], filings: CongressFiling[]): void {
  const i = store.incident;
  const r = i.response;

  // The status is one of three and matches the model.
  expect(['reported', 'responding', 'recovery']).toContain(i.status);
  expect(i.status).toBe(m.status);
  // Responding iff a response is active; recovery iff it was terminated, and then the rule 8 clocks run.
  expect(i.status === 'responding').toBe(r?.status === 'active');
  expect(i.status === 'recovery').toBe(r?.status === 'terminated');
  if (i.status === 'reported') expect(r).toBeUndefined();
  if (i.status === 'recovery') {
    expect(i.investigation).toMatchObject({ status: 'open', openedAt: r!.terminatedAt });
    expect(i.investigation!.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(i.investigation!.dueDate > r!.terminatedAt!.slice(0, 10)).toBe(true);
    expect(i.piiDestructionFrom).toBe(r!.terminatedAt);
  } else {
    expect(i.investigation).toBeUndefined();
    expect(i.piiDestructionFrom).toBeUndefined();
  }

  // Rule 7: the responsible government is the activator or a superior of it, and whoever set the current level had
  // the authority the plan requires for it; the responsible one ranks at least as high.
  if (m.response) {
    const mr = m.response;
    expect(r?.level).toBe(mr.level);
    expect(r?.activatedBy).toEqual({ division: mr.activator.division, level: mr.activator.level });
    expect(r?.responsible).toEqual({ division: mr.responsible.division, level: mr.responsible.level });
    expect(covers(r!.responsible.division, r!.activatedBy.division)).toBe(true);
    expect(RANK[r!.responsible.level]).toBeGreaterThanOrEqual(RANK[r!.activatedBy.level]);
    const required = m.levels[r!.level]!.requiredAuthority;
    expect(RANK[mr.levelSetBy]).toBeGreaterThanOrEqual(RANK[required]);
    expect(RANK[r!.responsible.level]).toBeGreaterThanOrEqual(RANK[mr.levelSetBy]);
    // Rule 6: the response still cites the plan version and a threshold that was met when it was activated.
    expect(r!.basis.value).toBeGreaterThanOrEqual(r!.basis.threshold);
  } else {
    expect(r).toBeUndefined();
  }

  // Severity: the override if any, else the highest level with a threshold met, with that threshold as the basis.
  const derived = modelSeverity(m.category, m.levels, m.figures);
  expect(i.severity.derivedLevel).toBe(derived);
  expect(i.severity.level).toBe(m.override ?? derived);
  if (derived === null) expect(i.severity.basis).toBeNull();
  else {
    const b = i.severity.basis!;
    expect(b.level).toBe(derived);
    expect(b.value).toBe(valueOf(m.figures, b.metric));
    expect(b.value).toBeGreaterThanOrEqual(b.threshold);
  }
  expect(i.updates).toBe(m.updates);
  expect(i.figures).toEqual(m.figures);

  // Warnings: rules 1 and 4 hold whatever was adjusted; each rev counts its own changes.
  expect(store.warnings.map((w) => w.warningId)).toEqual(m.warnings.map((w) => w.warningId));
  store.warnings.forEach((w, n) => {
    const mw = m.warnings[n]!;
    expect(w.level).toBe(mw.level);
    expect(w.colour).toBe(COLOURS[w.level]);
    expect(w.checklist).toHaveLength(w.level === '1' || w.level === '2' ? 13 : 5);
    expect(w.status).toBe(mw.lifted ? 'lifted' : 'active');
    expect(w.area.divisions).toEqual(mw.divisions);
    expect(w.issuer.division).toBe(mw.issuer);
    expect(w.rev).toBe(1 + mw.changes);
    expect(w.messages).toHaveLength(w.rev);
    expect(w.messages.at(-1)!.msgType).toBe(mw.lifted ? 'Cancel' : w.rev === 1 ? 'Alert' : 'Update');
  });

  // Revs count the changes the model accepted; audit items equal state changes (every rev step of every record, the
  // report and each issue included); one filing per response decision.
  expect(i.rev).toBe(m.incidentChanges);
  const stateChanges = i.rev + store.warnings.reduce((n, w) => n + w.rev, 0);
  expect(audits).toHaveLength(stateChanges);
  expect(audits).toHaveLength(m.incidentChanges + m.warnings.reduce((n, w) => n + 1 + w.changes, 0));
  expect(filings).toHaveLength(m.decisions);
}

interface Reached {
  activation: boolean;
  handOver: boolean;
  levelChange: boolean;
  termination: boolean;
  warning: boolean;
  warningLifted: boolean;
  /** A superior took the response over and later lifted it. */
  terminatedBySuperior: boolean;
  refusals: number;
}

function runSequence(category: Category, division: string, variant: PlanVariant, initial: Figures, cmds: Cmd<Actor, Metric | 'met'>[], gapsInMinutes: number[]): Reached {
  // Prepare: the county reports the incident.
  const plans = plansFor(variant, category);
  let now = new Date('2026-07-01T02:00:00Z');
  const reportChange = reportIncident('inc-model', report({ category, divisionCode: division, figures: initial, occurredAt: '2026-07-01T01:00:00Z' }), plans.inForce, gov.county, now);
  const store: Store = { incident: reportChange.incident, warnings: [] };
  let m: Model = {
    category,
    division,
    levels: plans.inForce.version.responseLevels,
    status: 'reported',
    figures: initial,
    override: undefined,
    updates: 0,
    response: undefined,
    warnings: [],
    incidentChanges: 1,
    decisions: 0,
  };
  const audits: Change[] = [reportChange.change];
  const filings: CongressFiling[] = [];
  const reached: Reached = { activation: false, handOver: false, levelChange: false, termination: false, warning: false, warningLifted: false, terminatedBySuperior: false, refusals: 0 };
  checkInvariants(store, m, audits, filings);

  cmds.forEach((generated, step) => {
    const cmd = resolve(m, generated);
    if ((cmd.kind === 'adjustWarning' || cmd.kind === 'liftWarning') && store.warnings.length === 0) return;
    now = new Date(now.getTime() + gapsInMinutes[step]! * 60_000);
    const warningId = `wrn-${step}`;
    const expected = refusals(m, cmd);
    const before = structuredClone(store);
    const label = `step ${step}: ${JSON.stringify(cmd)}`;

    // Act
    let change: IncidentChange | WarningChange | undefined;
    let refusal: unknown;
    try {
      change = execute(store, plans, cmd, now, warningId);
    } catch (e) {
      refusal = e;
    }

    // Assess: the domain is pure, so the records it was given are untouched either way.
    expect(store, label).toEqual(before);
    if (expected.length > 0) {
      expect(refusal, `${label} should be refused with one of ${expected.join(', ')}`).toBeInstanceOf(AppError);
      const e = refusal as AppError;
      expect(e.status, label).toBeGreaterThanOrEqual(400);
      expect(e.status, label).toBeLessThan(500);
      expect(expected, `${label} refused with ${e.code}`).toContain(e.code);
      reached.refusals += 1;
    } else {
      expect(refusal, `${label} should succeed`).toBeUndefined();
      expect(change!.change.action, label).toBe(ACTION_OF[cmd.kind]);
      audits.push(change!.change);
      if ('incident' in change!) {
        const c = change;
        expect(c.incident.rev, label).toBe(store.incident.rev + 1);
        expect(c.incident.updatedAt).toBe(now.toISOString());
        if (isResponseDecision(cmd.kind)) {
          // Rule 9: exactly one filing per decision, with the committee of the government that decided.
          expect(c.filing, label).toBeDefined();
          expect(c.filing!.to).toEqual({ body: 'peoples-congress-standing-committee', division: gov[cmd.by].division });
          expect(c.filing!.decidedBy).toEqual({ division: gov[cmd.by].division, level: gov[cmd.by].level });
          expect(c.event?.type, label).toBe(EVENT_OF[cmd.kind]);
          filings.push(c.filing!);
        } else {
          expect(c.filing, label).toBeUndefined();
          expect(c.event, label).toBeUndefined();
          expect(c.update?.seq, label).toBe(m.updates + 1);
        }
        store.incident = c.incident;
      } else {
        const c = change!;
        expect('filing' in c).toBe(false);
        if (cmd.kind === 'issueWarning') store.warnings.push(c.warning);
        else {
          const n = (cmd as { which: number }).which % store.warnings.length;
          expect(c.warning.rev, label).toBe(store.warnings[n]!.rev + 1);
          store.warnings[n] = c.warning;
        }
      }
      m = advance(m, cmd, warningId);
      reached.activation ||= cmd.kind === 'activate';
      reached.handOver ||= cmd.kind === 'handOver';
      reached.levelChange ||= cmd.kind === 'changeLevel';
      reached.termination ||= cmd.kind === 'terminate';
      reached.terminatedBySuperior ||= cmd.kind === 'terminate' && reached.handOver;
      reached.warning ||= cmd.kind === 'issueWarning';
      reached.warningLifted ||= cmd.kind === 'liftWarning';
    }
    checkInvariants(store, m, audits, filings);
  });
  return reached;
}

describe('incident life cycle model', () => {
  it('reaches no illegal state and keeps audit items equal to state changes over any sequence of commands (rules 1-9)', () => {
    const runs: Reached[] = [];
    fc.assert(
      fc.property(
        fc.oneof({ arbitrary: fc.constant<Category>('accident'), weight: 5 }, { arbitrary: fc.constant<Category>('social-security'), weight: 1 }),
        fc.oneof({ arbitrary: fc.constant('110105'), weight: 3 }, { arbitrary: fc.constant('110105001'), weight: 1 }),
        fc.constantFrom<PlanVariant>('defaults', 'countyLeadsIII', 'noLevelI'),
        figuresArb,
        fc.array(cmdArb, { minLength: 8, maxLength: 60, size: 'max' }),
        fc.array(fc.integer({ min: 1, max: 180 }), { minLength: 60, maxLength: 60 }),
        (category, division, variant, initial, cmds, gaps) => {
          runs.push(runSequence(category, division, variant, initial, cmds, gaps));
        },
      ),
      { numRuns: 300 },
    );

    // The generator must actually drive incidents through the life cycle, not just pile up refusals.
    const share = (k: keyof Reached) => runs.filter((r) => r[k]).length / runs.length;
    expect(runs.length).toBeGreaterThanOrEqual(300);
    // Bounds sit four or more standard deviations below the shares measured over many seeds (in brackets).
    expect(share('activation')).toBeGreaterThan(0.65); // (0.82)
    expect(share('levelChange')).toBeGreaterThan(0.2); // (0.35)
    expect(share('handOver')).toBeGreaterThan(0.25); // (0.37)
    expect(share('termination')).toBeGreaterThan(0.25); // (0.41)
    expect(share('terminatedBySuperior')).toBeGreaterThan(0.06); // (0.17)
    expect(share('warning')).toBeGreaterThan(0.55); // (0.72)
    expect(share('warningLifted')).toBeGreaterThan(0.2); // (0.36)
    expect(share('refusals')).toBeGreaterThan(0.9); // (1.00)
  });
});
