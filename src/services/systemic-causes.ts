import type { RootCauseCategory } from '../domain/resolution-vocabulary.ts';
import type { ServiceContext } from './context.ts';
import { caseVisibleTo } from './scope.ts';

/**
 * Closed cases whose root cause was systemic, for the monthly analysis meeting (月度分析会): each case with its
 * category and text, and a count per category so the meeting starts with the biggest defect.
 */
export async function listSystemicCauses(
  ctx: ServiceContext,
  f: { from?: string | undefined; to?: string | undefined; category?: RootCauseCategory | undefined },
) {
  let q = ctx.db
    .selectFrom('cases')
    .select([
      'cases.id',
      'cases.case_number',
      'cases.category',
      'cases.root_cause_category',
      'cases.root_cause_text',
      'cases.respondent_tenant_id',
      'cases.department_id',
      'cases.closed_at',
    ])
    .where(caseVisibleTo(ctx.actor))
    .where('cases.root_cause_type', '=', 'systemic')
    .where('cases.closed_at', 'is not', null);
  if (f.from) q = q.where('cases.closed_at', '>=', new Date(f.from));
  if (f.to) q = q.where('cases.closed_at', '<', new Date(f.to));
  if (f.category) q = q.where('cases.root_cause_category', '=', f.category);
  const rows = await q.orderBy('cases.closed_at', 'desc').limit(1000).execute();
  const byCategory = new Map<string, number>();
  for (const r of rows) {
    const k = r.root_cause_category ?? 'other';
    byCategory.set(k, (byCategory.get(k) ?? 0) + 1);
  }
  return {
    byCategory: [...byCategory].map(([category, count]) => ({ category, count })).sort((a, b) => b.count - a.count),
    items: rows.map((r) => ({
      caseId: r.id,
      caseNumber: r.case_number,
      complaintCategory: r.category,
      rootCauseCategory: r.root_cause_category,
      rootCauseText: r.root_cause_text,
      respondentTenantId: r.respondent_tenant_id,
      departmentId: r.department_id,
      closedAt: r.closed_at?.toISOString() ?? null,
    })),
  };
}
