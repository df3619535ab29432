import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { buildWorld, complaintBody, DAY, type World } from '../support/world.ts';

/**
 * Issue 6: kill `kesu worker` with SIGKILL in the middle of an SLA sweep and of webhook deliveries, restart it,
 * and nothing is lost and nothing is done twice per idempotency key. Runs on the PostgreSQL server only: the
 * worker is a separate process, and the embedded database belongs to one process.
 */
const bin = join(import.meta.dirname, '..', '..', 'bin', 'kesu.js');
const server = testDatabases().find((d) => d.name === 'postgres');
if (!server)
  console.warn('\n!!! worker-kill.test.ts SKIPPED: it needs a PostgreSQL server (set DATABASE_URL or start one).\n');

const CASES = 300; // the sweep takes 200 clocks a batch: two batches, so a kill can land between them
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  log?: () => string,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}${log ? `\nworker stderr:\n${log().slice(-3000)}` : ''}`);
    await sleep(100);
  }
}

/** A webhook receiver that records every `webhook-id` it is sent (when the request arrives) and answers slowly. */
function startReceiver(delayMs: number): Promise<{ server: Server; url: string; ids: string[] }> {
  const ids: string[] = [];
  const srv = createServer((req, res) => {
    ids.push(String(req.headers['webhook-id']));
    req.resume();
    req.on('end', () => setTimeout(() => res.writeHead(200).end('ok'), delayMs));
  });
  return new Promise((resolve) =>
    srv.listen(0, '127.0.0.1', () =>
      resolve({ server: srv, url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`, ids }),
    ),
  );
}

