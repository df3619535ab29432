import { type CompiledQuery, type KyselyPlugin, PostgresQueryCompiler } from 'kysely';
import type pg from 'pg';
import type { Database } from '../src/db/database.ts';

/**
 * Records the SQL the app's own Kysely instance sends while `capturing` is on, so EXPLAIN runs on exactly the
 * statement listCases built (same filters, parameters and cursor) rather than on a hand-made copy.
 */
export function captureSql(database: Database) {
  const compiler = new PostgresQueryCompiler();
  const captured: CompiledQuery[] = [];
  let capturing = false;
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      if (capturing) captured.push(compiler.compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return {
    database: { ...database, db: database.db.withPlugin(plugin) } satisfies Database,
    /** Runs `fn` and returns the queue query (the select on cases with an ORDER BY) it issued. */
    async during(fn: () => Promise<unknown>): Promise<CompiledQuery | undefined> {
      captured.length = 0;
      capturing = true;
      try {
        await fn();
      } finally {
        capturing = false;
      }
      return captured.find((q) => /from "cases"/.test(q.sql) && /order by/.test(q.sql));
    },
  };
}

export interface Plan {
  sql: string;
  parameters: unknown[];
  executionMs: number | null;
  planningMs: number | null;
  plan: string[];
}

export async function explain(client: pg.Client, q: CompiledQuery): Promise<Plan> {
  const res = await client.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`,
    q.parameters as unknown[],
  );
  const plan = res.rows.map((r) => r['QUERY PLAN']);
  const ms = (label: string) => {
    const line = plan.find((l) => l.startsWith(label));
    return line ? Number(line.replace(/[^0-9.]/g, '')) : null;
  };
  return {
    sql: q.sql,
    parameters: [...q.parameters],
    executionMs: ms('Execution Time'),
    planningMs: ms('Planning Time'),
    plan,
  };
}
