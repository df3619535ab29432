import { sql } from 'kysely';
import type { Executor } from './context.ts';
import type { Mailer } from './mailer.ts';
import { type NotificationData, type NotificationKind, renderMail } from './notify-templates.ts';

const LEASE_MS = 120_000;
const MAX_ATTEMPTS = 5;

/**
 * Sends the e-mail copies of notifications. Rows are leased (email_status 'sending' until a deadline) in a short
 * transaction, mailed outside it, then marked sent. A worker killed after sending but before marking re-sends
 * after the lease; the Message-ID is derived from the notification id, so mail clients collapse the duplicate.
 */
export async function sendPendingMail(db: Executor, mailer: Mailer, now: Date, batchSize = 50) {
  if (!mailer.enabled) return { sent: 0, failed: 0 };
  const leased = await db.transaction().execute(async (trx) => {
    const rows = await sql<{ tenant_id: string; id: string; kind: string; data: unknown; email_to: string }>`
      select tenant_id, id, kind, data, email_to from notifications
      where (email_status = 'pending' or (email_status = 'sending' and email_locked_until < ${now}))
      order by created_at limit ${batchSize} for update skip locked`.execute(trx);
    for (const r of rows.rows) {
      await trx
        .updateTable('notifications')
        .set({
          email_status: 'sending',
          email_locked_until: new Date(now.getTime() + LEASE_MS),
          email_attempts: sql`email_attempts + 1`,
        })
        .where('tenant_id', '=', r.tenant_id)
        .where('id', '=', r.id)
        .execute();
    }
    return rows.rows;
  });
  let sent = 0;
  let failed = 0;
  for (const r of leased) {
    const mail = renderMail(r.kind as NotificationKind, r.data as NotificationData);
    try {
      await mailer.send({ to: r.email_to, ...mail, messageId: `<${r.id}@notifications.kesu>` });
      await mark(db, r, 'sent', now);
      sent++;
    } catch {
      const attempts = await db
        .selectFrom('notifications')
        .select('email_attempts')
        .where('tenant_id', '=', r.tenant_id)
        .where('id', '=', r.id)
        .executeTakeFirstOrThrow();
      await mark(db, r, attempts.email_attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', null);
      failed++;
    }
  }
  return { sent, failed };
}

async function mark(
  db: Executor,
  r: { tenant_id: string; id: string },
  status: 'sent' | 'pending' | 'failed',
  at: Date | null,
) {
  await db
    .updateTable('notifications')
    .set({ email_status: status, email_locked_until: null, ...(at ? { emailed_at: at } : {}) })
    .where('tenant_id', '=', r.tenant_id)
    .where('id', '=', r.id)
    .execute();
}
