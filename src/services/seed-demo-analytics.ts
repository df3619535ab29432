import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { RootCauseCategory } from '../domain/resolution-vocabulary.ts';
import type { Category, Channel } from '../domain/vocabulary.ts';
import { actOnCase } from './act-on-case.ts';
import { assignCase } from './assign-case.ts';
import type { Actor, ServiceContext } from './context.ts';
import { recordEscalation } from './escalations.ts';
import { intakeCase } from './intake-case.ts';
import { createOrder } from './orders.ts';
import { createPromise, settlePromise } from './promises.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Root causes of the demo store's last two months, most frequent first: the report's Pareto tells this story. */
const causes: { category: RootCauseCategory; systemic: boolean; text: string; complaint: Category; reason: string }[] =
  [
    {
      category: 'packing',
      systemic: true,
      text: '仓库打包未加防护泡沫，纸箱太薄，运输中受压破损',
      complaint: 'logistics_delay',
      reason: '餐桌到货时包装破损，桌角磕坏了，要求补发配件。',
    },
    {
      category: 'packing',
      systemic: true,
      text: '大件家具包装只有一层纸箱，边角没有护角',
      complaint: 'logistics_delay',
      reason: '书柜送到时外箱压塌，侧板有划痕。',
    },
    {
      category: 'carrier',
      systemic: false,
      text: '承运商中转站积压，派送延误五天',
      complaint: 'logistics_delay',
      reason: '下单十天还没收到货，物流一直不更新。',
    },
    {
      category: 'stock_data',
      systemic: true,
      text: '库存数据未同步，已售罄商品仍可下单',
      complaint: 'after_sales_refund',
      reason: '付款后被告知缺货，退款迟迟不到账。',
    },
    {
      category: 'staff_attitude',
      systemic: false,
      text: '客服回复敷衍，未按流程登记',
      complaint: 'service_attitude',
      reason: '客服态度很差，问了三次都不回答问题。',
    },
    {
      category: 'description',
      systemic: false,
      text: '详情页尺寸标注错误',
      complaint: 'after_sales_refund',
      reason: '页面写的尺寸和实物不一样，要求退货。',
    },
  ];
/** Cases per cause last month (the month before has fewer packing cases: the report shows the rise). */
const lastMonthMix = [7, 5, 5, 4, 3, 2];
const monthBeforeMix = [2, 2, 4, 3, 2, 1];

/**
 * Demo mode: closed cases of 优品家居旗舰店 over the last two calendar months, handled by two agents through the real
 * services (so the responsibility ledger, SLA clocks and audit trail are what production writes), with broken
 * promises and an escalation to 12315, plus the orders behind the complaint rate.
 */
export async function seedDemoAnalytics(
  db: Kysely<DB>,
  now: Date,
  evidenceDir: string,
  store: { id: string; agents: Actor[] },
) {
  const ctx = (a: Actor, at: Date): ServiceContext => ({ db, actor: a, now: at, evidenceDir });
  const local = new Date(now.getTime() + 8 * HOUR);
  const monthStart = (back: number) =>
    new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - back, 1) - 8 * HOUR);
  let seq = 0;
  let cases = 0;
  for (const [back, mix, orderCount] of [
    [2, monthBeforeMix, 4200],
    [1, lastMonthMix, 5600],
  ] as const) {
    const start = monthStart(back).getTime();
    const span = monthStart(back - 1).getTime() - start;
    const orderIds: string[] = [];
    // The bulk of the month's orders in one statement (the rollup trigger counts them); 40 through the service
    // are the ones the complaints name.
    await sql`insert into orders (tenant_id, order_number, buyer_name, items, amount_fen, state, placed_at, completed_at)
      select ${store.id}, 'DB' || ${String(back)} || lpad(g::text, 6, '0'), '买家', ${JSON.stringify([{ name: '实木餐桌', quantity: 1, priceFen: 129_900 }])}::jsonb,
        129900, 'completed', ${new Date(start)}::timestamptz + (g * ${span / orderCount / 1000}::float8) * interval '1 second',
        ${new Date(start)}::timestamptz + (g * ${span / orderCount / 1000}::float8) * interval '1 second' + interval '5 days'
      from generate_series(1, ${orderCount - 40}) g`.execute(db);
    for (let i = 0; i < 40; i++) {
      const placed = new Date(start + ((i + 0.5) / 40) * span);
      const o = await createOrder(ctx(store.agents[0]!, placed), {
        orderNumber: `DA${placed.toISOString().slice(0, 10).replaceAll('-', '')}${String(++seq).padStart(4, '0')}`,
        buyerName: `买家${seq}`,
        buyerPhone: `139${String(10_000_000 + seq).slice(-8)}`,
        items: [{ name: i % 2 ? '北欧实木书柜' : '实木餐桌', quantity: 1, priceFen: 129_900 }],
        amountFen: 129_900,
        state: 'completed',
        placedAt: placed.toISOString(),
        completedAt: new Date(placed.getTime() + 5 * DAY).toISOString(),
      });
      orderIds.push(o.id);
    }
    const list = mix.flatMap((n, k) => Array.from({ length: n }, () => causes[k]!));
    for (const [i, cause] of list.entries()) {
      const agent = store.agents[i % store.agents.length]!;
      let t = start + ((i + 0.3) / list.length) * (span - 4 * DAY);
      const at = () => new Date(t);
      const r = await intakeCase(ctx(agent, at()), {
        kind: 'complaint',
        channel: (['hotline', 'im', 'web_form'] as Channel[])[i % 3]!,
        orderId: orderIds[(i * 5) % orderIds.length],
        complainant: { name: `买家${i + 1}`, phone: `137${String(20_000_000 + seq * 10 + i).slice(-8)}` },
        reason: cause.reason,
        expectedResolution: 'compensation',
        category: cause.complaint,
      });
      cases++;
      if (r.case.status !== 'submitted') continue;
      const id = r.case.id;
      t += 2 * HOUR;
      await actOnCase(ctx(agent, at()), id, 'accept', {});
      await assignCase(ctx(agent, at()), id, agent.userId as string);
      t += HOUR;
      await actOnCase(ctx(agent, at()), id, 'start', {});
      if (cause.category === 'packing' || cause.category === 'stock_data') {
        const p = await createPromise(ctx(agent, at()), id, {
          kind: 'reshipment',
          description: cause.category === 'packing' ? '48 小时内补发破损配件' : '三个工作日内退款到账',
          dueAt: new Date(t + 2 * DAY).toISOString(),
        });
        t += 3 * DAY;
        const broken = i % 2 === 0;
        await settlePromise(ctx(agent, at()), id, p.id, {
          outcome: broken ? 'broken' : 'kept',
          note: broken ? '仓库未按时发出，超期一天' : '已按时完成',
        });
      }
      if (back === 1 && cause.category === 'carrier' && i % 5 === 0) {
        await recordEscalation(ctx(agent, at()), id, {
          target: 'market_regulator_12315',
          bodyName: '市场监督管理局 12315',
          note: '买家已向 12315 投诉物流延误',
        });
      }
      t += 5 * HOUR;
      await actOnCase(ctx(agent, at()), id, 'resolve', { resolution: '已补发并赠送 20 元优惠券，买家认可' });
      t += DAY;
      await actOnCase(ctx(agent, at()), id, 'close', {
        rootCauseType: cause.systemic ? 'systemic' : 'accidental',
        rootCauseText: cause.text,
        rootCauseCategory: cause.category,
      });
    }
  }
  return { cases };
}
