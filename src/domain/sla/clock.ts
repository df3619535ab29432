import { addWorkingDays, addWorkingMs, type WorkingCalendar, workingMsBetween } from '../calendar/working-calendar.ts';
import type { TargetSpec } from './policy.ts';

/**
 * One SLA clock. Working clocks count only working time (calendar, business hours); calendar clocks count
 * every minute (e.g. a platform's "48 hours"). A paused clock keeps what was left and starts from there again.
 */
export interface ClockState {
  clock: 'working' | 'calendar';
  startedAt: Date;
  budgetMinutes: number;
  dueAt: Date | null;
  warnAt: Date | null;
  pausedAt: Date | null;
  leftAtPauseMs: number | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  metAt: Date | null;
  cancelledAt: Date | null;
}

const MINUTE = 60_000;
/** Warn when 80 % of a target's time is used (issue 6). */
export const WARN_FRACTION = 0.8;

const elapsed = (cal: WorkingCalendar, clock: ClockState['clock'], a: Date, b: Date) =>
  clock === 'working' ? workingMsBetween(cal, a, b) : b.getTime() - a.getTime();
const advance = (cal: WorkingCalendar, clock: ClockState['clock'], from: Date, ms: number) =>
  clock === 'working' ? addWorkingMs(cal, from, ms) : new Date(from.getTime() + ms);

/** Starts a clock at `at`; working days end at the close of business on the n-th working day after `at`. */
export function startClock(cal: WorkingCalendar, spec: TargetSpec, at: Date): ClockState {
  const clock = spec.unit === 'calendar_hours' ? 'calendar' : 'working';
  let dueAt: Date;
  if (spec.unit === 'working_days') dueAt = addWorkingDays(cal, at, spec.amount);
  else {
    const minutes = spec.unit === 'working_minutes' ? spec.amount : spec.amount * 60;
    dueAt = advance(cal, clock, at, minutes * MINUTE);
  }
  const budgetMs = Math.max(MINUTE, elapsed(cal, clock, at, dueAt));
  return {
    clock,
    startedAt: at,
    budgetMinutes: Math.round(budgetMs / MINUTE),
    dueAt,
    warnAt: advance(cal, clock, at, budgetMs * WARN_FRACTION),
    pausedAt: null,
    leftAtPauseMs: null,
    warnedAt: null,
    breachedAt: null,
    metAt: null,
    cancelledAt: null,
  };
}

const isOpen = (s: ClockState) => !s.metAt && !s.cancelledAt;

export function pauseClock(cal: WorkingCalendar, s: ClockState, now: Date): ClockState {
  if (!isOpen(s) || s.pausedAt || !s.dueAt) return s;
  return { ...s, pausedAt: now, leftAtPauseMs: elapsed(cal, s.clock, now, s.dueAt), dueAt: null, warnAt: null };
}

/** Resumes with the time that was left; a clock already breached stays breached (its due time is in the past). */
export function resumeClock(cal: WorkingCalendar, s: ClockState, now: Date): ClockState {
  if (!isOpen(s) || !s.pausedAt) return s;
  const left = s.leftAtPauseMs ?? 0;
  const dueAt = left > 0 ? advance(cal, s.clock, now, left) : new Date(now.getTime() + left);
  const warnLeft = left - s.budgetMinutes * MINUTE * (1 - WARN_FRACTION);
  const warnAt = warnLeft > 0 ? advance(cal, s.clock, now, warnLeft) : now;
  return { ...s, pausedAt: null, leftAtPauseMs: null, dueAt, warnAt };
}

/** When the sweep must look at this clock next: the warning, then the breach; never once met, paused or breached. */
export function nextCheck(s: ClockState): Date | null {
  if (!isOpen(s) || s.pausedAt || s.breachedAt) return null;
  return s.warnedAt ? s.dueAt : s.warnAt;
}

export interface ClockReading {
  dueAt: string | null;
  usedMinutes: number;
  leftMinutes: number;
  paused: boolean;
  breached: boolean;
  warned: boolean;
  met: boolean;
}

/** What the API shows: time used and left (negative when late), read at `now`. */
export function readClock(cal: WorkingCalendar, s: ClockState, now: Date): ClockReading {
  const end = s.metAt ?? s.cancelledAt ?? now;
  let leftMs: number;
  if (s.pausedAt) leftMs = s.leftAtPauseMs ?? 0;
  else leftMs = s.dueAt ? elapsed(cal, s.clock, end, s.dueAt) : 0;
  const leftMinutes = Math.trunc(leftMs / MINUTE);
  return {
    dueAt: s.dueAt?.toISOString() ?? null,
    usedMinutes: s.budgetMinutes - leftMinutes,
    leftMinutes,
    paused: s.pausedAt !== null,
    breached: s.breachedAt !== null || leftMs < 0,
    warned: s.warnedAt !== null,
    met: s.metAt !== null,
  };
}
