// What the pii-destruction job keeps besides the registry (rule 17, PIPL Art 18): each terminated incident's clock
// (GSI1 PIIDUE, ordered by when it is next due), the one destruction in flight (written before anything is shredded,
// deleted with the receipt), the markers of alerts sent, and the notices: one per person and incident, the phone sealed
// under purpose `notice` until the relay has sent it.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../domain/actor.ts';
import type { Purpose } from '../pii/purposes.ts';
import type { SealedField } from '../pii/sealed.ts';
import { stageDestructionReceipt, type ReceiptFacts } from './audit-log.ts';
import { batchGet } from './batch.ts';
import { keys } from './keys.ts';
import { registerPii } from './pii-registry.ts';
import { strip } from './query.ts';
import type { UnitOfWork } from './unit-of-work.ts';

export interface PiiSchedule {
  incidentId: string;
  /** The incident's `piiDestructionFrom` (its response's termination). */
  destructionFrom: string;
  nextCheckAt?: string;
  noticesQueuedAt?: string;
  /** Nothing of the incident is left to destroy. */
  doneAt?: string;
}

/** A destruction under way: its id (the receipt's), when, and which purposes. */
export interface DestructionIntent {
  destructionId: string;
  incidentId: string;
  division: string;
  at: string;
  purposes: Purpose[];
  runId: string;
}

/** What one person is told after the response: which purposes, which kinds of fields, until when. */
export interface NoticeContent {
  incidentId: string;
  /** The office of the incident, where to ask. */
  division: string;
  purposes: { purpose: Purpose; fields: string[]; until: string | 'case-closed' }[];
}

export interface PiiNotice extends NoticeContent {
  noticeId: string;
  /** The person's mobile number, sealed under (incident, `notice`); removed once sent. */
  phone?: SealedField;
  createdAt: string;
  sentAt?: string;
}

export const PII_NOTICE_EVENT = 'pii.notice';

const CONDITION_FAILED = 'ConditionalCheckFailedException';

