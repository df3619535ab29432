import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsFilters } from '../../src/reports/scope.ts';
import {
  analyticsBreakdown,
  analyticsComplaintRate,
  analyticsOverview,
  analyticsResponsibility,
  analyticsRootCauses,
  analyticsSla,
} from '../../src/services/analytics.ts';
import { backfillCaseHours, recordCaseHours } from '../../src/services/case-hours.ts';
import type { Actor, ServiceContext } from '../../src/services/context.ts';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, type World } from '../support/world.ts';

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T,
    chance: (p: number) => next() < p,
  };
}

/** "Now" of the suite: 13:00 in Shanghai on 2026-11-20, so the last day has clocks and promises due both sides. */
const NOW = new Date('2026-11-20T05:00:00Z');
const HOUR = 3_600_000;
const START = Date.parse('2026-09-20T00:00:00Z');
const SPAN = NOW.getTime() - 2 * HOUR - START;

const categories = ['product_quality', 'logistics_delay', 'service_attitude', 'price', null] as const;
const channels = ['hotline', 'im', 'email', 'web_form'] as const;
const rootCauses = ['packing', 'carrier', 'stock_data', 'staff_attitude'] as const;
const offerTypes = ['refund', 'compensation', 'coupon', 'apology'] as const;

/**
 * Every figure of every analytics endpoint from the rollups (0017) equals the raw recomputation from the cases
 * and the rows hanging off them (`raw: true`, the reference path), on a random data set that was then reassigned,
 * recategorised, reopened, merged, deleted and anonymised — and the rollup table itself equals a fresh
 * aggregation of every case's contribution.
 */
