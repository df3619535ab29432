import { AppError } from '../domain/errors.ts';
import { initialOfferState } from '../domain/offers.ts';
import { monetaryOfferTypes } from '../domain/resolution-policy.ts';
import type { OfferType } from '../domain/resolution-vocabulary.ts';
import { loadVisibleCase } from './case-queries.ts';
import { isFlagged } from './complainant-flags.ts';
import type { ServiceContext } from './context.ts';
import { presentOffer } from './offer-view.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';
import { loadPolicy } from './resolution-policy.ts';

export interface OfferInput {
  type: OfferType;
  amountFen: number;
  description: string;
  /** When the promise that follows acceptance is due (reshipment by, refund by …). */
  promiseDueAt?: string | undefined;
}

/**
 * Proposes a solution to the complainant. Within the maker's approval limit (tenant policy) it is a draft that
 * can be sent at once; above it, it waits for approval by a role whose limit covers the amount.
 */
export async function makeOffer(ctx: ServiceContext, caseId: string, input: OfferInput) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    if (['closed', 'rejected', 'withdrawn', 'submitted'].includes(c.status))
      throw new AppError('ACTION_NOT_ALLOWED', { action: 'offer', status: c.status });
    const policy = await loadPolicy(trx, ctx.actor.tenantId);
    // Paying a complainant the organisation flagged as malicious needs an admin, whatever the amount (issue 5).
    const flagged =
      monetaryOfferTypes.includes(input.type) &&
      input.amountFen > 0 &&
      (await isFlagged(trx, ctx.actor.tenantId, c.complainant_phone, c.complainant_email));
    const { state, approvalRole } = initialOfferState(
      input.amountFen,
      ctx.actor.role,
      policy,
      flagged ? 'admin' : null,
    );
    const row = await trx
      .insertInto('offers')
      .values({
        tenant_id: c.tenant_id,
        case_id: c.id,
        offered_by_tenant_id: ctx.actor.tenantId,
        created_by: ctx.actor.userId,
        type: input.type,
        amount_fen: input.amountFen,
        description: input.description,
        promise_due_at: input.promiseDueAt ? new Date(input.promiseDueAt) : null,
        state,
        approval_role: approvalRole,
        admin_reason: flagged ? 'flagged_complainant' : null,
        created_at: ctx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const data = {
      offerId: row.id,
      type: input.type,
      amountFen: input.amountFen,
      state,
      approvalRole,
      ...(flagged ? { adminReason: 'flagged_complainant' } : {}),
    };
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'offer_made', data: { ...data, description: input.description } },
      audit: { action: 'offer.create', before: null, after: data },
      topic: state === 'pending_approval' ? 'offer.approval_requested' : 'offer.created',
    });
    return presentOffer(row);
  });
}
