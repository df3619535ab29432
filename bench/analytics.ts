import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  analyticsBreakdown,
  analyticsComplaintRate,
  analyticsOverview,
  analyticsResponsibility,
  analyticsRootCauses,
  analyticsSla,
} from '../src/services/analytics.ts';
import { backfillCaseHours } from '../src/services/case-hours.ts';
import type { Actor, ServiceContext } from '../src/services/context.ts';
import {
  addTenant,
  type BenchDb,
  createBenchDb,
  envNumber,
  machine,
  openBenchDb,
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
/** The database kept with BENCH_KEEP_DB=1, for BENCH_ANALYTICS_DB=<name> (queries only) later. */
const KEPT_NAME = 'kesu_bench_analytics_final';
/** Triggers of 0013/0017 switched off for the bulk load; the rollups are then backfilled in one pass each. */
const ROLLUP_TRIGGERS: [string, string][] = [
  ['cases', 'cases_analytics_rollup'],
  ['cases', 'cases_hours_mark'],
  ['case_sla', 'case_sla_analytics_rollup'],
  ['case_sla', 'case_sla_hours_mark'],
  ['promises', 'promises_analytics_rollup'],
  ['offers', 'offers_analytics_rollup'],
];

/**
 * Analytics at scale: N cases (default 1,000,000) and M orders (default 10,000,000) over 10 merchants on one
 * platform and a year, generated on the PostgreSQL server (INSERT … SELECT generate_series), with SLA clocks,
 * promises, offers and ledger lines. The orders' per-day rollup trigger is switched off for the bulk load and
 * the rollup rebuilt in one pass (timed: "rollupSeconds"); after that the trigger keeps it in each write.
 * Orders are streamed in with COPY. The case rollup (0017) is backfilled the way the migration does it, and the
 * working hours by the product's own backfill (backfillCaseHours); then VACUUM ANALYZE.
 * Queries go through the real services as a merchant supervisor and as the platform's supervisor, and a few
 * through the raw path (the reference computation, `raw: true`) on the same database for the ratio.
 *
 * BENCH_KEEP_DB=1 keeps the loaded database as kesu_bench_analytics_final; BENCH_ANALYTICS_DB=<name> re-runs only
 * the queries on such a kept database.
 */
export async function analyticsBench() {
  const rounds = envNumber('BENCH_ANALYTICS_ROUNDS', 20);
  const rawRounds = envNumber('BENCH_ANALYTICS_RAW_ROUNDS', 3);
  const loadAvgBefore = round(loadavg()[0] ?? 0);
  const kept = process.env.BENCH_ANALYTICS_DB;
  const keep = process.env.BENCH_KEEP_DB === '1';
  const bench = kept ? await openBenchDb(kept, 4) : await createBenchDb(4, keep ? KEPT_NAME : undefined);
  try {
    const loaded = kept ? await existing(bench) : await load(bench);
    await queries(bench, loaded, { rounds, rawRounds, loadAvgBefore, queriesOnly: !!kept });
  } finally {
    if (!keep && !kept) await bench.drop();
    else await bench.database.close();
  }
}

interface Loaded {
  platform: string;
  merchants: string[];
  nCases: number;
  nOrders: number;
  timings: Record<string, number>;
}

/** The tenants of a kept database and its row counts. */
async function existing(bench: BenchDb): Promise<Loaded> {
  const db = bench.database.db;
  const platform = (
    await db.selectFrom('tenants').select('id').where('slug', '=', 'bench-plat').executeTakeFirstOrThrow()
  ).id;
  const merchants = [];
  for (let i = 0; i < MERCHANTS; i++)
    merchants.push(
      (await db.selectFrom('tenants').select('id').where('slug', '=', `m${i}`).executeTakeFirstOrThrow()).id,
    );
  const count = async (table: 'cases' | 'orders') =>
    Number((await db.selectFrom(table).select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { platform, merchants, nCases: await count('cases'), nOrders: await count('orders'), timings: {} };
}

async function load(bench: BenchDb): Promise<Loaded> {
  const nCases = envNumber('BENCH_ANALYTICS_CASES', 1_000_000);
  const nOrders = envNumber('BENCH_ANALYTICS_ORDERS', 10_000_000);
  {
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
    await q('switch the rollup triggers off', 'ALTER TABLE orders DISABLE TRIGGER orders_analytics_rollup');
    {
      const t0 = performance.now();
      const YEAR_S = 31_536_000;
      const endMs = end.getTime();
      const endIso = end.toISOString();
      const items = '[{"name":"实木餐桌","quantity":1,"priceFen":100}]';
      function* lines() {
        const chunk = 20_000;
        for (let i = 1; i <= nOrders; i += chunk) {
          let text = '';
          for (let g = i; g < Math.min(nOrders + 1, i + chunk); g++) {
            const placed = new Date(endMs - (Math.floor((g * YEAR_S) / nOrders) % YEAR_S) * 1000).toISOString();
            text += `${merchants[g % MERCHANTS]}\tB${g}\t买家\t${items}\t100\tcompleted\t${placed}\t${endIso}\n`;
          }
          yield text;
        }
      }
      const sink = client.query(
        copyFrom(
          'COPY orders (tenant_id, order_number, buyer_name, items, amount_fen, state, placed_at, updated_at) FROM STDIN',
        ),
      );
      await pipeline(Readable.from(lines()), sink);
      timings.ordersSeconds = round((performance.now() - t0) / 1000);
      console.log(`orders (COPY ${nOrders}): ${timings.ordersSeconds} s`);
    }
    timings.rollupSeconds = await q(
      'rollup',
      `INSERT INTO analytics_order_days (tenant_id, day, orders)
       SELECT tenant_id, ((placed_at AT TIME ZONE 'UTC') + interval '8 hours')::date, count(*)::int FROM orders GROUP BY 1, 2;
       ALTER TABLE orders ENABLE TRIGGER orders_analytics_rollup;`,
    );
    await q(
      'switch the case rollup triggers off',
      ROLLUP_TRIGGERS.map(([t, g]) => `ALTER TABLE ${t} DISABLE TRIGGER ${g};`).join('\n'),
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
    timings.caseRollupSeconds = await q(
      'case rollup backfill (as migration 0017 does it)',
      `INSERT INTO analytics_case_facts SELECT * FROM analytics_case_contrib;
       INSERT INTO analytics_case_days (tenant_id, respondent_tenant_id, platform_tenant_id, ops_tenant_id, category,
           channel, department_id, assignee_id, day, metric, value)
         SELECT tenant_id, respondent_tenant_id, platform_tenant_id, ops_tenant_id, category, channel, department_id,
           assignee_id, day, metric, sum(value)
         FROM analytics_case_facts GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
       ${ROLLUP_TRIGGERS.map(([t, g]) => `ALTER TABLE ${t} ENABLE TRIGGER ${g};`).join('\n')}`,
    );
    {
      const t0 = performance.now();
      const n = await backfillCaseHours(database.db, 10_000);
      timings.hoursBackfillSeconds = round((performance.now() - t0) / 1000);
      console.log(`working hours backfill (${n} cases): ${timings.hoursBackfillSeconds} s`);
    }
    timings.vacuumAnalyzeSeconds = await q('vacuum analyze', 'VACUUM ANALYZE');
    await client.end();
    return { platform, merchants, nCases, nOrders, timings };
  }
}

async function queries(
  bench: BenchDb,
  loaded: Loaded,
  o: { rounds: number; rawRounds: number; loadAvgBefore: number; queriesOnly: boolean },
) {
  const { database, url } = bench;
  const { platform, merchants, nCases, nOrders, timings } = loaded;
  const { rounds, rawRounds } = o;
  {
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
    const raw: Record<string, unknown> = {};
    const measure = async (
      c: ServiceContext,
      run: (c: ServiceContext) => Promise<unknown>,
      n: number,
      warm: number,
    ) => {
      const samples: number[] = [];
      for (let r = 0; r < n + warm; r++) {
        const t = performance.now();
        await run(c);
        if (r >= warm) samples.push(performance.now() - t);
      }
      return summarize(samples);
    };
    const rawPeriod = { ...period, raw: true };
    const rawEndpoints: Record<string, (c: ServiceContext) => Promise<unknown>> = {
      overview: (c) => analyticsOverview(c, rawPeriod),
      'sla?granularity=day': (c) => analyticsSla(c, { ...rawPeriod, granularity: 'day' }),
      'breakdown?by=category': (c) => analyticsBreakdown(c, { ...rawPeriod, by: 'category' }),
    };
    for (const [who, a] of [
      ['merchant', actor(merchants[0] as string, 'merchant')],
      ['platform', actor(platform, 'platform')],
    ] as const) {
      for (const [name, run] of Object.entries(endpoints)) {
        const s = await measure(ctxFor(a), run, rounds, 2);
        results[`${who}: ${name}`] = { ...s, meetsGoal: s.p95Ms < P95_GOAL_MS };
        console.log(`${who}: ${name}`, s.p50Ms, s.p95Ms);
      }
      for (const [name, run] of Object.entries(rawEndpoints)) {
        const s = await measure(ctxFor(a), run, rawRounds, 1);
        const rollup = results[`${who}: ${name}`] as { p50Ms: number };
        raw[`${who}: ${name}`] = { ...s, rawOverRollupP50: round(s.p50Ms / rollup.p50Ms, 1) };
        console.log(`raw ${who}: ${name}`, s.p50Ms, s.p95Ms, `×${round(s.p50Ms / rollup.p50Ms, 1)}`);
      }
    }
    const result = {
      bench: 'analytics',
      at: new Date().toISOString(),
      revision: revision(),
      machine: machine(),
      loadAvgBefore: o.loadAvgBefore,
      loadAvgAfter: round(loadavg()[0] ?? 0),
      database: bench.name,
      queriesOnly: o.queriesOnly,
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
      rawPath: raw,
    };
    console.log(`→ ${writeResult(o.queriesOnly ? 'analytics-queries' : 'analytics', result)}`);
    console.log(`database: ${bench.name}`);
  }
}
