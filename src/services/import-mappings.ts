import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import { type ImportKind, importFields, isImportKind } from '../domain/import-fields.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

export function checkKind(kind: string): ImportKind {
  if (!isImportKind(kind)) throw new AppError('IMPORT_KIND_UNKNOWN', { kind });
  return kind;
}

export async function savedMapping(
  db: Kysely<DB>,
  tenantId: string,
  kind: ImportKind,
): Promise<Record<string, string>> {
  const row = await db
    .selectFrom('import_mappings')
    .select('columns')
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return (row?.columns as Record<string, string> | undefined) ?? {};
}

function present(kind: ImportKind, columns: Record<string, string>, updatedAt: Date | null) {
  const fields = Object.entries(importFields[kind]).map(([field, spec]) => ({
    field,
    required: spec.required,
    column: columns[field] ?? null,
    recognised: [...spec.aliases],
  }));
  return { kind, columns, fields, updatedAt: updatedAt?.toISOString() ?? null };
}

/** The tenant's saved column mapping for one kind, with every field and the headers recognised without one. */
export async function getMapping(ctx: ServiceContext, kindParam: string) {
  const kind = checkKind(kindParam);
  const row = await ctx.db
    .selectFrom('import_mappings')
    .selectAll()
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return present(kind, (row?.columns as Record<string, string> | undefined) ?? {}, row?.updated_at ?? null);
}

/** Saves which header each field is read from (replacing the previous mapping; {} goes back to recognition). */
export async function putMapping(ctx: ServiceContext, kindParam: string, columns: Record<string, string>) {
  requireRole(ctx.actor, ['admin', 'supervisor']);
  const kind = checkKind(kindParam);
  const unknownFields = Object.keys(columns).filter((f) => !Object.hasOwn(importFields[kind], f));
  if (unknownFields.length > 0) throw new AppError('IMPORT_MAPPING_INVALID', { unknownFields });
  return ctx.db.transaction().execute(async (trx) => {
    const before = await savedMapping(trx, ctx.actor.tenantId, kind);
    await trx
      .insertInto('import_mappings')
      .values({
        tenant_id: ctx.actor.tenantId,
        kind,
        columns: JSON.stringify(columns),
        updated_by: ctx.actor.userId,
        updated_at: ctx.now,
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'kind']).doUpdateSet({
          columns: JSON.stringify(columns),
          updated_by: ctx.actor.userId,
          updated_at: ctx.now,
        }),
      )
      .execute();
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'import.mapping',
      entity: 'import_mapping',
      entityId: kind,
      before,
      after: columns,
      at: ctx.now,
    });
    return present(kind, columns, ctx.now);
  });
}
