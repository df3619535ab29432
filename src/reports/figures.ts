import { sql } from 'kysely';
import { type WorkingCalendar, workingMsBetween } from '../domain/calendar/index.ts';
import type { Actor, Executor } from '../services/context.ts';
import { ratio, spread, type Window } from './period.ts';
import { type AnalyticsFilters, orderHasProduct, orderSellers, scopedCaseIds, scopedCases } from './scope.ts';

const n = (v: unknown) => Number(v ?? 0);
const HOUR = 3_600_000;

/** Orders placed in the window: the per-day rollup, or the orders themselves when a product is named. */
export async function ordersIn(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window): Promise<number> {
  const sellers = await orderSellers(db, actor, f);
  if (sellers.length === 0) return 0;
  if (f.product) {
    const r = await db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', 'in', sellers)
      .where('placed_at', '>=', w.start)
      .where('placed_at', '<', w.end)
      .where(orderHasProduct(f.product))
      .executeTakeFirstOrThrow();
    return n(r.n);
  }
  const r = await db
    .selectFrom('analytics_order_days')
    .select(sql<string>`coalesce(sum(orders), 0)`.as('n'))
    .where('tenant_id', 'in', sellers)
    .where('day', '>=', w.from)
    .where('day', '<=', w.to)
    .executeTakeFirstOrThrow();
  return n(r.n);
}

/** The overview's figures for one window (analytics contract `F`). */
export async function figuresFor(
  db: Executor,
  actor: Actor,
  f: AnalyticsFilters,
  w: Window,
  cal: WorkingCalendar,
  now: Date,
) {
  const ids = () => scopedCaseIds(db, actor, f);
  const inWindow = scopedCases(db, actor, f)
    .where('cases.created_at', '>=', w.start)
    .where('cases.created_at', '<', w.end);
  const [orders, c, times, sla, promises, offers, rated, escalations, sanctions] = await Promise.all([
    ordersIn(db, actor, f, w),
    inWindow
      .select([
        sql<string>`count(*)`.as('cases'),
        sql<string>`count(*) filter (where cases.repeat_count > 0)`.as('repeats'),
        sql<string>`count(*) filter (where exists (select 1 from case_forwards x where x.case_id = cases.id
          and (x.reply_kind = 'dispute' or x.disagreement is not null)))`.as('disputes'),
        sql<string>`count(*) filter (where cases.kind = 'bad_review')`.as('bad_reviews'),
        sql<string>`count(*) filter (where cases.kind = 'bad_review' and (cases.resolved_at is not null
          or exists (select 1 from case_sla s where s.case_id = cases.id and s.target = 'first_response' and s.met_at is not null)))`.as(
          'answered',
        ),
        sql<string>`count(*) filter (where cases.kind = 'bad_review' and exists (select 1 from revision_requests r
          where r.tenant_id = cases.tenant_id and r.case_id = cases.id and r.outcome = 'revised'))`.as('revised'),
      ])
      .executeTakeFirstOrThrow(),
    inWindow
      .select([
        'cases.created_at',
        'cases.resolved_at',
        sql<Date | null>`(select min(s.met_at) from case_sla s where s.tenant_id = cases.tenant_id
          and s.case_id = cases.id and s.target = 'first_response')`.as('responded_at'),
      ])
      .execute(),
    db
      .selectFrom('case_sla')
      .select([
        sql<string>`count(*) filter (where met_at is not null and met_at <= due_at and breached_at is null)`.as('met'),
        sql<string>`count(*) filter (where breached_at is not null or met_at > due_at
          or (met_at is null and coalesce(cancelled_at, ${now}) > due_at))`.as('breached'),
      ])
      .where('case_id', 'in', ids())
      .where('due_at', '>=', w.start)
      .where('due_at', '<', w.end)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('promises')
      .select(sql<string>`count(*)`.as('n'))
      .where('case_id', 'in', ids())
      .where('due_at', '>=', w.start)
      .where('due_at', '<', w.end)
      .where((eb) => eb.or([eb('state', '=', 'broken'), eb.and([eb('state', '=', 'open'), eb('due_at', '<', now)])]))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('offers')
      .select(['type', sql<string>`sum(amount_fen)`.as('fen')])
      .where('case_id', 'in', ids())
      .where('state', '=', 'accepted')
      .where('answered_at', '>=', w.start)
      .where('answered_at', '<', w.end)
      .groupBy('type')
      .execute(),
    db
      .selectFrom('follow_ups')
      .select([sql<string>`count(rating)`.as('n'), sql<string>`coalesce(sum(rating), 0)`.as('total')])
      .where('case_id', 'in', ids())
      .where('state', '=', 'answered')
      .where('answered_at', '>=', w.start)
      .where('answered_at', '<', w.end)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('escalations')
      .select(sql<string>`count(*)`.as('n'))
      .where('case_id', 'in', ids())
      .where('level', '=', 'external')
      .where('submitted_at', '>=', w.start)
      .where('submitted_at', '<', w.end)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('sanctions')
      .select(sql<string>`count(*)`.as('n'))
      .where((eb) => eb.or([eb('tenant_id', '=', actor.tenantId), eb('member_tenant_id', '=', actor.tenantId)]))
      .$if(!!f.respondentTenantId, (q) => q.where('member_tenant_id', '=', f.respondentTenantId as string))
      .where('created_at', '>=', w.start)
      .where('created_at', '<', w.end)
      .executeTakeFirstOrThrow(),
  ]);
  const cases = n(c.cases);
  const hours = (a: Date, b: Date) => workingMsBetween(cal, new Date(a), new Date(b)) / HOUR;
  const firstResponse = times.filter((t) => t.responded_at).map((t) => hours(t.created_at, t.responded_at as Date));
  const resolution = times.filter((t) => t.resolved_at).map((t) => hours(t.created_at, t.resolved_at as Date));
  const met = n(sla.met);
  const byType = Object.fromEntries(offers.map((o) => [o.type, n(o.fen)]));
  return {
    orders,
    cases,
    complaintRatePer1000: ratio(cases * 1000, orders, 2),
    disputeRate: ratio(n(c.disputes), cases),
    repeatRate: ratio(n(c.repeats), cases),
    firstResponseWorkingHours: spread(firstResponse),
    resolutionWorkingHours: spread(resolution),
    slaAttainment: ratio(met, met + n(sla.breached)),
    unkeptPromises: n(promises.n),
    compensationFen: { total: Object.values(byType).reduce((a, b) => a + b, 0), byType },
    satisfaction: { average: ratio(n(rated.total), n(rated.n), 2), count: n(rated.n) },
    badReviews: { total: n(c.bad_reviews), answered: n(c.answered), revised: n(c.revised) },
    externalEscalations: n(escalations.n),
    sanctions: n(sanctions.n),
  };
}
export type Figures = Awaited<ReturnType<typeof figuresFor>>;
