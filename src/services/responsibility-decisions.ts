import { AppError } from '../domain/errors.ts';
import { isUuid } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

export interface DecisionInput {
  subjectType: 'person' | 'department';
  subjectId: string;
  kind: 'reward' | 'penalty';
  period: string;
  amountFen?: number | undefined;
  reason: string;
}

/** The subject's name when it belongs to the caller's organisation (a member, or one of its departments). */
async function subjectName(ctx: ServiceContext, type: 'person' | 'department', id: string) {
  if (!isUuid(id)) return undefined;
  if (type === 'department') {
    const d = await ctx.db
      .selectFrom('departments')
      .select('name')
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return d?.name;
  }
  const u = await ctx.db
    .selectFrom('users')
    .select('display_name')
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('memberships').select('user_id').where('tenant_id', '=', ctx.actor.tenantId)),
        eb(
          'id',
          'in',
          eb.selectFrom('responsibility_ledger').select('person_id').where('tenant_id', '=', ctx.actor.tenantId),
        ),
      ]),
    )
    .executeTakeFirst();
  return u?.display_name;
}

type Row = {
  id: string;
  subject_type: 'person' | 'department';
  subject_id: string;
  kind: 'reward' | 'penalty';
  period: string;
  amount_fen: string | number | null;
  reason: string;
  decided_by: string | null;
  created_at: Date;
};
const present = (r: Row, name: string) => ({
  id: r.id,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  subjectName: name,
  kind: r.kind,
  period: r.period,
  amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
  reason: r.reason,
  decidedBy: r.decided_by,
  createdAt: new Date(r.created_at).toISOString(),
});

/** Records a reward or penalty (奖惩) against a person or department for a month, with its audit row. */
export async function recordDecision(ctx: ServiceContext, input: DecisionInput) {
  requireRole(ctx.actor, ['admin', 'supervisor']);
  const name = await subjectName(ctx, input.subjectType, input.subjectId);
  if (name === undefined) throw new AppError('DECISION_SUBJECT_NOT_FOUND', { subjectId: input.subjectId });
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('responsibility_decisions')
      .values({
        tenant_id: ctx.actor.tenantId,
        subject_type: input.subjectType,
        subject_id: input.subjectId,
        kind: input.kind,
        period: input.period,
        amount_fen: input.amountFen ?? null,
        reason: input.reason,
        decided_by: ctx.actor.userId,
        created_at: ctx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const dto = present(row, name);
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'responsibility_decision.record',
      entity: 'responsibility_decision',
      entityId: row.id,
      before: null,
      after: dto,
      at: ctx.now,
    });
    return dto;
  });
}

export async function listDecisions(ctx: ServiceContext, q: { period?: string | undefined }) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'auditor']);
  const rows = await ctx.db
    .selectFrom('responsibility_decisions')
    .selectAll()
    .select((eb) => [
      eb.fn
        .coalesce(
          eb
            .selectFrom('users')
            .select('display_name')
            .whereRef('users.id', '=', 'responsibility_decisions.subject_id'),
          eb
            .selectFrom('departments')
            .select('name')
            .whereRef('departments.id', '=', 'responsibility_decisions.subject_id')
            .whereRef('departments.tenant_id', '=', 'responsibility_decisions.tenant_id'),
        )
        .as('subject_name'),
    ])
    .where('tenant_id', '=', ctx.actor.tenantId)
    .$if(!!q.period, (qb) => qb.where('period', '=', q.period as string))
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
  return { items: rows.map((r) => present(r, r.subject_name ?? '')) };
}
