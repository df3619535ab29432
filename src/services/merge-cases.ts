import { AppError } from '../domain/errors.ts';
import { isUuid, loadVisibleCase } from './case-queries.ts';
import { onCaseStatusChanged } from './case-sla.ts';
import { presentCase } from './case-view.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';

const FINISHED = ['closed', 'rejected', 'withdrawn'];
/** How many of the merged case's events are copied into the target's merged block (the rest stay on its own). */
export const MERGED_BLOCK_MAX_EVENTS = 500;

/**
 * Merges a duplicate into the case that carries on (supervisor or admin). The merged case ends as withdrawn
 * with status reason MERGED; its own timeline stays readable, and the target's timeline gets one `case_merged_in`
 * event holding the merged case's events as a block. Both cases must belong to the same organisation.
 */
export async function mergeCase(ctx: ServiceContext, caseId: string, input: { intoCaseId: string; reason: string }) {
  requireRole(ctx.actor, ['admin', 'supervisor']);
  if (!isUuid(caseId)) throw new AppError('CASE_NOT_FOUND', { caseId });
  await ctx.db.transaction().execute(async (trx) => {
    // Lock in id order, so two merges of the same pair in opposite directions cannot deadlock.
    const [first, second] = [caseId, input.intoCaseId].sort();
    const locked = new Map<string, Awaited<ReturnType<typeof loadVisibleCase>>>();
    for (const id of new Set([first!, second!])) locked.set(id, await loadVisibleCase(trx, ctx.actor, id, true));
    const src = locked.get(caseId)!;
    if (caseId === input.intoCaseId) throw new AppError('MERGE_INTO_SELF', { caseId });
    const into = locked.get(input.intoCaseId)!;
    // Another organisation's case is, to this one, a case that does not exist.
    if (into.tenant_id !== src.tenant_id) throw new AppError('CASE_NOT_FOUND', { caseId: input.intoCaseId });
    if (src.status_reason === 'MERGED') throw new AppError('CASE_ALREADY_MERGED', { caseId });
    if (FINISHED.includes(src.status))
      throw new AppError('ACTION_NOT_ALLOWED', { action: 'merge', status: src.status });
    if (FINISHED.includes(into.status))
      throw new AppError('MERGE_TARGET_CLOSED', { intoCaseId: into.id, status: into.status });

    const updated = await trx
      .updateTable('cases')
      .set({ status: 'withdrawn', status_reason: 'MERGED', updated_at: ctx.now, version: src.version + 1 })
      .where('tenant_id', '=', src.tenant_id)
      .where('id', '=', src.id)
      .where('version', '=', src.version)
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) throw new AppError('CONCURRENT_UPDATE', { caseId });
    await onCaseStatusChanged(trx, src, src.status, 'withdrawn', ctx.actor, ctx.now, 'withdraw');
    const link = (from: string, to: string, kind: 'merged_into' | 'merged_from') => ({
      tenant_id: src.tenant_id,
      case_id: from,
      related_case_id: to,
      kind,
      reason: input.reason,
      created_at: ctx.now,
    });
    await trx
      .insertInto('case_links')
      .values([link(src.id, into.id, 'merged_into'), link(into.id, src.id, 'merged_from')])
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'case_id', 'related_case_id']).doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          reason: eb.ref('excluded.reason'),
          created_at: eb.ref('excluded.created_at'),
        })),
      )
      .execute();
    const events = await trx
      .selectFrom('case_events')
      .select(['id', 'type', 'at', 'actor_user_id', 'actor_tenant_id', 'data'])
      .where('tenant_id', '=', src.tenant_id)
      .where('case_id', '=', src.id)
      .orderBy('id')
      .limit(MERGED_BLOCK_MAX_EVENTS + 1)
      .execute();
    const base = { actorTenantId: ctx.actor.tenantId, actorUserId: ctx.actor.userId, at: ctx.now };
    await recordCaseChange(trx, {
      ...base,
      caseTenantId: src.tenant_id,
      caseId: src.id,
      event: {
        type: 'status_changed',
        data: {
          action: 'merge',
          from: src.status,
          to: 'withdrawn',
          statusReason: 'MERGED',
          reason: input.reason,
          intoCaseId: into.id,
          intoCaseNumber: into.case_number,
        },
      },
      audit: {
        action: 'case.merge',
        before: { status: src.status, version: src.version },
        after: { status: 'withdrawn', statusReason: 'MERGED', intoCaseId: into.id, reason: input.reason },
      },
      topic: 'case.status_changed',
    });
    await recordCaseChange(trx, {
      ...base,
      caseTenantId: into.tenant_id,
      caseId: into.id,
      event: {
        type: 'case_merged_in',
        data: {
          fromCaseId: src.id,
          fromCaseNumber: src.case_number,
          reason: input.reason,
          truncated: events.length > MERGED_BLOCK_MAX_EVENTS,
          events: events.slice(0, MERGED_BLOCK_MAX_EVENTS).map((e) => ({
            id: e.id,
            type: e.type,
            at: e.at.toISOString(),
            actorUserId: e.actor_user_id,
            actorTenantId: e.actor_tenant_id,
            data: e.data,
          })),
        },
      },
      audit: { action: 'case.merge_in', before: null, after: { fromCaseId: src.id, reason: input.reason } },
    });
  });
  return presentCase(await loadVisibleCase(ctx.db, ctx.actor, caseId), ctx.actor, ctx.now);
}
