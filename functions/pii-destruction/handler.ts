// Scheduled daily (EventBridge Scheduler, see shared/jobs.ts): destroys personal data after a response ends (rule 17)
// and queues the notices to the people it was collected from (PIPL Art 18).
import { jobHandler } from '../../shared/app/job.ts';
import { run } from './job.ts';

export const handler = jobHandler('pii-destruction', run);
