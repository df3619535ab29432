import fc from 'fast-check';
import iconv from 'iconv-lite';
import { tinyPng } from './mail-fixtures.ts';
import { nastyStrings } from './schema-arbitrary.ts';

/**
 * Raw mails that are broken the ways real ones are: truncated MIME, bad or missing boundaries, wrong charsets
 * (GBK bytes labelled UTF-8, unknown labels), huge headers, binary garbage, bad base64 and quoted-printable,
 * deeply nested multiparts, header injection and unicode edge cases.
 */
const text = fc.oneof(
  fc.constantFrom(...nastyStrings),
  fc.constantFrom('收到的餐桌有裂缝，要求退货退款。', '快递延误七天', '客服态度恶劣', '订单 DD2026110201'),
  fc.string({ maxLength: 60, unit: 'grapheme' }),
);
const charset = fc.constantFrom('UTF-8', 'GBK', 'gb2312', 'GB18030', 'Big5', 'x-unknown-charset', '', 'utf-7', 'utf8"');
const encoding = fc.constantFrom('base64', 'quoted-printable', '8bit', '7bit', 'binary', 'x-uuencode', 'bogus');

/** A body's bytes, encoded one way and labelled perhaps another. */
const body = fc.tuple(text, charset, charset, encoding, fc.nat(5)).map(([t, real, label, enc, breakage]) => {
  let bytes: Buffer;
  try {
    bytes = iconv.encodingExists(real) ? iconv.encode(t, real) : Buffer.from(t);
  } catch {
    bytes = Buffer.from(t);
  }
  let encoded =
    enc === 'base64'
      ? bytes.toString('base64').replace(/.{76}/g, '$&\r\n')
      : enc === 'quoted-printable'
        ? [...bytes]
            .map((b) =>
              b > 126 || b === 61 ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b),
            )
            .join('')
        : bytes.toString('latin1');
  if (breakage === 0) encoded = `${encoded}@@!!==**`; // bad base64 alphabet / stray padding
  if (breakage === 1) encoded = encoded.replace(/=([0-9A-F]{2})/g, '=$1'.replace('$1', 'Z')); // bad QP escapes
  if (breakage === 2) encoded = encoded.slice(0, Math.floor(encoded.length / 2)); // truncated
  return [`Content-Type: text/plain; charset=${label}`, `Content-Transfer-Encoding: ${enc}`, '', encoded].join('\r\n');
});

const headerLine = fc.oneof(
  text.map((t) => `Subject: ${t}`),
  fc.constantFrom(
    `Subject: =?UTF-8?B?${Buffer.from('投诉').toString('base64')}`, // unterminated encoded word
    '=?GBK?Q?=C4=E3=BA=C3?=',
    'Subject: =?x-bogus?B?5oqV6K+J?=',
    'From: "unterminated <buyer@example.cn',
    'From: <>',
    'From: @@@',
    'To: service@ma.test\r\nBcc: injected@evil.test',
    'Message-ID: ',
    'Message-ID: <<<>>>',
    'In-Reply-To: <a@b> <c@d> garbage',
    `References: ${'<x@y> '.repeat(2000)}`,
    'Date: not a date',
    'Date: Mon, 32 Foo 99999 25:61:61 +9999',
    'Content-Type: multipart/mixed',
    'Content-Type: multipart/mixed; boundary=',
    'Content-Type: ;;;',
    'Auto-Submitted: auto-replied',
    `X-Long: ${'a'.repeat(200_000)}`,
    'X-Folded: a\r\n\tb\r\n\tc',
    ' leading-space-continuation-without-header',
  ),
);

/** Nested multiparts, each level with its own (maybe wrong) boundary. */
const nested = fc
  .tuple(fc.integer({ min: 1, max: 60 }), body, fc.boolean(), fc.boolean())
  .map(([depth, inner, badBoundary, noEnd]) => {
    let part = inner;
    for (let i = 0; i < depth; i++) {
      const b = `b${i}`;
      const declared = badBoundary && i % 3 === 0 ? `${b}-wrong` : b;
      part = [
        `Content-Type: multipart/mixed; boundary="${declared}"`,
        '',
        `--${b}`,
        part,
        `--${b}`,
        'Content-Type: image/png; name="p.png"',
        'Content-Transfer-Encoding: base64',
        '',
        tinyPng.toString('base64'),
        noEnd ? '' : `--${b}--`,
      ].join('\r\n');
    }
    return part;
  });

const wellFormedHead = (to: string, id: number) => [
  'From: =?UTF-8?B?546L5bCP5piO?= <buyer@example.cn>',
  `To: ${to}`,
  `Message-ID: <fuzz-${id}@example.cn>`,
  'MIME-Version: 1.0',
];

/** One malformed mail (as bytes) addressed to `to`; `id` keeps Message-IDs apart. */
export function malformedMail(to: string): fc.Arbitrary<(id: number) => Buffer> {
  return fc.oneof(
    // Headers and a body, either of them broken.
    fc
      .tuple(fc.array(headerLine, { maxLength: 6 }), fc.oneof(body, nested), fc.boolean())
      .map(([headers, content, lf]) => (id: number) => {
        const s = [...wellFormedHead(to, id), ...headers, content].join('\r\n');
        return Buffer.from(lf ? s.replace(/\r\n/g, '\n') : s, 'latin1');
      }),
    // GBK bytes labelled UTF-8, in the headers and the body.
    text.map(
      (t) => (id: number) =>
        Buffer.concat([
          Buffer.from([...wellFormedHead(to, id), 'Subject: '].join('\r\n')),
          iconv.encode(`投诉${t}`, 'gbk'),
          Buffer.from('\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
          iconv.encode(`商品破损${t}`, 'gbk'),
        ]),
    ),
    // Truncated anywhere.
    fc.tuple(nested, fc.double({ min: 0, max: 1, noNaN: true })).map(([content, cut]) => (id: number) => {
      const full = Buffer.from([...wellFormedHead(to, id), content].join('\r\n'), 'latin1');
      return full.subarray(0, Math.floor(full.length * cut));
    }),
    // Binary garbage, with or without a header in front.
    fc.tuple(fc.uint8Array({ maxLength: 3000 }), fc.boolean()).map(
      ([bytes, head]) =>
        (id: number) =>
          Buffer.concat([
            Buffer.from(head ? `${wellFormedHead(to, id).join('\r\n')}\r\n\r\n` : ''),
            Buffer.from(bytes),
          ]),
    ),
    // Huge header block, no body.
    fc
      .integer({ min: 1000, max: 20_000 })
      .map(
        (n) => (id: number) =>
          Buffer.from(
            [
              ...wellFormedHead(to, id),
              ...Array.from({ length: n }, (_, i) => `X-H${i}: ${'值'.repeat(5)}`),
              '',
              '正文',
            ].join('\r\n'),
          ),
      ),
  );
}
