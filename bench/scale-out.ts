import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { hashPassword } from '../src/services/auth.ts';
import { complaint } from './intake-client.ts';
import {
  addTenant,
  addUsers,
  createBenchDb,
  envNumber,
  machine,
  revision,
  round,
  tokenFor,
  writeResult,
} from './support.ts';

/**
 * Scale-out on one PostgreSQL server: two `kesu serve` processes without embedded workers (KESU_WORKERS=0) and
 * one `kesu worker`. Clients spread intake over both API nodes with Idempotency-Keys, a session made on A is
 * used on B, node A is killed with SIGKILL mid-load and the clients carry on against B (retrying the same key
 * and body). Afterwards: every acknowledged case is in the database once, no key made two cases, and every
 * webhook delivery and SLA breach notice happened exactly once.
 *
 *   npm run scale -- test     → bench/results/scale-out.json
 */
const CLIENTS = 8;
const bin = join(import.meta.dirname, '..', 'bin', 'kesu.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MARK = '扩展测试';
const PASSWORD = 'scale-out-2026';

async function healthy(base: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {}
    await sleep(200);
  }
  throw new Error(`${base} not healthy within ${timeoutMs} ms`);
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** Counts every webhook-id it is sent: a second arrival of one id is a double delivery. */
function startReceiver(): Promise<{ url: string; ids: Map<string, number>; close(): void }> {
  const ids = new Map<string, number>();
  const srv = createServer((req, res) => {
    const id = String(req.headers['webhook-id']);
    ids.set(id, (ids.get(id) ?? 0) + 1);
    req.resume();
    req.on('end', () => res.writeHead(200).end('ok'));
  });
  return new Promise((resolve) =>
    srv.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`,
        ids,
        close: () => srv.close(),
      }),
    ),
  );
}

export async function scaleOutTest(seconds: number) {
  const bench = await createBenchDb(4);
  const dataDir = mkdtempSync(join(tmpdir(), 'kesu-scale-'));
  const children = new Set<ChildProcess>();
  const receiver = await startReceiver();
  const spawnKesu = (args: string[], env: Record<string, string>) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: bench.url,
        KESU_DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
        SMTP_URL: '',
        KESU_AUDIT_ANCHOR: '0',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    return child;
  };
  try {
    const { database } = bench;
    const platform = await addTenant(database, 'scale-plat', '扩展平台', 'platform', null);
    const merchant = await addTenant(database, 'scale-shop', '扩展旗舰店', 'merchant', platform);
    await addUsers(database, merchant, ['agent@scale-shop.test']);
    await addUsers(database, merchant, ['admin@scale-shop.test'], 'admin');
    await addUsers(database, merchant, ['supervisor@scale-shop.test'], 'supervisor');
    await database.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(PASSWORD) })
      .where('email', '=', 'agent@scale-shop.test')
      .execute();
    const admin = await tokenFor(database, 'admin@scale-shop.test');

    const ports = [0, 1].map(() => 20_000 + Math.floor(Math.random() * 20_000));
    const bases = ports.map((p) => `http://127.0.0.1:${p}`);
    const api = ports.map((p) =>
      spawnKesu(['serve', '--no-demo'], { PORT: String(p), HOST: '127.0.0.1', KESU_WORKERS: '0' }),
    );
    spawnKesu(['worker'], { KESU_TICK_MS: '500', KESU_JOB_EXPIRE_SECONDS: '20', KESU_JOB_MAINTENANCE_SECONDS: '5' });
    await Promise.all(bases.map((b) => healthy(b, 180_000)));
    const [baseA, baseB] = bases as [string, string];
    const call = (base: string, token: string, method: string, path: string, body?: unknown, key?: string) =>
      fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });

    // A session made on A is good on B: sessions live in the database, not in a node.
    const login = await fetch(`${baseA}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent@scale-shop.test', password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const sessionOnB = (await call(baseB, token, 'GET', '/api/v1/me')).status;

    const policy = await call(baseA, admin, 'POST', '/api/v1/sla/policies', {
      targets: { first_response: { amount: 30, unit: 'working_minutes' } },
      onBreach: ['notify_supervisor'],
    });
    const endpoint = await call(baseB, admin, 'POST', '/api/v1/webhooks/endpoints', {
      url: receiver.url,
      eventTypes: ['*'],
    });
    if (policy.status !== 201 || endpoint.status !== 201)
      throw new Error(`setup: policy ${policy.status}, endpoint ${endpoint.status}`);

    const alive = [true, true];
    const acked: { key: string; id: string; body: string; node: number }[] = [];
    const stats = {
      tried: 0,
      attempts: 0,
      retries: 0,
      failovers: 0,
      throttled: 0,
      refused: 0,
      firstRefusal: null as string | null,
    };
    const perNode = [0, 0];
    let stop = false;
    const client = async (c: number) => {
      for (let i = 0; !stop; i++) {
        const key = `scale-${c}-${i}`;
        const body = JSON.stringify({ ...complaint(c, i), reason: `${MARK} ${key}：${complaint(c, i).reason}` });
        stats.tried++;
        // Round robin like a load balancer; on a failure the same key and body go to the other node.
        let node = (c + i) % 2;
        for (let attempt = 0; ; attempt++) {
          stats.attempts++;
          if (attempt > 0) stats.retries++;
          try {
            const res = await call(bases[node]!, token, 'POST', '/api/v1/cases', body, key);
            const text = await res.text();
            if (res.status === 201 || res.status === 200) {
              acked.push({ key, id: (JSON.parse(text) as { id: string }).id, body, node });
              perNode[node]! += 1;
              break;
            }
            if (res.status === 429 || res.status === 503) stats.throttled++;
            else if (res.status < 500) {
              stats.refused++;
              stats.firstRefusal ??= `${res.status} ${text.slice(0, 200)}`;
              break;
            }
          } catch {}
          if (!alive[node] || attempt > 0) {
            node = 1 - node;
            stats.failovers++;
          }
          await sleep(50 + Math.random() * 100);
        }
      }
    };
    const t0 = performance.now();
    const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
    await sleep((seconds * 1000) / 3);
    const ackedBeforeKill = acked.length;
    const killed = new Promise((r) => api[0]!.once('exit', r));
    api[0]!.kill('SIGKILL');
    await killed;
    alive[0] = false;
    await sleep((seconds * 2000) / 3);
    stop = true;
    await Promise.all(clients);
    const loadSeconds = (performance.now() - t0) / 1000;

    // Replays on the surviving node answer the case first acknowledged, wherever that was.
    let replayMismatch = 0;
    const sample = acked.filter((_, i) => i % 10 === 0);
    for (const a of sample) {
      const res = await call(baseB, token, 'POST', '/api/v1/cases', a.body, a.key);
      if (!res.ok || ((await res.json()) as { id: string }).id !== a.id) replayMismatch++;
    }

    // Time passes for the SLA clocks (backdated in SQL), so the worker's sweep breaches every one of them.
    await sql`update case_sla set due_at = now() - interval '1 minute', warn_at = now() - interval '2 minutes',
      next_check_at = now() - interval '1 minute' where tenant_id = ${merchant}`.execute(database.db);
    const count = async (q: ReturnType<typeof sql<{ n: number }>>) =>
      Number((await q.execute(database.db)).rows[0]?.n ?? 0);
    const cases = await count(sql`select count(*)::int as n from cases where tenant_id = ${merchant}`);
    const clocks = await count(sql`select count(*)::int as n from case_sla where tenant_id = ${merchant}`);
    const drained = await until(
      async () => {
        const breached = await count(sql`select count(*)::int as n from case_sla where breached_at is not null`);
        const outbox = await count(sql`select count(*)::int as n from outbox`);
        const undispatched = await count(sql`select count(*)::int as n from outbox where delivered_at is null`);
        const pending = await count(sql`select count(*)::int as n from webhook_deliveries where status <> 'delivered'`);
        const delivered = await count(
          sql`select count(*)::int as n from webhook_deliveries where status = 'delivered'`,
        );
        return breached === clocks && undispatched === 0 && pending === 0 && delivered === outbox
          ? { breached, outbox, delivered }
          : undefined;
      },
      300_000,
      'the worker to deliver every event and breach every clock',
    );
    const drainSeconds = (performance.now() - t0) / 1000 - loadSeconds;

    const rows = (
      await sql<{ id: string; reason: string }>`select id, reason from cases where reason like ${`${MARK} %`}`.execute(
        database.db,
      )
    ).rows;
    const keyOf = (reason: string) => reason.slice(MARK.length + 1).split('：')[0] ?? '';
    const byKey = new Map<string, string[]>();
    for (const r of rows) byKey.set(keyOf(r.reason), [...(byKey.get(keyOf(r.reason)) ?? []), r.id]);
    const lost = acked.filter((a) => !(byKey.get(a.key) ?? []).includes(a.id)).length;
    const duplicated = [...byKey.values()].filter((ids) => ids.length > 1).length;
    const notices = await sql<{ n: number; keys: number }>`
      select count(*)::int as n, count(distinct dedupe_key)::int as keys from notifications
      where tenant_id = ${merchant} and kind = 'sla.breached'`.execute(database.db);
    const breachNotices = notices.rows[0]!;
    const breachEvents = await count(
      sql`select count(*)::int as n from (select case_id from case_events where type = 'sla_breached' group by case_id having count(*) > 1) d`,
    );
    const doubleDeliveries = [...receiver.ids.values()].filter((n) => n > 1).length;
    const failedJobs = await count(sql`select count(*)::int as n from pgboss.job where state = 'failed'`).catch(
      () => -1,
    );
    const run = {
      apiNodes: 2,
      workers: 1,
      clients: CLIENTS,
      loadSeconds: round(loadSeconds, 1),
      drainSeconds: round(drainSeconds, 1),
      sessionMadeOnAUsedOnB: sessionOnB,
      killedNode: 'A (SIGKILL, not restarted)',
      acknowledgedBeforeKill: ackedBeforeKill,
      acknowledgedPerNode: { A: perNode[0], B: perNode[1] },
      requestsTried: stats.tried,
      httpAttempts: stats.attempts,
      retries: stats.retries,
      failovers: stats.failovers,
      throttledOrShed: stats.throttled,
      acknowledged: acked.length,
      refused: stats.refused,
      firstRefusal: stats.firstRefusal,
      casesInDatabase: rows.length,
      lost,
      duplicated,
      replaysChecked: sample.length,
      replayMismatch,
      outboxEvents: drained.outbox,
      webhookDeliveries: drained.delivered,
      webhookIdsReceived: receiver.ids.size,
      doubleDeliveries,
      slaClocks: clocks,
      slaClocksBreached: drained.breached,
      breachNotices: breachNotices.n,
      breachNoticeKeys: breachNotices.keys,
      casesWithTwoBreachEvents: breachEvents,
      failedJobs,
    };
    const pass =
      sessionOnB === 200 &&
      lost === 0 &&
      duplicated === 0 &&
      replayMismatch === 0 &&
      stats.refused === 0 &&
      doubleDeliveries === 0 &&
      receiver.ids.size === drained.outbox &&
      clocks === cases &&
      breachNotices.n === clocks &&
      breachNotices.keys === clocks &&
      breachEvents === 0;
    return { ...run, pass };
  } finally {
    for (const c of [...children]) {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await exited;
    }
    receiver.close();
    await bench.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const [scenario] = process.argv.slice(2).filter((a) => a !== '--');
if (scenario !== 'test') {
  console.error('usage: npm run scale -- test   (SCALE_SECONDS, default 45)');
  process.exit(2);
}
const run = await scaleOutTest(envNumber('SCALE_SECONDS', 45));
const result = { bench: 'scale-out', at: new Date().toISOString(), machine: machine(), revision: revision(), run };
console.log(JSON.stringify(run, null, 2));
console.log(`wrote ${writeResult('scale-out', result)}`);
if (!run.pass) process.exitCode = 1;
