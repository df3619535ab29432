import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/services/mailer.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

describe('outgoing mail over real SMTP', () => {
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => sink?.close());

  it('delivers a Chinese message with threading headers', async () => {
    const mailer = createMailer(sink.url);
    await mailer.send({
      to: 'buyer@example.cn',
      subject: '您的投诉 [KS-2026-000001] 已受理',
      text: '您好，我们已受理您的投诉。',
      inReplyTo: '<a@b>',
      references: ['<a@b>'],
    });
    mailer.close();
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.to).toEqual(['buyer@example.cn']);
    expect(sink.received[0]!.raw).toMatch(/In-Reply-To: <a@b>/);
  });

  it('is disabled without SMTP_URL and says so', async () => {
    const mailer = createMailer(undefined);
    expect(mailer.enabled).toBe(false);
    await expect(mailer.send({ to: 'x@y.z', subject: 's', text: 't' })).rejects.toThrow('SMTP_URL');
  });
});
