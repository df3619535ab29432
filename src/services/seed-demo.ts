import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { CaseAction } from '../domain/lifecycle.ts';
import type { Channel, Role, TenantKind } from '../domain/vocabulary.ts';
import { actOnCase } from './act-on-case.ts';
import { addEvidence } from './add-evidence.ts';
import { assignCase } from './assign-case.ts';
import { hashPassword } from './auth.ts';
import type { Actor, ServiceContext } from './context.ts';
import { demoBadReviews, demoComplaints, demoNames, demoProducts } from './demo-text.ts';
import { intakeCase } from './intake-case.ts';
import { createOrder, updateOrderState } from './orders.ts';
import { seedDemoAnalytics } from './seed-demo-analytics.ts';

/** Demo mode only: every demo user signs in with this password (printed in the README). */
export const DEMO_PASSWORD = 'kesu-demo-2026';
const DAY = 86_400_000;
/** A 1×1 PNG standing in for a buyer's photo. */
const DEMO_PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082',
  'hex',
);

export async function databaseIsEmpty(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom('tenants').select('id').limit(1).execute()).length === 0;
}

/** Deterministic pseudo-random numbers so every demo start looks the same. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

export async function seedDemo(db: Kysely<DB>, now: Date, evidenceDir: string) {
  if (!(await databaseIsEmpty(db))) return { seeded: false, reason: 'database already has organisations' };
  const tenant = async (slug: string, name: string, kind: TenantKind, platformId: string | null = null) =>
    (
      await db
        .insertInto('tenants')
        .values({ slug, name, kind, platform_id: platformId })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const platform = await tenant('demo-platform', '示例平台', 'platform');
  const m1 = await tenant('merchant1', '优品家居旗舰店', 'merchant', platform);
  const m2 = await tenant('merchant2', '鲜果坊', 'merchant', platform);
  const m3 = await tenant('merchant3', '数码优选', 'merchant', platform);
  const ops = await tenant('opsco', '星火电商代运营', 'operations_company', platform);
  await db
    .insertInto('operations_contracts')
    .values([
      { tenant_id: m1, operations_company_id: ops },
      { tenant_id: m3, operations_company_id: ops },
    ])
    .execute();

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users: Record<string, string> = {};
  const member = async (email: string, name: string, tenantId: string, role: Role) => {
    users[email] ??= (
      await db
        .insertInto('users')
        .values({ email, display_name: name, password_hash: passwordHash })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db.insertInto('memberships').values({ tenant_id: tenantId, user_id: users[email], role }).execute();
  };
  await member('admin@platform.demo', '平台管理员 林晓', platform, 'admin');
  await member('supervisor@platform.demo', '平台主管 何静', platform, 'supervisor');
  await member('agent@platform.demo', '平台小二 陈默', platform, 'agent');
  await member('auditor@platform.demo', '审计 吴桐', platform, 'auditor');
  await member('viewer@platform.demo', '访客 许诺', platform, 'viewer');
  await member('agent@merchant1.demo', '优品客服 小王', m1, 'agent');
  await member('supervisor@merchant1.demo', '优品客服主管 老李', m1, 'supervisor');
  await member('agent2@merchant1.demo', '优品客服 小陈', m1, 'agent');
  await member('agent@merchant2.demo', '鲜果坊客服 小张', m2, 'agent');
  await member('agent@merchant3.demo', '数码优选客服 小赵', m3, 'agent');
  await member('admin@opsco.demo', '星火运营 周总', ops, 'admin');

  const actor = (email: string, tenantId: string, kind: TenantKind, role: Role): Actor => ({
    userId: users[email]!,
    tenantId,
    tenantKind: kind,
    role,
    platformId: kind === 'platform' ? null : platform,
  });
  const merchants = [
    { key: 'merchant1', id: m1, agent: actor('agent@merchant1.demo', m1, 'merchant', 'agent') },
    { key: 'merchant2', id: m2, agent: actor('agent@merchant2.demo', m2, 'merchant', 'agent') },
    { key: 'merchant3', id: m3, agent: actor('agent@merchant3.demo', m3, 'merchant', 'agent') },
  ];
  const platformAgent = actor('agent@platform.demo', platform, 'platform', 'agent');
  const ctx = (a: Actor, at: Date): ServiceContext => ({ db, actor: a, now: at, evidenceDir });
  const rand = rng(20261124);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

  // About 200 orders over the last 60 days; most completed, some in refund, a few long past after-sales.
  const orders: { id: string; merchant: (typeof merchants)[number]; buyer: string; phone: string; number: string }[] =
    [];
  for (let i = 0; i < 200; i++) {
    const merchant = merchants[i % 3]!;
    const product = pick(demoProducts[merchant.key]!);
    const qty = 1 + Math.floor(rand() * 3);
    const placed = new Date(now.getTime() - (2 + Math.floor(rand() * 60)) * DAY);
    const completedDaysAgo = i % 25 === 0 ? 40 : Math.floor(rand() * 20);
    const state =
      i % 25 === 0
        ? 'completed'
        : pick(['completed', 'completed', 'completed', 'delivered', 'shipped', 'paid'] as const);
    const buyer = pick(demoNames);
    const phone = `13${Math.floor(100_000_000 + rand() * 899_999_999)}`;
    const number = `DD${placed.toISOString().slice(0, 10).replaceAll('-', '')}${String(1000 + i)}`;
    const o = await createOrder(ctx(merchant.agent, placed), {
      orderNumber: number,
      buyerName: buyer,
      buyerPhone: phone,
      items: [{ name: product.name, quantity: qty, priceFen: product.priceFen }],
      amountFen: product.priceFen * qty,
      state,
      placedAt: placed.toISOString(),
      completedAt: state === 'completed' ? new Date(now.getTime() - completedDaysAgo * DAY).toISOString() : undefined,
    });
    orders.push({ id: o.id, merchant, buyer, phone, number });
  }

  // 50 cases: platform complaints against merchants and the operations company, and merchants' own bad reviews.
  const paths: CaseAction[][] = [
    [],
    ['accept'],
    ['accept', 'start'],
    ['accept', 'start', 'request_info'],
    ['accept', 'start', 'resolve'],
    ['accept', 'start', 'resolve', 'close'],
    ['accept', 'start', 'escalate'],
    ['withdraw'],
    ['reject'],
    ['accept', 'start', 'resolve', 'close', 'reopen'],
  ];
  const refundCandidates: string[] = [];
  let created = 0;
  for (let i = 0; i < 50; i++) {
    const at = new Date(now.getTime() - (50 - i) * DAY * 0.6);
    const o = orders[(i * 7) % orders.length]!;
    const viaPlatform = i % 2 === 0;
    const isReview = !viaPlatform && i % 3 === 0;
    const c = pick(demoComplaints);
    const about = c.category === 'operations_service' ? ops : o.merchant.id;
    const handler = viaPlatform ? platformAgent : o.merchant.agent;
    const channel: Channel = isReview ? 'review' : pick(['hotline', 'im', 'web_form', 'email', 'social_dm'] as const);
    const r = await intakeCase(ctx(handler, at), {
      kind: isReview ? 'bad_review' : 'complaint',
      channel,
      respondentTenantId: viaPlatform ? about : undefined,
      orderId: about === ops ? undefined : o.id,
      complainant: { name: o.buyer, phone: o.phone },
      reason: isReview ? pick(demoBadReviews) : c.reason,
      expectedResolution: isReview ? undefined : c.expected,
      category: c.category,
      severity: 1 + Math.floor(rand() * 4),
      reviewRating: isReview ? 1 + Math.floor(rand() * 2) : undefined,
    });
    created++;
    // Two in three photo requests are answered at once, as most buyers do.
    if (r.case.status === 'awaiting_customer' && r.case.missing.join() === 'evidence_photo' && i % 3 !== 0) {
      const photo = await addEvidence(ctx(handler, at), r.case.id, {
        bytes: DEMO_PNG,
        fileName: '商品照片.png',
        declaredMime: 'image/png',
      });
      if (photo.missing.length === 0) r.case.status = 'submitted';
    }
    if (r.case.status !== 'submitted') continue;
    let t = at.getTime();
    const path = paths[i % paths.length]!;
    if (path.join() === 'accept' && r.case.orderId) refundCandidates.push(r.case.orderId);
    for (const action of path) {
      t += 3_600_000 * (1 + rand() * 20);
      if (action === 'start') await assignCase(ctx(handler, new Date(t)), r.case.id, handler.userId!);
      await actOnCase(ctx(handler, new Date(t)), r.case.id, action, {
        reason:
          action === 'reject'
            ? '重复投诉，已在另一工单处理'
            : action === 'reopen'
              ? '回访时买家表示补发的商品仍有问题'
              : action === 'escalate'
                ? '买家表示将投诉至12315'
                : action === 'request_info'
                  ? '请补充商品破损照片'
                  : undefined,
        resolution:
          action === 'resolve' || action === 'close' ? '已与买家协商一致：补发新品并赠送10元优惠券' : undefined,
        rootCauseType: action === 'close' ? pick(['accidental', 'systemic'] as const) : undefined,
        rootCauseText: action === 'close' ? '仓库打包未加防护泡沫，运输中受压' : undefined,
        rootCauseCategory: action === 'close' ? 'packing' : undefined,
      });
    }
  }
  // One refund in progress moves its cases to pending_refund, as an order system would report it.
  for (const orderId of refundCandidates.slice(0, 2)) {
    const o = orders.find((x) => x.id === orderId)!;
    await updateOrderState(ctx(o.merchant.agent, now), o.id, 'refunding');
  }
  // Last month's closed cases of the first store, for the monthly analysis report (issue 9).
  const history = await seedDemoAnalytics(db, now, evidenceDir, {
    id: m1,
    agents: [merchants[0]!.agent, actor('agent2@merchant1.demo', m1, 'merchant', 'agent')],
  });
  return {
    seeded: true,
    tenants: 5,
    users: Object.keys(users).length,
    orders: orders.length,
    cases: created + history.cases,
  };
}
