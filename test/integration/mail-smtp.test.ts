import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpListener } from '../../src/channels/smtp-listener.ts';
import { testDatabases } from '../support/databases.ts';
import { buildMail, tinyPng } from '../support/mail-fixtures.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { buildWorld, type World } from '../support/world.ts';

/** The "done when": a mail client talks to the SMTP port, the customer gets a numbered acknowledgement,
 * replies to it, the reply threads, and the agent's answer threads in the customer's client. */
describe.each(testDatabases())('mail over SMTP, in and out, on $name', ({ open }) => {
  let w: World;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  let listener: Awaited<ReturnType<typeof startSmtpListener>>;
  let client: nodemailer.Transporter;
  const send = (raw: Buffer, to = 'service@ma.test') =>
    client.sendMail({ envelope: { from: 'buyer@example.cn', to: [to] }, raw });

  beforeAll(async () => {
    sink = await startSmtpSink();
    const database = await open();
    w = await buildWorld(database, undefined, { smtpUrl: sink.url, mailDomain: 'kesu.test' });
    await w.req(w.tokens['merchantA:admin']!, 'POST', '/api/v1/mail/inbound-addresses', { address: 'service@ma.test' });
    listener = await startSmtpListener(
      {
        db: database.db,
        evidenceDir: `${database.dir}/evidence`,
        clock: () => w.now,
        out: w.app.mailOut,
        maxBytes: 200_000,
      },
      { port: 0, host: '127.0.0.1' },
    );
    client = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  }, 120_000);
  afterAll(async () => {
    client?.close();
    await listener?.close();
    await w?.close();
    await sink?.close();
  });

  it('acknowledges a GBK mail with a photo, threads the reply, and threads the agent’s answer', async () => {
    const sent = await send(
      buildMail({
        charset: 'GBK',
        messageId: '<first@example.cn>',
        attachments: [{ name: '裂缝.png', type: 'image/png', bytes: tinyPng }],
      }),
    );
    expect(sent.response).toMatch(/^250 .*KS-\d{4}-\d{6}/);
    expect(sink.received).toHaveLength(1);
    const ack = await simpleParser(sink.received[0]!.raw);
    const caseNumber = ack.subject!.match(/\[(KS-\d{4}-\d{6})\]/)![1]!;
    expect(sink.received[0]!.to).toEqual(['buyer@example.cn']);
    expect(ack.inReplyTo).toBe('<first@example.cn>');
    expect(ack.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.text).toContain(caseNumber);

    const cases = await w.req(w.tokens['merchantA:agent']!, 'GET', '/api/v1/cases?limit=5');
    const c = cases.body.items.find((x: any) => x.caseNumber === caseNumber);
    expect(c).toMatchObject({ channel: 'email', complainant: { name: '王小明' } });
    const evidence = await w.req(w.tokens['merchantA:agent']!, 'GET', `/api/v1/cases/${c.id}/evidence`);
    expect(evidence.body.items).toMatchObject([{ mime: 'image/png', fileName: '裂缝.png' }]);

    // The customer answers the acknowledgement from their client: In-Reply-To is our Message-ID.
    const reply = await send(
      buildMail({
        charset: 'GBK',
        subject: `回复：${ack.subject}`,
        body: '桌子今天又裂开了一点。',
        inReplyTo: ack.messageId!,
      }),
    );
    expect(reply.response).toContain(caseNumber);
    expect(sink.received).toHaveLength(1); // a reply is not acknowledged again

    const answer = await w.req(w.tokens['merchantA:agent']!, 'POST', `/api/v1/cases/${c.id}/replies`, {
      text: '您好，我们已安排补发新的桌面，预计三天内送达。',
    });
    expect(answer.status).toBe(201);
    expect(sink.received).toHaveLength(2);
    const out = await simpleParser(sink.received[1]!.raw);
    expect(out.subject).toContain(`[${caseNumber}]`);
    expect(out.messageId).toBe(answer.body.messageId);
    expect(out.messageId).toMatch(/@kesu\.test>$/);
    expect(out.references).toEqual(expect.arrayContaining(['<first@example.cn>', ack.messageId]));
    expect(out.text).toContain('补发新的桌面');

    const timeline = (await w.req(w.tokens['merchantA:agent']!, 'GET', `/api/v1/cases/${c.id}/timeline`)).body.items;
    expect(timeline.map((e: any) => e.type)).toEqual(
      expect.arrayContaining(['created', 'message_received', 'evidence_added', 'acknowledgement_sent', 'reply_sent']),
    );
    const messages = timeline.filter((e: any) => e.type === 'message_received');
    expect(messages.map((m: any) => m.data.text)).toEqual([expect.stringContaining('裂缝'), '桌子今天又裂开了一点。']);
    expect(out.inReplyTo).toBe(messages[1].data.messageId);
  });

  it('refuses unknown recipients at RCPT TO and oversized mail at DATA', async () => {
    await expect(send(buildMail(), 'nobody@ma.test')).rejects.toMatchObject({ responseCode: 550 });
    await expect(send(buildMail({ body: '长'.repeat(100_000) }))).rejects.toMatchObject({ responseCode: 552 });
  });

  it('does not answer a header-injection subject with extra headers', async () => {
    const before = sink.received.length;
    await send(buildMail({ subject: '投诉\r\nBcc: victim@example.com\r\nX-Evil: 1' }));
    const ack = sink.received[before]!;
    expect(ack.to).toEqual(['buyer@example.cn']);
    const parsed = await simpleParser(ack.raw);
    expect(parsed.headers.has('x-evil')).toBe(false);
    expect(parsed.bcc).toBeUndefined();
  });

  it('answers replies with clear errors: no e-mail 409, other organisation 404, viewer 403', async () => {
    const hotline = await w.req(w.tokens['merchantA:agent']!, 'POST', '/api/v1/cases', {
      kind: 'complaint',
      channel: 'hotline',
      complainant: { name: '李四', phone: '13900000000' },
      reason: '电话投诉：客服态度差。',
    });
    const noMail = await w.req(w.tokens['merchantA:agent']!, 'POST', `/api/v1/cases/${hotline.body.id}/replies`, {
      text: '您好',
    });
    expect(noMail.body.error.code).toBe('NO_COMPLAINANT_EMAIL');
    expect(noMail.status).toBe(409);
    const foreign = await w.req(w.tokens['merchantB:agent']!, 'POST', `/api/v1/cases/${hotline.body.id}/replies`, {
      text: '您好',
    });
    expect(foreign.status).toBe(404);
    const viewer = await w.req(w.tokens['merchantA:viewer']!, 'POST', `/api/v1/cases/${hotline.body.id}/replies`, {
      text: '您好',
    });
    expect(viewer.status).toBe(403);
    const invalid = await w.req(w.tokens['merchantA:agent']!, 'POST', `/api/v1/cases/${hotline.body.id}/replies`, {
      text: '',
      x: 1,
    });
    expect(invalid.status).toBe(400);
  });
});
