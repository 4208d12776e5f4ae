// Warnings (预警, Art 63-70): four levels, the eight Art 64 fields, county-or-higher issuers, Art 66/67 measures,
// and only the issuer adjusts or lifts. Rules 1-5 of domain.md section 9. Pure: no I/O.
import type { Category, WarningLevel } from './categories.ts';
import type { Government } from './actor.ts';
import { atLeast, within } from './division.ts';
import { InvalidTransition, NotInJurisdiction, RuleViolation } from '../errors.ts';
import { checkNeighbours } from './notice.ts';

/** Rule 1: level 1 is the highest. */
export const WARNING_COLOURS: Record<WarningLevel, 'red' | 'orange' | 'yellow' | 'blue'> = {
  '1': 'red',
  '2': 'orange',
  '3': 'yellow',
  '4': 'blue',
};

/** Art 66: measures once a level 3 or 4 (yellow, blue) warning is issued. */
export const ART_66_MEASURES = [
  'art66-1: activate the emergency plan',
  'art66-2: order departments and specialists to collect and report information; strengthen monitoring, forecasting and early warning',
  'art66-3: organise analysis and assessment of the event, its likelihood, scope and severity',
  'art66-4: publish forecasts and assessments to the public and manage the release of related information',
  'art66-5: publish warnings and advice on avoiding harm; announce a consultation hotline',
] as const;

/** Art 67: further measures at level 1 or 2 (red, orange). */
export const ART_67_MEASURES = [
  'art67-1: order rescue teams and personnel to stand by and prepare to respond',
  'art67-2: mobilise standby rescue teams; prepare materials, equipment and shelters',
  'art67-3: strengthen protection of key units, sites and infrastructure; keep public order',
  'art67-4: keep transport, communications, water, power, gas and heat running',
  'art67-5: issue advice for the public to avoid or reduce harm',
  'art67-6: evacuate and resettle people and property at risk',
  'art67-7: close or restrict use of affected public places; control or restrict activities that may worsen harm',
  'art67-8: other necessary precautionary measures required by law',
] as const;

export type Checklist = (typeof ART_66_MEASURES)[number] | (typeof ART_67_MEASURES)[number];

/** Rule 4: levels 3-4 attach Art 66; levels 1-2 attach Art 66 and Art 67. */
export function checklistFor(level: WarningLevel): Checklist[] {
  return level === '1' || level === '2' ? [...ART_66_MEASURES, ...ART_67_MEASURES] : [...ART_66_MEASURES];
}

/** Text for the public in Chinese and, where the office gave it, English (CAP: one info block per language). */
export interface Bilingual {
  'zh-CN': string;
  en?: string;
}

export interface Circle {
  lat: number;
  lng: number;
  radiusKm: number;
}
export interface WarningArea {
  /** GB/T 2260 codes of the divisions possibly affected. */
  divisions: string[];
  description?: string;
  /** Closed ring of [lat, lng] points, as CAP wants: first point repeated last. */
  polygon?: [number, number][];
  circle?: Circle;
}

/** The issuing government as the warning keeps it (Art 64: the issuing body). */
export type Issuer = Pick<Government, 'sub' | 'division' | 'level'>;

/** One CAP message sent for this warning: Alert, then Update per adjustment, then Cancel on lifting. */
export interface CapMessage {
  identifier: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  sent: string;
}

export interface Warning {
  warningId: string;
  incidentId: string;
  /** Art 64 fields: category, level, start, area, hazards, measures, issuer, issue time (rule 2). */
  category: Exclude<Category, 'social-security'>;
  level: WarningLevel;
  colour: (typeof WARNING_COLOURS)[WarningLevel];
  startsAt: string;
  area: WarningArea;
  hazards: Bilingual[];
  /** What the public should do (the CAP instruction); the government's own Art 66/67 duties are the checklist. */
  measures: Bilingual[];
  issuer: Issuer;
  issuedAt: string;
  /** Rule 4, derived from the level: the government's checklist, shown to offices, not to the public. */
  checklist: Checklist[];
  title: Bilingual;
  status: 'active' | 'lifted';
  liftedAt?: string;
  messages: CapMessage[];
  /** Art 64: the neighbouring governments the issuer notifies of the issue, each adjustment and the lifting. */
  notify?: string[];
  /** The warning of an exercise incident: its alerts say so, its CAP status is Exercise, no public feed shows it. */
  exercise?: true;
  updatedAt: string;
  rev: number;
}