describe.skipIf(!server)('kesu worker killed with SIGKILL mid-sweep and mid-delivery', () => {
  let w: World;
  let dbUrl: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const dataDir = mkdtempSync(join(tmpdir(), 'kesu-kill-'));
  const children = new Set<ChildProcess>();
  const caseIds: string[] = [];
  let workerLog = '';

  const startWorker = () => {
    const child = spawn(process.execPath, [bin, 'worker'], {
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        KESU_DATA_DIR: dataDir,
        KESU_TICK_MS: '250',
        // A killed worker's job stays active until pg-boss expires it; short here so the test does not wait minutes.
        KESU_JOB_EXPIRE_SECONDS: '10',
        KESU_JOB_MAINTENANCE_SECONDS: '2',
        SMTP_URL: '',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (d: Buffer) => {
      workerLog += d.toString();
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    return child;
  };
  const kill = async (child: ChildProcess) => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    Number((await query.execute(w.database.db)).rows[0]?.n ?? 0);
  const progress = async () => ({
    breached: await count(sql`select count(*)::int as n from case_sla where breached_at is not null`),
    delivered: await count(sql`select count(*)::int as n from webhook_deliveries where status = 'delivered'`),
    received: new Set(receiver.ids).size,
  });

  beforeAll(async () => {
    const database = await server!.open();
    const url = new URL(inject('pgAdminUrl')!);
    url.pathname = `/${database.location.split('/').pop()}`;
    dbUrl = url.toString();
    // The cases were filed a week ago: by the worker's (real) clock every first response is overdue.
    w = await buildWorld(database, new Date(Date.now() - 7 * DAY));
    receiver = await startReceiver(15);
    const admin = w.tokens['merchantA:admin']!;
    const policy = await w.req(admin, 'POST', '/api/v1/sla/policies', {
      targets: { first_response: { amount: 30, unit: 'working_minutes' } },
      onBreach: ['notify_supervisor'],
    });
    expect(policy.status).toBe(201);
    const endpoint = await w.req(admin, 'POST', '/api/v1/webhooks/endpoints', { url: receiver.url, eventTypes: ['*'] });
    expect(endpoint.status).toBe(201);
    const agent = w.tokens['merchantA:agent']!;
    let next = 0;
    const file = async () => {
      while (next < CASES) {
        const n = next++;
        const phone = `135${String(n).padStart(8, '0')}`;
        // Complete (nothing missing), so the clocks run: a case awaiting the customer pauses them.
        const body = complaintBody({
          complainant: { name: '张三', phone },
          category: 'service_attitude',
          reason: '客服态度很差，多次催促都不回复消息，要求道歉。',
          expectedResolution: 'apology',
        });
        const r = await w.req(agent, 'POST', '/api/v1/cases', body);
        if (r.status !== 201 || r.body.status !== 'submitted')
          throw new Error(`case ${n}: ${r.status} ${JSON.stringify(r.body)}`);
        caseIds.push(r.body.id);
      }
    };
    await Promise.all([file(), file(), file(), file()]);
  }, 240_000);

  afterAll(async () => {
    for (const c of children) await kill(c);
    receiver?.server.close();
    await w?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no notification or delivery and does nothing twice per key', async () => {
    const kills: Awaited<ReturnType<typeof progress>>[] = [];
    // 1: as soon as the first sweep batch has committed (the second is still running).
    // 2–4: while deliveries are arriving at the receiver.
    for (let k = 0; k < 4; k++) {
      const child = startWorker();
      const before = await progress();
      await until(
        async () => {
          const p = await progress();
          const moved = k === 0 ? p.breached > 0 : p.received > before.received;
          return moved ? p : undefined;
        },
        90_000,
        `worker progress before kill ${k + 1}`,
        () => workerLog,
      );
      if (k > 0) await sleep(100 + 200 * k);
      await kill(child);
      kills.push(await progress());
    }
    startWorker();
    const totals = await until(
      async () => {
        const p = await progress();
        const left = await count(sql`select count(*)::int as n from outbox where delivered_at is null`);
        const pending = await count(sql`select count(*)::int as n from webhook_deliveries where status <> 'delivered'`);
        const outbox = await count(sql`select count(*)::int as n from outbox`);
        return p.breached === CASES && left === 0 && pending === 0 && p.delivered === outbox
          ? { ...p, outbox }
          : undefined;
      },
      180_000,
      'the restarted worker to finish',
      () => workerLog,
    );

    // The kills landed mid-work: the sweep was unfinished at the first, deliveries half done at a later one.
    expect(kills[0]!.breached).toBeGreaterThan(0);
    expect(kills[0]!.breached).toBeLessThan(CASES);
    expect(kills.some((k) => k.received > 0 && k.received < totals.outbox)).toBe(true);

    const db = w.database.db;
    // Every breach notice exists, exactly once per dedupe key, for merchantA's supervisor.
    const notes = await db
      .selectFrom('notifications')
      .select(['dedupe_key', 'user_id'])
      .where('kind', '=', 'sla.breached')
      .execute();
    expect(notes).toHaveLength(CASES);
    expect(new Set(notes.map((n) => n.dedupe_key))).toEqual(
      new Set(caseIds.map((id) => `sla.breached:${id}:first_response`)),
    );
    expect(new Set(notes.map((n) => n.user_id))).toEqual(new Set([w.userIds['merchantA:supervisor']]));
    // The breach was recorded once per case on the timeline and in the outbox.
    const perCase = await sql<{ type: string; n: number }>`
      select type, count(*)::int as n from case_events where type = 'sla_breached' group by case_id, type`.execute(db);
    expect(perCase.rows).toHaveLength(CASES);
    expect(perCase.rows.every((r) => r.n === 1)).toBe(true);
    const topics = await sql<{ topic: string; n: number }>`
      select topic, count(*)::int as n from outbox group by topic order by topic`.execute(db);
    expect(topics.rows).toEqual(
      expect.arrayContaining([
        { topic: 'case.created', n: CASES },
        { topic: 'sla.breached', n: CASES },
      ]),
    );

    // One delivery per outbox event, each marked delivered once, with exactly one successful attempt.
    const deliveries = await db.selectFrom('webhook_deliveries').select(['id', 'status', 'delivered_at']).execute();
    expect(deliveries).toHaveLength(totals.outbox);
    expect(deliveries.every((d) => d.status === 'delivered' && d.delivered_at !== null)).toBe(true);
    const successes = await sql<{ delivery_id: string; n: number }>`
      select delivery_id, count(*)::int as n from webhook_attempts
      where status_code between 200 and 299 group by delivery_id`.execute(db);
    expect(successes.rows).toHaveLength(deliveries.length);
    expect(successes.rows.filter((r) => r.n !== 1)).toEqual([]);

    // Every delivery arrived; after dedupe by webhook-id each was processed once. A repeat can only be the one
    // request in flight when a worker died (sent, not yet recorded): at most one per kill.
    const seen = new Map<string, number>();
    for (const id of receiver.ids) seen.set(id, (seen.get(id) ?? 0) + 1);
    expect(new Set(seen.keys())).toEqual(new Set(deliveries.map((d) => d.id)));
    const repeats = [...seen.values()].filter((n) => n > 1).length;
    expect(repeats).toBeLessThanOrEqual(kills.length);
    console.log(
      JSON.stringify({
        cases: CASES,
        deliveries: deliveries.length,
        requests: receiver.ids.length,
        repeatedWebhookIds: repeats,
        kills,
      }),
    );
  }, 420_000);
});
