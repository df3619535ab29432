import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { type CaseKind, type CaseStatus, type Category, type Channel, openStatuses } from '../domain/vocabulary.ts';
import { loadVisibleCase, selectCases } from './case-queries.ts';
import { markCaseRead, unreadReply, unreadReplyColumn } from './case-read-marks.ts';
import { presentCase } from './case-view.ts';
import type { Actor, ServiceContext } from './context.ts';
import { decodeCursor, splitPage } from './pagination.ts';
import { recordPiiAccess } from './pii-access.ts';
import { type CaseScopeColumn, caseScopeColumns } from './scope.ts';

/**
 * One case in full; showing its complainant's contact data unmasked is logged (PIPL). Opening it marks the
 * complainant's replies read for this user (the queue's unread mark).
 */
export async function getCase(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  await recordPiiAccess(ctx.db, ctx.actor, [c], 'case', ctx.now);
  await markCaseRead(ctx.db, ctx.actor, c.id, ctx.now);
  return presentCase(c, ctx.actor, ctx.now);
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
  /** Click-through from the analytics dashboard (issue 9). */
  channel?: Channel | undefined;
  departmentId?: string | undefined;
  /** The first responsible person: the assignee, as the responsibility ledger counts it. */
  personId?: string | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  overdue?: boolean | undefined;
  /** Only cases the complainant wrote on since the acting user last opened them. */
  unread?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * The work queue: visible cases, filtered, newest first, keyset-paginated. A scope of several columns runs one
 * index-ordered query per column and merges them, instead of an OR that would sort every visible case.
 */
export async function listCases(ctx: ServiceContext, f: CaseFilters) {
  const branches = await Promise.all(
    caseScopeColumns(ctx.actor).map((column) => queueBranch(ctx, f, column).execute()),
  );
  const byId = new Map(branches.flat().map((r) => [r.id, r]));
  const rows = [...byId.values()].sort(
    (a, b) => b.created_at.getTime() - a.created_at.getTime() || (a.id < b.id ? 1 : -1),
  );
  const { page, nextCursor } = splitPage(rows, f.limit, (r) => [r.created_at, r.id]);
  await recordPiiAccess(ctx.db, ctx.actor, page, 'list', ctx.now);
  return {
    items: page.map((r) => presentCase(r, ctx.actor, ctx.now)),
    nextCursor,
  };
}

function queueBranch(ctx: ServiceContext, f: CaseFilters, column: CaseScopeColumn) {
  return selectCases(ctx.db)
    .select(unreadReplyColumn(ctx.actor))
    .where(column, '=', ctx.actor.tenantId)
    .where(caseFilters(f, ctx.now, ctx.actor))
    .orderBy('cases.created_at', 'desc')
    .orderBy('cases.id', 'desc')
    .limit(f.limit + 1);
}

/** The work-queue filters and page cursor as one condition, shared by the queue and search. */
export function caseFilters(f: CaseFilters, now: Date, reader: Actor) {
  return (eb: ExpressionBuilder<DB, 'cases'>) => {
    const all: Expression<SqlBool>[] = [];
    const statuses = f.status ?? (f.open ? [...openStatuses] : undefined);
    if (statuses?.length) all.push(eb('cases.status', 'in', statuses));
    if (f.kind) all.push(eb('cases.kind', '=', f.kind));
    if (f.category) all.push(eb('cases.category', '=', f.category));
    if (f.severity) all.push(eb('cases.severity', '=', f.severity));
    if (f.respondentTenantId) all.push(eb('cases.respondent_tenant_id', '=', f.respondentTenantId));
    if (f.assigneeId) all.push(eb('cases.assignee_id', '=', f.assigneeId));
    if (f.personId) all.push(eb('cases.assignee_id', '=', f.personId));
    if (f.channel) all.push(eb('cases.channel', '=', f.channel));
    if (f.departmentId) all.push(eb('cases.department_id', '=', f.departmentId));
    if (f.createdFrom) all.push(eb('cases.created_at', '>=', new Date(f.createdFrom)));
    if (f.createdTo) all.push(eb('cases.created_at', '<', new Date(f.createdTo)));
    if (f.overdue) all.push(eb('cases.due_at', '<', now), eb('cases.status', 'in', [...openStatuses]));
    if (f.unread) all.push(unreadReply(reader));
    if (f.cursor) {
      const c = decodeCursor(f.cursor);
      // Row comparison, so the (scope, created_at desc, id desc) index serves the page directly.
      all.push(eb(eb.refTuple('cases.created_at', 'cases.id'), '<', eb.tuple(c.at, c.id)));
    }
    return eb.and(all);
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
