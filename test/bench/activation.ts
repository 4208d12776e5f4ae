// The activation path, POST /v1/incidents/{id}/response, and the TransactWriteItems it commits. Incidents ready to
// activate are built by the domain (reportIncident) and shaped by IncidentRepository.stage itself, then written
// straight into the table; the raw transaction is what the same repository stages for the activation, item for item:
// the incident head (conditioned on the rev and status it was read at), the congress filing, the audit item and the
// outbox item.
import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { activateResponse, reportIncident, type Activation, type Incident, type IncidentChange, type PlanInForce } from '../../shared/domain/incident.ts';
import { IncidentRepository } from '../../shared/store/incidents.ts';
import { keys } from '../../shared/store/keys.ts';
import { UnitOfWork, type WriteContext as AuditContext, type Condition } from '../../shared/store/unit-of-work.ts';
import type { Government } from '../../shared/domain/actor.ts';
import { batchPut } from './list.ts';

/** The labels UnitOfWork gives the items of one activation, in the order IncidentRepository.stage adds them. */
export const ACTIVATION_ITEMS = ['incident', 'congress-filing', 'audit', 'outbox'] as const;

/** What every benchmarked activation asks for: a level IV response, within a county's authority, on one death. */
export const ACTIVATION: Activation = {
  level: 'IV',
  matters: 'Search and rescue along the river',
  expectedDuration: '72h',
  measures: ['Open shelters', 'Close the riverside roads'],
  basis: { metric: 'deaths' },
};

export const activationBody = (plan: PlanInForce): string =>
  JSON.stringify({ planId: plan.plan.planId, planVersion: plan.version.version, ...ACTIVATION });

interface Staged {
  label: string;
  item: Record<string, unknown>;
  condition?: Condition;
}

/** A unit of work that also keeps what was staged in it, as items and conditions. */
class RecordingUnitOfWork extends UnitOfWork {
  readonly staged: Staged[] = [];

  override put(label: string, item: Record<string, unknown>, condition?: Condition): this {
    this.staged.push({ label, item, ...(condition ? { condition } : {}) });
    return super.put(label, item, condition);
  }
}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** The items IncidentRepository.stage puts into one transaction for this change, with their labels. */
export function stagedItems(table: string, change: IncidentChange, previous: Incident | undefined, ctx: AuditContext): { labels: string[]; items: TransactItem[] } {
  const uow = new RecordingUnitOfWork(table, ctx);
  // stage only builds items into the unit of work; the repository's client is never touched.
  new IncidentRepository(undefined as unknown as DynamoDBDocumentClient, table).stage(uow, change, previous);
  // Something staged other than by put (a condition check, a delete) would be missing from the raw transaction.
  if (uow.size !== uow.staged.length) throw new Error(`IncidentRepository.stage added ${uow.size} items, ${uow.staged.length} of them Puts: the raw transaction needs updating`);
  return {
    labels: uow.staged.map((s) => s.label),
    items: uow.staged.map((s) => ({
      Put: {
        TableName: table,
        Item: s.item,
        ...(s.condition
          ? {
              ConditionExpression: s.condition.expression,
              ...(s.condition.names ? { ExpressionAttributeNames: s.condition.names } : {}),
              ...(s.condition.values ? { ExpressionAttributeValues: s.condition.values } : {}),
            }
          : {}),
      },
    })),
  };
}

const auditContext = (gov: Government, at: Date): AuditContext => ({ actor: gov, requestId: `bench-${randomUUID()}`, at: at.toISOString() });

/** Seeded incidents, each handed out once: an activation moves its incident on, so none can be activated twice. */
export class IncidentPool {
  private readonly incidents: Incident[] = [];
  private taken = 0;
  /** Requests that found the pool empty (each then fails: the run is invalid and says so). */
  exhausted = 0;

  add(incidents: Incident[]): void {
    this.incidents.push(...incidents);
  }

  take(): Incident | undefined {
    const i = this.incidents[this.taken];
    if (!i) {
      this.exhausted += 1;
      return undefined;
    }
    this.taken += 1;
    return i;
  }

