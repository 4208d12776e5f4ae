// The notice-deadline sweep (shared/jobs.ts): a notice still unacknowledged past its due time is flagged overdue once and
// `notice.overdue` announced (Art 61: no late report). Runs every few minutes, as of the time it is given.
import { jobActor } from '../../shared/domain/actor.ts';
import { flagOverdue } from '../../shared/domain/notice.ts';
import { ConcurrentModification } from '../../shared/errors.ts';
import type { JobRun } from '../../shared/jobs.ts';
import { NoticeRepository } from '../../shared/store/notices.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';

export const run: JobRun = async ({ db, table, now, runId, progress }) => {
  const repo = new NoticeRepository(db, table);
  const result = { checked: 0, flagged: 0, conflicts: 0 };
  let cursor: string | undefined;
  do {
    const page = await repo.duePage(now, 100, cursor);
    cursor = page.cursor;
    for (const due of page.items) {
      result.checked += 1;
      // The index is eventually consistent: the head, read consistently, decides.
      const notice = await repo.get(due.noticeId);
      if (!notice || notice.status !== 'pending' || notice.dueAt >= now.toISOString()) continue;
      const uow = new UnitOfWork(table, { actor: jobActor('notice-deadlines'), requestId: runId, at: now.toISOString() });
      repo.stageChange(uow, flagOverdue(notice, now), notice);
      try {
        await uow.commit(db);
        result.flagged += 1;
      } catch (err) {
        // Acknowledged meanwhile: nothing to flag. Anything else changed it: the next run looks again.
        if (!(err instanceof ConcurrentModification)) throw err;
        result.conflicts += 1;
      }
    }
    progress('notice sweep progress', { ...result });
  } while (cursor);
  return result;
};
