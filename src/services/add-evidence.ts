import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../domain/errors.ts';
import { refreshMissing } from './case-missing.ts';
import { isUuid, loadVisibleCase } from './case-queries.ts';
import type { ServiceContext } from './context.ts';
import { requireRole } from './permissions.ts';
import { recordCaseChange } from './record.ts';

export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
/** Types accepted as evidence, decided from the file's bytes, never from its name or declared type. */
export const evidenceMimes = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'application/pdf',
  'video/mp4',
  'video/quicktime',
  'audio/mpeg',
  'audio/wav',
  'audio/x-m4a',
  'audio/amr',
] as const;

export interface EvidenceUpload {
  bytes: Buffer;
  fileName?: string | undefined;
  declaredMime?: string | undefined;
  description?: string | undefined;
}

export async function addEvidence(ctx: ServiceContext, caseId: string, file: EvidenceUpload) {
  requireRole(ctx.actor, ['admin', 'supervisor', 'agent']);
  await loadVisibleCase(ctx.db, ctx.actor, caseId);
  if (file.bytes.length === 0) throw new AppError('VALIDATION_FAILED', { field: 'file', problem: 'empty' });
  if (file.bytes.length > EVIDENCE_MAX_BYTES)
    throw new AppError('EVIDENCE_TOO_LARGE', { limitBytes: EVIDENCE_MAX_BYTES });
  const sniffed = await fileTypeFromBuffer(file.bytes);
  if (!sniffed || !(evidenceMimes as readonly string[]).includes(sniffed.mime)) {
    throw new AppError('UNSUPPORTED_EVIDENCE_TYPE', {
      detected: sniffed?.mime ?? null,
      declared: file.declaredMime ?? null,
    });
  }
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  // Content-addressed: the same file uploaded twice is stored once; write-then-rename so no reader sees half a file.
  const storageKey = `${ctx.actor.tenantId}/${sha256.slice(0, 2)}/${sha256}`;
  const path = join(ctx.evidenceDir, storageKey);
  await mkdir(join(ctx.evidenceDir, ctx.actor.tenantId, sha256.slice(0, 2)), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, file.bytes);
  await rename(tmp, path);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadVisibleCase(trx, ctx.actor, caseId, true);
    const row = await trx
      .insertInto('evidence')
      .values({
        tenant_id: c.tenant_id,
        case_id: c.id,
        sha256,
        mime: sniffed.mime,
        declared_mime: file.declaredMime ?? null,
        size_bytes: file.bytes.length,
        file_name: file.fileName ?? null,
        storage_key: storageKey,
        description: file.description ?? null,
        uploaded_by: ctx.actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordCaseChange(trx, {
      caseTenantId: c.tenant_id,
      caseId: c.id,
      actorTenantId: ctx.actor.tenantId,
      actorUserId: ctx.actor.userId,
      at: ctx.now,
      event: {
        type: 'evidence_added',
        data: { evidenceId: row.id, mime: row.mime, sha256, sizeBytes: row.size_bytes },
      },
      audit: { action: 'case.evidence', before: null, after: { evidenceId: row.id, sha256, mime: row.mime } },
      topic: 'case.evidence_added',
    });
    const missing = await refreshMissing(trx, c, ctx.actor, ctx.now);
    return { ...presentEvidence(row), missing };
  });
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
