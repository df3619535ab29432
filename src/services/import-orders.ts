import { sql } from 'kysely';
import type { OrderItem } from '../db/schema.ts';
import { parseChinaTime, parseOrderState, parsePhone, parseQuantity, parseYuanToFen } from '../domain/import-values.ts';
import { afterSalesDeadline } from '../domain/order-rules.ts';
import type { OrderState } from '../domain/vocabulary.ts';
import type { Executor, ServiceContext } from './context.ts';
import type { RowReader } from './import-rows.ts';
import type { BatchOutcome, ImportJobInfo } from './import-types.ts';
import { moveCasesForOrderState } from './orders.ts';

export interface OrderRecord {
  orderNumber: string;
  buyerName: string;
  buyerPhone: string | null;
  amountFen: number;
  state: OrderState;
  placedAt: Date | null;
  completedAt: Date | null;
  items: OrderItem[];
}

export function parseOrderRow(r: RowReader): OrderRecord | null {
  const orderNumber = r.text('orderNumber', { required: true, max: 64 });
  const buyerName = r.text('buyerName', { required: true, max: 100 });
  const buyerPhone = r.parsed('buyerPhone', parsePhone);
  const amountFen = r.parsed('amount', parseYuanToFen, true);
  const state = r.parsed('state', parseOrderState, true);
  const placedAt = r.parsed('placedAt', parseChinaTime);
  const completedAt = r.parsed('completedAt', parseChinaTime);
  const productName = r.text('productName', { max: 200 });
  const sku = r.text('sku', { max: 64 });
  const quantity = r.parsed('quantity', parseQuantity);
  if (r.errors.length > 0 || !orderNumber || !buyerName || amountFen === undefined || !state) return null;
  const items: OrderItem[] = productName
    ? [{ ...(sku ? { sku } : {}), name: productName, quantity: quantity ?? 1, priceFen: amountFen }]
    : [];
  return {
    orderNumber,
    buyerName,
    buyerPhone: buyerPhone ?? null,
    amountFen,
    state,
    placedAt: placedAt ?? null,
    completedAt: completedAt ?? null,
    items,
  };
}

/**
 * Writes one batch with a single multi-row INSERT … ON CONFLICT DO UPDATE … WHERE the row differs: new orders are
 * created, changed ones updated, identical ones left alone (the statement does not return them). An empty
 * 下单时间/完成时间 keeps the time already stored. State changes then go through the order-state rules
 * (refunds move the linked cases), as POST /orders/:id/state does.
 */
export async function writeOrderBatch(
  trx: Executor,
  ctx: ServiceContext,
  job: ImportJobInfo,
  rows: { record: OrderRecord }[],
): Promise<BatchOutcome> {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const completedGiven = job.columns.completedAt !== undefined;
  const days = job.afterSalesDays;
  // One JSON parameter for the whole batch (jsonb_to_recordset): 1,000 rows × 12 bind parameters would cost
  // more to parse and plan than to write.
  const batch = JSON.stringify(
    rows.map(({ record: o }) => {
      const completed = o.completedAt ?? (o.state === 'completed' ? ctx.now : null);
      return {
        order_number: o.orderNumber,
        buyer_name: o.buyerName,
        buyer_phone: o.buyerPhone,
        items: o.items,
        amount_fen: o.amountFen,
        state: o.state,
        placed_at: (o.placedAt ?? ctx.now).toISOString(),
        completed_at: completed?.toISOString() ?? null,
        after_sales_deadline: afterSalesDeadline(completed, days)?.toISOString() ?? null,
      };
    }),
  );
  // A time the file leaves empty is filled with the import's clock, which is also updated_at: such a row keeps the
  // time already stored, so importing the same file twice changes nothing.
  const placed = sql`case when excluded.placed_at = excluded.updated_at then o.placed_at else excluded.placed_at end`;
  const completed = completedGiven
    ? sql`case when excluded.completed_at = excluded.updated_at then coalesce(o.completed_at, excluded.completed_at) else excluded.completed_at end`
    : sql`coalesce(excluded.completed_at, o.completed_at)`;
  const watchStates = rows.some(({ record }) => record.state.startsWith('refund'));
  const before = watchStates
    ? await trx
        .selectFrom('orders')
        .select(['id', 'order_number', 'state'])
        .where('tenant_id', '=', job.tenantId)
        .where(
          sql<boolean>`order_number in (select jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.record.orderNumber))}::jsonb))`,
        )
        .execute()
    : [];
  const result = await sql<{ id: string; order_number: string; state: OrderState; inserted: boolean }>`
    insert into orders as o (tenant_id, order_number, buyer_name, buyer_phone, items, amount_fen, state, placed_at,
      completed_at, after_sales_deadline, created_at, updated_at)
    select ${job.tenantId}::uuid, v.order_number, v.buyer_name, v.buyer_phone, v.items, v.amount_fen, v.state,
      v.placed_at, v.completed_at, v.after_sales_deadline, ${ctx.now}::timestamptz, ${ctx.now}::timestamptz
    from jsonb_to_recordset(${batch}::jsonb) as v(order_number text, buyer_name text, buyer_phone text, items jsonb,
      amount_fen bigint, state text, placed_at timestamptz, completed_at timestamptz, after_sales_deadline timestamptz)
    on conflict (tenant_id, order_number) do update set
      buyer_name = excluded.buyer_name, buyer_phone = excluded.buyer_phone, items = excluded.items,
      amount_fen = excluded.amount_fen, state = excluded.state, placed_at = ${placed}, completed_at = ${completed},
      after_sales_deadline = ${completed} + ${days} * interval '1 day', updated_at = excluded.updated_at
    where (o.buyer_name, o.buyer_phone, o.items, o.amount_fen, o.state, o.placed_at, o.completed_at)
      is distinct from (excluded.buyer_name, excluded.buyer_phone, excluded.items, excluded.amount_fen,
      excluded.state, ${placed}, ${completed})
    returning o.id, o.order_number, o.state, (xmax = 0) as inserted`.execute(trx);
  const created = result.rows.filter((r) => r.inserted).length;
  const updated = result.rows.length - created;
  const prior = new Map(before.map((b) => [b.order_number, b.state]));
  for (const r of result.rows) {
    if (r.inserted || prior.get(r.order_number) === r.state) continue;
    if (prior.has(r.order_number)) await moveCasesForOrderState(trx, ctx, r.id, r.state);
  }
  return { created, updated, unchanged: rows.length - result.rows.length };
}
