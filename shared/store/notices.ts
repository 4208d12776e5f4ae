// Repository of notices (上报 and 通报): the head, addressed to a division's inbox (GSI1), on the deadline clock while
// pending (GSI2), and a copy under its incident as the sender's delivery receipt; each written with whatever sent it.
import type { Notice, NoticeChange, NoticeStatus } from '../domain/notice.ts';
import { keys } from './keys.ts';
import { queryPage, strip, type Page } from './query.ts';
import { Repository, unchangedSince } from './repository.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** A notice's own `kind` (incident-report ...) is kept as `noticeKind`: every item's `kind` says what the item is. */
const toItem = (n: Notice) => {
  const { kind, ...rest } = n;
  return { ...rest, noticeKind: kind };
};
const fromItem = (item: Record<string, unknown>): Notice => {
  const { noticeKind, ...rest } = strip<Record<string, unknown>>(item);
  return { ...rest, kind: noticeKind } as Notice;
};

export class NoticeRepository extends Repository {
  async get(noticeId: string): Promise<Notice | undefined> {
    const item = await this.item<Record<string, unknown>>(keys.notice(noticeId));
    return item ? fromItem(item) : undefined;
  }

  /** Notices addressed to a division, newest first, of one status or all. */
  inbox(q: { division: string; status?: NoticeStatus | undefined; limit: number; cursor?: string | undefined }): Promise<Page<Notice>> {
    return queryPage(
      this.db,
      this.table,
      { index: 'GSI1', pk: keys.gsi.inboxPK(q.division), sk: q.status ? { op: 'begins_with', value: `${q.status}#` } : undefined, limit: q.limit, cursor: q.cursor, descending: true },
      fromItem,
    );
  }

  /** The receipts of an incident's notices, newest first. */
  ofIncident(incidentId: string, limit: number, cursor?: string): Promise<Page<Notice>> {
    return queryPage(
      this.db,
      this.table,
      { pk: keys.incident(incidentId).PK, sk: { op: 'begins_with', value: keys.prefixes.notice }, limit, cursor, consistent: true, descending: true },
      fromItem,
    );
  }

  /** Pending notices due before `now` (oldest due first): what the deadline sweep flags. */
  duePage(now: Date, limit: number, cursor?: string): Promise<Page<Notice>> {
    return queryPage(this.db, this.table, { index: 'GSI2', pk: keys.gsi.noticeDuePK, sk: { op: '<', value: now.toISOString() }, limit, cursor }, fromItem);
  }

  /** A new notice: head and receipt, put only if new. Sent with what caused it (a report, a warning), in its transaction. */
  stageNew(uow: UnitOfWork, n: Notice): void {
    this.put(uow, n, undefined);
  }

  /** An acknowledgement or an overdue flag: head conditioned on the rev and status read, receipt, audit, announcement. */
  stageChange(uow: UnitOfWork, c: NoticeChange, previous: Notice): void {
    this.put(uow, c.notice, previous);
    uow.audit({ entity: 'notice', entityId: c.notice.noticeId, entityPK: keys.notice(c.notice.noticeId).PK, division: c.notice.to.division, ...c.change });
    if (c.event) uow.announce(c.event);
  }

  private put(uow: UnitOfWork, n: Notice, previous: Notice | undefined): void {
    uow.put(
      'notice',
      {
        ...keys.notice(n.noticeId),
        kind: 'notice',
        ...toItem(n),
        ...keys.gsi.inbox(n.to.division, n.status, n.sentAt, n.noticeId),
        // Only a pending notice is on the deadline clock: flagging or acknowledging takes it off.
        ...(n.status === 'pending' ? keys.gsi.noticeDue(n.dueAt, n.noticeId) : {}),
      },
      unchangedSince(previous),
    );
    uow.put('notice-receipt', { ...keys.incidentNotice(n.incidentId, n.sentAt, n.noticeId), kind: 'notice-receipt', ...toItem(n) });
  }
}
