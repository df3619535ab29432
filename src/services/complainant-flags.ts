import { createHash } from 'node:crypto';
import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { normaliseEmail, normalisePhone } from '../domain/complainant-identity.ts';
import { AppError } from '../domain/errors.ts';
import type { FlagKind } from '../domain/resolution-vocabulary.ts';
import { isUuid, loadVisibleCase } from './case-queries.ts';
import type { Executor, ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';
import { caseVisibleTo } from './scope.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const contactHashes = (phone: string | null, email: string | null) => ({
  phoneHash: phone ? sha256(normalisePhone(phone)) : null,
  emailHash: email ? sha256(normaliseEmail(email)) : null,
});

/** A supervisor flags the complainant of a case as extortion, a false claim or a false IP claim, with evidence. */
export async function flagComplainant(
  ctx: ServiceContext,
  caseId: string,
  input: { kind: FlagKind; note: string; evidenceIds?: string[] | undefined },
) {
  requireRole(ctx.actor, ['admin', 'supervisor']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    const h = contactHashes(c.complainant_phone, c.complainant_email);
    if (!h.phoneHash && !h.emailHash) throw new AppError('CONTACT_REQUIRED', { caseId });
    const evidenceIds = input.evidenceIds ?? [];
    if (evidenceIds.some((e) => !isUuid(e))) throw new AppError('EVIDENCE_NOT_FOUND', { evidenceIds });
    if (evidenceIds.length) {
      const found = await trx
        .selectFrom('evidence')
        .select('id')
        .where('tenant_id', '=', c.tenant_id)
        .where('case_id', '=', c.id)
        .where('id', 'in', evidenceIds)
        .execute();
      if (found.length !== new Set(evidenceIds).size) throw new AppError('EVIDENCE_NOT_FOUND', { evidenceIds });
    }
    const row = await trx
      .insertInto('complainant_flags')
      .values({
        tenant_id: ctx.actor.tenantId,
        case_tenant_id: c.tenant_id,
        case_id: c.id,
        kind: input.kind,
        note: input.note,
        evidence_ids: JSON.stringify(evidenceIds),
        phone_hash: h.phoneHash,
        email_hash: h.emailHash,
        flagged_by: ctx.actor.userId,
        created_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const data = { flagId: row.id, kind: input.kind, note: input.note, evidenceIds };
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: { type: 'complainant_flagged', data },
      audit: { action: 'complainant.flag', before: null, after: data },
    });
    return { id: row.id, caseId: c.id, ...data, createdAt: ctx.now.toISOString() };
  });
}

/** Whether the organisation has flagged this complainant (by phone or e-mail) on any case. */
export async function isFlagged(trx: Executor, tenantId: string, phone: string | null, email: string | null) {
  const h = contactHashes(phone, email);
  if (!h.phoneHash && !h.emailHash) return false;
  const hit = await trx
    .selectFrom('complainant_flags')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        ...(h.phoneHash ? [eb('phone_hash', '=', h.phoneHash)] : []),
        ...(h.emailHash ? [eb('email_hash', '=', h.emailHash)] : []),
      ]),
    )
    .executeTakeFirst();
  return Boolean(hit);
}

// SQL twin of normalisePhone/normaliseEmail (domain/complainant-identity.ts).
const phoneHashSql = sql<string>`encode(sha256(convert_to((case when length(regexp_replace(cases.complainant_phone, '\\D', '', 'g')) > 11 and regexp_replace(cases.complainant_phone, '\\D', '', 'g') like '86%' then substr(regexp_replace(cases.complainant_phone, '\\D', '', 'g'), 3) else regexp_replace(cases.complainant_phone, '\\D', '', 'g') end), 'UTF8')), 'hex')`;
const emailHashSql = sql<string>`encode(sha256(convert_to(lower(trim(cases.complainant_email)), 'UTF8')), 'hex')`;

/**
 * The repeat-complainant view shown at intake: how many visible cases the same phone or e-mail filed, how they
 * ended, and the organisation's flags. Contact data appears only as hashes.
 */
export async function complainantHistory(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const h = contactHashes(c.complainant_phone, c.complainant_email);
  if (!h.phoneHash && !h.emailHash) return { ...h, caseCount: 0, outcomes: [], flags: [] };
  const same = (eb: ExpressionBuilder<DB, 'cases'>) =>
    eb.or([
      ...(h.phoneHash
        ? [eb.and([eb('cases.complainant_phone', 'is not', null), eb(phoneHashSql, '=', h.phoneHash)])]
        : []),
      ...(h.emailHash
        ? [eb.and([eb('cases.complainant_email', 'is not', null), eb(emailHashSql, '=', h.emailHash)])]
        : []),
    ]);
  const outcomes = await ctx.db
    .selectFrom('cases')
    .select(['cases.status', sql<number>`count(*)::int`.as('count')])
    .where(caseVisibleTo(ctx.actor))
    .where(same)
    .groupBy('cases.status')
    .execute();
  const flags = await ctx.db
    .selectFrom('complainant_flags')
    .select(['id', 'case_id', 'kind', 'note', 'created_at'])
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where((eb) =>
      eb.or([
        ...(h.phoneHash ? [eb('phone_hash', '=', h.phoneHash)] : []),
        ...(h.emailHash ? [eb('email_hash', '=', h.emailHash)] : []),
      ]),
    )
    .orderBy('created_at')
    .execute();
  return {
    ...h,
    caseCount: outcomes.reduce((n, o) => n + o.count, 0),
    outcomes: outcomes.map((o) => ({ status: o.status, count: o.count })),
    flags: flags.map((f) => ({
      id: f.id,
      caseId: f.case_id,
      kind: f.kind,
      note: f.note,
      createdAt: f.created_at.toISOString(),
    })),
  };
}
