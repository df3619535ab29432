import { type ImportRowReason, importRowReasons } from '../domain/errors-import.ts';
import type { Cell, Parsed } from '../domain/import-values.ts';

/** One rejected field of one row, with the reason in both languages. */
export interface RowError {
  rowNumber: number;
  field: string | null;
  code: ImportRowReason;
  raw: Record<string, string>;
}

/** A parsed row ready for its kind's writer. */
export interface RowOf<R> {
  rowNumber: number;
  record: R;
  raw: Record<string, string>;
}

export const reasonText = (code: ImportRowReason) => importRowReasons[code];

/**
 * Reads the fields of one row through the column resolution and collects every field's problem, so a row with
 * three bad cells reports three reasons at once.
 */
export class RowReader {
  readonly errors: { field: string | null; code: ImportRowReason }[] = [];
  constructor(
    private readonly cells: Cell[],
    private readonly columns: Record<string, number>,
  ) {}

  cell(field: string): Cell {
    const i = this.columns[field];
    return i === undefined ? undefined : this.cells[i];
  }

  text(field: string, opts: { required?: boolean; max: number }): string | null {
    const c = this.cell(field);
    const s = c === null || c === undefined ? '' : c instanceof Date ? c.toISOString() : String(c).trim();
    if (!s) {
      if (opts.required) this.errors.push({ field, code: 'REQUIRED' });
      return null;
    }
    if ([...s].length > opts.max) {
      this.errors.push({ field, code: 'TOO_LONG' });
      return null;
    }
    return s;
  }

  parsed<T>(field: string, parse: (c: Cell) => Parsed<T>, required = false): T | undefined {
    const c = this.cell(field);
    const empty = c === null || c === undefined || (typeof c === 'string' && c.trim() === '');
    if (empty && required) {
      this.errors.push({ field, code: 'REQUIRED' });
      return undefined;
    }
    const r = parse(c);
    if (!r.ok) {
      this.errors.push({ field, code: r.reason });
      return undefined;
    }
    return r.value;
  }
}

/** The row as the file had it (header → text), kept beside its errors. */
export function rawRow(headers: readonly string[], cells: Cell[]): Record<string, string> {
  const raw: Record<string, string> = {};
  headers.forEach((h, i) => {
    const c = cells[i];
    if (c !== null && c !== undefined && c !== '')
      raw[h || `#${i + 1}`] = c instanceof Date ? c.toISOString() : String(c);
  });
  return raw;
}
