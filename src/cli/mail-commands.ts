import { resolve } from 'node:path';
import { ingestRawMail, type MailIntakeDeps } from '../channels/email/ingest.ts';
import { readMailSources } from '../channels/email/mail-files.ts';
import { retryQuarantined } from '../channels/email/retry.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { addInboundAddress, mailActor, tenantBySlug } from '../services/inbound-addresses.ts';
import { listAllQuarantine } from '../services/mail-quarantine.ts';
import { createMailer } from '../services/mailer.ts';

/** Mail commands; like commands.ts they run here or inside the running server through the admin socket. */
async function withMailDeps<T>(database: Database, fn: (deps: MailIntakeDeps) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const mailer = createMailer(config.smtpUrl);
  try {
    return await fn({
      db: database.db,
      evidenceDir: config.evidenceDir,
      clock: () => new Date(),
      out: { mailer, domain: config.mailDomain ?? 'kesu.local', publicUrl: config.publicUrl },
    });
  } finally {
    mailer.close();
  }
}

export const mailCommands = {
  /** `kesu import-mail <file.eml|dir|mbox>`: paths are made absolute by the CLI before they travel. */
  async importMail(database: Database, args: { paths: string[]; tenant?: string }) {
    return withMailDeps(database, async (deps) => {
      const files: { name: string; outcome: string; detail: string }[] = [];
      const totals: Record<string, number> = {};
      for (const path of args.paths) {
        for await (const source of readMailSources(resolve(path))) {
          const results = await ingestRawMail(deps, source.bytes, { source: 'import', tenantSlug: args.tenant });
          for (const r of results) {
            totals[r.outcome] = (totals[r.outcome] ?? 0) + 1;
            const detail = 'caseNumber' in r ? r.caseNumber : 'reason' in r ? r.reason : 'caseId' in r ? r.caseId : '';
            files.push({ name: source.name, outcome: r.outcome, detail });
          }
        }
      }
      return { totals, files };
    });
  },
  async mailQuarantineList(database: Database) {
    return listAllQuarantine(database.db);
  },
  async mailQuarantineRetry(database: Database, args: { id: string; tenant?: string }) {
    return withMailDeps(database, (deps) =>
      retryQuarantined(deps, args.id, { tenantId: null, tenantSlug: args.tenant, actorUserId: null }),
    );
  },
  async mailAddressAdd(database: Database, args: { address: string; tenant: string }) {
    const t = await tenantBySlug(database.db, args.tenant);
    return addInboundAddress(
      { db: database.db, actor: mailActor(t), now: new Date(), evidenceDir: loadConfig().evidenceDir },
      args.address,
    );
  },
};
