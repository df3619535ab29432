/** A received mail, parsed and decoded by the channel adapter, as the intake services see it. */
export interface InboundMail {
  /** Message-ID with angle brackets; a stable synthetic id (sha256 of the bytes) when the mail has none. */
  messageId: string;
  threadIds: string[];
  from: { name: string; address: string } | null;
  subject: string;
  /** The body as plain text (HTML-only mail converted), quoted history removed. */
  text: string;
  date: Date | null;
  attachments: { fileName: string | undefined; contentType: string; bytes: Buffer }[];
  /** Set when the mail is automatic (auto-reply, bounce, list mail): why it is not a case. */
  automated: string | null;
  /** To, Cc, Delivered-To, X-Original-To: where the mail says it was going (import has no SMTP envelope). */
  recipients: string[];
  raw: Buffer;
}

/** Why a mail could not be taken in; the raw bytes are kept in quarantine with this reason. */
export type QuarantineReason =
  | 'too_large'
  | 'empty'
  | 'no_headers'
  | 'parse_error'
  | 'unknown_recipient'
  | 'intake_error';
