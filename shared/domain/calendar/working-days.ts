// Working-day arithmetic on the PRC calendar: weekends off, public holidays off, make-up weekend workdays (调休) on.
// Dates are calendar dates in China Standard Time (UTC+8, no daylight saving).
import * as z from 'zod/mini';
import defaults from './prc-holidays.json' with { type: 'json' };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const holidayCalendarSchema = z.lazy(() =>
  z.strictObject({
    source: z.optional(z.string()),
    holidays: z.array(z.string().check(z.regex(ISO_DATE))),
    workdays: z.array(z.string().check(z.regex(ISO_DATE))),
  }),
);
export type HolidayCalendarData = z.infer<typeof holidayCalendarSchema>;

const CST_OFFSET_MS = 8 * 3600_000;

/** The calendar date (YYYY-MM-DD) in China Standard Time of an instant. */
export function cstDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;
/** Days since 1970-01-01: integer arithmetic instead of formatting a date string per day. */
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export class WorkingCalendar {
  private readonly holidays: Set<number>;
  private readonly workdays: Set<number>;

  constructor(data: HolidayCalendarData) {
    this.holidays = new Set(data.holidays.map(dayNumber));
    this.workdays = new Set(data.workdays.map(dayNumber));
  }

  private isWorkingDayNumber(day: number): boolean {
    if (this.workdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    const dow = (day + 4) % 7; // 1970-01-01 was a Thursday
    return dow !== 0 && dow !== 6;
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(dayNumber(date));
  }

  /** The date that is the n-th working day after `date` (the day itself does not count). */
  addWorkingDays(date: string, n: number): string {
    let day = dayNumber(date);
    for (let left = n; left > 0; ) {
      day += 1;
      if (this.isWorkingDayNumber(day)) left -= 1;
    }
    return dateOf(day);
  }

  /** Working days strictly after `from` up to and including `to`. */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    const end = dayNumber(to);
    for (let day = dayNumber(from) + 1; day <= end; day++) if (this.isWorkingDayNumber(day)) count += 1;
    return count;
  }
}

export function calendarFrom(json: string | undefined): WorkingCalendar {
  // The bundled calendar is ours and checked by a unit test: validating it here would cost each cold start ~2 ms of
  // zod warming up. An operator's HOLIDAY_CALENDAR is checked, at start where it is read at start.
  if (!json) return new WorkingCalendar(defaults);
  return new WorkingCalendar(holidayCalendarSchema.parse(JSON.parse(json)));
}
