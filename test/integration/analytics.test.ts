import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillCaseHours } from '../../src/services/case-hours.ts';
import { analyticsFixture } from '../support/analytics.ts';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, type World } from '../support/world.ts';

const OCT = 'from=2026-10-01&to=2026-10-31';

describe.each(testDatabases())('complaint analytics on a known month on $name', ({ open }) => {
  let w: World;
  let fx: Awaited<ReturnType<typeof analyticsFixture>>;
  let sup: string;
  beforeAll(async () => {
    w = await buildWorld(await open());
    fx = await analyticsFixture(w);
    sup = w.tokens['merchantA:supervisor']!;
  });
  afterAll(async () => w?.close());

  it('computes every overview figure by hand, October against the 31 days before', async () => {
    const r = await w.req(sup, 'GET', `/api/v1/analytics/overview?${OCT}`);
    expect(r.status).toBe(200);
    expect(r.body.previousFrom).toBe('2026-08-31');
    expect(r.body.previousTo).toBe('2026-09-30');
    const f = r.body.figures;
    expect(f.orders).toBe(2000);
    expect(f.cases).toBe(4);
    expect(f.complaintRatePer1000).toBe(2);
    expect(f.disputeRate).toBe(0);
    expect(f.repeatRate).toBe(0.25);
    // C1 filed on 国庆 day one (10-01 10:00) is answered 10-08 10:00: one working hour, the holiday week is off;
    // resolved on the make-up Saturday 10-10 11:00: 9 + 9 + 2 = 20 working hours.
    expect(f.firstResponseWorkingHours).toEqual({ median: 1, p90: 2.5, count: 4 });
    expect(f.resolutionWorkingHours).toEqual({ median: 9, p90: 20, count: 3 });
    expect(f.slaAttainment).toBe(0.6);
    expect(f.unkeptPromises).toBe(2);
    expect(f.compensationFen).toEqual({ total: 7000, byType: { refund: 5000, compensation: 2000 } });
    expect(f.satisfaction).toEqual({ average: 3, count: 2 });
    expect(f.badReviews).toEqual({ total: 1, answered: 1, revised: 1 });
    expect(f.externalEscalations).toBe(1);
    expect(f.sanctions).toBe(0);
    const p = r.body.previous;
    expect([p.orders, p.cases, p.complaintRatePer1000]).toEqual([1000, 1, 1]);
    expect(p.firstResponseWorkingHours).toEqual({ median: null, p90: null, count: 0 });
    expect(p.resolutionWorkingHours).toEqual({ median: 2, p90: 2, count: 1 });
    expect(p.slaAttainment).toBeNull();
  });

  it('filters by channel, department, person and product', async () => {
    const q = async (extra: string) =>
      (await w.req(sup, 'GET', `/api/v1/analytics/overview?${OCT}&${extra}`)).body.figures.cases;
    expect(await q('channel=hotline')).toBe(2);
    expect(await q(`departmentId=${fx.departmentId}`)).toBe(2);
    expect(await q(`personId=${fx.supervisor}`)).toBe(1);
    expect(await q('category=logistics_delay')).toBe(2);
    expect(await q('product=餐桌')).toBe(0);
    const list = await w.req(sup, 'GET', `/api/v1/cases?channel=hotline&departmentId=${fx.departmentId}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([fx.c1]);
    const byPerson = await w.req(sup, 'GET', `/api/v1/cases?personId=${fx.supervisor}`);
    expect(byPerson.body.items.map((c: { id: string }) => c.id)).toEqual([fx.c3]);
  });

  it('gives the complaint rate per month and per day, from the order rollup kept by the trigger', async () => {
    const m = await w.req(
      sup,
      'GET',
      '/api/v1/analytics/complaint-rate?from=2026-09-01&to=2026-10-31&granularity=month',
    );
    expect(m.body.items).toEqual([
      { period: '2026-09', orders: 1000, cases: 1, ratePer1000: 1 },
      { period: '2026-10', orders: 2000, cases: 4, ratePer1000: 2 },
    ]);
    const d = await w.req(sup, 'GET', `/api/v1/analytics/complaint-rate?${OCT}`);
    expect(d.body.items).toHaveLength(31);
    expect(d.body.items[0]).toEqual({ period: '2026-10-01', orders: 0, cases: 1, ratePer1000: null });
    expect(d.body.items[9]).toEqual({ period: '2026-10-10', orders: 2000, cases: 0, ratePer1000: 0 });
  });

  it('breaks cases down and counts SLA clocks by the day they fall due', async () => {
    const b = await w.req(sup, 'GET', `/api/v1/analytics/breakdown?${OCT}&by=category`);
    expect(b.body.items[0]).toEqual({ key: 'logistics_delay', label: '物流延误', cases: 2, share: 0.5 });
    expect(b.body.items).toHaveLength(3);
    const person = await w.req(sup, 'GET', `/api/v1/analytics/breakdown?${OCT}&by=person`);
    expect(person.body.items.find((i: { key: string }) => i.key === null)).toMatchObject({ label: '未分配', cases: 1 });
    const sla = await w.req(sup, 'GET', `/api/v1/analytics/sla?${OCT}&granularity=month`);
    expect(sla.body.items).toEqual([{ period: '2026-10', due: 5, met: 3, breached: 2, attainment: 0.6 }]);
  });

  it('orders root causes as a Pareto with last month beside them', async () => {
    const r = await w.req(sup, 'GET', `/api/v1/analytics/root-causes?${OCT}`);
    const [packing, carrier] = r.body.items;
    expect(packing).toMatchObject({
      category: 'packing',
      label: '包装问题',
      cases: 2,
      share: 0.6667,
      cumulativeShare: 0.6667,
      accidental: 1,
      systemic: 1,
      previousCases: 1,
      change: 1,
    });
    expect(packing.topTerms[0]).toBe('包装');
    expect(packing.caseIds.sort()).toEqual([fx.c1, fx.c2].sort());
    expect(carrier).toMatchObject({ category: 'carrier', cases: 1, cumulativeShare: 1, systemic: 1, previousCases: 0 });
  });

  it('ranks first responsible people and departments, with the decisions recorded for the month', async () => {
    const d = await w.req(sup, 'POST', '/api/v1/analytics/responsibility/decisions', {
      subjectType: 'person',
      subjectId: fx.agent,
      kind: 'penalty',
      period: '2026-10',
      amountFen: 20000,
      reason: '承诺次日补发未兑现',
    });
    expect(d.status).toBe(201);
    expect(d.body).toMatchObject({ subjectName: 'merchantA agent', kind: 'penalty', amountFen: 20000 });
    const audit = await w.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', d.body.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['responsibility_decision.record']);
    const r = await w.req(sup, 'GET', `/api/v1/analytics/responsibility?${OCT}&by=person`);
    const agent = r.body.items.find((i: { id: string }) => i.id === fx.agent);
    expect(agent).toMatchObject({
      cases: 2,
      onTime: 1,
      onTimeRate: 0.5,
      satisfactionAverage: 3,
      unkeptPromises: 1,
      // last case 10-12 01:00Z, window ends 10-31 16:00Z: 19 whole days.
      zeroComplaintStreakDays: 19,
    });
    expect(agent.decisions).toEqual([
      { id: d.body.id, kind: 'penalty', period: '2026-10', amountFen: 20000, reason: '承诺次日补发未兑现' },
    ]);
    expect(r.body.items[0].id).toBe(fx.agent);
    const dep = await w.req(sup, 'GET', `/api/v1/analytics/responsibility?${OCT}&by=department`);
    expect(dep.body.items.map((i: { name: string; cases: number }) => [i.name, i.cases])).toEqual([
      ['客服部', 2],
      ['未分配部门', 1],
    ]);
    const list = await w.req(sup, 'GET', '/api/v1/analytics/responsibility/decisions?period=2026-10');
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([d.body.id]);
  });

  it('keeps it all inside the organisation and away from agents', async () => {
    const foreign = w.tokens['merchantB:supervisor']!;
    const o = await w.req(foreign, 'GET', `/api/v1/analytics/overview?${OCT}`);
    expect([o.body.figures.cases, o.body.figures.orders, o.body.figures.complaintRatePer1000]).toEqual([0, 0, null]);
    const rc = await w.req(foreign, 'GET', `/api/v1/analytics/root-causes?${OCT}`);
    expect(rc.body.items).toEqual([]);
    const dec = await w.req(foreign, 'POST', '/api/v1/analytics/responsibility/decisions', {
      subjectType: 'person',
      subjectId: fx.agent,
      kind: 'reward',
      period: '2026-10',
      reason: '越权',
    });
    expect(dec.status).toBe(404);
    expect(dec.body.error.code).toBe('DECISION_SUBJECT_NOT_FOUND');
    expect((await w.req(foreign, 'GET', '/api/v1/analytics/responsibility/decisions')).body.items).toEqual([]);
    const agent = await w.req(w.tokens['merchantA:agent']!, 'GET', `/api/v1/analytics/overview?${OCT}`);
    expect(agent.status).toBe(403);
    // The platform hosts the cases and sees its members' orders.
    const plat = await w.req(w.tokens['platform:supervisor']!, 'GET', `/api/v1/analytics/overview?${OCT}`);
    expect([plat.body.figures.cases, plat.body.figures.orders]).toEqual([4, 2000]);
  });

  it('answers bad periods and filters with VALIDATION_FAILED', async () => {
    for (const q of [
      'from=2026-10-31&to=2026-10-01',
      'from=2026-02-30',
      'to=yesterday',
      'granularity=week',
      'from=2020-01-01&to=2026-10-01',
    ]) {
      const r = await w.req(sup, 'GET', `/api/v1/analytics/complaint-rate?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code, q).toBe('VALIDATION_FAILED');
    }
  });

  it('gives the same hand-computed working hours once they are stored on the cases (backfill, no stale case)', async () => {
    const db = w.database.db;
    const stale = async () =>
      Number(
        (
          await db
            .selectFrom('cases')
            .select(db.fn.countAll<string>().as('n'))
            .where('tenant_id', '=', w.tenants.merchantA)
            .where('working_hours_stale', '=', true)
            .executeTakeFirstOrThrow()
        ).n,
      );
    // The fixture writes cases with SQL, as an import would: their hours are not recorded yet.
    expect(await stale()).toBeGreaterThan(0);
    expect(await backfillCaseHours(db)).toBeGreaterThan(0);
    expect(await stale()).toBe(0);
    const c1 = await db
      .selectFrom('cases')
      .select(['first_response_wh', 'resolution_wh'])
      .where('id', '=', fx.c1)
      .executeTakeFirstOrThrow();
    expect(c1).toEqual({ first_response_wh: 1, resolution_wh: 20 });
    const f = (await w.req(sup, 'GET', `/api/v1/analytics/overview?${OCT}`)).body.figures;
    expect(f.firstResponseWorkingHours).toEqual({ median: 1, p90: 2.5, count: 4 });
    expect(f.resolutionWorkingHours).toEqual({ median: 9, p90: 20, count: 3 });
  });
});
