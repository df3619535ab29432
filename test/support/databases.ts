import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<Database & { dir: string }>;
}

/** The databases every integration suite runs on: embedded PGlite always, PostgreSQL when a server answers. */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [{ name: 'pglite', open: openPGliteForTest }];
  const adminUrl = inject('pgAdminUrl');
  if (adminUrl) list.push({ name: 'postgres', open: () => openPostgresForTest(adminUrl) });
  return list;
}

async function openPGliteForTest() {
  const dir = mkdtempSync(join(tmpdir(), 'kesu-test-'));
  const database = await openDatabase({ dataDir: dir, inMemory: true });
  await database.migrate();
  return withCleanup(database, dir, async () => {});
}

/** A fresh database per suite on the server, dropped afterwards. */
async function openPostgresForTest(adminUrl: string) {
  const name = `kesu_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(join(tmpdir(), 'kesu-test-'));
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: dir, poolSize: 12 });
  await database.migrate();
  return withCleanup(database, dir, async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
}

function withCleanup(database: Database, dir: string, drop: () => Promise<void>): Database & { dir: string } {
  return {
    ...database,
    dir,
    async close() {
      await database.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
