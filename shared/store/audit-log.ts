// The auditors' view of the audit trail (rules 18, 20): one division's audit items in a time window, newest first, from
// the index that matches the filter: by action (GSI3; the reveal log is action `pii.revealed`), by record kind (GSI2),
// or all (GSI1). Both filters at once read the action's partition and keep the kind asked for. And the destruction
// receipt (rule 17), an audit item of the incident written by the pii-destruction job.
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { auditIdentity, type Actor } from '../domain/actor.ts';
import { isOwnReportScope, REPORT_CONTACT_KEPT_DAYS, reportOfScope } from '../domain/citizen-report.ts';
import type { Purpose } from '../pii/purposes.ts';
import type { AuditRecord } from './audit-trail.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { INDEX, keys } from './keys.ts';
import { strip, type Page } from './query.ts';
import type { UnitOfWork } from './unit-of-work.ts';

export const REVEAL_ACTION = 'pii.revealed';
export const DESTRUCTION_ACTION = 'pii.destroyed';

/** What a destruction receipt adds to an audit item: incident, purposes, record counts per kind, key ids, time. */
export interface ReceiptFacts {
  destructionId: string;
  incidentId: string;
  purposes: Purpose[];
  /** Purposes whose data key was shredded (the others were erased record by record: some of their records are kept). */
  keysShredded: Purpose[];
  recordCounts: Record<string, number>;
  keyIds: string[];
  destroyedAt: string;
}

export type OversightRecord = AuditRecord & { receipt?: ReceiptFacts };

export interface AuditQuery {
  division: string;
  /** ISO instants, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  action?: string | undefined;
  recordKind?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function auditPage(db: DynamoDBDocumentClient, table: string, q: AuditQuery): Promise<Page<OversightRecord>> {
  const [index, pk] = q.action
    ? (['GSI3', keys.gsi.auditByActionPK(q.division, q.action)] as const)
    : q.recordKind
      ? (['GSI2', keys.gsi.auditByKindPK(q.division, q.recordKind)] as const)
      : (['GSI1', keys.gsi.auditByDivisionPK(q.division)] as const);
  const sk = `${index}SK`;
  const values: Record<string, unknown> = { ':pk': pk };
  const range: string[] = [];
  // Sort keys are `<at>#<id>` with `at` an ISO instant in UTC: a window is a key range.
  if (q.from !== undefined) {
    values[':from'] = new Date(q.from).toISOString();
    range.push(`${sk} >= :from`);
  }
  if (q.to !== undefined) {
    values[':to'] = `${new Date(q.to).toISOString()}\uffff`;
    range.push(`${sk} <= :to`);
  }
  const condition =
    range.length === 2 ? `${index}PK = :pk AND ${sk} BETWEEN :from AND :to` : range.length === 1 ? `${index}PK = :pk AND ${range[0]}` : `${index}PK = :pk`;
  const both = q.action !== undefined && q.recordKind !== undefined;
  if (both) values[':kind'] = q.recordKind;
  const r = await db.send(
    new QueryCommand({
      TableName: table,
      IndexName: INDEX[index],
      KeyConditionExpression: condition,
      ...(both ? { FilterExpression: '#entity = :kind', ExpressionAttributeNames: { '#entity': 'entity' } } : {}),
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: q.limit,
      ExclusiveStartKey: decodeCursor(q.cursor, { attr: `${index}PK`, value: pk }),
    }),
  );
  const out: Page<OversightRecord> = { items: (r.Items ?? []).map(strip<OversightRecord>) };
  const c = encodeCursor(r.LastEvaluatedKey);
  if (c) out.cursor = c;
  return out;
}

/**
 * The receipt of one destruction, in the trail of what it destroyed (an incident's, or a report's own scope's), found
 * by division, kind (`incident` or `report`) and action `pii.destroyed`.
 */
export function stageDestructionReceipt(uow: UnitOfWork, division: string, actor: Actor, r: ReceiptFacts): void {
  const at = r.destroyedAt;
  // A report's own scope is the report's trail; any other scope is an incident's.
  const report = isOwnReportScope(r.incidentId) ? reportOfScope(r.incidentId) : undefined;
  const entity = report !== undefined ? 'report' : 'incident';
  const entityId = report ?? r.incidentId;
  const shredded = r.keysShredded.length > 0 ? `keys of ${r.keysShredded.join(', ')} shredded` : 'no key shredded';
  const records = Object.entries(r.recordCounts).map(([kind, n]) => `${n} ${kind}`).join(', ') || 'no record';
  uow.put(
    'destruction-receipt',
    {
      ...keys.audit(report !== undefined ? keys.report(report).PK : keys.incident(r.incidentId).PK, at, r.destructionId),
      ...keys.gsi.audit(division, entity, DESTRUCTION_ACTION, at, r.destructionId),
      kind: 'audit',
      auditId: r.destructionId,
      entity,
      entityId,
      action: DESTRUCTION_ACTION,
      from: null,
      to: `${r.purposes.join(', ')} destroyed: ${records}; ${shredded}`,
      reason:
        report !== undefined
          ? `Rule 17 (PIPL Art 19): no incident holds this report's contact; kept ${REPORT_CONTACT_KEPT_DAYS} days after its last step`
          : 'Rule 17 (突发事件应对法 Art 85): the response ended and no assessment keeps this data',
      ...auditIdentity(actor),
      division,
      requestId: uow.ctx.requestId,
      at,
      receipt: r,
    },
    { expression: 'attribute_not_exists(PK)' },
  );
}
