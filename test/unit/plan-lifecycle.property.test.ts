// Model test of the plan life cycle: random command sequences against a store of versions, with invariants checked after every step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Change, PlanChange, PlanEvent, PlanVersion, VersionStatus } from '../../shared/domain/plan.ts';
import { reviseDraft } from '../../shared/domain/plan.ts';
import { InvalidTransition } from '../../shared/errors.ts';
import { applyChange, countyActor, latestOf, newStore, planContent, tryTransition, type PlanStore } from './plan-fixtures.ts';

const COMMANDS = ['submit', 'approve', 'publish', 'file', 'retire', 'revise'] as const;
type Command = (typeof COMMANDS)[number];

/** Retiring ends the run's interest, so it comes up less often than the steps that move a plan forward. */
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.constantFrom<Command>('submit', 'approve', 'publish', 'file', 'revise'), weight: 20 },
  { arbitrary: fc.constant<Command>('retire'), weight: 1 },
);

/** The reference model: what the latest version is and whether any version is in force. */
interface Model {
  latestVersion: number;
  latestStatus: VersionStatus;
  inForce: number | undefined;
  /** Filing acts on the version in force, whatever the latest version is doing (rule 23). */
  inForceFiled: boolean;
  retired: boolean;
}

const NEXT: Partial<Record<Command, { from: VersionStatus; to: VersionStatus }>> = {
  submit: { from: 'draft', to: 'under-review' },
  approve: { from: 'under-review', to: 'approved' },
  publish: { from: 'approved', to: 'published' },
};

function allowed(m: Model, cmd: Command): boolean {
  if (m.retired) return false;
  if (cmd === 'retire') return m.inForce !== undefined;
  if (cmd === 'file') return m.inForce !== undefined && !m.inForceFiled;
  if (cmd === 'revise') return m.latestStatus !== 'under-review' && m.latestStatus !== 'approved';
  return m.latestStatus === NEXT[cmd]!.from;
}

function advance(m: Model, cmd: Command): Model {
  if (cmd === 'retire') return { ...m, retired: true };
  if (cmd === 'file') return { ...m, inForceFiled: true, latestStatus: m.latestVersion === m.inForce ? 'filed' : m.latestStatus };
  if (cmd === 'revise') return { ...m, latestVersion: m.latestVersion + 1, latestStatus: 'draft' };
  const to = NEXT[cmd]!.to;
  return cmd === 'publish' ? { ...m, latestStatus: to, inForce: m.latestVersion, inForceFiled: false } : { ...m, latestStatus: to };
}

function run(store: PlanStore, cmd: Command, now: Date): PlanChange {
  if (cmd === 'revise') return reviseDraft(store.plan, latestOf(store), planContent(`Revision at ${now.toISOString()}`), countyActor, now);
  return tryTransition(store, cmd, now);
}

const IN_FORCE: VersionStatus[] = ['published', 'filed'];
const PENDING: VersionStatus[] = ['draft', 'under-review', 'approved'];

function checkInvariants(store: PlanStore, model: Model, successes: number, audits: Change[], events: PlanEvent[], publishedOrFiled: number): void {
  const { plan, versions } = store;
  const all: PlanVersion[] = [...versions.values()];

  // Versions are numbered 1..latest with no gap, and the head names the newest.
  expect([...versions.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: plan.latestVersion }, (_, i) => i + 1));
  expect(plan.latestVersion).toBe(model.latestVersion);

  // At most one version is in force, and it is the one the head names.
  const inForce = all.filter((v) => IN_FORCE.includes(v.status));
  expect(inForce.length).toBeLessThanOrEqual(1);
  if (model.retired) {
    expect(inForce).toEqual([]);
    expect(plan.status).toBe('retired');
    expect(all.filter((v) => PENDING.includes(v.status))).toEqual([]);
    expect(plan.filing).toBeUndefined();
  } else {
    expect(inForce.map((v) => v.version)).toEqual(model.inForce === undefined ? [] : [model.inForce]);
    expect(plan.inForceVersion).toBe(model.inForce);
    // The head shows the latest version's status.
    expect(plan.status).toBe(versions.get(plan.latestVersion)!.status);
    expect(plan.status).toBe(model.latestStatus);
    // Only the latest version may be pending; every other version is in force or ended.
    for (const v of all) {
      if (v.version !== plan.latestVersion && v.version !== plan.inForceVersion) expect(['replaced', 'superseded']).toContain(v.status);
    }
    // The filing follows the version in force: filed exactly when that version is.
    if (model.inForce === undefined) expect(plan.filing).toBeUndefined();
    else {
      expect(plan.filing?.version).toBe(model.inForce);
      expect(plan.filing?.filedAt !== undefined).toBe(versions.get(model.inForce)!.status === 'filed');
    }
  }

  // One rev and one audit entry per successful change (creation included); events only on publish and file.
  expect(plan.rev).toBe(successes);
  expect(audits).toHaveLength(successes);
  expect(events).toHaveLength(publishedOrFiled);
}

