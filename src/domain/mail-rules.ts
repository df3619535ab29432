/**
 * Rules for mail taken in as complaints. Pure: the channel adapter hands in header values already decoded.
 *
 * Automatic mail must never become a case (and must never be answered, or two robots mail each other forever):
 * RFC 3834 §5 (Auto-Submitted: anything but "no"), RFC 3464/6522 (multipart/report: bounces, DSNs, ARF abuse
 * reports), RFC 2919 (List-Id) and RFC 2369 (List-Unsubscribe …) for list mail, and the de-facto Precedence
 * (bulk/list/junk) and X-Autoreply / X-Autorespond headers that vacation responders set.
 */
export interface AutomationSignals {
  autoSubmitted?: string | undefined;
  contentType?: string | undefined;
  precedence?: string | undefined;
  listId?: string | undefined;
  listUnsubscribe?: string | undefined;
  xAutoreply?: string | undefined;
  xAutorespond?: string | undefined;
  fromAddress?: string | undefined;
}

export type AutomatedReason =
  | 'auto_submitted'
  | 'delivery_report'
  | 'mailing_list'
  | 'bulk_precedence'
  | 'autoreply_header'
  | 'mailer_daemon';

export function automatedMailReason(s: AutomationSignals): AutomatedReason | null {
  const auto = s.autoSubmitted?.trim().toLowerCase();
  if (auto && !auto.startsWith('no')) return 'auto_submitted';
  if (s.contentType?.trim().toLowerCase().startsWith('multipart/report')) return 'delivery_report';
  if (s.xAutoreply || s.xAutorespond) return 'autoreply_header';
  const precedence = s.precedence?.trim().toLowerCase();
  if (precedence && ['bulk', 'list', 'junk', 'auto_reply'].includes(precedence)) return 'bulk_precedence';
  if (s.listId || s.listUnsubscribe) return 'mailing_list';
  // RFC 5321 §4.5.5: bounces come from the null sender; many MTAs write MAILER-DAEMON / postmaster in From.
  const local = s.fromAddress?.split('@')[0]?.toLowerCase();
  if (local === 'mailer-daemon' || local === 'postmaster') return 'mailer_daemon';
  return null;
}

/** A case number written into a subject as `[KS-2026-000123]` (what our own replies and acknowledgements carry). */
export function caseNumberInSubject(subject: string | undefined): string | null {
  const m = subject?.match(/\[(KS-\d{4}-\d{6,})\]/i);
  return m?.[1] ? m[1].toUpperCase() : null;
}

const isControl = (ch: string) => {
  const c = ch.codePointAt(0) ?? 0;
  return c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029;
};

/**
 * A single line safe to put into an outgoing header: no CR/LF or other control characters (header injection),
 * bounded length. Decoded RFC 2047 words can contain line breaks; they are collapsed here.
 */
export function headerSafe(text: string, max = 200): string {
  const flat = [...text]
    .map((ch) => (isControl(ch) ? ' ' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return [...flat].slice(0, max).join('');
}

/** Replies quote the subject once: "Re: Re: 回复：…" is folded to the bare subject. */
export function bareSubject(subject: string): string {
  return subject.replace(/^(\s*(re|fw|fwd|aw|回复|答复|转发)\s*[:：]\s*)+/i, '').trim();
}

/** Subject of an outgoing mail on a case: the case number in brackets, so any reply threads back to it. */
export function subjectWithCaseNumber(caseNumber: string, subject: string): string {
  const clean = headerSafe(bareSubject(subject.replace(/\[KS-\d{4}-\d{6,}\]/gi, '')), 150);
  return clean ? `[${caseNumber}] ${clean}` : `[${caseNumber}]`;
}

/** Message-IDs from In-Reply-To / References, angle brackets kept, newest last, bounded. */
export function threadIds(inReplyTo: string | undefined, references: string | string[] | undefined): string[] {
  const refs = Array.isArray(references) ? references.join(' ') : (references ?? '');
  const ids = `${refs} ${inReplyTo ?? ''}`.match(/<[^<>\s]{1,900}>/g) ?? [];
  return [...new Set(ids)].slice(-50);
}
