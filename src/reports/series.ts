import { sql } from 'kysely';
import type { Actor, Executor } from '../services/context.ts';
import { categoryLabels, channelLabels, label } from './labels.ts';
import { localDaySql, localMonthSql, periodsOf, ratio, type Window } from './period.ts';
import { dueOutcomes, type RollupKey, rollupByDay, usesRollup } from './rollup.ts';
import { type AnalyticsFilters, ofScopedCase, orderHasProduct, orderSellers, scopedCases } from './scope.ts';

export type Granularity = 'day' | 'month';
const n = (v: unknown) => Number(v ?? 0);
const bucket = (g: Granularity, column: string) => sql.raw(g === 'day' ? localDaySql(column) : localMonthSql(column));

/** Orders and cases per day or month, and the complaint rate per 1,000 orders. */
export async function complaintRateSeries(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window, g: Granularity) {
  const sellers = await orderSellers(db, actor, f);
  const orderRows = sellers.length
    ? f.product
      ? await db
          .selectFrom('orders')
          .select([bucket(g, 'orders.placed_at').as('period'), sql<string>`count(*)`.as('n')])
          .where('tenant_id', 'in', sellers)
          .where('placed_at', '>=', w.start)
          .where('placed_at', '<', w.end)
          .where(orderHasProduct(f.product))
          .groupBy('period')
          .execute()
      : await db
          .selectFrom('analytics_order_days')
          .select([
            sql.raw<string>(g === 'day' ? `to_char(day, 'YYYY-MM-DD')` : `to_char(day, 'YYYY-MM')`).as('period'),
            sql<string>`sum(orders)`.as('n'),
          ])
          .where('tenant_id', 'in', sellers)
          .where('day', '>=', w.from)
          .where('day', '<=', w.to)
          .groupBy('period')
          .execute()
    : [];
  const caseRows = usesRollup(f)
    ? rollupPeriods(await rollupByDay(db, actor, f, w, { metrics: ['cases'] }), g)
    : await scopedCases(db, actor, f)
        .select([bucket(g, 'cases.created_at').as('period'), sql<string>`count(*)`.as('n')])
        .where('cases.created_at', '>=', w.start)
        .where('cases.created_at', '<', w.end)
        .groupBy('period')
        .execute();
  const get = (rows: { period: unknown; n: string }[], p: string) => n(rows.find((r) => r.period === p)?.n);
  return periodsOf(w, g).map((period) => {
    const orders = get(orderRows, period);
    const cases = get(caseRows, period);
    return { period, orders, cases, ratePer1000: ratio(cases * 1000, orders, 2) };
  });
}

/** Rollup rows summed per day or month, as `{ period, n }`. */
function rollupPeriods(rows: { day: string; v: number }[], g: Granularity) {
  const out = new Map<string, number>();
  for (const r of rows) {
    const p = g === 'day' ? r.day : r.day.slice(0, 7);
    out.set(p, (out.get(p) ?? 0) + r.v);
  }
  return [...out].map(([period, v]) => ({ period, n: String(v) }));
}

/** SLA clocks falling due per day or month: met in time, breached, attainment. */
export async function slaSeries(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window, g: Granularity, now: Date) {
  const rows = usesRollup(f) ? await rollupSla(db, actor, f, w, g, now) : await rawSla(db, actor, f, w, g, now);
  return periodsOf(w, g).map((period) => {
    const r = rows.find((x) => x.period === period);
    const met = n(r?.met);
    const breached = n(r?.breached);
    return { period, due: met + breached, met, breached, attainment: ratio(met, met + breached) };
  });
}

async function rollupSla(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window, g: Granularity, now: Date) {
  const rows = await rollupByDay(db, actor, f, w, { metricPrefix: 'sla_' });
  const { met, late } = await dueOutcomes(db, actor, f, rows, 'case_sla', now);
  const byPeriod = new Map<string, { period: string; met: number; breached: number }>();
  const at = (day: string) => {
    const period = g === 'day' ? day : day.slice(0, 7);
    const r = byPeriod.get(period) ?? { period, met: 0, breached: 0 };
    byPeriod.set(period, r);
    return r;
  };
  for (const [day, v] of met) at(day).met += v;
  for (const [day, v] of late) at(day).breached += v;
  return [...byPeriod.values()];
}

