// The PRC working-day calendar: holidays, make-up workdays (调休), China Standard Time dates, and the filing count (rule 23).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import defaults from '../../shared/domain/calendar/prc-holidays.json' with { type: 'json' };
import { calendarFrom, cstDate, holidayCalendarSchema } from '../../shared/domain/calendar/working-days.ts';

const calendar = calendarFrom(undefined);

/** Calendar dates the bundled calendar covers, with margins on each side where only weekends count. */
const isoDate = fc
  .date({ min: new Date('2024-06-01T00:00:00Z'), max: new Date('2027-06-30T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const workingDayCount = fc.integer({ min: 1, max: 60 });

describe('the bundled PRC calendar', () => {
  it('is as well-formed as a HOLIDAY_CALENDAR override must be (the functions load it unchecked)', () => {
    expect(holidayCalendarSchema.safeParse(defaults).error).toBeUndefined();
  });

  it('treats the National Day holiday 2025-10-01..08 as days off', () => {
    for (let day = 1; day <= 8; day++) expect(calendar.isWorkingDay(`2025-10-0${day}`)).toBe(false);
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
  });

  it('treats make-up weekend workdays (调休) as working days', () => {
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true); // Saturday
    expect(calendar.isWorkingDay('2026-01-04')).toBe(true); // Sunday
  });

  it('treats ordinary weekends as days off and ordinary weekdays as working days', () => {
    expect(calendar.isWorkingDay('2025-10-12')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2025-10-18')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2025-10-14')).toBe(true); // Tuesday
  });

  it('puts the 20th working day after a publication on 2025-09-30 on 2025-11-04 (rule 23)', () => {
    // Counted by hand: 1-8 Oct are the National Day holiday; Thu 9 (1), Fri 10 (2), Sat 11 make-up workday (3);
    // 13-17 Oct (4-8); 20-24 Oct (9-13); 27-31 Oct (14-18); Mon 3 Nov (19), Tue 4 Nov (20).
    expect(calendar.addWorkingDays('2025-09-30', 20)).toBe('2025-11-04');
    expect(calendar.workingDaysBetween('2025-09-30', '2025-11-04')).toBe(20);
  });

  it('skips the New Year holiday to the make-up Sunday', () => {
    // 1-3 Jan 2026 are off; Sunday 4 Jan is worked.
    expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
  });

  it('counts no working days from a date to itself, and adds none for n = 0', () => {
    expect(calendar.workingDaysBetween('2025-10-09', '2025-10-09')).toBe(0);
    expect(calendar.addWorkingDays('2025-10-04', 0)).toBe('2025-10-04');
  });
});

describe('cstDate', () => {
  it('gives the China date of an instant', () => {
    expect(cstDate(new Date('2026-01-01T16:30:00Z'))).toBe('2026-01-02');
    expect(cstDate(new Date('2026-01-01T15:59:59.999Z'))).toBe('2026-01-01');
    expect(cstDate(new Date('2026-01-01T16:00:00Z'))).toBe('2026-01-02');
  });

  it('agrees with the Asia/Shanghai time zone for any instant since 2000', () => {
    const shanghai = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (instant) => {
        expect(cstDate(instant)).toBe(shanghai.format(instant));
      }),
      { numRuns: 300 },
    );
  });
});

describe('working-day arithmetic properties', () => {
  it('lands on a working day for n >= 1', () => {
    fc.assert(
      fc.property(isoDate, workingDayCount, (d, n) => {
        expect(calendar.isWorkingDay(calendar.addWorkingDays(d, n))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('counts back the working days it added', () => {
    fc.assert(
      fc.property(isoDate, workingDayCount, (d, n) => {
        expect(calendar.workingDaysBetween(d, calendar.addWorkingDays(d, n))).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('moves strictly later as n grows', () => {
    fc.assert(
      fc.property(isoDate, workingDayCount, workingDayCount, (d, a, b) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(calendar.addWorkingDays(d, lo) < calendar.addWorkingDays(d, hi)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a custom calendar (HOLIDAY_CALENDAR)', () => {
  it('honours holidays and make-up workdays it lists', () => {
    // Prepare: Wednesday 2 Jan 2030 off, Saturday 5 Jan 2030 worked.
    const custom = calendarFrom(JSON.stringify({ source: 'test', holidays: ['2030-01-02'], workdays: ['2030-01-05'] }));

    // Assess: from Tuesday 1 Jan, Thu 3 (1), Fri 4 (2), Sat 5 (3); the bundled calendar knows nothing of 2030.
    expect(custom.isWorkingDay('2030-01-02')).toBe(false);
    expect(custom.isWorkingDay('2030-01-05')).toBe(true);
    expect(custom.addWorkingDays('2030-01-01', 3)).toBe('2030-01-05');
    expect(calendar.addWorkingDays('2030-01-01', 3)).toBe('2030-01-04');
    // It replaces the bundled calendar rather than adding to it.
    expect(custom.isWorkingDay('2025-10-02')).toBe(true);
  });

  it('makes any listed holiday a day off and any listed workday a working day', () => {
    fc.assert(
      fc.property(isoDate, isoDate, (holiday, workday) => {
        fc.pre(holiday !== workday);
        const custom = calendarFrom(JSON.stringify({ holidays: [holiday], workdays: [workday] }));
        expect(custom.isWorkingDay(holiday)).toBe(false);
        expect(custom.isWorkingDay(workday)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    ['text that is not JSON', 'holidays: 2030-01-02'],
    ['a JSON array', '[]'],
    ['a date not in YYYY-MM-DD form', '{"holidays":["2030-1-2"],"workdays":[]}'],
    ['a missing workdays list', '{"holidays":["2030-01-02"]}'],
    ['an unknown field', '{"holidays":[],"workdays":[],"extra":true}'],
  ])('refuses %s', (_what, json) => {
    expect(() => calendarFrom(json)).toThrow();
  });
});
