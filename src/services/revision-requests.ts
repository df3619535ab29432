import type { Selectable } from 'kysely';
import type { ReviewsTable, RevisionRequestsTable } from '../db/schema-import.ts';
import { AppError } from '../domain/errors.ts';
import { offersInducement, type RevisionChannel, type RevisionOutcome } from '../domain/review-rules.ts';
import { isUuid, loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';

export function presentRevisionRequest(r: Selectable<RevisionRequestsTable>) {
  return {
    id: r.id,
    caseId: r.case_id,
    channel: r.channel,
    message: r.message,
    outcome: r.outcome,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at.toISOString(),
    answeredAt: r.answered_at?.toISOString() ?? null,
  };
}

function presentReview(r: Selectable<ReviewsTable>) {
  return {
    id: r.id,
    externalId: r.external_id,
    orderId: r.order_id,
    orderNumber: r.order_number,
    productName: r.product_name,
    sku: r.sku,
    reviewerName: r.reviewer_name,
    rating: r.rating,
    text: r.text,
    shopReply: r.shop_reply,
    revised: r.revised,
    postedAt: r.posted_at?.toISOString() ?? null,
  };
}

/** The review behind a bad-review case (text, the shop's reply, whether the buyer revised it) and the requests. */
export async function getCaseReview(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const review = await ctx.db
    .selectFrom('reviews')
    .selectAll()
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .executeTakeFirst();
  const requests = await ctx.db
    .selectFrom('revision_requests')
    .selectAll()
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .orderBy('requested_at')
    .execute();
  return { review: review ? presentReview(review) : null, revisionRequests: requests.map(presentRevisionRequest) };
}

/**
 * Records that the reviewer was asked to revise a bad review. Asking is all a shop may do: the request may not
 * offer money for it (REVISION_INDUCEMENT_FORBIDDEN), and the buyer's answer is recorded, whatever it is.
 */
export async function requestRevision(
  ctx: ServiceContext,
  caseId: string,
  input: { channel: RevisionChannel; message: string },
) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  if (offersInducement(input.message)) throw new AppError('REVISION_INDUCEMENT_FORBIDDEN', {});
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    if (c.kind !== 'bad_review') throw new AppError('REVISION_REQUEST_NOT_ALLOWED', { kind: c.kind });
    const row = await trx
      .insertInto('revision_requests')
      .values({
        tenant_id: c.tenant_id,
        case_id: c.id,
        channel: input.channel,
        message: input.message,
        requested_by: ctx.actor.userId,
        requested_by_tenant_id: ctx.actor.tenantId,
        requested_at: ctx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentRevisionRequest(row);
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'revision_requested', data: { requestId: row.id, channel: input.channel } },
      audit: { action: 'revision_request.create', before: null, after: view },
      topic: 'case.revision_requested',
    });
    return view;
  });
}

/** The buyer's answer: revised, declined, or no answer. Revised marks the linked review as revised. */
export async function recordRevisionOutcome(
  ctx: ServiceContext,
  caseId: string,
  requestId: string,
  outcome: RevisionOutcome,
) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    const before = isUuid(requestId)
      ? await trx
          .selectFrom('revision_requests')
          .selectAll()
          .where('tenant_id', '=', c.tenant_id)
          .where('case_id', '=', c.id)
          .where('id', '=', requestId)
          .executeTakeFirst()
      : undefined;
    if (!before) throw new AppError('REVISION_REQUEST_NOT_FOUND', { requestId });
    if (before.outcome !== null) throw new AppError('REVISION_ALREADY_ANSWERED', { outcome: before.outcome });
    const row = await trx
      .updateTable('revision_requests')
      .set({ outcome, answered_at: ctx.now })
      .where('tenant_id', '=', c.tenant_id)
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (outcome === 'revised')
      await trx
        .updateTable('reviews')
        .set({ revised: true, updated_at: ctx.now })
        .where('tenant_id', '=', c.tenant_id)
        .where('case_id', '=', c.id)
        .execute();
    const view = presentRevisionRequest(row);
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'revision_answered', data: { requestId: row.id, outcome } },
      audit: { action: 'revision_request.answer', before: presentRevisionRequest(before), after: view },
      topic: 'case.revision_answered',
    });
    return view;
  });
}
