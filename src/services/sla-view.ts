import { chinaHolidays } from '../domain/calendar/holidays.ts';
import { defaultCalendarSettings, workingCalendar } from '../domain/calendar/working-calendar.ts';
import { type ClockReading, readClock } from '../domain/sla/clock.ts';
import type { SlaTarget } from '../domain/sla/policy.ts';
import type { CaseSlaRow } from './case-sla.ts';
import { stateOf } from './case-sla.ts';

export interface CaseSlaDto {
  policyId: string;
  targets: Partial<Record<SlaTarget, ClockReading>>;
  /** e.g. "CALENDAR_YEAR_UNKNOWN:2027": the statutory calendar for that year is not announced; Mon–Fri assumed. */
  warnings: string[];
}

const toDate = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

/** Builds the case's `sla` field from the JSON the case query selects (clocks and the owner's business hours). */
export function presentSla(clocks: unknown, settings: unknown, now: Date): CaseSlaDto | null {
  const list = clocks as Record<string, unknown>[] | null;
  if (!list?.length) return null;
  const s = settings as Record<string, number | null | string[]> | null;
  const cal = workingCalendar(
    chinaHolidays,
    s
      ? {
          workStart: s.work_start as number,
          workEnd: s.work_end as number,
          lunch:
            s.lunch_start !== null && s.lunch_end !== null
              ? { start: s.lunch_start as number, end: s.lunch_end as number }
              : null,
          closedDates: s.closed_dates as string[],
          utcOffsetMinutes: s.utc_offset_minutes as number,
        }
      : defaultCalendarSettings,
  );
  const targets: CaseSlaDto['targets'] = {};
  for (const j of list) {
    const row = {
      ...j,
      started_at: toDate(j.started_at),
      due_at: toDate(j.due_at),
      warn_at: toDate(j.warn_at),
      paused_at: toDate(j.paused_at),
      warned_at: toDate(j.warned_at),
      breached_at: toDate(j.breached_at),
      escalated_at: toDate(j.escalated_at),
      met_at: toDate(j.met_at),
      cancelled_at: toDate(j.cancelled_at),
      next_check_at: toDate(j.next_check_at),
      left_at_pause_ms: j.left_at_pause_ms === null ? null : Number(j.left_at_pause_ms),
    } as CaseSlaRow;
    targets[row.target as SlaTarget] = readClock(cal, stateOf(row), now);
  }
  return {
    policyId: String(list[0]?.policy_id),
    targets,
    warnings: [...cal.unknownYearsSeen].map((y) => `CALENDAR_YEAR_UNKNOWN:${y}`),
  };
}
