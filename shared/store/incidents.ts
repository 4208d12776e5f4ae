// Repository of incidents: head, follow-up reports, congress filings, public releases, warning links, timeline.
import { randomUUID } from 'node:crypto';
import type { CongressFiling, Incident, IncidentChange } from '../domain/incident.ts';
import { encodeCursor } from './cursor.ts';
import { keys } from './keys.ts';
import { stagePiiSchedule } from './pii-registry.ts';
import { queryPage, strip, type Page } from './query.ts';
import { Repository, unchangedSince } from './repository.ts';
import type { UnitOfWork } from './unit-of-work.ts';

export interface Release {
  releaseId: string;
  incidentId: string;
  divisionCode: string;
  category: string;
  title: { 'zh-CN': string; en?: string };
  body: { 'zh-CN': string; en?: string };
  publishedAt: string;
  /** A rebuttal of a rumour (辟谣, Art 7), linked to the citizen's report it answers; absent on other releases. */
  releaseKind?: 'rebuttal';
  reportId?: string;
  /** A release of an exercise incident: kept, never public. */
  exercise?: true;
}

export interface WarningLink {
  warningId: string;
  level: string;
  colour: string;
  status: string;
  issuedAt: string;
}

export interface AuditRecord {
  at: string;
  action: string;
  from: string | null;
  to: string;
  reason?: string;
  actorSub: string;
  actorRole: string;
  actorDivision?: string;
  requestId: string;
  entity: string;
  entityId: string;
}

export class IncidentRepository extends Repository {
  get(incidentId: string): Promise<Incident | undefined> {
    return this.item<Incident>(keys.incident(incidentId));
  }

  list(q: { division: string; status?: string | undefined; category?: string | undefined; limit: number; cursor?: string | undefined }): Promise<Page<Incident>> {
    const sk = q.status ? { op: 'begins_with' as const, value: `${q.status}#` } : undefined;
    return q.category
      ? queryPage(this.db, this.table, { index: 'GSI2', pk: keys.gsi.incidentsByCategoryPK(q.division, q.category), sk, limit: q.limit, cursor: q.cursor, descending: true }, strip<Incident>)
      : queryPage(this.db, this.table, { index: 'GSI1', pk: keys.gsi.incidentsByDivisionPK(q.division), sk, limit: q.limit, cursor: q.cursor, descending: true }, strip<Incident>);
  }

  timeline(incidentId: string, limit: number, cursor?: string): Promise<Page<AuditRecord>> {
    return queryPage(
      this.db,
      this.table,
      { pk: keys.incident(incidentId).PK, sk: { op: 'begins_with', value: keys.auditPrefix }, limit, cursor, consistent: true },
      (i) => strip<AuditRecord>(i),
    );
  }

  filings(incidentId: string, limit: number, cursor?: string): Promise<Page<CongressFiling & { filingId: string }>> {
    return queryPage(
      this.db,
      this.table,
      { pk: keys.incident(incidentId).PK, sk: { op: 'begins_with', value: keys.prefixes.congressFiling }, limit, cursor, consistent: true },
      (i) => strip<CongressFiling & { filingId: string }>(i),
    );
  }

  async warnings(incidentId: string): Promise<WarningLink[]> {
    const out: WarningLink[] = [];
    let cursor: string | undefined;
    do {
      const page = await queryPage(
        this.db,
        this.table,
        { pk: keys.incident(incidentId).PK, sk: { op: 'begins_with', value: keys.prefixes.warningLink }, limit: 100, cursor, consistent: true },
        (i) => strip<WarningLink>(i),
      );
      out.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return out;
  }

  /** The cursor of the public releases that continues after `r` (a page cut short to stay within its size). */
  releaseCursorAfter(r: Release): string {
    return encodeCursor({ ...keys.release(r.incidentId, r.publishedAt, r.releaseId), ...keys.gsi.release(r.publishedAt, r.releaseId) })!;
  }

  publicReleases(limit: number, cursor?: string): Promise<Page<Release>> {
    return queryPage(this.db, this.table, { index: 'GSI1', pk: keys.gsi.releasesPK, sk: undefined, limit, cursor, descending: true }, strip<Release>);
  }

  /** Head conditioned on the rev and status it was read at; follow-up, filing, audit and announcement with it. */
  stage(uow: UnitOfWork, change: IncidentChange, previous: Incident | undefined): void {
    const i = change.incident;
    uow.put(
      'incident',
      {
        ...keys.incident(i.incidentId),
        kind: 'incident',
        ...i,
        ...keys.gsi.incidentsByDivision(i.divisionCode, i.status, i.occurredAt, i.incidentId),
        ...keys.gsi.incidentsByCategory(i.divisionCode, i.category, i.status, i.occurredAt, i.incidentId),
      },
      unchangedSince(previous),
    );
    if (change.update) {
      uow.put('update', { ...keys.incidentUpdate(i.incidentId, change.update.seq), kind: 'incident-update', ...change.update, at: uow.ctx.at }, { expression: 'attribute_not_exists(PK)' });
    }
    if (change.filing) {
      const filingId = randomUUID();
      uow.put('congress-filing', { ...keys.incidentFiling(i.incidentId, change.filing.decidedAt, filingId), kind: 'congress-filing', filingId, incidentId: i.incidentId, ...change.filing });
    }
    uow.audit({ entity: 'incident', entityId: i.incidentId, entityPK: keys.incident(i.incidentId).PK, division: i.divisionCode, ...change.change });
    // Rules 8, 17: the termination starts the personal-data destruction clock the pii-destruction job reads (GSI1 PIIDUE).
    if (i.piiDestructionFrom !== undefined && i.piiDestructionFrom !== previous?.piiDestructionFrom) stagePiiSchedule(uow, i.incidentId, i.piiDestructionFrom);
    if (change.event) {
      uow.announce(change.event);
    }
  }

  /**
   * A release belongs to an incident that exists; it changes nothing else about it. A release of an exercise incident
   * is kept but not put in the public index: no public list can show it.
   */
  stageRelease(uow: UnitOfWork, incident: Incident, release: Release): void {
    uow.check('incident', keys.incident(incident.incidentId), { expression: 'attribute_exists(PK)' });
    const exercise = incident.exercise === true || release.exercise === true;
    uow.put(
      'release',
      {
        ...keys.release(incident.incidentId, release.publishedAt, release.releaseId),
        kind: 'release',
        ...release,
        ...(exercise ? { exercise: true } : keys.gsi.release(release.publishedAt, release.releaseId)),
      },
      { expression: 'attribute_not_exists(PK)' },
    );
    uow.audit({
      entity: 'incident',
      entityId: incident.incidentId,
      entityPK: keys.incident(incident.incidentId).PK,
      division: incident.divisionCode,
      action: 'publish-release',
      from: null,
      to: release.releaseKind === 'rebuttal' ? `rebuttal ${release.releaseId} of report ${release.reportId ?? '?'}` : `release ${release.releaseId}`,
    });
  }
}
