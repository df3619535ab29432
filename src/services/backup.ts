import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { sql } from 'kysely';
import { type Database, openDatabase } from '../db/database.ts';
import { AppError } from '../domain/errors.ts';
import { type ChainReport, sealAll, verifyAll } from './audit-chain.ts';

/**
 * A backup of an embedded installation is a directory: the database as PGlite's gzip tarball, a copy of the
 * evidence files, and manifest.json with a sha256 for every file, row counts and each organisation's audit-chain
 * head. Restore checks every hash before it writes anything, loads into an empty data dir, then re-verifies the
 * audit chains and the counts against the manifest.
 */
export interface BackupManifest {
  format: 'kesu-backup';
  version: 1;
  createdAt: string;
  migrations: string[];
  database: { file: string; sha256: string; bytes: number };
  evidence: { path: string; sha256: string; bytes: number }[];
  counts: Counts;
  auditHeads: { tenantId: string; sealedRows: number }[];
}
interface Counts {
  tenants: number;
  cases: number;
  caseEvents: number;
  evidence: number;
  auditRows: number;
}

const DB_FILE = 'database.tar.gz';
const MANIFEST = 'manifest.json';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

/** Every file under dir, as paths relative to it with '/' separators; none when dir does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files: string[] = [];
  for (const e of entries.sort()) if ((await stat(join(dir, e))).isFile()) files.push(e.split(sep).join('/'));
  return files;
}

async function counts(database: Database): Promise<Counts> {
  const n = async (table: 'tenants' | 'cases' | 'case_events' | 'evidence' | 'audit_log') =>
    Number(
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.db)).rows[0]?.n,
    );
  return {
    tenants: await n('tenants'),
    cases: await n('cases'),
    caseEvents: await n('case_events'),
    evidence: await n('evidence'),
    auditRows: await n('audit_log'),
  };
}

const heads = (reports: ChainReport[]) =>
  reports
    .map((r) => ({ tenantId: r.tenantId, sealedRows: r.sealedRows }))
    .sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1));

/** Writes a backup of the embedded database and the evidence files into outDir (new or empty). */
export async function backupInstallation(
  database: Database,
  evidenceDir: string,
  outDir: string,
  now: Date,
): Promise<BackupManifest> {
  if (!database.dump) throw new AppError('BACKUP_NEEDS_EMBEDDED');
  if (!(await isEmptyOrMissing(outDir))) throw new AppError('BACKUP_TARGET_NOT_EMPTY', { dir: outDir });
  await mkdir(outDir, { recursive: true });
  // Seal first, so the chain heads in the manifest are the ones inside the dump.
  await sealAll(database.db);
  const reports = await verifyAll(database.db);
  const before = await counts(database);
  const migrations = (
    await sql<{ name: string }>`select name from schema_migrations order by name`.execute(database.db)
  ).rows.map((r) => r.name);
  const dump = Buffer.from(await (await database.dump()).arrayBuffer());
  await writeFile(join(outDir, DB_FILE), dump);
  // Evidence files are content-addressed and never change: copying after the dump includes every file it names.
  const evidence: BackupManifest['evidence'] = [];
  for (const path of await filesUnder(evidenceDir)) {
    const bytes = await readFile(join(evidenceDir, path));
    const target = join(outDir, 'evidence', path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
    evidence.push({ path, sha256: sha256(bytes), bytes: bytes.length });
  }
  const manifest: BackupManifest = {
    format: 'kesu-backup',
    version: 1,
    createdAt: now.toISOString(),
    migrations,
    database: { file: DB_FILE, sha256: sha256(dump), bytes: dump.length },
    evidence,
    counts: before,
    auditHeads: heads(reports),
  };
  await writeFile(join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function readManifest(inDir: string): Promise<BackupManifest> {
  let m: BackupManifest;
  try {
    m = JSON.parse(await readFile(join(inDir, MANIFEST), 'utf8'));
  } catch (err) {
    throw new AppError('BACKUP_INVALID', { file: MANIFEST, problem: (err as Error).message });
  }
  if (m?.format !== 'kesu-backup' || m.version !== 1 || !m.database?.file || !Array.isArray(m.evidence))
    throw new AppError('BACKUP_INVALID', { file: MANIFEST, problem: 'not a Kesu backup manifest (version 1)' });
  return m;
}

/** Reads a file named by the manifest and checks its hash; the path must stay inside the backup. */
async function checkedFile(inDir: string, path: string, expected: string): Promise<Buffer> {
  const full = join(inDir, path);
  if (relative(inDir, full).startsWith('..')) throw new AppError('BACKUP_INVALID', { file: path, problem: 'path' });
  let bytes: Buffer;
  try {
    bytes = await readFile(full);
  } catch {
    throw new AppError('BACKUP_INVALID', { file: path, problem: 'missing' });
  }
  if (sha256(bytes) !== expected) throw new AppError('BACKUP_INVALID', { file: path, problem: 'sha256 mismatch' });
  return bytes;
}

export interface RestoreReport {
  restoredFrom: string;
  counts: Counts;
  evidenceFiles: number;
  audit: ChainReport[];
}

/** Restores a backup into an empty embedded data dir (and evidence dir); refuses to overwrite anything. */
export async function restoreInstallation(inDir: string, dataDir: string, evidenceDir: string): Promise<RestoreReport> {
  const manifest = await readManifest(inDir);
  // Check everything before writing anything.
  const dump = await checkedFile(inDir, manifest.database.file, manifest.database.sha256);
  const files = [];
  for (const e of manifest.evidence)
    files.push({ path: e.path, bytes: await checkedFile(inDir, join('evidence', e.path), e.sha256) });
  if (!(await isEmptyOrMissing(join(dataDir, 'pgdata'))) || !(await isEmptyOrMissing(evidenceDir)))
    throw new AppError('RESTORE_TARGET_NOT_EMPTY', { dataDir, evidenceDir });

  const database = await openDatabase({ dataDir, loadDataDir: new Blob([new Uint8Array(dump)]) });
  try {
    for (const f of files) {
      const target = join(evidenceDir, f.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, f.bytes);
    }
    await database.migrate();
    const after = await counts(database);
    const audit = await verifyAll(database.db);
    const problems: string[] = [];
    for (const k of Object.keys(manifest.counts) as (keyof Counts)[])
      if (after[k] !== manifest.counts[k]) problems.push(`${k}: ${after[k]} ≠ ${manifest.counts[k]}`);
    if (JSON.stringify(heads(audit)) !== JSON.stringify(manifest.auditHeads)) problems.push('audit chain heads differ');
    for (const r of audit) if (!r.ok) problems.push(`audit ${r.tenantId}: ${r.problem}`);
    if (problems.length > 0) throw new AppError('RESTORE_MISMATCH', { problems });
    return { restoredFrom: inDir, counts: after, evidenceFiles: files.length, audit };
  } finally {
    await database.close();
  }
}
