// The settings of requisition and compensation deadlines (rules 8, 12, 15) and the working calendar they count on,
// read from the environment once per process, failing fast on a bad value.
import * as z from 'zod/mini';
import { readConfig } from '../config.ts';
import { calendarFrom, type WorkingCalendar } from '../domain/calendar/working-days.ts';
import { DEFAULT_REQUISITION_PAPERWORK_HOURS, DEFAULT_REQUISITION_RETURN_DAYS } from '../domain/remedies.ts';

export const requisitionSettings = {
  /** Rule 12: hours an emergency taking has to get its voucher. */
  REQUISITION_PAPERWORK_HOURS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(720)), DEFAULT_REQUISITION_PAPERWORK_HOURS),
  /** Rule 8: days after the response ends to return property still held. */
  REQUISITION_RETURN_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(365)), DEFAULT_REQUISITION_RETURN_DAYS),
  HOLIDAY_CALENDAR: z.optional(z.string()),
};

let settings: { paperworkHours: number; returnDays: number; calendar: WorkingCalendar } | undefined;

/** The deadline settings and the working calendar. */
export function compensationSettings() {
  if (!settings) {
    const cfg = readConfig(requisitionSettings);
    settings = { paperworkHours: cfg.REQUISITION_PAPERWORK_HOURS, returnDays: cfg.REQUISITION_RETURN_DAYS, calendar: calendarFrom(cfg.HOLIDAY_CALENDAR) };
  }
  return settings;
}

export function resetCompensationSettingsForTests(): void {
  settings = undefined;
}

