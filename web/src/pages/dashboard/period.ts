/** Reporting periods as Asia/Shanghai calendar days, and the queue links behind a chart. */
import { formatDate } from '../../format.ts';

export interface Period {
  from: string;
  to: string;
}

/** Today in Beijing as YYYY-MM-DD. */
export function todayShanghai(now = new Date()): string {
  return formatDate(now.toISOString());
}

/** YYYY-MM-DD shifted by whole days (calendar arithmetic, no time zone involved). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

/** The last `days` days up to and including today (Beijing). */
export function lastDays(days: number, now = new Date()): Period {
  const to = todayShanghai(now);
  return { from: addDays(to, -(days - 1)), to };
}

/** The instant a Beijing day starts, as ISO (UTC). */
export function dayStartIso(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

/** A chart period ('2026-10-01' or '2026-10') as Beijing days [from, to]. */
export function periodDays(period: string): Period {
  if (/^\d{4}-\d{2}$/.test(period)) {
    const [y, m] = period.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    return { from: `${period}-01`, to: last };
  }
  return { from: period, to: period };
}

/**
 * The cases behind a chart: the work queue /queue?… with the case-list filters of GET /cases (same names), created
 * within the Beijing days of `period` (createdTo is exclusive: the start of the day after). Any status: no `open`.
 */
export function queueLink(filters: Record<string, string | boolean | undefined>, period?: Period): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '') qs.set(k, String(v));
  if (period) {
    qs.set('createdFrom', dayStartIso(period.from));
    qs.set('createdTo', dayStartIso(addDays(period.to, 1)));
  }
  return `/queue?${qs.toString()}`;
}
