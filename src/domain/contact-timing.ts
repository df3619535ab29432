import { isWorkingDate, type WorkingCalendar } from './calendar/working-calendar.ts';
import { type ContactRegion, contactRegion } from './contact-region.ts';

/**
 * When to call a complainant (联系时间). Domain rule (docs/domain.md, "Speed and time"): call when the buyer is
 * likely free, judging from region and working hours, and do not call too often. Kesu never suggests a call after
 * 21:00 in the complainant's local time, whatever the tenant configures, and at most `maxCallsPerDay` outbound
 * calls on one local day. Pure: `now`, the calls already made and the calendar are passed in.
 */
export interface ContactTimingSettings {
  /** Minutes after local midnight: default 540 (09:00) to 1260 (21:00). The end is capped at 21:00. */
  windowStart: number;
  windowEnd: number;
  maxCallsPerDay: number;
  /** Only on working days (the Chinese statutory calendar with 调休 in mainland China, Mon–Fri elsewhere). */
  workingDaysOnly: boolean;
  /** Used when neither phone nor address tells the region (mainland mobile numbers). */
  defaultTimeZone: string;
}

export const LATEST_CALL_MINUTE = 21 * 60;
export const defaultContactTimingSettings: ContactTimingSettings = {
  windowStart: 9 * 60,
  windowEnd: LATEST_CALL_MINUTE,
  maxCallsPerDay: 3,
  workingDaysOnly: false,
  defaultTimeZone: 'Asia/Shanghai',
};

export type ContactTimingReason =
  | 'WITHIN_CALLING_HOURS'
  | 'BEFORE_CALLING_HOURS'
  | 'AFTER_CALLING_HOURS'
  | 'NON_WORKING_DAY'
  | 'DAILY_CALL_LIMIT_REACHED';

export type CallWarning = 'OUTSIDE_CALLING_HOURS' | 'DAILY_CALL_LIMIT_REACHED';

export interface ContactTimingInput {
  now: Date;
  phone?: string | null | undefined;
  address?: string | null | undefined;
  settings: ContactTimingSettings;
  /** Start times of outbound calls already made to this complainant (any day; those on today's local date count). */
  outboundCalls: readonly Date[];
  /** The tenant's working calendar, for `workingDaysOnly` in mainland China. */
  calendar?: WorkingCalendar | undefined;
}

export interface ContactTimingAdvice {
  allowedNow: boolean;
  /** The earliest moment ≥ now at which a call is allowed: `now` itself when allowedNow. */
  nextWindowStart: Date;
  reason: ContactTimingReason;
  region: ContactRegion;
  timeZone: string;
  /** The complainant's local time now (HH:MM) and date. */
  localTime: string;
  localDate: string;
  window: { start: string; end: string };
  callsToday: number;
  maxCallsPerDay: number;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A window the tenant may set: start before end, neither before 00:00 nor after 21:00; 1–20 calls a day. */
export function contactSettingsProblem(s: ContactTimingSettings): string | null {
  if (!(Number.isInteger(s.windowStart) && Number.isInteger(s.windowEnd))) return 'window must be whole minutes';
  if (s.windowStart < 0 || s.windowStart >= s.windowEnd) return 'window start must be before its end';
  if (s.windowEnd > LATEST_CALL_MINUTE) return 'no calls after 21:00';
  if (!Number.isInteger(s.maxCallsPerDay) || s.maxCallsPerDay < 1 || s.maxCallsPerDay > 20)
    return 'maxCallsPerDay must be 1–20';
  if (!isValidTimeZone(s.defaultTimeZone)) return 'unknown time zone';
  return null;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Local calendar date and minute of the day of an instant in a time zone. */
export function localParts(tz: string, t: number): { date: string; minutes: number; offsetMinutes: number } {
  const p = Object.fromEntries(
    formatter(tz)
      .formatToParts(new Date(t))
      .map((x) => [x.type, x.value]),
  );
  const [y, mo, d, h, mi, s] = [p.year, p.month, p.day, p.hour, p.minute, p.second].map(Number) as number[];
  const asUtc = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    minutes: (h as number) * 60 + (mi as number),
    offsetMinutes: Math.round((asUtc - Math.floor(t / 1000) * 1000) / MINUTE),
  };
}

/** The instant of a local date and minute in a time zone (two passes settle the offset across DST changes). */
export function instantOf(tz: string, date: string, minutes: number): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE;
  const first = wall - localParts(tz, wall).offsetMinutes * MINUTE;
  return new Date(wall - localParts(tz, first).offsetMinutes * MINUTE);
}

