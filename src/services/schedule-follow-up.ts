import { followUpDueAt } from '../domain/resolution-policy.ts';
import type { CaseWithOrder } from './case-view.ts';
import type { Actor, Executor } from './context.ts';
import { recordCaseChange } from './record.ts';
import { loadPolicy } from './resolution-policy.ts';

/**
 * Schedules the follow-up (回访) when a case is resolved, in the resolving transaction. A follow-up still
 * waiting from an earlier resolution is cancelled: only the latest resolution is asked about.
 */
export async function scheduleFollowUp(trx: Executor, c: CaseWithOrder, actor: Actor, now: Date) {
  const policy = await loadPolicy(trx, c.tenant_id);
  await trx
    .updateTable('follow_ups')
    .set({ state: 'cancelled' })
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .where('state', '=', 'scheduled')
    .execute();
  const dueAt = followUpDueAt(now, policy.followUpDays);
  const row = await trx
    .insertInto('follow_ups')
    .values({
      tenant_id: c.tenant_id,
      case_id: c.id,
      resolved_at: now,
      due_at: dueAt,
      state: 'scheduled',
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordCaseChange(trx, {
    caseTenantId: c.tenant_id,
    caseId: c.id,
    actorTenantId: actor.tenantId,
    actorUserId: actor.userId,
    at: now,
    event: { type: 'follow_up_scheduled', data: { followUpId: row.id, dueAt: dueAt.toISOString() } },
    audit: { action: 'follow_up.schedule', before: null, after: { followUpId: row.id, dueAt: dueAt.toISOString() } },
  });
}
