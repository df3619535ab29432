import type { Selectable } from 'kysely';
import type { EscalationsTable } from '../db/schema-resolution.ts';
import { AppError } from '../domain/errors.ts';
import { type EscalationTarget, escalationLevelOf } from '../domain/resolution-vocabulary.ts';
import { isUuid, loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';

export function presentEscalation(e: Selectable<EscalationsTable>) {
  return {
    id: e.id,
    caseId: e.case_id,
    level: e.level,
    target: e.target,
    bodyName: e.body_name,
    referenceNumber: e.reference_number,
    submittedAt: e.submitted_at.toISOString(),
    decidedAt: e.decided_at?.toISOString() ?? null,
    outcome: e.outcome,
    note: e.note,
    createdByTenantId: e.created_by_tenant_id,
    createdAt: e.created_at.toISOString(),
  };
}

export interface EscalationInput {
  target: EscalationTarget;
  bodyName?: string | undefined;
  referenceNumber?: string | undefined;
  submittedAt?: string | undefined;
  note?: string | undefined;
}

/**
 * Records an escalation: internal (agent → supervisor → platform) or to an outside body (消费者协会, 12315,
 * arbitration, court) with the body's name and reference number. The lifecycle's `escalate` action is separate.
 */
export async function recordEscalation(ctx: ServiceContext, caseId: string, input: EscalationInput) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    const row = await trx
      .insertInto('escalations')
      .values({
        tenant_id: c.tenant_id,
        case_id: c.id,
        level: escalationLevelOf(input.target),
        target: input.target,
        body_name: input.bodyName ?? null,
        reference_number: input.referenceNumber ?? null,
        submitted_at: input.submittedAt ? new Date(input.submittedAt) : ctx.now,
        note: input.note ?? null,
        created_by: ctx.actor.userId,
        created_by_tenant_id: ctx.actor.tenantId,
        created_at: ctx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentEscalation(row);
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'escalation_recorded', data: { escalationId: row.id, level: view.level, target: view.target } },
      audit: { action: 'escalation.create', before: null, after: view },
      topic: 'case.escalation_recorded',
    });
    return view;
  });
}

/** Adds the outside body's reference number, decision date and outcome as they come in. */
export async function updateEscalation(
  ctx: ServiceContext,
  caseId: string,
  escalationId: string,
  input: { referenceNumber?: string | undefined; decidedAt?: string | undefined; outcome?: string | undefined },
) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    const before = isUuid(escalationId)
      ? await trx
          .selectFrom('escalations')
          .selectAll()
          .where('tenant_id', '=', c.tenant_id)
          .where('case_id', '=', c.id)
          .where('id', '=', escalationId)
          .executeTakeFirst()
      : undefined;
    if (!before) throw new AppError('ESCALATION_NOT_FOUND', { escalationId });
    const row = await trx
      .updateTable('escalations')
      .set({
        ...(input.referenceNumber !== undefined ? { reference_number: input.referenceNumber } : {}),
        ...(input.decidedAt !== undefined ? { decided_at: new Date(input.decidedAt) } : {}),
        ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
      })
      .where('tenant_id', '=', c.tenant_id)
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentEscalation(row);
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'escalation_updated', data: { escalationId: row.id, ...input } },
      audit: { action: 'escalation.update', before: presentEscalation(before), after: view },
    });
    return view;
  });
}

export async function listEscalations(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const rows = await ctx.db
    .selectFrom('escalations')
    .selectAll()
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .orderBy('created_at')
    .execute();
  return { items: rows.map(presentEscalation) };
}
