import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import type { QuarantineReason } from './mail-types.ts';
import { requireRole } from './permissions.ts';
import { readRawMail, storeRawMail } from './raw-mail-store.ts';
import { writeAudit } from './record.ts';

export interface QuarantineInput {
  tenantId: string | null;
  reason: QuarantineReason;
  detail: Record<string, unknown>;
  raw: Buffer;
  envelopeTo: string[];
  source: string;
}

/**
 * Keeps a mail that could not be taken in, bytes and all, with the reason. Retrying an entry that fails again
 * updates that entry (attempts + 1, newest reason) instead of adding another.
 */
export async function quarantineMail(
  db: Kysely<DB>,
  evidenceDir: string,
  q: QuarantineInput,
  now: Date,
  existingId?: string,
) {
  if (existingId) {
    await db
      .updateTable('mail_quarantine')
      .set((eb) => ({
        reason: q.reason,
        detail: JSON.stringify(q.detail),
        tenant_id: q.tenantId,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', '=', existingId)
      .execute();
    return { id: existingId };
  }
  const file = await storeRawMail(evidenceDir, q.raw);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('mail_quarantine')
      .values({
        tenant_id: q.tenantId,
        reason: q.reason,
        detail: JSON.stringify(q.detail),
        raw_key: file.key,
        size_bytes: q.raw.length,
        sha256: file.sha256,
        envelope_to: JSON.stringify(q.envelopeTo),
        source: q.source,
        received_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (q.tenantId) {
      await writeAudit(trx, {
        tenantId: q.tenantId,
        actorUserId: null,
        action: 'mail.quarantine',
        entity: 'mail_quarantine',
        entityId: row.id,
        before: null,
        after: { reason: q.reason, sizeBytes: q.raw.length },
        at: now,
      });
    }
    return row;
  });
}

const listColumns = [
  'id',
  'tenant_id',
  'reason',
  'detail',
  'size_bytes',
  'sha256',
  'envelope_to',
  'source',
  'attempts',
  'status',
  'received_at',
  'updated_at',
  'released_outcome',
] as const;

type ListRow = {
  id: string;
  tenant_id: string | null;
  reason: string;
  detail: Record<string, unknown>;
  size_bytes: number;
  sha256: string;
  envelope_to: string[];
  source: string;
  attempts: number;
  status: string;
  received_at: Date;
  updated_at: Date;
  released_outcome: Record<string, unknown> | null;
};

export function presentQuarantine(r: ListRow) {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    reason: r.reason,
    detail: r.detail,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    envelopeTo: r.envelope_to,
    source: r.source,
    attempts: r.attempts,
    status: r.status,
    receivedAt: r.received_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    releasedOutcome: r.released_outcome,
  };
}

/** The organisation's quarantined mail, newest first. Mail for an unknown recipient has no organisation yet: CLI only. */
export async function listQuarantine(ctx: ServiceContext, status: 'held' | 'released' = 'held') {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  const rows = await ctx.db
    .selectFrom('mail_quarantine')
    .select(listColumns)
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where('status', '=', status)
    .orderBy('received_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => presentQuarantine(r as unknown as ListRow));
}

/** Every organisation's held mail (operator view through the CLI). */
export async function listAllQuarantine(db: Kysely<DB>) {
  const rows = await db
    .selectFrom('mail_quarantine')
    .select(listColumns)
    .where('status', '=', 'held')
    .orderBy('received_at', 'desc')
    .limit(1000)
    .execute();
  return rows.map((r) => presentQuarantine(r as unknown as ListRow));
}

/** A held entry with its bytes, for a retry; `tenantId` limits it to one organisation (API), null = operator. */
export async function takeQuarantined(db: Kysely<DB>, evidenceDir: string, id: string, tenantId: string | null) {
  const row = isUuid(id)
    ? await db.selectFrom('mail_quarantine').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row || (tenantId !== null && row.tenant_id !== tenantId)) throw new AppError('QUARANTINE_NOT_FOUND', { id });
  if (row.status === 'released') throw new AppError('QUARANTINE_RELEASED', { id });
  return { ...row, raw: await readRawMail(evidenceDir, row.raw_key) };
}

export async function markReleased(
  db: Kysely<DB>,
  id: string,
  tenantId: string,
  outcome: Record<string, unknown>,
  now: Date,
  actorUserId: string | null,
) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('mail_quarantine')
      .set({
        status: 'released',
        tenant_id: tenantId,
        released_at: now,
        released_outcome: JSON.stringify(outcome),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      tenantId,
      actorUserId,
      action: 'mail.quarantine_release',
      entity: 'mail_quarantine',
      entityId: id,
      before: { status: 'held' },
      after: { status: 'released', ...outcome },
      at: now,
    });
  });
}