/** Applies each command to the store when the model allows it, expects a clean refusal otherwise, and checks the invariants. */
function runSequence(cmds: Command[], gapsInHours: number[]): void {
  // Prepare
  let now = new Date('2025-09-01T02:00:00Z');
  const store = newStore(now);
  let model: Model = { latestVersion: 1, latestStatus: 'draft', inForce: undefined, inForceFiled: false, retired: false };
  let successes = 1;
  const audits: Change[] = [{ action: 'create', from: null, to: 'draft' }];
  const events: PlanEvent[] = [];
  let publishedOrFiled = 0;

  cmds.forEach((cmd, i) => {
    now = new Date(now.getTime() + gapsInHours[i]! * 3600_000);
    const beforePlan = structuredClone(store.plan);
    const beforeVersions = structuredClone([...store.versions.entries()]);

    // Act
    let change: PlanChange | undefined;
    let refusal: unknown;
    try {
      change = run(store, cmd, now);
    } catch (e) {
      refusal = e;
    }

    // Assess
    if (allowed(model, cmd)) {
      expect(refusal, `${cmd} should succeed at step ${i}`).toBeUndefined();
      expect(change!.plan.rev).toBe(store.plan.rev + 1);
      expect(change!.change.action).toBe(cmd);
      if (cmd === 'publish') expect(change!.event?.type).toBe('plan.published');
      else if (cmd === 'file') expect(change!.event?.type).toBe('plan.filed');
      else expect(change!.event).toBeUndefined();
      applyChange(store, change!);
      audits.push(change!.change);
      if (change!.event) events.push(change!.event);
      if (cmd === 'publish' || cmd === 'file') publishedOrFiled += 1;
      successes += 1;
      model = advance(model, cmd);
    } else {
      expect(refusal, `${cmd} should be refused at step ${i}`).toBeInstanceOf(InvalidTransition);
      expect(refusal).toMatchObject({ status: 409, code: 'invalid-transition' });
      // The domain is pure: a refusal leaves the head and versions it was given as they were.
      expect(store.plan).toEqual(beforePlan);
      expect([...store.versions.entries()]).toEqual(beforeVersions);
    }
    checkInvariants(store, model, successes, audits, events, publishedOrFiled);
  });
}

describe('plan life cycle model', () => {
  it('keeps its invariants over any sequence of submit, approve, publish, file, retire and revise (rule 23)', () => {
    fc.assert(
      fc.property(
        // Long sequences (size 'max'): a plan needs three lucky steps to reach publication and three more for a superseding one.
        fc.array(command, { minLength: 10, maxLength: 60, size: 'max' }),
        fc.array(fc.integer({ min: 1, max: 72 }), { minLength: 60, maxLength: 60 }),
        runSequence,
      ),
      { numRuns: 300 },
    );
  });

  it('refuses every command once the plan is retired', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...COMMANDS), { minLength: 1, maxLength: 20 }), (cmds) => {
        // Prepare: published, revised and retired
        let now = new Date('2025-09-01T02:00:00Z');
        const store = newStore(now);
        for (const cmd of ['submit', 'approve', 'publish', 'revise', 'retire'] as const) {
          now = new Date(now.getTime() + 3600_000);
          applyChange(store, run(store, cmd, now));
        }
        const frozen = structuredClone(store.plan);

        // Act / Assess
        for (const cmd of cmds) {
          now = new Date(now.getTime() + 3600_000);
          expect(() => run(store, cmd, now)).toThrow(InvalidTransition);
        }
        expect(store.plan).toEqual(frozen);
      }),
      { numRuns: 200 },
    );
  });
});
