import type { OrderState } from './vocabulary.ts';

const DAY_MS = 86_400_000;

/** Platform policy: after-sales service ends N days after the order completes (commonly 15; a tenant setting). */
export function afterSalesDeadline(completedAt: Date | null, afterSalesDays: number): Date | null {
  return completedAt ? new Date(completedAt.getTime() + afterSalesDays * DAY_MS) : null;
}

export interface OrderFacts {
  state: OrderState;
  afterSalesDeadline: Date | null;
}

/** Platform rule: once the after-sales window of a completed order has passed, the platform cannot intervene. */
export function afterSalesWindowPassed(order: OrderFacts | null, now: Date): boolean {
  if (!order?.afterSalesDeadline) return false;
  if (order.state !== 'completed' && order.state !== 'closed') return false;
  return order.afterSalesDeadline.getTime() < now.getTime();
}

/** What a refund's progress means for cases on the order (domain brief, order-state rules). */
export function refundActionFor(state: OrderState): 'refund_started' | 'refund_completed' | 'refund_failed' | null {
  switch (state) {
    case 'refunding':
      return 'refund_started';
    case 'refunded':
      return 'refund_completed';
    case 'refund_failed':
      return 'refund_failed';
    default:
      return null;
  }
}
