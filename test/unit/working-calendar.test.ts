import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  addWorkingHours,
  addWorkingMinutes,
  chinaHolidays,
  holidayTable,
  isWorkingDate,
  localDate,
  nextWorkingMoment,
  type WorkingCalendar,
  workingCalendar,
  workingMinutesBetween,
} from '../../src/domain/calendar/index.ts';

const MIN = 60_000;
const cst = (local: string) => new Date(`${local}+08:00`);
const standard = () => workingCalendar(chinaHolidays);
const withLunch = () =>
  workingCalendar(chinaHolidays, {
    workStart: 540,
    workEnd: 1080,
    lunch: { start: 720, end: 810 },
    closedDates: ['2025-06-10'],
  });

/** The naive reference: is the minute starting at t working time? Uses nothing but the definition. */
function naiveIsWorkingMinute(cal: WorkingCalendar, t: number) {
  const local = new Date(t + 8 * 60 * MIN);
  const date = local.toISOString().slice(0, 10);
  const m = local.getUTCHours() * 60 + local.getUTCMinutes();
  if (cal.settings.closedDates.has(date)) return false;
  const listed = chinaHolidays.days.get(date);
  const weekday = local.getUTCDay();
  const workday = listed !== undefined ? !listed : weekday !== 0 && weekday !== 6;
  if (!workday) return false;
  const { workStart, workEnd, lunch } = cal.settings;
  if (m < workStart || m >= workEnd) return false;
  return !(lunch && m >= lunch.start && m < lunch.end);
}
function naiveAdd(cal: WorkingCalendar, from: Date, minutes: number) {
  let t = from.getTime();
  let left = minutes;
  while (left > 0) {
    if (naiveIsWorkingMinute(cal, t)) left--;
    t += MIN;
  }
  return new Date(t);
}
function naiveBetween(cal: WorkingCalendar, a: Date, b: Date) {
  let n = 0;
  for (let t = a.getTime(); t < b.getTime(); t += MIN) if (naiveIsWorkingMinute(cal, t)) n++;
  return n;
}

// Minute-aligned instants around the 2025/2026 holidays, including both Spring Festivals and National Days.
const instant = fc
  .integer({ min: Date.parse('2024-12-20T00:00:00Z') / MIN, max: Date.parse('2026-12-31T00:00:00Z') / MIN })
  .map((m) => new Date(m * MIN));
const calendars = fc.constantFrom(standard, withLunch);

