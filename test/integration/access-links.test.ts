import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, complaintBody, DAY, type World } from '../support/world.ts';

describe.each(testDatabases())('complainant access links on $name', ({ open }) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(await open());
  });
  afterAll(async () => w?.close());

  it('shows the complainant one case’s progress without an account, and nothing else', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const c = (await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'service_attitude' }))).body;
    await w.req(agent, 'POST', `/api/v1/cases/${c.id}/notes`, { body: '内部备注：买家情绪激动' });
    const link = await w.req(agent, 'POST', `/api/v1/cases/${c.id}/access-links`, { days: 7 });
    expect(link.status).toBe(201);
    expect(link.body.token).toMatch(/^kca_/);
    await w.req(agent, 'POST', `/api/v1/cases/${c.id}/actions`, { action: 'accept' });

    const view = await w.req(null, 'GET', link.body.path);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ caseNumber: c.caseNumber, status: 'accepted' });
    expect(view.body.progress.map((p: { type: string }) => p.type)).toEqual(['created', 'status_changed']);
    const text = JSON.stringify(view.body);
    expect(text).not.toContain('内部备注');
    expect(text).not.toContain(w.userIds['merchantA:agent']);
    expect(text).not.toContain(w.tenants.merchantA);
  });

  it('answers an expired link with LINK_EXPIRED and a made-up one with LINK_NOT_FOUND', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const c = (await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'service_attitude' }))).body;
    const link = (await w.req(agent, 'POST', `/api/v1/cases/${c.id}/access-links`, { days: 1 })).body;
    const start = w.now;
    w.setNow(new Date(start.getTime() + 2 * DAY));
    const expired = await w.req(null, 'GET', link.path);
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('LINK_EXPIRED');
    w.setNow(start);
    const forged = await w.req(null, 'GET', `/api/v1/access/kca_${'A'.repeat(43)}`);
    expect(forged.status).toBe(404);
    expect(forged.body.error.code).toBe('LINK_NOT_FOUND');
  });

  it('lets only staff who see the case issue a link', async () => {
    const c = (
      await w.req(
        w.tokens['merchantA:agent']!,
        'POST',
        '/api/v1/cases',
        complaintBody({ category: 'service_attitude' }),
      )
    ).body;
    expect((await w.req(w.tokens['merchantB:agent']!, 'POST', `/api/v1/cases/${c.id}/access-links`, {})).status).toBe(
      404,
    );
    expect((await w.req(w.tokens['merchantA:viewer']!, 'POST', `/api/v1/cases/${c.id}/access-links`, {})).status).toBe(
      403,
    );
  });

  it('shows the complainant what the agent asked for, messages meant for them, and the follow-up to rate', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const c = (await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'service_attitude' }))).body;
    expect(c.missing).toEqual([]);
    await w.req(agent, 'POST', `/api/v1/cases/${c.id}/assign`, { assigneeId: w.userIds['merchantA:agent'] });
    await w.req(agent, 'POST', `/api/v1/cases/${c.id}/actions`, { action: 'accept' });
    await w.req(agent, 'POST', `/api/v1/cases/${c.id}/actions`, { action: 'start' });
    const asked = await w.req(agent, 'POST', `/api/v1/cases/${c.id}/actions`, {
      action: 'request_info',
      reason: '请补充外包装破损处的照片',
    });
    expect(asked.body.status).toBe('awaiting_customer');
    await w.req(agent, 'POST', `/api/v1/cases/${c.id}/notes`, { body: '内部：先别退款' });
    await w.req(agent, 'POST', `/api/v1/cases/${c.id}/notes`, {
      body: '您好，收到照片后马上处理。',
      visibility: 'customer',
    });
    const link = (await w.req(agent, 'POST', `/api/v1/cases/${c.id}/access-links`, {})).body;

    const view = (await w.req(null, 'GET', link.path)).body;
    expect(view.progress.at(-1)).toMatchObject({ to: 'awaiting_customer', request: '请补充外包装破损处的照片' });
    expect(view.messages.map((m: { text: string }) => m.text)).toEqual(['您好，收到照片后马上处理。']);
    expect(JSON.stringify(view)).not.toContain('先别退款');
    expect(view.followUp).toBeNull();

    // Nothing was formally missing, but the agent asked: the complainant's answer through the link resumes the case.
    const answered = await w.req(null, 'POST', `${link.path}/answers`, { text: '照片稍后上传，箱子右下角压扁了。' });
    expect(answered.status).toBe(201);
    expect(answered.body.status).toBe('in_progress');

    await w.req(agent, 'POST', `/api/v1/cases/${c.id}/actions`, { action: 'resolve', resolution: '补发新品' });
    const after = (await w.req(null, 'GET', link.path)).body;
    expect(after.followUp).toMatchObject({ state: 'scheduled', rating: null });
  });

  it('resumes a case the agent asked for more when the complainant sends a photo through the link', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const c = (await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ category: 'service_attitude' }))).body;
    await w.req(agent, 'POST', `/api/v1/cases/${c.id}/actions`, { action: 'request_info', reason: '请上传聊天截图' });
    const link = (await w.req(agent, 'POST', `/api/v1/cases/${c.id}/access-links`, {})).body;
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const boundary = 'kesu-test-boundary';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="chat.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await w.app.inject({
      method: 'POST',
      url: `${link.path}/evidence`,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(up.statusCode).toBe(201);
    // Submitted before anyone accepted it: back to submitted.
    expect((await w.req(agent, 'GET', `/api/v1/cases/${c.id}`)).body.status).toBe('submitted');
    // A staff upload on a case waiting on the customer does not count as the customer's answer.
    await w.req(agent, 'POST', `/api/v1/cases/${c.id}/actions`, { action: 'request_info', reason: '还需要订单截图' });
    const staff = await w.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.id}/evidence`,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${agent}` },
    });
    expect(staff.statusCode).toBe(201);
    expect((await w.req(agent, 'GET', `/api/v1/cases/${c.id}`)).body.status).toBe('awaiting_customer');
  });
});
