import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { buildMail } from '../support/mail-fixtures.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';

/** `kesu serve` with SMTP_LISTEN, and the mail commands reaching it through the admin socket. */
const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'kesu.js');
const env = (dataDir: string) => ({ ...process.env, KESU_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' });
/** Async, not spawnSync: the SMTP sink lives in this process and must keep answering the server meanwhile. */
const kesu = (dataDir: string, args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], { env: env(dataDir) });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });

describe('mail through the running server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kesu-mail-cli-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const smtpPort = port + 1;
  let server: ChildProcess;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    sink = await startSmtpSink();
    // One organisation, written before the server starts: cheaper than seeding the demo (password hashing), so
    // this suite does not starve the other CLI suite running beside it.
    const database = await openDatabase({ dataDir });
    await database.migrate();
    await database.db.insertInto('tenants').values({ slug: 'merchant1', name: '演示商家', kind: 'merchant' }).execute();
    await database.close();
    server = spawn(process.execPath, [bin, 'serve', '--no-demo'], {
      env: {
        ...env(dataDir),
        PORT: String(port),
        HOST: '127.0.0.1',
        SMTP_LISTEN: String(smtpPort),
        SMTP_URL: sink.url,
      },
    });
    for (let i = 0; i < 200; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('server did not become healthy');
  }, 150_000);
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await sink?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('maps an address, receives mail on SMTP_LISTEN, imports an mbox and lists quarantine', async () => {
    const added = await kesu(dataDir, ['mail', 'address', 'service@merchant1.demo', '--tenant', 'merchant1']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({ address: 'service@merchant1.demo' });

    const client = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, ignoreTLS: true });
    const sent = await client.sendMail({
      envelope: { from: 'buyer@example.cn', to: ['service@merchant1.demo'] },
      raw: buildMail({ charset: 'GBK', to: 'service@merchant1.demo' }),
    });
    client.close();
    expect(sent.response).toMatch(/KS-\d{4}-\d{6}/);
    expect(sink.received.at(-1)?.to).toEqual(['buyer@example.cn']);

    const dir = mkdtempSync(join(tmpdir(), 'kesu-mbox-'));
    const mbox = Buffer.concat([
      Buffer.from('From buyer@example.cn Mon Nov  2 10:00:00 2026\n'),
      buildMail({ to: 'service@merchant1.demo', body: 'From the start of a line: 发票没有寄到。' }),
      Buffer.from('\n\nFrom robot@example.cn Mon Nov  2 10:01:00 2026\n'),
      buildMail({ to: 'service@merchant1.demo', headers: ['Auto-Submitted: auto-replied'] }),
      Buffer.from('\n'),
    ]);
    writeFileSync(join(dir, 'inbox.mbox'), mbox);
    writeFileSync(join(dir, 'broken.eml'), Buffer.from('this is not a mail at all'));
    const imported = await kesu(dataDir, ['import-mail', join(dir, 'inbox.mbox'), join(dir, 'broken.eml')]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/case_created\s+inbox\.mbox#1 KS-/);
    expect(imported.stdout).toMatch(/ignored\s+inbox\.mbox#2 auto_submitted/);
    expect(imported.stdout).toMatch(/quarantined\s+broken\.eml no_headers/);
    expect(imported.stdout).toContain('case_created: 1, ignored: 1, quarantined: 1');

    const held = await kesu(dataDir, ['mail', 'quarantine', 'list']);
    const items = JSON.parse(held.stdout) as { id: string; reason: string }[];
    expect(items.map((i) => i.reason)).toEqual(['no_headers']);
    const retried = await kesu(dataDir, ['mail', 'quarantine', 'retry', items[0]!.id, '--tenant', 'merchant1']);
    expect(JSON.parse(retried.stdout)).toMatchObject({ released: false, results: [{ reason: 'no_headers' }] });
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
