// THE write path: every state change is one TransactWriteItems: the entity (conditioned on version and state), an
// immutable audit item naming the actor (a user, a scheduled job or an anonymous caller), an outbox item when something
// is announced, and the idempotency record of a creating POST. Used alike by HTTP use cases and scheduled jobs.
import { randomUUID } from 'node:crypto';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditIdentity, type Actor } from '../domain/actor.ts';
import type { DomainEvent } from '../domain/change.ts';
import { ConcurrentModification, PreconditionFailed } from '../errors.ts';
import { IdempotencyClash, recordIdempotency, type IdempotencyRequest, type StoredResponse } from './idempotency.ts';
import { keys, type Key } from './keys.ts';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export interface Condition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** Who did it, under which request (or job run), and when: written into every audit item. */
export interface WriteContext {
  actor: Actor;
  /** The API request id, or a job run id. */
  requestId: string;
  /** ISO instant of the change, from the one clock. */
  at: string;
}

export interface AuditEntry {
  entity: string;
  entityId: string;
  entityPK: string;
  division: string;
  action: string;
  from: string | null;
  to: string;
  reason?: string;
  /** A reveal of personal data (rule 18): the field read in the clear, and what it was collected for (rule 16). */
  field?: string;
  collectedFor?: { incidentId: string; purpose: string; dataKeyId: string };
}

/** Version of the outbox item's shape; consumers (the relay, SNS subscribers) read it to know what they got. */
export const OUTBOX_SCHEMA_VERSION = 1;

/** An announcement as the outbox keeps it, published to SNS by the relay with these message attributes. */
export interface OutboxEvent {
  schemaVersion: number;
  type: string;
  division: string;
  category: string;
  /** Warning level 1-4 or response level I-IV; 'none' for events without one. */
  level: string;
  /** More message attributes (e.g. `org`, `exercise`). */
  attributes?: Record<string, string>;
  payload: Record<string, unknown>;
}

/** The one conversion of a domain event into an outbox event. */
export function outboxEventOf(event: DomainEvent): OutboxEvent {
  const { attributes, ...payload } = event as DomainEvent & Record<string, unknown>;
  return {
    schemaVersion: OUTBOX_SCHEMA_VERSION,
    type: event.type,
    division: event.division,
    category: event.category,
    level: event.level,
    ...(attributes && Object.keys(attributes).length > 0 ? { attributes } : {}),
    payload,
  };
}

export const OUTBOX_RETENTION_DAYS = 30;


export class UnitOfWork {
  private readonly items: { label: string; op: TransactItem }[] = [];
  readonly events: (OutboxEvent & { eventId: string })[] = [];

  private readonly table: string;
  readonly ctx: WriteContext;

  constructor(table: string, ctx: WriteContext) {
    this.table = table;
    this.ctx = ctx;
  }

  put(label: string, item: Item, condition?: Condition): this {
    this.items.push({
      label,
      op: {
        Put: {
          TableName: this.table,
          Item: item,
          ...(condition ? withCondition(condition) : {}),
        },
      },
    });
    return this;
  }

  delete(label: string, key: Key, condition?: Condition): this {
    this.items.push({ label, op: { Delete: { TableName: this.table, Key: key, ...(condition ? withCondition(condition) : {}) } } });
    return this;
  }

  check(label: string, key: Key, condition: Condition): this {
    this.items.push({ label, op: { ConditionCheck: { TableName: this.table, Key: key, ...withCondition(condition) } } });
    return this;
  }

  audit(entry: AuditEntry): this {
    const id = randomUUID();
    const { at } = this.ctx;
    return this.put(
      'audit',
      {
        ...keys.audit(entry.entityPK, at, id),
        // By division (GSI1), record kind (GSI2) and action (GSI3): the auditors' lists (rule 20).
        ...keys.gsi.audit(entry.division, entry.entity, entry.action, at, id),
        kind: 'audit',
        auditId: id,
        entity: entry.entity,
        entityId: entry.entityId,
        action: entry.action,
        from: entry.from,
        to: entry.to,
        reason: entry.reason,
        ...(entry.field !== undefined ? { field: entry.field, collectedFor: entry.collectedFor } : {}),
        ...auditIdentity(this.ctx.actor),
        division: entry.division,
        requestId: this.ctx.requestId,
        at,
      },
      { expression: 'attribute_not_exists(PK)' },
    );
  }

  announce(domainEvent: DomainEvent): this {
    const event = outboxEventOf(domainEvent);
    const eventId = randomUUID();
    const createdAt = this.ctx.at;
    this.events.push({ ...event, eventId });
    return this.put(
      'outbox',
      {
        ...keys.outbox(eventId),
        kind: 'outbox',
        eventId,
        ...event,
        requestId: this.ctx.requestId,
        createdAt,
        expiresAt: Math.floor(Date.parse(createdAt) / 1000) + OUTBOX_RETENTION_DAYS * 86400,
      },
      { expression: 'attribute_not_exists(PK)' },
    );
  }

  get size(): number {
    return this.items.length;
  }

  /**
   * Commits all items at once. A failed condition on the entity means someone else changed it since it was read:
   * 412 when the caller sent If-Match (their precondition no longer holds), otherwise 409.
   */
  async commit(db: DynamoDBDocumentClient, opts: { ifMatchSent?: boolean; idempotency?: { request: IdempotencyRequest; response: StoredResponse } } = {}): Promise<void> {
    if (opts.idempotency) recordIdempotency(this, opts.idempotency.request, opts.idempotency.response, Math.floor(Date.parse(this.ctx.at) / 1000));
    try {
      // A token per commit makes the SDK's own retries idempotent: a retry after a timeout of a transaction that did
      // succeed is answered as a success, not refused by its own conditions as a false 409.
      await db.send(new TransactWriteCommand({ TransactItems: this.items.map((i) => i.op), ClientRequestToken: randomUUID() }));
    } catch (err) {
      throw this.explain(err, opts.ifMatchSent ?? false);
    }
  }

  private explain(err: unknown, ifMatchSent: boolean): unknown {
    if (!(err instanceof Error) || err.name !== 'TransactionCanceledException') return err;
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    const idemp = this.items.findIndex((i) => i.label === 'idempotency');
    if (idemp >= 0 && ['ConditionalCheckFailed', 'TransactionConflict'].includes(reasons[idemp]?.Code ?? '')) {
      return new IdempotencyClash('idempotency record exists or is being written');
    }
    const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict');
    if (failed < 0) return err; // throttling and the like: the error mapper decides
    if (ifMatchSent && reasons[failed]?.Code === 'ConditionalCheckFailed') {
      return new PreconditionFailed('The record changed since you read it; read it again and retry with the new ETag.');
    }
    return new ConcurrentModification(`Another request changed the ${this.items[failed]?.label ?? 'record'} at the same time.`);
  }
}

function withCondition(c: Condition) {
  return {
    ConditionExpression: c.expression,
    ...(c.names ? { ExpressionAttributeNames: c.names } : {}),
    ...(c.values ? { ExpressionAttributeValues: c.values } : {}),
  };
}
