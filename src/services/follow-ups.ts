import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { FollowUpsTable } from '../db/schema-resolution.ts';
import { AppError } from '../domain/errors.ts';
import { ratingReopens } from '../domain/resolution-policy.ts';
import { resolveAccessLink } from './access-links.ts';
import { loadCaseForUpdate } from './answer-offer.ts';
import { loadVisibleCase } from './case-queries.ts';
import type { CaseWithOrder } from './case-view.ts';
import { type Executor, type ServiceContext, systemActor } from './context.ts';
import { moveCase } from './move-case.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';
import { loadPolicy } from './resolution-policy.ts';
import { noteSatisfaction } from './responsibility-ledger.ts';

const DAY_MS = 86_400_000;

export function presentFollowUp(f: Selectable<FollowUpsTable>) {
  return {
    id: f.id,
    caseId: f.case_id,
    resolvedAt: f.resolved_at.toISOString(),
    dueAt: f.due_at.toISOString(),
    state: f.state,
    rating: f.rating,
    comment: f.comment,
    answeredVia: f.answered_via,
    answeredAt: f.answered_at?.toISOString() ?? null,
    reopened: f.reopened,
  };
}

interface Answer {
  rating: number;
  comment?: string | undefined;
}

/**
 * Records the complainant's satisfaction (满意度 1–5). A rating of 1–2 within the tenant's reopen window
 * (default 7 days after resolution) reopens the case by itself, to the same responsible person, with the comment.
 */
async function record(
  trx: Executor,
  c: CaseWithOrder,
  a: Answer,
  via: 'link' | 'phone',
  by: { tenantId: string; userId: string | null },
  now: Date,
) {
  const f = await trx
    .selectFrom('follow_ups')
    .selectAll()
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .where('state', '=', 'scheduled')
    .forUpdate()
    .executeTakeFirst();
  if (!f) throw new AppError('FOLLOW_UP_NOT_DUE', { caseId: c.id });
  const policy = await loadPolicy(trx, c.tenant_id);
  const withinWindow = now.getTime() - f.resolved_at.getTime() <= policy.reopenWindowDays * DAY_MS;
  const reopen = ratingReopens(a.rating) && withinWindow && (c.status === 'resolved' || c.status === 'closed');
  const row = await trx
    .updateTable('follow_ups')
    .set({
      state: 'answered',
      rating: a.rating,
      comment: a.comment ?? null,
      answered_via: via,
      recorded_by: by.userId,
      answered_at: now,
      reopened: reopen,
    })
    .where('tenant_id', '=', f.tenant_id)
    .where('id', '=', f.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const data = {
    followUpId: f.id,
    rating: a.rating,
    via,
    reopens: reopen,
    ...(a.comment ? { comment: a.comment } : {}),
  };
  await recordCaseChange(trx, {
    caseTenantId: c.tenant_id,
    caseId: c.id,
    actorTenantId: by.tenantId,
    actorUserId: by.userId,
    at: now,
    event: { type: 'follow_up_answered', data },
    audit: { action: 'follow_up.answer', before: { state: 'scheduled' }, after: data },
    topic: 'follow_up.answered',
  });
  if (c.status === 'closed') await noteSatisfaction(trx, c.tenant_id, c.id, a.rating);
  if (reopen) {
    const owner = await trx
      .selectFrom('tenants')
      .select('kind')
      .where('id', '=', c.tenant_id)
      .executeTakeFirstOrThrow();
    const reason = `回访不满意（${a.rating}星）${a.comment ? `：${a.comment}` : ''}`;
    await moveCase(
      trx,
      c,
      'reopen',
      systemActor(c.tenant_id, owner.kind),
      now,
      { reason },
      {
        reopenWindowDays: policy.reopenWindowDays,
      },
    );
  }
  return presentFollowUp(row);
}

/** The agent records an answer given by phone. */
export async function recordFollowUp(ctx: ServiceContext, caseId: string, a: Answer) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    return record(trx, c, a, 'phone', { tenantId: ctx.actor.tenantId, userId: ctx.actor.userId }, ctx.now);
  });
}

/** The complainant rates through the case access link. */
export async function rateByLink(db: Kysely<DB>, token: string, a: Answer, now: Date) {
  const linked = await resolveAccessLink(db, token, now);
  return db.transaction().execute(async (trx) => {
    const c = await loadCaseForUpdate(trx, linked);
    const f = await record(trx, c, a, 'link', { tenantId: c.tenant_id, userId: null }, now);
    return { rating: f.rating, comment: f.comment, answeredAt: f.answeredAt, reopened: f.reopened };
  });
}

export async function listCaseFollowUps(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const rows = await ctx.db
    .selectFrom('follow_ups')
    .selectAll()
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .orderBy('created_at')
    .execute();
  return { items: rows.map(presentFollowUp) };
}

/** Follow-ups of the actor's organisation whose callback is due now: the 回访 work list. */
export async function listDueFollowUps(ctx: ServiceContext) {
  const rows = await ctx.db
    .selectFrom('follow_ups')
    .innerJoin('cases', (j) =>
      j.onRef('cases.tenant_id', '=', 'follow_ups.tenant_id').onRef('cases.id', '=', 'follow_ups.case_id'),
    )
    .selectAll('follow_ups')
    .select(['cases.case_number', 'cases.assignee_id'])
    .where('follow_ups.tenant_id', '=', ctx.actor.tenantId)
    .where('follow_ups.state', '=', 'scheduled')
    .where('follow_ups.due_at', '<=', ctx.now)
    .orderBy('follow_ups.due_at')
    .limit(500)
    .execute();
  return {
    items: rows.map((r) => ({ ...presentFollowUp(r), caseNumber: r.case_number, assigneeId: r.assignee_id })),
  };
}
