import { performance } from 'node:perf_hooks';
import { copyCases } from './queue-data.ts';
import { addTenant, addUsers, type BenchDb, round, tokenFor, withClient } from './support.ts';

export const MERCHANTS = 200;
const CONTRACTED = 20; // merchants whose store the operations company runs
const PLATFORM_AGENTS = 30;

export interface Orgs {
  platform: string;
  ops: string;
  merchants: string[];
  /** Share of all cases per merchant (index 0 is the big one, ~5 %). */
  weights: number[];
  contracted: Set<number>;
  agents: { platform: string[]; ops: string[]; merchant: string[][] };
  tokens: { platform: string; merchant: string; ops: string };
}

/** One platform, 200 member merchants (skewed sizes), an operations company running 20 of them, agents everywhere. */
export async function seedOrgs({ database }: BenchDb): Promise<Orgs> {
  const platform = await addTenant(database, 'bench-plat', '基准电商平台', 'platform', null);
  const ops = await addTenant(database, 'bench-ops', '星火代运营', 'operations_company', platform);
  const merchants: string[] = [];
  for (let i = 0; i < MERCHANTS; i++)
    merchants.push(await addTenant(database, `shop-${i}`, `店铺${i}号`, 'merchant', platform));
  const contracted = new Set(Array.from({ length: CONTRACTED }, (_, k) => 10 + k * 3));
  await database.db
    .insertInto('operations_contracts')
    .values([...contracted].map((i) => ({ tenant_id: merchants[i] ?? '', operations_company_id: ops })))
    .execute();
  // Zipf-like tail; merchant 0 alone gets 5 % of all cases.
  const tail = Array.from({ length: MERCHANTS - 1 }, (_, i) => 1 / (i + 3) ** 0.7);
  const tailSum = tail.reduce((a, b) => a + b, 0);
  const weights = [0.05, ...tail.map((w) => (0.95 * w) / tailSum)];
  const emails = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `agent${i}@${prefix}.bench`);
  const agents = {
    platform: await addUsers(database, platform, emails('plat', PLATFORM_AGENTS)),
    ops: await addUsers(database, ops, emails('ops', 5)),
    merchant: [] as string[][],
  };
  for (let i = 0; i < MERCHANTS; i++)
    agents.merchant.push(await addUsers(database, merchants[i] ?? '', emails(`shop${i}`, 2)));
  const tokens = {
    platform: await tokenFor(database, 'agent0@plat.bench'),
    merchant: await tokenFor(database, 'agent0@shop0.bench'),
    ops: await tokenFor(database, 'agent0@ops.bench'),
  };
  return { platform, ops, merchants, weights, contracted, agents, tokens };
}

/**
 * Bulk load as an import job would: secondary indexes are dropped and rebuilt from their own definitions after
 * COPY, and FK triggers are skipped for the session (generated rows only reference the seeded tenants and users).
 * Then VACUUM (ANALYZE), as autovacuum would have done on a table this old.
 */
export async function loadCases(url: string, orgs: Orgs, n: number) {
  return withClient(url, async (c) => {
    const t0 = performance.now();
    const { rows: indexes } = await c.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes i WHERE tablename = 'cases'
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexname::regclass)`,
    );
    for (const ix of indexes) await c.query(`DROP INDEX ${ix.name}`);
    await c.query('SET session_replication_role = replica');
    const copySeconds = await copyCases(c, orgs, n);
    await c.query('RESET session_replication_role');
    const t1 = performance.now();
    await c.query(`SET maintenance_work_mem = '256MB'`);
    for (const ix of indexes) await c.query(ix.def);
    const t2 = performance.now();
    await c.query('VACUUM (ANALYZE) cases');
    const size = await c.query<{ table: string; indexes: string }>(
      `SELECT pg_size_pretty(pg_table_size('cases')) AS table, pg_size_pretty(pg_indexes_size('cases')) AS indexes`,
    );
    return {
      rows: n,
      copySeconds: round(copySeconds, 1),
      copyRowsPerSec: Math.round(n / copySeconds),
      indexRebuildSeconds: round((t2 - t1) / 1000, 1),
      rebuiltIndexes: indexes.map((ix) => ix.name),
      vacuumAnalyzeSeconds: round((performance.now() - t2) / 1000, 1),
      loadSeconds: round((performance.now() - t0) / 1000, 1),
      ...size.rows[0],
    };
  });
}
