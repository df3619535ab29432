import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { type ParsedQuery, parseQuery } from '../text/query.ts';
import { buildSnippet } from '../text/snippet.ts';
import { selectCases } from './case-queries.ts';
import { type CaseFilters, caseFilters } from './case-reads.ts';
import { presentCase } from './case-view.ts';
import type { ServiceContext } from './context.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';
import { type CaseScopeColumn, caseScopeColumns, caseVisibleTo } from './scope.ts';

export interface SearchInput extends CaseFilters {
  q: string;
}

/** The case_search copy of each visibility column (migration 0010). */
const SEARCH_SCOPE = {
  'cases.platform_tenant_id': 'case_search.platform_tenant_id',
  'cases.respondent_tenant_id': 'case_search.respondent_tenant_id',
  'cases.ops_tenant_id': 'case_search.ops_tenant_id',
} as const satisfies Record<CaseScopeColumn, string>;

/**
 * Full-text search over the cases the actor may see, combined with the work-queue filters, newest first.
 * A query that is an order or phone number also matches those exactly. Snippets are cut in TypeScript
 * (see src/text/snippet.ts for why not ts_headline).
 *
 * case_search carries created_at and the visibility columns, so each scope column is one query on one table:
 * PostgreSQL either takes the GIN matches and sorts the newest out of them (rare words), or walks the
 * (scope, created_at desc) index and checks the text inline (frequent words). Filters that live only on cases
 * (status, kind, …) are a semi-join per candidate. The page's full rows are loaded afterwards, by id.
 */
export async function searchCases(ctx: ServiceContext, f: SearchInput) {
  const pq = parseQuery(f.q);
  if (!pq.tsquery && !pq.orderKey && !pq.phoneKey) throw new AppError('SEARCH_QUERY_EMPTY', { q: f.q });
  const branches = await Promise.all(caseScopeColumns(ctx.actor).map((c) => searchBranch(ctx, f, pq, c).execute()));
  const byId = new Map(branches.flat().map((r) => [r.case_id, r]));
  const hits = [...byId.values()]
    .sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || (a.case_id < b.case_id ? 1 : -1))
    .slice(0, f.limit + 1);
  const page = hits.slice(0, f.limit);
  const rows = page.length
    ? await selectCases(ctx.db)
        .where(
          'cases.id',
          'in',
          page.map((h) => h.case_id),
        )
        .where(caseVisibleTo(ctx.actor))
        .execute()
    : [];
  const caseById = new Map(rows.map((r) => [r.id, r]));
  const last = page[page.length - 1];
  return {
    items: page.flatMap((h) => {
      const r = caseById.get(h.case_id);
      if (!r) return [];
      const matchedBy =
        pq.orderKey && h.order_key === pq.orderKey
          ? 'order_number'
          : pq.phoneKey && h.phone_key === pq.phoneKey
            ? 'phone'
            : 'text';
      return [
        {
          case: presentCase(r, ctx.actor, ctx.now),
          matchedBy,
          snippet: buildSnippet(h.body, pq.highlight),
        },
      ];
    }),
    nextCursor: hits.length > f.limit && last ? encodeCursor(last.created_at, last.case_id) : null,
  };
}

/** Filters that need the cases row; the others are answered from case_search's own columns. */
const needsCases = (f: CaseFilters) =>
  Boolean(f.status?.length || f.open || f.kind || f.category || f.severity || f.assigneeId || f.overdue);

function searchBranch(ctx: ServiceContext, f: SearchInput, pq: ParsedQuery, column: CaseScopeColumn) {
  const onCases: CaseFilters = { ...f, respondentTenantId: undefined, createdFrom: undefined, createdTo: undefined };
  delete onCases.cursor;
  return ctx.db
    .selectFrom('case_search')
    .select([
      'case_search.case_id',
      'case_search.created_at',
      'case_search.body',
      'case_search.order_key',
      'case_search.phone_key',
    ])
    .where(SEARCH_SCOPE[column], '=', ctx.actor.tenantId)
    .where((eb) => {
      const any = [];
      if (pq.tsquery) any.push(sql<boolean>`case_search.doc @@ to_tsquery('simple', ${pq.tsquery})`);
      if (pq.orderKey) any.push(eb('case_search.order_key', '=', pq.orderKey));
      if (pq.phoneKey) any.push(eb('case_search.phone_key', '=', pq.phoneKey));
      return eb.or(any);
    })
    .$if(Boolean(f.respondentTenantId), (qb) =>
      qb.where('case_search.respondent_tenant_id', '=', f.respondentTenantId as string),
    )
    .$if(Boolean(f.createdFrom), (qb) => qb.where('case_search.created_at', '>=', new Date(f.createdFrom as string)))
    .$if(Boolean(f.createdTo), (qb) => qb.where('case_search.created_at', '<', new Date(f.createdTo as string)))
    .$if(Boolean(f.cursor), (qb) => {
      const c = decodeCursor(f.cursor as string);
      return qb.where((eb) =>
        eb(eb.refTuple('case_search.created_at', 'case_search.case_id'), '<', eb.tuple(c.at, c.id)),
      );
    })
    .$if(needsCases(f), (qb) =>
      qb.where((eb: ExpressionBuilder<DB, 'case_search'>) =>
        eb.exists(
          eb
            .selectFrom('cases')
            .select(sql`1`.as('one'))
            .whereRef('cases.tenant_id', '=', 'case_search.tenant_id')
            .whereRef('cases.id', '=', 'case_search.case_id')
            .where(caseFilters(onCases, ctx.now)),
        ),
      ),
    )
    .orderBy('case_search.created_at', 'desc')
    .orderBy('case_search.case_id', 'desc')
    .limit(f.limit + 1);
}
