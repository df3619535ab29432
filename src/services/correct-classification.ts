import type { Updateable } from 'kysely';
import type { CasesTable } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import type { Category } from '../domain/vocabulary.ts';
import { getClassification } from './case-classification.ts';
import { loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';

export interface ClassificationCorrection {
  category?: Category | undefined;
  responsibleParty?: string | undefined;
  severity?: number | undefined;
}

/**
 * An agent overrules the classifier. The case takes the agent's category and severity; every corrected field
 * is kept beside the text and the model's guess, so `npm run train` can learn from it later.
 */
export async function correctClassification(ctx: ServiceContext, caseId: string, fix: ClassificationCorrection) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  await ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    const cls = await trx
      .selectFrom('case_classifications')
      .select(['category', 'responsible_party', 'severity_suggested', 'model_version'])
      .where('tenant_id', '=', c.tenant_id)
      .where('case_id', '=', c.id)
      .executeTakeFirst();
    if (!cls) throw new AppError('CLASSIFICATION_NOT_FOUND', { caseId });
    const fields = [
      ['category', cls.category, fix.category],
      ['responsible_party', cls.responsible_party, fix.responsibleParty],
      ['severity', String(cls.severity_suggested), fix.severity === undefined ? undefined : String(fix.severity)],
    ] as const;
    const changed = fields.filter(([, , to]) => to !== undefined);
    for (const [field, predicted, corrected] of changed) {
      await trx
        .insertInto('classification_corrections')
        .values({
          tenant_id: c.tenant_id,
          case_id: c.id,
          field,
          predicted,
          corrected: corrected as string,
          text: c.reason,
          model_version: cls.model_version,
          actor_tenant_id: ctx.actor.tenantId,
          actor_user_id: ctx.actor.userId,
          created_at: ctx.now,
        })
        .execute();
    }
    const set: Updateable<CasesTable> = {};
    if (fix.category !== undefined) set.category = fix.category;
    if (fix.severity !== undefined) set.severity = fix.severity;
    if (Object.keys(set).length)
      await trx
        .updateTable('cases')
        .set({ ...set, updated_at: ctx.now, version: c.version + 1 })
        .where('tenant_id', '=', c.tenant_id)
        .where('id', '=', c.id)
        .execute();
    const after = Object.fromEntries(changed.map(([f, , to]) => [f, to]));
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'classification_corrected', data: after },
      audit: {
        action: 'case.classification.correct',
        before: Object.fromEntries(changed.map(([f, from]) => [f, from])),
        after,
      },
      topic: 'case.updated',
    });
  });
  return getClassification(ctx, caseId);
}
