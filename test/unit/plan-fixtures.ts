// An in-memory plan store for domain tests: the head plus its versions by number, changed only by applying a PlanChange.
import { calendarFrom } from '../../shared/domain/calendar/working-days.ts';
import type { Actor } from '../../shared/domain/actor.ts';
import type { Plan, PlanAction, PlanChange, PlanContent, PlanIdentity, PlanType, PlanVersion } from '../../shared/domain/plan.ts';
import { createPlan, reviseDraft, transition } from '../../shared/domain/plan.ts';

export const calendar = calendarFrom(undefined);
export const countyActor: Actor = { kind: 'user', roles: ['office'], sub: 'office-110105', division: '110105', level: 'county' };

export function planContent(title = 'Flood emergency plan'): PlanContent {
  return {
    title,
    responseLevels: {
      III: { thresholds: { deaths: 3 }, requiredAuthority: 'city', measures: ['Evacuate low-lying areas'] },
      IV: { thresholds: { deaths: 1 }, requiredAuthority: 'county', measures: ['Open shelters'] },
    },
    warningMeasures: { '4': ['Publish forecasts'] },
  };
}

export interface PlanStore {
  plan: Plan;
  versions: Map<number, PlanVersion>;
}

export function identity(type: PlanType = 'special', divisionCode = '110105'): PlanIdentity {
  return { planId: 'plan-0001', type, category: 'natural-disaster', divisionCode };
}

export function newStore(now: Date, type: PlanType = 'special', divisionCode = '110105'): PlanStore {
  const created = createPlan(identity(type, divisionCode), planContent(), countyActor, now);
  return { plan: created.plan, versions: new Map(created.versions.map((v) => [v.version, v])) };
}

/** Writes a change as the repository would: every version it names, then the new head. */
export function applyChange(store: PlanStore, change: PlanChange): PlanChange {
  for (const v of change.versions) store.versions.set(v.version, v);
  store.plan = change.plan;
  return change;
}

export function latestOf(store: PlanStore): PlanVersion {
  const v = store.versions.get(store.plan.latestVersion);
  if (!v) throw new Error(`store lacks latest version ${store.plan.latestVersion}`);
  return v;
}

export function inForceOf(store: PlanStore): PlanVersion | undefined {
  return store.plan.inForceVersion === undefined ? undefined : store.versions.get(store.plan.inForceVersion);
}

/** Computes a transition against the store without writing it. */
export function tryTransition(store: PlanStore, action: PlanAction, now: Date, reason?: string): PlanChange {
  return transition(store.plan, latestOf(store), inForceOf(store), action, countyActor, now, calendar, reason);
}

export function act(store: PlanStore, action: PlanAction, now: Date, reason?: string): PlanChange {
  return applyChange(store, tryTransition(store, action, now, reason));
}

export function revise(store: PlanStore, now: Date, title = 'Flood emergency plan, revised'): PlanChange {
  return applyChange(store, reviseDraft(store.plan, latestOf(store), planContent(title), countyActor, now));
}

/** Takes the latest version through the given actions, one hour apart from `start`. */
export function actAll(store: PlanStore, actions: PlanAction[], start: Date): PlanChange[] {
  return actions.map((a, i) => act(store, a, new Date(start.getTime() + i * 3600_000)));
}
