import { sql } from 'kysely';
import { fillTemplate, maskName, type TemplateVariable } from '../domain/canned-text.ts';
import { seesPersonalData } from '../domain/masking.ts';
import type { Category } from '../domain/vocabulary.ts';
import { anyTermQuery, overlap, similarityTerms } from '../text/similarity.ts';
import { loadVisibleCase } from './case-queries.ts';
import type { CaseWithOrder } from './case-view.ts';
import type { ServiceContext } from './context.ts';
import { caseVisibleTo } from './scope.ts';

/** Satisfaction (满意度) at or above this counts as a good close: what suggested replies learn from. */
export const GOOD_RATING = 4;
/** Candidates PostgreSQL ranks before the token overlap re-ranks them. */
const CANDIDATES = 50;

/** The latest answered follow-up's rating of a case, or null. */
const latestRating = sql<number | null>`(select f.rating from follow_ups f
  where f.tenant_id = cases.tenant_id and f.case_id = cases.id and f.state = 'answered'
  order by f.answered_at desc limit 1)`;

interface Similar {
  caseId: string;
  caseNumber: string;
  category: Category | null;
  resolution: string | null;
  rootCauseType: string | null;
  rootCauseText: string | null;
  closedAt: string | null;
  satisfaction: number | null;
  score: number;
  sharedTerms: string[];
}

/**
 * The closed cases the actor may see that are most like this one: the words of its reason (jieba, no stop words)
 * as an OR query on the search documents, PostgreSQL's ts_rank picks the candidates, and the share of the
 * case's words each candidate contains is the score (ties: ts_rank, then the most recent close).
 */
async function findSimilar(ctx: ServiceContext, c: CaseWithOrder, limit: number) {
  const terms = similarityTerms(c.reason);
  if (terms.length === 0) return { terms, items: [] as Similar[] };
  const tsq = sql`to_tsquery('simple', ${anyTermQuery(terms)})`;
  const rows = await ctx.db
    .selectFrom('case_search')
    .innerJoin('cases', (j) =>
      j.onRef('cases.tenant_id', '=', 'case_search.tenant_id').onRef('cases.id', '=', 'case_search.case_id'),
    )
    .select([
      'cases.id',
      'cases.case_number',
      'cases.category',
      'cases.resolution',
      'cases.root_cause_type',
      'cases.root_cause_text',
      'cases.closed_at',
      latestRating.as('rating'),
      sql<number>`ts_rank(case_search.doc, ${tsq})`.as('rank'),
      sql<string[]>`tsvector_to_array(case_search.doc)`.as('lexemes'),
    ])
    .where(caseVisibleTo(ctx.actor))
    .where('cases.status', '=', 'closed')
    .where('cases.id', '<>', c.id)
    .where(sql<boolean>`case_search.doc @@ ${tsq}`)
    .orderBy('rank', 'desc')
    .limit(CANDIDATES)
    .execute();
  const items = rows
    .map((r) => {
      const o = overlap(terms, r.lexemes);
      return {
        rank: r.rank,
        view: {
          caseId: r.id,
          caseNumber: r.case_number,
          category: r.category as Category | null,
          resolution: r.resolution,
          rootCauseType: r.root_cause_type,
          rootCauseText: r.root_cause_text,
          closedAt: r.closed_at?.toISOString() ?? null,
          satisfaction: r.rating,
          score: o.score,
          sharedTerms: o.shared,
        } satisfies Similar,
      };
    })
    .sort(
      (a, b) =>
        b.view.score - a.view.score || b.rank - a.rank || (b.view.closedAt ?? '').localeCompare(a.view.closedAt ?? ''),
    )
    .slice(0, limit)
    .map((x) => x.view);
  return { terms, items };
}

export async function similarCases(ctx: ServiceContext, caseId: string, limit: number) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const { terms, items } = await findSimilar(ctx, c, limit);
  return { caseId: c.id, terms, items };
}

/**
 * Replies to suggest for a case: the organisation's templates that suit its category (then the general ones),
 * ranked by how many cases they were sent on that closed with good satisfaction, filled from the case; and the
 * resolutions of similar closed cases, a well-rated close first.
 */
export async function suggestedReplies(ctx: ServiceContext, caseId: string, limit: number) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const [templates, stats, similar, names] = await Promise.all([
    ctx.db
      .selectFrom('canned_responses')
      .selectAll()
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('archived_at', 'is', null)
      .$if(c.category !== null, (q) =>
        q.where((eb) => eb.or([eb('category', '=', c.category as string), eb('category', 'is', null)])),
      )
      .execute(),
    ctx.db
      .selectFrom('canned_response_uses as u')
      .innerJoin('cases', (j) =>
        j.onRef('cases.tenant_id', '=', 'u.case_tenant_id').onRef('cases.id', '=', 'u.case_id'),
      )
      .select([
        'u.canned_response_id',
        sql<number>`count(distinct u.case_id)::int`.as('cases'),
        sql<number>`count(distinct u.case_id) filter (where cases.status = 'closed' and ${latestRating} >= ${GOOD_RATING})::int`.as(
          'satisfied',
        ),
      ])
      .where('u.tenant_id', '=', ctx.actor.tenantId)
      .groupBy('u.canned_response_id')
      .execute(),
    findSimilar(ctx, c, 10),
    ctx.db
      .selectFrom('tenants')
      .select([
        'tenants.name as respondent',
        (eb) =>
          eb.selectFrom('users').select('users.display_name').where('users.id', '=', ctx.actor.userId).as('agent'),
      ])
      .where('tenants.id', '=', c.respondent_tenant_id)
      .executeTakeFirst(),
  ]);
  const byTemplate = new Map(stats.map((s) => [s.canned_response_id, s]));
  const values: Record<TemplateVariable, string | null> = {
    客户姓名: seesPersonalData(ctx.actor.role) ? c.complainant_name : maskName(c.complainant_name),
    订单号: c.order_number,
    投诉编号: c.case_number,
    商家名称: names?.respondent ?? null,
    坐席姓名: names?.agent ?? null,
  };
  const ranked = templates
    .map((t) => {
      const s = byTemplate.get(t.id);
      return {
        id: t.id,
        title: t.title,
        category: t.category as Category | null,
        match: t.category !== null && t.category === c.category ? ('category' as const) : ('general' as const),
        usedOnCases: s?.cases ?? 0,
        closedSatisfied: s?.satisfied ?? 0,
        text: fillTemplate(t.body, values),
      };
    })
    .sort(
      (a, b) =>
        (a.match === b.match ? 0 : a.match === 'category' ? -1 : 1) ||
        b.closedSatisfied - a.closedSatisfied ||
        b.usedOnCases - a.usedOnCases ||
        a.title.localeCompare(b.title, 'zh-CN'),
    )
    .slice(0, limit);
  const weight = (rating: number | null) => (rating === null ? 1 : rating >= GOOD_RATING ? 1.5 : rating <= 2 ? 0.5 : 1);
  const resolutions = similar.items
    .filter((s) => s.resolution)
    .map((s) => ({
      caseId: s.caseId,
      caseNumber: s.caseNumber,
      resolution: s.resolution as string,
      satisfaction: s.satisfaction,
      score: Math.round(s.score * weight(s.satisfaction) * 1000) / 1000,
      sharedTerms: s.sharedTerms,
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
  return { caseId: c.id, category: c.category as Category | null, templates: ranked, resolutions };
}
