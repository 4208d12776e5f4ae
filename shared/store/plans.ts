// Repository of the plan aggregate: head, versions, child links, filing tracker and drills.
import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
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

export class PlanRepository extends Repository {
  get(planId: string): Promise<Plan | undefined> {
    return this.item<Plan>(keys.planHead(planId));
  }

  getVersion(planId: string, version: number): Promise<PlanVersion | undefined> {
    return this.item<PlanVersion>(keys.planVersion(planId, version));
  }

  /**
   * The head with its latest version and the version in force. The head is read first: any change to a version
   * also moves the head's rev, so versions read after it are never older than the head, and the write that follows
   * is conditioned on that rev. (Reading a version before or alongside the head could pair a new head with an old
   * version; a concurrency test caught two winners that way.)
   */
  async getWithVersions(planId: string): Promise<{ plan: Plan; latest: PlanVersion; inForce?: PlanVersion } | undefined> {
    const plan = await this.get(planId);
    if (!plan) return undefined;
    const [latest, inForce] = await Promise.all([
      this.getVersion(planId, plan.latestVersion),
      plan.inForceVersion !== undefined && plan.inForceVersion !== plan.latestVersion ? this.getVersion(planId, plan.inForceVersion) : undefined,
    ]);
    if (!latest) throw new Error(`plan ${planId} head names version ${plan.latestVersion}, which is missing`);
    const current = plan.inForceVersion === plan.latestVersion ? latest : inForce;
    return current ? { plan, latest, inForce: current } : { plan, latest };
  }

  async listByDivision(division: string, status: string | undefined, limit: number, cursor?: string): Promise<Page<Plan>> {
    const pk = keys.gsi.plansByDivisionPK(division);
    return queryPage(this.db, this.table, { index: 'GSI1', pk, sk: status ? { op: 'begins_with', value: `${status}#` } : undefined, limit, cursor }, strip<Plan>);
  }

  async children(parentId: string, limit: number, cursor?: string): Promise<Page<Plan>> {
    const { PK, SKPrefix } = keys.planChildPrefix(parentId);
    const links = await queryPage(this.db, this.table, { pk: PK, sk: { op: 'begins_with', value: SKPrefix }, limit, cursor }, (i) => i['childId'] as string);
    return { ...links, items: await this.batchGet(links.items) };
  }

  /** Special and department plans in force whose drill clock stopped before `before` (rule 24). */
  async dueForDrill(division: string, before: string, limit: number, cursor?: string): Promise<Page<Plan>> {
    const pk = keys.gsi.drillClockPK(division);
    return queryPage(this.db, this.table, { index: 'GSI2', pk, sk: { op: '<', value: before }, limit, cursor }, strip<Plan>);
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
        const plan = strip<Plan>(item);
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

  /** Stages a plan change: head conditioned on the rev it was read at, versions, links, filing tracker, audit, outbox. */
  stage(uow: UnitOfWork, change: PlanChange, previous: Plan | undefined): void {
    const { plan } = change;
    this.stageHead(uow, plan, previous);
    for (const v of change.versions) {
      const isNew = previous === undefined || v.version > previous.latestVersion;
      uow.put('version', { ...keys.planVersion(plan.planId, v.version), kind: 'plan-version', ...v }, isNew ? { expression: 'attribute_not_exists(PK)' } : undefined);
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

  stageDrill(uow: UnitOfWork, plan: Plan, previous: Plan, drill: Drill, isNew: boolean, change: PlanChange['change']): void {
    uow.put(
      'drill',
      { ...keys.drill(drill.drillId), kind: 'drill', ...drill },
      isNew ? { expression: 'attribute_not_exists(PK)' } : { expression: 'attribute_not_exists(evaluation)' },
    );
    this.stageHead(uow, plan, previous);
    uow.audit({ entity: 'plan', entityId: plan.planId, entityPK: keys.planHead(plan.planId).PK, division: plan.divisionCode, ...change });
  }

  private stageHead(uow: UnitOfWork, plan: Plan, previous: Plan | undefined): void {
    const clock = drillClock(plan);
    const item = {
      ...keys.planHead(plan.planId),
      kind: 'plan',
      ...plan,
      ...keys.gsi.plansByDivision(plan.divisionCode, plan.status, plan.planId),
      ...(needsDrillTracking(plan) && clock ? keys.gsi.drillClock(plan.divisionCode, clock, plan.planId) : {}),
    };
    uow.put('plan', item, unchangedSince(previous));
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

