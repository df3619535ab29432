import { AppError } from '../domain/errors.ts';
import { loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { requireDepartment } from './departments.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';

/**
 * An investigation note (调查核实): which department looked and what it found. The responsible person, a
 * collaborator or a supervisor/admin may write one; the department defaults to the collaborator's own.
 */
export async function addInvestigationNote(
  ctx: ServiceContext,
  caseId: string,
  input: { findings: string; departmentId?: string | undefined },
) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    const userId = ctx.actor.userId ?? '';
    const collab = await trx
      .selectFrom('case_collaborators')
      .select(['department_id', 'member_tenant_id'])
      .where('tenant_id', '=', c.tenant_id)
      .where('case_id', '=', c.id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const lead = ctx.actor.role === 'admin' || ctx.actor.role === 'supervisor' || c.assignee_id === userId;
    if (!collab && !lead) throw new AppError('NOT_A_COLLABORATOR', { caseId });
    const departmentId =
      input.departmentId ??
      (collab?.member_tenant_id === ctx.actor.tenantId ? collab.department_id : null) ??
      (c.tenant_id === ctx.actor.tenantId ? c.department_id : null);
    const dept = departmentId ? await requireDepartment(trx, ctx.actor.tenantId, departmentId) : null;
    const data = { departmentId: dept?.id ?? null, departmentName: dept?.name ?? null, findings: input.findings };
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'investigation_note', data },
      audit: { action: 'case.investigation_note', before: null, after: { departmentId: data.departmentId } },
    });
    return { caseId: c.id, ...data, at: ctx.now.toISOString() };
  });
}
