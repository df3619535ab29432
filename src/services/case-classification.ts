import { sql } from 'kysely';
import { AppError } from '../domain/errors.ts';
import type { Classification } from '../text/classify.ts';
import type { Flag } from '../text/flags.ts';
import { loadVisibleCase } from './case-queries.ts';
import type { Actor, ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { caseVisibleTo } from './scope.ts';

/** Flags are for supervisors (docs/domain.md: verify before paying); agents see the classification only. */
const FLAG_READERS = ['admin', 'supervisor', 'auditor'];
const readsFlags = (a: Actor) => FLAG_READERS.includes(a.role);

export async function getClassification(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const row = await ctx.db
    .selectFrom('case_classifications')
    .selectAll()
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .executeTakeFirst();
  if (!row) throw new AppError('CLASSIFICATION_NOT_FOUND', { caseId });
  const corrections = await ctx.db
    .selectFrom('classification_corrections')
    .select(['field', 'predicted', 'corrected', 'actor_user_id', 'created_at'])
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .orderBy('id')
    .execute();
  const r = row.result as Classification;
  return {
    caseId: c.id,
    modelVersion: row.model_version,
    categoryApplied: row.category_applied,
    category: r.category,
    severity: r.severity,
    responsibleParty: r.responsibleParty,
    sentiment: r.sentiment,
    flags: readsFlags(ctx.actor) ? (row.flags as Flag[]) : null,
    corrections: corrections.map((k) => ({
      field: k.field,
      predicted: k.predicted,
      corrected: k.corrected,
      actorUserId: k.actor_user_id,
      at: k.created_at.toISOString(),
    })),
    at: row.created_at.toISOString(),
  };
}

/** The supervisor's list: visible cases carrying a malicious-complaint or IP-claim flag, newest first. */
export async function listFlaggedCases(ctx: ServiceContext, limit: number) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'auditor']);
  const rows = await ctx.db
    .selectFrom('case_classifications')
    .innerJoin('cases', (j) =>
      j
        .onRef('cases.tenant_id', '=', 'case_classifications.tenant_id')
        .onRef('cases.id', '=', 'case_classifications.case_id'),
    )
    .select([
      'cases.id',
      'cases.case_number',
      'cases.status',
      'cases.severity',
      'case_classifications.flags',
      'case_classifications.created_at',
    ])
    .where(caseVisibleTo(ctx.actor))
    .where(sql<boolean>`case_classifications.flags <> '[]'::jsonb`)
    .orderBy('case_classifications.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    caseId: r.id,
    caseNumber: r.case_number,
    status: r.status,
    severity: r.severity,
    flags: r.flags as Flag[],
    at: r.created_at.toISOString(),
  }));
}
