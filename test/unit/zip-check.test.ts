import { describe, expect, it } from 'vitest';
import { checkZip } from '../../src/channels/import/zip-check.ts';
import { xlsxFile } from '../support/import-files.ts';

describe('XLSX zip check', () => {
  it('passes a whole workbook and refuses one cut short, bit-flipped or inflating past the cap', async () => {
    const book = await xlsxFile([
      ['订单编号', '买家会员名'],
      ['DD1001', '张三'],
    ]);
    expect(() => checkZip(book, 100_000_000)).not.toThrow();
    expect(() => checkZip(book.subarray(0, book.length - 30), 100_000_000)).toThrow('cannot be read');
    const flipped = Buffer.from(book);
    for (let i = 200; i < 260; i++) flipped[i] = (flipped[i] ?? 0) ^ 0xff;
    expect(() => checkZip(flipped, 100_000_000)).toThrow('cannot be read');
    expect(() => checkZip(book, 100)).toThrow('cannot be read');
  });
});
