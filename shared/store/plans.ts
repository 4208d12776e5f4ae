// Repository of the plan aggregate: head, versions, child links, filing tracker and drills.
import { BatchGetCommand, GetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Drill } from '../domain/drill.ts';
import { drillClock, needsDrillTracking } from '../domain/drill.ts';
import type { Plan, PlanChange, PlanType, PlanVersion } from '../domain/plan.ts';
import { superiorOf } from '../domain/plan.ts';
import type { PlanInForce } from '../domain/incident.ts';
import { NATIONAL } from '../domain/division.ts';
import { keys } from './keys.ts';
import { queryPage, strip, type Page } from './query.ts';
import { Repository, unchangedSince } from './repository.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** Which plan grades an incident when a division has several in force for one category. */
const TYPE_PREFERENCE: PlanType[] = ['special', 'department', 'local', 'overall', 'grassroots', 'joint', 'major-event'];

/** A plan with its latest version, as the head item holds them. */
export interface PlanHead {
  plan: Plan;
  latest: PlanVersion;
}

type HeadItem = Plan & { latest?: PlanVersion };

/** The plan stored in a head item, without the latest version's content it carries. */
function planOf(item: Record<string, unknown>): Plan {
  const { latest: _latest, ...plan } = strip<HeadItem>(item);
  return plan;
}

/**
 * The head item: the plan with its by-division (and drill clock) index keys, and the latest version whole. It is
 * written in the same transaction as every change of the latest version (each such change moves the head's rev), so a
 * read of the head alone gives a plan and a latest version that belong together.
 */
export function planHeadItem(plan: Plan, latest: PlanVersion): Record<string, unknown> {
  if (latest.planId !== plan.planId || latest.version !== plan.latestVersion) {
    throw new Error(`plan ${plan.planId} head names version ${plan.latestVersion}, not ${latest.planId} v${latest.version}`);
  }
  const clock = drillClock(plan);
  return {
    ...keys.planHead(plan.planId),
    kind: 'plan',
    ...plan,
    latest,
    ...keys.gsi.plansByDivision(plan.divisionCode, plan.status, plan.planId),
    ...(needsDrillTracking(plan) && clock ? keys.gsi.drillClock(plan.divisionCode, clock, plan.planId) : {}),
  };
}

export function planVersionItem(v: PlanVersion): Record<string, unknown> {
  return { ...keys.planVersion(v.planId, v.version), kind: 'plan-version', ...v };
}

export class PlanRepository extends Repository {
  async get(planId: string): Promise<Plan | undefined> {
    const item = await this.headItem(planId);
    return item && planOf(item);
  }

  getVersion(planId: string, version: number): Promise<PlanVersion | undefined> {
    return this.item<PlanVersion>(keys.planVersion(planId, version));
  }

  /** The plan and its latest version: one GetItem of the head, which carries the latest version. */
  async getWithLatest(planId: string): Promise<PlanHead | undefined> {
    const item = await this.headItem(planId);
    if (!item) return undefined;
    const plan = planOf(item);
    const carried = (item as Partial<HeadItem>).latest;
    if (carried?.version === plan.latestVersion) return { plan, latest: carried };
    // A head written before heads carried their latest version: read it after the head, as before (the next write of
    // the plan puts it into the head).
    const latest = await this.getVersion(planId, plan.latestVersion);
    if (!latest) throw new Error(`plan ${planId} head names version ${plan.latestVersion}, which is missing`);
    return { plan, latest };
  }

