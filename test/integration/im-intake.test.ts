import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { imMessage, newSource, postSigned } from '../support/omni.ts';
import { buildWorld, type World } from '../support/world.ts';

describe.each(testDatabases())('IM and social intake on $name', ({ open }) => {
  let w: World;
  let admin: string;
  let agent: string;
  beforeAll(async () => {
    w = await buildWorld(await open());
    admin = w.tokens['merchantA:admin']!;
    agent = w.tokens['merchantA:agent']!;
  }, 120_000);
  afterAll(async () => w?.close());

  it('shows the secret once, never in lists, and only admins manage sources', async () => {
    const s = await newSource(w);
    expect(s.secret).toMatch(/^kis_[A-Za-z0-9_-]{43}$/);
    expect(s.webhookPath).toBe(`/api/v1/intake/sources/${s.id}/messages`);
    const list = await w.req(agent, 'GET', '/api/v1/intake-sources');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(s.secret);
    expect(list.body.items.map((i: any) => i.id)).toContain(s.id);
    expect((await w.req(agent, 'POST', '/api/v1/intake-sources', { kind: 'qq', name: 'QQ 群' })).status).toBe(403);
    // Another organisation does not see it.
    expect((await w.req(w.tokens['merchantB:admin']!, 'GET', `/api/v1/intake-sources/${s.id}`)).body.error.code).toBe(
      'INTAKE_SOURCE_NOT_FOUND',
    );
    expect(
      (await w.req(w.tokens['merchantB:admin']!, 'PATCH', `/api/v1/intake-sources/${s.id}`, { active: false })).status,
    ).toBe(404);
  });

  it('turns a signed public post into a flagged, more severe social_post case that keeps author and URL', async () => {
    const s = await newSource(w);
    const dm = await postSigned(
      w,
      s,
      imMessage({ text: '快递三天没动静，客服也不回。', author: { id: 'dm1', name: '甲' } }),
    );
    const post = await postSigned(
      w,
      s,
      imMessage({ type: 'public_post', text: '快递三天没动静，客服也不回。', author: { id: 'p1', name: '乙' } }),
    );
    expect(dm.status).toBe(201);
    expect(post.status).toBe(201);
    expect(post.body).toMatchObject({ outcome: 'case_created', caseNumber: expect.stringMatching(/^KS-/) });
    const a = (await w.req(agent, 'GET', `/api/v1/cases/${dm.body.caseId}`)).body;
    const b = (await w.req(agent, 'GET', `/api/v1/cases/${post.body.caseId}`)).body;
    expect(a).toMatchObject({ channel: 'social_dm', flags: [], complainant: { name: '甲' } });
    expect(b).toMatchObject({ channel: 'social_post', flags: ['public_post'], severity: Math.min(4, a.severity + 1) });
    const timeline = (await w.req(agent, 'GET', `/api/v1/cases/${post.body.caseId}/timeline`)).body.items;
    const msg = timeline.find((e: any) => e.type === 'message_received');
    expect(msg.data).toMatchObject({
      messageType: 'public_post',
      author: { id: 'p1', name: '乙' },
      url: 'https://weibo.example.cn/p/1',
    });
  });

  it('maps chat apps to the im channel, and the public-post severity rule can be switched off per source', async () => {
    const wechat = await newSource(w, { kind: 'wechat', name: '客服微信', raisePublicSeverity: false });
    const dm = await postSigned(w, wechat, imMessage({ author: { id: 'w1', name: '丙' } }));
    expect((await w.req(agent, 'GET', `/api/v1/cases/${dm.body.caseId}`)).body.channel).toBe('im');
    const text = '这家店的手机壳质量太差了，大家别买。';
    const plain = await postSigned(
      w,
      wechat,
      imMessage({ type: 'public_post', text, author: { id: 'w2', name: '丁' } }),
    );
    const c = (await w.req(agent, 'GET', `/api/v1/cases/${plain.body.caseId}`)).body;
    const other = await newSource(w);
    const raised = await postSigned(
      w,
      other,
      imMessage({ type: 'public_post', text, author: { id: 'w3', name: '戊' } }),
    );
    const d = (await w.req(agent, 'GET', `/api/v1/cases/${raised.body.caseId}`)).body;
    expect(c.flags).toEqual(['public_post']);
    expect(d.severity).toBe(Math.min(4, c.severity + 1));
  });

  it('answers a replayed message id with the same case, and threads an author’s next message onto the open case', async () => {
    const s = await newSource(w);
    const first = imMessage({ author: { id: 'thread-1', name: '小王' } });
    const r1 = await postSigned(w, s, first);
    const again = await postSigned(w, s, first);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ outcome: 'duplicate', caseId: r1.body.caseId, caseNumber: r1.body.caseNumber });
    const r2 = await postSigned(
      w,
      s,
      imMessage({ author: { id: 'thread-1', name: '小王' }, text: '补充：订单号我找到了。' }),
    );
    expect(r2.status).toBe(200);
    expect(r2.body).toMatchObject({ outcome: 'appended', caseId: r1.body.caseId });
    const events = (await w.req(agent, 'GET', `/api/v1/cases/${r1.body.caseId}/timeline`)).body.items;
    expect(events.filter((e: any) => e.type === 'message_received').map((e: any) => e.data.text)).toEqual([
      first.text,
      '补充：订单号我找到了。',
    ]);
    expect(events.filter((e: any) => e.type === 'created')).toHaveLength(1);
    // Once the case is over, the same author starts a new one.
    await w.req(agent, 'POST', `/api/v1/cases/${r1.body.caseId}/actions`, { action: 'withdraw', reason: '用户撤诉' });
    const r3 = await postSigned(w, s, imMessage({ author: { id: 'thread-1', name: '小王' } }));
    expect(r3.body.outcome).toBe('case_created');
    expect(r3.body.caseId).not.toBe(r1.body.caseId);
  });

  it('refuses bad signatures, stale timestamps, missing headers, switched-off sources, and keeps nothing', async () => {
    const s = await newSource(w);
    const body = imMessage();
    const before = Number(
      (
        await w.database.db
          .selectFrom('cases')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const bad = await postSigned(w, s, body, { signature: `sha256=${'0'.repeat(64)}` });
    expect([bad.status, bad.body.error.code]).toEqual([401, 'SIGNATURE_INVALID']);
    const wrongSecret = await postSigned(w, { id: s.id, secret: 'kis_other' }, body);
    expect(wrongSecret.body.error.code).toBe('SIGNATURE_INVALID');
    // The signature covers the exact bytes: the same JSON re-spaced is another message.
    const raw = JSON.stringify(body);
    const ts = String(Math.floor(w.now.getTime() / 1000));
    const { signIntakeMessage } = await import('../../src/services/intake-sources.ts');
    const tampered = await w.req(null, 'POST', s.webhookPath, JSON.stringify(body, null, 1), {
      'content-type': 'application/json',
      'x-kesu-timestamp': ts,
      'x-kesu-signature': signIntakeMessage(s.secret, ts, raw),
    });
    expect(tampered.body.error.code).toBe('SIGNATURE_INVALID');
    const stale = await postSigned(w, s, body, { timestamp: Math.floor(w.now.getTime() / 1000) - 301 });
    expect([stale.status, stale.body.error.code]).toEqual([401, 'SIGNATURE_EXPIRED']);
    const fresh = await postSigned(w, s, body, { timestamp: Math.floor(w.now.getTime() / 1000) - 299 });
    expect(fresh.status).toBe(201);
    const none = await w.req(null, 'POST', s.webhookPath, imMessage(), { 'content-type': 'application/json' });
    expect([none.status, none.body.error.code]).toEqual([401, 'SIGNATURE_MISSING']);
    await w.req(admin, 'PATCH', `/api/v1/intake-sources/${s.id}`, { active: false });
    const off = await postSigned(w, s, imMessage());
    expect([off.status, off.body.error.code]).toEqual([403, 'INTAKE_SOURCE_INACTIVE']);
    const after = Number(
      (
        await w.database.db
          .selectFrom('cases')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(after).toBe(before + 1);
  });

  it('rotating the secret stops the old one', async () => {
    const s = await newSource(w);
    const rotated = await w.req(admin, 'PATCH', `/api/v1/intake-sources/${s.id}`, { rotateSecret: true });
    expect(rotated.body.secret).toMatch(/^kis_/);
    expect(rotated.body.secret).not.toBe(s.secret);
    expect((await postSigned(w, s, imMessage())).body.error.code).toBe('SIGNATURE_INVALID');
    expect((await postSigned(w, { id: s.id, secret: rotated.body.secret }, imMessage())).status).toBe(201);
  });
});
