import { figuresFor } from '../reports/figures.ts';
import { previousWindow, windowOf } from '../reports/period.ts';
import { responsibilityRanking, type Subject } from '../reports/responsibility.ts';
import { rootCausePareto } from '../reports/root-causes.ts';
import type { AnalyticsFilters } from '../reports/scope.ts';
import { breakdown, complaintRateSeries, type Dimension, type Granularity, slaSeries } from '../reports/series.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';

/** Who reads analytics (analytics contract): supervisors, admins and auditors; agents and viewers do not. */
export const ANALYTICS_READERS = ['admin', 'supervisor', 'auditor'] as const;

export interface AnalyticsQuery extends AnalyticsFilters {
  from?: string | undefined;
  to?: string | undefined;
}

function open(ctx: ServiceContext, q: AnalyticsQuery) {
  requireRole(ctx.actor, ANALYTICS_READERS);
  const w = windowOf(q, ctx.now);
  return { w, period: { from: w.from, to: w.to } };
}

export async function analyticsOverview(ctx: ServiceContext, q: AnalyticsQuery) {
  const { w } = open(ctx, q);
  const prev = previousWindow(w);
  const [figures, previous] = await Promise.all([
    figuresFor(ctx.db, ctx.actor, q, w, ctx.now),
    figuresFor(ctx.db, ctx.actor, q, prev, ctx.now),
  ]);
  return { from: w.from, to: w.to, previousFrom: prev.from, previousTo: prev.to, figures, previous };
}

export async function analyticsComplaintRate(
  ctx: ServiceContext,
  q: AnalyticsQuery & { granularity?: Granularity | undefined },
) {
  const { w, period } = open(ctx, q);
  return { ...period, items: await complaintRateSeries(ctx.db, ctx.actor, q, w, q.granularity ?? 'day') };
}

export async function analyticsSla(ctx: ServiceContext, q: AnalyticsQuery & { granularity?: Granularity | undefined }) {
  const { w, period } = open(ctx, q);
  return { ...period, items: await slaSeries(ctx.db, ctx.actor, q, w, q.granularity ?? 'day', ctx.now) };
}

export async function analyticsBreakdown(ctx: ServiceContext, q: AnalyticsQuery & { by: Dimension }) {
  const { w, period } = open(ctx, q);
  return { ...period, items: await breakdown(ctx.db, ctx.actor, q, w, q.by) };
}

export async function analyticsRootCauses(ctx: ServiceContext, q: AnalyticsQuery) {
  const { w, period } = open(ctx, q);
  return { ...period, items: await rootCausePareto(ctx.db, ctx.actor, q, w, previousWindow(w)) };
}

export async function analyticsResponsibility(ctx: ServiceContext, q: AnalyticsQuery & { by?: Subject | undefined }) {
  const { w, period } = open(ctx, q);
  return { ...period, items: await responsibilityRanking(ctx.db, ctx.actor, q, w, q.by ?? 'person', ctx.now) };
}
