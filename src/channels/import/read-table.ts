import { Readable } from 'node:stream';
import { AppError } from '../../domain/errors.ts';
import type { Cell } from '../../domain/import-values.ts';
import { decodeText } from './decode-text.ts';
import { ExcelJS } from './exceljs.ts';
import { checkZip } from './zip-check.ts';

/** One data row with the number a person sees in the spreadsheet (the header is row 1). */
export interface TableRow {
  rowNumber: number;
  cells: Cell[];
}

export interface ImportTable {
  format: 'csv' | 'xlsx';
  encoding: string | null;
  headers: string[];
  totalRows?: number;
  /** Data rows, read lazily; blank rows are skipped but keep their numbers. */
  rows: AsyncIterable<TableRow>;
}

const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
/** PostgreSQL text cannot hold U+0000; a stray one in a cell is dropped rather than failing the row. */
const noNul = <T extends Cell>(c: T): T =>
  typeof c === 'string' && c.includes('\u0000') ? (c.replaceAll('\u0000', '') as T) : c;
const blank = (cells: Cell[]) => cells.every((c) => c === null || c === undefined || String(c).trim() === '');

/** CSV (UTF-8, UTF-16 or GBK/GB18030; comma or tab separated) or XLSX (first worksheet), told apart by the bytes. */
export async function readImportTable(bytes: Buffer): Promise<ImportTable> {
  if (isZip(bytes)) return readXlsx(bytes);
  if (bytes.subarray(0, 8).includes(0)) {
    // NUL bytes without a UTF-16 BOM: a binary file (old .xls, an image …), not text.
    if (!(bytes[0] === 0xff || bytes[0] === 0xfe)) throw new AppError('IMPORT_FILE_UNREADABLE', { reason: 'binary' });
  }
  return readCsv(bytes);
}

function readCsv(bytes: Buffer): ImportTable {
  const { text, encoding } = decodeText(bytes);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Excel's "Unicode text" export is tab separated; the CSV reader handles commas, so tabs become commas.
  const rows = firstLine.includes('\t') && !firstLine.includes(',') ? parseTsv(text) : parseRecords(text);
  const [header, ...data] = rows;
  if (!header || header.every((h) => h.trim() === ''))
    throw new AppError('IMPORT_FILE_UNREADABLE', { reason: 'no header row' });
  async function* iterate(): AsyncIterable<TableRow> {
    let n = 1;
    for (const cells of data) {
      n++;
      if (!blank(cells)) yield { rowNumber: n, cells: cells.map(noNul) };
    }
  }
  return {
    format: 'csv',
    encoding,
    headers: header.map((h) => noNul(h).trim()),
    totalRows: data.filter((cells) => !blank(cells)).length,
    rows: iterate(),
  };
}

/**
 * RFC 4180 records, blank ones kept (as empty arrays) so that row numbers match what a spreadsheet shows; the
 * shared parser in src/text/csv.ts drops them.
 */
function parseRecords(input: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (input[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row.length === 1 && row[0] === '' ? [] : row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

function parseTsv(text: string): string[][] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines.map((l) => (l === '' ? [] : l.split('\t')));
}

/** ExcelJS cell values: rich text, formulas, hyperlinks and errors become plain values. */
function plain(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
  if (o.richText) return o.richText.map((r) => r.text).join('');
  if ('result' in o) return plain(o.result);
  if (typeof o.text === 'string') return o.text;
  return null;
}

/** An XLSX inflates to about 5–10× its size; a 50 MB upload may become at most this much XML. */
const XLSX_MAX_INFLATED_BYTES = 1024 * 1024 * 1024;

async function readXlsx(bytes: Buffer): Promise<ImportTable> {
  checkZip(bytes, XLSX_MAX_INFLATED_BYTES);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  const sheets = reader[Symbol.asyncIterator]();
  const first = await sheets.next().catch(() => {
    throw new AppError('IMPORT_FILE_UNREADABLE', { reason: 'not an XLSX workbook' });
  });
  if (first.done) throw new AppError('IMPORT_FILE_UNREADABLE', { reason: 'no worksheet' });
  const rows = first.value[Symbol.asyncIterator]();
  let headerRow: { number: number; cells: Cell[] } | null = null;
  for (;;) {
    const r = await rows.next().catch(() => {
      throw new AppError('IMPORT_FILE_UNREADABLE', { reason: 'worksheet cannot be read' });
    });
    if (r.done) break;
    const cells = toCells(r.value.values);
    if (!blank(cells)) {
      headerRow = { number: r.value.number, cells };
      break;
    }
  }
  if (!headerRow) throw new AppError('IMPORT_FILE_UNREADABLE', { reason: 'no header row' });
  async function* iterate(): AsyncIterable<TableRow> {
    for (;;) {
      const r = await rows.next();
      if (r.done) break;
      const cells = toCells(r.value.values);
      if (!blank(cells)) yield { rowNumber: r.value.number, cells };
    }
    // Drain the other worksheets so the reader finishes cleanly.
    for (;;) if ((await sheets.next()).done) break;
  }
  return {
    format: 'xlsx',
    encoding: null,
    headers: headerRow.cells.map((c) => (c === null || c === undefined ? '' : String(c).trim())),
    rows: iterate(),
  };
}

/** ExcelJS row.values is 1-based and sparse. */
function toCells(values: unknown): Cell[] {
  const arr = Array.isArray(values) ? values : [];
  const out: Cell[] = [];
  for (let i = 1; i < arr.length; i++) out.push(noNul(plain(arr[i])));
  return out;
}
