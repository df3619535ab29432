/**
 * The responsibility ledger (责任台账, issue 5 item 10): the figures one closed case contributes, and the
 * per-person / per-department summary used for rewards, penalties and the zero-complaint ranking. Pure rules.
 */

export interface ClockOutcome {
  dueAt: Date | null;
  metAt: Date | null;
  breachedAt: Date | null;
  cancelledAt: Date | null;
}

/**
 * Closed within its SLA: no clock breached, none was met after its due time, and none was left running past its
 * due time until closing cancelled it (the sweep may not have marked that breach yet). A case with no clocks (no
 * matching SLA policy) has no on-time figure (null), so it neither helps nor hurts the rate.
 */
export function closedOnTime(clocks: ClockOutcome[]): boolean | null {
  if (clocks.length === 0) return null;
  return clocks.every((c) => {
    if (c.breachedAt) return false;
    if (!c.dueAt) return true;
    const end = c.metAt ?? c.cancelledAt;
    return end === null || end.getTime() <= c.dueAt.getTime();
  });
}

/** Unkept promises at close: those marked broken and those still open when the case closed. */
export function unkeptPromises(states: string[]): number {
  return states.filter((s) => s === 'broken' || s === 'open').length;
}

/** Sums of ledger lines for one person or department over a period (the database adds them up). */
export interface LedgerTotals {
  cases: number;
  /** Lines with an on-time figure (the case had SLA clocks), and how many of them were on time. */
  timed: number;
  onTime: number;
  /** Lines with a satisfaction rating, and the sum of the ratings. */
  rated: number;
  ratingSum: number;
  unkeptPromises: number;
}

export interface ResponsibilitySummary {
  cases: number;
  onTimeRate: number | null;
  averageSatisfaction: number | null;
  ratedCases: number;
  unkeptPromises: number;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Rates over the cases that have the figure; null when none has it (not 0, which would read as failure). */
export function summarize(t: LedgerTotals): ResponsibilitySummary {
  return {
    cases: t.cases,
    onTimeRate: t.timed ? round(t.onTime / t.timed, 4) : null,
    averageSatisfaction: t.rated ? round(t.ratingSum / t.rated, 2) : null,
    ratedCases: t.rated,
    unkeptPromises: t.unkeptPromises,
  };
}

export const emptyTotals: LedgerTotals = { cases: 0, timed: 0, onTime: 0, rated: 0, ratingSum: 0, unkeptPromises: 0 };

const DAY_MS = 86_400_000;

/**
 * Zero-complaint streak (零投诉天数): whole days from the last case a person was responsible for to `asOf`;
 * null when they never had one (the ranking puts them first with "no complaint yet").
 */
export function zeroComplaintDays(lastCaseAt: Date | null, asOf: Date): number | null {
  if (!lastCaseAt) return null;
  return Math.max(0, Math.floor((asOf.getTime() - lastCaseAt.getTime()) / DAY_MS));
}
