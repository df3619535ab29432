import nodemailer from 'nodemailer';

/** Outgoing mail through SMTP (`SMTP_URL`, e.g. smtp://user:pass@host:587). Without it, mail is not sent. */
export interface OutgoingMail {
  from?: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  /** Files sent along (the monthly report). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface Mailer {
  readonly enabled: boolean;
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

export const DEFAULT_FROM = 'Kesu 客诉 <noreply@kesu.local>';

export function createMailer(smtpUrl: string | undefined, from = DEFAULT_FROM): Mailer {
  if (!smtpUrl) {
    return {
      enabled: false,
      async send() {
        throw new Error('SMTP_URL is not set: outgoing mail is disabled');
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    enabled: true,
    async send(mail) {
      const info = await transport.sendMail({
        from: mail.from ?? from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
        ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
        ...(mail.references ? { references: mail.references } : {}),
        ...(mail.headers ? { headers: mail.headers } : {}),
        ...(mail.attachments ? { attachments: mail.attachments } : {}),
      });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
