import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The `kesu` CLI as a user runs it, on an embedded data dir. */
const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'kesu.js');

function kesu(dataDir: string, args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, KESU_DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function waitForHealth(port: number) {
  for (let i = 0; i < 360; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return (await res.json()) as { database: string };
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not become healthy');
}

describe('kesu CLI on the embedded database', { timeout: 180_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kesu-cli-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  let server: ChildProcess;
  let serverErr = '';

  beforeAll(async () => {
    server = spawn(process.execPath, [bin, 'serve'], {
      env: {
        ...process.env,
        KESU_DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: '',
        LOG_LEVEL: 'warn',
      },
    });
    server.stderr?.on('data', (d) => {
      serverErr += d;
    });
    await waitForHealth(port);
  }, 200_000);
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds demo data on the first start and reports the embedded database', async () => {
    const health = await waitForHealth(port);
    expect(health.database).toBe('pglite');
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'supervisor@platform.demo', password: 'kesu-demo-2026' }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const cases = (await (
      await fetch(`http://127.0.0.1:${port}/api/v1/cases?limit=200`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { items: { status: string }[] };
    expect(cases.items.length).toBeGreaterThanOrEqual(25);
    expect(new Set(cases.items.map((c) => c.status)).size).toBeGreaterThanOrEqual(5);
  });

  it('refuses a second server on the same data dir with a clear message, leaving the first one serving', () => {
    const second = kesu(dataDir, ['serve']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('is in use by process');
    expect(serverErr).not.toContain('Error');
  });

  it('creates a working API token through the running server', async () => {
    const r = kesu(dataDir, ['token', 'create', '--email', 'agent@merchant1.demo']);
    expect(r.code).toBe(0);
    const token = r.stdout.trim();
    expect(token).toMatch(/^ksu_[A-Za-z0-9_-]{40,}$/);
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { tenant: { slug: string } }).tenant.slug).toBe('merchant1');
    const unknown = kesu(dataDir, ['token', 'create', '--email', 'nobody@nowhere.demo']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('USER_NOT_FOUND');
  });

  it('verifies the audit chain of every organisation', () => {
    const r = kesu(dataDir, ['audit', 'verify']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('OK')).length).toBeGreaterThanOrEqual(3);
    expect(r.stdout).not.toContain('FAIL');
  });

  it('backs up while serving (through the server) and restores into a new data dir that verifies', {
    timeout: 240_000,
  }, () => {
    const out = join(dataDir, '..', `${dataDir.split('/').pop()}-backup`);
    const target = mkdtempSync(join(tmpdir(), 'kesu-cli-restore-'));
    try {
      const b = kesu(dataDir, ['backup', out]);
      expect(b.code).toBe(0);
      const made = JSON.parse(b.stdout) as { counts: { cases: number }; evidenceFiles: number };
      expect(made.counts.cases).toBeGreaterThanOrEqual(25);
      const r = kesu(target, ['restore', out]);
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as { counts: { cases: number } }).counts.cases).toBe(made.counts.cases);
      const v = kesu(target, ['audit', 'verify']);
      expect(v.code).toBe(0);
      expect(v.stdout).not.toContain('FAIL');
      const again = kesu(target, ['restore', out]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('RESTORE_TARGET_NOT_EMPTY');
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(target, { recursive: true, force: true });
    }
  });

  it('stops on SIGTERM, after which the CLI opens the data dir itself', { timeout: 120_000 }, async () => {
    const exited = new Promise<number | null>((r) => server.once('exit', r));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    const m = kesu(dataDir, ['migrate']);
    expect(m.code).toBe(0);
    expect(JSON.parse(m.stdout)).toEqual({ applied: [] });
    const v = kesu(dataDir, ['audit', 'verify']);
    expect(v.code).toBe(0);
  });
});
