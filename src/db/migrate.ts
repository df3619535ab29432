import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** One database session: migrations need the advisory lock and the scripts on the same connection. */
export interface Session {
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
  exec(script: string): Promise<void>;
}

export function listMigrations(): { name: string; sql: string }[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(migrationsDir, name), 'utf8') }));
}

/**
 * Applies pending forward-only migrations in file order, each in its own transaction, recorded in
 * schema_migrations. An advisory lock keeps two processes starting at once from applying the same file twice.
 */
export async function migrate(session: Session): Promise<string[]> {
  const applied: string[] = [];
  await session.query('select pg_advisory_lock(7216001)');
  try {
    await session.exec(
      'create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())',
    );
    const done = await session.query<{ name: string }>('select name from schema_migrations');
    const have = new Set(done.map((r) => r.name));
    for (const m of listMigrations()) {
      if (have.has(m.name)) continue;
      await session.exec(`begin;\n${m.sql}\n;insert into schema_migrations (name) values ('${m.name}');\ncommit;`);
      applied.push(m.name);
    }
  } finally {
    await session.query('select pg_advisory_unlock(7216001)');
  }
  return applied;
}
