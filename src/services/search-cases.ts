import { type Expression, type SqlBool, sql } from 'kysely';
import { AppError } from '../domain/errors.ts';
import { type ParsedQuery, parseQuery, weekTsquery } from '../text/query.ts';
import { weekOf } from '../text/search-doc.ts';
import { buildSnippet } from '../text/snippet.ts';
import { selectCases } from './case-queries.ts';
import { type CaseFilters, caseFilters } from './case-reads.ts';
import { presentCase } from './case-view.ts';
import type { ServiceContext } from './context.ts';
import { decodeCursor, splitPage } from './pagination.ts';
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

/** The letter of each visibility column in the week terms of migration 0019 ("2968:r:<respondent id>"). */
const WEEK_SCOPE = {
  'cases.platform_tenant_id': 'p',
  'cases.respondent_tenant_id': 'r',
  'cases.ops_tenant_id': 'o',
} as const satisfies Record<CaseScopeColumn, string>;

/**
 * How many of the newest visible cases the first step reads (a setting so tests can make it small). Those cases
 * answer a word in ≥ 5 % of them at once, and every query of a scope (with its filters) that has fewer cases; for
 * the others, how many of them matched and how long the n-th newest case is ago size the second step's window.
 */
export const searchTuning = {
  recentWindow: 400,
  /**
   * Windows through the week-term index (migration 0019); false: through the scope GIN index's week column (0016),
   * the former path, kept so that the bench can measure both on the same database in the same run.
   */
  weekTerms: true,
};

/** Beyond this many weeks a window is no cheaper than every match. */
const MAX_WEEKS = 52;
const WEEK_MS = 7 * 86_400_000;

/**
 * Full-text search over the cases the actor may see, combined with the work-queue filters, newest first.
 * A query that is an order or phone number also matches those exactly. Snippets are cut in TypeScript
 * (see src/text/snippet.ts for why not ts_headline); there is no rank (newest first is the order agents want) and
 * no total count, so nothing has to visit every match.
 *
 * case_search carries created_at, its week and the visibility columns (migrations 0010, 0016), so each scope
 * column is answered from one table, in steps that do not depend on the planner guessing how common a word is (it
 * guesses badly for phrases and for words outside its statistics, and a wrong guess costs seconds at a million
 * cases):
 * 1. the newest searchTuning.recentWindow cases of the scope, walked on the (scope, created_at desc) index, text
 *    checked inline: enough for any very frequent word, and for any scope smaller than that;
 * 2. the matches of as many weeks as should hold two pages at the rate and pace seen in step 1, then all matches,
 *    found by the scope GIN index alone (materialised, so the planner cannot switch to walking the scope), newest
 *    first; the first window with a full page answers. A window holds every match newer than its start, so its
 *    newest page is the true newest page. An order or phone number skips to all matches (they are few).
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
  const { page, nextCursor } = splitPage(hits, f.limit, (r) => [r.created_at, r.case_id]);
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
    nextCursor,
  };
}

/** Filters that need the cases row; the others are answered from case_search's own columns. */
const needsCases = (f: CaseFilters) =>
  Boolean(f.status?.length || f.open || f.kind || f.category || f.severity || f.assigneeId || f.overdue || f.unread);

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
    .where(caseFilters(onCases, ctx.now, ctx.actor));
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
  // An order or phone number has a handful of matches: every match at once, by the key indexes and the GIN index.
  if (pq.phoneKey || (pq.orderKey && /\d{4}/.test(pq.orderKey))) return matchesIn(ctx, f, pq, column, want, null, 0);
  const n = searchTuning.recentWindow;
  const recent = await ctx.db
    .with('recent', () =>
      scoped(ctx, f, column)
        .select(['case_search.doc', 'case_search.order_key', 'case_search.phone_key'])
        .orderBy('case_search.created_at', 'desc')
        .orderBy('case_search.case_id', 'desc')
        .limit(n),
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
  // Fewer than a page among the newest n: all n were read. The n-th newest case (index only) tells how long n
  // cases take to arrive; none means the scope has fewer than n cases, all read, so `recent` is the answer.
  const edge = await scoped(ctx, f, column)
    .clearSelect()
    .select('case_search.created_at')
    .orderBy('case_search.created_at', 'desc')
    .orderBy('case_search.case_id', 'desc')
    .offset(n - 1)
    .limit(1)
    .executeTakeFirst();
  if (!edge) return recent;
  // Windows only ever set a lower bound, so a case newer than `upper` (clock skew) is still found.
  const bounds = [ctx.now.getTime()];
  if (f.cursor) bounds.push(decodeCursor(f.cursor).at.getTime());
  if (f.createdTo) bounds.push(new Date(f.createdTo).getTime());
  const upper = Math.min(...bounds);
  const oldest = edge.created_at.getTime();
  // Cases needed for two pages at the rate seen (no hit: as if half a hit), and the time they take to arrive.
  const cases = (2 * want * n) / Math.max(recent.length, 0.5);
  const span = Math.max(upper - oldest, 3_600_000) * (cases / n);
  const weeks = Math.ceil(span / WEEK_MS) + 1;
  if (weeks < MAX_WEEKS) {
    const rows = await matchesIn(ctx, f, pq, column, want, weeks, weekOf(new Date(upper)));
    if (rows.length === want) return rows;
  }
  return matchesIn(ctx, f, pq, column, want, null, 0);
}

