import { type Expression, type SqlBool, sql } from 'kysely';
import { AppError } from '../domain/errors.ts';
import { type ParsedQuery, parseQuery } from '../text/query.ts';
import { buildSnippet } from '../text/snippet.ts';
import { selectCases } from './case-queries.ts';
import { type CaseFilters, caseFilters } from './case-reads.ts';
import { presentCase } from './case-view.ts';
import type { ServiceContext } from './context.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';
import { recordPiiAccess } from './pii-access.ts';
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
 * How many of the newest visible cases the first step reads. A word in at least ~1 % of them fills a page there;
 * a rarer one has few matches overall, so the GIN index finds them all and the newest are sorted out.
 */
export const RECENT_WINDOW = 2000;

/**
 * Full-text search over the cases the actor may see, combined with the work-queue filters, newest first.
 * A query that is an order or phone number also matches those exactly. Snippets are cut in TypeScript
 * (see src/text/snippet.ts for why not ts_headline).
 *
 * case_search carries created_at and the visibility columns (migration 0010), so each scope column is answered
 * from one table, in two steps that do not depend on the planner guessing how common a word is (it guesses badly
 * for phrases and for words outside its statistics, and a wrong guess costs seconds at a million cases):
 * 1. the newest RECENT_WINDOW cases of the scope, walked on the (scope, created_at desc) index, text checked inline:
 *    enough for any frequent word;
 * 2. otherwise the planner's choice for words, and every match (GIN index, materialised) for phrases, newest first.
 * Filters that live only on cases (status, kind, …) are a semi-join per candidate; the page's rows are loaded last.
 */
export async function searchCases(ctx: ServiceContext, f: SearchInput) {
  const pq = parseQuery(f.q);
  if (!pq.tsquery && !pq.orderKey && !pq.phoneKey) throw new AppError('SEARCH_QUERY_EMPTY', { q: f.q });
  const branches = await Promise.all(caseScopeColumns(ctx.actor).map((c) => searchBranch(ctx, f, pq, c)));
  const byId = new Map(branches.flat().map((r) => [r.case_id, r]));
  const hits = [...byId.values()]
    .sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || (a.case_id < b.case_id ? 1 : -1))
    .slice(0, f.limit + 1);
  const page = hits.slice(0, f.limit);
  const rows = page.length
    ? await selectCases(ctx.db)
        .innerJoin('case_search', (j) =>
          j.onRef('case_search.tenant_id', '=', 'cases.tenant_id').onRef('case_search.case_id', '=', 'cases.id'),
        )
        .select(['case_search.body as search_body', 'case_search.order_key', 'case_search.phone_key'])
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
  await recordPiiAccess(ctx.db, ctx.actor, rows, 'search', ctx.now);
  return {
    items: page.flatMap((h) => {
      const r = caseById.get(h.case_id);
      if (!r) return [];
      const matchedBy =
        pq.orderKey && r.order_key === pq.orderKey
          ? 'order_number'
          : pq.phoneKey && r.phone_key === pq.phoneKey
            ? 'phone'
            : 'text';
      return [
        { case: presentCase(r, ctx.actor, ctx.now), matchedBy, snippet: buildSnippet(r.search_body, pq.highlight) },
      ];
    }),
    nextCursor: hits.length > f.limit && last ? encodeCursor(last.created_at, last.case_id) : null,
  };
}

/** Filters that need the cases row; the others are answered from case_search's own columns. */
const needsCases = (f: CaseFilters) =>
  Boolean(f.status?.length || f.open || f.kind || f.category || f.severity || f.assigneeId || f.overdue);

/** The text condition on a case_search row (or a row of a query over it, `alias`). */
function textMatch(pq: ParsedQuery, alias: string): Expression<SqlBool> {
  const any = [];
  if (pq.tsquery) any.push(sql`${sql.ref(`${alias}.doc`)} @@ to_tsquery('simple', ${pq.tsquery})`);
  if (pq.orderKey) any.push(sql`${sql.ref(`${alias}.order_key`)} = ${pq.orderKey}`);
  if (pq.phoneKey) any.push(sql`${sql.ref(`${alias}.phone_key`)} = ${pq.phoneKey}`);
  return sql<SqlBool>`(${sql.join(any, sql` or `)})`;
}

/** The filters on cases' own columns, as a semi-join from `alias` (a case_search row). */
function casesMatch(ctx: ServiceContext, f: CaseFilters, alias: string) {
  const onCases: CaseFilters = { ...f, respondentTenantId: undefined, createdFrom: undefined, createdTo: undefined };
  delete onCases.cursor;
  const row = ctx.db
    .selectFrom('cases')
    .select(sql`1`.as('one'))
    .where(sql<SqlBool>`cases.tenant_id = ${sql.ref(`${alias}.tenant_id`)}`)
    .where(sql<SqlBool>`cases.id = ${sql.ref(`${alias}.case_id`)}`)
    .where(caseFilters(onCases, ctx.now));
  return sql<SqlBool>`exists (${row})`;
}

/** case_search rows of one scope column, with the filters case_search can answer itself and the page cursor. */
function scoped(ctx: ServiceContext, f: SearchInput, column: CaseScopeColumn) {
  return ctx.db
    .selectFrom('case_search')
    .select(['case_search.tenant_id', 'case_search.case_id', 'case_search.created_at'])
    .where(SEARCH_SCOPE[column], '=', ctx.actor.tenantId)
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
    });
}

async function searchBranch(ctx: ServiceContext, f: SearchInput, pq: ParsedQuery, column: CaseScopeColumn) {
  const want = f.limit + 1;
  const recent = await ctx.db
    .with('recent', () =>
      scoped(ctx, f, column)
        .select(['case_search.doc', 'case_search.order_key', 'case_search.phone_key'])
        .orderBy('case_search.created_at', 'desc')
        .orderBy('case_search.case_id', 'desc')
        .limit(RECENT_WINDOW),
    )
    .selectFrom('recent')
    .select(['recent.case_id', 'recent.created_at'])
    .where(textMatch(pq, 'recent'))
    .$if(needsCases(f), (qb) => qb.where(casesMatch(ctx, f, 'recent')))
    .orderBy('recent.created_at', 'desc')
    .orderBy('recent.case_id', 'desc')
    .limit(want)
    .execute();
  if (recent.length === want) return recent;
  const matches = () =>
    scoped(ctx, f, column)
      .where(textMatch(pq, 'case_search'))
      .$if(needsCases(f), (qb) => qb.where(casesMatch(ctx, f, 'case_search')));
  // Words: the planner knows how common each is (10,000 most common words sampled, migration 0010) and picks the
  // index walk or the GIN matches. Phrases (a <-> b) it guesses as common as a & b, often 10× too many, and would
  // walk the whole scope: their matches are materialised, so the GIN index is the only way in.
  if (!pq.tsquery?.includes('<->'))
    return matches()
      .orderBy('case_search.created_at', 'desc')
      .orderBy('case_search.case_id', 'desc')
      .limit(want)
      .execute();
  return ctx.db
    .with((cte) => cte('matches').materialized(), matches)
    .selectFrom('matches')
    .select(['matches.case_id', 'matches.created_at'])
    .orderBy('matches.created_at', 'desc')
    .orderBy('matches.case_id', 'desc')
    .limit(want)
    .execute();
}
