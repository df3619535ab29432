import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { type BackupManifest, backupInstallation, restoreInstallation } from '../../src/services/backup.ts';
import { testDatabases } from '../support/databases.ts';
import { evidenceUpload } from '../support/http-checks.ts';
import { buildWorld, complaintBody, type World } from '../support/world.ts';

const tmp = (label: string) => mkdtempSync(join(tmpdir(), `kesu-${label}-`));
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code ?? String(e),
  );

describe.each(testDatabases())('backup and restore on $name', ({ name, open }) => {
  let w: World;
  const dirs: string[] = [];
  let dir = '';
  const evidenceDir = () => `${dir}/evidence`;
  beforeAll(async () => {
    const database = await open();
    dir = database.dir;
    w = await buildWorld(database);
    const agent = w.tokens['merchantA:agent']!;
    for (let i = 0; i < 3; i++) {
      const c = await w.req(agent, 'POST', '/api/v1/cases', complaintBody({ reason: `备份测试第${i}号：桌面裂纹` }));
      expect(c.status).toBe(201);
      const { payload, headers } = evidenceUpload();
      expect((await w.req(agent, 'POST', `/api/v1/cases/${c.body.id}/evidence`, payload, headers)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await w?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  if (name === 'postgres') {
    it('refuses a server database and points at pg_dump', async () => {
      const out = tmp('bk');
      dirs.push(out);
      expect(await code(backupInstallation(w.database, evidenceDir(), join(out, 'b'), new Date()))).toBe(
        'BACKUP_NEEDS_EMBEDDED',
      );
    });
    return;
  }

  it('round-trips cases, timeline, evidence bytes and audit chains into an empty data dir', {
    timeout: 120_000,
  }, async () => {
    const out = join(tmp('bk'), 'backup');
    dirs.push(out);
    const m = await backupInstallation(w.database, evidenceDir(), out, new Date());
    expect(m.counts.cases).toBe(3);
    expect(m.evidence.length).toBeGreaterThanOrEqual(1);
    expect(m.auditHeads.some((h) => h.sealedRows > 0)).toBe(true);

    const target = tmp('restore');
    dirs.push(target);
    const report = await restoreInstallation(out, target, join(target, 'evidence'));
    expect(report.counts).toEqual(m.counts);
    expect(report.audit.every((a) => a.ok)).toBe(true);

    const restored = await openDatabase({ dataDir: target });
    try {
      const q = sql<{
        case_number: string;
        reason: string;
      }>`select case_number, reason from cases order by case_number`;
      expect((await q.execute(restored.db)).rows).toEqual((await q.execute(w.database.db)).rows);
      const rows = await restored.db.selectFrom('evidence').select(['storage_key', 'sha256']).execute();
      expect(rows.length).toBe(3);
      for (const r of rows) {
        const bytes = readFileSync(join(target, 'evidence', r.storage_key));
        expect(bytes.equals(readFileSync(join(evidenceDir(), r.storage_key)))).toBe(true);
      }
    } finally {
      await restored.close();
    }
    // A restored installation refuses a second restore on top of it.
    expect(await code(restoreInstallation(out, target, join(target, 'evidence')))).toBe('RESTORE_TARGET_NOT_EMPTY');
  });

  it('finds an altered evidence file or database before writing anything', { timeout: 120_000 }, async () => {
    const out = join(tmp('bk'), 'backup');
    dirs.push(out);
    const m: BackupManifest = await backupInstallation(w.database, evidenceDir(), out, new Date());
    const file = join(out, 'evidence', m.evidence[0]!.path);
    const bytes = readFileSync(file);
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    const target = tmp('restore');
    dirs.push(target);
    expect(await code(restoreInstallation(out, target, join(target, 'evidence')))).toBe('BACKUP_INVALID');
    expect(readdirSync(target)).toEqual([]);

    const db = join(out, 'database.tar.gz');
    writeFileSync(db, readFileSync(db).subarray(0, 1000));
    expect(await code(restoreInstallation(out, target, join(target, 'evidence')))).toBe('BACKUP_INVALID');
    rmSync(join(out, 'manifest.json'));
    expect(await code(restoreInstallation(out, target, join(target, 'evidence')))).toBe('BACKUP_INVALID');
  });

  it('will not write a backup into a directory that holds files', async () => {
    const out = tmp('bk');
    dirs.push(out);
    writeFileSync(join(out, 'keep.txt'), '别覆盖我');
    expect(await code(backupInstallation(w.database, evidenceDir(), out, new Date()))).toBe('BACKUP_TARGET_NOT_EMPTY');
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('别覆盖我');
  });
});
