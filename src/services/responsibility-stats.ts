import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { emptyTotals, type LedgerTotals, summarize, zeroComplaintDays } from '../domain/responsibility.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { caseVisibleTo } from './scope.ts';

const DAY_MS = 86_400_000;

export interface PeriodQuery {
  from?: string | undefined;
  to?: string | undefined;
}

/** The period [from, to) on the close time; by default the 30 days up to and including now. */
function periodOf(q: PeriodQuery, now: Date) {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (from.getTime() >= to.getTime())
    throw new AppError('PERIOD_INVALID', { from: from.toISOString(), to: to.toISOString() });
  // Without `to` nothing is cut off at the end: a case closed this very instant still counts.
  const until = q.to ? to : null;
  return { from, to, until, asOf: new Date(Math.min(to.getTime(), now.getTime())) };
}

/** Ledger sums grouped by one column: the database adds up, the domain turns sums into rates. */
function totals(eb: ExpressionBuilder<DB, 'responsibility_ledger'>) {
  return [
    eb.fn.countAll<string>().as('cases'),
    sql<string>`count(on_time)`.as('timed'),
    sql<string>`count(*) filter (where on_time)`.as('on_time'),
    sql<string>`count(satisfaction)`.as('rated'),
    sql<string>`coalesce(sum(satisfaction), 0)`.as('rating_sum'),
    sql<string>`coalesce(sum(unkept_promises), 0)`.as('unkept'),
  ] as const;
}

const toTotals = (r: {
  cases: string | number;
  timed: string | number;
  on_time: string | number;
  rated: string | number;
  rating_sum: string | number;
  unkept: string | number;
}): LedgerTotals => ({
  cases: Number(r.cases),
  timed: Number(r.timed),
  onTime: Number(r.on_time),
  rated: Number(r.rated),
  ratingSum: Number(r.rating_sum),
  unkeptPromises: Number(r.unkept),
});

const READERS = ['admin', 'supervisor', 'auditor'] as const;

/**
 * Per person of the caller's organisation (its members, and anyone its ledger names): closed cases in the period,
 * on-time rate, average satisfaction, unkept promises, and the zero-complaint streak (days since the last case
 * they were responsible for, open or closed, up to the end of the period).
 */
export async function responsibilityByPerson(ctx: ServiceContext, q: PeriodQuery) {
  requireRole(ctx.actor, READERS);
  const p = periodOf(q, ctx.now);
  const t = ctx.actor.tenantId;
  const sums = await ctx.db
    .selectFrom('responsibility_ledger')
    .select((eb) => ['person_id', ...totals(eb)])
    .where('tenant_id', '=', t)
    .where('person_id', 'is not', null)
    .where('closed_at', '>=', p.from)
    .$if(p.until !== null, (qb) => qb.where('closed_at', '<', p.until as Date))
    .groupBy('person_id')
    .execute();
  const members = await ctx.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.display_name', 'memberships.role'])
    .where('memberships.tenant_id', '=', t)
    .execute();
  const ids = [...new Set([...members.map((m) => m.id), ...sums.map((s) => s.person_id as string)])];
  const others = ids.filter((id) => !members.some((m) => m.id === id));
  const formerNames = others.length
    ? await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', others).execute()
    : [];
  const last = ids.length
    ? await ctx.db
        .selectFrom('cases')
        .select(['assignee_id', sql<Date>`max(created_at)`.as('last_at')])
        .where('assignee_id', 'in', ids)
        .where(caseVisibleTo(ctx.actor))
        .$if(p.until !== null, (qb) => qb.where('created_at', '<', p.until as Date))
        .groupBy('assignee_id')
        .execute()
    : [];
  const items = ids.map((id) => {
    const m = members.find((x) => x.id === id);
    const s = sums.find((x) => x.person_id === id);
    const lastAt = last.find((x) => x.assignee_id === id)?.last_at ?? null;
    const lastCaseAt = lastAt ? new Date(lastAt) : null;
    return {
      userId: id,
      displayName: m?.display_name ?? formerNames.find((f) => f.id === id)?.display_name ?? '',
      role: m?.role ?? null,
      ...summarize(s ? toTotals(s) : emptyTotals),
      lastCaseAt: lastCaseAt?.toISOString() ?? null,
      zeroComplaintDays: zeroComplaintDays(lastCaseAt, p.asOf),
    };
  });
  items.sort((a, b) => b.cases - a.cases || a.displayName.localeCompare(b.displayName, 'zh-CN'));
  return { from: p.from.toISOString(), to: p.to.toISOString(), items };
}

/** Per department of the caller's organisation, and one line for closed cases that had no department. */
export async function responsibilityByDepartment(ctx: ServiceContext, q: PeriodQuery) {
  requireRole(ctx.actor, READERS);
  const p = periodOf(q, ctx.now);
  const t = ctx.actor.tenantId;
  const sums = await ctx.db
    .selectFrom('responsibility_ledger')
    .select((eb) => ['department_id', ...totals(eb)])
    .where('tenant_id', '=', t)
    .where('closed_at', '>=', p.from)
    .$if(p.until !== null, (qb) => qb.where('closed_at', '<', p.until as Date))
    .groupBy('department_id')
    .execute();
  const departments = await ctx.db
    .selectFrom('departments')
    .select(['id', 'code', 'name'])
    .where('tenant_id', '=', t)
    .orderBy('code')
    .execute();
  const last = departments.length
    ? await ctx.db
        .selectFrom('cases')
        .select(['department_id', sql<Date>`max(created_at)`.as('last_at')])
        .where(
          'department_id',
          'in',
          departments.map((d) => d.id),
        )
        .where(caseVisibleTo(ctx.actor))
        .$if(p.until !== null, (qb) => qb.where('created_at', '<', p.until as Date))
        .groupBy('department_id')
        .execute()
    : [];
  const line = (id: string | null, code: string | null, name: string) => {
    const s = sums.find((x) => x.department_id === id);
    const lastAt = id ? (last.find((x) => x.department_id === id)?.last_at ?? null) : null;
    const lastCaseAt = lastAt ? new Date(lastAt) : null;
    return {
      departmentId: id,
      code,
      name,
      ...summarize(s ? toTotals(s) : emptyTotals),
      lastCaseAt: lastCaseAt?.toISOString() ?? null,
      zeroComplaintDays: id ? zeroComplaintDays(lastCaseAt, p.asOf) : null,
    };
  };
  const items = departments.map((d) => line(d.id, d.code, d.name));
  if (sums.some((s) => s.department_id === null)) items.push(line(null, null, '未分配部门'));
  return { from: p.from.toISOString(), to: p.to.toISOString(), items };
}
