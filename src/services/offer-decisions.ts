import type { Updateable } from 'kysely';
import type { OffersTable } from '../db/schema-resolution.ts';
import { AppError } from '../domain/errors.ts';
import { mayApprove, offerMoveRefusal } from '../domain/offers.ts';
import type { OfferState } from '../domain/resolution-vocabulary.ts';
import { loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { loadOffer, presentOffer } from './offer-view.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';
import { loadPolicy } from './resolution-policy.ts';

export type OfferDecision = 'send' | 'approve' | 'decline' | 'withdraw';
const nextState: Record<OfferDecision, OfferState> = {
  send: 'sent',
  approve: 'approved',
  decline: 'declined',
  withdraw: 'withdrawn',
};

/**
 * Moves an offer inside the organisation that made it: approve or decline (by a role whose limit covers the
 * amount), send to the complainant (refused with APPROVAL_REQUIRED while approval is pending), or withdraw.
 */
export async function decideOffer(
  ctx: ServiceContext,
  caseId: string,
  offerId: string,
  decision: OfferDecision,
  note?: string,
) {
  requireRole(
    ctx.actor,
    decision === 'approve' || decision === 'decline' ? ['admin', 'supervisor'] : ['admin', 'supervisor', 'agent'],
  );
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    const o = await loadOffer(trx, c.tenant_id, c.id, offerId, true);
    // Another party's offers are not this organisation's to move.
    if (o.offered_by_tenant_id !== ctx.actor.tenantId) throw new AppError('OFFER_NOT_FOUND', { offerId });
    const refusal = offerMoveRefusal(o.state as OfferState, decision);
    if (refusal) throw new AppError(refusal, { offerId, state: o.state, decision });
    const amountFen = Number(o.amount_fen);
    if (decision === 'approve' || decision === 'decline') {
      const policy = await loadPolicy(trx, ctx.actor.tenantId);
      if (o.admin_reason && ctx.actor.role !== 'admin')
        throw new AppError('FLAGGED_COMPLAINANT_ADMIN_ONLY', { offerId, adminReason: o.admin_reason });
      const role = o.approval_role as 'supervisor' | 'admin' | null;
      if (!mayApprove(ctx.actor.role, amountFen, role, policy))
        throw new AppError('APPROVAL_LIMIT_EXCEEDED', { amountFen, approvalRole: role, role: ctx.actor.role });
    }
    if (decision === 'send' && ['closed', 'rejected', 'withdrawn'].includes(c.status))
      throw new AppError('ACTION_NOT_ALLOWED', { action: 'send_offer', status: c.status });
    const to = nextState[decision];
    const set: Updateable<OffersTable> = { state: to };
    if (decision === 'approve' || decision === 'decline') {
      set.approved_by = ctx.actor.userId;
      set.approved_at = ctx.now;
      set.decision_note = note ?? null;
    }
    if (decision === 'send') set.sent_at = ctx.now;
    const row = await trx
      .updateTable('offers')
      .set(set)
      .where('tenant_id', '=', o.tenant_id)
      .where('id', '=', o.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const data = { offerId: o.id, from: o.state, to, amountFen, ...(note ? { note } : {}) };
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: `offer_${to}`, data },
      audit: { action: `offer.${decision}`, before: { state: o.state }, after: data },
      topic: `offer.${to}`,
    });
    return presentOffer(row);
  });
}
