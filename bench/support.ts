import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Config } from '../src/config.ts';
import { type Database, openDatabase } from '../src/db/database.ts';
import type { Role, TenantKind } from '../src/domain/vocabulary.ts';
import { buildApp } from '../src/http/app.ts';
import { createApiToken } from '../src/services/auth.ts';

/** Server that holds the throwaway bench databases; BENCH_PG_URL points at its maintenance database. */
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDb {
  name: string;
  url: string;
  database: Database;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A fresh, migrated database (<prefix><random>, prefix BENCH_DB_PREFIX or kesu_bench_, so that helpers sharing one
 * server can tell their databases apart; or the name given: an earlier one of that name is dropped first);
 * drop() closes it and removes it from the server.
 */
export async function createBenchDb(poolSize = 10, fixedName?: string): Promise<BenchDb> {
  const prefix = process.env.BENCH_DB_PREFIX ?? 'kesu_bench_';
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`BENCH_DB_PREFIX must be a lowercase identifier: ${prefix}`);
  const name = fixedName ?? `${prefix}${randomBytes(4).toString('hex')}`;
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  if (fixedName) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = await openDatabase({ databaseUrl: url, dataDir: tmpdir(), poolSize });
  await database.migrate();
  let dropped = false;
  return {
    name,
    url,
    database,
    async drop() {
      if (dropped) return;
      dropped = true;
      await database.close().catch(() => {});
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A database an earlier bench kept (BENCH_KEEP_DB=1), opened as it is: no migration, never dropped. */
export async function openBenchDb(name: string, poolSize = 10): Promise<BenchDb> {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = await openDatabase({ databaseUrl: url, dataDir: tmpdir(), poolSize });
  return { name, url, database, drop: async () => {} };
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function addTenant(db: Database, slug: string, name: string, kind: TenantKind, platformId: string | null) {
  const row = await db.db
    .insertInto('tenants')
    .values({ slug, name, kind, platform_id: platformId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Users with one membership each (agents by default); returns their ids in the order given. */
export async function addUsers(db: Database, tenantId: string, emails: string[], role: Role = 'agent') {
  if (emails.length === 0) return [];
  const users = await db.db
    .insertInto('users')
    .values(emails.map((email) => ({ email, display_name: email.split('@')[0] ?? email })))
    .returning(['id', 'email'])
    .execute();
  const byEmail = new Map(users.map((u) => [u.email, u.id]));
  const ids = emails.map((e) => byEmail.get(e) ?? '');
  await db.db
    .insertInto('memberships')
    .values(ids.map((user_id) => ({ tenant_id: tenantId, user_id, role })))
    .execute();
  return ids;
}

export const tokenFor = async (db: Database, email: string) => (await createApiToken(db.db, email)).token;

/** The real app on an ephemeral port, so clients go through HTTP like production traffic. */
export async function startServer(
  database: Database,
  url: string | undefined,
  webDir?: string,
): Promise<{ app: FastifyInstance; base: string }> {
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    dataDir: tmpdir(),
    databaseUrl: url,
    logLevel: 'silent',
    evidenceDir: join(tmpdir(), 'kesu-bench-evidence'),
  };
  const app = await buildApp({ config, database, ...(webDir ? { webDir } : {}) });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: address };
}

/** Nearest-rank percentile of an already sorted list, rounded to 0.01 ms. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[i] ?? Number.NaN);
}

export function summarize(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return {
    n: s.length,
    p50Ms: percentile(s, 50),
    p95Ms: percentile(s, 95),
    p99Ms: percentile(s, 99),
    maxMs: round(s[s.length - 1] ?? Number.NaN),
    meanMs: round(mean),
  };
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function machine() {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGb: round(totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    /** The box may be shared: a high load average means the numbers carry noise from other work. */
    loadAvg1m: round(loadavg()[0] ?? 0),
  };
}

/** Which code was measured: the commit and whether src/ had uncommitted changes. */
export function revision() {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  return {
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    srcDirty: git('status', '--porcelain', 'src') !== '',
  };
}

export async function serverVersion(url: string) {
  return withClient(
    url,
    async (c) =>
      (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]?.v ?? 'unknown',
  );
}

export function writeResult(name: string, result: unknown): string {
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

export const envNumber = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