export interface WarningEvent {
  type: 'warning.issued' | 'warning.adjusted' | 'warning.lifted';
  warningId: string;
  incidentId: string;
  level: WarningLevel;
  colour: string;
  division: string;
  category: Category;
  capIdentifier: string;
  /** `exercise: 'true'` for a warning of an exercise incident (an SNS message attribute). */
  attributes?: Record<string, string>;
}

export interface WarningChange {
  warning: Warning;
  change: { action: string; from: string | null; to: string; reason?: string };
  event: WarningEvent;
}

export interface WarningDraft {
  level: WarningLevel;
  startsAt: string;
  area: WarningArea;
  hazards: Bilingual[];
  measures: Bilingual[];
  title: Bilingual;
  /** Neighbouring governments to notify (Art 64): same level, same superior. */
  notify?: string[];
}

/** A polygon marks an area only with three distinct corners; CAP wants the ring closed, which the API does. */
function checkPolygon(area: WarningArea): void {
  if (!area.polygon) return;
  const distinct = new Set(area.polygon.map(([lat, lng]) => `${lat},${lng}`));
  if (distinct.size < 3) {
    throw new RuleViolation('degenerate-polygon', 'A warning polygon needs at least three distinct points.', [{ path: 'body.area.polygon', message: 'fewer than three distinct points' }]);
  }
}

/** Rule 3: a government at county level or above, and the whole area inside its jurisdiction. */
function checkIssuer(gov: Government, area: WarningArea, incidentDivision: string): void {
  if (!atLeast(gov.level, 'county')) {
    throw new RuleViolation('issuer-below-county', 'Only a government at county level or above issues warnings (Art 64).');
  }
  if (!within(incidentDivision, gov.division)) {
    throw new NotInJurisdiction(`The incident's division ${incidentDivision} is outside division ${gov.division}.`);
  }
  const outside = area.divisions.filter((d) => !within(d, gov.division));
  if (outside.length) {
    throw new RuleViolation(
      'area-outside-jurisdiction',
      'A warning covers only the issuer\'s own jurisdiction (Art 64); notify neighbouring governments instead.',
      outside.map((d) => ({ path: 'body.area.divisions', message: `${d} is outside ${gov.division}` })),
    );
  }
}

function capId(warningId: string, seq: number): string {
  return `${warningId}.${seq}`;
}

export function issueWarning(
  warningId: string,
  incident: { incidentId: string; category: Category; divisionCode: string; exercise?: true },
  draft: WarningDraft,
  gov: Government,
  now: Date,
): WarningChange {
  if (incident.category === 'social-security') {
    // Rule 5: social security events are reported upward, not warned of (Art 63).
    throw new RuleViolation('no-warning-for-social-security', 'No warning is issued for a social security event (Art 63); report it upward instead.');
  }
  checkIssuer(gov, draft.area, incident.divisionCode);
  checkPolygon(draft.area);
  const notify = checkNeighbours(gov, draft.notify ?? []);
  const at = now.toISOString();
  const warning: Warning = {
    warningId,
    incidentId: incident.incidentId,
    category: incident.category,
    level: draft.level,
    colour: WARNING_COLOURS[draft.level],
    startsAt: new Date(draft.startsAt).toISOString(),
    area: draft.area,
    hazards: draft.hazards,
    measures: draft.measures,
    issuer: { division: gov.division, level: gov.level, sub: gov.sub },
    issuedAt: at,
    checklist: checklistFor(draft.level),
    title: draft.title,
    status: 'active',
    messages: [{ identifier: capId(warningId, 1), msgType: 'Alert', sent: at }],
    ...(notify.length ? { notify } : {}),
    ...(incident.exercise ? { exercise: true as const } : {}),
    updatedAt: at,
    rev: 1,
  };
  return { warning, change: { action: 'issue-warning', from: null, to: `level ${draft.level} (${warning.colour})` }, event: eventOf(warning, 'warning.issued') };
}

