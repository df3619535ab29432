import { AppError } from '../domain/errors.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

/** Departments of the actor's organisation (warehouse 仓库, logistics 物流, after-sales 售后, product, legal/IP …). */
export async function listDepartments(ctx: ServiceContext) {
  const rows = await ctx.db
    .selectFrom('departments')
    .select(['id', 'code', 'name'])
    .where('tenant_id', '=', ctx.actor.tenantId)
    .orderBy('code')
    .execute();
  return { items: rows };
}

export async function createDepartment(ctx: ServiceContext, input: { code: string; name: string }) {
  requireRole(ctx.actor, ['admin', 'supervisor']);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('departments')
      .values({ tenant_id: ctx.actor.tenantId, code: input.code, name: input.name })
      .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
      .returning(['id', 'code', 'name'])
      .executeTakeFirst();
    if (!row) throw new AppError('DEPARTMENT_CODE_TAKEN', { code: input.code });
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'department.create',
      entity: 'department',
      entityId: row.id,
      before: null,
      after: row,
      at: ctx.now,
    });
    return row;
  });
}

/** A department of the given organisation, or DEPARTMENT_NOT_FOUND. */
export async function requireDepartment(db: ServiceContext['db'], tenantId: string, departmentId: string) {
  const d = await db
    .selectFrom('departments')
    .select(['id', 'code', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', departmentId)
    .executeTakeFirst();
  if (!d) throw new AppError('DEPARTMENT_NOT_FOUND', { departmentId });
  return d;
}
