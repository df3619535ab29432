import { loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { caseVisibleTo } from './scope.ts';

/** Cases linked to this one (same complainant and order, or merged), as far as the caller may see them. */
export async function relatedCases(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const rows = await ctx.db
    .selectFrom('case_links')
    .innerJoin('cases', (j) =>
      j.onRef('cases.tenant_id', '=', 'case_links.tenant_id').onRef('cases.id', '=', 'case_links.related_case_id'),
    )
    .select([
      'case_links.kind',
      'case_links.reason',
      'case_links.created_at as linked_at',
      'cases.id',
      'cases.case_number',
      'cases.channel',
      'cases.status',
      'cases.status_reason',
      'cases.created_at',
    ])
    .where('case_links.tenant_id', '=', c.tenant_id)
    .where('case_links.case_id', '=', c.id)
    .where(caseVisibleTo(ctx.actor))
    .orderBy('cases.created_at', 'desc')
    .limit(200)
    .execute();
  return {
    repeatCount: c.repeat_count,
    items: rows.map((r) => ({
      caseId: r.id,
      caseNumber: r.case_number,
      link: r.kind,
      reason: r.reason,
      channel: r.channel,
      status: r.status,
      statusReason: r.status_reason,
      createdAt: r.created_at.toISOString(),
      linkedAt: r.linked_at.toISOString(),
    })),
  };
}