describe('working calendar against a minute-by-minute reference', () => {
  it('adds working minutes exactly like counting minute by minute', () => {
    fc.assert(
      fc.property(calendars, instant, fc.integer({ min: 0, max: 6000 }), (make, from, minutes) => {
        const cal = make();
        expect(addWorkingMinutes(cal, from, minutes).getTime()).toBe(naiveAdd(cal, from, minutes).getTime());
      }),
      { numRuns: 150 },
    );
  });

  it('counts working minutes between two instants like the reference, and inverts addWorkingMinutes', () => {
    fc.assert(
      fc.property(calendars, instant, fc.integer({ min: 0, max: 20 * 1440 }), (make, a, span) => {
        const cal = make();
        const b = new Date(a.getTime() + span * MIN);
        const n = workingMinutesBetween(cal, a, b);
        expect(n).toBe(naiveBetween(cal, a, b));
        expect(workingMinutesBetween(cal, b, a) + n).toBe(0);
        expect(workingMinutesBetween(cal, a, addWorkingMinutes(cal, a, n))).toBe(n);
      }),
      { numRuns: 150 },
    );
  });

  it('finds the next working moment: working, and no working minute skipped before it', () => {
    fc.assert(
      fc.property(calendars, instant, (make, at) => {
        const cal = make();
        const next = nextWorkingMoment(cal, at);
        expect(next.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(naiveIsWorkingMinute(cal, next.getTime())).toBe(true);
        expect(naiveBetween(cal, at, next)).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});

describe('Chinese statutory calendar with make-up working days (调休)', () => {
  const cal = standard();
  it('2025 Spring Festival: Sunday 26 January and Saturday 8 February are working days; 28 Jan–4 Feb are off', () => {
    expect(isWorkingDate(cal, '2025-01-26')).toBe(true);
    expect(isWorkingDate(cal, '2025-02-08')).toBe(true);
    for (const d of ['2025-01-28', '2025-01-31', '2025-02-03', '2025-02-04']) expect(isWorkingDate(cal, d)).toBe(false);
    // Friday 24 Jan 17:00 + 2 working hours → the make-up Sunday, 26 Jan 10:00.
    expect(addWorkingHours(cal, cst('2025-01-24T17:00:00'), 2)).toEqual(cst('2025-01-26T10:00:00'));
    // Monday 27 Jan 17:00 + 2 working hours jumps the whole festival to Wednesday 5 Feb 10:00.
    expect(addWorkingHours(cal, cst('2025-01-27T17:00:00'), 2)).toEqual(cst('2025-02-05T10:00:00'));
  });

  it('2025 National Day: Sunday 28 September and Saturday 11 October are working days', () => {
    expect(isWorkingDate(cal, '2025-09-28')).toBe(true);
    expect(isWorkingDate(cal, '2025-10-11')).toBe(true);
    expect(isWorkingDate(cal, '2025-10-08')).toBe(false);
    expect(addWorkingHours(cal, cst('2025-09-26T17:30:00'), 1)).toEqual(cst('2025-09-28T09:30:00'));
    // 7 working days from Tuesday 30 September: 28 Sep counted before, 9, 10, 11 (Sat), 13, 14, 15, 16 Oct.
    expect(addWorkingDays(cal, cst('2025-09-30T10:00:00'), 7)).toEqual(cst('2025-10-16T18:00:00'));
  });

  it('2026 Spring Festival: Saturdays 14 and 28 February are working days; 15–23 February are off', () => {
    expect(isWorkingDate(cal, '2026-02-14')).toBe(true);
    expect(isWorkingDate(cal, '2026-02-28')).toBe(true);
    expect(isWorkingDate(cal, '2026-02-23')).toBe(false);
    expect(addWorkingHours(cal, cst('2026-02-13T17:00:00'), 3)).toEqual(cst('2026-02-14T11:00:00'));
    expect(addWorkingHours(cal, cst('2026-02-14T17:00:00'), 3)).toEqual(cst('2026-02-24T11:00:00'));
  });

  it('2026 National Day: Sunday 20 September and Saturday 10 October are working days', () => {
    expect(isWorkingDate(cal, '2026-09-20')).toBe(true);
    expect(isWorkingDate(cal, '2026-10-10')).toBe(true);
    expect(isWorkingDate(cal, '2026-09-25')).toBe(false); // Mid-Autumn
    expect(addWorkingHours(cal, cst('2026-09-18T17:00:00'), 2)).toEqual(cst('2026-09-20T10:00:00'));
    expect(addWorkingDays(cal, cst('2026-09-30T12:00:00'), 1)).toEqual(cst('2026-10-08T18:00:00'));
    expect(addWorkingDays(cal, cst('2026-10-08T12:00:00'), 2)).toEqual(cst('2026-10-10T18:00:00'));
  });

  it('a December make-up day may sit in the next year’s file (2026-01-04 Sunday is in 2026.json)', () => {
    expect(isWorkingDate(cal, '2026-01-04')).toBe(true);
    expect(isWorkingDate(cal, '2026-01-02')).toBe(false);
  });

  it('the lunch break and tenant closed days are not working time', () => {
    const c = withLunch();
    expect(addWorkingMinutes(c, cst('2025-06-09T11:30:00'), 60)).toEqual(cst('2025-06-09T14:00:00'));
    expect(nextWorkingMoment(c, cst('2025-06-09T18:30:00'))).toEqual(cst('2025-06-11T09:00:00'));
    expect(workingMinutesBetween(c, cst('2025-06-09T12:00:00'), cst('2025-06-09T13:30:00'))).toBe(0);
  });

  it('an unannounced year (2027 is an empty file) falls back to Mon–Fri and records a warning, never a crash', () => {
    const c = standard();
    expect(isWorkingDate(c, '2027-10-04')).toBe(true); // a Monday: would be National Day, not yet announced
    expect(isWorkingDate(c, '2027-10-02')).toBe(false); // Saturday
    expect(addWorkingDays(c, cst('2027-10-01T10:00:00'), 1)).toEqual(cst('2027-10-04T18:00:00'));
    expect([...c.unknownYearsSeen]).toEqual([2027]);
    expect(standard().unknownYearsSeen.size).toBe(0);
  });

  it('works in another fixed offset and with a hand-made holiday table', () => {
    const c = workingCalendar(
      holidayTable([{ year: 2030, days: [{ name: 'x', date: '2030-01-07', isOffDay: true }] }]),
      {
        workStart: 480,
        workEnd: 960,
        utcOffsetMinutes: 0,
      },
    );
    expect(localDate(c, new Date('2030-01-07T23:59:00Z'))).toBe('2030-01-07');
    expect(nextWorkingMoment(c, new Date('2030-01-05T12:00:00Z'))).toEqual(new Date('2030-01-08T08:00:00Z'));
  });
});
