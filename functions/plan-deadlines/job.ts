// The plan-deadlines job as the jobs table runs it (Lambda, local host, npm run invoke).
import type { JobRun } from '../../shared/jobs.ts';
import { sweepFilingDeadlines } from './sweep.ts';

export const run: JobRun = async ({ db, table, now, runId, progress }) => ({ ...(await sweepFilingDeadlines(db, table, now, runId, progress)) });
