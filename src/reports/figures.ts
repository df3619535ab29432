import { sql } from 'kysely';
import type { Actor, Executor } from '../services/context.ts';
import { computedHours, storedHours } from './hours.ts';
import { ratio, type Window } from './period.ts';
import { dueOutcomes, rollupByDay, sumBy, usesRollup } from './rollup.ts';
import { type AnalyticsFilters, ofScopedCase, orderHasProduct, orderSellers, scopedCases } from './scope.ts';

const n = (v: unknown) => Number(v ?? 0);

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

/** Platform sanctions issued by, or against, the organisation in the window (a small table, read directly). */
async function sanctionsIn(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window) {
  const r = await db
    .selectFrom('sanctions')
    .select(sql<string>`count(*)`.as('n'))
    .where((eb) => eb.or([eb('tenant_id', '=', actor.tenantId), eb('member_tenant_id', '=', actor.tenantId)]))
    .$if(!!f.respondentTenantId, (q) => q.where('member_tenant_id', '=', f.respondentTenantId as string))
    .where('created_at', '>=', w.start)
    .where('created_at', '<', w.end)
    .executeTakeFirstOrThrow();
  return n(r.n);
}

/** The overview's figures for one window (analytics contract `F`): the rollup, or the raw cases for a product. */
export async function figuresFor(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window, now: Date) {
  return usesRollup(f) ? rollupFigures(db, actor, f, w, now) : rawFigures(db, actor, f, w, now);
}

