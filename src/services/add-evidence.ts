import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../domain/errors.ts';
import { refreshMissing } from './case-missing.ts';
import { isUuid, loadVisibleCase } from './case-queries.ts';
import type { CaseWithOrder } from './case-view.ts';
import type { Actor, Executor, ServiceContext } from './context.ts';
import { type StoredEvidenceFile, storeEvidenceFile } from './evidence-store.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';

export { EVIDENCE_MAX_BYTES, evidenceMimes } from './evidence-store.ts';

export interface EvidenceUpload {
  bytes: Buffer;
  fileName?: string | undefined;
  declaredMime?: string | undefined;
  description?: string | undefined;
}

export async function addEvidence(ctx: ServiceContext, caseId: string, file: EvidenceUpload) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const stored = await storeEvidenceFile(ctx.evidenceDir, ctx.actor.tenantId, file.bytes, file.declaredMime);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    return insertEvidence(trx, c, ctx.actor, ctx.now, stored, file);
  });
}

/**
 * The evidence row, its timeline event and audit row, and the recomputed `missing`, in the caller's
 * transaction; the file was stored by storeEvidenceFile. Mail intake and the complainant link call this too.
 */
export async function insertEvidence(
  trx: Executor,
  c: CaseWithOrder,
  actor: Actor,
  now: Date,
  stored: StoredEvidenceFile,
  file: Omit<EvidenceUpload, 'bytes'>,
  opts: { fromComplainant?: boolean } = {},
) {
  const row = await trx
    .insertInto('evidence')
    .values({
      tenant_id: c.tenant_id,
      case_id: c.id,
      sha256: stored.sha256,
      mime: stored.mime,
      declared_mime: file.declaredMime ?? null,
      size_bytes: stored.sizeBytes,
      file_name: file.fileName ?? null,
      storage_key: stored.storageKey,
      description: file.description ?? null,
      uploaded_by: actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordCaseChange(trx, {
    caseTenantId: c.tenant_id,
    caseId: c.id,
    actorTenantId: actor.tenantId,
    actorUserId: actor.userId,
    at: now,
    event: {
      type: 'evidence_added',
      data: { evidenceId: row.id, mime: row.mime, sha256: stored.sha256, sizeBytes: row.size_bytes },
    },
    audit: {
      action: 'case.evidence',
      before: null,
      after: { evidenceId: row.id, sha256: stored.sha256, mime: row.mime },
    },
    topic: 'case.evidence_added',
  });
  const missing = await refreshMissing(trx, c, actor, now, opts);
  return { ...presentEvidence(row), missing };
}

type EvidenceRow = {
  id: string;
  case_id: string;
  sha256: string;
  mime: string;
  size_bytes: number;
  file_name: string | null;
  description: string | null;
  created_at: Date;
};
export function presentEvidence(e: EvidenceRow) {
  return {
    id: e.id,
    caseId: e.case_id,
    sha256: e.sha256,
    mime: e.mime,
    sizeBytes: e.size_bytes,
    fileName: e.file_name,
    description: e.description,
    createdAt: e.created_at.toISOString(),
  };
}

export async function listEvidence(ctx: ServiceContext, caseId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const rows = await ctx.db
    .selectFrom('evidence')
    .selectAll()
    .where('tenant_id', '=', c.tenant_id)
    .where('case_id', '=', c.id)
    .orderBy('created_at')
    .execute();
  return rows.map(presentEvidence);
}

export async function readEvidence(ctx: ServiceContext, caseId: string, evidenceId: string) {
  const c = await loadVisibleCase(ctx.db, ctx.actor, caseId);
  const row = isUuid(evidenceId)
    ? await ctx.db
        .selectFrom('evidence')
        .selectAll()
        .where('tenant_id', '=', c.tenant_id)
        .where('case_id', '=', c.id)
        .where('id', '=', evidenceId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new AppError('EVIDENCE_NOT_FOUND', { evidenceId });
  return { mime: row.mime, fileName: row.file_name, bytes: await readFile(join(ctx.evidenceDir, row.storage_key)) };
}
