import type { Static } from 'typebox';
import type { ForwardListQuery } from '../contracts/multi-party.ts';
import type { ServiceContext } from './context.ts';
import { presentForward } from './forward-store.ts';
import { decodeCursor, splitPage } from './pagination.ts';

/**
 * The forwards across cases, in one query instead of one read per case (the platform console): a platform sees the
 * forwards it made, a merchant or operations company those it has to answer. Newest first, keyset-paged.
 */
export async function listAllForwards(ctx: ServiceContext, q: Static<typeof ForwardListQuery> & { limit: number }) {
  const me = ctx.actor.tenantId;
  const rows = await ctx.db
    .selectFrom('case_forwards as f')
    .innerJoin('cases as c', (j) => j.onRef('c.tenant_id', '=', 'f.tenant_id').onRef('c.id', '=', 'f.case_id'))
    .innerJoin('tenants as r', 'r.id', 'f.respondent_tenant_id')
    .selectAll('f')
    .select(['c.case_number', 'r.name as respondent_name'])
    .where((eb) => eb.or([eb('f.platform_tenant_id', '=', me), eb('f.respondent_tenant_id', '=', me)]))
    .$if(Boolean(q.state?.length), (qb) => qb.where('f.state', 'in', q.state ?? []))
    .$if(Boolean(q.respondentTenantId), (qb) => qb.where('f.respondent_tenant_id', '=', q.respondentTenantId ?? ''))
    .$if(Boolean(q.overdue), (qb) => qb.where('f.state', '=', 'awaiting_reply').where('f.reply_due_at', '<', ctx.now))
    .$if(Boolean(q.cursor), (qb) => {
      const c = decodeCursor(q.cursor ?? '');
      return qb.where((eb) => eb(eb.refTuple('f.forwarded_at', 'f.id'), '<', eb.tuple(c.at, c.id)));
    })
    .orderBy('f.forwarded_at', 'desc')
    .orderBy('f.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const { page, nextCursor } = splitPage(rows, q.limit, (r) => [r.forwarded_at, r.id]);
  return {
    items: page.map((r) => ({
      ...presentForward(r, ctx.now),
      caseNumber: r.case_number,
      respondentName: r.respondent_name,
    })),
    nextCursor,
  };
}
