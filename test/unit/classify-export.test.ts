import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyCsvFile } from '../../src/services/classify-export.ts';
import { parseCsv } from '../../src/text/csv.ts';

describe('kesu classify on a CSV export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kesu-classify-'));
  const file = join(dir, 'reviews.csv');
  writeFileSync(file, 'id,评价\n1,"收到的是假货，防伪码查不到，不退款就去消协"\n2,物流很快，东西很好\n');

  it('appends category, severity, sentiment, flags and explanation columns to every row', () => {
    const seen: number[] = [];
    const r = classifyCsvFile(file, { column: '评价', onProgress: (d) => seen.push(d) });
    expect(r).toEqual({ rows: 2, out: join(dir, 'reviews.classified.csv') });
    expect(seen).toEqual([1, 2]);
    const [header, first, second] = parseCsv(readFileSync(r.out, 'utf8'));
    expect(header).toEqual(
      expect.arrayContaining(['id', '评价', 'kesu_category', 'kesu_sentiment', 'kesu_explanation']),
    );
    const row = (x: string[] | undefined) => Object.fromEntries((header ?? []).map((h, i) => [h, x?.[i]]));
    expect(row(first)).toMatchObject({ kesu_category: 'counterfeit_ip', kesu_severity: '3' });
    expect(row(first).kesu_signals).toContain('external_threat:消协');
    expect(Number(row(second).kesu_sentiment)).toBeGreaterThan(0.5);
  });

  it('refuses a column that is not in the header, naming the columns there are', () => {
    expect(() => classifyCsvFile(file, { column: 'text' })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: expect.objectContaining({ header: ['id', '评价'] }),
      }),
    );
  });
});
