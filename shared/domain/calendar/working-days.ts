// Working-day arithmetic on the PRC calendar: weekends off, public holidays off, make-up weekend workdays (调休) on.
// Dates are calendar dates in China Standard Time (UTC+8, no daylight saving).
import { z } from 'zod';
import defaults from './prc-holidays.json' with { type: 'json' };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const holidayCalendarSchema = z
  .object({
    source: z.string().optional(),
    holidays: z.array(z.string().regex(ISO_DATE)),
    workdays: z.array(z.string().regex(ISO_DATE)),
  })
  .strict();
export type HolidayCalendarData = z.infer<typeof holidayCalendarSchema>;

const CST_OFFSET_MS = 8 * 3600_000;

/** The calendar date (YYYY-MM-DD) in China Standard Time of an instant. */
export function cstDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export class WorkingCalendar {
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;

  constructor(data: HolidayCalendarData) {
    this.holidays = new Set(data.holidays);
    this.workdays = new Set(data.workdays);
  }

  isWorkingDay(date: string): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6;
  }

  /** The date that is the n-th working day after `date` (the day itself does not count). */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) left -= 1;
    }
    return d;
  }

  /** Working days strictly after `from` up to and including `to`. */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count += 1;
    return count;
  }
}

export function calendarFrom(json: string | undefined): WorkingCalendar {
  if (!json) return new WorkingCalendar(holidayCalendarSchema.parse(defaults));
  return new WorkingCalendar(holidayCalendarSchema.parse(JSON.parse(json)));
}
