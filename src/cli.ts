import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { callAdminSocket } from './cli/admin-socket.ts';
import { type CommandName, commands } from './cli/commands.ts';
import { type ImportArgs, runImportHere } from './cli/import-commands.ts';
import { serve } from './cli/serve.ts';
import { worker } from './cli/worker.ts';
import { loadConfig } from './config.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { openDatabase } from './db/database.ts';
import { AppError, errorCatalog } from './domain/errors.ts';
import type { ChainReport } from './services/audit-chain.ts';
import { restoreInstallation } from './services/backup.ts';
import type { presentImport } from './services/import-jobs.ts';

type ImportReport = ReturnType<typeof presentImport>;

import { classifyCsvFile } from './services/classify-export.ts';

const config = loadConfig();

/** Runs a database command here, or in the running server that owns the embedded data dir. */
async function run(command: CommandName, args: Record<string, unknown> = {}): Promise<unknown> {
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (err) {
    if (err instanceof DataDirLockedError) return callAdminSocket(config.dataDir, command, args);
    throw err;
  }
  try {
    if (command !== 'migrate') await database.migrate();
    return await commands[command](database, args as never);
  } finally {
    await database.close();
  }
}

const print = (v: unknown) => console.log(JSON.stringify(v, null, 2));

const program = new Command('kesu').description('Kesu 客诉 — complaint and bad-review handling');
program
  .command('serve')
  .description('serve the API (PGlite under KESU_DATA_DIR, or DATABASE_URL)')
  .option('--no-demo', 'do not seed demo data into an empty database')
  .option('--no-workers', 'do not run the durable jobs here (same as KESU_WORKERS=0; run `kesu worker` beside it)')
  .action((o: { demo: boolean; workers: boolean }) =>
    serve(config, {
      demo: o.demo && process.env.KESU_DEMO !== '0',
      workers: o.workers && process.env.KESU_WORKERS !== '0',
    }),
  );
program
  .command('migrate')
  .description('apply pending migrations')
  .action(async () => print(await run('migrate')));
program
  .command('seed')
  .description('seed data')
  .requiredOption('--demo', 'the demo organisations, users, orders and cases')
  .action(async () => print(await run('seedDemo')));
const token = program.command('token').description('API tokens');
token
  .command('create')
  .description('create an API token for a user (printed once; only its hash is stored)')
  .requiredOption('--email <email>', 'the user')
  .option('--tenant <slug>', 'organisation, when the user belongs to several')
  .option('--label <label>', 'what the token is for')
  .action(async (o: { email: string; tenant?: string; label?: string }) => {
    const r = (await run('tokenCreate', o)) as { token: string };
    if (process.stdout.isTTY) print(r);
    else console.log(r.token);
  });
program
  .command('worker')
  .description('run the durable jobs (SLA sweep, webhooks, e-mail) in this process; needs DATABASE_URL')
  .action(() => worker(config));
const audit = program.command('audit').description('audit log');
audit
  .command('verify')
  .description('verify each organisation’s audit hash chain; names the first altered row')
  .option('--tenant <slug>', 'only this organisation')
  .option('--anchors <dir>', 'also check the chain heads saved by `kesu audit anchor` (catches a rewritten history)')
  .action(async (o: { tenant?: string; anchors?: string }) => {
    const args = { ...o, ...(o.anchors ? { anchors: resolve(o.anchors) } : {}) };
    const reports = (await run('auditVerify', args)) as (ChainReport & { anchorsChecked?: number })[];
    for (const r of reports) {
      const anchored = r.anchorsChecked === undefined ? '' : `, ${r.anchorsChecked} anchors`;
      console.log(
        r.ok
          ? `OK   ${r.tenantId} ${r.sealedRows} rows${anchored}`
          : `FAIL ${r.tenantId} first bad row id=${r.firstBadRowId}: ${r.problem}`,
      );
    }
    if (reports.some((r) => !r.ok)) process.exitCode = 1;
  });
