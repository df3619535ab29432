import type { Executor, ServiceContext } from './context.ts';
import { DEFAULT_DUPLICATE_WINDOW_DAYS } from './duplicates.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

export interface IntakeSettings {
  duplicateWindowDays: number;
  requireVerifiedPhone: boolean;
}

export async function readIntakeSettings(db: Executor, tenantId: string): Promise<IntakeSettings> {
  const s = await db.selectFrom('intake_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  return {
    duplicateWindowDays: s?.duplicate_window_days ?? DEFAULT_DUPLICATE_WINDOW_DAYS,
    requireVerifiedPhone: s?.require_verified_phone ?? false,
  };
}

export const getIntakeSettings = (ctx: ServiceContext) => readIntakeSettings(ctx.db, ctx.actor.tenantId);

/** The duplicate window and whether the public form needs a verified phone (admin). */
export async function putIntakeSettings(ctx: ServiceContext, input: IntakeSettings): Promise<IntakeSettings> {
  requireRole(ctx.actor, ['admin']);
  await ctx.db.transaction().execute(async (trx) => {
    const before = await readIntakeSettings(trx, ctx.actor.tenantId);
    const values = {
      duplicate_window_days: input.duplicateWindowDays,
      require_verified_phone: input.requireVerifiedPhone,
      updated_at: ctx.now,
    };
    await trx
      .insertInto('intake_settings')
      .values({ tenant_id: ctx.actor.tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'intake_settings.update',
      entity: 'intake_settings',
      entityId: ctx.actor.tenantId,
      before,
      after: input,
      at: ctx.now,
    });
  });
  return readIntakeSettings(ctx.db, ctx.actor.tenantId);
}
