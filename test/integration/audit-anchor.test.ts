import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { anchorIfDue, checkAnchors, readAnchors, writeAnchor } from '../../src/services/audit-anchor.ts';
import { sealAll, sealTenant, verifyAll, verifyTenant } from '../../src/services/audit-chain.ts';
import { testDatabases } from '../support/databases.ts';
import { onlyOn } from '../support/only-on.ts';
import { buildWorld, complaintBody, type World } from '../support/world.ts';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'kesu.js');

describe.each(testDatabases())('audit anchor on $name', ({ name, open }) => {
  let w: World;
  let dbUrl = '';
  const dir = mkdtempSync(join(tmpdir(), 'kesu-anchor-'));
  const file = async (agent: string, n: number) => {
    for (let i = 0; i < n; i++) {
      const c = await w.req(w.tokens[agent]!, 'POST', '/api/v1/cases', complaintBody({ category: 'service_attitude' }));
      expect(c.status).toBe(201);
    }
  };
  const verifyAnchored = async (anchors = dir) =>
    checkAnchors(w.database.db, await verifyAll(w.database.db), readAnchors(anchors));

  /** What a database administrator could do: change a sealed row, then recompute every hash from there on. */
  const rewriteHistory = async (tenantId: string) => {
    const db = w.database.db;
    const first = await db
      .selectFrom('audit_log')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .orderBy('chain_seq')
      .limit(1)
      .executeTakeFirstOrThrow();
    await sql`update audit_log set after = '{"status":"rejected"}'::jsonb where tenant_id = ${tenantId} and id = ${first.id}`.execute(
      db,
    );
    await sql`update audit_log set chain_seq = null, prev_hash = null, hash = null where tenant_id = ${tenantId}`.execute(
      db,
    );
    while ((await sealTenant(db, tenantId)) > 0) {}
  };

  beforeAll(async () => {
    const database = await open();
    if (name === 'postgres') {
      const url = new URL(inject('pgAdminUrl')!);
      url.pathname = `/${database.location.split('/').pop()}`;
      dbUrl = url.toString();
    }
    w = await buildWorld(database);
    await file('merchantA:agent', 3);
    await file('merchantB:agent', 2);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes each organisation’s chain head (position and hash) after sealing what was pending', async () => {
    const r = await writeAnchor(w.database.db, { dir }, w.now);
    const anchors = readAnchors(dir);
    expect(anchors).toHaveLength(1);
    const { anchor } = anchors[0]!;
    expect(r.tenants).toBe(anchor.heads.length);
    const heads = new Map(anchor.heads.map((h) => [h.tenantId, h]));
    for (const [tenant, rows] of [
      [w.tenants.merchantA, 3],
      [w.tenants.merchantB, 2],
    ] as const) {
      const last = await w.database.db
        .selectFrom('audit_log')
        .select(['chain_seq', 'hash'])
        .where('tenant_id', '=', tenant)
        .orderBy('chain_seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(heads.get(tenant)).toEqual({ tenantId: tenant, lastSeq: rows, hash: last.hash });
    }
    expect((await verifyAnchored()).every((x) => x.ok && x.anchorsChecked >= 1)).toBe(true);
  });

  it('keeps passing as the chain grows past the anchor', async () => {
    await file('merchantA:agent', 2);
    await sealAll(w.database.db);
    const reports = await verifyAnchored();
    expect(reports.find((r) => r.tenantId === w.tenants.merchantA)).toMatchObject({ ok: true, sealedRows: 5 });
  });

  it('catches a history rewritten with recomputed hashes, which plain verification accepts', async () => {
    await rewriteHistory(w.tenants.merchantA);
    expect(await verifyTenant(w.database.db, w.tenants.merchantA)).toMatchObject({ ok: true, sealedRows: 5 });
    const reports = await verifyAnchored();
    const a = reports.find((r) => r.tenantId === w.tenants.merchantA)!;
    expect(a.ok).toBe(false);
    expect(a.problem).toContain('history rewritten after anchor');
    expect(reports.find((r) => r.tenantId === w.tenants.merchantB)).toMatchObject({ ok: true });
  });

  it('catches an organisation’s audit rows deleted altogether', async () => {
    await sql`delete from audit_log where tenant_id = ${w.tenants.merchantB}`.execute(w.database.db);
    const b = (await verifyAnchored()).find((r) => r.tenantId === w.tenants.merchantB)!;
    expect(b).toMatchObject({ ok: false, sealedRows: 0 });
    expect(b.problem).toContain('history truncated');
  });

  it('the daily job writes one anchor per day and directory, and posts it to the configured URL', async () => {
    const daily = mkdtempSync(join(tmpdir(), 'kesu-anchor-daily-'));
    const posted: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        posted.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const target = { dir: daily, webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/anchor` };
      const day1 = new Date('2026-11-03T00:05:00Z');
      expect((await anchorIfDue(w.database.db, target, day1)).file).not.toBeNull();
      expect((await anchorIfDue(w.database.db, target, new Date('2026-11-03T23:59:00Z'))).file).toBeNull();
      expect((await anchorIfDue(w.database.db, target, new Date('2026-11-04T00:05:00Z'))).file).not.toBeNull();
      const files = readdirSync(daily).sort();
      expect(files).toHaveLength(2);
      expect(posted.map((p) => JSON.parse(p))).toEqual(
        files.map((f) => JSON.parse(readFileSync(join(daily, f), 'utf8'))),
      );
    } finally {
      receiver.close();
      rmSync(daily, { recursive: true, force: true });
    }
  });

  onlyOn(name, 'postgres')(
    'kesu audit anchor / verify --anchors: exit 0, then 1 after a rewrite',
    { timeout: 180_000 },
    async () => {
      const cliDir = mkdtempSync(join(tmpdir(), 'kesu-anchor-cli-'));
      const kesu = (args: string[]) =>
        spawnSync(process.execPath, [bin, ...args], {
          env: { ...process.env, DATABASE_URL: dbUrl, KESU_DATA_DIR: cliDir },
          encoding: 'utf8',
          timeout: 60_000,
        });
      try {
        await file('opsco:agent', 2);
        const anchored = kesu(['audit', 'anchor', '--out', join(cliDir, 'anchors')]);
        expect(anchored.status, anchored.stderr).toBe(0);
        const ok = kesu(['audit', 'verify', '--tenant', 'ops', '--anchors', join(cliDir, 'anchors')]);
        expect(ok.status, ok.stderr).toBe(0);
        expect(ok.stdout).toMatch(/^OK {3}\S+ 2 rows, 1 anchors/m);
        await rewriteHistory(w.tenants.opsco);
        expect(kesu(['audit', 'verify', '--tenant', 'ops']).status).toBe(0);
        const failed = kesu(['audit', 'verify', '--tenant', 'ops', '--anchors', join(cliDir, 'anchors')]);
        expect(failed.status).toBe(1);
        expect(failed.stdout).toContain('history rewritten after anchor');
      } finally {
        rmSync(cliDir, { recursive: true, force: true });
      }
    },
  );
});