audit
  .command('anchor')
  .description('write each organisation’s audit chain head to a file (and POST it) — keep copies off this machine')
  .option('--out <dir>', 'directory for the anchor file (default KESU_AUDIT_ANCHOR_DIR or <data dir>/audit-anchors)')
  .option('--webhook <url>', 'also POST the anchor as JSON here (default KESU_AUDIT_ANCHOR_URL)')
  .action(async (o: { out?: string; webhook?: string }) =>
    print(await run('auditAnchor', { ...o, ...(o.out ? { out: resolve(o.out) } : {}) })),
  );
program
  .command('backup')
  .description('back up the embedded database and the evidence files into a new directory (works while serving)')
  .argument('<dir>', 'where to write the backup (must not exist or be empty)')
  .action(async (dir: string) => print(await run('backup', { out: resolve(dir) })));
program
  .command('restore')
  .description('restore a backup into an empty data dir (KESU_DATA_DIR); checks every hash and the audit chains')
  .argument('<dir>', 'a directory written by `kesu backup`')
  .action(async (dir: string) => {
    if (config.databaseUrl) throw new AppError('BACKUP_NEEDS_EMBEDDED');
    const r = await restoreInstallation(resolve(dir), config.dataDir, config.evidenceDir);
    print({ ...r, audit: r.audit.map((a) => `${a.ok ? 'OK' : 'FAIL'} ${a.tenantId} ${a.sealedRows} rows`) });
  });
const report = program.command('report').description('analysis reports');
report
  .command('monthly')
  .description('the monthly complaint analysis report of an organisation (Chinese; xlsx, or PDF with chromium)')
  .requiredOption('--tenant <slug>', 'organisation')
  .requiredOption('--month <YYYY-MM>', 'month, e.g. 2026-10')
  .option('--format <format>', 'xlsx or pdf', 'xlsx')
  .option('--out <file>', 'where to write (default: the report name in the current directory)')
  .action(async (o: { tenant: string; month: string; format: string; out?: string }) => {
    if (o.format !== 'xlsx' && o.format !== 'pdf') throw new Error('--format must be xlsx or pdf');
    const r = (await run('reportMonthly', o)) as { fileName: string; base64: string };
    const out = resolve(o.out ?? r.fileName);
    writeFileSync(out, Buffer.from(r.base64, 'base64'));
    console.log(out);
  });
