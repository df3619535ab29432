import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor, Executor } from '../services/context.ts';
import { caseScopeColumns } from '../services/scope.ts';
import { localDate, type Window } from './period.ts';
import { type AnalyticsFilters, ofScopedCase } from './scope.ts';

/**
 * Reading the case rollup of migration 0017 (analytics_case_days: scope × dimensions × Asia/Shanghai day × metric,
 * kept in the writing transaction). Every filter but the product substring is a column of it; a product filter
 * reads the cases themselves (the raw path).
 */
export const usesRollup = (f: AnalyticsFilters) => !f.product && !f.raw;

export interface RollupRow {
  day: string;
  metric: string;
  key: string | null;
  v: number;
}

export type RollupKey = 'category' | 'channel' | 'respondent_tenant_id' | 'department_id' | 'assignee_id';

const rollupColumn = {
  'cases.platform_tenant_id': 'analytics_case_days.platform_tenant_id',
  'cases.respondent_tenant_id': 'analytics_case_days.respondent_tenant_id',
  'cases.ops_tenant_id': 'analytics_case_days.ops_tenant_id',
} as const;

/** Rollup rows of the organisation's scope (the same columns as caseVisibleTo) and the filters. */
export function rollupScope(actor: Actor, f: AnalyticsFilters) {
  const t = actor.tenantId;
  const columns = caseScopeColumns(actor).map((c) => rollupColumn[c]);
  return (eb: ExpressionBuilder<DB, 'analytics_case_days'>) =>
    eb.and([
      eb.or(columns.map((c) => eb(c, '=', t))),
      ...(f.respondentTenantId ? [eb('analytics_case_days.respondent_tenant_id', '=', f.respondentTenantId)] : []),
      ...(f.category ? [eb('analytics_case_days.category', '=', f.category)] : []),
      ...(f.channel ? [eb('analytics_case_days.channel', '=', f.channel)] : []),
      ...(f.departmentId ? [eb('analytics_case_days.department_id', '=', f.departmentId)] : []),
      ...(f.personId ? [eb('analytics_case_days.assignee_id', '=', f.personId)] : []),
    ]);
}

/** Sums per day and metric (optionally per dimension too) of the window, metrics optionally by prefix. */
export async function rollupByDay(
  db: Executor,
  actor: Actor,
  f: AnalyticsFilters,
  w: { from: string; to: string },
  o: { metricPrefix?: string; metrics?: string[]; key?: RollupKey } = {},
): Promise<RollupRow[]> {
  const key = o.key ? sql.raw<string | null>(`${o.key}::text`) : sql<string | null>`null::text`;
  const rows = await db
    .selectFrom('analytics_case_days')
    .select([
      sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'),
      'metric',
      key.as('key'),
      sql<string>`sum(value)`.as('v'),
    ])
    .where(rollupScope(actor, f))
    .where('day', '>=', w.from)
    .where('day', '<=', w.to)
    .$if(!!o.metricPrefix, (q) => q.where('metric', 'like', `${o.metricPrefix}%`))
    .$if(!!o.metrics, (q) => q.where('metric', 'in', o.metrics as string[]))
    .groupBy(['day', 'metric', 'key'])
    .execute();
  return rows.map((r) => ({ day: r.day, metric: r.metric, key: r.key, v: Number(r.v) }));
}

/** Sums of rows per `group(row)|metric`. */
export function sumBy(rows: RollupRow[], group: (r: RollupRow) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const k = `${group(r)}|${r.metric}`;
    out.set(k, (out.get(k) ?? 0) + r.v);
  }
  return out;
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const HOUR = 3_600_000;

/**
 * Met in time and late, per day of the due time, for SLA clocks or promises. Outcomes that depend on "now" (a
 * clock still running, a promise still open) are late once their due time has passed: every such row of a day
 * before today is late, none of a day after today; today's are counted from the rows themselves (few).
 */
export async function dueOutcomes(
  db: Executor,
  actor: Actor,
  f: AnalyticsFilters,
  rows: RollupRow[],
  table: 'case_sla' | 'promises',
  now: Date,
) {
  const [metM, lateM, pendingM] =
    table === 'case_sla' ? ['sla_met', 'sla_breached', 'sla_running'] : ['', 'promises_broken', 'promises_open'];
  const met = new Map<string, number>();
  const late = new Map<string, number>();
  const today = localDate(now);
  let pendingToday = 0;
  for (const r of rows) {
    if (r.metric === metM) add(met, r.day, r.v);
    else if (r.metric === lateM) add(late, r.day, r.v);
    else if (r.metric === pendingM) {
      if (r.day < today) add(late, r.day, r.v);
      else if (r.day === today) pendingToday += r.v;
    }
  }
  if (pendingToday > 0) {
    const start = new Date(Date.parse(`${today}T00:00:00Z`) - 8 * HOUR);
    const q =
      table === 'case_sla'
        ? db
            .selectFrom('case_sla')
            .select(sql<string>`count(*)`.as('n'))
            .where(ofScopedCase(db, actor, f, 'case_sla'))
            .where('met_at', 'is', null)
            .where('breached_at', 'is', null)
            .where('cancelled_at', 'is', null)
            .where('due_at', '>=', start)
            .where('due_at', '<', now)
        : db
            .selectFrom('promises')
            .select(sql<string>`count(*)`.as('n'))
            .where(ofScopedCase(db, actor, f, 'promises'))
            .where('state', '=', 'open')
            .where('due_at', '>=', start)
            .where('due_at', '<', now);
    const r = await q.executeTakeFirstOrThrow();
    if (Number(r.n) > 0) add(late, today, Number(r.n));
  }
  return { met, late };
}

export type { Window };