  private async headItem(planId: string): Promise<Record<string, unknown> | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.planHead(planId), ConsistentRead: true }));
    return r.Item;
  }

  /**
   * The head with its latest version and the version in force. The head is read first: any change to a version
   * also moves the head's rev, so a version read after it is never older than the head, and the write that follows
   * is conditioned on that rev. (Reading a version before or alongside the head could pair a new head with an old
   * version; a concurrency test caught two winners that way.)
   */
  async getWithVersions(planId: string): Promise<{ plan: Plan; latest: PlanVersion; inForce?: PlanVersion } | undefined> {
    const head = await this.getWithLatest(planId);
    if (!head) return undefined;
    const { plan, latest } = head;
    if (plan.inForceVersion === undefined) return head;
    const inForce = plan.inForceVersion === plan.latestVersion ? latest : await this.getVersion(planId, plan.inForceVersion);
    return inForce ? { plan, latest, inForce } : head;
  }

  async listByDivision(division: string, status: string | undefined, limit: number, cursor?: string): Promise<Page<Plan>> {
    const pk = keys.gsi.plansByDivisionPK(division);
    return queryPage(this.db, this.table, { index: 'GSI1', pk, sk: status ? { op: 'begins_with', value: `${status}#` } : undefined, limit, cursor }, planOf);
  }

  async children(parentId: string, limit: number, cursor?: string): Promise<Page<Plan>> {
    const { PK, SKPrefix } = keys.planChildPrefix(parentId);
    const links = await queryPage(this.db, this.table, { pk: PK, sk: { op: 'begins_with', value: SKPrefix }, limit, cursor }, (i) => i['childId'] as string);
    return { ...links, items: await this.batchGet(links.items) };
  }

  /** Special and department plans in force whose drill clock stopped before `before` (rule 24). */
  async dueForDrill(division: string, before: string, limit: number, cursor?: string): Promise<Page<Plan>> {
    const pk = keys.gsi.drillClockPK(division);
    return queryPage(this.db, this.table, { index: 'GSI2', pk, sk: { op: '<', value: before }, limit, cursor }, planOf);
  }

  /** Plans whose filing is pending and due before `date` (YYYY-MM-DD), for the deadline sweep. */
  async filingsDueBefore(date: string, limit: number, cursor?: string): Promise<Page<{ planId: string; dueDate: string }>> {
    const pk = keys.gsi.filingPK('PENDING');
    return queryPage(this.db, this.table, { index: 'GSI1', pk, sk: { op: '<', value: date }, limit, cursor }, (i) => ({ planId: i['planId'] as string, dueDate: i['dueDate'] as string }));
  }

  private async batchGet(ids: string[]): Promise<Plan[]> {
    if (ids.length === 0) return [];
    const found = new Map<string, Plan>();
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [this.table]: { Keys: ids.map((id) => keys.planHead(id)) },
    };
    for (let attempt = 0; request && attempt < 5; attempt++) {
      const r: BatchGetCommandOutput = await this.db.send(new BatchGetCommand({ RequestItems: request }));
      for (const item of r.Responses?.[this.table] ?? []) {
        const plan = planOf(item);
        found.set(plan.planId, plan);
      }
      const left: Record<string, unknown>[] | undefined = r.UnprocessedKeys?.[this.table]?.Keys;
      request = left && left.length ? { [this.table]: { Keys: left } } : undefined;
      if (request) await new Promise((res) => setTimeout(res, 25 * 2 ** attempt));
    }
    if (request) throw Object.assign(new Error('BatchGet left keys unprocessed'), { name: 'ThrottlingException' });
    return ids.map((id) => found.get(id)).filter((p): p is Plan => p !== undefined);
  }

  getDrill(drillId: string): Promise<Drill | undefined> {
    return this.item<Drill>(keys.drill(drillId));
  }

  /**
   * Stages a plan change: head (with the latest version, conditioned on the rev it was read at), versions, links,
   * filing tracker, audit, outbox.
   */
  stage(uow: UnitOfWork, change: PlanChange, read: PlanHead | undefined): void {
    const { plan } = change;
    const previous = read?.plan;
    const latest = change.versions.find((v) => v.version === plan.latestVersion) ?? read?.latest;
    if (!latest) throw new Error(`plan change of ${plan.planId} has no version ${plan.latestVersion}`);
    this.stageHead(uow, plan, latest, previous);
    for (const v of change.versions) {
      const isNew = previous === undefined || v.version > previous.latestVersion;
      uow.put('version', planVersionItem(v), isNew ? { expression: 'attribute_not_exists(PK)' } : undefined);
    }
    if (!previous && plan.parentPlanId) {
      uow.check('parent', keys.planHead(plan.parentPlanId), {
        expression: 'attribute_exists(PK) AND #s <> :retired',
        names: { '#s': 'status' },
        values: { ':retired': 'retired' },
      });
      uow.put('child-link', { ...keys.planChild(plan.parentPlanId, plan.planId), kind: 'plan-child', childId: plan.planId });
    }
    this.stageFilingTracker(uow, plan, previous);
    this.stageInForceIndex(uow, plan, previous);
    uow.audit({
      entity: 'plan',
      entityId: plan.planId,
      entityPK: keys.planHead(plan.planId).PK,
      division: plan.divisionCode,
      ...change.change,
    });
    if (change.event) {
      uow.announce(change.event);
    }
  }

  /** A drill recorded or evaluated, with the plan head it changes (the latest version stays as it was read). */
  stageDrill(uow: UnitOfWork, plan: Plan, read: PlanHead, drill: Drill, isNew: boolean, change: PlanChange['change']): void {
    uow.put(
      'drill',
      { ...keys.drill(drill.drillId), kind: 'drill', ...drill },
      isNew ? { expression: 'attribute_not_exists(PK)' } : { expression: 'attribute_not_exists(evaluation)' },
    );
    this.stageHead(uow, plan, read.latest, read.plan);
    uow.audit({ entity: 'plan', entityId: plan.planId, entityPK: keys.planHead(plan.planId).PK, division: plan.divisionCode, ...change });
  }

  private stageHead(uow: UnitOfWork, plan: Plan, latest: PlanVersion, previous: Plan | undefined): void {
    uow.put('plan', planHeadItem(plan, latest), unchangedSince(previous));
  }

  /** The index incidents use to find the plan in force for a category and division. */
  private stageInForceIndex(uow: UnitOfWork, plan: Plan, previous: Plan | undefined): void {
    const now = plan.status === 'retired' ? undefined : plan.inForceVersion;
    const before = previous && previous.status !== 'retired' ? previous.inForceVersion : undefined;
    if (now === before) return;
    if (now === undefined) {
      uow.delete('in-force', keys.planInForce(plan.planId));
      return;
    }
    uow.put('in-force', {
      ...keys.planInForce(plan.planId),
      kind: 'plan-in-force',
      planId: plan.planId,
      type: plan.type,
      category: plan.category,
      divisionCode: plan.divisionCode,
      inForceVersion: now,
      ...keys.gsi.planInForce(plan.divisionCode, plan.category, plan.type, plan.planId),
    });
  }

  /** Plans in force for a category in exactly this division. */
  async inForceIn(division: string, category: string): Promise<{ planId: string; type: PlanType; divisionCode: string; inForceVersion: number }[]> {
    const pk = keys.gsi.planInForcePK(division, category);
    const r = await queryPage(this.db, this.table, { index: 'GSI1', pk, sk: undefined, limit: 100, cursor: undefined }, (i) => ({
      planId: i['planId'] as string,
      type: i['type'] as PlanType,
      divisionCode: i['divisionCode'] as string,
      inForceVersion: i['inForceVersion'] as number,
    }));
    return r.items;
  }

  /**
   * The plan in force that grades an incident of this category here: the division's own plan if it has one,
   * otherwise the nearest superior's. Among several, the most specific type wins (special before overall).
   */
  async planInForceFor(division: string, category: string): Promise<PlanInForce | undefined> {
    for (let d = division; ; d = superiorOf(d)) {
      const found = await this.inForceIn(d, category);
      const best = found.sort((a, b) => TYPE_PREFERENCE.indexOf(a.type) - TYPE_PREFERENCE.indexOf(b.type))[0];
      if (best) {
        const version = await this.getVersion(best.planId, best.inForceVersion);
        if (version) return { plan: { planId: best.planId, type: best.type, divisionCode: best.divisionCode, category: category as PlanInForce['plan']['category'] }, version };
      }
      if (d === NATIONAL) return undefined;
    }
  }

  private stageFilingTracker(uow: UnitOfWork, plan: Plan, previous: Plan | undefined): void {
    const f = plan.filing;
    const pending = f !== undefined && f.filedAt === undefined && plan.status !== 'retired';
    const wasPending = previous?.filing !== undefined && previous.filing.filedAt === undefined;
    if (pending) {
      const state = f.overdueAlertedAt ? 'OVERDUE' : 'PENDING';
      uow.put('filing', { ...keys.planFiling(plan.planId), kind: 'plan-filing', planId: plan.planId, dueDate: f.dueDate, ...keys.gsi.filing(state, f.dueDate, plan.planId) });
    } else if (wasPending) {
      uow.delete('filing', keys.planFiling(plan.planId));
    }
  }
}

