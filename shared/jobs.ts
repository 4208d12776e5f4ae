// THE table of scheduled jobs. The CDK schedules, the local host's timers, `npm run invoke -- <job> --at <time>` and
// events/schedule/ are all built from it: adding a job is one entry here and a folder functions/<job>/ with job.ts
// (exporting `run`) and handler.ts (`jobHandler(name, run)`).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Purpose } from './pii/purposes.ts';

/** DynamoDB actions a function may be granted on the table (never Scan, never dynamodb:*). */
export type TableAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem';

export interface JobDef {
  description: string;
  /** Runs once a day at this time (UTC); the job itself decides what is due as of the time it is given. */
  dailyAtUtc: { hour: number; minute: number };
  /**
   * Runs every this many minutes instead, for deadlines counted in minutes (a notice due 2 hours after it was sent);
   * `dailyAtUtc` is then only the time of its sample event.
   */
  everyMinutes?: number;
  timeoutMinutes: number;
  /** Exactly the table actions the job's code uses. */
  tableAccess: readonly TableAction[];
  /**
   * Personal data the job opens or seals, by purpose (GenerateDataKey and Decrypt on the PII key under those purposes
   * only), and whether it computes blind indexes (GenerateMac); absent: none. Destroying a data key needs no KMS call.
   */
  pii?: { purposes: readonly Purpose[]; mac: boolean };
}

export const JOBS = {
  'plan-deadlines': {
    description: 'Daily sweep: flags plans whose filing deadline has passed (rule 23)',
    dailyAtUtc: { hour: 1, minute: 0 },
    timeoutMinutes: 5,
    // Queries due filings, reads each plan, writes head, filing tracker, audit and outbox as puts (no check, no delete).
    tableAccess: ['Query', 'GetItem', 'PutItem'],
  },
  'requisition-deadlines': {
    description:
      'Daily sweep of requisitions not yet returned: flags emergency takings still without paperwork (rule 12), sets a return deadline once the response has ended and flags returns past it (rule 8)',
    dailyAtUtc: { hour: 1, minute: 15 },
    timeoutMinutes: 10,
    // Queries the open-requisition trackers (GSI1), reads each requisition and its incident, writes head, audit and
    // outbox as puts.
    tableAccess: ['Query', 'GetItem', 'PutItem'],
  },
  'notice-deadlines': {
    description: 'Every 5 minutes: flags notices reported upward or to neighbours that were not acknowledged by their due time (Art 17, 61)',
    dailyAtUtc: { hour: 0, minute: 5 },
    everyMinutes: 5,
    timeoutMinutes: 5,
    // Queries pending notices due (GSI2), reads each notice, writes head, receipt, audit and outbox as puts.
    tableAccess: ['Query', 'GetItem', 'PutItem'],
  },
  'pii-destruction': {
    description:
      'Daily: destroys the personal data of incidents whose response ended, unless a retention assessment keeps it (rule 17), alerts offices 7 days ahead, tells each person on record once (PIPL Art 18) and writes destruction receipts',
    dailyAtUtc: { hour: 18, minute: 30 },
    timeoutMinutes: 15,
    // Queries the due clocks (GSI1), the registry, assessments and data keys; reads incidents, records, markers and the
    // destruction in flight (GetItem), alert markers at once (BatchGetItem); erases records, marks the registry and
    // shreds wrapped data keys in place (UpdateItem); deletes blind-index items and the finished destruction
    // (DeleteItem); writes notices, alerts, receipts, audit and outbox as puts.
    tableAccess: ['Query', 'GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'DeleteItem'],
    // Opens the mobile numbers on record (requisition owners, reporters) to tell them, seals the copy under `notice`,
    // and keys the once-per-person marker by the number's blind index.
    pii: { purposes: ['requisition', 'report', 'notice'], mac: true },
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
