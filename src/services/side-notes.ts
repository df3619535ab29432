import { loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

/**
 * A party's own note on a shared case (platform, merchant, operations company each keep theirs). It stays off
 * the shared timeline; only the writing organisation lists it. The audit row is the writer's.
 */
export async function addSideNote(ctx: ServiceContext, caseId: string, body: string) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId);
    const row = await trx
      .insertInto('side_notes')
      .values({
        tenant_id: c.tenant_id,
        case_id: c.id,
        party_tenant_id: ctx.actor.tenantId,
        author_id: ctx.actor.userId,
        body,
        created_at: ctx.now,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'case.side_note',
      entity: 'case',
      entityId: c.id,
      before: null,
      after: { sideNoteId: row.id, length: body.length },
      at: ctx.now,
    });
    return { id: row.id, caseId: c.id, authorId: ctx.actor.userId, body, createdAt: row.created_at.toISOString() };
  });
}

export async function listSideNotes(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const rows = await ctx.db
    .selectFrom('side_notes')
    .select(['id', 'case_id', 'author_id', 'body', 'created_at'])
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .where('party_tenant_id', '=', ctx.actor.tenantId)
    .orderBy('created_at')
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      authorId: r.author_id,
      body: r.body,
      createdAt: r.created_at.toISOString(),
    })),
  };
}
