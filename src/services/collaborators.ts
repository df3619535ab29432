import { AppError } from '../domain/errors.ts';
import { isUuid, loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { requireDepartment } from './departments.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';

/**
 * Adds a colleague from another department (warehouse, logistics, product, legal …) to the investigation.
 * The colleague and the department belong to the actor's own organisation.
 */
export async function addCollaborator(ctx: ServiceContext, caseId: string, userId: string, departmentId: string) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    if (['closed', 'rejected', 'withdrawn'].includes(c.status))
      throw new AppError('ACTION_NOT_ALLOWED', { action: 'add_collaborator', status: c.status });
    const dept = await requireDepartment(trx, ctx.actor.tenantId, departmentId);
    const member = isUuid(userId)
      ? await trx
          .selectFrom('memberships')
          .select('user_id')
          .where('tenant_id', '=', ctx.actor.tenantId)
          .where('user_id', '=', userId)
          .where('role', 'in', ['admin', 'supervisor', 'agent'])
          .executeTakeFirst()
      : undefined;
    if (!member) throw new AppError('ASSIGNEE_NOT_MEMBER', { userId });
    await trx
      .insertInto('case_collaborators')
      .values({
        tenant_id: c.tenant_id,
        case_id: c.id,
        user_id: userId,
        member_tenant_id: ctx.actor.tenantId,
        department_id: dept.id,
        added_by: ctx.actor.userId,
        added_at: ctx.now,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'case_id', 'user_id']).doUpdateSet({ department_id: dept.id }))
      .execute();
    const data = { userId, departmentId: dept.id, departmentName: dept.name };
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'collaborator_added', data },
      audit: { action: 'case.collaborator_add', before: null, after: data },
    });
    return { caseId: c.id, ...data, addedAt: ctx.now.toISOString() };
  });
}

export async function listCollaborators(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const rows = await ctx.db
    .selectFrom('case_collaborators as cc')
    .innerJoin('departments as d', (j) =>
      j.onRef('d.tenant_id', '=', 'cc.member_tenant_id').onRef('d.id', '=', 'cc.department_id'),
    )
    .innerJoin('users as u', 'u.id', 'cc.user_id')
    .select(['cc.user_id', 'u.display_name', 'cc.member_tenant_id', 'd.id as department_id', 'd.name', 'cc.added_at'])
    .where('cc.tenant_id', '=', c.tenant_id)
    .where('cc.case_id', '=', c.id)
    .orderBy('cc.added_at')
    .execute();
  return {
    items: rows.map((r) => ({
      userId: r.user_id,
      displayName: r.display_name,
      tenantId: r.member_tenant_id,
      departmentId: r.department_id,
      departmentName: r.name,
      addedAt: r.added_at.toISOString(),
    })),
  };
}