describe.each(testDatabases())('analytics rollups against the raw computation on $name', ({ open }) => {
  let w: World;
  const r = rng(20261120);
  beforeAll(async () => {
    w = await buildWorld(await open());
    const db = w.database.db;
    const t = w.tenants;
    const depts: Record<string, string[]> = {};
    for (const m of [t.merchantA, t.merchantB]) {
      depts[m] = [];
      for (const code of ['CS', 'QA']) {
        const d = await db
          .insertInto('departments')
          .values({ tenant_id: m, code, name: `${code}部` })
          .returning('id')
          .executeTakeFirstOrThrow();
        depts[m]?.push(d.id);
      }
    }
    const people: Record<string, string[]> = {
      [t.merchantA]: [w.userIds['merchantA:agent'] as string, w.userIds['merchantA:supervisor'] as string],
      [t.merchantB]: [w.userIds['merchantB:agent'] as string, w.userIds['merchantB:supervisor'] as string],
    };
    const policy: Record<string, string> = {};
    for (const m of [t.merchantA, t.merchantB]) {
      const p = await db
        .insertInto('sla_policies')
        .values({
          tenant_id: m,
          name: '随机',
          priority: 1,
          targets: '{}',
          on_breach: '[]',
          active: false,
          updated_at: new Date(START),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      policy[m] = p.id;
    }
    const at = (ms: number) => new Date(Math.round(ms / 1000) * 1000);
    const cases: { id: string; tenant: string }[] = [];
    for (let i = 0; i < 320; i++) {
      const m = r.chance(0.6) ? t.merchantA : t.merchantB;
      const created = START + r.next() * SPAN;
      const resolved = r.chance(0.6) ? Math.min(created + r.next() * 120 * HOUR, NOW.getTime() - HOUR) : null;
      const closed = resolved && r.chance(0.7) ? Math.min(resolved + r.next() * 48 * HOUR, NOW.getTime()) : null;
      const row = await db
        .insertInto('cases')
        .values({
          tenant_id: m,
          case_number: `KS-RND-${i}`,
          kind: r.chance(0.2) ? 'bad_review' : 'complaint',
          channel: r.pick(channels),
          status: closed ? 'closed' : resolved ? 'resolved' : 'in_progress',
          respondent_tenant_id: m,
          platform_tenant_id: t.platform,
          ops_tenant_id: m === t.merchantB && r.chance(0.5) ? t.opsco : null,
          complainant_name: '王五',
          reason: '随机投诉',
          severity: 2,
          category: r.pick(categories),
          assignee_id: r.chance(0.8) ? r.pick(people[m] as string[]) : null,
          department_id: r.chance(0.7) ? r.pick(depts[m] as string[]) : null,
          missing: '[]',
          resolution: closed ? '已处理' : null,
          root_cause_type: closed ? r.pick(['accidental', 'systemic'] as const) : null,
          root_cause_text: closed ? '包装破损 快递压坏' : null,
          root_cause_category: closed && r.chance(0.9) ? r.pick(rootCauses) : null,
          created_at: at(created),
          updated_at: at(created),
          resolved_at: resolved ? at(resolved) : null,
          closed_at: closed ? at(closed) : null,
          repeat_count: r.chance(0.3) ? 1 + r.int(3) : 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      cases.push({ id: row.id, tenant: m });
      const due = (): number =>
        r.chance(0.15) ? NOW.getTime() + (r.next() - 0.5) * 8 * HOUR : created + r.next() * 72 * HOUR;
      for (const target of ['first_response', 'resolution'] as const) {
        if (!r.chance(0.8)) continue;
        const dueAt = due();
        const fate = r.int(5);
        await db
          .insertInto('case_sla')
          .values({
            tenant_id: m,
            case_id: row.id,
            target,
            policy_id: policy[m] as string,
            clock: 'working',
            started_at: at(created),
            budget_minutes: 60,
            due_at: at(dueAt),
            met_at: fate === 0 || fate === 1 ? at(dueAt + (fate === 0 ? -1 : 1) * r.next() * 10 * HOUR) : null,
            breached_at: fate === 2 ? at(dueAt) : null,
            cancelled_at: fate === 3 ? at(dueAt + (r.next() - 0.5) * 10 * HOUR) : null,
          })
          .execute();
      }
      if (r.chance(0.4)) {
        const state = r.pick(['open', 'kept', 'broken'] as const);
        await db
          .insertInto('promises')
          .values({
            tenant_id: m,
            case_id: row.id,
            kind: 'refund',
            description: '退款',
            owner_id: r.pick(people[m] as string[]),
            owner_tenant_id: m,
            due_at: at(due()),
            state,
            settled_at: state === 'open' ? null : at(created + HOUR),
            created_at: at(created),
          })
          .execute();
      }
      if (r.chance(0.35))
        await db
          .insertInto('offers')
          .values({
            tenant_id: m,
            case_id: row.id,
            offered_by_tenant_id: m,
            type: r.pick(offerTypes),
            amount_fen: r.chance(0.2) ? 0 : 100 * (1 + r.int(50)),
            description: '补偿',
            state: r.chance(0.7) ? 'accepted' : 'sent',
            created_at: at(created),
            answered_at: at(created + r.next() * 96 * HOUR),
          } as never)
          .execute();
      if (resolved && r.chance(0.5)) {
        const answered = r.chance(0.7);
        await db
          .insertInto('follow_ups')
          .values({
            tenant_id: m,
            case_id: row.id,
            resolved_at: at(resolved),
            due_at: at(resolved + 72 * HOUR),
            state: answered ? 'answered' : 'scheduled',
            rating: answered ? 1 + r.int(5) : null,
            answered_at: answered ? at(resolved + r.next() * 72 * HOUR) : null,
            created_at: at(resolved),
          } as never)
          .execute();
      }
      if (r.chance(0.15)) {
        const external = r.chance(0.6);
        await db
          .insertInto('escalations')
          .values({
            tenant_id: m,
            case_id: row.id,
            level: external ? 'external' : 'internal',
            target: external ? 'market_regulator_12315' : 'supervisor',
            submitted_at: at(created + r.next() * 200 * HOUR),
            created_by_tenant_id: m,
            created_at: at(created),
          } as never)
          .execute();
      }
      if (r.chance(0.15))
        await db
          .insertInto('case_forwards')
          .values({
            tenant_id: m,
            case_id: row.id,
            platform_tenant_id: t.platform,
            respondent_tenant_id: m,
            forwarded_at: at(created),
            reply_due_at: at(created + 48 * HOUR),
            state: 'replied',
            reply_kind: r.chance(0.5) ? 'dispute' : 'reply',
            disagreement: r.chance(0.2) ? '不同意' : null,
          } as never)
          .execute();
      if (r.chance(0.1))
        await db
          .insertInto('revision_requests')
          .values({
            tenant_id: m,
            case_id: row.id,
            channel: 'im',
            message: '请修改评价',
            outcome: r.pick(['revised', 'declined', null] as const),
            requested_by_tenant_id: m,
            requested_at: at(created + HOUR),
          } as never)
          .execute();
    }
    // Half the hours stored by the services' own call, the rest left stale (computed on read).
    for (const c of cases.slice(0, 160)) await recordCaseHours(db, c.tenant, c.id);
    // Changes after the facts: each must move the case's counts between buckets.
    for (const c of cases) {
      const u = r.int(12);
      if (u === 0)
        await db
          .updateTable('cases')
          .set({ assignee_id: r.pick(people[c.tenant] as string[]) })
          .where('id', '=', c.id)
          .execute();
      else if (u === 1)
        await db
          .updateTable('cases')
          .set({ category: r.pick(categories), channel: r.pick(channels) })
          .where('id', '=', c.id)
          .execute();
      else if (u === 2)
        await db
          .updateTable('cases')
          .set({ status: 'reopened', resolved_at: null, closed_at: null })
          .where('id', '=', c.id)
          .execute();
      else if (u === 3)
        await db
          .updateTable('cases')
          .set({ department_id: r.chance(0.5) ? null : r.pick(depts[c.tenant] as string[]) })
          .where('id', '=', c.id)
          .execute();
      else if (u === 4) {
        // Merge into another case of the same organisation: its rows move there.
        const into = cases.find((o) => o.tenant === c.tenant && o.id !== c.id);
        if (!into) continue;
        for (const table of ['promises', 'offers', 'escalations'] as const)
          await db.updateTable(table).set({ case_id: into.id }).where('case_id', '=', c.id).execute();
        await db
          .updateTable('cases')
          .set({ status: 'closed', status_reason: '已合并', closed_at: NOW })
          .where('id', '=', c.id)
          .execute();
      } else if (u === 5)
        await db
          .updateTable('cases')
          .set({ complainant_name: '***', anonymised_at: NOW })
          .where('id', '=', c.id)
          .execute();
      else if (u === 6)
        await db
          .updateTable('case_sla')
          .set({ met_at: new Date(NOW.getTime() - 3 * HOUR), breached_at: null })
          .where('case_id', '=', c.id)
          .where('met_at', 'is', null)
          .execute();
      else if (u === 7) {
        const state = r.pick(['open', 'kept', 'broken'] as const);
        await db
          .updateTable('promises')
          .set({ state, settled_at: state === 'open' ? null : NOW })
          .where('case_id', '=', c.id)
          .execute();
      } else if (u === 8) {
        for (const table of [
          'case_sla',
          'promises',
          'offers',
          'follow_ups',
          'escalations',
          'case_forwards',
          'revision_requests',
        ] as const)
          await db.deleteFrom(table).where('case_id', '=', c.id).execute();
        await db.deleteFrom('cases').where('id', '=', c.id).execute();
      } else if (u === 9)
        // Re-dated (an import correcting the filing time): created_at is insert-only in the typed schema.
        await sql`update cases set created_at = ${new Date(START + r.next() * SPAN)} where id = ${c.id}`.execute(db);
    }
    // Some of the stale ones stored by the backfill, the changed ones after it stay stale.
    await backfillCaseHours(db, 50);
    for (const c of cases.slice(200, 240))
      await db.updateTable('cases').set({ resolved_at: NOW }).where('id', '=', c.id).execute();
  }, 120_000);
  afterAll(async () => w?.close());

  it('keeps analytics_case_days equal to a fresh aggregation of every case contribution', async () => {
    const db = w.database.db;
    const kept = await sql<{ k: string; v: string }>`select concat_ws('|', tenant_id, respondent_tenant_id,
        platform_tenant_id, ops_tenant_id, category, channel, department_id, assignee_id, day, metric) k, value::text v
      from analytics_case_days where value <> 0 order by 1`.execute(db);
    const fresh = await sql<{ k: string; v: string }>`select concat_ws('|', tenant_id, respondent_tenant_id,
        platform_tenant_id, ops_tenant_id, category, channel, department_id, assignee_id, day, metric) k, sum(value)::text v
      from analytics_case_contrib group by 1 having sum(value) <> 0 order by 1`.execute(db);
    expect(fresh.rows.length).toBeGreaterThan(500);
    expect(kept.rows).toEqual(fresh.rows);
  });

  const scopes = ['merchantA', 'platform', 'opsco'] as const;
  const windows = [
    { from: '2026-10-01', to: '2026-10-31' },
    { from: '2026-11-01', to: '2026-11-20' },
    { from: '2026-09-15', to: '2026-11-30' },
  ];

  it.each(scopes)('gives the raw figures from the rollups for %s, every endpoint, period and filter', async (who) => {
    const db = w.database.db;
    const tenantId = w.tenants[who];
    const kind = who === 'platform' ? 'platform' : who === 'opsco' ? 'operations_company' : 'merchant';
    const actor: Actor = {
      userId: w.userIds[`${who}:supervisor`] ?? null,
      tenantId,
      tenantKind: kind,
      role: 'supervisor',
      platformId: who === 'platform' ? null : w.tenants.platform,
    };
    const ctx: ServiceContext = { db, actor, now: NOW, evidenceDir: '' };
    const some = async (column: 'category' | 'channel' | 'department_id' | 'assignee_id') =>
      (
        await db
          .selectFrom('cases')
          .select(column)
          .where(column, 'is not', null)
          .where((eb) => eb.or([eb('respondent_tenant_id', '=', tenantId), eb('platform_tenant_id', '=', tenantId)]))
          .limit(1)
          .execute()
      )[0]?.[column] as string | undefined;
    const filters: AnalyticsFilters[] = [
      {},
      { category: (await some('category')) as never },
      { channel: (await some('channel')) as never },
      { departmentId: await some('department_id') },
      { personId: await some('assignee_id') },
      { respondentTenantId: w.tenants.merchantB },
    ];
    let compared = 0;
    for (const period of windows)
      for (const f of filters) {
        const q = { ...period, ...f };
        const raw = { ...q, raw: true };
        const pairs: [unknown, unknown][] = [
          [await analyticsOverview(ctx, q), await analyticsOverview(ctx, raw)],
          [
            await analyticsComplaintRate(ctx, { ...q, granularity: 'day' }),
            await analyticsComplaintRate(ctx, { ...raw, granularity: 'day' }),
          ],
          [
            await analyticsComplaintRate(ctx, { ...q, granularity: 'month' }),
            await analyticsComplaintRate(ctx, { ...raw, granularity: 'month' }),
          ],
          [
            await analyticsSla(ctx, { ...q, granularity: 'day' }),
            await analyticsSla(ctx, { ...raw, granularity: 'day' }),
          ],
          [
            await analyticsSla(ctx, { ...q, granularity: 'month' }),
            await analyticsSla(ctx, { ...raw, granularity: 'month' }),
          ],
          [await analyticsRootCauses(ctx, q), await analyticsRootCauses(ctx, raw)],
          [
            await analyticsResponsibility(ctx, { ...q, by: 'department' }),
            await analyticsResponsibility(ctx, { ...raw, by: 'department' }),
          ],
        ];
        for (const by of ['category', 'channel', 'respondent', 'department', 'person'] as const)
          pairs.push([await analyticsBreakdown(ctx, { ...q, by }), await analyticsBreakdown(ctx, { ...raw, by })]);
        for (const [rollup, reference] of pairs) {
          expect(rollup).toEqual(reference);
          compared++;
        }
      }
    expect(compared).toBe(windows.length * filters.length * 12);
    // The data set is not empty where it matters: the comparison saw every kind of figure.
    const o = (await analyticsOverview(ctx, { from: '2026-09-15', to: '2026-11-30' })).figures;
    expect(o.cases).toBeGreaterThan(20);
    expect(o.slaAttainment).not.toBeNull();
    if (who !== 'opsco') {
      expect(o.unkeptPromises).toBeGreaterThan(0);
      expect(o.compensationFen.total).toBeGreaterThan(0);
      expect(o.satisfaction.count).toBeGreaterThan(0);
      expect(o.externalEscalations).toBeGreaterThan(0);
      expect(o.resolutionWorkingHours.count).toBeGreaterThan(0);
      expect(o.firstResponseWorkingHours.count).toBeGreaterThan(0);
    }
  });

  it('gives the raw working hours from the stored values once none is stale (percentiles picked by the database)', async () => {
    const db = w.database.db;
    await backfillCaseHours(db);
    for (const who of scopes) {
      const actor: Actor = {
        userId: null,
        tenantId: w.tenants[who],
        tenantKind: who === 'platform' ? 'platform' : who === 'opsco' ? 'operations_company' : 'merchant',
        role: 'supervisor',
        platformId: who === 'platform' ? null : w.tenants.platform,
      };
      const ctx: ServiceContext = { db, actor, now: NOW, evidenceDir: '' };
      for (const period of windows)
        for (const f of [{}, { channel: 'im' as const }, { respondentTenantId: w.tenants.merchantB }]) {
          const a = (await analyticsOverview(ctx, { ...period, ...f })).figures;
          const b = (await analyticsOverview(ctx, { ...period, ...f, raw: true })).figures;
          expect([a.firstResponseWorkingHours, a.resolutionWorkingHours], `${who} ${period.from}`).toEqual([
            b.firstResponseWorkingHours,
            b.resolutionWorkingHours,
          ]);
        }
    }
  });
});
