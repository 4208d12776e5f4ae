// The requisition-deadlines job as the jobs table runs it (Lambda, local host, npm run invoke).
import { readConfig } from '../../shared/config.ts';
import { requisitionSettings } from '../../shared/app/compensation-settings.ts';
import type { JobRun } from '../../shared/jobs.ts';
import { sweepRequisitionDeadlines } from './sweep.ts';

export const run: JobRun = async ({ db, table, now, runId, progress }) => {
  const { REQUISITION_RETURN_DAYS } = readConfig(requisitionSettings);
  return { ...(await sweepRequisitionDeadlines(db, table, now, runId, REQUISITION_RETURN_DAYS, progress)) };
};
