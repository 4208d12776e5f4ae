// Scheduled daily (EventBridge Scheduler, see shared/jobs.ts): flags plans whose filing deadline has passed.
import { jobHandler } from '../../shared/app/job.ts';
import { run } from './job.ts';

export const handler = jobHandler('plan-deadlines', run);
