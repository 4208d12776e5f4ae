// Drills of plans in force (演练) and their evaluation; special and department plans are drilled every 3 years (rule 24).
import { InvalidTransition, RuleViolation } from '../errors.ts';
import { actorLabel, type Actor } from './actor.ts';
import type { Change } from './change.ts';
import type { Plan } from './plan.ts';
import type { Incident } from './incident.ts';

const DRILL_INTERVAL_YEARS = 3;

/** Special and department plans must be drilled at least every 3 years (rule 24). */
export function needsDrillTracking(plan: Plan): boolean {
  return (plan.type === 'special' || plan.type === 'department') && plan.inForceVersion !== undefined && plan.status !== 'retired';
}

/** The instant from which the 3-year drill interval runs: the last drill, or the first publication. */
export function drillClock(plan: Plan): string | undefined {
  return plan.lastDrillAt ?? plan.firstPublishedAt;
}

export function drillDueBefore(now: Date): string {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - DRILL_INTERVAL_YEARS);
  return d.toISOString();
}

export interface Drill {
  drillId: string;
  planId: string;
  planVersion: number;
  divisionCode: string;
  conductedAt: string;
  scenario: string;
  participants: number;
  recordedAt: string;
  recordedBy: string;
  /** The exercise incident the drill ran on the real flow (an incident created with exercise: true). */
  exerciseIncidentId?: string;
  evaluation?: DrillEvaluation;
}

/** What the drill practised on the real flow, as the exercise incident stood when the drill was evaluated. */
export interface PractisedExercise {
  incidentId: string;
  title: string;
  status: string;
  /** The response level reached, if a response was activated. */
  responseLevel?: string;
  warnings: number;
}
export interface DrillEvaluation {
  findings: string[];
  revisionNeeded: boolean;
  evaluatedAt: string;
  evaluatedBy: string;
  /** The evaluation cites what was practised: the exercise incident the drill ran on. */
  practised?: PractisedExercise;
}

export function recordDrill(plan: Plan, drill: Omit<Drill, 'planVersion' | 'divisionCode' | 'recordedAt' | 'recordedBy'>, actor: Actor, now: Date): { plan: Plan; drill: Drill; change: Change } {
  if (plan.inForceVersion === undefined || plan.status === 'retired') {
    throw new InvalidTransition('Drills are recorded against a plan in force (published or filed).');
  }
  // Instants are compared and indexed as UTC strings; callers may send any offset (+08:00 usually).
  const conductedAt = new Date(drill.conductedAt).toISOString();
  if (conductedAt > now.toISOString()) {
    throw new RuleViolation('drill-in-future', 'A drill is recorded after it took place.', [{ path: 'conductedAt', message: 'is in the future' }]);
  }
  const at = now.toISOString();
  const recorded: Drill = { ...drill, conductedAt, planVersion: plan.inForceVersion, divisionCode: plan.divisionCode, recordedAt: at, recordedBy: actorLabel(actor) };
  const lastDrillAt = plan.lastDrillAt && plan.lastDrillAt > conductedAt ? plan.lastDrillAt : conductedAt;
  return {
    plan: { ...plan, lastDrillAt, updatedAt: at, rev: plan.rev + 1 },
    drill: recorded,
    change: { action: 'record-drill', from: plan.lastDrillAt ?? 'never-drilled', to: conductedAt },
  };
}

export function evaluateDrill(
  plan: Plan,
  drill: Drill,
  findings: string[],
  revisionNeeded: boolean,
  actor: Actor,
  now: Date,
  practised?: PractisedExercise,
): { plan: Plan; drill: Drill; change: Change } {
  if (drill.evaluation) throw new InvalidTransition('This drill has already been evaluated.');
  if (plan.status === 'retired') throw new InvalidTransition('The plan is retired; its drills can no longer be evaluated.');
  const at = now.toISOString();
  const evaluated: Drill = { ...drill, evaluation: { findings, revisionNeeded, evaluatedAt: at, evaluatedBy: actorLabel(actor), ...(practised ? { practised } : {}) } };
  const next: Plan = { ...plan, updatedAt: at, rev: plan.rev + 1 };
  if (revisionNeeded) {
    next.revisionNeeded = true;
    next.revisionReason = `drill ${drill.drillId} evaluated on ${at.slice(0, 10)}`;
  }
  return {
    plan: next,
    drill: evaluated,
    change: { action: 'evaluate-drill', from: 'unevaluated', to: revisionNeeded ? 'revision-needed' : 'no-revision-needed' },
  };
}

/** A drill links only an exercise incident its office can read: what the evaluation cites must be what was practised. */
export function checkExerciseIncident(incident: Pick<Incident, 'incidentId' | 'exercise'> | undefined, incidentId: string): void {
  const path = 'body.exerciseIncidentId';
  if (!incident) throw new RuleViolation('exercise-incident-not-found', `No incident ${incidentId} you can read.`, [{ path, message: 'no such incident' }]);
  if (!incident.exercise) throw new RuleViolation('not-an-exercise', `Incident ${incidentId} is a real incident, not an exercise.`, [{ path, message: 'not an exercise incident' }]);
}

export function practisedOf(incident: Pick<Incident, 'incidentId' | 'title' | 'status' | 'response'>, warnings: number): PractisedExercise {
  return {
    incidentId: incident.incidentId,
    title: incident.title,
    status: incident.status,
    ...(incident.response ? { responseLevel: incident.response.level } : {}),
    warnings,
  };
}