export class PiiDestructionStore {
  /** The record key a notice's sealed phone is bound to. */
  static noticeRecordKey(noticeId: string): string {
    return keys.piiNotice(noticeId).PK;
  }

  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.db = db;
    this.table = table;
  }

  /** The clocks due by `now`, a page at a time, earliest first. */
  async *due(now: Date): AsyncGenerator<PiiSchedule[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :now',
          ExpressionAttributeValues: { ':pk': keys.gsi.piiDuePK, ':now': `${now.toISOString()}#\uffff` },
          Limit: 100,
          ExclusiveStartKey: start,
        }),
      );
      yield (r.Items ?? []).map((i) => strip<PiiSchedule>(i));
      start = r.LastEvaluatedKey;
    } while (start);
  }

  async schedule(incidentId: string): Promise<PiiSchedule | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.piiSchedule(incidentId), ConsistentRead: true }));
    return r.Item ? strip<PiiSchedule>(r.Item) : undefined;
  }

  /** When to look at the incident again; with none, it leaves the index (nothing left to destroy). */
  async reschedule(incidentId: string, nextCheckAt: string | undefined, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.piiSchedule(incidentId),
        ...(nextCheckAt !== undefined
          ? {
              UpdateExpression: 'SET nextCheckAt = :next, GSI1PK = :pk, GSI1SK = :sk REMOVE doneAt',
              ExpressionAttributeValues: { ':next': nextCheckAt, ...prefixed(keys.gsi.piiDue(nextCheckAt, incidentId)) },
            }
          : { UpdateExpression: 'SET doneAt = :at REMOVE nextCheckAt, GSI1PK, GSI1SK', ExpressionAttributeValues: { ':at': at } }),
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
  }

  async markNoticesQueued(incidentId: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({ TableName: this.table, Key: keys.piiSchedule(incidentId), UpdateExpression: 'SET noticesQueuedAt = if_not_exists(noticesQueuedAt, :at)', ExpressionAttributeValues: { ':at': at } }),
    );
  }

  async intent(incidentId: string): Promise<DestructionIntent | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.piiDestruction(incidentId), ConsistentRead: true }));
    return r.Item ? strip<DestructionIntent>(r.Item) : undefined;
  }

  /** Records a destruction before anything of it happens; false when another one of the incident is under way. */
  async begin(intent: DestructionIntent): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.table, Item: { ...keys.piiDestruction(intent.incidentId), kind: 'pii-destruction', ...intent }, ConditionExpression: 'attribute_not_exists(PK)' }),
      );
      return true;
    } catch (err) {
      if (err instanceof Error && err.name === CONDITION_FAILED) return false;
      throw err;
    }
  }

  /** Ends a destruction: its record deleted and, when anything was destroyed, its receipt written, in one transaction. */
  stageEnd(uow: UnitOfWork, intent: DestructionIntent, actor: Actor, receipt: ReceiptFacts | undefined): void {
    uow.delete('pii-destruction', keys.piiDestruction(intent.incidentId), {
      expression: '#d = :d',
      names: { '#d': 'destructionId' },
      values: { ':d': intent.destructionId },
    });
    if (receipt) stageDestructionReceipt(uow, intent.division, actor, receipt);
  }

  /** Of these (destroyOn, purpose) pairs, the ones whose alert went out already. */
  async alerted(incidentId: string, pairs: readonly { destroyOn: string; purpose: Purpose }[]): Promise<Set<string>> {
    const found = await batchGet<{ destroyOn: string; purpose: string }>(this.db, this.table, pairs.map((p) => keys.piiAlert(incidentId, p.destroyOn, p.purpose)));
    return new Set(found.map((f) => `${f.destroyOn}#${f.purpose}`));
  }

  /** The markers of an alert, conditioned on their absence: an alert goes out once. */
  stageAlerted(uow: UnitOfWork, incidentId: string, pairs: readonly { destroyOn: string; purpose: Purpose }[]): void {
    for (const p of pairs) {
      uow.put('pii-alert', { ...keys.piiAlert(incidentId, p.destroyOn, p.purpose), kind: 'pii-alert', destroyOn: p.destroyOn, purpose: p.purpose, at: uow.ctx.at }, { expression: 'attribute_not_exists(PK)' });
    }
  }

  async noticed(incidentId: string, phoneIndex: string): Promise<boolean> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.piiNoticed(incidentId, phoneIndex), ConsistentRead: true }));
    return r.Item !== undefined;
  }

  /**
   * One notice: the marker of the person (their phone's blind index), conditioned on its absence, so a person is told
   * once per incident however often the job runs; the notice with the phone sealed under `notice`; its registration,
   * so the `notice` purpose's destruction erases the copy and deletes the marker's blind index with it.
   */
  stageNotice(uow: UnitOfWork, notice: PiiNotice, phoneIndex: string): void {
    const marker = keys.piiNoticed(notice.incidentId, phoneIndex);
    uow.put('pii-noticed', { ...marker, kind: 'pii-noticed', noticeId: notice.noticeId, at: uow.ctx.at }, { expression: 'attribute_not_exists(PK)' });
    uow.put('pii-notice', { ...keys.piiNotice(notice.noticeId), kind: 'pii-notice', ...notice }, { expression: 'attribute_not_exists(PK)' });
    registerPii(uow, { incidentId: notice.incidentId, purpose: 'notice', recordKind: 'notice', recordKey: keys.piiNotice(notice.noticeId), blindIndexKeys: [marker] });
  }

  /** Rule 18: the job read contact numbers in the clear to send the notices; how many and why, never which. */
  stageNoticesAudit(uow: UnitOfWork, incident: { incidentId: string; divisionCode: string }, queued: number, read: number): void {
    uow.audit({
      entity: 'incident',
      entityId: incident.incidentId,
      entityPK: keys.incident(incident.incidentId).PK,
      division: incident.divisionCode,
      action: 'pii.notices-queued',
      from: null,
      to: `${queued} notices queued; ${read} contact numbers read in the clear by the job to send them`,
      reason: 'PIPL Art 18: people who could not be told during the response are told after it',
    });
  }

  async notice(noticeId: string): Promise<PiiNotice | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.piiNotice(noticeId), ConsistentRead: true }));
    return r.Item ? strip<PiiNotice>(r.Item) : undefined;
  }

  /** The relay sent it: the phone goes at once (the key of `notice` follows with the job). */
  async markNoticeSent(noticeId: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.piiNotice(noticeId),
          UpdateExpression: 'SET sentAt = :at REMOVE phone',
          ConditionExpression: 'attribute_exists(phone)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    } catch (err) {
      if (!(err instanceof Error) || err.name !== CONDITION_FAILED) throw err;
    }
  }
}

const prefixed = (o: Record<string, string>) => ({ ':pk': o['GSI1PK'], ':sk': o['GSI1SK'] });
