import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { heldPost } from '../support/held-post.ts';
import { buildWorld, complaintBody, type World } from '../support/world.ts';

/**
 * SIGTERM on the real `kesu serve` and `kesu worker` processes: what was started finishes, nothing new is
 * taken, and the exit code is 0. On the PostgreSQL server (the worker needs it; the server runs without its
 * embedded worker beside it, as in a scaled-out deployment).
 */
const bin = join(import.meta.dirname, '..', '..', 'bin', 'kesu.js');
const server = testDatabases().find((d) => d.name === 'postgres');
if (!server) console.warn('\n!!! graceful-shutdown.test.ts SKIPPED: it needs a PostgreSQL server.\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => Promise<T | undefined>, what: string, log: () => string, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${log().slice(-3000)}`);
    await sleep(50);
  }
}

function spawnKesu(args: string[], env: Record<string, string>, log: (s: string) => void): ChildProcess {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', SMTP_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => log(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString()));
  return child;
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

describe.skipIf(!server)('SIGTERM drains the real processes', { timeout: 180_000 }, () => {
  let w: World;
  let dbUrl: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'kesu-term-'));
  const children: ChildProcess[] = [];
  let log = '';
  const append = (s: string) => {
    log += s;
  };

  beforeAll(async () => {
    const database = await server!.open();
    const url = new URL(inject('pgAdminUrl')!);
    url.pathname = `/${database.location.split('/').pop()}`;
    dbUrl = url.toString();
    w = await buildWorld(database, new Date());
  }, 120_000);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await w?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('kesu serve: in-flight requests all complete with 201, new connections are refused, exit code 0', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const held = 4;
    const child = spawnKesu(
      ['serve', '--no-demo'],
      {
        DATABASE_URL: dbUrl,
        KESU_DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        KESU_WORKERS: '0',
        KESU_MAX_INFLIGHT: String(held),
        KESU_MAX_LOOP_DELAY_MS: '0',
        KESU_SHUTDOWN_GRACE_MS: '20000',
      },
      append,
    );
    children.push(child);
    const base = `http://127.0.0.1:${port}`;
    await until(
      () =>
        fetch(`${base}/healthz`).then(
          (r) => (r.ok ? true : undefined),
          () => undefined,
        ),
      'health',
      () => log,
    );
    const agent = w.tokens['merchantA:agent']!;
    const requests = Array.from({ length: held }, (_, i) =>
      heldPost(port, '/api/v1/cases', agent, complaintBody({ complainant: { name: '李四', phone: `1390000000${i}` } })),
    );
    // All of them are in flight once the server refuses one more for capacity.
    await until(
      async () =>
        // Only the in-flight bound counts: a 503 for event-loop lag (a loaded machine) says nothing about the held four.
        (await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${agent}` } }).then((r) => r.json()))
          ?.error?.details?.reason === 'inflight'
          ? true
          : undefined,
      'the held requests to be in flight',
      () => log,
    );
    const exit = exitOf(child);
    child.kill('SIGTERM');
    const refused = await until(
      () =>
        fetch(`${base}/healthz`).then(
          () => undefined,
          // A kept-alive connection from the earlier polls is closed by the draining server (UND_ERR_SOCKET):
          // not yet the answer; poll again until a new connection is refused.
          (err: Error & { cause?: { code?: string } }) =>
            err.cause?.code === 'ECONNREFUSED' ? err.cause.code : undefined,
        ),
      'new connections to be refused',
      () => log,
    );
    expect(refused).toBe('ECONNREFUSED');
    expect(child.exitCode).toBeNull(); // still finishing the held requests
    const done = await Promise.all(requests.map((r) => r.finish()));
    expect(done.map((d) => d.status)).toEqual(Array(held).fill(201));
    expect(await exit).toBe(0);
    const stored = await w.database.db
      .selectFrom('cases')
      .select('id')
      .where(
        'id',
        'in',
        done.map((d) => d.body.id as string),
      )
      .execute();
    expect(stored).toHaveLength(held);
  });

  it('kesu worker: a webhook delivery under way when SIGTERM arrives is finished and recorded, exit code 0', async () => {
    const arrived: string[] = [];
    let answer: ((res: ServerResponse) => void) | undefined;
    const waiting: ServerResponse[] = [];
    const receiver = createServer((req, res) => {
      arrived.push(String(req.headers['webhook-id']));
      req.resume();
      req.on('end', () => (answer ? answer(res) : waiting.push(res)));
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const admin = w.tokens['merchantB:admin']!;
      expect(
        (await w.req(admin, 'POST', '/api/v1/webhooks/endpoints', { url: hook, eventTypes: ['case.created'] })).status,
      ).toBe(201);
      const filed = await w.req(w.tokens['merchantB:agent']!, 'POST', '/api/v1/cases', complaintBody());
      expect(filed.status).toBe(201);
      const child = spawnKesu(
        ['worker'],
        { DATABASE_URL: dbUrl, KESU_DATA_DIR: dataDir, KESU_TICK_MS: '250', KESU_SHUTDOWN_GRACE_MS: '20000' },
        append,
      );
      children.push(child);
      await until(
        async () => (waiting.length > 0 ? true : undefined),
        'the delivery to reach the receiver',
        () => log,
      );
      const exit = exitOf(child);
      child.kill('SIGTERM');
      await sleep(1_500);
      expect(child.exitCode).toBeNull(); // waiting for the running job
      answer = (res) => res.writeHead(200).end('ok');
      for (const res of waiting.splice(0)) answer(res);
      expect(await exit).toBe(0);
      const deliveries = await w.database.db
        .selectFrom('webhook_deliveries')
        .select(['status', 'attempts'])
        .where('tenant_id', '=', w.tenants.merchantB)
        .execute();
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(arrived).toHaveLength(1);
    } finally {
      receiver.close();
    }
  });
});
