import { AppError } from '../domain/errors.ts';
import type { RoutingRule } from '../domain/routing.ts';
import { isUuid } from './case-queries.ts';
import type { Executor, ServiceContext } from './context.ts';
import { requireDepartment } from './departments.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

export interface RoutingRuleInput {
  priority: number;
  category?: string | undefined;
  kind?: string | undefined;
  channel?: string | undefined;
  respondentTenantId?: string | undefined;
  severity?: number | undefined;
  departmentId: string;
  assigneeId?: string | undefined;
}

type RuleRow = {
  id: string;
  priority: number;
  category: string | null;
  kind: string | null;
  channel: string | null;
  respondent_tenant_id: string | null;
  severity: number | null;
  department_id: string;
  assignee_id: string | null;
};

export const toRule = (r: RuleRow): RoutingRule => ({
  id: r.id,
  priority: r.priority,
  category: r.category,
  kind: r.kind,
  channel: r.channel,
  respondentTenantId: r.respondent_tenant_id,
  severity: r.severity,
  departmentId: r.department_id,
  assigneeId: r.assignee_id,
});

export async function loadRules(db: Executor, tenantId: string): Promise<RoutingRule[]> {
  const rows = await db
    .selectFrom('routing_rules')
    .select([
      'id',
      'priority',
      'category',
      'kind',
      'channel',
      'respondent_tenant_id',
      'severity',
      'department_id',
      'assignee_id',
    ])
    .where('tenant_id', '=', tenantId)
    .orderBy('priority')
    .execute();
  return rows.map(toRule);
}

export async function listRoutingRules(ctx: ServiceContext) {
  return { items: await loadRules(ctx.db, ctx.actor.tenantId) };
}

export async function createRoutingRule(ctx: ServiceContext, input: RoutingRuleInput) {
  requireRole(ctx.actor, ['admin', 'supervisor']);
  const tenantId = ctx.actor.tenantId;
  return ctx.db.transaction().execute(async (trx) => {
    await requireDepartment(trx, tenantId, input.departmentId);
    if (input.assigneeId) {
      const m = await trx
        .selectFrom('memberships')
        .select('user_id')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', input.assigneeId)
        .where('role', 'in', ['admin', 'supervisor', 'agent'])
        .executeTakeFirst();
      if (!m) throw new AppError('ASSIGNEE_NOT_MEMBER', { assigneeId: input.assigneeId });
    }
    const row = await trx
      .insertInto('routing_rules')
      .values({
        tenant_id: tenantId,
        priority: input.priority,
        category: input.category ?? null,
        kind: input.kind ?? null,
        channel: input.channel ?? null,
        respondent_tenant_id: input.respondentTenantId ?? null,
        severity: input.severity ?? null,
        department_id: input.departmentId,
        assignee_id: input.assigneeId ?? null,
        created_at: ctx.now,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'priority']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('RULE_PRIORITY_TAKEN', { priority: input.priority });
    const rule = toRule(row);
    await writeAudit(trx, {
      tenantId,
      actorUserId: ctx.actor.userId,
      action: 'routing_rule.create',
      entity: 'routing_rule',
      entityId: row.id,
      before: null,
      after: rule,
      at: ctx.now,
    });
    return rule;
  });
}

export async function deleteRoutingRule(ctx: ServiceContext, ruleId: string) {
  requireRole(ctx.actor, ['admin', 'supervisor']);
  if (!isUuid(ruleId)) throw new AppError('RULE_NOT_FOUND', { ruleId });
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('routing_rules')
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('id', '=', ruleId)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('RULE_NOT_FOUND', { ruleId });
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'routing_rule.delete',
      entity: 'routing_rule',
      entityId: ruleId,
      before: toRule(row),
      after: null,
      at: ctx.now,
    });
  });
}
