import type { Updateable } from 'kysely';
import type { CasesTable } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import type { Category, ExpectedResolution } from '../domain/vocabulary.ts';
import { refreshMissing } from './case-missing.ts';
import { loadVisibleCase, orderIdByNumber, selectCases } from './case-queries.ts';
import { presentCase } from './case-view.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';
import { refreshSearchDoc } from './search-doc.ts';

export interface CaseDetailsPatch {
  complainant?:
    | {
        name?: string | undefined;
        phone?: string | undefined;
        email?: string | undefined;
        idNumber?: string | undefined;
      }
    | undefined;
  orderNumber?: string | undefined;
  reason?: string | undefined;
  expectedResolution?: ExpectedResolution | undefined;
  category?: Category | undefined;
  severity?: number | undefined;
  reviewRating?: number | undefined;
}

/** Fills in or corrects intake details (often what `missing` asked for); every field change is on the timeline. */
export async function updateCaseDetails(ctx: ServiceContext, caseId: string, patch: CaseDetailsPatch) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  await ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    if (['closed', 'rejected', 'withdrawn'].includes(c.status))
      throw new AppError('ACTION_NOT_ALLOWED', { action: 'update', status: c.status });
    const set: Updateable<CasesTable> = {};
    const p = patch.complainant;
    if (p?.name !== undefined) set.complainant_name = p.name;
    if (p?.phone !== undefined) set.complainant_phone = p.phone;
    if (p?.email !== undefined) set.complainant_email = p.email;
    if (p?.idNumber !== undefined) set.complainant_id_number = p.idNumber;
    if (patch.reason !== undefined) set.reason = patch.reason;
    if (patch.expectedResolution !== undefined) set.expected_resolution = patch.expectedResolution;
    if (patch.category !== undefined) set.category = patch.category;
    if (patch.severity !== undefined) set.severity = patch.severity;
    if (patch.reviewRating !== undefined) set.review_rating = patch.reviewRating;
    if (patch.orderNumber !== undefined) {
      const orderId = await orderIdByNumber(trx, c.respondent_tenant_id, patch.orderNumber);
      if (!orderId) throw new AppError('ORDER_NOT_FOUND', { orderNumber: patch.orderNumber });
      set.order_id = orderId;
    }
    const changed = Object.keys(set);
    if (changed.length === 0) return;
    await trx
      .updateTable('cases')
      .set({ ...set, updated_at: ctx.now, version: c.version + 1 })
      .where('tenant_id', '=', c.tenant_id)
      .where('id', '=', c.id)
      .execute();
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'details_updated', data: { fields: changed } },
      audit: {
        action: 'case.update',
        before: Object.fromEntries(changed.map((k) => [k, (c as Record<string, unknown>)[k]])),
        after: set,
      },
      topic: 'case.updated',
    });
    await refreshSearchDoc(trx, c.tenant_id, c.id);
    const fresh = await selectCases(trx).where('cases.id', '=', c.id).executeTakeFirstOrThrow();
    await refreshMissing(trx, fresh, ctx.actor, ctx.now);
  });
  return presentCase(await loadVisibleCase(ctx.db, ctx.actor, caseId), ctx.actor, ctx.now);
}
