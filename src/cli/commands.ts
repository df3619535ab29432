import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { checkAnchors, readAnchors, writeAnchor } from '../services/audit-anchor.ts';
import { sealAll, verifyAll } from '../services/audit-chain.ts';
import { createApiToken } from '../services/auth.ts';
import { backupInstallation } from '../services/backup.ts';
import { monthlyReportForTenant } from '../services/monthly-report.ts';
import { seedDemo } from '../services/seed-demo.ts';
import { importCommands } from './import-commands.ts';
import { mailCommands } from './mail-commands.ts';

/**
 * CLI commands that touch the database. They run in the CLI's own process, or, when a server already owns the
 * embedded data dir, inside that server through its admin socket (see admin-socket.ts).
 */
export const commands = {
  async migrate(database: Database) {
    return { applied: await database.migrate() };
  },
  /** The file travels as base64 so the command also works through a running server's admin socket. */
  async reportMonthly(database: Database, args: { tenant: string; month: string; format: 'xlsx' | 'pdf' }) {
    const f = await monthlyReportForTenant(database.db, args.tenant, args.month, args.format, new Date());
    return { fileName: f.fileName, base64: f.bytes.toString('base64') };
  },
  async seedDemo(database: Database) {
    return seedDemo(database.db, new Date(), loadConfig().evidenceDir);
  },
  async tokenCreate(database: Database, args: { email: string; tenant?: string; label?: string }) {
    return createApiToken(database.db, args.email, { tenantSlug: args.tenant, label: args.label });
  },
  async auditVerify(database: Database, args: { tenant?: string; anchors?: string }) {
    await sealAll(database.db);
    const chains = await verifyAll(database.db);
    const reports = args.anchors ? await checkAnchors(database.db, chains, readAnchors(args.anchors)) : chains;
    if (!args.tenant) return reports;
    const t = await database.db.selectFrom('tenants').select('id').where('slug', '=', args.tenant).executeTakeFirst();
    return reports.filter((r) => r.tenantId === t?.id);
  },
  async auditAnchor(database: Database, args: { out?: string; webhook?: string }) {
    const configured = loadConfig().auditAnchor;
    const dir = args.out ?? configured?.dir ?? `${loadConfig().dataDir}/audit-anchors`;
    return writeAnchor(database.db, { dir, webhookUrl: args.webhook ?? configured?.webhookUrl }, new Date());
  },
  async backup(database: Database, args: { out: string }) {
    const m = await backupInstallation(database, loadConfig().evidenceDir, args.out, new Date());
    return { out: args.out, createdAt: m.createdAt, counts: m.counts, evidenceFiles: m.evidence.length };
  },
  ...mailCommands,
  ...importCommands,
} satisfies Record<string, (database: Database, args: never) => Promise<unknown>>;

export type CommandName = keyof typeof commands;
