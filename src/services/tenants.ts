import { AppError } from '../domain/errors.ts';
import type { Role } from '../domain/vocabulary.ts';
import { hashPassword } from './auth.ts';
import {
  type ContactSettingsPatch,
  contactSettingsColumns,
  contactSettingsOf,
  mergeContactSettings,
  presentContactSettings,
} from './contact-timing.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

export async function describeActor(ctx: ServiceContext) {
  const { actor } = ctx;
  const [user, tenant] = await Promise.all([
    actor.userId
      ? ctx.db
          .selectFrom('users')
          .select(['id', 'email', 'display_name'])
          .where('id', '=', actor.userId)
          .executeTakeFirst()
      : undefined,
    ctx.db
      .selectFrom('tenants')
      .select(['id', 'slug', 'name', 'kind', 'platform_id'])
      .where('id', '=', actor.tenantId)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    user: user ? { id: user.id, email: user.email, displayName: user.display_name } : null,
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, kind: tenant.kind, platformId: tenant.platform_id },
    role: actor.role,
  };
}

/** The actor's organisation, its platform, and for a platform its members: the parties a user can name. */
export async function listVisibleTenants(ctx: ServiceContext) {
  const { actor } = ctx;
  const rows = await ctx.db
    .selectFrom('tenants')
    .select(['id', 'slug', 'name', 'kind', 'platform_id', 'after_sales_days'])
    .where((eb) => {
      const ors = [eb('id', '=', actor.tenantId)];
      if (actor.platformId) ors.push(eb('id', '=', actor.platformId));
      if (actor.tenantKind === 'platform') ors.push(eb('platform_id', '=', actor.tenantId));
      return eb.or(ors);
    })
    .orderBy('name')
    .execute();
  return rows.map((t) => ({
    id: t.id,
    slug: t.slug,
    name: t.name,
    kind: t.kind,
    platformId: t.platform_id,
    afterSalesDays: t.after_sales_days,
  }));
}

export async function listMembers(ctx: ServiceContext) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'auditor']);
  const rows = await ctx.db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.display_name', 'm.role', 'm.created_at'])
    .where('m.tenant_id', '=', ctx.actor.tenantId)
    .orderBy('u.email')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    since: r.created_at.toISOString(),
  }));
}

/** An admin adds a person to their organisation: creates the user if new, or adds the membership. */
export async function addMember(
  ctx: ServiceContext,
  input: { email: string; displayName: string; password?: string | undefined; role: Role },
) {
  requireRole(ctx.actor, ['admin']);
  const email = input.email.trim().toLowerCase();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return ctx.db.transaction().execute(async (trx) => {
    let user = await trx.selectFrom('users').select(['id']).where('email', '=', email).executeTakeFirst();
    user ??= await trx
      .insertInto('users')
      .values({ email, display_name: input.displayName, password_hash: passwordHash })
      .returning('id')
      .executeTakeFirstOrThrow();
    const added = await trx
      .insertInto('memberships')
      .values({ tenant_id: ctx.actor.tenantId, user_id: user.id, role: input.role })
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!added) throw new AppError('VALIDATION_FAILED', { email, problem: 'already a member' });
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'membership.add',
      entity: 'user',
      entityId: user.id,
      before: null,
      after: { email, role: input.role },
      at: ctx.now,
    });
    return { userId: user.id, email, displayName: input.displayName, role: input.role };
  });
}

/**
 * Tenant policy: the after-sales window (platform rules commonly use 15 days after completion) and contact timing
 * (the calling window in the complainant's local time, never past 21:00, and the daily call limit).
 */
export async function updateTenantSettings(
  ctx: ServiceContext,
  input: { name?: string | undefined; afterSalesDays?: number | undefined; contactTiming?: ContactSettingsPatch },
) {
  requireRole(ctx.actor, ['admin']);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('tenants')
      .select(['name', 'after_sales_days'])
      .where('id', '=', ctx.actor.tenantId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const contactBefore = await contactSettingsOf(trx, ctx.actor.tenantId);
    const contact = input.contactTiming ? mergeContactSettings(contactBefore, input.contactTiming) : contactBefore;
    const after = await trx
      .updateTable('tenants')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.afterSalesDays !== undefined ? { after_sales_days: input.afterSalesDays } : {}),
        ...(input.contactTiming ? contactSettingsColumns(contact) : {}),
      })
      .where('id', '=', ctx.actor.tenantId)
      .returning(['id', 'slug', 'name', 'kind', 'platform_id', 'after_sales_days'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'tenant.settings',
      entity: 'tenant',
      entityId: ctx.actor.tenantId,
      before: { ...before, contactTiming: presentContactSettings(contactBefore) },
      after: input,
      at: ctx.now,
    });
    return {
      id: after.id,
      slug: after.slug,
      name: after.name,
      kind: after.kind,
      platformId: after.platform_id,
      afterSalesDays: after.after_sales_days,
      contactTiming: presentContactSettings(contact),
    };
  });
}
