import { pickRoute, type RoutingFacts } from '../domain/routing.ts';
import type { Actor, Executor } from './context.ts';
import { recordCaseChange } from './record.ts';
import { loadRules } from './routing-rules.ts';

/**
 * Applies the owner's routing rules to a case just taken in, inside the intake transaction: the first matching
 * rule sets the department and, when the case has no one yet, the first responsible person (首问责任人).
 */
export async function routeNewCase(
  trx: Executor,
  c: { tenantId: string; caseId: string } & RoutingFacts,
  actor: Actor,
  now: Date,
): Promise<void> {
  const rule = pickRoute(await loadRules(trx, c.tenantId), c);
  if (!rule) return;
  await trx
    .updateTable('cases')
    .set({ department_id: rule.departmentId, ...(rule.assigneeId ? { assignee_id: rule.assigneeId } : {}) })
    .where('tenant_id', '=', c.tenantId)
    .where('id', '=', c.caseId)
    .execute();
  const data = {
    ruleId: rule.id,
    priority: rule.priority,
    departmentId: rule.departmentId,
    assigneeId: rule.assigneeId,
  };
  await recordCaseChange(trx, {
    caseTenantId: c.tenantId,
    caseId: c.caseId,
    actorTenantId: actor.tenantId,
    actorUserId: actor.userId,
    at: now,
    event: { type: 'routed', data },
    audit: { action: 'case.route', before: null, after: data },
    topic: 'case.assigned',
  });
}
