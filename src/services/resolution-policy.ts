import { defaultResolutionPolicy, type ResolutionPolicy } from '../domain/resolution-policy.ts';
import type { Executor, ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

/** The tenant's resolution policy, or the defaults when it never set one. */
export async function loadPolicy(db: Executor, tenantId: string): Promise<ResolutionPolicy> {
  const row = await db
    .selectFrom('resolution_policies')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) return { ...defaultResolutionPolicy };
  return {
    agentLimitFen: Number(row.agent_limit_fen),
    supervisorLimitFen: Number(row.supervisor_limit_fen),
    followUpDays: row.follow_up_days,
    reopenWindowDays: row.reopen_window_days,
    replyHours: row.reply_hours,
  };
}

export async function getPolicy(ctx: ServiceContext) {
  return loadPolicy(ctx.db, ctx.actor.tenantId);
}

/** An admin sets approval limits, follow-up delay, reopen window and reply deadline for the organisation. */
export async function setPolicy(ctx: ServiceContext, patch: Partial<ResolutionPolicy>) {
  requireRole(ctx.actor, ['admin']);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await loadPolicy(trx, ctx.actor.tenantId);
    const next = { ...before, ...patch };
    const row = {
      agent_limit_fen: next.agentLimitFen,
      supervisor_limit_fen: next.supervisorLimitFen,
      follow_up_days: next.followUpDays,
      reopen_window_days: next.reopenWindowDays,
      reply_hours: next.replyHours,
      updated_at: ctx.now,
    };
    await trx
      .insertInto('resolution_policies')
      .values({ tenant_id: ctx.actor.tenantId, ...row })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(row))
      .execute();
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'resolution_policy.set',
      entity: 'tenant',
      entityId: ctx.actor.tenantId,
      before,
      after: next,
      at: ctx.now,
    });
    return next;
  });
}
