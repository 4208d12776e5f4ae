// A record's audit trail as stored under its partition (AUDIT#<at>#<id>), read a page at a time, and the audit item
// of a reveal of personal data (rule 18): who, when, why, which record and field, and what it was collected for.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RevealAuditEntry } from '../pii/reveal.ts';
import { keys } from './keys.ts';
import { queryPage, strip, type Page } from './query.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** An audit item as stored (shared/store/unit-of-work.ts writes them; reveals add `field` and `collectedFor`). */
export interface AuditRecord {
  auditId: string;
  entity: string;
  entityId: string;
  action: string;
  from: string | null;
  to: string;
  reason?: string;
  actorKind: 'user' | 'job' | 'anonymous';
  actorSub: string;
  actorRole: string;
  actorDivision?: string;
  division: string;
  requestId: string;
  at: string;
  field?: string;
  collectedFor?: { incidentId: string; purpose: string; dataKeyId: string };
}

/** The audit trail of the record whose partition key is `entityPK`, oldest first. */
export function auditTrailPage(db: DynamoDBDocumentClient, table: string, entityPK: string, limit: number, cursor: string | undefined): Promise<Page<AuditRecord>> {
  return queryPage(db, table, { pk: entityPK, sk: { op: 'begins_with', value: keys.auditPrefix }, limit, cursor, consistent: true }, strip<AuditRecord>);
}

/**
 * The reveal's audit item in the record's own trail (where auditors read it) and in the audit indexes, written by the
 * unit of work's one audit(): the actor is the office the request came from, as in every audit item.
 */
export function stageRevealAudit(uow: UnitOfWork, entityPK: string, entry: RevealAuditEntry): void {
  uow.audit({
    entity: entry.entity,
    entityId: entry.entityId,
    entityPK,
    division: entry.division,
    action: entry.action,
    from: entry.from,
    to: entry.to,
    reason: entry.reason,
    field: entry.field,
    collectedFor: entry.collectedFor,
  });
}
