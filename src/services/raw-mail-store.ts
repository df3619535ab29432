import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Raw messages are kept as files, content-addressed beside the evidence (mail/ab/abcd….eml), not in the database:
 * a 25 MB message in a bytea column is slow to move through the embedded database and bloats every backup.
 */
export async function storeRawMail(evidenceDir: string, raw: Buffer): Promise<{ key: string; sha256: string }> {
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const key = `mail/${sha256.slice(0, 2)}/${sha256}.eml`;
  const path = join(evidenceDir, key);
  await mkdir(join(evidenceDir, 'mail', sha256.slice(0, 2)), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, raw);
  await rename(tmp, path);
  return { key, sha256 };
}

export const readRawMail = (evidenceDir: string, key: string) => readFile(join(evidenceDir, key));
