import { AppError } from '../domain/errors.ts';
import { isUuid, loadVisibleCase } from './case-queries.ts';
import { presentCase } from './case-view.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';

/**
 * Sets the first responsible person (首问责任人): someone in an organisation that handles the case. Changing an
 * existing assignment is a reassignment and needs a reason, which goes on the timeline.
 */
export async function assignCase(ctx: ServiceContext, caseId: string, assigneeId: string, reason?: string) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  await ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    if (['closed', 'rejected', 'withdrawn'].includes(c.status))
      throw new AppError('ACTION_NOT_ALLOWED', { action: 'assign', status: c.status });
    if (c.assignee_id === assigneeId) return;
    if (c.assignee_id && !reason?.trim()) throw new AppError('REASON_REQUIRED', { action: 'reassign' });
    const handlers = [c.tenant_id, c.respondent_tenant_id, c.ops_tenant_id].filter((t): t is string => t !== null);
    const member = isUuid(assigneeId)
      ? await trx
          .selectFrom('memberships')
          .select('user_id')
          .where('user_id', '=', assigneeId)
          .where('tenant_id', 'in', handlers)
          .where('role', 'in', ['admin', 'supervisor', 'agent'])
          .executeTakeFirst()
      : undefined;
    if (!member) throw new AppError('ASSIGNEE_NOT_MEMBER', { assigneeId });
    await trx
      .updateTable('cases')
      .set({ assignee_id: assigneeId, updated_at: ctx.now, version: c.version + 1 })
      .where('tenant_id', '=', c.tenant_id)
      .where('id', '=', c.id)
      .execute();
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: {
        type: c.assignee_id ? 'reassigned' : 'assigned',
        data: { from: c.assignee_id, to: assigneeId, ...(reason ? { reason } : {}) },
      },
      audit: { action: 'case.assign', before: { assigneeId: c.assignee_id }, after: { assigneeId } },
      topic: 'case.assigned',
    });
  });
  return presentCase(await loadVisibleCase(ctx.db, ctx.actor, caseId), ctx.actor, ctx.now);
}
