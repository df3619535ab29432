import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { normaliseEmail, normalisePhone } from '../domain/complainant-identity.ts';
import type { Executor, ServiceContext } from './context.ts';
import { recordCaseChange } from './record.ts';

export const DEFAULT_DUPLICATE_WINDOW_DAYS = 30;
/** A complainant with more linked cases than this is a pattern for a person, not a list to grow on every case. */
const MAX_LINKS = 20;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * The hashed identities of a complainant (the same normalisation as migrations/0011_omni.sql's backfill):
 * phone digits without +86, lower-cased e-mail, and the buyer's id on the channel it came from.
 */
export function complainantKeys(c: {
  phone?: string | undefined;
  email?: string | undefined;
  buyerId?: string | undefined;
}) {
  const keys: string[] = [];
  const phone = c.phone ? normalisePhone(c.phone) : '';
  if (phone) keys.push(sha256(`phone:${phone}`));
  const email = c.email ? normaliseEmail(c.email) : '';
  if (email) keys.push(sha256(`email:${email}`));
  if (c.buyerId?.trim()) keys.push(sha256(`buyer:${c.buyerId.trim()}`));
  return [...new Set(keys)];
}

export async function duplicateWindowDays(db: Executor, tenantId: string): Promise<number> {
  const s = await db
    .selectFrom('intake_settings')
    .select('duplicate_window_days')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return s?.duplicate_window_days ?? DEFAULT_DUPLICATE_WINDOW_DAYS;
}

/**
 * At intake, in the intake transaction: keeps the new case's hashed complainant identities, counts the
 * complainant's earlier cases (repeatCount), and links as related the cases of the same complainant about the
 * same order within the organisation's window, whatever channel they came in by — with an event on both timelines.
 */
export async function linkDuplicates(
  trx: Executor,
  ctx: ServiceContext,
  c: {
    caseId: string;
    orderId: string | null;
    complainant: { phone?: string | undefined; email?: string | undefined; buyerId?: string | undefined };
  },
): Promise<void> {
  const tenantId = ctx.actor.tenantId;
  const keys = complainantKeys(c.complainant);
  if (keys.length === 0) return;
  await trx
    .insertInto('case_complainant_keys')
    .values(keys.map((key_hash) => ({ tenant_id: tenantId, case_id: c.caseId, key_hash, created_at: ctx.now })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  const earlier = await trx
    .selectFrom('case_complainant_keys')
    .select(sql<number>`count(distinct case_id)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('key_hash', 'in', keys)
    .where('case_id', '<>', c.caseId)
    .executeTakeFirstOrThrow();
  if (earlier.n > 0)
    await trx
      .updateTable('cases')
      .set({ repeat_count: earlier.n })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', c.caseId)
      .execute();
  if (!c.orderId) return;
  const since = new Date(ctx.now.getTime() - (await duplicateWindowDays(trx, tenantId)) * 86_400_000);
  const related = await trx
    .selectFrom('cases')
    .select(['cases.id', 'cases.case_number', 'cases.channel'])
    .where('cases.tenant_id', '=', tenantId)
    .where('cases.order_id', '=', c.orderId)
    .where('cases.id', '<>', c.caseId)
    .where('cases.created_at', '>=', since)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_complainant_keys as k')
          .select('k.case_id')
          .whereRef('k.tenant_id', '=', 'cases.tenant_id')
          .whereRef('k.case_id', '=', 'cases.id')
          .where('k.key_hash', 'in', keys),
      ),
    )
    .orderBy('cases.created_at', 'desc')
    .limit(MAX_LINKS)
    .execute();
  if (related.length === 0) return;
  const self = await trx
    .selectFrom('cases')
    .select(['case_number', 'channel'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', c.caseId)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('case_links')
    .values(
      related.flatMap((r) => [
        {
          tenant_id: tenantId,
          case_id: c.caseId,
          related_case_id: r.id,
          kind: 'related' as const,
          created_at: ctx.now,
        },
        {
          tenant_id: tenantId,
          case_id: r.id,
          related_case_id: c.caseId,
          kind: 'related' as const,
          created_at: ctx.now,
        },
      ]),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  const why = 'same_complainant_and_order';
  for (const [caseId, other] of related.flatMap(
    (r) =>
      [
        [c.caseId, { id: r.id, case_number: r.case_number, channel: r.channel }],
        [r.id, { id: c.caseId, ...self }],
      ] as const,
  )) {
    await recordCaseChange(trx, {
      caseTenantId: tenantId,
      caseId,
      actorTenantId: tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: {
        type: 'related_case_linked',
        data: { relatedCaseId: other.id, relatedCaseNumber: other.case_number, channel: other.channel, why },
      },
      audit: { action: 'case.link_related', before: null, after: { relatedCaseId: other.id, why } },
    });
  }
}