/** The newest `want` matches of one scope column, among the cases of the weeks after `top - weeks` (null: all). */
async function matchesIn(
  ctx: ServiceContext,
  f: SearchInput,
  pq: ParsedQuery,
  column: CaseScopeColumn,
  want: number,
  weeks: number | null,
  top: number,
) {
  if (weeks !== null && pq.tsquery && searchTuning.weekTerms)
    return weekMatches(ctx, f, pq.tsquery, column, want, weeks, top);
  const matches = () =>
    scoped(ctx, f, column)
      .where(textMatch(pq, 'case_search'))
      .$if(weeks !== null, (qb) => qb.where('case_search.created_week', '>', top - (weeks as number)))
      .$if(needsCases(f), (qb) => qb.where(casesMatch(ctx, f, 'case_search')));
  return ctx.db
    .with((cte) => cte('matches').materialized(), matches)
    .selectFrom('matches')
    .select(['matches.case_id', 'matches.created_at'])
    .orderBy('matches.created_at', 'desc')
    .orderBy('matches.case_id', 'desc')
    .limit(want)
    .execute();
}

/**
 * A window of weeks through the week-term index (migration 0019): the index returns the documents of the scope
 * that have the query's words in one of those weeks, and only those rows are read; doc @@ the query then checks
 * phrases (the index has no positions) on them. Materialised so that the planner cannot walk the scope instead.
 * The scope column is compared as well (it is the rule; the week term is how the index finds it).
 */
async function weekMatches(
  ctx: ServiceContext,
  f: SearchInput,
  tsquery: string,
  column: CaseScopeColumn,
  want: number,
  weeks: number,
  top: number,
) {
  const { rows } = await sql<{ q: string }>`select to_tsquery('simple', ${tsquery})::text as q`.execute(ctx.db);
  const normalised = rows[0]?.q ?? '';
  // No lexeme left (to_tsquery dropped them all): nothing can match, as doc @@ would say.
  if (!normalised.includes("'")) return [];
  // The week after `top` too: a case dated a little after now (another server's clock) is still found.
  const list = Array.from({ length: weeks + 1 }, (_, i) => top + 1 - i);
  const wq = weekTsquery(normalised, list, `${WEEK_SCOPE[column]}:${ctx.actor.tenantId}`);
  const matches = () =>
    scoped(ctx, f, column)
      .select('case_search.doc')
      .where(
        sql<SqlBool>`case_search_week_terms(case_search.doc, case_search.created_week, case_search.platform_tenant_id,
          case_search.respondent_tenant_id, case_search.ops_tenant_id) @@ ${wq}::tsquery`,
      )
      .$if(needsCases(f), (qb) => qb.where(casesMatch(ctx, f, 'case_search')));
  return ctx.db
    .with((cte) => cte('matches').materialized(), matches)
    .selectFrom('matches')
    .select(['matches.case_id', 'matches.created_at'])
    .where(sql<SqlBool>`matches.doc @@ to_tsquery('simple', ${tsquery})`)
    .orderBy('matches.created_at', 'desc')
    .orderBy('matches.case_id', 'desc')
    .limit(want)
    .execute();
}
