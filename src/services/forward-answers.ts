import { AppError } from '../domain/errors.ts';
import type { ForwardReplyKind, Ruling } from '../domain/resolution-vocabulary.ts';
import { isUuid, loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { openForward, presentForward } from './forward-store.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';

/** The respondent answers the platform: a reply, a proposed solution, or a dispute with evidence. */
export async function replyToForward(
  ctx: ServiceContext,
  caseId: string,
  input: { kind: ForwardReplyKind; text: string; evidenceIds?: string[] | undefined },
) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    const f = await openForward(trx, c.tenant_id, c.id);
    if (f.respondent_tenant_id !== ctx.actor.tenantId) throw new AppError('NOT_THE_RESPONDENT', { caseId });
    if (f.state !== 'awaiting_reply') throw new AppError('ACTION_NOT_ALLOWED', { action: 'reply', state: f.state });
    const evidenceIds = input.evidenceIds ?? [];
    if (evidenceIds.some((e) => !isUuid(e))) throw new AppError('EVIDENCE_NOT_FOUND', { evidenceIds });
    if (evidenceIds.length) {
      const found = await trx
        .selectFrom('evidence')
        .select('id')
        .where('tenant_id', '=', c.tenant_id)
        .where('case_id', '=', c.id)
        .where('id', 'in', evidenceIds)
        .execute();
      if (found.length !== new Set(evidenceIds).size) throw new AppError('EVIDENCE_NOT_FOUND', { evidenceIds });
    }
    const state = input.kind === 'dispute' ? 'disputed' : 'replied';
    const row = await trx
      .updateTable('case_forwards')
      .set({
        state,
        reply_kind: input.kind,
        reply_text: input.text,
        reply_evidence_ids: JSON.stringify(evidenceIds),
        replied_by: ctx.actor.userId,
        replied_at: ctx.now,
      })
      .where('tenant_id', '=', f.tenant_id)
      .where('id', '=', f.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const late = f.reply_due_at.getTime() < ctx.now.getTime();
    const data = { forwardId: f.id, kind: input.kind, text: input.text, evidenceIds, late };
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'respondent_replied', data },
      audit: { action: 'case.forward_reply', before: { state: f.state }, after: { ...data, state } },
      topic: 'case.respondent_replied',
    });
    return presentForward(row, ctx.now);
  });
}

/** The platform records that the complainant does not accept the respondent's answer. */
export async function recordDisagreement(ctx: ServiceContext, caseId: string, text: string) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    if (c.platform_tenant_id !== ctx.actor.tenantId || ctx.actor.tenantKind !== 'platform')
      throw new AppError('PLATFORM_ONLY', { caseId });
    const f = await openForward(trx, c.tenant_id, c.id);
    if (f.state !== 'replied') throw new AppError('ACTION_NOT_ALLOWED', { action: 'disagreement', state: f.state });
    const row = await trx
      .updateTable('case_forwards')
      .set({ state: 'disputed', disagreement: text })
      .where('tenant_id', '=', f.tenant_id)
      .where('id', '=', f.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const data = { forwardId: f.id, text };
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'parties_disagree', data },
      audit: { action: 'case.forward_disagreement', before: { state: f.state }, after: { ...data, state: 'disputed' } },
    });
    return presentForward(row, ctx.now);
  });
}

/**
 * The platform rules (平台介入): when the reply deadline passed without an answer or the parties disagree, it
 * orders a refund or compensation, dismisses the complaint, or records a violation by the respondent.
 */
export async function ruleOnCase(
  ctx: ServiceContext,
  caseId: string,
  input: { ruling: Ruling; text: string; amountFen?: number | undefined },
) {
  requireRole(ctx.actor, ['admin', 'supervisor']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    if (c.platform_tenant_id !== ctx.actor.tenantId || ctx.actor.tenantKind !== 'platform')
      throw new AppError('PLATFORM_ONLY', { caseId });
    const f = await openForward(trx, c.tenant_id, c.id);
    const deadlinePassed = f.state === 'awaiting_reply' && f.reply_due_at.getTime() < ctx.now.getTime();
    if (f.state !== 'disputed' && !deadlinePassed)
      throw new AppError('RULING_NOT_DUE', { state: f.state, replyDueAt: f.reply_due_at.toISOString() });
    const money = input.ruling === 'order_refund' || input.ruling === 'order_compensation';
    if (money && input.amountFen === undefined)
      throw new AppError('VALIDATION_FAILED', { field: 'amountFen', reason: 'required for a refund or compensation' });
    const row = await trx
      .updateTable('case_forwards')
      .set({
        state: 'ruled',
        ruling: input.ruling,
        ruling_amount_fen: money ? (input.amountFen ?? null) : null,
        ruling_text: input.text,
        ruled_by: ctx.actor.userId,
        ruled_at: ctx.now,
      })
      .where('tenant_id', '=', f.tenant_id)
      .where('id', '=', f.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const data = {
      forwardId: f.id,
      ruling: input.ruling,
      text: input.text,
      reason: deadlinePassed ? 'reply_deadline_passed' : 'parties_disagree',
      ...(money ? { amountFen: input.amountFen } : {}),
    };
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'platform_ruling', data },
      audit: { action: 'case.ruling', before: { state: f.state }, after: data },
      topic: 'case.ruled',
    });
    return presentForward(row, ctx.now);
  });
}
