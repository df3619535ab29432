import type { Selectable } from 'kysely';
import type { CannedResponsesTable } from '../db/schema-text.ts';
import { unknownVariables, variablesOf } from '../domain/canned-text.ts';
import { AppError } from '../domain/errors.ts';
import type { Category } from '../domain/vocabulary.ts';
import { isUuid } from './case-queries.ts';
import type { Executor, ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

type Row = Selectable<CannedResponsesTable>;

export interface CannedResponseInput {
  title?: string | undefined;
  body?: string | undefined;
  category?: Category | null | undefined;
}

export function presentCannedResponse(r: Row) {
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    category: r.category as Category | null,
    variables: variablesOf(r.body),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    archivedAt: r.archived_at?.toISOString() ?? null,
    version: r.version,
  };
}

const MANAGERS = ['admin', 'supervisor'] as const;

function checkBody(body: string) {
  const unknown = unknownVariables(body);
  if (unknown.length) throw new AppError('CANNED_RESPONSE_UNKNOWN_VARIABLE', { variables: unknown });
}

/** Every member of the organisation reads its templates (agents use them); archived ones only on request. */
export async function listCannedResponses(
  ctx: ServiceContext,
  f: { category?: Category | undefined; archived?: boolean | undefined },
) {
  let q = ctx.db.selectFrom('canned_responses').selectAll().where('tenant_id', '=', ctx.actor.tenantId);
  q = f.archived ? q.where('archived_at', 'is not', null) : q.where('archived_at', 'is', null);
  if (f.category) q = q.where((eb) => eb.or([eb('category', '=', f.category as string), eb('category', 'is', null)]));
  const rows = await q.orderBy('title').orderBy('id').execute();
  return { items: rows.map(presentCannedResponse) };
}

export async function loadCannedResponse(db: Executor, tenantId: string, id: string, forUpdate = false) {
  if (!isUuid(id)) throw new AppError('CANNED_RESPONSE_NOT_FOUND', { id });
  let q = db.selectFrom('canned_responses').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('CANNED_RESPONSE_NOT_FOUND', { id });
  return row;
}

export async function getCannedResponse(ctx: ServiceContext, id: string) {
  return presentCannedResponse(await loadCannedResponse(ctx.db, ctx.actor.tenantId, id));
}

/** Admins and supervisors write the organisation's standard answers. */
export async function createCannedResponse(
  ctx: ServiceContext,
  input: { title: string; body: string; category?: Category | null | undefined },
) {
  requireRole(ctx.actor, MANAGERS);
  checkBody(input.body);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('canned_responses')
      .values({
        tenant_id: ctx.actor.tenantId,
        title: input.title.trim(),
        body: input.body,
        category: input.category ?? null,
        created_by: ctx.actor.userId,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'title']).where('archived_at', 'is', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new AppError('CANNED_RESPONSE_TITLE_TAKEN', { title: input.title });
    const view = presentCannedResponse(row);
    await audit(ctx, trx, 'canned_response.create', row.id, null, view);
    return view;
  });
}

export async function updateCannedResponse(ctx: ServiceContext, id: string, input: CannedResponseInput) {
  requireRole(ctx.actor, MANAGERS);
  if (input.body !== undefined) checkBody(input.body);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await loadCannedResponse(trx, ctx.actor.tenantId, id, true);
    const title = input.title?.trim();
    if (title !== undefined && title !== before.title) await assertTitleFree(trx, ctx.actor.tenantId, title);
    const row = await trx
      .updateTable('canned_responses')
      .set({
        ...(title !== undefined ? { title } : {}),
        ...(input.body !== undefined ? { body: input.body } : {}),
        ...(input.category !== undefined ? { category: input.category } : {}),
        updated_at: ctx.now,
        version: before.version + 1,
      })
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentCannedResponse(row);
    await audit(ctx, trx, 'canned_response.update', id, presentCannedResponse(before), view);
    return view;
  });
}

/** Archived, not deleted: uses and the audit trail still name it, and its title is free again. */
export async function archiveCannedResponse(ctx: ServiceContext, id: string) {
  requireRole(ctx.actor, MANAGERS);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await loadCannedResponse(trx, ctx.actor.tenantId, id, true);
    if (before.archived_at) return presentCannedResponse(before);
    const row = await trx
      .updateTable('canned_responses')
      .set({ archived_at: ctx.now, updated_at: ctx.now, version: before.version + 1 })
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = presentCannedResponse(row);
    await audit(ctx, trx, 'canned_response.archive', id, presentCannedResponse(before), view);
    return view;
  });
}

async function assertTitleFree(trx: Executor, tenantId: string, title: string) {
  const clash = await trx
    .selectFrom('canned_responses')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('title', '=', title)
    .where('archived_at', 'is', null)
    .executeTakeFirst();
  if (clash) throw new AppError('CANNED_RESPONSE_TITLE_TAKEN', { title });
}

function audit(ctx: ServiceContext, trx: Executor, action: string, id: string, before: unknown, after: unknown) {
  return writeAudit(trx, {
    tenantId: ctx.actor.tenantId,
    actorUserId: ctx.actor.userId,
    action,
    entity: 'canned_response',
    entityId: id,
    before,
    after,
    at: ctx.now,
  });
}