  get remaining(): number {
    return this.incidents.length - this.taken;
  }

  get size(): number {
    return this.incidents.length;
  }
}

/** An id no incident has: where a request goes when the pool is empty, so it fails visibly (404). */
export const NO_INCIDENT = '00000000-0000-4000-8000-000000000000';

/**
 * `count` incidents of the plan's division and category, reported by `gov` with one death (level IV met), as
 * POST /v1/incidents would store them. Only the head is written: the report's audit item plays no part in activating.
 */
export async function seedIncidents(
  db: DynamoDBDocumentClient,
  table: string,
  count: number,
  plan: PlanInForce,
  gov: Government,
): Promise<{ incidents: Incident[]; retries: number }> {
  const now = new Date();
  const occurredAt = new Date(now.getTime() - 3_600_000).toISOString();
  const incidents: Incident[] = [];
  const heads: Record<string, unknown>[] = [];
  for (let n = 0; n < count; n++) {
    const change = reportIncident(
      randomUUID(),
      {
        category: plan.plan.category,
        type: 'flash-flood',
        title: `Flash flood ${n}`,
        divisionCode: plan.plan.divisionCode,
        occurredAt,
        location: { lat: 39.92, lng: 116.44, address: 'Riverside, Chaoyang' },
        figures: { casualties: { deaths: 1, missing: 0, injured: 4, seriouslyInjured: 1 }, directLossFen: 50_000_000, affectedPopulation: 300 },
        description: 'Flash flood after a cloudburst.',
      },
      plan,
      gov,
      now,
    );
    const staged = stagedItems(table, change, undefined, auditContext(gov, now));
    const head = staged.items[staged.labels.indexOf('incident')]?.Put?.Item;
    if (!head) throw new Error(`reporting an incident staged no incident head: ${staged.labels.join(', ')}`);
    incidents.push(change.incident);
    heads.push(head);
  }
  const { retries } = await batchPut(db, table, heads, () => {});
  return { incidents, retries };
}

/** The activation's transaction for one seeded incident, built by the domain and the repository as the use case does. */
export function activationTransaction(table: string, incident: Incident, plan: PlanInForce, gov: Government, now: Date): { labels: string[]; items: TransactItem[] } {
  return stagedItems(table, activateResponse(incident, ACTIVATION, plan, gov, now), incident, auditContext(gov, now));
}

const poolEmpty = async (): Promise<never> => {
  // Yield to I/O first: a closed loop of synchronous rejections would starve every other connection.
  await new Promise((r) => setTimeout(r, 1));
  throw Object.assign(new Error('the incident pool is empty'), { name: 'PoolExhausted' });
};

/** One raw TransactWriteItems of the activation's items on the next seeded incident. */
export function rawActivation(db: DynamoDBDocumentClient, table: string, pool: IncidentPool, plan: PlanInForce, gov: Government): () => Promise<unknown> {
  return () => {
    const incident = pool.take();
    if (!incident) return poolEmpty();
    const { items } = activationTransaction(table, incident, plan, gov, new Date());
    return db.send(new TransactWriteCommand({ TransactItems: items }));
  };
}

/** The calls the use case makes, raw: the incident head and the plan head (which carries the cited version) together, then the transaction. */
export function rawActivationWithReads(db: DynamoDBDocumentClient, table: string, pool: IncidentPool, plan: PlanInForce, gov: Government): () => Promise<unknown> {
  const get = async (Key: { PK: string; SK: string }) => {
    const r = await db.send(new GetCommand({ TableName: table, Key, ConsistentRead: true }));
    if (!r.Item) throw Object.assign(new Error(`no item ${Key.PK} ${Key.SK}`), { name: 'ItemMissing' });
    return r.Item;
  };
  return async () => {
    const incident = pool.take();
    if (!incident) return poolEmpty();
    await Promise.all([get(keys.incident(incident.incidentId)), get(keys.planHead(plan.plan.planId))]);
    const { items } = activationTransaction(table, incident, plan, gov, new Date());
    return db.send(new TransactWriteCommand({ TransactItems: items }));
  };
}
