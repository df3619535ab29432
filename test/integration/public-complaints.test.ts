import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { tinyPng } from '../support/mail-fixtures.ts';
import { buildWorld, orderBody, type World } from '../support/world.ts';

const form = (over: Record<string, unknown> = {}) => ({
  name: '赵六',
  phone: '13700000001',
  reason: '收到的电饭煲无法加热，联系客服三天没有回复。',
  expectedResolution: 'exchange',
  ...over,
});

describe.each(testDatabases())('consumer complaint form on $name', ({ open }) => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(await open());
  }, 120_000);
  afterAll(async () => w?.close());

  it('files a complaint without an account, answers with the case number and a link that takes a photo', async () => {
    const order = await w.req(
      w.tokens['merchantA:agent']!,
      'POST',
      '/api/v1/orders',
      orderBody({ state: 'delivered' }),
    );
    const r = await w.req(
      null,
      'POST',
      '/api/v1/public/ma/complaints',
      form({ orderNumber: order.body.orderNumber, category: undefined }),
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      caseNumber: expect.stringMatching(/^KS-\d{4}-\d{6}$/),
      accessPath: expect.stringMatching(/^\/api\/v1\/access\/kca_/),
    });
    const view = await w.req(null, 'GET', r.body.accessPath);
    expect(view.body).toMatchObject({ caseNumber: r.body.caseNumber, orderNumber: order.body.orderNumber });

    const boundary = 'b';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="坏了.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      tinyPng,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await w.req(null, 'POST', `${r.body.accessPath}/evidence`, payload, {
      'content-type': `multipart/form-data; boundary=${boundary}`,
    });
    expect(up.status).toBe(201);
    expect(up.body.mime).toBe('image/png');
    const staffView = (await w.req(w.tokens['merchantA:agent']!, 'GET', '/api/v1/cases?limit=5')).body.items.find(
      (c: any) => c.caseNumber === r.body.caseNumber,
    );
    expect(staffView).toMatchObject({ channel: 'web_form', complainant: { name: '赵六' } });
    // Another organisation does not see it.
    const foreign = await w.req(w.tokens['merchantB:agent']!, 'GET', `/api/v1/cases/${staffView.id}`);
    expect(foreign.status).toBe(404);
  });

  it('keeps an unknown order number in the text instead of revealing which orders exist', async () => {
    const r = await w.req(
      null,
      'POST',
      '/api/v1/public/ma/complaints',
      form({ phone: '13700000002', orderNumber: 'NOPE123' }),
    );
    expect(r.status).toBe(201);
    const c = (await w.req(w.tokens['merchantA:agent']!, 'GET', '/api/v1/cases?limit=5')).body.items.find(
      (x: any) => x.caseNumber === r.body.caseNumber,
    );
    expect(c.orderId).toBeNull();
    expect(c.reason).toContain('订单号（未匹配）/ order number (no match): NOPE123');
  });

  it('validates input and refuses unknown organisations', async () => {
    const bad = await w.req(null, 'POST', '/api/v1/public/ma/complaints', form({ phone: '12345', extra: 1 }));
    expect(bad.status).toBe(400);
    const none = await w.req(null, 'POST', '/api/v1/public/nobody/complaints', form({ phone: '13700000003' }));
    expect(none.status).toBe(404);
  });

  it('answers 429 with Retry-After past 3 complaints per phone a day', async () => {
    const phone = '13700000009';
    for (let i = 0; i < 3; i++)
      expect((await w.req(null, 'POST', '/api/v1/public/mb/complaints', form({ phone }))).status).toBe(201);
    const limited = await w.req(null, 'POST', '/api/v1/public/mb/complaints', form({ phone }));
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    w.setNow(new Date(w.now.getTime() + 25 * 3_600_000));
    expect((await w.req(null, 'POST', '/api/v1/public/mb/complaints', form({ phone }))).status).toBe(201);
  });
});
