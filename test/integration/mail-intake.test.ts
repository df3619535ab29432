import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestResult, ingestRawMail, type MailIntakeDeps } from '../../src/channels/email/ingest.ts';
import { testDatabases } from '../support/databases.ts';
import { buildMail, tinyPng, word } from '../support/mail-fixtures.ts';
import { buildWorld, type World } from '../support/world.ts';

describe.each(testDatabases())('e-mail intake on $name', ({ open }) => {
  let w: World;
  let deps: MailIntakeDeps;
  const ingest = (raw: Buffer, opts: { tenantSlug?: string; envelopeTo?: string[] } = {}) =>
    ingestRawMail(deps, raw, { source: 'import', ...opts });
  const one = async (raw: Buffer, opts: { tenantSlug?: string; envelopeTo?: string[] } = {}) => {
    const r = await ingest(raw, opts);
    expect(r).toHaveLength(1);
    return r[0] as IngestResult & Record<string, any>;
  };
  const timeline = async (caseId: string) =>
    (await w.req(w.tokens['merchantA:agent']!, 'GET', `/api/v1/cases/${caseId}/timeline`)).body.items as any[];

  beforeAll(async () => {
    const database = await open();
    w = await buildWorld(database);
    deps = { db: database.db, evidenceDir: `${database.dir}/evidence`, clock: () => w.now };
    const added = await w.req(w.tokens['merchantA:admin']!, 'POST', '/api/v1/mail/inbound-addresses', {
      address: 'Service@MA.test',
    });
    expect(added.status).toBe(201);
    expect(added.body.address).toBe('service@ma.test');
  }, 120_000);
  afterAll(async () => w?.close());

  it('opens a case from a GBK mail with an RFC 2047 subject and sender, and keeps the photo as evidence', async () => {
    const r = await one(
      buildMail({ charset: 'GBK', attachments: [{ name: 'photo.png', type: 'image/png', bytes: tinyPng }] }),
    );
    expect(r.outcome).toBe('case_created');
    const c = (await w.req(w.tokens['merchantA:agent']!, 'GET', `/api/v1/cases/${r.caseId}`)).body;
    expect(c).toMatchObject({ channel: 'email', kind: 'complaint', complainant: { name: '王小明' } });
    expect(c.reason).toContain('投诉：收到的餐桌有裂缝');
    expect(c.reason).toContain('实木餐桌桌面有一条很长的裂缝');
    const evidence = (await w.req(w.tokens['merchantA:agent']!, 'GET', `/api/v1/cases/${r.caseId}/evidence`)).body;
    expect(evidence.items).toMatchObject([{ mime: 'image/png', fileName: 'photo.png' }]);
  });

  it('decodes Big5, GB18030 and ISO-2022-JP bodies and raw (undeclared) GBK headers', async () => {
    const big5 = await one(buildMail({ charset: 'Big5', subject: '退貨申請', body: '商品與描述不符，請退款。' }));
    const gb18030 = await one(buildMail({ charset: 'GB18030', body: '快递延误𠀀七天，要求赔偿。' }));
    const jis = await one(buildMail({ charset: 'ISO-2022-JP', subject: '返品', body: '商品が壊れていました。' }));
    const rawGbk = Buffer.concat([
      Buffer.from('From: buyer2@example.cn\r\nTo: service@ma.test\r\nSubject: '),
      (await import('iconv-lite')).default.encode('未声明编码的标题', 'gbk'),
      Buffer.from('\r\nContent-Type: text/plain; charset=gbk\r\n\r\n'),
      (await import('iconv-lite')).default.encode('正文是 GBK。', 'gbk'),
    ]);
    const raw = await one(rawGbk);
    const reason = async (id: string) =>
      (await w.req(w.tokens['merchantA:agent']!, 'GET', `/api/v1/cases/${id}`)).body.reason;
    expect(await reason(big5.caseId)).toContain('商品與描述不符');
    expect(await reason(big5.caseId)).toContain('退貨申請');
    expect(await reason(gb18030.caseId)).toContain('快递延误𠀀七天');
    expect(await reason(jis.caseId)).toContain('商品が壊れていました');
    expect(await reason(raw.caseId)).toMatch(/未声明编码的标题[\s\S]*正文是 GBK/);
  });

  it('turns HTML-only mail into clean text', async () => {
    const r = await one(
      buildMail({
        html: true,
        body: '<html><head><style>p{color:red}</style><script>alert(1)</script></head><body><p>物流<b>十天</b>未更新</p></body></html>',
      }),
    );
    const c = (await w.req(w.tokens['merchantA:agent']!, 'GET', `/api/v1/cases/${r.caseId}`)).body;
    expect(c.reason).toContain('物流十天未更新');
    expect(c.reason).not.toMatch(/<|alert|color/);
  });

  it('threads a reply by In-Reply-To and by the case number in the subject, and ignores a vacation reply', async () => {
    const first = await one(buildMail({ messageId: '<thread-1@example.cn>' }));
    const byHeader = await one(
      buildMail({
        subject: 'Re: 补充',
        body: '补充照片。\r\n\r\n在 2026年11月2日 写道：\r\n> 旧内容',
        inReplyTo: '<thread-1@example.cn>',
      }),
    );
    expect(byHeader).toMatchObject({ outcome: 'threaded', caseId: first.caseId, caseNumber: first.caseNumber });
    const bySubject = await one(buildMail({ subject: `回复：[${first.caseNumber}] 还没有人联系我` }));
    expect(bySubject).toMatchObject({ outcome: 'threaded', caseId: first.caseId });
    const vacation = await one(buildMail({ subject: `[${first.caseNumber}] 自动回复`, headers: ['X-Autoreply: yes'] }));
    expect(vacation).toMatchObject({ outcome: 'ignored', reason: 'autoreply_header' });
    const messages = (await timeline(first.caseId)).filter((e) => e.type === 'message_received');
    // The quoted history under "在 … 写道：" is cut from the reply; the raw mail keeps it.
    expect(messages.map((m) => m.data.text)).toEqual([
      expect.stringContaining('裂缝'),
      '补充照片。',
      expect.any(String),
    ]);
    expect(messages[2].data.subject).toContain('还没有人联系我');
    expect(messages[1].data.fromComplainant).toBe(true);
  });

  it('quarantines what it cannot take in, with the reason and the bytes, and lists it', async () => {
    const empty = await one(Buffer.from('\r\n\r\n'));
    const garbage = await one(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]));
    const unknown = await one(buildMail({ to: 'nobody@elsewhere.test' }));
    const big = await ingestRawMail({ ...deps, maxBytes: 1000 }, buildMail({ body: '长'.repeat(2000) }), {
      source: 'import',
    });
    expect([empty, garbage, unknown, big[0]].map((r) => r && 'reason' in r && r.reason)).toEqual([
      'empty',
      'no_headers',
      'unknown_recipient',
      'too_large',
    ]);
    const list = await w.req(w.tokens['merchantA:agent']!, 'GET', '/api/v1/mail/quarantine');
    // Unknown-recipient mail has no organisation yet; the other three were addressed to merchant A.
    expect(list.body.items.map((i: any) => i.reason).sort()).toEqual(['too_large']);
    expect(list.body.items[0]).toMatchObject({ tenantId: w.tenants.merchantA, status: 'held', attempts: 1 });
    const stored = await w.database.db.selectFrom('mail_quarantine').selectAll().execute();
    expect(stored.find((s) => s.reason === 'no_headers')!.size_bytes).toBe(8);
    const { readRawMail } = await import('../../src/services/raw-mail-store.ts');
    const kept = stored.find((s) => s.reason === 'too_large')!;
    expect((await readRawMail(deps.evidenceDir, kept.raw_key)).length).toBe(kept.size_bytes);
  });

  it('keeps a mail with missing headers and broken MIME as a case', async () => {
    const noFrom = await one(buildMail({ from: null, messageId: null }));
    expect(noFrom.outcome).toBe('case_created');
    const c = (await w.req(w.tokens['merchantA:admin']!, 'GET', `/api/v1/cases/${noFrom.caseId}`)).body;
    expect(c.missing).toContain('contact');
    const broken = Buffer.from(
      'From: a@example.cn\r\nTo: service@ma.test\r\nSubject: broken\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\n包裹丢失\r\n--x\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@not base64',
    );
    expect((await one(broken)).outcome).toBe('case_created');
  });

  it('retries a quarantined mail once its address is known; another organisation cannot see or retry it', async () => {
    const r = await one(buildMail({ to: 'kefu@mb.test' }));
    expect(r.outcome).toBe('quarantined');
    // Operator path: name the organisation.
    const { retryQuarantined } = await import('../../src/channels/email/retry.ts');
    await w.req(w.tokens['merchantB:admin']!, 'POST', '/api/v1/mail/inbound-addresses', { address: 'kefu@mb.test' });
    const entry = await w.database.db
      .selectFrom('mail_quarantine')
      .select('id')
      .where('id', '=', r.quarantineId)
      .executeTakeFirstOrThrow();
    const foreign = await w.req(w.tokens['merchantA:admin']!, 'POST', `/api/v1/mail/quarantine/${entry.id}/retry`);
    expect(foreign.status).toBe(404);
    const done = await retryQuarantined(deps, entry.id, { tenantId: null, actorUserId: null });
    expect(done.released).toBe(true);
    expect(done.results[0]).toMatchObject({ outcome: 'case_created', tenant: 'mb' });
    const again = await w.req(w.tokens['merchantB:admin']!, 'POST', `/api/v1/mail/quarantine/${entry.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('QUARANTINE_RELEASED');
  });

  it('retries through the API: a mail held for size goes in once the limit allows it', async () => {
    const r = await one(buildMail({ to: 'service@ma.test', subject: 'x' }).subarray(0, 0));
    expect(r.outcome).toBe('quarantined');
    const retried = await w.req(
      w.tokens['merchantA:agent']!,
      'POST',
      `/api/v1/mail/quarantine/${r.quarantineId}/retry`,
    );
    expect(retried.status).toBe(404); // empty mail has no organisation: operator only
    const ownEntry = (await w.req(w.tokens['merchantA:agent']!, 'GET', '/api/v1/mail/quarantine')).body.items[0];
    const again = await w.req(w.tokens['merchantA:agent']!, 'POST', `/api/v1/mail/quarantine/${ownEntry.id}/retry`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ released: true, results: [{ outcome: 'case_created', tenant: 'ma' }] });
    const released = (await w.req(w.tokens['merchantA:agent']!, 'GET', '/api/v1/mail/quarantine?status=released')).body
      .items;
    expect(released.map((i: any) => i.id)).toContain(ownEntry.id);
    const viewer = await w.req(w.tokens['merchantA:viewer']!, 'GET', '/api/v1/mail/quarantine');
    expect(viewer.status).toBe(403);
  });

  it('refuses an inbound address another organisation holds', async () => {
    const r = await w.req(w.tokens['merchantB:admin']!, 'POST', '/api/v1/mail/inbound-addresses', {
      address: 'service@ma.test',
    });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('INBOUND_ADDRESS_TAKEN');
    const agent = await w.req(w.tokens['merchantB:agent']!, 'POST', '/api/v1/mail/inbound-addresses', {
      address: 'x@mb.test',
    });
    expect(agent.status).toBe(403);
  });

  it('subjects with encoded line breaks stay one line', async () => {
    const r = await one(buildMail({ subject: `订单问题\r\nBcc: victim@example.com` }));
    const msg = (await timeline(r.caseId)).find((e) => e.type === 'message_received');
    expect(msg.data.subject).toBe('订单问题 Bcc: victim@example.com');
    expect(word('x')).toBe('=?UTF-8?B?eA==?=');
  });
});
