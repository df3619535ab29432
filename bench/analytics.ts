import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  analyticsBreakdown,
  analyticsComplaintRate,
  analyticsOverview,
  analyticsResponsibility,
  analyticsRootCauses,
  analyticsSla,
} from '../src/services/analytics.ts';
import type { Actor, ServiceContext } from '../src/services/context.ts';
import {
  addTenant,
  createBenchDb,
  envNumber,
  machine,
  revision,
  round,
  serverVersion,
  summarize,
  writeResult,
} from './support.ts';

const P95_GOAL_MS = 200;
const MERCHANTS = 10;
/** Data covers the year before this instant; queries ask for the last 30 days and the month before. */
const end = new Date(Date.UTC(2026, 10, 24));

/**
 * Analytics at scale: N cases (default 1,000,000) and M orders (default 10,000,000) over 10 merchants on one
 * platform and a year, generated on the PostgreSQL server (INSERT … SELECT generate_series), with SLA clocks,
 * promises, offers and ledger lines. The orders' per-day rollup trigger is switched off for the bulk load and
 * the rollup rebuilt in one pass (timed: "rollupSeconds"); after that the trigger keeps it in each write.
 * Queries go through the real services as a merchant supervisor and as the platform's supervisor.
 */
export async function analyticsBench() {
  const nCases = envNumber('BENCH_ANALYTICS_CASES', 1_000_000);
  const nOrders = envNumber('BENCH_ANALYTICS_ORDERS', 10_000_000);
  const rounds = envNumber('BENCH_ANALYTICS_ROUNDS', 20);
  const loadAvgBefore = round(loadavg()[0] ?? 0);
  const bench = await createBenchDb(4);
  try {
    const { database, url } = bench;
    const platform = await addTenant(database, 'bench-plat', '基准平台', 'platform', null);
    const merchants: string[] = [];
    for (let i = 0; i < MERCHANTS; i++)
      merchants.push(await addTenant(database, `m${i}`, `商家${i}`, 'merchant', platform));
    const users = await database.db
      .insertInto('users')
      .values(Array.from({ length: 20 }, (_, i) => ({ email: `a${i}@bench.test`, display_name: `客服${i}` })))
      .returning('id')
      .execute();
    await database.db
      .insertInto('memberships')
      .values(
        users.map((u, i) => ({ tenant_id: merchants[i % MERCHANTS] as string, user_id: u.id, role: 'agent' as const })),
      )
      .execute();
    // One (inactive) policy per merchant: clocks reference their own organisation's policy.
    await database.db
      .insertInto('sla_policies')
      .values(
        merchants.map((m) => ({
          tenant_id: m,
          name: 'bench',
          priority: 1,
          targets: '{}',
          on_breach: '[]',
          active: false,
          updated_at: end,
        })),
      )
      .execute();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const q = async (label: string, text: string, values: unknown[] = []) => {
      const t = performance.now();
      await client.query(text, values).catch((err) => {
        console.error(`${label} failed: ${err.message}`);
        throw err;
      });
      const s = round((performance.now() - t) / 1000);
      console.log(`${label}: ${s} s`);
      return s;
    };
    const arr = (xs: string[]) => `{${xs.join(',')}}`;
    const timings: Record<string, number> = {};
    timings.ordersSeconds = await q(
      'orders',
      `ALTER TABLE orders DISABLE TRIGGER orders_analytics_rollup;
       INSERT INTO orders (tenant_id, order_number, buyer_name, items, amount_fen, state, placed_at, updated_at)
       SELECT ($1::uuid[])[1 + g % ${MERCHANTS}], 'B' || g, '买家', '[{"name":"实木餐桌","quantity":1,"priceFen":100}]'::jsonb,
         100, 'completed', $2::timestamptz - ((g::bigint * 31536000 / ${nOrders}) % 31536000) * interval '1 second', $2::timestamptz
       FROM generate_series(1, ${nOrders}) g`
        .replace(/\$1::uuid\[\]/, `'${arr(merchants)}'::uuid[]`)
        .replace(/\$2/g, `'${end.toISOString()}'`),
    );
    timings.rollupSeconds = await q(
      'rollup',
      `INSERT INTO analytics_order_days (tenant_id, day, orders)
       SELECT tenant_id, ((placed_at AT TIME ZONE 'UTC') + interval '8 hours')::date, count(*)::int FROM orders GROUP BY 1, 2;
       ALTER TABLE orders ENABLE TRIGGER orders_analytics_rollup;`,
    );
    const cats = `'{product_quality,logistics_delay,service_attitude,after_sales_refund,description_mismatch,price}'::text[]`;
    const chans = `'{hotline,im,email,web_form,review}'::text[]`;
    const causes = `'{packing,carrier,stock_data,description,staff_attitude,supplier_quality}'::text[]`;
    timings.casesSeconds = await q(
      'cases',
      `INSERT INTO cases (tenant_id, id, case_number, kind, channel, status, respondent_tenant_id, platform_tenant_id,
         complainant_name, reason, category, severity, assignee_id, missing, resolution, root_cause_type, root_cause_text,
         root_cause_category, created_at, updated_at, resolved_at, closed_at, repeat_count)
       SELECT m, gen_random_uuid(), 'KS-B-' || g, 'complaint', (${chans})[1 + g % 5], CASE WHEN g % 5 = 0 THEN 'in_progress' ELSE 'closed' END,
         m, '${platform}', '买家', '投诉', (${cats})[1 + g % 6], 2, ('${arr(users.map((u) => u.id))}'::uuid[])[1 + g % 20],
         '[]', CASE WHEN g % 5 = 0 THEN NULL ELSE '已处理' END,
         CASE WHEN g % 5 = 0 THEN NULL WHEN g % 3 = 0 THEN 'systemic' ELSE 'accidental' END,
         CASE WHEN g % 5 = 0 THEN NULL ELSE '包装破损 快递 压坏' END,
         CASE WHEN g % 5 = 0 THEN NULL ELSE (${causes})[1 + (g * 7) % 6] END,
         c, c, CASE WHEN g % 5 = 0 THEN NULL ELSE c + interval '20 hours' END,
         CASE WHEN g % 5 = 0 THEN NULL ELSE c + interval '30 hours' END, g % 4
       FROM (SELECT g, ('${arr(merchants)}'::uuid[])[1 + g % ${MERCHANTS}] AS m,
               '${end.toISOString()}'::timestamptz - ((g * 31.536)::bigint % 31536000) * interval '1 second' AS c
             FROM generate_series(1, ${nCases}) g) s`,
    );
    timings.clocksSeconds = await q(
      'case_sla',
      `INSERT INTO case_sla (tenant_id, case_id, target, policy_id, clock, started_at, budget_minutes, due_at, met_at, breached_at)
       SELECT tenant_id, id, 'first_response', (SELECT p.id FROM sla_policies p WHERE p.tenant_id = cases.tenant_id), 'working', created_at, 240, created_at + interval '4 hours',
         CASE WHEN repeat_count < 3 THEN created_at + interval '2 hours' END,
         CASE WHEN repeat_count = 3 THEN created_at + interval '4 hours' END
       FROM cases`,
    );
    timings.othersSeconds = await q(
      'promises, offers, ledger',
      `INSERT INTO promises (tenant_id, case_id, kind, description, owner_id, owner_tenant_id, due_at, state, settled_at, created_at)
       SELECT tenant_id, id, 'reshipment', '补发', assignee_id, tenant_id, created_at + interval '2 days',
         CASE WHEN repeat_count = 1 THEN 'broken' ELSE 'kept' END, created_at + interval '2 days', created_at
       FROM cases WHERE repeat_count < 2;
       INSERT INTO offers (tenant_id, case_id, offered_by_tenant_id, type, amount_fen, description, state, created_at, answered_at)
       SELECT tenant_id, id, tenant_id, 'refund', 5000, '退款', 'accepted', created_at, created_at + interval '3 hours'
       FROM cases WHERE repeat_count = 2;
       INSERT INTO responsibility_ledger (tenant_id, case_tenant_id, case_id, person_id, respondent_tenant_id,
         root_cause_type, root_cause_category, on_time, unkept_promises, case_created_at, closed_at)
       SELECT tenant_id, tenant_id, id, assignee_id, tenant_id, root_cause_type, root_cause_category, repeat_count <> 3,
         CASE WHEN repeat_count = 1 THEN 1 ELSE 0 END, created_at, closed_at
       FROM cases WHERE closed_at IS NOT NULL;`,
    );
    timings.analyzeSeconds = await q('analyze', 'ANALYZE');
    await client.end();

    const actor = (tenantId: string, kind: 'platform' | 'merchant'): Actor => ({
      userId: null,
      tenantId,
      tenantKind: kind,
      role: 'supervisor',
      platformId: kind === 'platform' ? null : platform,
    });
    const ctxFor = (a: Actor): ServiceContext => ({ db: database.db, actor: a, now: end, evidenceDir: '' });
    const period = { from: '2026-10-24', to: '2026-11-22' };
    const endpoints: Record<string, (c: ServiceContext) => Promise<unknown>> = {
      overview: (c) => analyticsOverview(c, period),
      'complaint-rate?granularity=day': (c) => analyticsComplaintRate(c, { ...period, granularity: 'day' }),
      'breakdown?by=category': (c) => analyticsBreakdown(c, { ...period, by: 'category' }),
      'sla?granularity=day': (c) => analyticsSla(c, { ...period, granularity: 'day' }),
      'root-causes': (c) => analyticsRootCauses(c, period),
      'responsibility?by=person': (c) => analyticsResponsibility(c, { ...period, by: 'person' }),
    };
    const results: Record<string, unknown> = {};
    for (const [who, a] of [
      ['merchant', actor(merchants[0] as string, 'merchant')],
      ['platform', actor(platform, 'platform')],
    ] as const) {
      for (const [name, run] of Object.entries(endpoints)) {
        const samples: number[] = [];
        for (let r = 0; r < rounds + 2; r++) {
          const t = performance.now();
          await run(ctxFor(a));
          if (r >= 2) samples.push(performance.now() - t);
        }
        const s = summarize(samples);
        results[`${who}: ${name}`] = { ...s, meetsGoal: s.p95Ms < P95_GOAL_MS };
        console.log(`${who}: ${name}`, s.p50Ms, s.p95Ms);
      }
    }
    const result = {
      bench: 'analytics',
      at: new Date().toISOString(),
      revision: revision(),
      machine: machine(),
      loadAvgBefore,
      postgres: await serverVersion(url),
      data: {
        cases: nCases,
        orders: nOrders,
        merchants: MERCHANTS,
        casesPerMerchantIn30Days: Math.round(nCases / MERCHANTS / 12.2),
      },
      p95GoalMs: P95_GOAL_MS,
      load: timings,
      endpoints: results,
    };
    console.log(`→ ${writeResult('analytics', result)}`);
  } finally {
    if (process.env.BENCH_KEEP_DB !== '1') await bench.drop();
  }
}
