import fc from 'fast-check';
import iconv from 'iconv-lite';
import { csvField } from '../../src/text/csv.ts';
import { orderHeader, type Row, xlsxFile } from './import-files.ts';
import { nastyStrings } from './schema-arbitrary.ts';

/** Headers a seller-centre export uses for each kind, so that many files get past the column check to their rows. */
const headersByKind: Record<string, string[]> = {
  orders: orderHeader as string[],
  complaints: ['投诉人', '联系电话', '投诉内容', '订单编号', '投诉类型', '期望结果'],
  reviews: ['评价ID', '买家昵称', '评分', '评价内容', '订单编号', '商品名称', '评价时间'],
};

const cell = fc.oneof(
  fc.constantFrom(...nastyStrings),
  fc.constantFrom('DD1001', '张三', '13812345678', '¥1,299.00', '交易成功', '2026-10-28 10:15:00', '1', '5', '一百元'),
  fc.constantFrom('=cmd|"/c calc"!A1', '+1+1', '@SUM(A1)', '"', '""', '"unterminated', 'a,b', 'a\nb', '\r'),
  fc.string({ maxLength: 30, unit: 'grapheme' }),
  fc.integer().map(String),
  fc.constant('x'.repeat(70_000)),
);

const rows = (kind: string) =>
  fc.tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(headersByKind[kind]!) },
      { weight: 1, arbitrary: fc.array(cell, { maxLength: 8 }) },
      { weight: 1, arbitrary: fc.shuffledSubarray(headersByKind[kind]!) },
    ),
    fc.array(fc.array(cell, { maxLength: 10 }), { maxLength: 12 }),
  );

const csvText = (header: string[], data: string[][], quote: boolean) =>
  [header, ...data].map((r) => r.map((c) => (quote ? csvField(c) : c)).join(',')).join('\r\n');

/** A file for `kind`: CSV in some encoding (maybe mislabelled or broken), XLSX (maybe truncated), or garbage. */
export function malformedTable(kind: string): fc.Arbitrary<Promise<{ bytes: Buffer; name: string }>> {
  return fc.oneof(
    fc
      .tuple(rows(kind), fc.boolean(), fc.constantFrom('utf-8', 'utf-8-bom', 'gbk', 'utf-16le', 'big5'))
      .map(async ([[header, data], quote, enc]) => {
        const t = csvText(header, data, quote);
        const bytes =
          enc === 'utf-8'
            ? Buffer.from(t)
            : enc === 'utf-8-bom'
              ? Buffer.from(`\ufeff${t}`)
              : enc === 'utf-16le'
                ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])
                : iconv.encode(t, enc);
        return { bytes, name: `${kind}.csv` };
      }),
    // Truncated mid-record, or with bytes flipped.
    fc.tuple(rows(kind), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat()).map(async ([[h, d], cut, flip]) => {
      const b = Buffer.from(csvText(h, d, true));
      const out = Buffer.from(b.subarray(0, Math.max(1, Math.floor(b.length * cut))));
      if (out.length) out[flip % out.length] = flip % 256;
      return { bytes: out, name: `${kind}.csv` };
    }),
    // XLSX, whole or cut short or with bytes flipped inside the zip.
    fc.tuple(rows(kind), fc.constantFrom('whole', 'truncated', 'flipped'), fc.nat()).map(async ([[h, d], how, at]) => {
      const book = await xlsxFile([h, ...d] as Row[]);
      if (how === 'whole') return { bytes: book, name: `${kind}.xlsx` };
      if (how === 'truncated') return { bytes: book.subarray(0, 4 + (at % (book.length - 4))), name: `${kind}.xlsx` };
      const copy = Buffer.from(book);
      for (let i = 0; i < 8; i++) {
        const j = (at + i * 997) % copy.length;
        copy[j] = (copy[j] ?? 0) ^ 0xff;
      }
      copy[0] = 0x50;
      copy[1] = 0x4b;
      copy[2] = 0x03;
      copy[3] = 0x04;
      return { bytes: copy, name: `${kind}.xlsx` };
    }),
    // Binary garbage, a zip header with nothing behind it, a lone BOM, blank lines only.
    fc
      .oneof(
        fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((b) => Buffer.from(b)),
        fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from(b)])),
        fc.constantFrom(
          Buffer.from('\ufeff'),
          Buffer.from('\r\n\r\n\r\n'),
          Buffer.from(',,,,\n,,,'),
          Buffer.from([0xff, 0xfe]),
        ),
      )
      .map(async (bytes) => ({ bytes, name: 'upload.bin' })),
  );
}