/** The figures from the case rollup (analytics_case_days) and the stored working hours. */
export async function rollupFigures(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window, now: Date) {
  const [orders, rows, hours, sanctions] = await Promise.all([
    ordersIn(db, actor, f, w),
    rollupByDay(db, actor, f, w),
    storedHours(db, actor, f, w),
    sanctionsIn(db, actor, f, w),
  ]);
  const total = sumBy(rows, () => 'all');
  const get = (metric: string) => total.get(`all|${metric}`) ?? 0;
  const [sla, promises] = await Promise.all([
    dueOutcomes(db, actor, f, rows, 'case_sla', now),
    dueOutcomes(db, actor, f, rows, 'promises', now),
  ]);
  const byType: Record<string, number> = {};
  for (const [key, v] of total) {
    const m = /^all\|offers:(.+)$/.exec(key);
    if (m && v > 0) byType[m[1] as string] = get(`offer_fen:${m[1]}`);
  }
  const cases = get('cases');
  const met = sumValues(sla.met);
  const breached = sumValues(sla.late);
  const ratings = get('ratings');
  return {
    orders,
    cases,
    complaintRatePer1000: ratio(cases * 1000, orders, 2),
    disputeRate: ratio(get('disputes'), cases),
    repeatRate: ratio(get('repeats'), cases),
    firstResponseWorkingHours: hours.firstResponse,
    resolutionWorkingHours: hours.resolution,
    slaAttainment: ratio(met, met + breached),
    unkeptPromises: sumValues(promises.late),
    compensationFen: { total: Object.values(byType).reduce((a, b) => a + b, 0), byType },
    satisfaction: { average: ratio(get('rating_sum'), ratings, 2), count: ratings },
    badReviews: {
      total: get('bad_reviews'),
      answered: get('bad_reviews_answered'),
      revised: get('bad_reviews_revised'),
    },
    externalEscalations: get('external_escalations'),
    sanctions,
  };
}
const sumValues = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** The figures counted from the cases of the window and the rows hanging off them: the reference path. */
export async function rawFigures(db: Executor, actor: Actor, f: AnalyticsFilters, w: Window, now: Date) {
  const inWindow = scopedCases(db, actor, f)
    .where('cases.created_at', '>=', w.start)
    .where('cases.created_at', '<', w.end);
  const [orders, c, hours, sla, promises, offers, rated, escalations, sanctions] = await Promise.all([
    ordersIn(db, actor, f, w),
    inWindow
      .select([
        sql<string>`count(*)`.as('cases'),
        sql<string>`count(*) filter (where cases.repeat_count > 0)`.as('repeats'),
        sql<string>`count(*) filter (where exists (select 1 from case_forwards x where x.case_id = cases.id
          and (x.reply_kind = 'dispute' or x.disagreement is not null)))`.as('disputes'),
        sql<string>`count(*) filter (where cases.kind = 'bad_review')`.as('bad_reviews'),
        sql<string>`count(*) filter (where cases.kind = 'bad_review' and (cases.resolved_at is not null
          or exists (select 1 from case_sla s where s.tenant_id = cases.tenant_id and s.case_id = cases.id
            and s.target = 'first_response' and s.met_at is not null)))`.as('answered'),
        sql<string>`count(*) filter (where cases.kind = 'bad_review' and exists (select 1 from revision_requests r
          where r.tenant_id = cases.tenant_id and r.case_id = cases.id and r.outcome = 'revised'))`.as('revised'),
      ])
      .executeTakeFirstOrThrow(),
    computedHours(db, actor, f, w),
    db
      .selectFrom('case_sla')
      .select([
        sql<string>`count(*) filter (where met_at is not null and met_at <= due_at and breached_at is null)`.as('met'),
        sql<string>`count(*) filter (where breached_at is not null or met_at > due_at
          or (met_at is null and coalesce(cancelled_at, ${now}) > due_at))`.as('breached'),
      ])
      .where(ofScopedCase(db, actor, f, 'case_sla'))
      .where('due_at', '>=', w.start)
      .where('due_at', '<', w.end)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('promises')
      .select(sql<string>`count(*)`.as('n'))
      .where(ofScopedCase(db, actor, f, 'promises'))
      .where('due_at', '>=', w.start)
      .where('due_at', '<', w.end)
      .where((eb) => eb.or([eb('state', '=', 'broken'), eb.and([eb('state', '=', 'open'), eb('due_at', '<', now)])]))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('offers')
      .select(['type', sql<string>`sum(amount_fen)`.as('fen')])
      .where(ofScopedCase(db, actor, f, 'offers'))
      .where('state', '=', 'accepted')
      .where('answered_at', '>=', w.start)
      .where('answered_at', '<', w.end)
      .groupBy('type')
      .execute(),
    db
      .selectFrom('follow_ups')
      .select([sql<string>`count(rating)`.as('n'), sql<string>`coalesce(sum(rating), 0)`.as('total')])
      .where(ofScopedCase(db, actor, f, 'follow_ups'))
      .where('state', '=', 'answered')
      .where('answered_at', '>=', w.start)
      .where('answered_at', '<', w.end)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('escalations')
      .select(sql<string>`count(*)`.as('n'))
      .where(ofScopedCase(db, actor, f, 'escalations'))
      .where('level', '=', 'external')
      .where('submitted_at', '>=', w.start)
      .where('submitted_at', '<', w.end)
      .executeTakeFirstOrThrow(),
    sanctionsIn(db, actor, f, w),
  ]);
  const cases = n(c.cases);
  const met = n(sla.met);
  const byType = Object.fromEntries(offers.map((o) => [o.type, n(o.fen)]));
  return {
    orders,
    cases,
    complaintRatePer1000: ratio(cases * 1000, orders, 2),
    disputeRate: ratio(n(c.disputes), cases),
    repeatRate: ratio(n(c.repeats), cases),
    firstResponseWorkingHours: hours.firstResponse,
    resolutionWorkingHours: hours.resolution,
    slaAttainment: ratio(met, met + n(sla.breached)),
    unkeptPromises: n(promises.n),
    compensationFen: { total: Object.values(byType).reduce((a, b) => a + b, 0), byType },
    satisfaction: { average: ratio(n(rated.total), n(rated.n), 2), count: n(rated.n) },
    badReviews: { total: n(c.bad_reviews), answered: n(c.answered), revised: n(c.revised) },
    externalEscalations: n(escalations.n),
    sanctions,
  };
}
export type Figures = Awaited<ReturnType<typeof rawFigures>>;
