import { sql } from 'kysely';
import { AppError } from '../domain/errors.ts';
import type { CaseWithOrder } from './case-view.ts';
import type { Actor, Executor } from './context.ts';
import { caseVisibleTo } from './scope.ts';

/** Cases joined with their order's state, for the lifecycle; callers add filters. */
export function selectCases(db: Executor) {
  return db
    .selectFrom('cases')
    .leftJoin('orders', 'orders.id', 'cases.order_id')
    .selectAll('cases')
    .select([
      'orders.order_number as order_number',
      'orders.state as order_state',
      'orders.after_sales_deadline as order_after_sales_deadline',
      // The lifecycle refuses to close a case with open promises (issue 5), so every case read carries the count.
      sql<number>`(select count(*)::int from promises p where p.tenant_id = cases.tenant_id and p.case_id = cases.id and p.state = 'open')`.as(
        'open_promises',
      ),
      // SLA clocks and the owner's business hours, for the case's `sla` field (see sla-view.ts).
      sql<unknown>`(select json_agg(s) from case_sla s where s.tenant_id = cases.tenant_id and s.case_id = cases.id)`.as(
        'sla_clocks',
      ),
      sql<unknown>`(select row_to_json(x) from sla_settings x where x.tenant_id = cases.tenant_id)`.as('sla_settings'),
    ]);
}

/** Loads a case the actor may see, optionally locking it for update; anything else is CASE_NOT_FOUND. */
export async function loadVisibleCase(
  db: Executor,
  actor: Actor,
  caseId: string,
  forUpdate = false,
): Promise<CaseWithOrder> {
  if (!isUuid(caseId)) throw new AppError('CASE_NOT_FOUND', { caseId });
  let q = selectCases(db).where('cases.id', '=', caseId).where(caseVisibleTo(actor));
  if (forUpdate) q = q.forUpdate('cases');
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('CASE_NOT_FOUND', { caseId });
  return row;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/** The id of the respondent's order with this number, or undefined: how a case is linked to an order by its number. */
export async function orderIdByNumber(db: Executor, respondentTenantId: string, orderNumber: string) {
  const order = await db
    .selectFrom('orders')
    .select('id')
    .where('tenant_id', '=', respondentTenantId)
    .where('order_number', '=', orderNumber)
    .executeTakeFirst();
  return order?.id;
}
