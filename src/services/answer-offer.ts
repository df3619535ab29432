import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { answerState, offerMoveRefusal, promiseKindFor } from '../domain/offers.ts';
import type { OfferAnswer, OfferState, OfferType } from '../domain/resolution-vocabulary.ts';
import { resolveAccessLink } from './access-links.ts';
import { loadVisibleCase, selectCases } from './case-queries.ts';
import type { CaseWithOrder } from './case-view.ts';
import type { Executor, ServiceContext } from './context.ts';
import { loadOffer, presentOffer, presentOfferToComplainant } from './offer-view.ts';
import { requireRole } from './permissions.ts';
import { insertPromise } from './promise-store.ts';
import { recordCaseChange } from './record.ts';

export interface OfferAnswerInput {
  answer: OfferAnswer;
  note?: string | undefined;
  counterAmountFen?: number | undefined;
}

interface AnsweredBy {
  via: 'agent' | 'link';
  tenantId: string;
  userId: string | null;
}

/**
 * The complainant's answer to a sent offer. Accepting an offer that names a due date turns it into a promise
 * owned by the case's responsible person (or the offer's maker), so the commitment is tracked to the end.
 */
async function answer(
  trx: Executor,
  c: CaseWithOrder,
  offerId: string,
  input: OfferAnswerInput,
  by: AnsweredBy,
  now: Date,
) {
  const o = await loadOffer(trx, c.tenant_id, c.id, offerId, true);
  const refusal = offerMoveRefusal(o.state as OfferState, 'answer');
  if (refusal) throw new AppError(refusal, { offerId, state: o.state });
  if (input.answer === 'counter' && input.counterAmountFen === undefined && !input.note?.trim())
    throw new AppError('COUNTER_AMOUNT_REQUIRED', { offerId });
  const to = answerState[input.answer];
  const row = await trx
    .updateTable('offers')
    .set({
      state: to,
      answered_at: now,
      answered_via: by.via,
      answer_note: input.note ?? null,
      counter_amount_fen: input.answer === 'counter' ? (input.counterAmountFen ?? null) : null,
    })
    .where('tenant_id', '=', o.tenant_id)
    .where('id', '=', o.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const data = {
    offerId: o.id,
    answer: input.answer,
    via: by.via,
    ...(input.note ? { note: input.note } : {}),
    ...(input.counterAmountFen !== undefined && input.answer === 'counter'
      ? { counterAmountFen: input.counterAmountFen }
      : {}),
  };
  await recordCaseChange(trx, {
    caseTenantId: c.tenant_id,
    caseId: c.id,
    actorTenantId: by.tenantId,
    actorUserId: by.userId,
    at: now,
    event: { type: 'offer_answered', data },
    audit: { action: `offer.${input.answer}`, before: { state: o.state }, after: { ...data, state: to } },
    topic: 'offer.answered',
  });
  if (to === 'accepted' && o.promise_due_at) {
    const owner = c.assignee_id ?? o.created_by;
    if (owner) {
      await insertPromise(
        trx,
        {
          caseTenantId: c.tenant_id,
          caseId: c.id,
          offerId: o.id,
          kind: promiseKindFor(o.type as OfferType),
          description: o.description,
          ownerId: owner,
          ownerTenantId: o.offered_by_tenant_id,
          dueAt: o.promise_due_at,
          createdBy: by.userId,
          actorTenantId: by.tenantId,
        },
        now,
      );
    }
  }
  return row;
}

/** An agent records the complainant's answer given by phone or chat. */
export async function answerOfferAsAgent(
  ctx: ServiceContext,
  caseId: string,
  offerId: string,
  input: OfferAnswerInput,
) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    const by = { via: 'agent' as const, tenantId: ctx.actor.tenantId, userId: ctx.actor.userId };
    return presentOffer(await answer(trx, c, offerId, input, by, ctx.now));
  });
}

/** The complainant answers through the case access link; recorded as the case owner's system. */
export async function answerOfferByLink(
  db: Kysely<DB>,
  token: string,
  offerId: string,
  input: OfferAnswerInput,
  now: Date,
) {
  const linked = await resolveAccessLink(db, token, now);
  return db.transaction().execute(async (trx) => {
    const c = await loadCaseForUpdate(trx, linked);
    const by = { via: 'link' as const, tenantId: c.tenant_id, userId: null };
    return presentOfferToComplainant(await answer(trx, c, offerId, input, by, now));
  });
}

/** Re-reads and locks the case a link resolved to, inside the answering transaction. */
export async function loadCaseForUpdate(trx: Executor, c: CaseWithOrder): Promise<CaseWithOrder> {
  return selectCases(trx)
    .where('cases.tenant_id', '=', c.tenant_id)
    .where('cases.id', '=', c.id)
    .forUpdate('cases')
    .executeTakeFirstOrThrow();
}
