// The daily requisition sweep over every requisition whose property is not back (its open tracker, GSI1): an emergency
// taking past its paperwork deadline is flagged once and announced (rule 12); once the incident's response has ended,
// the property gets its return deadline, counted from the termination (rule 8), and a return past it is flagged once
// and announced. Return deadlines are set here rather than in the termination's transaction, which could not hold an
// unbounded number of requisitions; counted from the termination itself, the date is the same whenever the sweep runs.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { jobActor } from '../../shared/domain/actor.ts';
import type { Incident } from '../../shared/domain/incident.ts';
import { markPaperworkOverdue, markReturnOverdue, setReturnDeadline, type RequisitionChange } from '../../shared/domain/requisition.ts';
import { ConcurrentModification } from '../../shared/errors.ts';
import type { SealedField } from '../../shared/pii/sealed.ts';
import { IncidentRepository } from '../../shared/store/incidents.ts';
import { OPEN_TRACKER_SHARDS, RequisitionRepository, type StoredRequisition } from '../../shared/store/requisitions.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';

export const JOB = 'requisition-deadlines';

export interface RequisitionSweepResult {
  checked: number;
  paperworkOverdue: number;
  returnDeadlines: number;
  returnOverdue: number;
  conflicts: number;
}

/** Every change the sweep makes to one requisition as of `now`, in order; empty when nothing is due. */
export function dueChanges(r: StoredRequisition, incident: Pick<Incident, 'response'> | undefined, now: Date, returnDays: number): RequisitionChange<SealedField>[] {
  const out: RequisitionChange<SealedField>[] = [];
  let current = r as StoredRequisition;
  const push = (c: RequisitionChange<SealedField> | undefined) => {
    if (!c) return;
    out.push(c);
    current = { ...c.requisition, officerContact: r.officerContact };
  };
  push(markPaperworkOverdue(current, now));
  const terminatedAt = incident?.response?.status === 'terminated' ? incident.response.terminatedAt : undefined;
  if (terminatedAt !== undefined) push(setReturnDeadline(current, terminatedAt, returnDays, now));
  push(markReturnOverdue(current, now));
  return out;
}

export async function sweepRequisitionDeadlines(
  db: DynamoDBDocumentClient,
  table: string,
  now: Date,
  runId: string,
  returnDays: number,
  progress: (line: string, counts: Record<string, number>) => void,
): Promise<RequisitionSweepResult> {
  const requisitions = new RequisitionRepository(db, table);
  const incidents = new IncidentRepository(db, table);
  // Trackers are ordered by incident within a shard: each incident is read once per shard and run.
  const incidentCache = new Map<string, Promise<Incident | undefined>>();
  const incidentOf = (id: string) => {
    let hit = incidentCache.get(id);
    if (!hit) incidentCache.set(id, (hit = incidents.get(id)));
    return hit;
  };
  const result: RequisitionSweepResult = { checked: 0, paperworkOverdue: 0, returnDeadlines: 0, returnOverdue: 0, conflicts: 0 };
  for (let shard = 0; shard < OPEN_TRACKER_SHARDS; shard++) {
    let cursor: string | undefined;
    do {
      const page = await requisitions.openTrackers(shard, 100, cursor);
      cursor = page.cursor;
      for (const t of page.items) {
        result.checked += 1;
        const r = await requisitions.get(t.requisitionId);
        if (!r || r.status === 'returned') continue;
        const changes = dueChanges(r, await incidentOf(r.incidentId), now, returnDays);
        if (changes.length === 0) continue;
        const uow = new UnitOfWork(table, { actor: jobActor(JOB), requestId: runId, at: now.toISOString() });
        requisitions.stageAll(uow, changes, r);
        try {
          await uow.commit(db);
        } catch (err) {
          // An office changed the requisition meanwhile (a return, the paperwork); the next run looks again.
          if (!(err instanceof ConcurrentModification)) throw err;
          result.conflicts += 1;
          continue;
        }
        for (const c of changes) {
          if (c.change.action === 'flag-paperwork-overdue') result.paperworkOverdue += 1;
          else if (c.change.action === 'set-return-deadline') result.returnDeadlines += 1;
          else if (c.change.action === 'flag-return-overdue') result.returnOverdue += 1;
        }
      }
      progress('requisition sweep progress', { ...result });
    } while (cursor);
  }
  return result;
}
