import type { HolidayTable } from './holidays.ts';

/**
 * Working time for a tenant: Chinese statutory holidays and make-up working days (调休), business hours with an
 * optional lunch break, and the tenant's own closed days. Pure: the holiday table and every instant are passed in.
 *
 * Time zone: local time is UTC plus a fixed offset, +08:00 (Asia/Shanghai) by default. China has used one
 * offset without daylight saving since 1991, so a fixed offset is exact for every date this product handles.
 */
export interface CalendarSettings {
  /** Minutes after local midnight; e.g. 540 = 09:00, 1080 = 18:00. */
  workStart: number;
  workEnd: number;
  lunch?: { start: number; end: number } | null;
  /** Local dates (YYYY-MM-DD) on which this tenant does not work, on top of the statutory calendar. */
  closedDates?: readonly string[];
  utcOffsetMinutes?: number;
}

export interface WorkingCalendar {
  settings: Required<Omit<CalendarSettings, 'closedDates'>> & { closedDates: ReadonlySet<string> };
  holidays: HolidayTable;
  /** Years the statutory calendar does not cover yet, met while computing: Mon–Fri was assumed for them. */
  readonly unknownYearsSeen: Set<number>;
}

export const defaultCalendarSettings: CalendarSettings = {
  workStart: 9 * 60,
  workEnd: 18 * 60,
  lunch: null,
  closedDates: [],
  utcOffsetMinutes: 480,
};

const MINUTE = 60_000;
const DAY = 86_400_000;

export function workingCalendar(
  holidays: HolidayTable,
  s: CalendarSettings = defaultCalendarSettings,
): WorkingCalendar {
  if (!(s.workStart >= 0 && s.workStart < s.workEnd && s.workEnd <= 1440)) throw new RangeError('bad business hours');
  const lunch = s.lunch && s.lunch.start < s.lunch.end ? s.lunch : null;
  if (lunch && (lunch.start < s.workStart || lunch.end > s.workEnd)) throw new RangeError('lunch outside hours');
  return {
    settings: {
      workStart: s.workStart,
      workEnd: s.workEnd,
      lunch,
      utcOffsetMinutes: s.utcOffsetMinutes ?? 480,
      closedDates: new Set(s.closedDates ?? []),
    },
    holidays,
    unknownYearsSeen: new Set(),
  };
}

/** Local day number (days since 1970-01-01 in local time) of an instant. */
const localDay = (cal: WorkingCalendar, t: number) => Math.floor((t + cal.settings.utcOffsetMinutes * MINUTE) / DAY);
const dayStartUtc = (cal: WorkingCalendar, day: number) => day * DAY - cal.settings.utcOffsetMinutes * MINUTE;
const isoDate = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** Statutory rule: listed dates decide (holiday or make-up day); other dates follow Mon–Fri. */
export function isWorkingDate(cal: WorkingCalendar, date: string): boolean {
  if (cal.settings.closedDates.has(date)) return false;
  const listed = cal.holidays.days.get(date);
  if (listed !== undefined) return !listed;
  const year = Number(date.slice(0, 4));
  if (!cal.holidays.knownYears.has(year)) cal.unknownYearsSeen.add(year);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** Working intervals [start, end) in UTC milliseconds for one local day. */
function intervals(cal: WorkingCalendar, day: number): [number, number][] {
  if (!isWorkingDate(cal, isoDate(day))) return [];
  const base = dayStartUtc(cal, day);
  const { workStart, workEnd, lunch } = cal.settings;
  const at = (m: number) => base + m * MINUTE;
  return lunch
    ? [
        [at(workStart), at(lunch.start)],
        [at(lunch.end), at(workEnd)],
      ]
    : [[at(workStart), at(workEnd)]];
}

// A year without one working day is impossible; this bounds every loop even with absurd closed-day lists.
const MAX_SCAN_DAYS = 3 * 366;

/** The instant `ms` of working time after `from` (the end of the last working millisecond counted). */
export function addWorkingMs(cal: WorkingCalendar, from: Date, ms: number): Date {
  if (ms <= 0) return new Date(from);
  let left = ms;
  const t0 = from.getTime();
  const first = localDay(cal, t0);
  for (let day = first, scanned = 0; scanned < MAX_SCAN_DAYS; day++, scanned++) {
    for (const [s, e] of intervals(cal, day)) {
      const start = Math.max(s, t0);
      if (start >= e) continue;
      if (e - start >= left) return new Date(start + left);
      left -= e - start;
      scanned = 0;
    }
  }
  throw new RangeError('no working time found within three years');
}

export const addWorkingMinutes = (cal: WorkingCalendar, from: Date, minutes: number) =>
  addWorkingMs(cal, from, minutes * MINUTE);
export const addWorkingHours = (cal: WorkingCalendar, from: Date, hours: number) =>
  addWorkingMs(cal, from, hours * 60 * MINUTE);

/** Working milliseconds in [a, b); negative when b is before a. */
export function workingMsBetween(cal: WorkingCalendar, a: Date, b: Date): number {
  const ta = a.getTime();
  const tb = b.getTime();
  if (tb < ta) return 0 - workingMsBetween(cal, b, a);
  let total = 0;
  for (let day = localDay(cal, ta); day <= localDay(cal, tb); day++) {
    for (const [s, e] of intervals(cal, day)) total += Math.max(0, Math.min(e, tb) - Math.max(s, ta));
  }
  return total;
}

/** Whole working minutes in [a, b) (rounded toward zero); negative when b is before a. */
export const workingMinutesBetween = (cal: WorkingCalendar, a: Date, b: Date) =>
  Math.trunc(workingMsBetween(cal, a, b) / MINUTE);

/** `at` itself when it falls in working time, otherwise the start of the next working interval. */
export function nextWorkingMoment(cal: WorkingCalendar, at: Date): Date {
  const t = at.getTime();
  const first = localDay(cal, t);
  for (let day = first; day < first + MAX_SCAN_DAYS; day++) {
    for (const [s, e] of intervals(cal, day)) {
      if (t < e) return new Date(Math.max(s, t));
    }
  }
  throw new RangeError('no working time found within three years');
}

/**
 * The end of business on the n-th working day after the local date of `from`; the day of receipt is not
 * counted (administrative convention, e.g. 《市场监督管理投诉举报处理暂行办法》 art. 14: "自收到投诉之日起七个工作日内").
 */
export function addWorkingDays(cal: WorkingCalendar, from: Date, n: number): Date {
  let day = localDay(cal, from.getTime());
  let counted = 0;
  for (let scanned = 0; counted < n; scanned++) {
    if (scanned > MAX_SCAN_DAYS) throw new RangeError('no working day found within three years');
    day++;
    if (isWorkingDate(cal, isoDate(day))) {
      counted++;
      scanned = 0;
    }
  }
  if (n <= 0) return new Date(from);
  return new Date(dayStartUtc(cal, day) + cal.settings.workEnd * MINUTE);
}

/** The local date (YYYY-MM-DD) of an instant in this calendar's time zone. */
export const localDate = (cal: WorkingCalendar, at: Date) => isoDate(localDay(cal, at.getTime()));
