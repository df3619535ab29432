import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../domain/errors.ts';

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

export interface StoredEvidenceFile {
  sha256: string;
  mime: string;
  sizeBytes: number;
  storageKey: string;
}

/**
 * Checks a file's size and sniffed type and writes it to the tenant's content-addressed store. Used by every
 * way evidence arrives (HTTP upload, mail attachments, the complainant's link) so the limits are the same.
 * Throws VALIDATION_FAILED (empty), EVIDENCE_TOO_LARGE or UNSUPPORTED_EVIDENCE_TYPE.
 */
export async function storeEvidenceFile(
  evidenceDir: string,
  tenantId: string,
  bytes: Buffer,
  declaredMime?: string,
): Promise<StoredEvidenceFile> {
  if (bytes.length === 0) throw new AppError('VALIDATION_FAILED', { field: 'file', problem: 'empty' });
  if (bytes.length > EVIDENCE_MAX_BYTES) throw new AppError('EVIDENCE_TOO_LARGE', { limitBytes: EVIDENCE_MAX_BYTES });
  const sniffed = await fileTypeFromBuffer(bytes);
  if (!sniffed || !(evidenceMimes as readonly string[]).includes(sniffed.mime)) {
    throw new AppError('UNSUPPORTED_EVIDENCE_TYPE', {
      detected: sniffed?.mime ?? null,
      declared: declaredMime ?? null,
    });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // Content-addressed: the same file uploaded twice is stored once; write-then-rename so no reader sees half a file.
  const storageKey = `${tenantId}/${sha256.slice(0, 2)}/${sha256}`;
  const path = join(evidenceDir, storageKey);
  await mkdir(join(evidenceDir, tenantId, sha256.slice(0, 2)), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
  return { sha256, mime: sniffed.mime, sizeBytes: bytes.length, storageKey };
}
