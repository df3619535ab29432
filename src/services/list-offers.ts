import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { resolveAccessLink } from './access-links.ts';
import { loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { presentOffer, presentOfferToComplainant } from './offer-view.ts';

export async function listOffers(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const rows = await ctx.db
    .selectFrom('offers')
    .selectAll()
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return { items: rows.map(presentOffer) };
}

/** Offers that reached the complainant; drafts and offers waiting for approval stay internal. */
export async function listOffersByLink(db: Kysely<DB>, token: string, now: Date) {
  const c = await resolveAccessLink(db, token, now);
  const rows = await db
    .selectFrom('offers')
    .selectAll()
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .where('state', 'in', ['sent', 'accepted', 'rejected', 'countered'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return { items: rows.map(presentOfferToComplainant) };
}
