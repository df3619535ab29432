import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { addUser, caseInProgress } from '../support/resolution.ts';
import { buildWorld, complaintBody, DAY, type World } from '../support/world.ts';

describe.each(testDatabases())('the responsibility ledger on $name', ({ open }) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(await open());
  });
  afterAll(async () => w?.close());

  const rootCause = { type: 'accidental', text: '仓库打包疏忽', category: 'packing' };

  it('writes a line at close with the person, department, party, on-time, satisfaction and unkept promises', async () => {
    const admin = w.tokens['merchantA:admin']!;
    const sup = w.tokens['merchantA:supervisor']!;
    const li = await addUser(w, 'merchantA', 'agent', '李客服');
    const wang = await addUser(w, 'merchantA', 'agent', '王客服');
    const dept = await w.req(admin, 'POST', '/api/v1/departments', { code: 'warehouse', name: '仓储部' });
    expect(dept.status).toBe(201);
    await w.req(admin, 'POST', '/api/v1/departments', { code: 'quiet', name: '无投诉部门' });
    const rule = await w.req(admin, 'POST', '/api/v1/routing-rules', {
      priority: 1,
      category: 'service_attitude',
      departmentId: dept.body.id,
    });
    expect(rule.status).toBe(201);
    const policy = await w.req(admin, 'POST', '/api/v1/sla/policies', {
      name: '三个工作日内解决',
      targets: { resolution: { amount: 3, unit: 'working_days' } },
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const start = w.now;

    // Case 1: resolved the same day, one promise broken, rated 4 before closing.
    const c1 = await caseInProgress(w, sup, li.id, complaintBody({ category: 'service_attitude' }));
    const u1 = `/api/v1/cases/${c1}`;
    const promise = await w.req(li.token, 'POST', `${u1}/promises`, {
      kind: 'callback',
      description: '今天下午回电',
      dueAt: new Date(w.now.getTime() + DAY).toISOString(),
    });
    expect(promise.status).toBe(201);
    await w.req(li.token, 'POST', `${u1}/promises/${promise.body.id}/settle`, { outcome: 'broken', note: '忘记回电' });
    expect((await w.req(li.token, 'POST', `${u1}/actions`, { action: 'resolve', resolution: '已退款' })).status).toBe(
      200,
    );
    expect((await w.req(li.token, 'POST', `${u1}/follow-up`, { rating: 4 })).status).toBe(200);
    const closed1 = await w.req(li.token, 'POST', `${u1}/actions`, { action: 'close', rootCause });
    expect(closed1.body.status).toBe('closed');

    // Case 2: resolved ten days later (past 3 working days), rated 5 only after closing.
    const c2 = await caseInProgress(
      w,
      sup,
      li.id,
      complaintBody({ category: 'service_attitude', complainant: { name: '赵六', phone: '13900001111' } }),
    );
    w.setNow(new Date(start.getTime() + 10 * DAY));
    const u2 = `/api/v1/cases/${c2}`;
    await w.req(li.token, 'POST', `${u2}/actions`, { action: 'resolve', resolution: '已补发' });
    expect((await w.req(li.token, 'POST', `${u2}/actions`, { action: 'close', rootCause })).body.status).toBe('closed');
    expect((await w.req(li.token, 'POST', `${u2}/follow-up`, { rating: 5 })).status).toBe(200);

    // Case 3: 王客服's, still open: it counts for the streak, not for the closed-case figures.
    await caseInProgress(
      w,
      sup,
      wang.id,
      complaintBody({ category: 'service_attitude', complainant: { name: '钱七', phone: '13900002222' } }),
    );

    const lines = await w.database.db
      .selectFrom('responsibility_ledger')
      .selectAll()
      .where('case_id', 'in', [c1, c2])
      .orderBy('closed_at')
      .execute();
    const classification = await w.req(sup, 'GET', `${u1}/classification`);
    expect(lines.map((l) => ({ ...l, case_created_at: undefined, closed_at: l.closed_at.toISOString() }))).toEqual([
      {
        tenant_id: w.tenants.merchantA,
        case_tenant_id: w.tenants.merchantA,
        case_id: c1,
        person_id: li.id,
        department_id: dept.body.id,
        respondent_tenant_id: w.tenants.merchantA,
        responsible_party: classification.body.responsibleParty.party,
        root_cause_type: 'accidental',
        root_cause_category: 'packing',
        on_time: true,
        satisfaction: 4,
        unkept_promises: 1,
        case_created_at: undefined,
        closed_at: start.toISOString(),
      },
      expect.objectContaining({
        case_id: c2,
        person_id: li.id,
        on_time: false,
        satisfaction: 5,
        unkept_promises: 0,
        closed_at: w.now.toISOString(),
      }),
    ]);

    const period = `from=${new Date(start.getTime() - DAY).toISOString()}&to=${new Date(w.now.getTime() + DAY).toISOString()}`;
    const people = await w.req(w.tokens['merchantA:auditor']!, 'GET', `/api/v1/responsibility/people?${period}`);
    expect(people.status).toBe(200);
    const byName = (n: string) => people.body.items.find((p: { displayName: string }) => p.displayName === n);
    expect(people.body.items[0].displayName).toBe('李客服');
    expect(byName('李客服')).toEqual({
      userId: li.id,
      displayName: '李客服',
      role: 'agent',
      cases: 2,
      onTimeRate: 0.5,
      averageSatisfaction: 4.5,
      ratedCases: 2,
      unkeptPromises: 1,
      lastCaseAt: start.toISOString(),
      zeroComplaintDays: 10,
    });
    expect(byName('王客服')).toMatchObject({
      cases: 0,
      onTimeRate: null,
      lastCaseAt: w.now.toISOString(),
      zeroComplaintDays: 0,
    });
    expect(byName('merchantA viewer')).toMatchObject({ cases: 0, lastCaseAt: null, zeroComplaintDays: null });

    const depts = await w.req(sup, 'GET', `/api/v1/responsibility/departments?${period}`);
    expect(depts.status).toBe(200);
    expect(depts.body.items).toEqual([
      expect.objectContaining({ code: 'quiet', cases: 0, onTimeRate: null, zeroComplaintDays: null }),
      expect.objectContaining({
        departmentId: dept.body.id,
        name: '仓储部',
        cases: 2,
        onTimeRate: 0.5,
        averageSatisfaction: 4.5,
        unkeptPromises: 1,
      }),
    ]);

    // A period before the closes counts nothing; the streak is measured to the period's end.
    const early = await w.req(sup, 'GET', `/api/v1/responsibility/people?to=${start.toISOString()}`);
    expect(early.body.items.find((p: { userId: string }) => p.userId === li.id)).toMatchObject({
      cases: 0,
      lastCaseAt: null,
    });
  });

  it('is the caller’s own: other organisations and agents do not read it; a reversed period is refused', async () => {
    const other = await w.req(w.tokens['merchantB:admin']!, 'GET', '/api/v1/responsibility/people');
    expect(other.status).toBe(200);
    expect(other.body.items.every((p: { cases: number }) => p.cases === 0)).toBe(true);
    expect(other.body.items.map((p: { displayName: string }) => p.displayName)).not.toContain('李客服');
    const platform = await w.req(w.tokens['platform:admin']!, 'GET', '/api/v1/responsibility/departments');
    expect(platform.body.items).toEqual([]);
    for (const path of ['people', 'departments']) {
      const agent = await w.req(w.tokens['merchantA:agent']!, 'GET', `/api/v1/responsibility/${path}`);
      expect([agent.status, agent.body.error.code]).toEqual([403, 'FORBIDDEN']);
      const reversed = await w.req(
        w.tokens['merchantA:admin']!,
        'GET',
        `/api/v1/responsibility/${path}?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z`,
      );
      expect([reversed.status, reversed.body.error.code]).toEqual([422, 'PERIOD_INVALID']);
    }
  });

  it('counts a platform agent’s case in the platform’s ledger, and replaces the line when a reopened case closes again', async () => {
    const plat = w.tokens['platform:supervisor']!;
    const agentId = w.userIds['platform:agent']!;
    const id = await caseInProgress(
      w,
      plat,
      agentId,
      complaintBody({ category: 'service_attitude', respondentTenantId: w.tenants.merchantA }),
    );
    const url = `/api/v1/cases/${id}`;
    await w.req(plat, 'POST', `${url}/actions`, { action: 'resolve', resolution: '平台已协调退款' });
    expect((await w.req(plat, 'POST', `${url}/actions`, { action: 'close', rootCause })).body.status).toBe('closed');
    // 2 stars within the reopen window reopens the case by itself; it closes again later.
    expect((await w.req(plat, 'POST', `${url}/follow-up`, { rating: 2 })).body.reopened).toBe(true);
    const line = () =>
      w.database.db.selectFrom('responsibility_ledger').selectAll().where('case_id', '=', id).execute();
    expect(await line()).toMatchObject([{ tenant_id: w.tenants.platform, person_id: agentId, satisfaction: 2 }]);
    await w.req(plat, 'POST', `${url}/actions`, { action: 'start' });
    await w.req(plat, 'POST', `${url}/actions`, { action: 'resolve', resolution: '补偿50元' });
    w.setNow(new Date(w.now.getTime() + DAY));
    expect((await w.req(plat, 'POST', `${url}/actions`, { action: 'close', rootCause })).body.status).toBe('closed');
    const lines = await line();
    expect(lines).toHaveLength(1);
    expect(lines[0]!.closed_at.toISOString()).toBe(w.now.toISOString());
    const people = await w.req(plat, 'GET', '/api/v1/responsibility/people');
    expect(people.body.items.find((p: { userId: string }) => p.userId === agentId)).toMatchObject({ cases: 1 });
    // merchantA's ledger does not count the platform's agent.
    const merchant = await w.req(w.tokens['merchantA:admin']!, 'GET', '/api/v1/responsibility/people');
    expect(merchant.body.items.map((p: { userId: string }) => p.userId)).not.toContain(agentId);
  });
});
