import type { Selectable } from 'kysely';
import type { ImportJobsTable } from '../db/schema-import.ts';
import { AppError } from '../domain/errors.ts';
import { type ImportKind, resolveColumns } from '../domain/import-fields.ts';
import type { Cell } from '../domain/import-values.ts';
import { isUuid } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { parseComplaintRow, writeComplaintRows } from './import-complaints.ts';
import { savedMapping } from './import-mappings.ts';
import { parseOrderRow, writeOrderBatch } from './import-orders.ts';
import { parseReviewRow, writeReviewRows } from './import-reviews.ts';
import { type RowError, type RowOf, RowReader, rawRow, reasonText } from './import-rows.ts';
import type { BatchOutcome, ImportJobInfo } from './import-types.ts';
import { requireRole } from './permissions.ts';
import { writeAudit } from './record.ts';

/** A table read from a file (src/channels/import): the header row and the data rows with their numbers. */
export interface ImportSource {
  format: 'csv' | 'xlsx';
  encoding: string | null;
  headers: string[];
  /** Known up front for CSV (for the progress bar); XLSX is streamed and counted as it goes. */
  totalRows?: number | undefined;
  rows: AsyncIterable<{ rowNumber: number; cells: Cell[] }>;
}

export interface ImportRequest {
  kind: ImportKind;
  fileName: string;
  sha256: string;
  source: ImportSource;
  /** field → header; overrides the saved mapping for this file only */
  mapping?: Record<string, string> | undefined;
  onProgress?: ((processed: number, total: number | null) => void) | undefined;
  /** Called once the import is recorded, before its rows are read. */
  onStart?: ((importId: string) => void) | undefined;
}

/** Rows per transaction: large enough for multi-row INSERTs to pay, small enough to keep locks short. */
export const IMPORT_BATCH_ROWS = 1_000;

export function presentImport(j: Selectable<ImportJobsTable>) {
  return {
    id: j.id,
    kind: j.kind,
    fileName: j.file_name,
    sha256: j.sha256,
    format: j.format,
    encoding: j.encoding,
    status: j.status,
    columns: j.columns as unknown as Record<string, string>,
    counts: {
      total: j.total_rows,
      processed: j.processed_rows,
      created: j.created_count,
      updated: j.updated_count,
      unchanged: j.unchanged_count,
      failed: j.failed_count,
    },
    failure: j.failure,
    startedAt: j.started_at.toISOString(),
    finishedAt: j.finished_at?.toISOString() ?? null,
  };
}

type Writer = (
  ctx: ServiceContext,
  job: ImportJobInfo,
  rows: RowOf<unknown>[],
) => Promise<BatchOutcome & { errors: RowError[] }>;

const kinds: Record<ImportKind, { parse: (r: RowReader) => unknown; key: (rec: never) => string; write: Writer }> = {
  orders: {
    parse: parseOrderRow,
    key: (o: { orderNumber: string }) => o.orderNumber,
    write: (ctx, job, rows) =>
      ctx.db.transaction().execute(async (trx) => ({
        ...(await writeOrderBatch(trx, ctx, job, rows as never)),
        errors: [],
      })),
  },
  complaints: {
    parse: parseComplaintRow,
    key: (c: { externalId: string }) => c.externalId,
    write: (ctx, job, rows) => writeComplaintRows(ctx, job, rows as never),
  },
  reviews: {
    parse: parseReviewRow,
    key: (c: { externalId: string }) => c.externalId,
    write: (ctx, job, rows) => writeReviewRows(ctx, job, rows as never),
  },
};

/**
 * Imports one file: every row is created, updated, left unchanged (same external id, same content) or kept as a
 * row error with its reason; a bad row never aborts the file. Progress and counts are written after each batch.
 */
