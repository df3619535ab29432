import type { Kysely, Updateable } from 'kysely';
import type { CasesTable, DB } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import type { ExpectedResolution, TenantKind } from '../domain/vocabulary.ts';
import { resolveAccessLink } from './access-links.ts';
import { refreshMissing } from './case-missing.ts';
import { loadVisibleCase, orderIdByNumber, selectCases } from './case-queries.ts';
import type { Actor } from './context.ts';
import { recordCaseChange } from './record.ts';
import { refreshSearchDoc } from './search-doc.ts';

export interface AccessAnswer {
  text?: string | undefined;
  orderNumber?: string | undefined;
  expectedResolution?: ExpectedResolution | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

/**
 * The complainant answers a missing-information request through their link: more text (added to the reason),
 * the order number, the expected resolution, a contact. As on the agent's path (update-case.ts), `missing` is
 * recomputed and a case waiting only for these details resumes. Evidence goes through POST …/evidence.
 * An order number that matches nothing is kept in the text, not refused: the link must not probe for orders.
 */
export async function answerByLink(deps: { db: Kysely<DB>; now: Date }, token: string, input: AccessAnswer) {
  const linked = await resolveAccessLink(deps.db, token, deps.now);
  const owner = await deps.db
    .selectFrom('tenants')
    .select(['kind', 'platform_id'])
    .where('id', '=', linked.tenant_id)
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    userId: null,
    tenantId: linked.tenant_id,
    tenantKind: owner.kind as TenantKind,
    role: 'system',
    platformId: owner.platform_id,
  };
  return deps.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, actor, linked.id, true);
    if (['closed', 'rejected', 'withdrawn'].includes(c.status))
      throw new AppError('ACTION_NOT_ALLOWED', { action: 'answer', status: c.status });
    const set: Updateable<CasesTable> = {};
    const additions: string[] = [];
    if (input.text) additions.push(input.text);
    if (input.orderNumber && input.orderNumber !== c.order_number) {
      const orderId = await orderIdByNumber(trx, c.respondent_tenant_id, input.orderNumber);
      if (orderId) set.order_id = orderId;
      else additions.push(`订单号（未匹配）/ order number (no match): ${input.orderNumber}`);
    }
    if (input.expectedResolution) set.expected_resolution = input.expectedResolution;
    // A link may add a contact, never replace the one the case already has.
    if (input.phone && !c.complainant_phone) set.complainant_phone = input.phone;
    if (input.email && !c.complainant_email) set.complainant_email = input.email;
    if (additions.length) set.reason = `${c.reason}\n\n投诉人补充 / added by the complainant: ${additions.join('\n')}`;
    const fields = Object.keys(set);
    if (fields.length === 0) throw new AppError('NOTHING_TO_ANSWER');
    await trx
      .updateTable('cases')
      .set({ ...set, updated_at: deps.now, version: c.version + 1 })
      .where('tenant_id', '=', c.tenant_id)
      .where('id', '=', c.id)
      .execute();
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: c.tenant_id,
      actorUserId: null,
      at: deps.now,
      event: {
        type: 'complainant_answered',
        data: { via: 'link', fields, ...(input.text ? { text: input.text } : {}) },
      },
      audit: {
        action: 'case.answer_by_link',
        before: Object.fromEntries(fields.map((k) => [k, (c as Record<string, unknown>)[k]])),
        after: set,
      },
      topic: 'case.updated',
    });
    await refreshSearchDoc(trx, c.tenant_id, c.id);
    const fresh = await selectCases(trx)
      .where('cases.tenant_id', '=', c.tenant_id)
      .where('cases.id', '=', c.id)
      .executeTakeFirstOrThrow();
    const missing = await refreshMissing(trx, fresh, actor, deps.now, { fromComplainant: true });
    const after = await trx
      .selectFrom('cases')
      .select('status')
      .where('tenant_id', '=', c.tenant_id)
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    return { status: after.status, missing };
  });
}
