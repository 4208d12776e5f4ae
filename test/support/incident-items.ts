// Incidents, warnings, plans in force and releases as the repositories store them, for feeding mocked DynamoDB reads in
// handler tests. The entities are made by the domain functions themselves, so they are states the code can reach.
import type { Category } from '../../shared/domain/categories.ts';
import { activateResponse, reportIncident, type Incident, type PlanInForce } from '../../shared/domain/incident.ts';
import type { Government } from '../../shared/domain/actor.ts';
import { countyOffice, cityOffice, townshipOffice, userOf } from './callers.ts';
import { reportBody } from './bodies.ts';
import type { Plan, PlanVersion } from '../../shared/domain/plan.ts';
import { adjustWarning, issueWarning, liftWarning, type Warning, type WarningDraft } from '../../shared/domain/warning.ts';
import { cstDate } from '../../shared/domain/calendar/working-days.ts';
import type { Release } from '../../shared/store/incidents.ts';
import { keys } from '../../shared/store/keys.ts';

export const PLAN_ID = '0c6f1e2a-7b3d-4e5f-8a9b-0c1d2e3f4a5b';
export const INCIDENT_ID = '5d1e7c3a-2b4f-4a6e-9c8d-7e6f5a4b3c2d';
export const WARNING_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

/** The governments of the tests, as the domain sees the callers: the county 110105, the city above it, a township below it. */
export const gov = {
  county: userOf(countyOffice) as Government,
  city: userOf(cityOffice) as Government,
  township: userOf(townshipOffice) as Government,
};

export const reportedAt = new Date('2026-07-01T02:00:00Z');

/** A published accident plan of 110105 with the default authority: IV county, III city (stored by planHeadItem and planVersionItem of the repository). */
export function accidentPlan(o: { category?: Category; status?: PlanVersion['status'] } = {}): { plan: Plan; version: PlanVersion } {
  const category = o.category ?? 'accident';
  return {
    plan: {
      planId: PLAN_ID,
      type: 'special',
      category,
      divisionCode: '110105',
      title: 'Production-safety accident plan',
      status: 'published',
      latestVersion: 1,
      inForceVersion: 1,
      revisionNeeded: false,
      createdAt: '2026-01-05T02:00:00.000Z',
      updatedAt: '2026-01-06T02:00:00.000Z',
      rev: 4,
    },
    version: {
      planId: PLAN_ID,
      version: 1,
      status: o.status ?? 'published',
      title: 'Production-safety accident plan',
      responseLevels: {
        III: { thresholds: { deaths: 3 }, requiredAuthority: 'city', measures: ['City command post'] },
        IV: { thresholds: { deaths: 1 }, requiredAuthority: 'county', measures: ['County command post'] },
      },
      warningMeasures: {},
      createdAt: '2026-01-05T02:00:00.000Z',
      createdBy: 'office-110105',
    },
  };
}

export const planInForce = (o: Parameters<typeof accidentPlan>[0] = {}): PlanInForce => {
  const { plan, version } = accidentPlan(o);
  return { plan: { planId: plan.planId, type: plan.type, category: plan.category, divisionCode: plan.divisionCode }, version };
};

/** An incident of 110105 reported by the county: 2 deaths (severity IV under the accident plan) unless told otherwise. */
export function reportedIncident(o: { category?: Category; deaths?: number } = {}): Incident {
  const b = reportBody();
  const casualties = { ...b.casualties, deaths: o.deaths ?? b.casualties.deaths };
  return reportIncident(
    INCIDENT_ID,
    {
      category: o.category ?? 'accident',
      type: b.type,
      title: b.title,
      divisionCode: b.divisionCode,
      occurredAt: b.occurredAt,
      location: b.location,
      figures: { casualties, directLossFen: b.directLossFen, affectedPopulation: b.affectedPopulation },
      description: b.description,
    },
    o.category === 'social-security' ? undefined : planInForce(),
    gov.county,
    reportedAt,
  ).incident;
}

