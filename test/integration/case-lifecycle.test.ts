import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, complaintBody, DAY, orderBody, type World } from '../support/world.ts';

describe.each(testDatabases())('case lifecycle over HTTP on $name', ({ open }) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(await open());
  });
  afterAll(async () => w?.close());

  it('walks a complaint from intake to closed through its allowed actions, with a timeline and audit trail', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const order = await w.req(agent, 'POST', '/api/v1/orders', orderBody({ state: 'delivered' }));
    expect(order.status).toBe(201);
    // A quality complaint without a photo is kept and waits for the customer.
    const created = await w.req(
      agent,
      'POST',
      '/api/v1/cases',
      complaintBody({ orderNumber: order.body.orderNumber, category: 'product_quality' }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'awaiting_customer',
      missing: ['evidence_photo'],
      caseNumber: expect.stringMatching(/^KS-\d{4}-\d{6}$/),
    });
    const id = created.body.id;

    // The photo arrives: nothing is missing any more and the case resumes by itself.
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const boundary = 'kesu-boundary';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="破损.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await w.req(agent, 'POST', `/api/v1/cases/${id}/evidence`, payload, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ mime: 'image/png', missing: [] });

    let c = (await w.req(agent, 'GET', `/api/v1/cases/${id}`)).body;
    expect(c.status).toBe('submitted');
    expect(c.allowedActions).toContain('accept');

    const act = (action: string, extra: Record<string, unknown> = {}) =>
      w.req(agent, 'POST', `/api/v1/cases/${id}/actions`, { action, ...extra });
    expect((await act('accept')).body.status).toBe('accepted');
    expect((await act('start')).body).toMatchObject({ error: { code: 'ASSIGNEE_REQUIRED' } });
    const assigned = await w.req(agent, 'POST', `/api/v1/cases/${id}/assign`, {
      assigneeId: w.userIds['merchantA:agent'],
    });
    expect(assigned.body.assigneeId).toBe(w.userIds['merchantA:agent']);
    expect((await act('start')).body.status).toBe('in_progress');
    const resolved = await act('resolve', { resolution: '补发新品，赠送10元优惠券' });
    expect(resolved.body.status).toBe('resolved');
    expect(resolved.body.allowedActions).toEqual(expect.arrayContaining(['close', 'reopen']));

    const noCause = await act('close');
    expect(noCause.status).toBe(409);
    expect(noCause.body.error).toMatchObject({
      code: 'ROOT_CAUSE_REQUIRED',
      messageZh: expect.stringContaining('根本原因'),
    });
    const noCategory = await act('close', { rootCause: { type: 'systemic', text: '仓库打包未加防护' } });
    expect(noCategory.body.error.code).toBe('ROOT_CAUSE_CATEGORY_REQUIRED');
    c = (await act('close', { rootCause: { type: 'systemic', text: '仓库打包未加防护', category: 'packing' } })).body;
    expect(c).toMatchObject({
      status: 'closed',
      rootCause: { type: 'systemic', text: '仓库打包未加防护', category: 'packing' },
      allowedActions: ['reopen'],
    });

    const illegal = await act('accept');
    expect(illegal.status).toBe(409);
    expect(illegal.body.error.code).toBe('ACTION_NOT_ALLOWED');

    const timeline = (await w.req(agent, 'GET', `/api/v1/cases/${id}/timeline`)).body.items;
    expect(timeline.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'evidence_added',
      'status_changed',
      'status_changed',
      'assigned',
      'status_changed',
      'status_changed',
      'follow_up_scheduled',
      'status_changed',
    ]);
    expect(
      timeline
        .filter((e: { type: string }) => e.type === 'status_changed')
        .map((e: { data: { to: string } }) => e.data.to),
    ).toEqual(['submitted', 'accepted', 'in_progress', 'resolved', 'closed']);

    const audit = await w.req(w.tokens['merchantA:auditor']!, 'GET', '/api/v1/audit/verify');
    expect(audit.body).toMatchObject({ ok: true, unsealedRows: 0 });
    expect(audit.body.sealedRows).toBeGreaterThanOrEqual(9);
  });

  it('declines a complaint on an order completed 40 days ago with AFTER_SALES_WINDOW_PASSED, and hides it from another merchant', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const completedAt = new Date(w.now.getTime() - 40 * DAY).toISOString();
    const order = await w.req(agent, 'POST', '/api/v1/orders', orderBody({ state: 'completed', completedAt }));
    expect(order.body.afterSalesDeadline).toBe(new Date(w.now.getTime() - 25 * DAY).toISOString());
    const created = await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ orderId: order.body.id }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'rejected',
      statusReason: 'AFTER_SALES_WINDOW_PASSED',
      allowedActions: [],
    });

    const foreign = await w.req(w.tokens['merchantB:agent']!, 'GET', `/api/v1/cases/${created.body.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('CASE_NOT_FOUND');
    expect(JSON.stringify(foreign.body)).not.toContain(created.body.caseNumber);

    // The platform sees its member's case; only its supervisor may override, with a reason, on the record.
    const platformAgent = await w.req(w.tokens['platform:agent']!, 'GET', `/api/v1/cases/${created.body.id}`);
    expect(platformAgent.body.allowedActions).toEqual([]);
    const sup = w.tokens['platform:supervisor']!;
    expect((await w.req(sup, 'GET', `/api/v1/cases/${created.body.id}`)).body.allowedActions).toEqual([
      'override_rejection',
    ]);
    const noReason = await w.req(sup, 'POST', `/api/v1/cases/${created.body.id}/actions`, {
      action: 'override_rejection',
    });
    expect(noReason.body.error.code).toBe('REASON_REQUIRED');
    const overridden = await w.req(sup, 'POST', `/api/v1/cases/${created.body.id}/actions`, {
      action: 'override_rejection',
      reason: '商家承诺延长保修',
    });
    expect(overridden.body.status).toBe('accepted');
    const tl = (await w.req(sup, 'GET', `/api/v1/cases/${created.body.id}/timeline`)).body.items;
    expect(tl.at(-1)).toMatchObject({
      type: 'status_changed',
      actorTenantId: w.tenants.platform,
      data: { action: 'override_rejection', reason: '商家承诺延长保修' },
    });
  });

  it('waits for a refund in progress and follows its outcome', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const order = (await w.req(agent, 'POST', '/api/v1/orders', orderBody({ state: 'refunding' }))).body;
    const a = (await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ orderId: order.id }))).body;
    expect(a.status).toBe('pending_refund');
    const b = (
      await w.req(
        agent,
        'POST',
        '/api/v1/cases',
        complaintBody({ orderId: order.id, reason: '退款一直没到账，客服也不回复消息。' }),
      )
    ).body;

    const failed = await w.req(agent, 'POST', `/api/v1/orders/${order.id}/state`, { state: 'refund_failed' });
    expect(failed.body.movedCaseIds.sort()).toEqual([a.id, b.id].sort());
    expect((await w.req(agent, 'GET', `/api/v1/cases/${a.id}`)).body.status).toBe('in_progress');

    await w.req(agent, 'POST', `/api/v1/orders/${order.id}/state`, { state: 'refunding' });
    expect((await w.req(agent, 'GET', `/api/v1/cases/${a.id}`)).body.status).toBe('pending_refund');
    await w.req(agent, 'POST', `/api/v1/orders/${order.id}/state`, { state: 'refunded' });
    const closed = (await w.req(agent, 'GET', `/api/v1/cases/${a.id}`)).body;
    expect(closed).toMatchObject({ status: 'closed', statusReason: 'REFUND_COMPLETED' });
  });

  it('answers a retried create with the same case, and a reused key with another body with 409', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'service_attitude' }), headers);
    const again = await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'service_attitude' }), headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const other = await w.req(
      agent,
      'POST',
      '/api/v1/cases',
      complaintBody({ reason: '另一件事：发票一直没有开。' }),
      headers,
    );
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // The same key in another organisation is a different key.
    const elsewhere = await w.req(
      w.tokens['merchantB:agent']!,
      'POST',
      '/api/v1/cases',
      complaintBody({ category: 'service_attitude' }),
      headers,
    );
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.id).not.toBe(first.body.id);
  });

  it('creates one case for concurrent retries with the same key', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const headers = { 'idempotency-key': 'burst-7' };
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'price' }), headers),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });

  it('filters and pages the work queue with a cursor', async () => {
    const agent = w.tokens['merchantB:agent']!;
    for (let i = 0; i < 5; i++) {
      w.setNow(new Date(w.now.getTime() + 60_000));
      await w.req(
        agent,
        'POST',
        '/api/v1/cases',
        complaintBody({
          category: 'service_attitude',
          severity: (i % 2) + 1,
          reason: `第${i}次投诉：客服回复太慢，问题一直拖着。`,
        }),
      );
    }
    const p1 = (await w.req(agent, 'GET', '/api/v1/cases?limit=2&open=true')).body;
    expect(p1.items).toHaveLength(2);
    const p2 = (await w.req(agent, 'GET', `/api/v1/cases?limit=2&open=true&cursor=${p1.nextCursor}`)).body;
    const p3 = (await w.req(agent, 'GET', `/api/v1/cases?limit=2&open=true&cursor=${p2.nextCursor}`)).body;
    const all = [...p1.items, ...p2.items, ...p3.items];
    expect(new Set(all.map((c: { id: string }) => c.id)).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(5);
    const sev = (await w.req(agent, 'GET', '/api/v1/cases?severity=2&limit=50')).body.items;
    expect(sev.length).toBeGreaterThan(0);
    expect(
      sev.every(
        (c: { severity: number; respondentTenantId: string }) =>
          c.severity === 2 && c.respondentTenantId === w.tenants.merchantB,
      ),
    ).toBe(true);
    const multi = (await w.req(agent, 'GET', '/api/v1/cases?status=submitted&status=accepted')).body.items;
    expect(multi.every((c: { status: string }) => ['submitted', 'accepted'].includes(c.status))).toBe(true);
  });
});
