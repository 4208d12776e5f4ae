// The Lambda side of a scheduled job: EventBridge Scheduler passes the scheduled time; the job runs as of that time.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { JobName, JobRun } from '../jobs.ts';
import { tableConfig } from '../config.ts';
import { logContext, logger } from '../log.ts';
import { documentClient } from '../store/client.ts';

export function jobHandler(name: JobName, run: JobRun) {
  const table = tableConfig().TABLE_NAME;
  return middy<{ time?: string }, Record<string, number>>(async (event: { time?: string }, context: Context) => {
    const now = event?.time ? new Date(event.time) : new Date();
    if (Number.isNaN(now.getTime())) throw new Error(`${name}: the event's time is not a date`);
    const result = await run({
      db: documentClient(),
      table,
      now,
      runId: context.awsRequestId,
      progress: (line, counts) => logger.info(line, { job: name, ...counts }),
    });
    logger.info(`${name} finished`, { job: name, ...result });
    return result;
  }).use(logContext());
}
