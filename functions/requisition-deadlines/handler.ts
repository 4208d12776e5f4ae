// Scheduled daily (EventBridge Scheduler, see shared/jobs.ts): paperwork and return deadlines of requisitions (rules 8, 12).
import { jobHandler } from '../../shared/app/job.ts';
import { run } from './job.ts';

export const handler = jobHandler('requisition-deadlines', run);
