import { sql } from 'kysely';
import { buildSearchDocument, weekOf } from '../text/search-doc.ts';
import type { Executor } from './context.ts';

/** Timeline events whose text is searchable: internal notes and logged messages. */
const TEXT_EVENTS = ['note', 'message'];

/**
 * Rebuilds a case's search document inside the caller's transaction, so search never lags behind the case:
 * whatever committed the change committed its searchable text.
 */
export async function refreshSearchDoc(trx: Executor, tenantId: string, caseId: string): Promise<void> {
  const c = await trx
    .selectFrom('cases')
    .leftJoin('orders', 'orders.id', 'cases.order_id')
    .select([
      'cases.case_number',
      'cases.reason',
      'cases.complainant_name',
      'cases.complainant_phone',
      'orders.order_number',
      'cases.created_at',
      'cases.respondent_tenant_id',
      'cases.platform_tenant_id',
      'cases.ops_tenant_id',
    ])
    .where('cases.tenant_id', '=', tenantId)
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  if (!c) return;
  const events = await trx
    .selectFrom('case_events')
    .select('data')
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .where('type', 'in', TEXT_EVENTS)
    .orderBy('id')
    .execute();
  const messages = events
    .map((e) => (e.data as { body?: unknown; text?: unknown }) ?? {})
    .map((d) => (typeof d.body === 'string' ? d.body : typeof d.text === 'string' ? d.text : ''))
    .filter(Boolean);
  const doc = buildSearchDocument({
    caseNumber: c.case_number,
    reason: c.reason,
    complainantName: c.complainant_name,
    complainantPhone: c.complainant_phone,
    orderNumber: c.order_number,
    messages,
  });
  const values = {
    doc: sql<string>`to_tsvector('simple', ${doc.tokens})`,
    body: doc.body,
    order_key: doc.orderKey,
    phone_key: doc.phoneKey,
    updated_at: new Date(),
    // Copied so a search reads one table (see migration 0010); visibility is fixed at intake.
    created_at: c.created_at,
    created_week: weekOf(new Date(c.created_at)),
    respondent_tenant_id: c.respondent_tenant_id,
    platform_tenant_id: c.platform_tenant_id,
    ops_tenant_id: c.ops_tenant_id,
  };
  await trx
    .insertInto('case_search')
    .values({ tenant_id: tenantId, case_id: caseId, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'case_id']).doUpdateSet(values))
    .execute();
}
