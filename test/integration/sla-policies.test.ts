import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, complaintBody, orderBody, type World } from '../support/world.ts';

// Friday 18 September 2026, 17:00 in Shanghai: the weekend before National Day, with Sunday 20 a make-up day.
const FRIDAY_17H = new Date('2026-09-18T09:00:00Z');
const H = 3_600_000;

describe.each(testDatabases())('SLA policies and case clocks on $name', ({ open }) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(await open(), FRIDAY_17H);
  });
  afterAll(async () => w?.close());

  /** A complete complaint (order attached), so it starts `submitted` with its clocks running. */
  async function file(token: string) {
    const order = await w.req(token, 'POST', '/api/v1/orders', orderBody());
    return w.req(token, 'POST', '/api/v1/cases', complaintBody({ orderNumber: order.body.orderNumber }));
  }

  it('lists presets that cite their source', async () => {
    const r = await w.req(w.tokens['merchantA:viewer']!, 'GET', '/api/v1/sla/presets');
    expect(r.status).toBe(200);
    const keys = r.body.items.map((p: { key: string }) => p.key);
    expect(keys).toEqual([
      'platform_merchant_reply_48h',
      'regulator_12315_acceptance_7wd',
      'online_dispute_resolution_10wd',
    ]);
    expect(r.body.items[1].source).toContain('第十四条');
  });

  it('lets only admins change policies, every member read them, and keeps other tenants out', async () => {
    const body = { name: '首次响应 2 小时', targets: { first_response: { amount: 2, unit: 'working_hours' } } };
    expect((await w.req(w.tokens['merchantA:supervisor']!, 'POST', '/api/v1/sla/policies', body)).status).toBe(403);
    const bad = await w.req(w.tokens['merchantA:admin']!, 'POST', '/api/v1/sla/policies', { name: 'x' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('SLA_TARGETS_REQUIRED');
    const unknown = await w.req(w.tokens['merchantA:admin']!, 'POST', '/api/v1/sla/policies', { ...body, extra: 1 });
    expect(unknown.status).toBe(400);
    const made = await w.req(w.tokens['merchantA:admin']!, 'POST', '/api/v1/sla/policies', {
      ...body,
      targets: { ...body.targets, resolution: { amount: 3, unit: 'working_days' } },
      onBreach: ['notify_supervisor', 'raise_severity'],
    });
    expect(made.status).toBe(201);
    const list = await w.req(w.tokens['merchantA:viewer']!, 'GET', '/api/v1/sla/policies');
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([made.body.id]);
    expect((await w.req(w.tokens['merchantB:admin']!, 'GET', `/api/v1/sla/policies/${made.body.id}`)).status).toBe(404);
    expect(
      (await w.req(w.tokens['merchantB:admin']!, 'PATCH', `/api/v1/sla/policies/${made.body.id}`, { priority: 5 }))
        .status,
    ).toBe(404);
    const preset = await w.req(w.tokens['platform:admin']!, 'POST', '/api/v1/sla/policies', {
      preset: 'platform_merchant_reply_48h',
    });
    expect(preset.status).toBe(201);
    expect(preset.body).toMatchObject({ preset: 'platform_merchant_reply_48h', name: '平台转商家：48 小时内回复' });
    const audit = await w.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'sla_policy')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['sla.policy_create', 'sla.policy_create']);
  });

  it('puts the deadline of a case filed on the Friday before National Day on the make-up Sunday', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const c = await file(agent);
    expect(c.status).toBe(201);
    expect(c.body.status).toBe('submitted');
    // 17:00–18:00 Friday is one hour; Saturday is off; Sunday 20 September is a make-up working day.
    expect(c.body.sla.targets.first_response).toMatchObject({
      dueAt: '2026-09-20T02:00:00.000Z',
      usedMinutes: 0,
      leftMinutes: 120,
      paused: false,
      breached: false,
    });
    // Three working days, the day of receipt not counted: Sun 20, Mon 21, Tue 22 September, close of business.
    expect(c.body.sla.targets.resolution.dueAt).toBe('2026-09-22T10:00:00.000Z');
    expect(c.body.dueAt).toBe('2026-09-20T02:00:00.000Z');

    // Saturday passes without using working time.
    w.setNow(new Date('2026-09-19T04:00:00Z'));
    let got = await w.req(agent, 'GET', `/api/v1/cases/${c.body.id}`);
    expect(got.body.sla.targets.first_response).toMatchObject({ usedMinutes: 60, leftMinutes: 60 });

    // Sunday 10:30: late by half an hour, and the work queue's overdue filter sees it.
    w.setNow(new Date('2026-09-20T02:30:00Z'));
    got = await w.req(agent, 'GET', `/api/v1/cases/${c.body.id}`);
    expect(got.body.sla.targets.first_response).toMatchObject({ leftMinutes: -30, breached: true });
    const overdue = await w.req(agent, 'GET', '/api/v1/cases?overdue=true');
    expect(overdue.body.items.map((x: { id: string }) => x.id)).toContain(c.body.id);

    // A note is the first response; the clock stops and the case is no longer due for it.
    await w.req(agent, 'POST', `/api/v1/cases/${c.body.id}/notes`, { body: '已联系买家，正在核实。' });
    got = await w.req(agent, 'GET', `/api/v1/cases/${c.body.id}`);
    expect(got.body.sla.targets.first_response).toMatchObject({ met: true, leftMinutes: -30 });
    expect(got.body.dueAt).toBe('2026-09-22T10:00:00.000Z');
  });

  it('pauses the clocks while the case awaits the customer and resumes with the time that was left', async () => {
    w.setNow(new Date('2026-09-21T01:00:00Z')); // Monday 09:00
    const agent = w.tokens['merchantA:agent']!;
    const c = (await file(agent)).body;
    w.setNow(new Date('2026-09-21T03:00:00Z')); // 11:00: two working hours used
    const asked = await w.req(agent, 'POST', `/api/v1/cases/${c.id}/actions`, {
      action: 'request_info',
      reason: '请提供破损照片',
    });
    expect(asked.status).toBe(200);
    expect(asked.body.sla.targets.resolution).toMatchObject({ paused: true, dueAt: null });
    const left = asked.body.sla.targets.resolution.leftMinutes;
    expect(asked.body.dueAt).toBeNull();
    w.setNow(new Date(Date.parse('2026-09-21T03:00:00Z') + 24 * H)); // Tuesday 11:00
    const back = await w.req(agent, 'POST', `/api/v1/cases/${c.id}/actions`, { action: 'customer_replied' });
    expect(back.status).toBe(200);
    expect(back.body.sla.targets.resolution).toMatchObject({ paused: false, leftMinutes: left });
    expect(back.body.sla.targets.first_response).toMatchObject({ met: true });
  });

  it('lets admins set business hours with a lunch break and closed days; later cases use them', async () => {
    const body = {
      workStart: '09:00',
      workEnd: '18:00',
      lunch: { start: '12:00', end: '13:30' },
      closedDates: ['2026-09-23'],
    };
    expect((await w.req(w.tokens['merchantA:supervisor']!, 'PUT', '/api/v1/sla/settings', body)).status).toBe(403);
    const bad = await w.req(w.tokens['merchantA:admin']!, 'PUT', '/api/v1/sla/settings', {
      ...body,
      lunch: { start: '19:00', end: '20:00' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('SLA_HOURS_INVALID');
    expect((await w.req(w.tokens['merchantA:admin']!, 'PUT', '/api/v1/sla/settings', { ...body, x: 1 })).status).toBe(
      400,
    );
    const ok = await w.req(w.tokens['merchantA:admin']!, 'PUT', '/api/v1/sla/settings', body);
    expect(ok.status).toBe(200);
    expect((await w.req(w.tokens['merchantA:viewer']!, 'GET', '/api/v1/sla/settings')).body).toEqual({
      ...body,
      timeZone: 'Asia/Shanghai',
    });
    expect((await w.req(w.tokens['merchantB:viewer']!, 'GET', '/api/v1/sla/settings')).body.lunch).toBeNull();
    // Tuesday 22 September 11:00 + 2 working hours: 11:00–12:00, lunch, 13:30–14:30.
    w.setNow(new Date('2026-09-22T03:00:00Z'));
    const c = (await file(w.tokens['merchantA:agent']!)).body;
    expect(c.sla.targets.first_response.dueAt).toBe('2026-09-22T06:30:00.000Z');
    // Three working days skip the closed Wednesday 23 and Mid-Autumn (Fri 25–Sun 27): Thu 24, Mon 28, Tue 29.
    expect(c.sla.targets.resolution.dueAt).toBe('2026-09-29T10:00:00.000Z');
  });
});
