import { sql } from 'kysely';
import { calendars, type HoursInput, hoursInputs, hoursOf } from '../services/case-hours.ts';
import type { Actor, Executor } from '../services/context.ts';
import { caseVisibleTo } from '../services/scope.ts';
import { spread, spreadAt, spreadRanks, type Window } from './period.ts';
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
  const inWindow = scopedCases(db, actor, f)
    .where('cases.created_at', '>=', w.start)
    .where('cases.created_at', '<', w.end);
  // One index-only scan of the period: the count, the stale count and the values at the nearest ranks. The
  // database's percentile_disc(p) reads rank ceil(p·n) like spread() does: p90 = 0.9; the median's lower middle is
  // 0.5 ascending, its upper middle (even n) 0.5 descending (rank n/2 from the top = n/2 + 1 from the bottom).
  const pick = (column: 'first_response_wh' | 'resolution_wh') => {
    const c = sql.ref(`cases.${column}`);
    const only = sql`filter (where not cases.working_hours_stale and ${c} is not null)`;
    return [
      sql<string>`count(${c}) ${only}`.as(`${column}_n`),
      sql<number | null>`percentile_disc(0.5) within group (order by ${c}) ${only}`.as(`${column}_lo`),
      sql<number | null>`percentile_disc(0.5) within group (order by ${c} desc) ${only}`.as(`${column}_hi`),
      sql<number | null>`percentile_disc(0.9) within group (order by ${c}) ${only}`.as(`${column}_p90`),
    ];
  };
  const v = await inWindow
    .select([
      sql<string>`count(*) filter (where cases.working_hours_stale)`.as('stale'),
      ...pick('first_response_wh'),
      ...pick('resolution_wh'),
    ])
    .executeTakeFirstOrThrow();
  if (Number(v.stale) === 0) {
    const at = (count: number, lo: unknown, hi: unknown, p90: unknown) => {
      const r = spreadRanks(count);
      return spreadAt(count, (rank) =>
        Number(rank === r.p90 ? p90 : rank === r.median[0] ? lo : rank === r.median[1] ? hi : Number.NaN),
      );
    };
    const r = v as unknown as Record<string, unknown>;
    const of = (column: string) =>
      at(Number(r[`${column}_n`]), r[`${column}_lo`], r[`${column}_hi`], r[`${column}_p90`]);
    return { firstResponse: of('first_response_wh'), resolution: of('resolution_wh') };
  }
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
