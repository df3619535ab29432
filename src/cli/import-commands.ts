import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importFile } from '../channels/import/import-file.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { ServiceContext } from '../services/context.ts';
import { getImport } from '../services/import-jobs.ts';
import { mailActor, tenantBySlug } from '../services/inbound-addresses.ts';

export interface ImportArgs {
  kind: string;
  /** absolute: the CLI resolves it before it travels to a running server */
  path: string;
  tenant: string;
  mapping?: Record<string, string>;
}

/** The CLI acts for the organisation named by --tenant, as the system (no user), like `kesu import-mail`. */
async function contextFor(database: Database, slug: string): Promise<ServiceContext> {
  const t = await tenantBySlug(database.db, slug);
  return { db: database.db, actor: mailActor(t), now: new Date(), evidenceDir: loadConfig().evidenceDir };
}

/** Runs the import to the end in this process, reporting progress as rows are written. */
export async function runImportHere(
  database: Database,
  args: ImportArgs,
  onProgress: (processed: number, total: number | null) => void,
) {
  const ctx = await contextFor(database, args.tenant);
  return importFile(ctx, {
    kind: args.kind,
    bytes: readFileSync(args.path),
    fileName: basename(args.path),
    mapping: args.mapping,
    onProgress,
  });
}

export const importCommands = {
  /**
   * Inside a running server: starts the import and answers with its id as soon as it is recorded; the CLI then
   * polls importStatus for the progress bar. File-level refusals (unreadable, columns missing) answer at once.
   */
  async importStart(database: Database, args: ImportArgs) {
    const ctx = await contextFor(database, args.tenant);
    return new Promise<{ importId: string }>((resolve, reject) => {
      importFile(ctx, {
        kind: args.kind,
        bytes: readFileSync(args.path),
        fileName: basename(args.path),
        mapping: args.mapping,
        onStart: (importId) => resolve({ importId }),
      }).catch(reject);
    });
  },
  async importStatus(database: Database, args: { importId: string; tenant: string }) {
    return getImport(await contextFor(database, args.tenant), args.importId);
  },
};
