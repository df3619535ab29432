import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, complaintBody, type World } from '../support/world.ts';

const cst = (local: string) => new Date(`${local}+08:00`).toISOString();

const call = (over: Record<string, unknown> = {}) => ({
  direction: 'outbound',
  caller: { name: '张三', phone: '13812345678' },
  startedAt: cst('2026-11-02T10:00'),
  durationSeconds: 180,
  recordingRef: 'pbx://rec/20261102-0001',
  summary: '回电说明补发安排，客户同意等待。',
  ...over,
});

describe.each(testDatabases())('hotline calls and contact timing on $name', ({ open }) => {
  let w: World;
  let agent: string;
  beforeAll(async () => {
    // Monday 2026-11-02, 10:00 in Beijing.
    w = await buildWorld(await open(), new Date('2026-11-02T02:00:00Z'));
    agent = w.tokens['merchantA:agent']!;
  });
  afterAll(async () => w?.close());

  it('an inbound hotline call becomes a new case with channel hotline, its call, timeline event and audit row', async () => {
    const res = await w.req(agent, 'POST', '/api/v1/calls', {
      direction: 'inbound',
      caller: { name: '王芳', phone: '0755-86001234', address: '广东省深圳市南山区' },
      startedAt: cst('2026-11-02T09:55'),
      durationSeconds: 240,
      recordingRef: 'pbx://rec/inbound-1',
      summary: '来电投诉餐桌裂纹，要求退货。',
      createCase: {
        kind: 'complaint',
        reason: '餐桌桌面有明显裂纹，要求退货退款。',
        expectedResolution: 'return_refund',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ caseCreated: true, warnings: [] });
    expect(res.body.case).toMatchObject({ channel: 'hotline', complainant: { name: '王芳', phone: '0755-86001234' } });
    expect(res.body.call).toMatchObject({
      direction: 'inbound',
      durationSeconds: 240,
      recordingRef: 'pbx://rec/inbound-1',
    });
    const caseId = res.body.case.id;

    const calls = await w.req(agent, 'GET', `/api/v1/cases/${caseId}/calls`);
    expect(calls.body.items).toHaveLength(1);
    const masked = await w.req(w.tokens['merchantA:auditor']!, 'GET', `/api/v1/cases/${caseId}/calls`);
    expect(masked.body.items[0].caller).toMatchObject({ phone: '075*****1234', address: '广东省***' });
    const timeline = await w.req(agent, 'GET', `/api/v1/cases/${caseId}/timeline`);
    const types = timeline.body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['created', 'call_logged']));
    const audit = await w.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', caseId)
      .where('action', '=', 'call.create')
      .execute();
    expect(audit).toHaveLength(1);

    // Shenzhen landline: the suggestion runs on Beijing time, from the area code.
    const timing = await w.req(agent, 'GET', `/api/v1/cases/${caseId}/contact-timing`);
    expect(timing.status).toBe(200);
    expect(timing.body).toMatchObject({
      allowedNow: true,
      reason: 'WITHIN_CALLING_HOURS',
      region: { source: 'area_code', name: '深圳', code: '0755' },
      timeZone: 'Asia/Shanghai',
      localTime: '10:00',
      callsToday: 0,
      maxCallsPerDay: 3,
    });
  });

  it('warns about an outbound call after 21:00 and over the daily limit, keeps it, and notes it on the timeline', async () => {
    const c = (
      await w.req(
        agent,
        'POST',
        '/api/v1/cases',
        complaintBody({ complainant: { name: '李雷', phone: '13900001111' } }),
      )
    ).body;
    const late = await w.req(
      agent,
      'POST',
      '/api/v1/calls',
      call({ caseId: c.id, startedAt: cst('2026-11-01T21:10') }),
    );
    expect(late.status).toBe(201);
    expect(late.body.warnings).toEqual(['OUTSIDE_CALLING_HOURS']);
    expect(late.body.caseCreated).toBe(false);

    for (const t of ['09:05', '09:20', '09:40']) {
      const r = await w.req(agent, 'POST', '/api/v1/calls', call({ caseId: c.id, startedAt: cst(`2026-11-02T${t}`) }));
      expect(r.body.warnings).toEqual([]);
    }
    const fourth = await w.req(
      agent,
      'POST',
      '/api/v1/calls',
      call({ caseId: c.id, startedAt: cst('2026-11-02T09:58') }),
    );
    expect(fourth.status).toBe(201);
    expect(fourth.body.warnings).toEqual(['DAILY_CALL_LIMIT_REACHED']);
    // An inbound call never counts against the limit nor warns.
    const inbound = await w.req(
      agent,
      'POST',
      '/api/v1/calls',
      call({ caseId: c.id, direction: 'inbound', startedAt: cst('2026-11-02T09:59') }),
    );
    expect(inbound.body.warnings).toEqual([]);

    const events = (await w.req(agent, 'GET', `/api/v1/cases/${c.id}/timeline`)).body.items.filter(
      (e: { type: string }) => e.type === 'call_logged',
    );
    expect(events.map((e: { data: { warnings: string[] } }) => e.data.warnings)).toEqual([
      ['OUTSIDE_CALLING_HOURS'],
      [],
      [],
      [],
      ['DAILY_CALL_LIMIT_REACHED'],
      [],
    ]);
    const timing = await w.req(agent, 'GET', `/api/v1/cases/${c.id}/contact-timing`);
    expect(timing.body).toMatchObject({
      allowedNow: false,
      reason: 'DAILY_CALL_LIMIT_REACHED',
      callsToday: 4,
      nextWindowStart: cst('2026-11-03T09:00'),
      region: { source: 'default' },
    });
    const list = await w.req(agent, 'GET', `/api/v1/cases/${c.id}/calls`);
    expect(list.body.items.map((x: { startedAt: string }) => x.startedAt)).toEqual(
      [...list.body.items.map((x: { startedAt: string }) => x.startedAt)].sort(),
    );
    // Viewers read the log with the number masked.
    const viewed = await w.req(w.tokens['merchantA:viewer']!, 'GET', `/api/v1/cases/${c.id}/calls`);
    expect(viewed.body.items[0].caller.phone).toBe('138****5678');
  });

  it('uses the tenant’s window and limit, refuses a window past 21:00, and judges the region by an address', async () => {
    const admin = w.tokens['merchantA:admin']!;
    const bad = await w.req(admin, 'PATCH', '/api/v1/tenants/current', { contactTiming: { windowEnd: '21:30' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('CALL_WINDOW_INVALID');
    const zone = await w.req(admin, 'PATCH', '/api/v1/tenants/current', {
      contactTiming: { defaultTimeZone: 'Mars/Base' },
    });
    expect(zone.body.error.code).toBe('CALL_WINDOW_INVALID');
    const set = await w.req(admin, 'PATCH', '/api/v1/tenants/current', {
      contactTiming: { windowStart: '10:30', windowEnd: '20:00', maxCallsPerDay: 2 },
    });
    expect(set.status).toBe(200);
    expect(set.body.contactTiming).toEqual({
      windowStart: '10:30',
      windowEnd: '20:00',
      maxCallsPerDay: 2,
      workingDaysOnly: false,
      defaultTimeZone: 'Asia/Shanghai',
    });
    const c = (
      await w.req(
        agent,
        'POST',
        '/api/v1/cases',
        complaintBody({ complainant: { name: '韩梅', phone: '13700002222' } }),
      )
    ).body;
    const early = await w.req(agent, 'GET', `/api/v1/cases/${c.id}/contact-timing`);
    expect(early.body).toMatchObject({
      allowedNow: false,
      reason: 'BEFORE_CALLING_HOURS',
      nextWindowStart: cst('2026-11-02T10:30'),
    });
    // A mobile number says nothing; the address in Xinjiang puts the complainant two hours behind Beijing.
    const xj = await w.req(
      agent,
      'GET',
      `/api/v1/cases/${c.id}/contact-timing?address=${encodeURIComponent('新疆喀什地区')}`,
    );
    expect(xj.body).toMatchObject({
      timeZone: 'Asia/Urumqi',
      localTime: '08:00',
      region: { source: 'address', name: '新疆' },
    });
    const warned = await w.req(
      agent,
      'POST',
      '/api/v1/calls',
      call({ caseId: c.id, startedAt: cst('2026-11-02T10:00') }),
    );
    expect(warned.body.warnings).toEqual(['OUTSIDE_CALLING_HOURS']);
    await w.req(admin, 'PATCH', '/api/v1/tenants/current', {
      contactTiming: { windowStart: '09:00', windowEnd: '21:00', maxCallsPerDay: 3 },
    });
  });

  it('refuses bad combinations with a stable code, and keeps other organisations out with 404', async () => {
    const c = (await w.req(agent, 'POST', '/api/v1/cases', complaintBody())).body;
    const neither = await w.req(agent, 'POST', '/api/v1/calls', call());
    expect(neither.status).toBe(422);
    expect(neither.body.error).toMatchObject({ code: 'CALL_CASE_REQUIRED' });
    expect(neither.body.error.messageZh).toContain('二者选一');
    const both = await w.req(
      agent,
      'POST',
      '/api/v1/calls',
      call({ caseId: c.id, createCase: { kind: 'complaint', reason: '重复' } }),
    );
    expect(both.body.error.code).toBe('CALL_CASE_REQUIRED');
    const future = await w.req(
      agent,
      'POST',
      '/api/v1/calls',
      call({ caseId: c.id, startedAt: cst('2026-11-02T12:00') }),
    );
    expect(future.body.error.code).toBe('CALL_IN_FUTURE');
    const unknown = await w.req(agent, 'POST', '/api/v1/calls', call({ caseId: c.id, extra: 1 }));
    expect(unknown.status).toBe(400);

    const foreign = w.tokens['merchantB:agent']!;
    for (const url of [`/api/v1/cases/${c.id}/calls`, `/api/v1/cases/${c.id}/contact-timing`]) {
      const r = await w.req(foreign, 'GET', url);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('CASE_NOT_FOUND');
    }
    const post = await w.req(foreign, 'POST', '/api/v1/calls', call({ caseId: c.id }));
    expect(post.status).toBe(404);
    const rows = await w.database.db.selectFrom('calls').select('id').where('case_id', '=', c.id).execute();
    expect(rows).toHaveLength(0);
    // The platform the case is filed against sees the case, and so its calls.
    const plat = await w.req(w.tokens['platform:agent']!, 'POST', '/api/v1/calls', call({ caseId: c.id }));
    expect(plat.status).toBe(201);
    expect(plat.body.call.loggedByTenantId).toBe(w.tenants.platform);
    expect((await w.req(agent, 'GET', `/api/v1/cases/${c.id}/calls`)).body.items).toHaveLength(1);
  });
});
