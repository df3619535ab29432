import { AppError } from '../domain/errors.ts';
import { loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { presentForward } from './forward-store.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';
import { loadPolicy } from './resolution-policy.ts';

const HOUR_MS = 3_600_000;

/**
 * The platform hands a case to the respondent (merchant or operations company) with a reply deadline
 * (platform policy; a common platform rule is 48 hours, domain.md "Clocks").
 */
export async function forwardCase(
  ctx: ServiceContext,
  caseId: string,
  input: { replyHours?: number | undefined; note?: string | undefined },
) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    if (ctx.actor.tenantKind !== 'platform' || c.platform_tenant_id !== ctx.actor.tenantId)
      throw new AppError('FORWARD_NOT_ALLOWED', { caseId });
    if (['closed', 'rejected', 'withdrawn'].includes(c.status))
      throw new AppError('ACTION_NOT_ALLOWED', { action: 'forward', status: c.status });
    const open = await trx
      .selectFrom('case_forwards')
      .select('id')
      .where('tenant_id', '=', c.tenant_id)
      .where('case_id', '=', c.id)
      .where('state', '<>', 'ruled')
      .executeTakeFirst();
    if (open) throw new AppError('FORWARD_NOT_ALLOWED', { caseId, openForwardId: open.id });
    const hours = input.replyHours ?? (await loadPolicy(trx, ctx.actor.tenantId)).replyHours;
    const replyDueAt = new Date(ctx.now.getTime() + hours * HOUR_MS);
    const row = await trx
      .insertInto('case_forwards')
      .values({
        tenant_id: c.tenant_id,
        case_id: c.id,
        platform_tenant_id: ctx.actor.tenantId,
        respondent_tenant_id: c.respondent_tenant_id,
        forwarded_by: ctx.actor.userId,
        forwarded_at: ctx.now,
        reply_due_at: replyDueAt,
        state: 'awaiting_reply',
        reply_evidence_ids: '[]',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const data = {
      forwardId: row.id,
      respondentTenantId: c.respondent_tenant_id,
      replyDueAt: replyDueAt.toISOString(),
      ...(input.note ? { note: input.note } : {}),
    };
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'forwarded', data },
      audit: { action: 'case.forward', before: null, after: data },
      topic: 'case.forwarded',
    });
    return presentForward(row, ctx.now);
  });
}

export async function listForwards(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const rows = await ctx.db
    .selectFrom('case_forwards')
    .selectAll()
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .orderBy('forwarded_at')
    .execute();
  return { items: rows.map((r) => presentForward(r, ctx.now)) };
}
