import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { AppError } from '../domain/errors.ts';
import type { CaseKind } from '../domain/vocabulary.ts';
import { classifyText } from '../text/classify.ts';
import { csvField, parseCsv } from '../text/csv.ts';

/** Columns appended to every row of an export (`kesu classify`). */
export const classifyColumns = [
  'kesu_category',
  'kesu_confidence',
  'kesu_severity',
  'kesu_signals',
  'kesu_party',
  'kesu_sentiment',
  'kesu_flags',
  'kesu_explanation',
] as const;

export interface ClassifyFileOptions {
  column: string;
  out?: string | undefined;
  kind?: CaseKind | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * Classifies one column of a CSV export of reviews or complaints and writes the file back with Kesu's
 * reading appended (category, severity signals, party, sentiment, flags, explanation). No database involved.
 */
export function classifyCsvFile(file: string, o: ClassifyFileOptions): { rows: number; out: string } {
  if (extname(file).toLowerCase() !== '.csv')
    throw new AppError('VALIDATION_FAILED', {
      field: 'file',
      reason: 'only .csv files are supported (save XLSX as CSV UTF-8)',
    });
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  const col = header?.indexOf(o.column) ?? -1;
  if (!header || col < 0) throw new AppError('VALIDATION_FAILED', { field: 'column', column: o.column, header });
  const out = o.out ?? file.replace(/\.csv$/i, '.classified.csv');
  const lines = [[...header, ...classifyColumns].map(csvField).join(',')];
  rows.forEach((r, i) => {
    const c = classifyText(r[col] ?? '', o.kind ?? 'bad_review');
    const extra = [
      c.category.value,
      c.category.confidence,
      c.severity.suggested,
      c.severity.signals.map((s) => `${s.code}:${s.terms.join('/')}`).join('; '),
      c.responsibleParty.party,
      c.sentiment?.positive ?? '',
      c.flags.map((f) => `${f.code}:${f.terms.join('/')}`).join('; '),
      c.category.evidence.map((e) => `${e.term}(${e.weight})`).join(' '),
    ];
    lines.push([...r, ...extra].map(csvField).join(','));
    o.onProgress?.(i + 1, rows.length);
  });
  // A BOM so Excel opens the Chinese text as UTF-8.
  writeFileSync(out, `\ufeff${lines.join('\r\n')}\r\n`);
  return { rows: rows.length, out };
}
