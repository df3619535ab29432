import { sql } from 'kysely';
import { zeroComplaintDays } from '../domain/responsibility.ts';
import type { Actor, Executor } from '../services/context.ts';
import { ratio, type Window } from './period.ts';
import { type AnalyticsFilters, scopedCaseIds, scopedCases } from './scope.ts';

const n = (v: unknown) => Number(v ?? 0);
export type Subject = 'person' | 'department';

/** Months "YYYY-MM" the window touches: the decisions listed beside a ranking are those of these months. */
export function monthsOf(w: Window): string[] {
  const out: string[] = [];
  for (let m = w.from.slice(0, 7); m <= w.to.slice(0, 7); ) {
    out.push(m);
    const [y, mo] = m.split('-').map(Number) as [number, number];
    m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  }
  return out;
}

/**
 * The ranking per first responsible person or department from the responsibility ledger (one line per case closed
 * in the window): cases, on time, on-time rate, average satisfaction, unkept promises, the zero-complaint streak
 * up to the end of the window, and the rewards and penalties recorded for the window's months.
 */
export async function responsibilityRanking(
  db: Executor,
  actor: Actor,
  f: AnalyticsFilters,
  w: Window,
  by: Subject,
  now: Date,
) {
  const t = actor.tenantId;
  const column = by === 'person' ? 'person_id' : 'department_id';
  const needsCases = !!(f.category || f.channel || f.product);
  const sums = await db
    .selectFrom('responsibility_ledger')
    .select([
      sql<string | null>`${sql.ref(column)}::text`.as('id'),
      sql<string>`count(*)`.as('cases'),
      sql<string>`count(on_time)`.as('timed'),
      sql<string>`count(*) filter (where on_time)`.as('on_time'),
      sql<string>`count(satisfaction)`.as('rated'),
      sql<string>`coalesce(sum(satisfaction), 0)`.as('rating_sum'),
      sql<string>`coalesce(sum(unkept_promises), 0)`.as('unkept'),
    ])
    .where('tenant_id', '=', t)
    .where('closed_at', '>=', w.start)
    .where('closed_at', '<', w.end)
    .$if(!!f.respondentTenantId, (q) => q.where('respondent_tenant_id', '=', f.respondentTenantId as string))
    .$if(!!f.departmentId, (q) => q.where('department_id', '=', f.departmentId as string))
    .$if(!!f.personId, (q) => q.where('person_id', '=', f.personId as string))
    .$if(needsCases, (q) => q.where('case_id', 'in', scopedCaseIds(db, actor, f)))
    .groupBy(column)
    .execute();
  const subjects =
    by === 'person'
      ? await db
          .selectFrom('users')
          .select(['id', 'display_name as name'])
          .where((eb) =>
            eb.or([
              eb(
                'id',
                'in',
                eb
                  .selectFrom('memberships')
                  .select('user_id')
                  .where('tenant_id', '=', t)
                  .where('role', 'in', ['admin', 'supervisor', 'agent']),
              ),
              eb(
                'id',
                'in',
                sums
                  .map((s) => s.id)
                  .filter((id): id is string => id !== null)
                  .concat(['00000000-0000-0000-0000-000000000000']),
              ),
            ]),
          )
          .execute()
      : await db.selectFrom('departments').select(['id', 'name']).where('tenant_id', '=', t).execute();
  const wanted = subjects.filter((s) =>
    by === 'person' ? !f.personId || s.id === f.personId : !f.departmentId || s.id === f.departmentId,
  );
  const caseColumn = by === 'person' ? 'cases.assignee_id' : 'cases.department_id';
  // The last case of each subject before the end of the window: one backward index scan per subject
  // (scope × assignee / department × created_at, 0017) instead of grouping every case the organisation sees.
  const last = await Promise.all(
    wanted.map(async (s) => {
      const r = await scopedCases(db, actor, {})
        .select(sql<Date | null>`max(cases.created_at)`.as('last_at'))
        .where(caseColumn, '=', s.id)
        .where('cases.created_at', '<', w.end)
        .executeTakeFirst();
      return { id: s.id as string | null, last_at: r?.last_at ?? null };
    }),
  );
  const decisions = await db
    .selectFrom('responsibility_decisions')
    .select(['id', 'subject_id', 'kind', 'period', 'amount_fen', 'reason'])
    .where('tenant_id', '=', t)
    .where('subject_type', '=', by)
    .where('period', 'in', monthsOf(w))
    .orderBy('created_at')
    .execute();
  const asOf = new Date(Math.min(w.end.getTime(), now.getTime()));
  const line = (id: string | null, name: string) => {
    const s = sums.find((x) => x.id === id);
    const lastAt = last.find((x) => x.id === id)?.last_at;
    return {
      id,
      name,
      cases: n(s?.cases),
      onTime: n(s?.on_time),
      onTimeRate: ratio(n(s?.on_time), n(s?.timed)),
      satisfactionAverage: ratio(n(s?.rating_sum), n(s?.rated), 2),
      unkeptPromises: n(s?.unkept),
      zeroComplaintStreakDays: id ? zeroComplaintDays(lastAt ? new Date(lastAt) : null, asOf) : null,
      decisions: decisions
        .filter((d) => d.subject_id === id)
        .map((d) => ({
          id: d.id,
          kind: d.kind,
          period: d.period,
          amountFen: d.amount_fen === null ? null : Number(d.amount_fen),
          reason: d.reason,
        })),
    };
  };
  const items = wanted.map((s) => line(s.id, s.name));
  if (by === 'department' && !f.departmentId && sums.some((s) => s.id === null)) items.push(line(null, '未分配部门'));
  items.sort((a, b) => b.cases - a.cases || a.name.localeCompare(b.name, 'zh-CN'));
  return items;
}
