import { AppError } from '../domain/errors.ts';
import type { PromiseKind } from '../domain/resolution-vocabulary.ts';
import { isUuid, loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { insertPromise, presentPromise } from './promise-store.ts';
import { recordCaseChange } from './record.ts';

export interface PromiseInput {
  kind: PromiseKind;
  description: string;
  dueAt: string;
  /** Defaults to the actor. Must be a member of the actor's organisation. */
  ownerId?: string | undefined;
}

/** Records a commitment made to the complainant by hand (承诺: reshipment by, refund by, callback by …). */
export async function createPromise(ctx: ServiceContext, caseId: string, input: PromiseInput) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    if (['closed', 'rejected', 'withdrawn'].includes(c.status))
      throw new AppError('ACTION_NOT_ALLOWED', { action: 'promise', status: c.status });
    const ownerId = input.ownerId ?? ctx.actor.userId;
    const member =
      ownerId && isUuid(ownerId)
        ? await trx
            .selectFrom('memberships')
            .select('user_id')
            .where('tenant_id', '=', ctx.actor.tenantId)
            .where('user_id', '=', ownerId)
            .where('role', 'in', ['admin', 'supervisor', 'agent'])
            .executeTakeFirst()
        : undefined;
    if (!member || !ownerId) throw new AppError('OWNER_NOT_MEMBER', { ownerId });
    const row = await insertPromise(
      trx,
      {
        caseTenantId: c.tenant_id,
        caseId: c.id,
        offerId: null,
        kind: input.kind,
        description: input.description,
        ownerId,
        ownerTenantId: ctx.actor.tenantId,
        dueAt: new Date(input.dueAt),
        createdBy: ctx.actor.userId,
        actorTenantId: ctx.actor.tenantId,
      },
      ctx.now,
    );
    return presentPromise(row, ctx.now);
  });
}

/** Marks a promise kept or broken, with a note and optionally a piece of the case's evidence. */
export async function settlePromise(
  ctx: ServiceContext,
  caseId: string,
  promiseId: string,
  input: { outcome: 'kept' | 'broken'; note: string; evidenceId?: string | undefined },
) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    const p = isUuid(promiseId)
      ? await trx
          .selectFrom('promises')
          .selectAll()
          .where('tenant_id', '=', c.tenant_id)
          .where('case_id', '=', c.id)
          .where('id', '=', promiseId)
          .forUpdate()
          .executeTakeFirst()
      : undefined;
    // A party settles only the promises its own people made.
    if (!p || p.owner_tenant_id !== ctx.actor.tenantId) throw new AppError('PROMISE_NOT_FOUND', { promiseId });
    if (p.state !== 'open') throw new AppError('PROMISE_ALREADY_SETTLED', { promiseId, state: p.state });
    if (input.evidenceId) {
      const ev = isUuid(input.evidenceId)
        ? await trx
            .selectFrom('evidence')
            .select('id')
            .where('tenant_id', '=', c.tenant_id)
            .where('case_id', '=', c.id)
            .where('id', '=', input.evidenceId)
            .executeTakeFirst()
        : undefined;
      if (!ev) throw new AppError('EVIDENCE_NOT_FOUND', { evidenceId: input.evidenceId });
    }
    const row = await trx
      .updateTable('promises')
      .set({
        state: input.outcome,
        outcome_note: input.note,
        evidence_id: input.evidenceId ?? null,
        settled_by: ctx.actor.userId,
        settled_at: ctx.now,
      })
      .where('tenant_id', '=', p.tenant_id)
      .where('id', '=', p.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const late = p.due_at.getTime() < ctx.now.getTime();
    const data = {
      promiseId: p.id,
      outcome: input.outcome,
      note: input.note,
      late,
      evidenceId: input.evidenceId ?? null,
    };
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: `promise_${input.outcome}`, data },
      audit: { action: `promise.${input.outcome}`, before: { state: 'open' }, after: data },
      topic: `promise.${input.outcome}`,
    });
    return presentPromise(row, ctx.now);
  });
}

export async function listCasePromises(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const rows = await ctx.db
    .selectFrom('promises')
    .selectAll()
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .orderBy('due_at')
    .execute();
  return { items: rows.map((r) => presentPromise(r, ctx.now)) };
}

/** Open promises past their due time that the actor's organisation owes, optionally for one person. */
export async function listOverduePromises(ctx: ServiceContext, ownerId?: string) {
  let q = ctx.db
    .selectFrom('promises')
    .innerJoin('cases', (j) =>
      j.onRef('cases.tenant_id', '=', 'promises.tenant_id').onRef('cases.id', '=', 'promises.case_id'),
    )
    .selectAll('promises')
    .select('cases.case_number')
    .where('promises.owner_tenant_id', '=', ctx.actor.tenantId)
    .where('promises.state', '=', 'open')
    .where('promises.due_at', '<', ctx.now);
  if (ownerId) q = q.where('promises.owner_id', '=', ownerId);
  const rows = await q.orderBy('promises.due_at').limit(500).execute();
  return { items: rows.map((r) => ({ ...presentPromise(r, ctx.now), caseNumber: r.case_number })) };
}
