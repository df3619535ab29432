import type { Selectable } from 'kysely';
import type { CaseForwardsTable } from '../db/schema-resolution.ts';
import { AppError } from '../domain/errors.ts';
import type { Executor } from './context.ts';

export type ForwardRow = Selectable<CaseForwardsTable>;

export function presentForward(f: ForwardRow, now: Date) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: f.id,
    caseId: f.case_id,
    platformTenantId: f.platform_tenant_id,
    respondentTenantId: f.respondent_tenant_id,
    forwardedAt: f.forwarded_at.toISOString(),
    replyDueAt: f.reply_due_at.toISOString(),
    replyOverdue: f.state === 'awaiting_reply' && f.reply_due_at.getTime() < now.getTime(),
    state: f.state,
    replyKind: f.reply_kind,
    replyText: f.reply_text,
    replyEvidenceIds: f.reply_evidence_ids as unknown as string[],
    repliedAt: iso(f.replied_at),
    disagreement: f.disagreement,
    ruling: f.ruling,
    rulingAmountFen: f.ruling_amount_fen === null ? null : Number(f.ruling_amount_fen),
    rulingText: f.ruling_text,
    ruledAt: iso(f.ruled_at),
  };
}

/** The case's forward that is not yet ruled on, locked; FORWARD_NOT_FOUND when there is none. */
export async function openForward(trx: Executor, caseTenantId: string, caseId: string): Promise<ForwardRow> {
  const f = await trx
    .selectFrom('case_forwards')
    .selectAll()
    .where('tenant_id', '=', caseTenantId)
    .where('case_id', '=', caseId)
    .where('state', '<>', 'ruled')
    .forUpdate()
    .executeTakeFirst();
  if (!f) throw new AppError('FORWARD_NOT_FOUND', { caseId });
  return f;
}