export async function runImport(ctx: ServiceContext, req: ImportRequest) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  const mapping = req.mapping ?? (await savedMapping(ctx.db, ctx.actor.tenantId, req.kind));
  const resolved = resolveColumns(req.kind, req.source.headers, mapping);
  if (resolved.unknownFields.length > 0)
    throw new AppError('IMPORT_MAPPING_INVALID', { unknownFields: resolved.unknownFields });
  if (resolved.missing.length > 0)
    throw new AppError('IMPORT_COLUMNS_MISSING', { missing: resolved.missing, headers: req.source.headers });
  const tenant = await ctx.db
    .selectFrom('tenants')
    .select('after_sales_days')
    .where('id', '=', ctx.actor.tenantId)
    .executeTakeFirstOrThrow();
  const row = await ctx.db
    .insertInto('import_jobs')
    .values({
      tenant_id: ctx.actor.tenantId,
      kind: req.kind,
      file_name: req.fileName.slice(0, 255) || 'upload',
      sha256: req.sha256,
      format: req.source.format,
      encoding: req.source.encoding,
      status: 'running',
      total_rows: req.source.totalRows ?? 0,
      columns: JSON.stringify(resolved.headers),
      created_by: ctx.actor.userId,
      started_at: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const job: ImportJobInfo = {
    id: row.id,
    tenantId: ctx.actor.tenantId,
    kind: req.kind,
    columns: resolved.columns,
    afterSalesDays: tenant.after_sales_days,
  };
  req.onStart?.(job.id);
  const counts = { total: 0, created: 0, updated: 0, unchanged: 0, failed: 0 };
  const spec = kinds[req.kind];
  const seen = new Set<string>();
  let batch: RowOf<unknown>[] = [];
  let errors: RowError[] = [];
  // One batch is written while the next is read and parsed: reading an XLSX is CPU, writing waits on the database.
  let inflight: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const flush = async () => {
    const rows = batch;
    const rejected = errors;
    const processed = counts.total;
    batch = [];
    errors = [];
    await inflight;
    if (failure) throw failure;
    inflight = (async () => {
      const out =
        rows.length > 0 ? await spec.write(ctx, job, rows) : { created: 0, updated: 0, unchanged: 0, errors: [] };
      rejected.push(...out.errors);
      rejected.sort((x, y) => x.rowNumber - y.rowNumber);
      counts.created += out.created;
      counts.updated += out.updated;
      counts.unchanged += out.unchanged;
      counts.failed += new Set(rejected.map((e) => e.rowNumber)).size;
      await saveProgress(ctx, job.id, { ...counts, total: processed }, rejected, false);
      req.onProgress?.(processed, req.source.totalRows ?? null);
    })().catch((err) => {
      failure = err;
    });
  };
  try {
    for await (const { rowNumber, cells } of readable(req.source.rows)) {
      counts.total++;
      const reader = new RowReader(cells, resolved.columns);
      const record = spec.parse(reader);
      // The raw row is kept only beside an error: building it for every good row would cost more than parsing.
      const raw = () => rawRow(req.source.headers, cells);
      if (record === null || reader.errors.length > 0) {
        const r = raw();
        for (const e of reader.errors) errors.push({ rowNumber, field: e.field, code: e.code, raw: r });
      } else {
        const key = spec.key(record as never);
        if (seen.has(key))
          errors.push({
            rowNumber,
            field: req.kind === 'orders' ? 'orderNumber' : 'externalId',
            code: 'DUPLICATE_IN_FILE',
            raw: raw(),
          });
        else {
          seen.add(key);
          batch.push({
            rowNumber,
            record,
            get raw() {
              return raw();
            },
          });
        }
      }
      if (batch.length >= IMPORT_BATCH_ROWS || errors.length >= IMPORT_BATCH_ROWS) await flush();
    }
    await flush();
    await inflight;
    if (failure) throw failure;
  } catch (err) {
    await ctx.db
      .updateTable('import_jobs')
      .set({ status: 'failed', failure: err instanceof AppError ? err.code : 'INTERNAL', finished_at: new Date() })
      .where('tenant_id', '=', job.tenantId)
      .where('id', '=', job.id)
      .execute();
    throw err;
  }
  await saveProgress(ctx, job.id, counts, [], true);
  return getImport(ctx, job.id);
}

/** A file that breaks off in the middle (a cut-off XLSX) is bad input, not a server fault. */
async function* readable<T>(rows: AsyncIterable<T>): AsyncIterable<T> {
  const it = rows[Symbol.asyncIterator]();
  for (;;) {
    let r: IteratorResult<T>;
    try {
      r = await it.next();
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('IMPORT_FILE_UNREADABLE', { reason: String((err as Error)?.message ?? err).slice(0, 200) });
    }
    if (r.done) return;
    yield r.value;
  }
}

async function saveProgress(
  ctx: ServiceContext,
  importId: string,
  counts: { total: number; created: number; updated: number; unchanged: number; failed: number },
  errors: RowError[],
  finished: boolean,
) {
  await ctx.db.transaction().execute(async (trx) => {
    if (errors.length > 0)
      await trx
        .insertInto('import_row_errors')
        .values(
          errors.map((e) => ({
            tenant_id: ctx.actor.tenantId,
            import_id: importId,
            row_number: e.rowNumber,
            field: e.field,
            code: e.code,
            zh: reasonText(e.code).zh,
            en: reasonText(e.code).en,
            raw: JSON.stringify(e.raw),
          })),
        )
        .execute();
    await trx
      .updateTable('import_jobs')
      .set({
        processed_rows: counts.total,
        created_count: counts.created,
        updated_count: counts.updated,
        unchanged_count: counts.unchanged,
        failed_count: counts.failed,
        ...(finished ? { status: 'finished', total_rows: counts.total, finished_at: new Date() } : {}),
      })
      .where('tenant_id', '=', ctx.actor.tenantId)
      .where('id', '=', importId)
      .execute();
    // One audit row per batch (not per row): per-row audit would cost more than the import itself (docs/import.md).
    await writeAudit(trx, {
      tenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      action: finished ? 'import.finish' : 'import.batch',
      entity: 'import',
      entityId: importId,
      before: null,
      after: { ...counts, errors: errors.length },
      at: ctx.now,
    });
  });
}

async function loadImport(ctx: ServiceContext, importId: string) {
  if (!isUuid(importId)) throw new AppError('IMPORT_NOT_FOUND', { importId });
  const row = await ctx.db
    .selectFrom('import_jobs')
    .selectAll()
    .where('tenant_id', '=', ctx.actor.tenantId)
    .where('id', '=', importId)
    .executeTakeFirst();
  if (!row) throw new AppError('IMPORT_NOT_FOUND', { importId });
  return row;
}

export async function getImport(ctx: ServiceContext, importId: string) {
  return presentImport(await loadImport(ctx, importId));
}

/** The rejected rows of an import in row order: row number, field, reason in zh-CN and English, and the raw row. */
export async function listImportErrors(
  ctx: ServiceContext,
  importId: string,
  f: { limit: number; cursor?: string | undefined },
) {
  const job = await loadImport(ctx, importId);
  let q = ctx.db
    .selectFrom('import_row_errors')
    .selectAll()
    .where('tenant_id', '=', job.tenant_id)
    .where('import_id', '=', job.id);
  if (f.cursor) q = q.where('id', '>', decodeErrorCursor(f.cursor));
  const rows = await q
    .orderBy('id')
    .limit(f.limit + 1)
    .execute();
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((e) => ({
      rowNumber: e.row_number,
      field: e.field,
      code: e.code,
      message: e.en,
      messageZh: e.zh,
      raw: e.raw as Record<string, string>,
    })),
    nextCursor: rows.length > f.limit && last ? Buffer.from(`e${last.id}`).toString('base64url') : null,
  };
}

function decodeErrorCursor(cursor: string): number {
  const m = /^e(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new AppError('INVALID_CURSOR');
  return Number(m[1]);
}
