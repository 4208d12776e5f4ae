// THE table of scheduled jobs. The CDK schedules, the local host's timers, `npm run invoke -- <job> --at <time>` and
// events/schedule/ are all built from it: adding a job is one entry here and a folder functions/<job>/ with job.ts
// (exporting `run`) and handler.ts (`jobHandler(name, run)`).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** DynamoDB actions a function may be granted on the table (never Scan, never dynamodb:*). */
export type TableAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem';

export interface JobDef {
  description: string;
  /** Runs once a day at this time (UTC); the job itself decides what is due as of the time it is given. */
  dailyAtUtc: { hour: number; minute: number };
  timeoutMinutes: number;
  /** Exactly the table actions the job's code uses. */
  tableAccess: readonly TableAction[];
}

export const JOBS = {
  'plan-deadlines': {
    description: 'Daily sweep: flags plans whose filing deadline has passed (rule 23)',
    dailyAtUtc: { hour: 1, minute: 0 },
    timeoutMinutes: 5,
    tableAccess: ['Query', 'GetItem', 'PutItem', 'ConditionCheckItem'],
  },
} as const satisfies Record<string, JobDef>;

export type JobName = keyof typeof JOBS;
export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

/** What a run gets: the table, the instant it runs as of, and a run id that its audit items carry. */
export interface JobContext {
  db: DynamoDBDocumentClient;
  table: string;
  now: Date;
  runId: string;
  /** Progress lines for long runs (the Lambda log, or the terminal locally). */
  progress: (line: string, counts: Record<string, number>) => void;
}

/** A job's run: returns its counts (checked, flagged, destroyed, ...), never personal data. */
export type JobRun = (ctx: JobContext) => Promise<Record<string, number>>;
