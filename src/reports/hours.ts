import { calendars, type HoursInput, hoursInputs, hoursOf } from '../services/case-hours.ts';
import type { Actor, Executor } from '../services/context.ts';
import { caseVisibleTo } from '../services/scope.ts';
import { spread, type Window } from './period.ts';
import { type AnalyticsFilters, caseFilter, scopedCases } from './scope.ts';

const inputsOf = (db: Executor, actor: Actor, f: AnalyticsFilters, w: Window) =>
  hoursInputs(db)
    .where(caseVisibleTo(actor))
    .where(caseFilter(f))
    .where('cases.created_at', '>=', w.start)
    .where('cases.created_at', '<', w.end);

async function compute(db: Executor, rows: HoursInput[]) {
  const cal = calendars(db);
  const out = [];
  for (const r of rows) out.push(hoursOf(await cal(r.tenant_id), r));
  return out;
}

const spreads = (rows: { first_response_wh: number | null; resolution_wh: number | null }[]) => ({
  firstResponse: spread(rows.flatMap((r) => (r.first_response_wh === null ? [] : [r.first_response_wh]))),
  resolution: spread(rows.flatMap((r) => (r.resolution_wh === null ? [] : [r.resolution_wh]))),
});

/**
 * Median / p90 of the working hours to first response and to resolution of the cases filed in the window, read
 * from the values stored on the cases (covering indexes of 0017: an index-only scan of the period); cases whose
 * hours are stale (not recorded yet) are computed here, so the answer never depends on the backfill.
 */
export async function storedHours(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window) {
  const [fresh, stale] = await Promise.all([
    scopedCases(db, actor, f)
      .select(['cases.first_response_wh', 'cases.resolution_wh'])
      .where('cases.created_at', '>=', w.start)
      .where('cases.created_at', '<', w.end)
      .where('cases.working_hours_stale', '=', false)
      .where((eb) => eb.or([eb('cases.first_response_wh', 'is not', null), eb('cases.resolution_wh', 'is not', null)]))
      .execute(),
    inputsOf(db, actor, f, w).where('cases.working_hours_stale', '=', true).execute(),
  ]);
  return spreads([...fresh, ...(await compute(db, stale))]);
}

/** The same computed from the timestamps of every case of the window (the reference path, and the product filter). */
export async function computedHours(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window) {
  return spreads(await compute(db, await inputsOf(db, actor, f, w).execute()));
}
