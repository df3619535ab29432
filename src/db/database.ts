import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { migrate, type Session } from './migrate.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** Where the data lives, without credentials: shown by /healthz and the CLI. */
  location: string;
  migrate(): Promise<string[]>;
  /** Embedded only: a consistent gzip tarball of the whole database (PGlite's data dir). */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
  /** Embedded only: keep the database in memory (tests). */
  inMemory?: boolean;
  /** Embedded only: start from this tarball (a backup made by dump()) instead of an empty or existing dir. */
  loadDataDir?: Blob;
}

// int8 (count(*), bigint amounts in fen) as JS numbers: every value we store fits in 2^53.
const INT8_OID = 20;
pg.types.setTypeParser(INT8_OID, (v) => Number(v));

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : openPGlite(opts);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {}); // an idle client dropped by the server is replaced on next use
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const u = new URL(url);
  return {
    db,
    kind: 'postgres',
    location: `${u.hostname}:${u.port || 5432}${u.pathname}`,
    async migrate() {
      const client = await pool.connect();
      try {
        const session: Session = {
          query: async (text, params) => (await client.query(text, params as unknown[])).rows,
          exec: async (script) => {
            await client.query(script);
          },
        };
        return await migrate(session);
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

async function openPGlite(opts: DatabaseOptions): Promise<Database> {
  const unlock = opts.inMemory ? () => {} : lockDataDir(opts.dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(opts.inMemory ? {} : { dataDir: join(opts.dataDir, 'pgdata') }),
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
      parsers: { [INT8_OID]: (v: string) => Number(v) },
      // btree_gin: the search index puts the scope and week columns beside the text (migration 0016).
      extensions: { btree_gin },
    });
  } catch (err) {
    unlock();
    throw err;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    location: opts.inMemory ? 'memory' : join(opts.dataDir, 'pgdata'),
    async migrate() {
      const session: Session = {
        query: async (text, params) => (await pglite.query(text, params as unknown[])).rows as never,
        exec: async (script) => {
          await pglite.exec(script);
        },
      };
      return migrate(session);
    },
    dump: () => pglite.dumpDataDir('gzip'),
    async close() {
      await db.destroy();
      await pglite.close();
      unlock();
    },
  };
}
