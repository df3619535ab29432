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
  const counts = await inWindow
    .select([
      sql<string>`count(*) filter (where not working_hours_stale and first_response_wh is not null)`.as('fr'),
      sql<string>`count(*) filter (where not working_hours_stale and resolution_wh is not null)`.as('rs'),
      sql<string>`count(*) filter (where working_hours_stale)`.as('stale'),
    ])
    .executeTakeFirstOrThrow();
  if (Number(counts.stale) === 0) {
    // Every case of the window has its hours stored: the values at the needed ranks, picked by the database
    // (percentile_disc at (rank - 0.5) / count lands exactly on that rank).
    const fr = Number(counts.fr);
    const rs = Number(counts.rs);
    const fractions = (count: number) => {
      if (count === 0) return [];
      const r = spreadRanks(count);
      return [...r.median, r.p90].map((rank) => (rank - 0.5) / count);
    };
    const pick = (column: 'first_response_wh' | 'resolution_wh', fs: number[]) =>
      fs.length === 0
        ? sql<number[] | null>`min(null::float8[])`
        : sql<
            number[] | null
          >`percentile_disc(${sql.val(fs)}::float8[]) within group (order by ${sql.ref(`cases.${column}`)})
            filter (where ${sql.ref(`cases.${column}`)} is not null)`;
    const v = await inWindow
      .select([pick('first_response_wh', fractions(fr)).as('fr'), pick('resolution_wh', fractions(rs)).as('rs')])
      .executeTakeFirstOrThrow();
    const at = (count: number, values: number[] | null) => {
      const ranks = count ? spreadRanks(count) : null;
      const order = ranks ? [...ranks.median, ranks.p90] : [];
      return spreadAt(count, (rank) => Number(values?.[order.indexOf(rank)]));
    };
    return { firstResponse: at(fr, v.fr), resolution: at(rs, v.rs) };
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
