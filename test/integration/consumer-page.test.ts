import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogPhoneSender } from '../../src/services/phone-sender.ts';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, orderBody, type World } from '../support/world.ts';

const HOUR = 3_600_000;

describe.each(testDatabases())('consumer case page: phone codes and answers through the link on $name', ({ open }) => {
  let w: World;
  let seq = 0;
  const phone = () => `133${String(++seq).padStart(8, '0')}`;
  /** Each public call an hour later: the form's per-IP limit is not what these tests are about. */
  const later = () => w.setNow(new Date(w.now.getTime() + HOUR + 1000));
  const lastCode = (p: string) => {
    const sent = (w.app.phoneSender as LogPhoneSender).sent.filter((m) => m.phone === p).at(-1);
    return /(\d{6})/.exec(sent?.text ?? '')?.[1] ?? '';
  };
  const form = (p: string, over: Record<string, unknown> = {}) => ({
    name: '孙八',
    phone: p,
    reason: '收到的台灯是坏的，一开就跳闸。',
    expectedResolution: 'exchange',
    ...over,
  });
  beforeAll(async () => {
    w = await buildWorld(await open());
  }, 120_000);
  afterAll(async () => w?.close());

  it('requires a verified phone when the organisation says so, and the code works once', async () => {
    const admin = w.tokens['merchantA:admin']!;
    await w.req(admin, 'PUT', '/api/v1/intake-settings', { duplicateWindowDays: 30, requireVerifiedPhone: true });
    const p = phone();
    later();
    const without = await w.req(null, 'POST', '/api/v1/public/ma/complaints', form(p));
    expect([without.status, without.body.error.code]).toEqual([422, 'PHONE_CODE_REQUIRED']);
    const sent = await w.req(null, 'POST', '/api/v1/public/ma/phone-codes', { phone: p });
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({ expiresAt: new Date(w.now.getTime() + 600_000).toISOString(), maxAttempts: 5 });
    const code = lastCode(p);
    expect(code).toMatch(/^\d{6}$/);
    // Only a hash is stored.
    const stored = await w.database.db.selectFrom('phone_codes').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(code);
    const ok = await w.req(null, 'POST', '/api/v1/public/ma/complaints', form(p, { phoneCode: code }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    later();
    const reused = await w.req(null, 'POST', '/api/v1/public/ma/complaints', form(p, { phoneCode: code }));
    expect([reused.status, reused.body.error.code]).toEqual([410, 'PHONE_CODE_EXPIRED']);
    await w.req(admin, 'PUT', '/api/v1/intake-settings', { duplicateWindowDays: 30, requireVerifiedPhone: false });
  });

  it('counts wrong tries, and the right code still works within the limit', async () => {
    const p = phone();
    later();
    await w.req(null, 'POST', '/api/v1/public/ma/phone-codes', { phone: p });
    const again = await w.req(null, 'POST', '/api/v1/public/ma/phone-codes', { phone: p });
    expect([again.status, again.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    const code = lastCode(p);
    const wrong = code === '000000' ? '111111' : '000000';
    const bad = await w.req(null, 'POST', '/api/v1/public/ma/complaints', form(p, { phoneCode: wrong }));
    expect([bad.status, bad.body.error.code, bad.body.error.details.attemptsLeft]).toEqual([
      422,
      'PHONE_CODE_INVALID',
      4,
    ]);
    const good = await w.req(null, 'POST', '/api/v1/public/ma/complaints', form(p, { phoneCode: code }));
    expect(good.status).toBe(201);
    const c = await w.database.db
      .selectFrom('cases')
      .select('id')
      .where('case_number', '=', good.body.caseNumber)
      .executeTakeFirstOrThrow();
    const events = await w.database.db.selectFrom('case_events').select('type').where('case_id', '=', c.id).execute();
    expect(events.map((e) => e.type)).toContain('phone_verified');
  });

  it('locks a code after 5 wrong tries and expires it after 10 minutes', async () => {
    const { usePhoneCode } = await import('../../src/services/phone-codes.ts');
    const db = w.database.db;
    const tenant = w.tenants.merchantA;
    const p = phone();
    later();
    await w.req(null, 'POST', '/api/v1/public/ma/phone-codes', { phone: p });
    const code = lastCode(p);
    const wrong = code === '000000' ? '111111' : '000000';
    const codes: string[] = [];
    for (let i = 0; i < 6; i++)
      await usePhoneCode(db, tenant, p, i < 5 ? wrong : code, w.now).catch((e) => codes.push(e.code));
    expect(codes).toEqual([...Array(4).fill('PHONE_CODE_INVALID'), 'PHONE_CODE_LOCKED', 'PHONE_CODE_LOCKED']);
    const q = phone();
    later();
    await w.req(null, 'POST', '/api/v1/public/ma/phone-codes', { phone: q });
    const expired = await usePhoneCode(db, tenant, q, lastCode(q), new Date(w.now.getTime() + 600_000)).catch(
      (e) => e.code,
    );
    expect(expired).toBe('PHONE_CODE_EXPIRED');
    await expect(
      usePhoneCode(db, tenant, q, lastCode(q), new Date(w.now.getTime() + 599_000)),
    ).resolves.toBeUndefined();
  });

  it('takes the missing details through the link, and the case resumes as on the agent’s path', async () => {
    const agent = w.tokens['merchantA:agent']!;
    const order = (await w.req(agent, 'POST', '/api/v1/orders', orderBody())).body.orderNumber as string;
    later();
    const filed = await w.req(null, 'POST', '/api/v1/public/ma/complaints', {
      name: '周九',
      phone: phone(),
      reason: '物流太慢了',
    });
    expect(filed.status).toBe(201);
    expect(filed.body.status).toBe('awaiting_customer');
    const link = filed.body.accessPath as string;
    expect(filed.body.missing).toEqual(expect.arrayContaining(['expected_resolution', 'reason_detail']));
    later();
    const partly = await w.req(null, 'POST', `${link}/answers`, { text: '下单后七天了还没有发货，客服不回复。' });
    expect(partly.status, JSON.stringify(partly.body)).toBe(201);
    expect(partly.body.status).toBe('awaiting_customer');
    expect(partly.body.missing).not.toContain('reason_detail');
    later();
    const rest = await w.req(null, 'POST', `${link}/answers`, { expectedResolution: 'refund', orderNumber: order });
    expect(rest.body).toEqual({ status: 'submitted', missing: [] });
    const view = (await w.req(null, 'GET', link)).body;
    expect(view).toMatchObject({ status: 'submitted', orderNumber: order, missing: [] });
    expect(view.progress.map((e: any) => e.type)).toEqual(
      expect.arrayContaining(['complainant_answered', 'status_changed']),
    );
    // An order number that matches nothing is kept in the text, not refused.
    later();
    const unknown = await w.req(null, 'POST', `${link}/answers`, { orderNumber: 'NOPE123' });
    expect(unknown.status).toBe(201);
    expect((await w.req(null, 'GET', link)).body.reason).toContain('NOPE123');
    later();
    const empty = await w.req(null, 'POST', `${link}/answers`, { phone: '13900000000' });
    expect([empty.status, empty.body.error.code]).toEqual([422, 'NOTHING_TO_ANSWER']);
    expect((await w.req(null, 'POST', '/api/v1/access/kca_x/answers', { text: '你好' })).body.error.code).toBe(
      'LINK_NOT_FOUND',
    );
  });
});
