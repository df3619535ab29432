import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { type AddressObject, type HeaderValue, simpleParser } from 'mailparser';
import { automatedMailReason, headerSafe, threadIds } from '../../domain/mail-rules.ts';
import { stripQuotedHistory } from '../../domain/mail-text.ts';
import type { InboundMail, QuarantineReason } from '../../services/mail-types.ts';

export class MailParseError extends Error {
  constructor(
    readonly reason: QuarantineReason,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(`mail not taken in: ${reason}`);
  }
}

const TEXT_MAX_CHARS = 200_000;
const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

/**
 * Parses a raw RFC 822 message. mailparser decodes MIME (quoted-printable, base64, RFC 2047 words, and charsets
 * through iconv-lite — GBK, GB18030, GB2312, Big5 — and encoding-japanese for ISO-2022-JP). Throws MailParseError
 * when the bytes are not a mail at all.
 */
export async function parseMail(original: Buffer): Promise<InboundMail> {
  const raw = withoutMboxEnvelopeLine(original);
  if (raw.toString('latin1').trim() === '') throw new MailParseError('empty');
  const firstLine = raw.subarray(0, 1000).toString('latin1').split(/\r?\n/, 1)[0] ?? '';
  if (!HEADER_LINE.test(firstLine)) throw new MailParseError('no_headers', { firstLine: headerSafe(firstLine, 80) });
  let parsed: Awaited<ReturnType<typeof simpleParser>>;
  try {
    parsed = await simpleParser(undeclared8bitHeadersToUtf8(raw), {
      skipTextToHtml: true,
      skipImageLinks: true,
      skipTextLinks: true,
      maxHtmlLengthToParse: 2_000_000,
    });
  } catch (err) {
    throw new MailParseError('parse_error', { message: String((err as Error).message).slice(0, 300) });
  }
  const h = parsed.headers;
  const from = firstAddress(parsed.from);
  const text = stripQuotedHistory(parsed.text ?? '').slice(0, TEXT_MAX_CHARS);
  return {
    messageId: validMessageId(parsed.messageId) ?? `<${createHash('sha256').update(raw).digest('hex')}@kesu.invalid>`,
    threadIds: threadIds(parsed.inReplyTo, parsed.references),
    from,
    subject: headerSafe(parsed.subject ?? '', 500),
    text,
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
    attachments: parsed.attachments
      .filter((a) => a.content.length > 0)
      .map((a) => ({
        fileName: a.filename ? headerSafe(a.filename, 255) : undefined,
        contentType: a.contentType,
        bytes: a.content,
      })),
    automated: automatedMailReason({
      autoSubmitted: str(h.get('auto-submitted')),
      contentType: str(h.get('content-type')),
      precedence: str(h.get('precedence')),
      listId: str(h.get('list-id')),
      listUnsubscribe: str(h.get('list-unsubscribe')),
      xAutoreply: str(h.get('x-autoreply')),
      xAutorespond: str(h.get('x-autorespond')) ?? str(h.get('x-autoresponder')),
      fromAddress: from?.address,
    }),
    recipients: [parsed.to, parsed.cc, h.get('delivered-to'), h.get('x-original-to')]
      .flatMap((v) => addressesOf(v))
      .slice(0, 50),
    raw: original,
  };
}

/** Messages saved from an mbox often still start with its "From sender date" separator line, which is no header. */
function withoutMboxEnvelopeLine(raw: Buffer): Buffer {
  if (raw.subarray(0, 5).toString('latin1') !== 'From ') return raw;
  const nl = raw.indexOf(0x0a);
  return nl < 0 ? raw : raw.subarray(nl + 1);
}

function str(v: HeaderValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'value' in v && typeof v.value === 'string') return v.value;
  if (typeof v === 'object' && 'text' in v && typeof v.text === 'string') return v.text;
  return String(v);
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): InboundMail['from'] {
  const first = (Array.isArray(a) ? a[0] : a)?.value.find((v) => v.address?.includes('@'));
  if (!first?.address) return null;
  const address = first.address.toLowerCase().slice(0, 254);
  return { address, name: headerSafe(first.name || address.split('@')[0] || address, 100) };
}

function addressesOf(v: unknown): string[] {
  if (!v) return [];
  if (Array.isArray(v)) return v.flatMap(addressesOf);
  if (typeof v === 'string') return (v.match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? []).map((a) => a.toLowerCase());
  const value = (v as { value?: unknown }).value;
  if (Array.isArray(value))
    return value.flatMap((a: { address?: string; group?: unknown[] }) =>
      a.group ? addressesOf({ value: a.group }) : a.address ? [a.address.toLowerCase()] : [],
    );
  return typeof value === 'string' ? addressesOf(value) : [];
}

function validMessageId(id: string | undefined): string | null {
  const m = id?.trim().match(/^<?([^<>\s]{1,900})>?$/);
  return m ? `<${m[1]}>` : null;
}

/**
 * Chinese mail clients still send raw GBK/Big5 bytes in headers without RFC 2047 encoding. Header bytes that are
 * not UTF-8 are re-read in the charset the body declares (GB18030 when none: a superset of GBK and GB2312),
 * so a subject or sender name does not turn into mojibake.
 */
function undeclared8bitHeadersToUtf8(raw: Buffer): Buffer {
  let end = raw.indexOf('\r\n\r\n');
  let sep = 4;
  if (end < 0) [end, sep] = [raw.indexOf('\n\n'), 2];
  if (end < 0) [end, sep] = [raw.length, 0];
  const head = raw.subarray(0, end);
  if (!head.some((b) => b >= 0x80) || isUtf8(head)) return raw;
  const declared = head
    .toString('latin1')
    .match(/charset\s*=\s*"?([A-Za-z0-9_-]+)/i)?.[1]
    ?.toLowerCase();
  const charset =
    declared && iconv.encodingExists(declared) && !/^(us-ascii|utf-?8)$/.test(declared) ? declared : 'gb18030';
  const utf8Head = Buffer.from(iconv.decode(head, charset), 'utf8');
  return Buffer.concat([utf8Head, raw.subarray(end, end + sep), raw.subarray(end + sep)]);
}
