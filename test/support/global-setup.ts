import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Finds the PostgreSQL server for the server-database suites: DATABASE_URL or KESU_TEST_PG_ADMIN_URL, else the
 * local default. When none answers the suites are skipped with a loud note, unless KESU_REQUIRE_PG=1 (CI).
 */
export default async function setup(project: TestProject) {
  const candidates = [
    process.env.KESU_TEST_PG_ADMIN_URL,
    process.env.DATABASE_URL,
    'postgres://postgres@127.0.0.1:5432/postgres',
  ].filter(Boolean) as string[];
  let found: string | null = null;
  for (const url of candidates) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      found = url;
      break;
    } catch {
      // try the next candidate
    } finally {
      await client.end().catch(() => {});
    }
  }
  if (!found) {
    const msg =
      '\n!!! PostgreSQL server not reachable: the PostgreSQL variants of the integration suites are SKIPPED.\n!!! Set DATABASE_URL (or start PostgreSQL on 127.0.0.1:5432) to run them; CI requires them.\n';
    if (process.env.KESU_REQUIRE_PG === '1')
      throw new Error(`KESU_REQUIRE_PG=1 but no PostgreSQL server answered (${candidates.join(', ')})`);
    console.warn(msg);
  }
  project.provide('pgAdminUrl', found);
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string | null;
  }
}
