import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { type Database, openDatabase } from '../src/db/database.ts';
import { complaint } from './intake-client.ts';
import {
  addTenant,
  addUsers,
  createBenchDb,
  envNumber,
  machine,
  revision,
  round,
  summarize,
  tokenFor,
  writeResult,
} from './support.ts';

/**
 * Crash safety of intake: 8 clients file complaints with Idempotency-Keys against a real `kesu serve` process
 * while the server is killed with SIGKILL at random moments and restarted. A client retries the same key and
 * body until it gets its 201; afterwards every acknowledged case must be in the database (0 lost), no key may
 * have made two cases (0 duplicated), and re-sending an acknowledged key must answer the same case.
 *
 *   npm run chaos -- kill [pglite|postgres]     (both by default) → bench/results/chaos.json
 */
const CLIENTS = 8;
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'kesu.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MARK = '混沌测试';

interface Ack {
  key: string;
  id: string;
  body: string;
}

async function healthy(base: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`server at ${base} not healthy within ${timeoutMs} ms`);
}

async function runKill(kind: 'pglite' | 'postgres', kills: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kesu-chaos-'));
  const bench = kind === 'postgres' ? await createBenchDb(4) : null;
  // The organisation and the agent's token, written before the server owns the data dir.
  const setup: Database = bench ? bench.database : await openDatabase({ dataDir });
  if (!bench) await setup.migrate();
  const platform = await addTenant(setup, 'chaos-plat', '混沌平台', 'platform', null);
  const merchant = await addTenant(setup, 'chaos-shop', '混沌旗舰店', 'merchant', platform);
  await addUsers(setup, merchant, ['agent@chaos-shop.test']);
  const token = await tokenFor(setup, 'agent@chaos-shop.test');
  if (!bench) await setup.close();

  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | null = null;
  const start = () => {
    server = spawn(process.execPath, [bin, 'serve', '--no-demo'], {
      env: {
        ...process.env,
        KESU_DATA_DIR: dataDir,
        DATABASE_URL: bench?.url ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'error',
        KESU_DEMO: '0',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server.stderr?.resume();
  };
  start();
  await healthy(base, 180_000);

  const acked: Ack[] = [];
  const stats = { tried: 0, attempts: 0, retries: 0, refused: 0, firstRefusal: null as string | null };
  let stop = false;
  const post = (key: string, body: string) =>
    fetch(`${base}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body,
      signal: AbortSignal.timeout(15_000),
    });
  const client = async (c: number) => {
    for (let i = 0; !stop; i++) {
      const key = `chaos-${kind}-${c}-${i}`;
      const body = JSON.stringify({ ...complaint(c, i), reason: `${MARK} ${key}：${complaint(c, i).reason}` });
      stats.tried++;
      // Retry the same key and body until the server acknowledges it (it may be down, or killed mid-request).
      for (let attempt = 0; ; attempt++) {
        stats.attempts++;
        if (attempt > 0) stats.retries++;
        try {
          const res = await post(key, body);
          const text = await res.text();
          if (res.status === 201 || res.status === 200) {
            acked.push({ key, id: (JSON.parse(text) as { id: string }).id, body });
            break;
          }
          if (res.status < 500 && res.status !== 429) {
            stats.refused++;
            stats.firstRefusal ??= `${res.status} ${text.slice(0, 200)}`;
            break;
          }
        } catch {}
        await sleep(100 + Math.random() * 200);
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));

  const restartMs: number[] = [];
  const t0 = performance.now();
  for (let k = 0; k < kills; k++) {
    await sleep(300 + Math.random() * 2_200);
    const s = server as ChildProcess | null;
    const exited = new Promise((r) => s?.once('exit', r));
    s?.kill('SIGKILL');
    await exited;
    const r0 = performance.now();
    start();
    await healthy(base, 180_000);
    restartMs.push(performance.now() - r0);
    process.stderr.write(`\r${kind}: ${k + 1}/${kills} kills, ${acked.length} acknowledged`);
  }
  await sleep(1_000);
  stop = true;
  await Promise.all(clients);
  process.stderr.write('\n');

  // Replays after all the crashes: the same key and body answer the same case.
  let replayMismatch = 0;
  const sample = acked.filter((_, i) => i % 10 === 0);
  for (const a of sample) {
    const res = await post(a.key, a.body);
    const id = res.ok ? ((await res.json()) as { id: string }).id : null;
    if (id !== a.id) replayMismatch++;
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  const s = server as ChildProcess | null;
  const exited = new Promise((r) => s?.once('exit', r));
  s?.kill('SIGTERM');
  await exited;

  // Compare what clients were told with what the database holds.
  const check: Database = bench ? bench.database : await openDatabase({ dataDir });
  try {
    const rows = (
      await sql<{ id: string; reason: string }>`select id, reason from cases where reason like ${`${MARK} %`}`.execute(
        check.db,
      )
    ).rows;
    const keyOf = (reason: string) => reason.slice(MARK.length + 1).split('：')[0] ?? '';
    const byKey = new Map<string, string[]>();
    for (const r of rows) byKey.set(keyOf(r.reason), [...(byKey.get(keyOf(r.reason)) ?? []), r.id]);
    const lost = acked.filter((a) => !(byKey.get(a.key) ?? []).includes(a.id)).length;
    const duplicated = [...byKey.values()].filter((ids) => ids.length > 1).length;
    const ackedKeys = new Set(acked.map((a) => a.key));
    const committedWithoutAck = [...byKey.keys()].filter((k) => !ackedKeys.has(k)).length;
    return {
      database: kind,
      clients: CLIENTS,
      kills,
      restarts: restartMs.length,
      restartMs: summarize(restartMs),
      wallSeconds: round(wallSeconds, 1),
      requestsTried: stats.tried,
      httpAttempts: stats.attempts,
      retries: stats.retries,
      acknowledged: acked.length,
      refused: stats.refused,
      firstRefusal: stats.firstRefusal,
      casesInDatabase: rows.length,
      lost,
      duplicated,
      committedWithoutAck,
      replaysChecked: sample.length,
      replayMismatch,
      pass: lost === 0 && duplicated === 0 && replayMismatch === 0 && stats.refused === 0,
    };
  } finally {
    if (bench) await bench.drop();
    else await check.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const [scenario, only] = process.argv.slice(2).filter((a) => a !== '--');
if (scenario !== 'kill') {
  console.error('usage: npm run chaos -- kill [pglite|postgres]');
  process.exit(2);
}
const kills = envNumber('CHAOS_KILLS', 20);
const kinds = only ? [only as 'pglite' | 'postgres'] : (['pglite', 'postgres'] as const);
const runs = [];
for (const kind of kinds) runs.push(await runKill(kind, kills));
const result = {
  bench: 'chaos',
  scenario: 'kill',
  at: new Date().toISOString(),
  machine: machine(),
  revision: revision(),
  runs,
};
console.log(JSON.stringify(runs, null, 2));
console.log(`wrote ${writeResult('chaos', result)}`);
if (runs.some((r) => !r.pass)) process.exitCode = 1;
