// Scheduled every few minutes (EventBridge Scheduler, see shared/jobs.ts): flags notices unacknowledged past due.
import { jobHandler } from '../../shared/app/job.ts';
import { run } from './job.ts';

export const handler = jobHandler('notice-deadlines', run);
