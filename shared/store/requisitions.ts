// Repository of requisitions: the head (owner and officer's contact sealed), its open-requisition tracker for the
// deadline sweep, and the voucher counter of each government and year, rewritten in the same transaction that issues a
// voucher so that two vouchers never share a number (rules 8, 10-13).
import { createHash } from 'node:crypto';
import type { Requisition, RequisitionChange } from '../domain/requisition.ts';
import type { SealedField } from '../pii/sealed.ts';
import { auditTrailPage, type AuditRecord } from './audit-trail.ts';
import { keys } from './keys.ts';
import { registerPii } from './pii-registry.ts';
import { queryPage, strip, type Page } from './query.ts';
import { Repository, unchangedSince } from './repository.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/**
 * A requisition as stored: the owner's fields sealed (rule 16). The domain's `executingOfficer.contact` holds the
 * contact's mask; the sealed contact rides beside it, so the domain never sees it and the view shows the mask.
 */
export type StoredRequisition = Requisition<SealedField> & { officerContact: SealedField };

/** The open-requisition trackers are spread over this many GSI1 partitions; the sweep reads them all. */
export const OPEN_TRACKER_SHARDS = 4;

export function trackerShard(requisitionId: string): number {
  return createHash('sha256').update(requisitionId).digest()[0]! % OPEN_TRACKER_SHARDS;
}

/** A voucher number about to be taken: the counter of a government's division and CST year, as read. */
export interface VoucherCounter {
  division: string;
  year: string;
  /** The last number issued when read (0: none yet this year). */
  previous: number;
}

export interface OpenTracker {
  requisitionId: string;
  incidentId: string;
}

export class RequisitionRepository extends Repository {
  /** The record key the owner's sealed fields are bound to. */
  static recordKey(requisitionId: string): string {
    return keys.requisition(requisitionId).PK;
  }

  get(requisitionId: string): Promise<StoredRequisition | undefined> {
    return this.item<StoredRequisition>(keys.requisition(requisitionId));
  }

  /** An incident's requisitions, newest first. */
  ofIncident(incidentId: string, limit: number, cursor: string | undefined): Promise<Page<StoredRequisition>> {
    return queryPage(this.db, this.table, { index: 'GSI1', pk: keys.gsi.requisitionsOfIncidentPK(incidentId), sk: undefined, limit, cursor, descending: true }, strip<StoredRequisition>);
  }

  /** The requisitions of one owner, by the blind index of their identifier, newest first. */
  ofOwner(ownerRef: string, limit: number, cursor: string | undefined): Promise<Page<StoredRequisition>> {
    return queryPage(this.db, this.table, { index: 'GSI2', pk: keys.gsi.requisitionsOfOwnerPK(ownerRef), sk: undefined, limit, cursor, descending: true }, strip<StoredRequisition>);
  }

  /** The last voucher number a government issued in a CST year (0 when none). */
  async voucherCounter(division: string, year: string): Promise<VoucherCounter> {
    const item = await this.item<{ seq: number }>(keys.voucherCounter(division, year));
    return { division, year, previous: item?.seq ?? 0 };
  }

  /** One page of open-requisition trackers of a shard, ordered by incident (the sweep reads each incident once). */
  openTrackers(shard: number, limit: number, cursor: string | undefined): Promise<Page<OpenTracker>> {
    return queryPage(this.db, this.table, { index: 'GSI1', pk: keys.gsi.openRequisitionsPK(shard), sk: undefined, limit, cursor }, strip<OpenTracker>);
  }

  auditTrail(requisitionId: string, limit: number, cursor: string | undefined): Promise<Page<AuditRecord>> {
    return auditTrailPage(this.db, this.table, RequisitionRepository.recordKey(requisitionId), limit, cursor);
  }

