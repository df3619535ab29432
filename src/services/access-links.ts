import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { loadVisibleCase, selectCases } from './case-queries.ts';
import type { CaseWithOrder } from './case-view.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';

const DAY_MS = 86_400_000;
export const DEFAULT_LINK_DAYS = 30;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Issues a link for the complainant of one case: 32 random bytes, stored only as a hash, expiring. */
export async function createAccessLink(ctx: ServiceContext, caseId: string, days = DEFAULT_LINK_DAYS) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  const token = `kca_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(ctx.now.getTime() + days * DAY_MS);
  await ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    await trx
      .insertInto('case_access_links')
      .values({
        tenant_id: c.tenant_id,
        case_id: c.id,
        token_hash: sha256(token),
        created_by: ctx.actor.userId,
        expires_at: expiresAt,
      })
      .execute();
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'access_link_created', data: { expiresAt: expiresAt.toISOString() } },
      audit: { action: 'case.access_link', before: null, after: { expiresAt: expiresAt.toISOString() } },
    });
  });
  return { token, path: `/api/v1/access/${token}`, expiresAt: expiresAt.toISOString() };
}

/**
 * The case behind a complainant's link, or LINK_NOT_FOUND / LINK_EXPIRED. A link opens exactly one case;
 * the caller never learns anything about other cases.
 */
export async function resolveAccessLink(db: Kysely<DB>, token: string, now: Date): Promise<CaseWithOrder> {
  if (!/^kca_[A-Za-z0-9_-]{43}$/.test(token)) throw new AppError('LINK_NOT_FOUND');
  const link = await db
    .selectFrom('case_access_links')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!link || link.revoked_at) throw new AppError('LINK_NOT_FOUND');
  if (link.expires_at.getTime() <= now.getTime())
    throw new AppError('LINK_EXPIRED', { expiredAt: link.expires_at.toISOString() });
  await db
    .updateTable('case_access_links')
    .set({ last_used_at: now })
    .where('tenant_id', '=', link.tenant_id)
    .where('id', '=', link.id)
    .execute();
  return selectCases(db)
    .where('cases.tenant_id', '=', link.tenant_id)
    .where('cases.id', '=', link.case_id)
    .executeTakeFirstOrThrow();
}

/** What the complainant sees: their own case's progress and what is still missing; no internal notes or staff data. */
export async function complainantView(db: Kysely<DB>, token: string, now: Date) {
  const c = await resolveAccessLink(db, token, now);
  const events = await db
    .selectFrom('case_events')
    .select(['type', 'at', 'data'])
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .where('type', 'in', ['created', 'status_changed', 'evidence_added', 'complainant_answered'])
    .orderBy('id')
    .execute();
  // What staff wrote to the complainant: notes marked for the customer and e-mail replies (never internal notes).
  const written = await db
    .selectFrom('case_events')
    .select(['type', 'at', 'data'])
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .where('type', 'in', ['note', 'reply_sent'])
    .orderBy('id')
    .execute();
  const messages = written.flatMap((e) => {
    const d = e.data as unknown as Record<string, unknown>;
    if (e.type === 'note' && d.visibility !== 'customer') return [];
    const text = e.type === 'note' ? d.body : d.text;
    return typeof text === 'string' ? [{ at: e.at.toISOString(), text }] : [];
  });
  const followUp = await db
    .selectFrom('follow_ups')
    .select(['state', 'due_at', 'rating', 'answered_at'])
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return {
    caseNumber: c.case_number,
    kind: c.kind,
    status: c.status,
    statusReason: c.status_reason,
    orderNumber: c.order_number,
    reason: c.reason,
    expectedResolution: c.expected_resolution,
    missing: c.missing as unknown as string[],
    resolution: c.resolution,
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    progress: events.map((e) => {
      const d = e.data as unknown as Record<string, unknown>;
      if (e.type !== 'status_changed') return { type: e.type, at: e.at.toISOString() };
      // Asking the complainant for information: the question is meant for them.
      const asked = d.to === 'awaiting_customer' && typeof d.reason === 'string' ? { request: d.reason } : {};
      return { type: e.type, at: e.at.toISOString(), to: d.to as string, ...asked };
    }),
    messages,
    followUp: followUp
      ? {
          state: followUp.state,
          dueAt: followUp.due_at.toISOString(),
          rating: followUp.rating,
          answeredAt: followUp.answered_at?.toISOString() ?? null,
        }
      : null,
  };
}
