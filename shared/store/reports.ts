// Repository of citizens' reports: the head with the reporter's contact sealed (rule 25), lists by division and status
// (GSI1) or by kind (GSI2), the per-source counter of anonymous reports, and the one look-up the reveal route uses.
import { isOwnReportScope, REPORT_CONTACT_KEPT_DAYS, type CitizenReport, type ReportChange, type ReportKind, type ReportStatus } from '../domain/citizen-report.ts';
import { isErased, type SealedField } from '../pii/sealed.ts';
import { keys } from './keys.ts';
import { registerPii, stagePiiSchedule } from './pii-registry.ts';
import { queryPage, strip, type Page } from './query.ts';
import { Repository, unchangedSince } from './repository.ts';
import type { UnitOfWork } from './unit-of-work.ts';

export type StoredReport = CitizenReport<SealedField>;

/** A counter of one source's reports in one window, written in the same transaction as the report it counts. */
export interface RateCount {
  source: string;
  windowStart: number;
  /** The count read; the write is conditioned on it, so two racing reports cannot both take the last place. */
  seen: number;
  /** Epoch seconds at which DynamoDB may delete the counter. */
  expiresAt: number;
}

/** A report's own `kind` (price-gouging ...) is kept as `reportKind`: every item's `kind` says what the item is. */
const toItem = (r: StoredReport) => {
  const { kind, ...rest } = r;
  return { ...rest, reportKind: kind };
};
const fromItem = (item: Record<string, unknown>): StoredReport => {
  const { reportKind, ...rest } = strip<Record<string, unknown>>(item);
  return { ...rest, kind: reportKind } as StoredReport;
};

/** What the reveal route (POST /v1/pii/reveal, kind `report`) needs of a report: where it belongs and its sealed fields. */
export interface ReportRevealTarget {
  division: string;
  /** The record key the sealed fields are bound to. */
  recordKey: string;
  /** By field path as the reveal request names it: `contact.name`, `contact.phone`, `contact.email`. */
  fields: Partial<Record<'contact.name' | 'contact.phone' | 'contact.email', SealedField>>;
}

export class ReportRepository extends Repository {
  /** The key sealed fields of a report are bound to (the associated data of their ciphertext). */
  static recordKey(reportId: string): string {
    return keys.report(reportId).PK;
  }

  async get(reportId: string): Promise<StoredReport | undefined> {
    const item = await this.item<Record<string, unknown>>(keys.report(reportId));
    return item ? fromItem(item) : undefined;
  }

  /**
   * For the reveal route only (rule 18, logged there): the division whose office may reveal and the sealed contact
   * fields. Undefined when there is no such report.
   */
  async revealTarget(reportId: string): Promise<ReportRevealTarget | undefined> {
    const r = await this.get(reportId);
    if (!r) return undefined;
    const c = r.contact ?? {};
    return {
      division: r.divisionCode,
      recordKey: ReportRepository.recordKey(reportId),
      fields: { ...(c.name ? { 'contact.name': c.name } : {}), ...(c.phone ? { 'contact.phone': c.phone } : {}), ...(c.email ? { 'contact.email': c.email } : {}) },
    };
  }

  list(q: { division: string; status?: ReportStatus | undefined; kind?: ReportKind | undefined; limit: number; cursor?: string | undefined }): Promise<Page<StoredReport>> {
    const sk = q.status ? { op: 'begins_with' as const, value: `${q.status}#` } : undefined;
    return q.kind
      ? queryPage(this.db, this.table, { index: 'GSI2', pk: keys.gsi.reportsByKindPK(q.division, q.kind), sk, limit: q.limit, cursor: q.cursor, descending: true }, fromItem)
      : queryPage(this.db, this.table, { index: 'GSI1', pk: keys.gsi.reportsByDivisionPK(q.division), sk, limit: q.limit, cursor: q.cursor, descending: true }, fromItem);
  }

  /** How many reports a source made in a window so far. */
  async rateCount(source: string, windowStart: number): Promise<number> {
    const item = await this.item<{ count?: number }>(keys.reportRate(source, windowStart));
    return item?.count ?? 0;
  }

  /** The report (new, or conditioned on the rev and status read), its audit item and, for a new one, the source's count. */
  stage(uow: UnitOfWork, c: ReportChange<SealedField>, previous: StoredReport | undefined, rate?: RateCount): void {
    const r = c.report;
    uow.put(
      'report',
      {
        ...keys.report(r.reportId),
        kind: 'citizen-report',
        ...toItem(r),
        ...keys.gsi.reportsByDivision(r.divisionCode, r.status, r.receivedAt, r.reportId),
        ...keys.gsi.reportsByKind(r.divisionCode, r.kind, r.status, r.receivedAt, r.reportId),
      },
      unchangedSince(previous),
    );
    if (rate) {
      uow.put(
        'report-rate',
        { ...keys.reportRate(rate.source, rate.windowStart), kind: 'report-rate', count: rate.seen + 1, expiresAt: rate.expiresAt },
        { expression: 'attribute_not_exists(PK) OR #count = :seen', names: { '#count': 'count' }, values: { ':seen': rate.seen } },
      );
    }
    uow.audit({ entity: 'report', entityId: r.reportId, entityPK: keys.report(r.reportId).PK, division: r.divisionCode, ...c.change });
    // --- PII registry (rule 16, shared/store/pii-registry.ts): a new report's sealed contact, its phone for the notice.
    const sealed = previous ? undefined : (r.contact?.phone ?? r.contact?.name ?? r.contact?.email);
    if (sealed) {
      registerPii(uow, {
        incidentId: sealed.incidentId,
        purpose: sealed.purpose,
        recordKind: 'report',
        recordKey: keys.report(r.reportId),
        blindIndexKeys: [],
        ...(r.contact?.phone ? { contactField: 'contact.phone' } : {}),
      });
    }
    // --- end PII registry
    // Rule 17: a contact under the report's own scope has its own destruction clock, moved on by every step (one
    // already destroyed needs none).
    const own = r.contact?.phone ?? r.contact?.name ?? r.contact?.email;
    const scope = own && !isErased(own) ? own.incidentId : undefined;
    if (scope !== undefined && isOwnReportScope(scope)) stagePiiSchedule(uow, scope, new Date(Date.parse(uow.ctx.at) + REPORT_CONTACT_KEPT_DAYS * 86_400_000).toISOString());
  }
}
