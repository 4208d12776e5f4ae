// Fixtures for incident, warning and response tests: one line of governments (county 110105 up to the nation), plans
// in force built through the real plan life cycle, figures and reports.
import { calendarFrom } from '../../shared/domain/calendar/working-days.ts';
import type { Category, ResponseLevel } from '../../shared/domain/categories.ts';
import type { Figures, Incident, PlanInForce, Report } from '../../shared/domain/incident.ts';
import type { Government } from '../../shared/domain/actor.ts';
import { reportIncident } from '../../shared/domain/incident.ts';
import type { PlanContent, PlanVersion, VersionStatus } from '../../shared/domain/plan.ts';
import { createPlan, transition } from '../../shared/domain/plan.ts';
import type { WarningDraft } from '../../shared/domain/warning.ts';

export const calendar = calendarFrom(undefined);

/** The line of governments above the incident's county (Dongcheng, Beijing), plus a sibling county and a township. */
export const gov = {
  county: { kind: 'user', roles: ['office'], sub: 'office-110105', division: '110105', level: 'county' },
  city: { kind: 'user', roles: ['office'], sub: 'office-110100', division: '110100', level: 'city' },
  province: { kind: 'user', roles: ['office'], sub: 'office-110000', division: '110000', level: 'province' },
  national: { kind: 'user', roles: ['office'], sub: 'office-100000', division: '100000', level: 'national' },
  otherCounty: { kind: 'user', roles: ['office'], sub: 'office-110108', division: '110108', level: 'county' },
  township: { kind: 'user', roles: ['office'], sub: 'office-110105001', division: '110105001', level: 'township' },
} as const satisfies Record<string, Government>;
export type GovName = keyof typeof gov;

/** Instants used across the tests: the accident happens, then it is reported, then decisions follow hourly. */
export const occurredAt = '2026-07-01T01:00:00Z';
export const reportedAt = new Date('2026-07-01T02:00:00Z');
export const hoursAfter = (h: number, from: Date = reportedAt) => new Date(from.getTime() + h * 3600_000);

const YUAN = 100; // fen per yuan

/** Grading of production-safety accidents (domain.md section 1) with the default authority: IV county ... I national. */
export function accidentLevels(): PlanContent['responseLevels'] {
  return {
    I: { thresholds: { deaths: 30, seriouslyInjured: 100, directLossFen: 100_000_000 * YUAN }, requiredAuthority: 'national', measures: ['National command'] },
    II: { thresholds: { deaths: 10, seriouslyInjured: 50, directLossFen: 50_000_000 * YUAN }, requiredAuthority: 'province', measures: ['Provincial command'] },
    III: { thresholds: { deaths: 3, seriouslyInjured: 10, directLossFen: 10_000_000 * YUAN }, requiredAuthority: 'city', measures: ['City command'] },
    IV: { thresholds: { deaths: 1, seriouslyInjured: 3, affectedPopulation: 1_000 }, requiredAuthority: 'county', measures: ['County command'] },
  };
}

export interface PlanOptions {
  planId?: string;
  category?: Category;
  divisionCode?: string;
  levels?: PlanContent['responseLevels'];
  /** The status of the cited version; published and filed are in force. */
  status?: VersionStatus;
}

/** A plan taken through create -> submit -> approve -> publish (-> file) by the plan aggregate itself. */
export function planInForce(o: PlanOptions = {}): PlanInForce {
  const at = new Date('2026-01-05T02:00:00Z');
  const actor = { kind: 'user' as const, roles: ['office' as const], sub: 'office-110105', division: '110105', level: 'county' as const };
  const identity = { planId: o.planId ?? 'plan-accident', type: 'special' as const, category: o.category ?? 'accident', divisionCode: o.divisionCode ?? '110105' };
  const content: PlanContent = { title: 'Production-safety accident plan', responseLevels: o.levels ?? accidentLevels(), warningMeasures: {} };
  const created = createPlan(identity, content, actor, at);
  let plan = created.plan;
  let version: PlanVersion = created.versions[0]!;
  const status = o.status ?? 'published';
  const path: Partial<Record<VersionStatus, ('submit' | 'approve' | 'publish' | 'file')[]>> = {
    draft: [],
    'under-review': ['submit'],
    approved: ['submit', 'approve'],
    published: ['submit', 'approve', 'publish'],
    filed: ['submit', 'approve', 'publish', 'file'],
  };
  const steps = path[status];
  if (steps === undefined) {
    // Ended versions (replaced, superseded, retired) are built by hand from a published one.
    return { plan: identity, version: { ...planInForce({ ...o, status: 'published' }).version, status, endedAt: at.toISOString() } };
  }
  steps.forEach((action, n) => {
    const inForce = plan.inForceVersion === undefined ? undefined : version;
    const change = transition(plan, version, inForce, action, actor, new Date(at.getTime() + (n + 1) * 3600_000), calendar);
    plan = change.plan;
    version = change.versions[0]!;
  });
  return { plan: { planId: plan.planId, type: plan.type, category: plan.category, divisionCode: plan.divisionCode }, version };
}

/** Default levels except the ones given, e.g. a plan that lets a county lead a level III response. */
export function levelsWithAuthority(overrides: Partial<Record<ResponseLevel, Government['level']>>): PlanContent['responseLevels'] {
  const levels = accidentLevels();
  for (const [level, authority] of Object.entries(overrides) as [ResponseLevel, Government['level']][]) levels[level] = { ...levels[level]!, requiredAuthority: authority };
  return levels;
}

export function figures(f: Partial<Figures['casualties']> & { directLossFen?: number; affectedPopulation?: number } = {}): Figures {
  return {
    casualties: { deaths: f.deaths ?? 0, missing: f.missing ?? 0, injured: f.injured ?? 0, seriouslyInjured: f.seriouslyInjured ?? 0 },
    directLossFen: f.directLossFen ?? 0,
    affectedPopulation: f.affectedPopulation ?? 0,
  };
}

export function report(o: Partial<Report> = {}): Report {
  return {
    category: 'accident',
    type: 'building-collapse',
    title: 'Collapse of a warehouse roof',
    divisionCode: '110105',
    occurredAt,
    location: { lat: 39.93, lng: 116.42, address: 'Dongcheng District, Beijing' },
    figures: figures(),
    description: 'Roof of a storage warehouse collapsed during unloading.',
    ...o,
  };
}

/** A freshly reported incident in county 110105 with the given figures, graded against `plan` (call reportIncident for none). */
export function reported(f: Figures = figures({ deaths: 5 }), o: Partial<Report> = {}, plan: PlanInForce = planInForce()): Incident {
  return reportIncident('inc-0001', report({ ...o, figures: f }), plan, gov.county, reportedAt).incident;
}

export function warningDraft(o: Partial<WarningDraft> = {}): WarningDraft {
  return {
    level: '3',
    startsAt: '2026-07-01T10:00:00+08:00',
    area: { divisions: ['110105'], description: 'Dongcheng District' },
    hazards: [{ 'zh-CN': '受损建筑可能进一步坍塌', en: 'Further collapse of damaged structures' }],
    measures: [{ 'zh-CN': '远离警戒区域', en: 'Keep away from the cordoned area' }],
    title: { 'zh-CN': '建筑坍塌黄色预警', en: 'Yellow warning: building collapse' },
    ...o,
  };
}

/** The error a refused command throws; fails the test when the command is not refused. */
export function refusal(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the command to be refused');
}
