import type { Selectable } from 'kysely';
import type { OffersTable } from '../db/schema-resolution.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid } from './case-queries.ts';
import type { Executor } from './context.ts';

export type OfferRow = Selectable<OffersTable>;
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The staff view of an offer. */
export function presentOffer(o: OfferRow) {
  return {
    id: o.id,
    caseId: o.case_id,
    offeredByTenantId: o.offered_by_tenant_id,
    createdBy: o.created_by,
    type: o.type,
    amountFen: Number(o.amount_fen),
    description: o.description,
    promiseDueAt: iso(o.promise_due_at),
    state: o.state,
    approvalRole: o.approval_role,
    adminReason: o.admin_reason,
    approvedBy: o.approved_by,
    approvedAt: iso(o.approved_at),
    decisionNote: o.decision_note,
    sentAt: iso(o.sent_at),
    answeredAt: iso(o.answered_at),
    answeredVia: o.answered_via,
    answerNote: o.answer_note,
    counterAmountFen: o.counter_amount_fen === null ? null : Number(o.counter_amount_fen),
    createdAt: o.created_at.toISOString(),
  };
}

/** What the complainant sees through the access link: no staff ids, approvals or internal notes. */
export function presentOfferToComplainant(o: OfferRow) {
  return {
    id: o.id,
    type: o.type,
    amountFen: Number(o.amount_fen),
    description: o.description,
    promiseDueAt: iso(o.promise_due_at),
    state: o.state,
    sentAt: iso(o.sent_at),
    answeredAt: iso(o.answered_at),
    answerNote: o.answer_note,
    counterAmountFen: o.counter_amount_fen === null ? null : Number(o.counter_amount_fen),
  };
}

export async function loadOffer(trx: Executor, caseTenantId: string, caseId: string, offerId: string, lock = false) {
  if (!isUuid(offerId)) throw new AppError('OFFER_NOT_FOUND', { offerId });
  let q = trx
    .selectFrom('offers')
    .selectAll()
    .where('tenant_id', '=', caseTenantId)
    .where('case_id', '=', caseId)
    .where('id', '=', offerId);
  if (lock) q = q.forUpdate();
  const o = await q.executeTakeFirst();
  if (!o) throw new AppError('OFFER_NOT_FOUND', { offerId });
  return o;
}
