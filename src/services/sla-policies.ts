import type { Selectable } from 'kysely';
import type { SlaPoliciesTable } from '../db/schema-sla.ts';
import { AppError } from '../domain/errors.ts';
import {
  type BreachAction,
  type SlaPolicy,
  type SlaTarget,
  slaPresets,
  type TargetSpec,
} from '../domain/sla/policy.ts';
import type { Executor, ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

export interface PolicyInput {
  name?: string | undefined;
  preset?: string | undefined;
  match?: { kind?: string; channel?: string; severity?: number; respondentTenantId?: string } | undefined;
  priority?: number | undefined;
  targets?: Partial<Record<SlaTarget, TargetSpec>> | undefined;
  onBreach?: BreachAction[] | undefined;
  active?: boolean | undefined;
}

type PolicyRow = Selectable<SlaPoliciesTable>;
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export function toPolicy(r: PolicyRow): SlaPolicy & { active: boolean; preset: string | null; source: string | null } {
  return {
    id: r.id,
    name: r.name,
    match: {
      kind: r.match_kind,
      channel: r.match_channel,
      severity: r.match_severity,
      respondentTenantId: r.match_respondent_tenant_id,
    },
    priority: r.priority,
    targets: r.targets as unknown as SlaPolicy['targets'],
    onBreach: r.on_breach as unknown as BreachAction[],
    createdAt: r.created_at,
    active: r.active,
    preset: r.preset,
    source: r.source,
  };
}

export function presentPolicy(r: PolicyRow) {
  const p = toPolicy(r);
  return { ...p, createdAt: p.createdAt.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version };
}

export async function activePolicies(db: Executor, tenantId: string) {
  const rows = await db
    .selectFrom('sla_policies')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('active', '=', true)
    .execute();
  return rows.map(toPolicy);
}

/** Everyone in the tenant may read its policies (they explain the deadlines people see). */
export async function listPolicies(ctx: ServiceContext) {
  const rows = await ctx.db
    .selectFrom('sla_policies')
    .selectAll()
    .where('tenant_id', '=', ctx.actor.tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(presentPolicy);
}

async function loadPolicy(db: Executor, tenantId: string, id: string, forUpdate = false) {
  if (!isUuid(id)) throw new AppError('SLA_POLICY_NOT_FOUND', { id });
  let q = db.selectFrom('sla_policies').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('SLA_POLICY_NOT_FOUND', { id });
  return row;
}

export async function getPolicy(ctx: ServiceContext, id: string) {
  return presentPolicy(await loadPolicy(ctx.db, ctx.actor.tenantId, id));
}

/** Admins create policies, from scratch or from a preset that cites its source; new cases pick them up. */
export async function createPolicy(ctx: ServiceContext, input: PolicyInput) {
  requireRole(ctx.actor, ['admin']);
  const preset = input.preset ? slaPresets.find((p) => p.key === input.preset) : undefined;
  if (input.preset && !preset) throw new AppError('SLA_PRESET_NOT_FOUND', { preset: input.preset });
  const targets = { ...(preset?.targets ?? {}), ...(input.targets ?? {}) };
  if (Object.keys(targets).length === 0) throw new AppError('SLA_TARGETS_REQUIRED');
  await checkMatchedRespondent(ctx, input.match?.respondentTenantId);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('sla_policies')
      .values({
        tenant_id: ctx.actor.tenantId,
        name: input.name ?? preset?.nameZh ?? 'SLA',
        match_kind: input.match?.kind ?? null,
        match_channel: input.match?.channel ?? null,
        match_severity: input.match?.severity ?? null,
        match_respondent_tenant_id: input.match?.respondentTenantId ?? null,
        priority: input.priority ?? 0,
        targets: JSON.stringify(targets),
        on_breach: JSON.stringify(input.onBreach ?? ['notify_supervisor']),
        preset: preset?.key ?? null,
        source: preset?.source ?? null,
        active: input.active ?? true,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(ctx, trx, 'sla.policy_create', row.id, null, presentPolicy(row));
    return presentPolicy(row);
  });
}

export async function updatePolicy(ctx: ServiceContext, id: string, input: Omit<PolicyInput, 'preset'>) {
  requireRole(ctx.actor, ['admin']);
  await checkMatchedRespondent(ctx, input.match?.respondentTenantId);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await loadPolicy(trx, ctx.actor.tenantId, id, true);
    const match = input.match;
    const targets = input.targets ?? (before.targets as unknown as Record<string, TargetSpec>);
    if (Object.keys(targets).length === 0) throw new AppError('SLA_TARGETS_REQUIRED');
    const row = await trx
      .updateTable('sla_policies')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(match
          ? {
              match_kind: match.kind ?? null,
              match_channel: match.channel ?? null,
              match_severity: match.severity ?? null,
              match_respondent_tenant_id: match.respondentTenantId ?? null,
            }
          : {}),
        ...(input.priority !== undefined ? { priority: input.priority } : {}),
        targets: JSON.stringify(targets),
        ...(input.onBreach ? { on_breach: JSON.stringify(input.onBreach) } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
        updated_at: ctx.now,
        version: before.version + 1,
      })
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(ctx, trx, 'sla.policy_update', id, presentPolicy(before), presentPolicy(row));
    return presentPolicy(row);
  });
}

/** Policies are deactivated, never deleted: running clocks and the audit trail still name them. */
export async function deactivatePolicy(ctx: ServiceContext, id: string) {
  return updatePolicy(ctx, id, { active: false });
}

function audit(ctx: ServiceContext, trx: Executor, action: string, id: string, before: unknown, after: unknown) {
  return writeAudit(trx, {
    tenantId: ctx.actor.tenantId,
    actorUserId: ctx.actor.userId,
    action,
    entity: 'sla_policy',
    entityId: id,
    before,
    after,
    at: ctx.now,
  });
}

/** A policy for cases against an organisation that does not exist is bad input (found by fuzzing: it was a 500). */
async function checkMatchedRespondent(ctx: ServiceContext, respondentTenantId: string | undefined) {
  if (respondentTenantId === undefined) return;
  const found = await ctx.db.selectFrom('tenants').select('id').where('id', '=', respondentTenantId).executeTakeFirst();
  if (!found) throw new AppError('RESPONDENT_INVALID', { respondentTenantId });
}
