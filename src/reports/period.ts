import { AppError } from '../domain/errors.ts';

/**
 * Report periods are Asia/Shanghai calendar days, inclusive at both ends ("2026-10-01".."2026-10-31").
 * China keeps one offset without daylight saving, so local midnight is always 16:00 UTC the day before.
 */
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** Longest period one request may cover (a daily series of three years is 1,096 points). */
const MAX_DAYS = 1096;

export interface Window {
  from: string;
  to: string;
  /** [start, end) as instants. */
  start: Date;
  end: Date;
  days: number;
}

const dayNumber = (date: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date)
    throw new AppError('VALIDATION_FAILED', { field: 'date', value: date });
  return t / DAY_MS;
};
export const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** The Asia/Shanghai calendar day of an instant. */
export const localDate = (at: Date) => isoDay(Math.floor((at.getTime() + OFFSET_MS) / DAY_MS));
export const localMonth = (at: Date) => localDate(at).slice(0, 7);

function windowOfDays(first: number, last: number): Window {
  return {
    from: isoDay(first),
    to: isoDay(last),
    start: new Date(first * DAY_MS - OFFSET_MS),
    end: new Date((last + 1) * DAY_MS - OFFSET_MS),
    days: last - first + 1,
  };
}

/** The requested period; by default the 30 days up to and including today. */
export function windowOf(q: { from?: string | undefined; to?: string | undefined }, now: Date): Window {
  const last = q.to ? dayNumber(q.to) : dayNumber(localDate(now));
  const first = q.from ? dayNumber(q.from) : last - 29;
  if (first > last) throw new AppError('VALIDATION_FAILED', { from: q.from, to: q.to, reason: 'from is after to' });
  if (last - first + 1 > MAX_DAYS)
    throw new AppError('VALIDATION_FAILED', { reason: 'period too long', maxDays: MAX_DAYS });
  return windowOfDays(first, last);
}

/** The period of equal length just before. */
export function previousWindow(w: Window): Window {
  const first = dayNumber(w.from);
  return windowOfDays(first - w.days, first - 1);
}

/** A calendar month "2026-10" as a window, and the month before it. */
export function monthWindow(month: string): Window {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new AppError('VALIDATION_FAILED', { field: 'month', value: month });
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const first = Date.UTC(y, mo - 1, 1) / DAY_MS;
  const last = Date.UTC(y, mo, 1) / DAY_MS - 1;
  return windowOfDays(first, last);
}
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Every day or month label of the window, in order, so a series has no gaps. */
export function periodsOf(w: Window, granularity: 'day' | 'month'): string[] {
  const out: string[] = [];
  for (let d = dayNumber(w.from); d <= dayNumber(w.to); d++) {
    const label = granularity === 'day' ? isoDay(d) : isoDay(d).slice(0, 7);
    if (out[out.length - 1] !== label) out.push(label);
  }
  return out;
}

/** SQL expression text for the local day / month of a timestamptz column (same on PGlite and PostgreSQL). */
export const localDaySql = (column: string) =>
  `to_char((${column} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;
export const localMonthSql = (column: string) =>
  `to_char((${column} at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`;

/** The 1-based ranks in the sorted values that the median and the p90 (nearest rank) read. */
export function spreadRanks(count: number) {
  const mid = Math.floor(count / 2);
  return {
    median: count % 2 ? [mid + 1] : [mid, mid + 1],
    p90: Math.max(0, Math.ceil(0.9 * count) - 1) + 1,
  };
}

/** Median and p90 from the values at those ranks, rounded to 0.01; null for no values. */
export function spreadAt(count: number, at: (rank: number) => number) {
  if (count === 0) return { median: null, p90: null, count: 0 };
  const r = spreadRanks(count);
  const median =
    r.median.length === 1 ? at(r.median[0] as number) : (at(r.median[0] as number) + at(r.median[1] as number)) / 2;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { median: round(median), p90: round(at(r.p90)), count };
}

/** Median and 90th percentile (nearest rank), rounded to 0.01; null for no values. */
export function spread(values: number[]) {
  const v = [...values].sort((a, b) => a - b);
  return spreadAt(v.length, (rank) => v[rank - 1] as number);
}

export const ratio = (n: number, d: number, digits = 4) =>
  d === 0 ? null : Math.round((n / d) * 10 ** digits) / 10 ** digits;
