import { AppError } from '../domain/errors.ts';
import { type CaseKind, type CaseStatus, type Category, openStatuses } from '../domain/vocabulary.ts';
import { loadVisibleCase, selectCases } from './case-queries.ts';
import { presentCase } from './case-view.ts';
import type { ServiceContext } from './context.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';
import { caseVisibleTo } from './scope.ts';

export async function getCase(ctx: ServiceContext, caseId: string) {
  return presentCase(await loadVisibleCase(ctx.db, ctx.actor, caseId), ctx.actor, ctx.now);
}

export interface CaseFilters {
  status?: CaseStatus[] | undefined;
  /** Shorthand for every status somebody still owes work in. */
  open?: boolean | undefined;
  kind?: CaseKind | undefined;
  category?: Category | undefined;
  severity?: number | undefined;
  respondentTenantId?: string | undefined;
  assigneeId?: string | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  overdue?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The work queue: visible cases, filtered, newest first, keyset-paginated. */
export async function listCases(ctx: ServiceContext, f: CaseFilters) {
  let q = selectCases(ctx.db).where(caseVisibleTo(ctx.actor));
  const statuses = f.status ?? (f.open ? [...openStatuses] : undefined);
  if (statuses?.length) q = q.where('cases.status', 'in', statuses);
  if (f.kind) q = q.where('cases.kind', '=', f.kind);
  if (f.category) q = q.where('cases.category', '=', f.category);
  if (f.severity) q = q.where('cases.severity', '=', f.severity);
  if (f.respondentTenantId) q = q.where('cases.respondent_tenant_id', '=', f.respondentTenantId);
  if (f.assigneeId) q = q.where('cases.assignee_id', '=', f.assigneeId);
  if (f.createdFrom) q = q.where('cases.created_at', '>=', new Date(f.createdFrom));
  if (f.createdTo) q = q.where('cases.created_at', '<', new Date(f.createdTo));
  if (f.overdue) q = q.where('cases.due_at', '<', ctx.now).where('cases.status', 'in', [...openStatuses]);
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    q = q.where((eb) =>
      eb.or([
        eb('cases.created_at', '<', c.at),
        eb.and([eb('cases.created_at', '=', c.at), eb('cases.id', '<', c.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('cases.created_at', 'desc')
    .orderBy('cases.id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentCase(r, ctx.actor, ctx.now)),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

export async function caseTimeline(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const events = await ctx.db
    .selectFrom('case_events')
    .selectAll()
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .orderBy('id')
    .execute();
  if (!events) throw new AppError('CASE_NOT_FOUND', { caseId });
  return events.map((e) => ({
    id: e.id,
    type: e.type,
    at: e.at.toISOString(),
    actorUserId: e.actor_user_id,
    actorTenantId: e.actor_tenant_id,
    data: e.data as unknown as Record<string, unknown>,
  }));
}