  /**
   * A new requisition: the head, its open tracker, the voucher counter when a voucher was issued (conditioned on the
   * number read), the incident still reported or responding (nothing is requisitioned after the response ended), audit, event.
   */
  stageIssue(uow: UnitOfWork, change: RequisitionChange<SealedField>, officerContact: SealedField, counter: VoucherCounter | undefined): void {
    const r: StoredRequisition = { ...change.requisition, officerContact };
    this.putHead(uow, r, undefined);
    uow.put(
      'requisition-tracker',
      { ...keys.requisitionTracker(r.requisitionId), kind: 'requisition-tracker', requisitionId: r.requisitionId, incidentId: r.incidentId, ...keys.gsi.openRequisition(trackerShard(r.requisitionId), r.incidentId, r.requisitionId) },
      { expression: 'attribute_not_exists(PK)' },
    );
    if (counter) this.putCounter(uow, counter);
    // --- PII registry (rule 16, shared/store/pii-registry.ts): the owner's and officer's sealed fields, the owner's blind
    // index (its claimant ref and GSI2 entry), and an individual owner's phone for the notice after the response.
    registerPii(uow, {
      incidentId: r.owner.name.incidentId,
      purpose: r.owner.name.purpose,
      recordKind: 'requisition',
      recordKey: keys.requisition(r.requisitionId),
      blindIndexKeys: [],
      blindIndexAttributes: ['owner.claimantRef', 'GSI2PK', 'GSI2SK'],
      ...(r.owner.kind === 'individual' ? { contactField: 'owner.phone' } : {}),
    });
    // --- end PII registry
    uow.check('incident', keys.incident(r.incidentId), {
      expression: '#status IN (:reported, :responding)',
      names: { '#status': 'status' },
      values: { ':reported': 'reported', ':responding': 'responding' },
    });
    this.record(uow, r, change);
  }

  /**
   * A change of a stored requisition: the head conditioned on the rev and status it was read at; the counter when the
   * paperwork issued a voucher; the tracker deleted once the property is back (no deadline can pass any more).
   */
  stage(uow: UnitOfWork, change: RequisitionChange<SealedField>, previous: StoredRequisition, counter?: VoucherCounter): void {
    const r: StoredRequisition = { ...change.requisition, officerContact: previous.officerContact };
    this.putHead(uow, r, previous);
    if (counter) this.putCounter(uow, counter);
    if (r.status === 'returned' && previous.status !== 'returned') uow.delete('requisition-tracker', keys.requisitionTracker(r.requisitionId));
    this.record(uow, r, change);
  }

  /** Several changes of one requisition in one run of the sweep: the last state, each change audited and announced. */
  stageAll(uow: UnitOfWork, changes: RequisitionChange<SealedField>[], previous: StoredRequisition): void {
    const last = changes.at(-1)!;
    this.putHead(uow, { ...last.requisition, officerContact: previous.officerContact }, previous);
    for (const c of changes) this.record(uow, previous, c);
  }

  private putHead(uow: UnitOfWork, r: StoredRequisition, previous: StoredRequisition | undefined): void {
    uow.put(
      'requisition',
      {
        ...keys.requisition(r.requisitionId),
        kind: 'requisition',
        ...r,
        ...keys.gsi.requisitionsOfIncident(r.incidentId, r.createdAt, r.requisitionId),
        // Once the owner's data was destroyed (rule 17) there is no claimant ref: no citizen look-up finds it.
        ...(r.owner.claimantRef ? keys.gsi.requisitionsOfOwner(r.owner.claimantRef, r.createdAt, r.requisitionId) : {}),
      },
      unchangedSince(previous),
    );
  }

  private putCounter(uow: UnitOfWork, c: VoucherCounter): void {
    uow.put(
      'voucher-counter',
      { ...keys.voucherCounter(c.division, c.year), kind: 'voucher-counter', division: c.division, year: c.year, seq: c.previous + 1 },
      c.previous === 0 ? { expression: 'attribute_not_exists(PK)' } : { expression: '#seq = :seq', names: { '#seq': 'seq' }, values: { ':seq': c.previous } },
    );
  }

  private record(uow: UnitOfWork, r: Pick<StoredRequisition, 'requisitionId' | 'requisitionedBy'>, change: RequisitionChange<SealedField>): void {
    // The audit's division is the requisitioning government's: its auditors, and those above, read the trail.
    uow.audit({ entity: 'requisition', entityId: r.requisitionId, entityPK: RequisitionRepository.recordKey(r.requisitionId), division: r.requisitionedBy.division, ...change.change });
    if (change.event) uow.announce(change.event);
  }
}
