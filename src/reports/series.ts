import { sql } from 'kysely';
import type { Actor, Executor } from '../services/context.ts';
import { categoryLabels, channelLabels, label } from './labels.ts';
import { localDaySql, localMonthSql, periodsOf, ratio, type Window } from './period.ts';
import { type AnalyticsFilters, orderHasProduct, orderSellers, scopedCaseIds, scopedCases } from './scope.ts';

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
  const caseRows = await scopedCases(db, actor, f)
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

/** SLA clocks falling due per day or month: met in time, breached, attainment. */
export async function slaSeries(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window, g: Granularity, now: Date) {
  const rows = await db
    .selectFrom('case_sla')
    .select([
      bucket(g, 'due_at').as('period'),
      sql<string>`count(*) filter (where met_at is not null and met_at <= due_at and breached_at is null)`.as('met'),
      sql<string>`count(*) filter (where breached_at is not null or met_at > due_at
        or (met_at is null and coalesce(cancelled_at, ${now}) > due_at))`.as('breached'),
    ])
    .where('case_id', 'in', scopedCaseIds(db, actor, f))
    .where('due_at', '>=', w.start)
    .where('due_at', '<', w.end)
    .groupBy('period')
    .execute();
  return periodsOf(w, g).map((period) => {
    const r = rows.find((x) => x.period === period);
    const met = n(r?.met);
    const breached = n(r?.breached);
    return { period, due: met + breached, met, breached, attainment: ratio(met, met + breached) };
  });
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

/** Cases of the window by one dimension, biggest first. */
export async function breakdown(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window, by: Dimension) {
  const rows = await scopedCases(db, actor, f)
    .select([
      sql.raw<string | null>(keyOf[by]).as('key'),
      sql.raw<string | null>(`max(${labelOf[by] ?? 'null'})`).as('name'),
      sql<string>`count(*)`.as('cases'),
    ])
    .where('cases.created_at', '>=', w.start)
    .where('cases.created_at', '<', w.end)
    .groupBy('key')
    .execute();
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
    .sort((a, b) => b.cases - a.cases || a.label.localeCompare(b.label, 'zh-CN'));
}