async function rawSla(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window, g: Granularity, now: Date) {
  return db
    .selectFrom('case_sla')
    .select([
      bucket(g, 'due_at').as('period'),
      sql<string>`count(*) filter (where met_at is not null and met_at <= due_at and breached_at is null)`.as('met'),
      sql<string>`count(*) filter (where breached_at is not null or met_at > due_at
        or (met_at is null and coalesce(cancelled_at, ${now}) > due_at))`.as('breached'),
    ])
    .where(ofScopedCase(db, actor, f, 'case_sla'))
    .where('due_at', '>=', w.start)
    .where('due_at', '<', w.end)
    .groupBy('period')
    .execute();
}

export type Dimension = 'category' | 'channel' | 'respondent' | 'department' | 'person' | 'product';
const keyOf: Record<Dimension, string> = {
  category: 'cases.category',
  channel: 'cases.channel',
  respondent: 'cases.respondent_tenant_id::text',
  department: 'cases.department_id::text',
  person: 'cases.assignee_id::text',
  product: `(select o.items->0->>'name' from orders o where o.id = cases.order_id)`,
};
const labelOf: Partial<Record<Dimension, string>> = {
  respondent: '(select t.name from tenants t where t.id = cases.respondent_tenant_id)',
  department: '(select d.name from departments d where d.id = cases.department_id)',
  person: '(select u.display_name from users u where u.id = cases.assignee_id)',
};

const rollupKeyOf: Record<Exclude<Dimension, 'product'>, RollupKey> = {
  category: 'category',
  channel: 'channel',
  respondent: 'respondent_tenant_id',
  department: 'department_id',
  person: 'assignee_id',
};

/** Cases of the window per dimension value from the rollup, with the names of organisations, departments, people. */
async function rollupBreakdown(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window, by: Dimension) {
  const sums = new Map<string | null, number>();
  for (const r of await rollupByDay(db, actor, f, w, {
    metrics: ['cases'],
    key: rollupKeyOf[by as Exclude<Dimension, 'product'>],
  }))
    sums.set(r.key, (sums.get(r.key) ?? 0) + r.v);
  const ids = [...sums].filter(([k, v]) => k !== null && v > 0).map(([k]) => k as string);
  const names = new Map<string, string>();
  if (ids.length && (by === 'respondent' || by === 'department' || by === 'person')) {
    const table = by === 'respondent' ? 'tenants' : by === 'department' ? 'departments' : 'users';
    const nameColumn = by === 'person' ? 'display_name' : 'name';
    const rows = await db
      .selectFrom(table)
      .select(['id', sql.ref<string>(nameColumn).as('name')])
      .where('id', 'in', ids)
      .execute();
    for (const r of rows) names.set(r.id, r.name);
  }
  return [...sums]
    .filter(([, v]) => v > 0)
    .map(([key, v]) => ({ key, name: key === null ? null : (names.get(key) ?? null), cases: String(v) }));
}

/** Cases of the window by one dimension, biggest first. */
export async function breakdown(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window, by: Dimension) {
  const rows =
    by !== 'product' && usesRollup(f)
      ? await rollupBreakdown(db, actor, f, w, by)
      : await rawBreakdown(db, actor, f, w, by);
  const total = rows.reduce((a, r) => a + n(r.cases), 0);
  const none = by === 'product' ? '无关联订单' : by === 'category' ? '未分类' : '未分配';
  const text = (r: { key: string | null; name: string | null }) =>
    by === 'category'
      ? label(categoryLabels, r.key, none)
      : by === 'channel'
        ? label(channelLabels, r.key, none)
        : r.key === null
          ? none
          : (r.name ?? r.key);
  return rows
    .map((r) => ({ key: r.key, label: text(r), cases: n(r.cases), share: ratio(n(r.cases), total) ?? 0 }))
    .sort(
      (a, b) =>
        b.cases - a.cases || a.label.localeCompare(b.label, 'zh-CN') || String(a.key).localeCompare(String(b.key)),
    );
}

async function rawBreakdown(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window, by: Dimension) {
  return scopedCases(db, actor, f)
    .select([
      sql.raw<string | null>(keyOf[by]).as('key'),
      sql.raw<string | null>(`max(${labelOf[by] ?? 'null'})`).as('name'),
      sql<string>`count(*)`.as('cases'),
    ])
    .where('cases.created_at', '>=', w.start)
    .where('cases.created_at', '<', w.end)
    .groupBy('key')
    .execute();
}
