import type { Actor, Executor } from '../services/context.ts';
import { figuresFor } from './figures.ts';
import { monthWindow, previousMonth } from './period.ts';
import { responsibilityRanking } from './responsibility.ts';
import { rootCausePareto } from './root-causes.ts';
import { ofScopedCase, scopedCases } from './scope.ts';
import { breakdown, complaintRateSeries } from './series.ts';

/** Everything the monthly analysis report shows, gathered once for the xlsx and the PDF. */
export async function monthlyReportData(db: Executor, actor: Actor, month: string, now: Date) {
  const w = monthWindow(month);
  const prevMonth = previousMonth(month);
  const prev = monthWindow(prevMonth);
  const tenant = await db
    .selectFrom('tenants')
    .select('name')
    .where('id', '=', actor.tenantId)
    .executeTakeFirstOrThrow();
  const [figures, previous, daily, rootCauses, categories, people] = await Promise.all([
    figuresFor(db, actor, {}, w, now),
    figuresFor(db, actor, {}, prev, now),
    complaintRateSeries(db, actor, {}, w, 'day'),
    rootCausePareto(db, actor, {}, w, prev),
    breakdown(db, actor, {}, w, 'category'),
    responsibilityRanking(db, actor, {}, w, 'person', now),
  ]);
  const systemic = await scopedCases(db, actor, {})
    .leftJoin('users', 'users.id', 'cases.assignee_id')
    .select([
      'cases.id',
      'cases.case_number',
      'cases.category',
      'cases.root_cause_category',
      'cases.root_cause_text',
      'cases.closed_at',
      'users.display_name as person',
    ])
    .where('cases.root_cause_type', '=', 'systemic')
    .where('cases.closed_at', '>=', w.start)
    .where('cases.closed_at', '<', w.end)
    .orderBy('cases.root_cause_category')
    .orderBy('cases.closed_at')
    .limit(500)
    .execute();
  const unkept = await db
    .selectFrom('promises')
    .innerJoin('cases', 'cases.id', 'promises.case_id')
    .leftJoin('users', 'users.id', 'promises.owner_id')
    .select([
      'cases.case_number',
      'promises.kind',
      'promises.description',
      'promises.due_at',
      'promises.state',
      'users.display_name as owner',
    ])
    .where(ofScopedCase(db, actor, {}, 'promises'))
    .where('promises.due_at', '>=', w.start)
    .where('promises.due_at', '<', w.end)
    .where((eb) =>
      eb.or([
        eb('promises.state', '=', 'broken'),
        eb.and([eb('promises.state', '=', 'open'), eb('promises.due_at', '<', now)]),
      ]),
    )
    .orderBy('promises.due_at')
    .limit(500)
    .execute();
  const escalations = await db
    .selectFrom('escalations')
    .innerJoin('cases', 'cases.id', 'escalations.case_id')
    .select([
      'cases.case_number',
      'escalations.level',
      'escalations.target',
      'escalations.body_name',
      'escalations.reference_number',
      'escalations.submitted_at',
    ])
    .where(ofScopedCase(db, actor, {}, 'escalations'))
    .where('escalations.decided_at', 'is', null)
    .where('escalations.submitted_at', '<', w.end)
    .orderBy('escalations.submitted_at')
    .limit(500)
    .execute();
  return {
    tenantName: tenant.name,
    month,
    previousMonth: prevMonth,
    window: w,
    figures,
    previous,
    daily,
    rootCauses,
    categories,
    people,
    systemic,
    unkept,
    escalations,
    generatedAt: now,
  };
}
export type MonthlyData = Awaited<ReturnType<typeof monthlyReportData>>;