function eventOf(w: Warning, type: WarningEvent['type']): WarningEvent {
  return {
    type,
    warningId: w.warningId,
    incidentId: w.incidentId,
    level: w.level,
    colour: w.colour,
    division: w.issuer.division,
    category: w.category,
    capIdentifier: w.messages[w.messages.length - 1]!.identifier,
    // Every alert of an exercise says so: default subscriptions leave it out (SNS attribute exercise=true).
    ...(w.exercise ? { attributes: { exercise: 'true' } } : {}),
  };
}

/** Neighbours named anew replace those of the warning; otherwise those named before are told again (Art 64). */
function renotify(w: Warning, gov: Government, notify: readonly string[] | undefined): Pick<Warning, 'notify'> {
  const list = notify === undefined ? (w.notify ?? []) : checkNeighbours(gov, notify);
  return list.length ? { notify: list } : {};
}

/** Rule 3: only the issuing government adjusts or lifts (Art 70). */
function checkIsIssuer(w: Warning, gov: Government): void {
  if (gov.division !== w.issuer.division) {
    throw new NotInJurisdiction(`Only the issuing government (${w.issuer.division}) may adjust or lift this warning (Art 70).`);
  }
}

export interface Adjustment {
  level?: WarningLevel;
  area?: WarningArea;
  measures?: Bilingual[];
  hazards?: Bilingual[];
  reason?: string;
  /** Neighbours to notify from now on; absent: those named before. */
  notify?: string[];
}

export function adjustWarning(w: Warning, adj: Adjustment, gov: Government, incidentDivision: string, now: Date): WarningChange {
  checkIsIssuer(w, gov);
  if (w.status !== 'active') throw new InvalidTransition('The warning has been lifted.');
  if (adj.level === undefined && adj.area === undefined && adj.measures === undefined && adj.hazards === undefined) {
    throw new RuleViolation('empty-adjustment', 'An adjustment changes the level, the area, the hazards or the measures.');
  }
  const area = adj.area ?? w.area;
  checkIssuer(gov, area, incidentDivision);
  checkPolygon(area);
  const at = now.toISOString();
  const level = adj.level ?? w.level;
  const { notify: _before, ...kept } = w;
  const next: Warning = {
    ...kept,
    ...renotify(w, gov, adj.notify),
    level,
    colour: WARNING_COLOURS[level],
    area,
    measures: adj.measures ?? w.measures,
    hazards: adj.hazards ?? w.hazards,
    checklist: checklistFor(level),
    messages: [...w.messages, { identifier: capId(w.warningId, w.messages.length + 1), msgType: 'Update', sent: at }],
    updatedAt: at,
    rev: w.rev + 1,
  };
  return {
    warning: next,
    change: { action: 'adjust-warning', from: `level ${w.level}`, to: `level ${level}`, ...(adj.reason ? { reason: adj.reason } : {}) },
    event: eventOf(next, 'warning.adjusted'),
  };
}

/** Lifting ends the warning period and withdraws its measures at once (Art 70). */
export function liftWarning(w: Warning, gov: Government, now: Date, reason?: string, notify?: string[]): WarningChange {
  checkIsIssuer(w, gov);
  if (w.status !== 'active') throw new InvalidTransition('The warning has already been lifted.');
  const at = now.toISOString();
  const { notify: _before, ...kept } = w;
  const next: Warning = {
    ...kept,
    ...renotify(w, gov, notify),
    status: 'lifted',
    liftedAt: at,
    messages: [...w.messages, { identifier: capId(w.warningId, w.messages.length + 1), msgType: 'Cancel', sent: at }],
    updatedAt: at,
    rev: w.rev + 1,
  };
  return { warning: next, change: { action: 'lift-warning', from: `level ${w.level}`, to: 'lifted', ...(reason ? { reason } : {}) }, event: eventOf(next, 'warning.lifted') };
}
