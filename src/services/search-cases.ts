import { sql } from 'kysely';
import { AppError } from '../domain/errors.ts';
import { parseQuery } from '../text/query.ts';
import { buildSnippet } from '../text/snippet.ts';
import { selectCases } from './case-queries.ts';
import { type CaseFilters, caseFilters } from './case-reads.ts';
import { presentCase } from './case-view.ts';
import type { ServiceContext } from './context.ts';
import { encodeCursor } from './pagination.ts';
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
  q = q.where(caseFilters(f, ctx.now));
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
