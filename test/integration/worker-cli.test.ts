import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'kesu.js');

describe('kesu worker', () => {
  it('refuses to run beside the embedded database with a clear bilingual message', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kesu-worker-'));
    try {
      const r = spawnSync(process.execPath, [bin, 'worker'], {
        env: { ...process.env, KESU_DATA_DIR: dataDir, DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('kesu worker 需要 DATABASE_URL');
      expect(r.stderr).toContain('kesu worker needs DATABASE_URL');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
