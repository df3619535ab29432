import { AppError } from '../domain/errors.ts';
import type { Role } from '../domain/vocabulary.ts';
import { forgetCachedActors } from './auth.ts';
import { isUuid } from './case-queries.ts';
import type { Executor, ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

/**
 * An admin changes a member's role or removes them from the organisation. Removing deletes the membership and
 * revokes the person's tokens here (their sessions stop at once); the user, their cases, events and audit rows stay,
 * so the history still names them. An organisation never loses its last admin (LAST_ADMIN), which also keeps the
 * last admin from demoting or removing themselves.
 */
export async function changeMemberRole(ctx: ServiceContext, userId: string, role: Role) {
  requireRole(ctx.actor, ['admin']);
  return ctx.db.transaction().execute(async (trx) => {
    const m = await lockMember(trx, ctx.actor.tenantId, userId);
    if (m.role === role) return present(m);
    if (m.role === 'admin') await keepAnAdmin(trx, ctx.actor.tenantId, userId);
    await trx
      .updateTable('memberships')
      .set({ role })
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('user_id', '=', userId)
      .execute();
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'membership.role',
      entity: 'user',
      entityId: userId,
      before: { role: m.role },
      after: { role },
      at: ctx.now,
    });
    forgetCachedActors();
    return present({ ...m, role });
  });
}

export async function removeMember(ctx: ServiceContext, userId: string) {
  requireRole(ctx.actor, ['admin']);
  await ctx.db.transaction().execute(async (trx) => {
    const m = await lockMember(trx, ctx.actor.tenantId, userId);
    if (m.role === 'admin') await keepAnAdmin(trx, ctx.actor.tenantId, userId);
    await trx
      .deleteFrom('memberships')
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('user_id', '=', userId)
      .execute();
    const revoked = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: ctx.now })
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .execute();
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'membership.remove',
      entity: 'user',
      entityId: userId,
      before: { email: m.email, role: m.role },
      after: { revokedTokens: revoked.length },
      at: ctx.now,
    });
  });
  forgetCachedActors();
}

type MemberRow = { user_id: string; email: string; display_name: string; role: string; created_at: Date };

async function lockMember(trx: Executor, tenantId: string, userId: string): Promise<MemberRow> {
  if (!isUuid(userId)) throw new AppError('MEMBER_NOT_FOUND', { userId });
  // Membership changes of one organisation take turns (the tenant row as the lock): two admins demoting each
  // other at once cannot both pass the last-admin check, nor deadlock on each other's rows.
  await trx.selectFrom('tenants').select('id').where('id', '=', tenantId).forUpdate().executeTakeFirstOrThrow();
  const m = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.email', 'u.display_name', 'm.role', 'm.created_at'])
    .where('m.tenant_id', '=', tenantId)
    .where('m.user_id', '=', userId)
    .forUpdate('m')
    .executeTakeFirst();
  if (!m) throw new AppError('MEMBER_NOT_FOUND', { userId });
  return m;
}

/** Another admin stays (checked under the organisation's lock taken in lockMember). */
async function keepAnAdmin(trx: Executor, tenantId: string, leaving: string) {
  const admins = await trx
    .selectFrom('memberships')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'admin')
    .execute();
  if (!admins.some((a) => a.user_id !== leaving)) throw new AppError('LAST_ADMIN', { userId: leaving });
}

const present = (m: MemberRow) => ({
  userId: m.user_id,
  email: m.email,
  displayName: m.display_name,
  role: m.role,
  since: m.created_at.toISOString(),
});
