import { sql } from 'kysely';
import { AppError } from '../domain/errors.ts';
import { checkSanction, type SanctionType, sanctionableKinds } from '../domain/sanctions.ts';
import { isUuid } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { decodeCursor, splitPage } from './pagination.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange, writeAudit } from './record.ts';
import { loadExtras, loadVisibleSanction, presentOne, presentSanction, sanctionScopeColumn } from './sanction-store.ts';

export interface SanctionInput {
  memberTenantId: string;
  type: SanctionType;
  reason: string;
  publicText?: string | undefined;
  startsAt?: string | undefined;
  endsAt?: string | undefined;
  caseIds: string[];
}

/**
 * The platform sanctions one of its members (平台处罚). Every cited case must carry the platform's own ruling
 * "record_violation" against that member (forward-answers.ts ruleOnCase): that ruling is the verification.
 */
export async function issueSanction(ctx: ServiceContext, input: SanctionInput) {
  requireRole(ctx.actor, ['admin', 'supervisor']);
  if (ctx.actor.tenantKind !== 'platform') throw new AppError('SANCTION_PLATFORM_ONLY');
  const period = checkSanction(
    {
      type: input.type,
      startsAt: input.startsAt ? new Date(input.startsAt) : undefined,
      endsAt: input.endsAt ? new Date(input.endsAt) : undefined,
      publicText: input.publicText,
    },
    ctx.now,
  );
  return ctx.db.transaction().execute(async (trx) => {
    const member = isUuid(input.memberTenantId)
      ? await trx
          .selectFrom('tenants')
          .select(['id', 'name'])
          .where('id', '=', input.memberTenantId)
          .where('platform_id', '=', ctx.actor.tenantId)
          .where('kind', 'in', [...sanctionableKinds])
          .executeTakeFirst()
      : undefined;
    if (!member) throw new AppError('SANCTION_TARGET_INVALID', { memberTenantId: input.memberTenantId });
    if (!period.ok) throw new AppError(period.code, { field: period.field });
    const caseIds = [...new Set(input.caseIds)];
    const verified = caseIds.every(isUuid)
      ? await trx
          .selectFrom('case_forwards as f')
          .innerJoin('cases as c', (j) => j.onRef('c.tenant_id', '=', 'f.tenant_id').onRef('c.id', '=', 'f.case_id'))
          .select(['c.tenant_id', 'c.id', 'c.case_number'])
          .distinct()
          .where('f.case_id', 'in', caseIds)
          .where('f.platform_tenant_id', '=', ctx.actor.tenantId)
          .where('c.platform_tenant_id', '=', ctx.actor.tenantId)
          .where('f.respondent_tenant_id', '=', member.id)
          .where('f.state', '=', 'ruled')
          .where('f.ruling', '=', 'record_violation')
          .execute()
      : [];
    if (verified.length !== caseIds.length) {
      const ok = new Set(verified.map((v) => v.id));
      throw new AppError('VIOLATION_NOT_VERIFIED', { caseIds: caseIds.filter((id) => !ok.has(id)) });
    }
    const row = await trx
      .insertInto('sanctions')
      .values({
        tenant_id: ctx.actor.tenantId,
        member_tenant_id: member.id,
        type: input.type,
        reason: input.reason,
        public_text: input.type === 'public_notice' ? (input.publicText ?? null) : null,
        starts_at: period.startsAt,
        ends_at: period.endsAt,
        issued_by: ctx.actor.userId,
        created_at: ctx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('sanction_cases')
      .values(
        verified.map((v) => ({
          tenant_id: row.tenant_id,
          sanction_id: row.id,
          case_tenant_id: v.tenant_id,
          case_id: v.id,
        })),
      )
      .execute();
    const view = await presentOne(trx, row, ctx.now);
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'sanction.issue',
      entity: 'sanction',
      entityId: row.id,
      before: null,
      after: view,
      at: ctx.now,
    });
    for (const v of verified)
      await recordCaseChange(trx, {
        caseTenantId: v.tenant_id,
        caseId: v.id,
        actorTenantId: ctx.actor.tenantId,
        actorUserId: ctx.actor.userId,
        at: ctx.now,
        event: {
          type: 'sanction_issued',
          data: {
            sanctionId: row.id,
            sanctionType: row.type,
            memberTenantId: member.id,
            startsAt: view.startsAt,
            endsAt: view.endsAt,
          },
        },
        audit: { action: 'case.sanction_issued', before: null, after: { sanctionId: row.id, type: row.type } },
      });
    return view;
  });
}

export interface SanctionFilters {
  memberTenantId?: string | undefined;
  type?: SanctionType | undefined;
  active?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The platform's sanctions, or the ones against the caller's organisation; newest first, keyset-paginated. */
export async function listSanctions(ctx: ServiceContext, f: SanctionFilters) {
  const now = ctx.now;
  let q = ctx.db
    .selectFrom('sanctions')
    .selectAll()
    .where(sanctionScopeColumn(ctx.actor), '=', ctx.actor.tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit + 1);
  if (f.memberTenantId) {
    if (!isUuid(f.memberTenantId)) return { items: [], nextCursor: null };
    q = q.where('member_tenant_id', '=', f.memberTenantId);
  }
  if (f.type) q = q.where('type', '=', f.type);
  if (f.active !== undefined) {
    const active = sql<boolean>`(revoked_at is null and starts_at <= ${now} and (ends_at is null or ends_at > ${now}))`;
    q = q.where(f.active ? active : sql<boolean>`not ${active}`);
  }
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(c.at, c.id)));
  }
  const rows = await q.execute();
  const { page, nextCursor } = splitPage(rows, f.limit, (r) => [r.created_at, r.id]);
  const extras = await loadExtras(ctx.db, page);
  return {
    items: page.map((r) => presentSanction(r, extras, now)),
    nextCursor,
  };
}

export async function getSanction(ctx: ServiceContext, id: string) {
  return presentOne(ctx.db, await loadVisibleSanction(ctx.db, ctx.actor, id), ctx.now);
}
