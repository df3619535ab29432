import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';

/** Text in a mail charset; ISO-2022-JP through encoding-japanese (iconv-lite has no JIS). */
const encode = (text: string, charset: string) =>
  /^iso-2022-jp$/i.test(charset)
    ? Buffer.from(Encoding.convert(Encoding.stringToCode(text), { to: 'JIS', from: 'UNICODE' }) as number[])
    : iconv.encode(text, charset);

/** A 1×1 PNG: enough bytes for content sniffing to call it image/png. */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');
/** RFC 2047 encoded word in the given charset. */
export const word = (text: string, charset = 'UTF-8') => `=?${charset}?B?${encode(text, charset).toString('base64')}?=`;

export interface MailSpec {
  from?: string | null;
  to?: string;
  subject?: string;
  charset?: string;
  body?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string;
  headers?: string[];
  attachments?: { name: string; type: string; bytes: Buffer }[];
  html?: boolean;
}

/** Builds a raw RFC 822 message the way Chinese mail clients do: body and subject in the chosen charset. */
export function buildMail(s: MailSpec = {}): Buffer {
  const charset = s.charset ?? 'UTF-8';
  const boundary = 'kesu-test-boundary';
  const head = [
    ...(s.from === null ? [] : [`From: ${s.from ?? `${word('王小明', charset)} <buyer@example.cn>`}`]),
    `To: ${s.to ?? 'service@ma.test'}`,
    `Subject: ${word(s.subject ?? '投诉：收到的餐桌有裂缝', charset)}`,
    ...(s.messageId === null
      ? []
      : [`Message-ID: ${s.messageId ?? `<${Math.random().toString(36).slice(2)}@example.cn>`}`]),
    ...(s.inReplyTo ? [`In-Reply-To: ${s.inReplyTo}`] : []),
    ...(s.references ? [`References: ${s.references}`] : []),
    'Date: Mon, 02 Nov 2026 10:00:00 +0800',
    'MIME-Version: 1.0',
    ...(s.headers ?? []),
  ];
  const bodyPart = [
    `Content-Type: text/${s.html ? 'html' : 'plain'}; charset=${charset}`,
    'Content-Transfer-Encoding: base64',
    '',
    b64(encode(s.body ?? '订单 DD2026110201 的实木餐桌桌面有一条很长的裂缝，要求退货退款。', charset)),
  ];
  if (!s.attachments?.length) return Buffer.from([...head, ...bodyPart].join('\r\n'));
  const parts = s.attachments.map((a) =>
    [
      `--${boundary}`,
      `Content-Type: ${a.type}; name="${a.name}"`,
      `Content-Disposition: attachment; filename="${a.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      b64(a.bytes),
    ].join('\r\n'),
  );
  return Buffer.from(
    [
      ...head,
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      ...bodyPart,
      ...parts,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}
