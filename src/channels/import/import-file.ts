import { createHash } from 'node:crypto';
import type { ServiceContext } from '../../services/context.ts';
import { runImport } from '../../services/import-jobs.ts';
import { checkKind } from '../../services/import-mappings.ts';
import { readImportTable } from './read-table.ts';

export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

/** One uploaded or local file into the import service: kind checked, bytes fingerprinted, table read. */
export async function importFile(
  ctx: ServiceContext,
  input: {
    kind: string;
    bytes: Buffer;
    fileName: string;
    mapping?: Record<string, string> | undefined;
    onProgress?: ((processed: number, total: number | null) => void) | undefined;
    onStart?: ((importId: string) => void) | undefined;
  },
) {
  const kind = checkKind(input.kind);
  const source = await readImportTable(input.bytes);
  return runImport(ctx, {
    kind,
    fileName: input.fileName,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    source,
    mapping: input.mapping,
    onProgress: input.onProgress,
    onStart: input.onStart,
  });
}
