// Repository of warnings: head, the active-warnings index, the link on the incident, audit on the incident's timeline.
import type { Warning, WarningChange, WarningEvent } from '../domain/warning.ts';
import { cstDate } from '../domain/calendar/working-days.ts';
import { encodeCursor } from './cursor.ts';
import { keys } from './keys.ts';
import { queryPage, strip, type Page } from './query.ts';
import { Repository, unchangedSince } from './repository.ts';
import type { UnitOfWork } from './unit-of-work.ts';

export class WarningRepository extends Repository {
  get(warningId: string): Promise<Warning | undefined> {
    return this.item<Warning>(keys.warning(warningId));
  }

  active(limit: number, cursor?: string): Promise<Page<Warning>> {
    return queryPage(this.db, this.table, { index: 'GSI1', pk: keys.gsi.activeWarningsPK, sk: undefined, limit, cursor, descending: true }, strip<Warning>);
  }

  /** The cursor of the active-warnings list that continues after `w` (a page cut short to stay within its size). */
  activeCursorAfter(w: Warning): string {
    return encodeCursor({ ...keys.warning(w.warningId), ...keys.gsi.activeWarning(w.issuedAt, w.warningId) })!;
  }

  /** Warnings lifted between `since` and `now`, newest first, at most `max`: the partitions of those CST dates. */
  async liftedSince(since: Date, now: Date, max = Number.POSITIVE_INFINITY): Promise<Warning[]> {
    const days = [...new Set([cstDate(since), cstDate(now)])];
    const out: Warning[] = [];
    for (const day of days) {
      let cursor: string | undefined;
      do {
        const page = await queryPage(this.db, this.table, { index: 'GSI1', pk: keys.gsi.liftedWarningsPK(day), sk: undefined, limit: 100, cursor, descending: true }, strip<Warning>);
        out.push(...page.items.filter((w) => w.liftedAt !== undefined && w.liftedAt >= since.toISOString()));
        cursor = page.cursor;
      } while (cursor && out.length < max);
    }
    return out.slice(0, max);
  }

  stage(uow: UnitOfWork, change: WarningChange, previous: Warning | undefined, incident: { incidentId: string; divisionCode: string }): void {
    const w = change.warning;
    uow.put(
      'warning',
      {
        ...keys.warning(w.warningId),
        kind: 'warning',
        ...w,
        // The public feeds read these indexes only: a warning of an exercise is never put in them.
        ...(w.exercise ? {} : w.status === 'active' ? keys.gsi.activeWarning(w.issuedAt, w.warningId) : keys.gsi.liftedWarning(cstDate(new Date(w.liftedAt!)), w.liftedAt!, w.warningId)),
      },
      unchangedSince(previous),
    );
    uow.put('warning-link', {
      ...keys.incidentWarning(w.incidentId, w.warningId),
      kind: 'warning-link',
      warningId: w.warningId,
      level: w.level,
      colour: w.colour,
      status: w.status,
      issuedAt: w.issuedAt,
    });
    uow.audit({ entity: 'warning', entityId: w.warningId, entityPK: keys.incident(incident.incidentId).PK, division: incident.divisionCode, ...change.change });
    // Alerts carry the incident's division, the most specific one, for subscription prefix filters.
    const event: WarningEvent & { issuerDivision: string } = { ...change.event, division: incident.divisionCode, issuerDivision: change.event.division };
    uow.announce(event);
  }
}
