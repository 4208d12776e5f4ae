// What the functions that send notices share (incidents, warnings, recovery, linkage): the reporting deadlines from
// configuration, read once and failing fast, and the notice repository.
import * as z from 'zod/mini';
import { readConfig } from '../config.ts';
import { parseReportingDeadlines, type ReportingDeadlines } from '../domain/notice.ts';
import { documentClient, tableName } from '../store/client.ts';
import { NoticeRepository } from '../store/notices.ts';

/**
 * REPORTING_DEADLINE_MINUTES: minutes from sending within which the office addressed acknowledges a notice. One whole
 * number for every category (`120`), or a JSON object of category to minutes (`{"accident":60,"public-health":120}`);
 * a category left out, or the setting left out, gets 120.
 */
export const linkageSettings = {
  REPORTING_DEADLINE_MINUTES: z.pipe(z.optional(z.string()), z.transform((raw, ctx) => {
    try {
      return parseReportingDeadlines(raw);
    } catch (err) {
      ctx.issues.push({ code: 'custom', message: (err as Error).message, input: raw });
      return z.NEVER;
    }
  })),
};

let deadlines: ReportingDeadlines | undefined;
export function reportingDeadlines(): ReportingDeadlines {
  deadlines ??= readConfig(linkageSettings).REPORTING_DEADLINE_MINUTES;
  return deadlines;
}
export function resetReportingDeadlinesForTests(): void {
  deadlines = undefined;
}

let notices: NoticeRepository | undefined;
export function noticeRepository(): NoticeRepository {
  notices ??= new NoticeRepository(documentClient(), tableName());
  return notices;
}
