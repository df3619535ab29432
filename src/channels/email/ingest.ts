import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type MailTenant, mailActor, tenantBySlug, tenantsForAddresses } from '../../services/inbound-addresses.ts';
import { type MailOutcome, receiveMail } from '../../services/mail-intake.ts';
import { quarantineMail } from '../../services/mail-quarantine.ts';
import type { MailOut } from '../../services/mail-replies.ts';
import type { InboundMail, QuarantineReason } from '../../services/mail-types.ts';
import { MailParseError, parseMail } from './parse-mail.ts';

export const MAIL_MAX_BYTES = 25 * 1024 * 1024;

export interface MailIntakeDeps {
  db: Kysely<DB>;
  evidenceDir: string;
  clock: () => Date;
  out?: MailOut | undefined;
  maxBytes?: number;
}

export interface IngestOptions {
  /** SMTP envelope recipients; without them the To/Cc/Delivered-To headers say where the mail was going. */
  envelopeTo?: string[];
  /** Receiving organisation when no recipient is a known inbound address (`kesu import-mail --tenant`). */
  tenantSlug?: string | undefined;
  source: 'smtp' | 'import' | 'retry';
  /** Retrying this quarantine entry: a new failure updates it instead of adding another. */
  quarantineId?: string;
}

export type IngestResult =
  | (MailOutcome & { tenant: string; tenantId: string })
  | { outcome: 'quarantined'; quarantineId: string; reason: QuarantineReason };

/**
 * One raw message in, never lost: it ends as a case, a threaded message, an ignored automatic mail (per receiving
 * organisation) or a quarantine entry with its bytes and the reason. Unexpected failures are quarantined too.
 */
export async function ingestRawMail(deps: MailIntakeDeps, raw: Buffer, opts: IngestOptions): Promise<IngestResult[]> {
  const now = deps.clock();
  const hold = async (tenantId: string | null, reason: QuarantineReason, detail: Record<string, unknown>) => {
    const q = await quarantineMail(
      deps.db,
      deps.evidenceDir,
      { tenantId, reason, detail, raw, envelopeTo: opts.envelopeTo ?? [], source: opts.source },
      now,
      opts.quarantineId,
    );
    return [{ outcome: 'quarantined' as const, quarantineId: q.id, reason }];
  };
  const limit = deps.maxBytes ?? MAIL_MAX_BYTES;
  // Unreadable mail still names its recipients often enough to put it in front of the right organisation.
  const guess = async () =>
    (await resolveTenants(deps.db, opts.envelopeTo ?? recipientsInRawHeaders(raw), opts))[0]?.id ?? null;
  if (raw.length > limit) return hold(await guess(), 'too_large', { sizeBytes: raw.length, limitBytes: limit });
  let mail: InboundMail;
  try {
    mail = await parseMail(raw);
  } catch (err) {
    if (err instanceof MailParseError) return hold(await guess(), err.reason, err.detail);
    return hold(await guess(), 'parse_error', { message: String((err as Error).message).slice(0, 300) });
  }
  const tenants = await resolveTenants(deps.db, opts.envelopeTo ?? mail.recipients, opts);
  if (tenants.length === 0)
    return hold(null, 'unknown_recipient', { recipients: (opts.envelopeTo ?? mail.recipients).slice(0, 10) });
  const results: IngestResult[] = [];
  for (const t of tenants) {
    const ctx = { db: deps.db, actor: mailActor(t), now, evidenceDir: deps.evidenceDir };
    try {
      results.push({ ...(await receiveMail(ctx, mail, deps.out)), tenant: t.slug, tenantId: t.id });
    } catch (err) {
      results.push(...(await hold(t.id, 'intake_error', { message: String((err as Error).message).slice(0, 300) })));
    }
  }
  return results;
}

async function resolveTenants(db: Kysely<DB>, recipients: string[], opts: IngestOptions): Promise<MailTenant[]> {
  const mapped = await tenantsForAddresses(db, recipients);
  if (mapped.length > 0 || !opts.tenantSlug) return mapped;
  return [await tenantBySlug(db, opts.tenantSlug)];
}

function recipientsInRawHeaders(raw: Buffer): string[] {
  const head =
    raw
      .subarray(0, 65_536)
      .toString('latin1')
      .split(/\r?\n\r?\n/, 1)[0] ?? '';
  const lines = head.match(/^(to|cc|delivered-to|x-original-to)[ \t]*:.*$/gim) ?? [];
  return lines.flatMap((l) => l.match(/[^\s<>,;:"]+@[^\s<>,;"]+/g) ?? []).map((a) => a.toLowerCase());
}
