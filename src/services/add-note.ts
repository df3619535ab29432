import { AppError } from '../domain/errors.ts';
import { loadVisibleCase } from './case-queries.ts';
import { onCaseResponded } from './case-sla.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';
import { refreshSearchDoc } from './search-doc.ts';

/** Adds an internal note or a logged message to the timeline. */
export async function addNote(ctx: ServiceContext, caseId: string, body: string, visibility: 'internal' | 'customer') {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    if (!body.trim()) throw new AppError('VALIDATION_FAILED', { field: 'body' });
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'note', data: { body, visibility } },
      audit: { action: 'case.note', before: null, after: { visibility, length: body.length } },
    });
    await refreshSearchDoc(trx, c.tenant_id, c.id);
    await onCaseResponded(trx, c, ctx.actor, ctx.now);
    return { caseId: c.id, body, visibility, at: ctx.now.toISOString() };
  });
}
