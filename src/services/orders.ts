import type { Selectable } from 'kysely';
import type { OrderItem, OrdersTable } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { applyAction } from '../domain/lifecycle.ts';
import { maskPhone, seesPersonalData } from '../domain/masking.ts';
import { afterSalesDeadline, refundActionFor } from '../domain/order-rules.ts';
import type { OrderState } from '../domain/vocabulary.ts';
import { isUuid, selectCases } from './case-queries.ts';
import { toCaseView } from './case-view.ts';
import type { Actor, Executor, ServiceContext } from './context.ts';
import { moveCase } from './move-case.ts';
import { decodeCursor, type Page, splitPage } from './pagination.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';
import { orderVisibleTo } from './scope.ts';

export interface OrderInput {
  orderNumber: string;
  sellerTenantId?: string | undefined;
  buyerName: string;
  buyerPhone?: string | undefined;
  items: OrderItem[];
  amountFen: number;
  state: OrderState;
  placedAt?: string | undefined;
  completedAt?: string | undefined;
}

export function presentOrder(o: Selectable<OrdersTable>, actor: Actor) {
  return {
    id: o.id,
    sellerTenantId: o.tenant_id,
    orderNumber: o.order_number,
    buyerName: o.buyer_name,
    buyerPhone: seesPersonalData(actor.role) ? o.buyer_phone : maskPhone(o.buyer_phone),
    items: o.items as unknown as OrderItem[],
    amountFen: o.amount_fen,
    state: o.state,
    placedAt: o.placed_at.toISOString(),
    completedAt: o.completed_at?.toISOString() ?? null,
    afterSalesDeadline: o.after_sales_deadline?.toISOString() ?? null,
    createdAt: o.created_at.toISOString(),
    updatedAt: o.updated_at.toISOString(),
  };
}

/** The seller is the actor's own organisation, or for a platform one of its member merchants. */
async function resolveSeller(ctx: ServiceContext, sellerTenantId: string | undefined) {
  const id = sellerTenantId ?? ctx.actor.tenantId;
  const seller = isUuid(id)
    ? await ctx.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  const allowed =
    seller &&
    (seller.id === ctx.actor.tenantId ||
      (ctx.actor.tenantKind === 'platform' && seller.platform_id === ctx.actor.tenantId));
  if (!allowed) throw new AppError('TENANT_NOT_FOUND', { sellerTenantId: id });
  return seller;
}

export async function createOrder(ctx: ServiceContext, input: OrderInput) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  const seller = await resolveSeller(ctx, input.sellerTenantId);
  const completedAt = input.completedAt ? new Date(input.completedAt) : input.state === 'completed' ? ctx.now : null;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('orders')
      .values({
        tenant_id: seller.id,
        order_number: input.orderNumber,
        buyer_name: input.buyerName,
        buyer_phone: input.buyerPhone ?? null,
        items: JSON.stringify(input.items),
        amount_fen: input.amountFen,
        state: input.state,
        placed_at: input.placedAt ? new Date(input.placedAt) : ctx.now,
        completed_at: completedAt,
        after_sales_deadline: afterSalesDeadline(completedAt, seller.after_sales_days),
        // Millisecond times from the clock, not now() with microseconds: the page cursor carries milliseconds.
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'order_number']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('ORDER_NUMBER_TAKEN', { orderNumber: input.orderNumber });
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'order.create',
      entity: 'order',
      entityId: row.id,
      before: null,
      after: presentOrder(row, ctx.actor),
      at: ctx.now,
    });
    return presentOrder(row, ctx.actor);
  });
}

export async function getOrder(ctx: ServiceContext, orderId: string) {
  if (!isUuid(orderId)) throw new AppError('ORDER_NOT_FOUND', { orderId });
  const row = await ctx.db
    .selectFrom('orders')
    .selectAll()
    .where('id', '=', orderId)
    .where(orderVisibleTo(ctx.actor))
    .executeTakeFirst();
  if (!row) throw new AppError('ORDER_NOT_FOUND', { orderId });
  return presentOrder(row, ctx.actor);
}

export async function listOrders(
  ctx: ServiceContext,
  f: { state?: OrderState | undefined; orderNumber?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<ReturnType<typeof presentOrder>>> {
  let q = ctx.db.selectFrom('orders').selectAll().where(orderVisibleTo(ctx.actor));
  if (f.state) q = q.where('state', '=', f.state);
  if (f.orderNumber) q = q.where('order_number', '=', f.orderNumber);
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(c.at, c.id)));
  }
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const { page, nextCursor } = splitPage(rows, f.limit, (r) => [r.created_at, r.id]);
  return {
    items: page.map((o) => presentOrder(o, ctx.actor)),
    nextCursor,
  };
}

/**
 * Records the order's new state and lets the order-state rules move the cases on it:
 * refund started → pending_refund; refund completed → closed (REFUND_COMPLETED); refund failed → in_progress.
 */
export async function updateOrderState(ctx: ServiceContext, orderId: string, state: OrderState, completedAt?: string) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  await getOrder(ctx, orderId);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', orderId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const seller = await trx
      .selectFrom('tenants')
      .select(['after_sales_days', 'kind'])
      .where('id', '=', before.tenant_id)
      .executeTakeFirstOrThrow();
    const done =
      state === 'completed'
        ? completedAt
          ? new Date(completedAt)
          : (before.completed_at ?? ctx.now)
        : before.completed_at;
    const row = await trx
      .updateTable('orders')
      .set({
        state,
        completed_at: done,
        after_sales_deadline: afterSalesDeadline(done, seller.after_sales_days),
        updated_at: ctx.now,
      })
      .where('id', '=', orderId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'order.state',
      entity: 'order',
      entityId: orderId,
      before: { state: before.state },
      after: { state },
      at: ctx.now,
    });
    const moved = await moveCasesForOrderState(trx, ctx, orderId, state);
    return { order: presentOrder(row, ctx.actor), movedCaseIds: moved };
  });
}

/** The order-state rules applied to the cases on one order (also used by bulk import when a state changes). */
export async function moveCasesForOrderState(
  trx: Executor,
  ctx: ServiceContext,
  orderId: string,
  state: OrderState,
): Promise<string[]> {
  const action = refundActionFor(state);
  const moved: string[] = [];
  if (!action) return moved;
  const linked = await selectCases(trx).where('cases.order_id', '=', orderId).forUpdate('cases').execute();
  const system = { ...ctx.actor, role: 'system' as const };
  for (const c of linked) {
    const withOrder = { ...c, order_state: state };
    if (
      !applyAction(toCaseView(withOrder), action, { now: ctx.now, role: 'system', tenantKind: ctx.actor.tenantKind }).ok
    )
      continue;
    await moveCase(trx, withOrder, action, system, ctx.now, {});
    moved.push(c.id);
  }
  return moved;
}
