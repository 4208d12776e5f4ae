// The daily filing-deadline sweep: plans published but not filed within 20 working days are flagged once and announced.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { jobActor } from '../../shared/domain/actor.ts';
import { cstDate } from '../../shared/domain/calendar/working-days.ts';
import { markFilingOverdue } from '../../shared/domain/plan.ts';
import { ConcurrentModification } from '../../shared/errors.ts';
import { logger } from '../../shared/log.ts';
import { PlanRepository } from '../../shared/store/plans.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';

export interface SweepResult {
  checked: number;
  flagged: number;
  conflicts: number;
}

export async function sweepFilingDeadlines(
  db: DynamoDBDocumentClient,
  table: string,
  now: Date,
  runId: string,
  progress: (line: string, counts: Record<string, number>) => void = (line, counts) => logger.info(line, counts),
): Promise<SweepResult> {
  const repo = new PlanRepository(db, table);
  const today = cstDate(now);
  const result: SweepResult = { checked: 0, flagged: 0, conflicts: 0 };
  let cursor: string | undefined;
  do {
    const page = await repo.filingsDueBefore(today, 100, cursor);
    cursor = page.cursor;
    for (const { planId } of page.items) {
      result.checked += 1;
      const read = await repo.getWithLatest(planId);
      const change = read && markFilingOverdue(read.plan, now);
      if (!read || !change) continue;
      const uow = new UnitOfWork(table, { actor: jobActor('plan-deadlines'), requestId: runId, at: now.toISOString() });
      repo.stage(uow, change, read);
      try {
        await uow.commit(db);
        result.flagged += 1;
      } catch (err) {
        // Someone filed or changed the plan meanwhile; tomorrow's run looks again.
        if (!(err instanceof ConcurrentModification)) throw err;
        result.conflicts += 1;
      }
    }
    progress('filing sweep progress', { ...result });
  } while (cursor);
  return result;
}
