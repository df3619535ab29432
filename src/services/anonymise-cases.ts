import { ANONYMOUS_NAME, redactJson, redactPii } from '../domain/pii-patterns.ts';
import type { Executor } from './context.ts';
import { writeAudit } from './record.ts';
import { refreshSearchDoc } from './search-doc.ts';

export type AnonymiseReason = 'retention' | 'erasure';

/**
 * Anonymises the complainant of each case (owned by `tenantId`) inside the caller's transaction: name →
 * 匿名用户, phone/e-mail/ID cleared, PII patterns and the known values redacted in the case texts, its timeline,
 * hotline calls and mail; the linked order's buyer too. Category, status, timings, amounts, satisfaction and the
 * responsibility ledger are kept, so statistics do not change. Cases already anonymised are skipped.
 */
export async function anonymiseCases(
  trx: Executor,
  tenantId: string,
  caseIds: string[],
  at: Date,
  reason: AnonymiseReason,
  actorUserId: string | null = null,
): Promise<number> {
  if (caseIds.length === 0) return 0;
  const cases = await trx
    .selectFrom('cases')
    .leftJoin('orders', (j) =>
      j.onRef('orders.id', '=', 'cases.order_id').onRef('orders.tenant_id', '=', 'cases.tenant_id'),
    )
    .select([
      'cases.id',
      'cases.complainant_name',
      'cases.complainant_phone',
      'cases.complainant_email',
      'cases.complainant_id_number',
      'cases.reason',
      'cases.resolution',
      'cases.root_cause_text',
      'cases.order_id',
      'orders.buyer_name',
      'orders.buyer_phone',
    ])
    .where('cases.tenant_id', '=', tenantId)
    .where('cases.id', 'in', caseIds)
    .where('cases.anonymised_at', 'is', null)
    .execute();
  for (const c of cases) {
    const calls = await trx
      .selectFrom('calls')
      .select(['id', 'caller_name', 'caller_address', 'caller_phone', 'summary'])
      .where('tenant_id', '=', tenantId)
      .where('case_id', '=', c.id)
      .execute();
    const known = [
      c.complainant_name,
      c.complainant_phone,
      c.complainant_email,
      c.complainant_id_number,
      c.buyer_name,
      c.buyer_phone,
      ...calls.flatMap((k) => [k.caller_name, k.caller_address, k.caller_phone]),
    ];
    const redact = (t: string | null) => (t === null ? null : redactPii(t, known));
    await trx
      .updateTable('cases')
      .set({
        complainant_name: ANONYMOUS_NAME,
        complainant_phone: null,
        complainant_email: null,
        complainant_id_number: null,
        reason: redactPii(c.reason, known),
        resolution: redact(c.resolution),
        root_cause_text: redact(c.root_cause_text),
        anonymised_at: at,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', c.id)
      .execute();
    const events = await trx
      .selectFrom('case_events')
      .select(['id', 'data'])
      .where('tenant_id', '=', tenantId)
      .where('case_id', '=', c.id)
      .execute();
    for (const e of events) {
      const before = JSON.stringify(e.data);
      const after = JSON.stringify(redactJson(e.data, known));
      if (after !== before)
        await trx
          .updateTable('case_events')
          .set({ data: after })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', e.id)
          .execute();
    }
    for (const k of calls)
      await trx
        .updateTable('calls')
        .set({
          caller_name: ANONYMOUS_NAME,
          caller_phone: null,
          caller_address: null,
          summary: redactPii(k.summary, known),
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', k.id)
        .execute();
    await trx
      .updateTable('mail_messages')
      .set({ from_address: null })
      .where('tenant_id', '=', tenantId)
      .where('case_id', '=', c.id)
      .execute();
    if (c.order_id)
      await trx
        .updateTable('orders')
        .set({ buyer_name: ANONYMOUS_NAME, buyer_phone: null })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', c.order_id)
        .execute();
    // Hashed phone / e-mail keys link a person's cases (duplicates): they go too.
    await trx
      .deleteFrom('case_complainant_keys')
      .where('tenant_id', '=', tenantId)
      .where('case_id', '=', c.id)
      .execute();
    await refreshSearchDoc(trx, tenantId, c.id);
    // The audit row says that and why, never what the data was.
    await writeAudit(trx, {
      tenantId,
      actorUserId,
      action: 'privacy.anonymise',
      entity: 'case',
      entityId: c.id,
      before: null,
      after: { reason },
      at,
    });
  }
  return cases.length;
}