const nextDate = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function isCallDay(input: ContactTimingInput, region: ContactRegion, date: string): boolean {
  if (!input.settings.workingDaysOnly) return true;
  if (region.country === 'CN' && input.calendar) return isWorkingDate(input.calendar, date);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The window actually applied: the tenant's, cut at 21:00 (a stored setting can never push calls later). */
const windowOf = (s: ContactTimingSettings) => {
  const end = Math.min(s.windowEnd, LATEST_CALL_MINUTE);
  return { start: Math.min(s.windowStart, end - 1), end };
};

export function adviseContactTiming(input: ContactTimingInput): ContactTimingAdvice {
  const { now, settings } = input;
  const region = contactRegion(input.phone, input.address, settings.defaultTimeZone);
  const tz = region.timeZone;
  const w = windowOf(settings);
  const today = localParts(tz, now.getTime());
  const callsToday = input.outboundCalls.filter((c) => localParts(tz, c.getTime()).date === today.date).length;
  let reason: ContactTimingReason;
  if (!isCallDay(input, region, today.date)) reason = 'NON_WORKING_DAY';
  else if (callsToday >= settings.maxCallsPerDay) reason = 'DAILY_CALL_LIMIT_REACHED';
  else if (today.minutes < w.start) reason = 'BEFORE_CALLING_HOURS';
  else if (today.minutes >= w.end) reason = 'AFTER_CALLING_HOURS';
  else reason = 'WITHIN_CALLING_HOURS';

  let next = now;
  if (reason === 'BEFORE_CALLING_HOURS') next = instantOf(tz, today.date, w.start);
  else if (reason !== 'WITHIN_CALLING_HOURS') {
    // Later days start with no calls made; a long holiday (春节, 国庆) is at most 9 days, a year bounds the search.
    let d = nextDate(today.date, 1);
    for (let i = 0; i < 366 && !isCallDay(input, region, d); i++) d = nextDate(d, 1);
    next = instantOf(tz, d, w.start);
  }
  return {
    allowedNow: reason === 'WITHIN_CALLING_HOURS',
    nextWindowStart: next,
    reason,
    region,
    timeZone: tz,
    localTime: hhmm(today.minutes),
    localDate: today.date,
    window: { start: hhmm(w.start), end: hhmm(w.end) },
    callsToday,
    maxCallsPerDay: settings.maxCallsPerDay,
  };
}

/**
 * What to warn about when an agent logs a call. Only outbound calls are judged: a complainant who rings the
 * hotline at 22:00 chose the time. `earlierOutbound` are the calls made before this one.
 */
export function callWarnings(
  input: Omit<ContactTimingInput, 'now' | 'outboundCalls'> & {
    startedAt: Date;
    direction: 'inbound' | 'outbound';
    earlierOutbound: readonly Date[];
  },
): CallWarning[] {
  if (input.direction !== 'outbound') return [];
  const region = contactRegion(input.phone, input.address, input.settings.defaultTimeZone);
  const local = localParts(region.timeZone, input.startedAt.getTime());
  const w = windowOf(input.settings);
  const warnings: CallWarning[] = [];
  if (
    !isCallDay({ ...input, now: input.startedAt, outboundCalls: [] }, region, local.date) ||
    local.minutes < w.start ||
    local.minutes >= w.end
  )
    warnings.push('OUTSIDE_CALLING_HOURS');
  const sameDay = input.earlierOutbound.filter((c) => localParts(region.timeZone, c.getTime()).date === local.date);
  if (sameDay.length >= input.settings.maxCallsPerDay) warnings.push('DAILY_CALL_LIMIT_REACHED');
  return warnings;
}