/** The same incident with a level IV response activated by the county an hour after the report. */
export function respondingIncident(): Incident {
  return activateResponse(
    reportedIncident(),
    { level: 'IV', matters: 'Rescue and gas shut-off', expectedDuration: '48h', measures: ['Evacuate the block'], basis: { metric: 'deaths' } },
    planInForce(),
    gov.county,
    new Date(reportedAt.getTime() + 3600_000),
  ).incident;
}

export function incidentItem(i: Incident): Record<string, unknown> {
  return {
    ...keys.incident(i.incidentId),
    kind: 'incident',
    ...i,
    ...keys.gsi.incidentsByDivision(i.divisionCode, i.status, i.occurredAt, i.incidentId),
    ...keys.gsi.incidentsByCategory(i.divisionCode, i.category, i.status, i.occurredAt, i.incidentId),
  };
}

/** The plan-in-force index item the incidents function queries to grade a report. */
export function inForceItem(p: Plan): Record<string, unknown> {
  return {
    ...keys.planInForce(p.planId),
    kind: 'plan-in-force',
    planId: p.planId,
    type: p.type,
    category: p.category,
    divisionCode: p.divisionCode,
    inForceVersion: p.inForceVersion,
    ...keys.gsi.planInForce(p.divisionCode, p.category, p.type, p.planId),
  };
}

export function warningDraft(o: Partial<WarningDraft> = {}): WarningDraft {
  return {
    level: '3',
    startsAt: '2026-07-01T03:00:00.000Z',
    area: { divisions: ['110105'], description: 'Chaoyang District', circle: { lat: 39.92, lng: 116.44, radiusKm: 3 } },
    hazards: [{ 'zh-CN': '可能再次发生燃气泄漏', en: 'Further gas leaks possible' }],
    measures: [{ 'zh-CN': '远离建国路', en: 'Keep away from Jianguo Road' }],
    title: { 'zh-CN': '朝阳区燃气爆炸黄色预警', en: 'Yellow warning: gas explosion, Chaoyang' },
    ...o,
  };
}

export type WarningState = 'issued' | 'adjusted' | 'lifted';

/** The county's level 3 warning on the incident, issued an hour after the report: as issued, raised to level 2 an hour later, or lifted an hour after that. */
export function countyWarning(state: WarningState = 'issued', o: { warningId?: string; division?: string; reportedAt?: Date } = {}): Warning {
  const division = o.division ?? '110105';
  const issuer = { ...gov.county, division };
  const incident = { incidentId: INCIDENT_ID, category: 'accident' as const, divisionCode: division };
  const from = o.reportedAt ?? reportedAt;
  const at = (h: number) => new Date(from.getTime() + h * 3600_000);
  let w = issueWarning(o.warningId ?? WARNING_ID, incident, warningDraft({ area: { divisions: [division] } }), issuer, at(1)).warning;
  if (state === 'issued') return w;
  w = adjustWarning(w, { level: '2', reason: 'Leak spreading' }, issuer, division, at(2)).warning;
  if (state === 'adjusted') return w;
  return liftWarning(w, issuer, at(3), 'Leak stopped').warning;
}

export function warningItem(w: Warning): Record<string, unknown> {
  return {
    ...keys.warning(w.warningId),
    kind: 'warning',
    ...w,
    ...(w.status === 'active' ? keys.gsi.activeWarning(w.issuedAt, w.warningId) : keys.gsi.liftedWarning(cstDate(new Date(w.liftedAt!)), w.liftedAt!, w.warningId)),
  };
}

export function release(o: Partial<Release> = {}): Release {
  return {
    releaseId: '1f2e3d4c-5b6a-4978-8a1b-2c3d4e5f6a7b',
    incidentId: INCIDENT_ID,
    divisionCode: '110105',
    category: 'accident',
    title: { 'zh-CN': '燃气爆炸情况通报', en: 'Gas explosion: update' },
    body: { 'zh-CN': '现场已控制。', en: 'The site is under control.' },
    publishedAt: '2026-07-01T04:00:00.000Z',
    ...o,
  };
}

export function releaseItem(r: Release): Record<string, unknown> {
  return { ...keys.release(r.incidentId, r.publishedAt, r.releaseId), kind: 'release', ...r, ...keys.gsi.release(r.publishedAt, r.releaseId) };
}