program
  .command('classify <file>')
  .description('classify a CSV export of reviews or complaints: category, severity signals, sentiment, flags')
  .requiredOption('--column <name>', 'the column holding the text')
  .option('--out <file>', 'where to write (default: <file>.classified.csv)')
  .option('--kind <kind>', 'bad_review (default) or complaint', 'bad_review')
  .action((file: string, o: { column: string; out?: string; kind: 'bad_review' | 'complaint' }) => {
    const bar = (done: number, total: number) => {
      if (!process.stderr.isTTY || (done % 200 !== 0 && done !== total)) return;
      const w = 30;
      const filled = Math.round((done / total) * w);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(w - filled)}] ${done}/${total}`);
      if (done === total) process.stderr.write('\n');
    };
    try {
      print(classifyCsvFile(file, { ...o, onProgress: bar }));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      throw new Error(`${errorCatalog[err.code].zh} / ${err.message}: ${JSON.stringify(err.details)}`);
    }
  });

program
  .command('import-mail')
  .description('take .eml files, a directory of them or an mbox file in as cases (threaded, ignored or quarantined)')
  .argument('<paths...>', '.eml file, directory or mbox')
  .option('--tenant <slug>', 'receiving organisation when no recipient is a known inbound address')
  .action(async (paths: string[], o: { tenant?: string }) => {
    const r = (await run('importMail', { paths: paths.map((p) => resolve(p)), tenant: o.tenant })) as {
      totals: Record<string, number>;
      files: { name: string; outcome: string; detail: string }[];
    };
    for (const f of r.files) console.log(`${f.outcome.padEnd(12)} ${f.name} ${f.detail}`);
    console.log(
      Object.entries(r.totals)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ') || 'no mail found',
    );
  });
const mail = program.command('mail').description('mail intake');
const quarantine = mail.command('quarantine').description('mail that could not be taken in');
quarantine
  .command('list')
  .description('held mail of every organisation, with the reason')
  .action(async () => print(await run('mailQuarantineList')));
quarantine
  .command('retry')
  .description('run a quarantined mail through intake again')
  .argument('<id>')
  .option('--tenant <slug>', 'receiving organisation, for mail to an unknown recipient')
  .action(async (id: string, o: { tenant?: string }) => print(await run('mailQuarantineRetry', { id, ...o })));
mail
  .command('address')
  .description('route mail sent to an address to an organisation')
  .argument('<address>')
  .requiredOption('--tenant <slug>', 'the organisation')
  .action(async (address: string, o: { tenant: string }) => print(await run('mailAddressAdd', { address, ...o })));

program
  .command('import')
  .description(
    'import orders, complaints or reviews from a CSV (UTF-8 or GBK) or XLSX file; non-zero exit when rows failed',
  )
  .argument('<kind>', 'orders | complaints | reviews')
  .argument('<file>', '.csv or .xlsx')
  .requiredOption('--tenant <slug>', 'the organisation the rows belong to')
  .option('--mapping <file.json>', 'field → column header, e.g. {"orderNumber":"订单编号"} (default: the saved one)')
  .action(async (kind: string, file: string, o: { tenant: string; mapping?: string }) => {
    const args = {
      kind,
      path: resolve(file),
      tenant: o.tenant,
      ...(o.mapping ? { mapping: JSON.parse(readFileSync(o.mapping, 'utf8')) as Record<string, string> } : {}),
    };
    try {
      const report = await runImport(args);
      process.stderr.write('\n');
      const c = report.counts;
      console.log(
        `${report.status} ${report.id}: ${c.total} rows — created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, failed ${c.failed}`,
      );
      if (c.failed > 0) {
        console.log(`rejected rows: GET /api/v1/imports/${report.id}/errors`);
        process.exitCode = 1;
      }
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      throw new Error(`${errorCatalog[err.code].zh} / ${err.message}: ${JSON.stringify(err.details)}`);
    }
  });

/** A plain progress line on stderr, redrawn with \r (no dependency). */
function progress(processed: number, total: number | null) {
  const width = 30;
  const part = total ? Math.min(1, processed / total) : 0;
  const bar = total ? `[${'#'.repeat(Math.round(part * width)).padEnd(width, '.')}] ${Math.round(part * 100)}% ` : '';
  process.stderr.write(
    `\r${bar}${processed.toLocaleString('en')}${total ? `/${total.toLocaleString('en')}` : ''} rows`,
  );
}

/** Here when this process may open the database; inside the running server (polling its progress) otherwise. */
async function runImport(args: ImportArgs): Promise<ImportReport> {
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    const { importId } = (await callAdminSocket(config.dataDir, 'importStart', args)) as { importId: string };
    for (;;) {
      const r = (await callAdminSocket(config.dataDir, 'importStatus', {
        importId,
        tenant: args.tenant,
      })) as ImportReport;
      progress(r.counts.processed, r.counts.total || null);
      if (r.status !== 'running') return r;
      await new Promise((ok) => setTimeout(ok, 250));
    }
  }
  try {
    await database.migrate();
    return await runImportHere(database, args, progress);
  } finally {
    await database.close();
  }
}

program.parseAsync().catch((err: Error) => {
  if (err instanceof AppError)
    console.error(`kesu: ${err.code}: ${errorCatalog[err.code].zh} / ${err.message} ${JSON.stringify(err.details)}`);
  else console.error(err instanceof DataDirLockedError ? err.message : `kesu: ${err.message}`);
  process.exit(1);
});
