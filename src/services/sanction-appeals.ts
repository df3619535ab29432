import { AppError } from '../domain/errors.ts';
import { type AppealDecision, canAppeal, canDecideAppeal } from '../domain/sanctions.ts';
import type { Executor, ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange, writeAudit } from './record.ts';
import { loadVisibleSanction, presentOne, type SanctionRow } from './sanction-store.ts';

/** The audit row on the sanction and an event on every case it cites, in the caller's transaction. */
async function recordSanctionStep(
  trx: Executor,
  ctx: ServiceContext,
  s: SanctionRow,
  step: { action: string; event: string; before: unknown; after: Record<string, unknown> },
) {
  await writeAudit(trx, {
    tenantId: ctx.actor.tenantId,
    actorUserId: ctx.actor.userId,
    action: step.action,
    entity: 'sanction',
    entityId: s.id,
    before: step.before,
    after: step.after,
    at: ctx.now,
  });
  const cases = await trx
    .selectFrom('sanction_cases')
    .select(['case_tenant_id', 'case_id'])
    .where('tenant_id', '=', s.tenant_id)
    .where('sanction_id', '=', s.id)
    .execute();
  for (const c of cases)
    await recordCaseChange(trx, {
      caseTenantId: c.case_tenant_id,
      caseId: c.case_id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: step.event, data: { sanctionId: s.id, ...step.after } },
      audit: { action: `case.${step.event}`, before: step.before, after: { sanctionId: s.id, ...step.after } },
    });
}

/** What the appeal rules look at, from a sanction row. */
const appealFacts = (s: {
  starts_at: Date;
  ends_at: Date | null;
  revoked_at: Date | null;
  appealed_at: Date | null;
  decided_at: Date | null;
}) => ({
  startsAt: s.starts_at,
  endsAt: s.ends_at,
  revokedAt: s.revoked_at,
  appealedAt: s.appealed_at,
  decidedAt: s.decided_at,
});

/** The sanctioned member appeals once (申诉), with a reason and optional evidence text. */
export async function appealSanction(
  ctx: ServiceContext,
  id: string,
  input: { reason: string; evidence?: string | undefined },
) {
  requireRole(ctx.actor, ['admin', 'supervisor']);
  return ctx.db.transaction().execute(async (trx) => {
    const s = await loadVisibleSanction(trx, ctx.actor, id, true);
    if (s.member_tenant_id !== ctx.actor.tenantId) throw new AppError('NOT_THE_SANCTIONED_PARTY', { sanctionId: s.id });
    const refusal = canAppeal(appealFacts(s));
    if (refusal) throw new AppError(refusal, { sanctionId: s.id });
    const row = await trx
      .updateTable('sanctions')
      .set({
        appeal_reason: input.reason,
        appeal_evidence: input.evidence ?? null,
        appealed_by: ctx.actor.userId,
        appealed_at: ctx.now,
      })
      .where('tenant_id', '=', s.tenant_id)
      .where('id', '=', s.id)
      .where('appealed_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('APPEAL_ALREADY_FILED', { sanctionId: s.id });
    await recordSanctionStep(trx, ctx, row, {
      action: 'sanction.appeal',
      event: 'sanction_appealed',
      before: { appeal: 'none' },
      after: { appeal: 'pending', reason: input.reason, ...(input.evidence ? { evidence: input.evidence } : {}) },
    });
    return presentOne(trx, row, ctx.now);
  });
}

/** The platform decides the appeal: upheld keeps the sanction, revoked ends it at once. */
export async function decideAppeal(
  ctx: ServiceContext,
  id: string,
  input: { decision: AppealDecision; reason: string },
) {
  requireRole(ctx.actor, ['admin', 'supervisor']);
  return ctx.db.transaction().execute(async (trx) => {
    const s = await loadVisibleSanction(trx, ctx.actor, id, true);
    if (s.tenant_id !== ctx.actor.tenantId) throw new AppError('SANCTION_PLATFORM_ONLY', { sanctionId: s.id });
    const refusal = canDecideAppeal(appealFacts(s));
    if (refusal) throw new AppError(refusal, { sanctionId: s.id });
    const row = await trx
      .updateTable('sanctions')
      .set({
        appeal_decision: input.decision,
        appeal_decision_reason: input.reason,
        decided_by: ctx.actor.userId,
        decided_at: ctx.now,
        ...(input.decision === 'revoked' ? { revoked_at: ctx.now } : {}),
      })
      .where('tenant_id', '=', s.tenant_id)
      .where('id', '=', s.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordSanctionStep(trx, ctx, row, {
      action: 'sanction.appeal_decision',
      event: 'sanction_appeal_decided',
      before: { appeal: 'pending' },
      after: {
        appeal: input.decision,
        reason: input.reason,
        ...(input.decision === 'revoked' ? { revoked: true } : {}),
      },
    });
    return presentOne(trx, row, ctx.now);
  });
}
