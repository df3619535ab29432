import { sql } from 'kysely';
import type { Actor, Executor } from '../services/context.ts';
import { similarityTerms } from '../text/similarity.ts';
import { label, rootCauseLabels } from './labels.ts';
import { ratio, type Window } from './period.ts';
import { rollupByDay, usesRollup } from './rollup.ts';
import { type AnalyticsFilters, scopedCases } from './scope.ts';

const n = (v: unknown) => Number(v ?? 0);
/** Texts read per category for its top terms, and case ids returned behind a bar. */
const TEXTS_PER_CATEGORY = 30;
const IDS_PER_CATEGORY = 200;

const closedIn = (db: Executor, actor: Actor, f: AnalyticsFilters, w: Window) =>
  scopedCases(db, actor, f)
    .where('cases.closed_at', '>=', w.start)
    .where('cases.closed_at', '<', w.end)
    .where('cases.root_cause_category', 'is not', null);

/** The most frequent words of the root-cause notes (jieba terms without stop words). */
export function topTerms(texts: string[], limit = 5): string[] {
  const counts = new Map<string, number>();
  for (const t of texts) for (const term of similarityTerms(t)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
    .slice(0, limit)
    .map(([term]) => term);
}

/** Closed cases per root-cause category from the rollup (metrics root_cause[_accidental|_systemic]:<category>). */
async function rollupGroup(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window) {
  const out = new Map<string, { category: string; cases: number; accidental: number; systemic: number }>();
  for (const r of await rollupByDay(db, actor, f, w, { metricPrefix: 'root_cause' })) {
    const [kind, category] = r.metric.split(':') as [string, string];
    const g = out.get(category) ?? { category, cases: 0, accidental: 0, systemic: 0 };
    out.set(category, g);
    if (kind === 'root_cause') g.cases += r.v;
    else if (kind === 'root_cause_accidental') g.accidental += r.v;
    else if (kind === 'root_cause_systemic') g.systemic += r.v;
  }
  return [...out.values()].filter((g) => g.cases > 0);
}

/**
 * Root-cause Pareto of the cases closed in the window (root causes are recorded at close): biggest category
 * first with its cumulative share, accidental vs systemic, the previous window's count, top terms, and the cases.
 */
export async function rootCausePareto(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window, prev: Window) {
  const group = usesRollup(f) ? (win: Window) => rollupGroup(db, actor, f, win) : (win: Window) => rawGroup(win);
  const rawGroup = (win: Window) =>
    closedIn(db, actor, f, win)
      .select([
        sql<string>`cases.root_cause_category`.as('category'),
        sql<string>`count(*)`.as('cases'),
        sql<string>`count(*) filter (where cases.root_cause_type = 'accidental')`.as('accidental'),
        sql<string>`count(*) filter (where cases.root_cause_type = 'systemic')`.as('systemic'),
      ])
      .groupBy('cases.root_cause_category')
      .execute();
  const [now, before] = await Promise.all([group(w), group(prev)]);
  const total = now.reduce((a, r) => a + n(r.cases), 0);
  now.sort((a, b) => n(b.cases) - n(a.cases) || a.category.localeCompare(b.category));
  let running = 0;
  const items = [];
  for (const r of now) {
    const cases = n(r.cases);
    running += cases;
    const behind = await closedIn(db, actor, f, w)
      .select(['cases.id', 'cases.root_cause_text'])
      .where('cases.root_cause_category', '=', r.category)
      .orderBy('cases.closed_at', 'desc')
      .limit(IDS_PER_CATEGORY)
      .execute();
    const previousCases = n(before.find((b) => b.category === r.category)?.cases);
    items.push({
      category: r.category,
      label: label(rootCauseLabels, r.category),
      cases,
      share: ratio(cases, total) ?? 0,
      cumulativeShare: ratio(running, total) ?? 0,
      accidental: n(r.accidental),
      systemic: n(r.systemic),
      previousCases,
      change: cases - previousCases,
      topTerms: topTerms(
        behind
          .slice(0, TEXTS_PER_CATEGORY)
          .map((b) => b.root_cause_text ?? '')
          .filter(Boolean),
      ),
      caseIds: behind.slice(0, IDS_PER_CATEGORY).map((b) => b.id),
    });
  }
  return items;
}
