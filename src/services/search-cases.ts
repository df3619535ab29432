import { sql } from 'kysely';
import { AppError } from '../domain/errors.ts';
import { openStatuses } from '../domain/vocabulary.ts';
import { parseQuery } from '../text/query.ts';
import { buildSnippet } from '../text/snippet.ts';
import { selectCases } from './case-queries.ts';
import type { CaseFilters } from './case-reads.ts';
import { presentCase } from './case-view.ts';
import type { ServiceContext } from './context.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';
import { caseVisibleTo } from './scope.ts';

export interface SearchInput extends CaseFilters {
  q: string;
}

/**
 * Full-text search over the cases the actor may see, combined with the work-queue filters, newest first.
 * A query that is an order or phone number also matches those exactly. Snippets are cut in TypeScript
 * (see src/text/snippet.ts for why not ts_headline).
 */
export async function searchCases(ctx: ServiceContext, f: SearchInput) {
  const pq = parseQuery(f.q);
  if (!pq.tsquery && !pq.orderKey && !pq.phoneKey) throw new AppError('SEARCH_QUERY_EMPTY', { q: f.q });
  let q = selectCases(ctx.db)
    .innerJoin('case_search', (j) =>
      j.onRef('case_search.tenant_id', '=', 'cases.tenant_id').onRef('case_search.case_id', '=', 'cases.id'),
    )
    .select(['case_search.body as search_body', 'case_search.order_key', 'case_search.phone_key'])
    .where(caseVisibleTo(ctx.actor))
    .where((eb) => {
      const any = [];
      if (pq.tsquery) any.push(sql<boolean>`case_search.doc @@ to_tsquery('simple', ${pq.tsquery})`);
      if (pq.orderKey) any.push(eb('case_search.order_key', '=', pq.orderKey));
      if (pq.phoneKey) any.push(eb('case_search.phone_key', '=', pq.phoneKey));
      return eb.or(any);
    });
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
    items: page.map((r) => {
      const matchedBy =
        pq.orderKey && r.order_key === pq.orderKey
          ? 'order_number'
          : pq.phoneKey && r.phone_key === pq.phoneKey
            ? 'phone'
            : 'text';
      return {
        case: presentCase(r, ctx.actor, ctx.now),
        matchedBy,
        snippet: buildSnippet(r.search_body, pq.highlight),
      };
    }),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}
