import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/channels/import/decode-text.ts';
import { ExcelJS } from '../../src/channels/import/exceljs.ts';
import { readImportTable } from '../../src/channels/import/read-table.ts';
import { resolveColumns } from '../../src/domain/import-fields.ts';
import {
  parseChinaTime,
  parseOrderState,
  parsePhone,
  parseRating,
  parseRevised,
  parseYuanToFen,
} from '../../src/domain/import-values.ts';
import { isBadReview, offersInducement } from '../../src/domain/review-rules.ts';

const rowsOf = async (bytes: Buffer) => {
  const t = await readImportTable(bytes);
  const rows = [];
  for await (const r of t.rows) rows.push(r);
  return { ...t, rows };
};

describe('import file readers', () => {
  it('tells UTF-8 (with or without BOM) from GBK, and reads GB18030-only characters', () => {
    expect(decodeText(Buffer.from('\ufeff订单号', 'utf8'))).toEqual({ text: '订单号', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('订单号', 'utf8')).encoding).toBe('utf-8');
    expect(decodeText(iconv.encode('订单号,买家', 'gbk'))).toEqual({ text: '订单号,买家', encoding: 'gb18030' });
    expect(decodeText(iconv.encode('𠮷野家', 'gb18030')).text).toBe('𠮷野家');
  });

  it('keeps every Chinese character of a large XLSX intact, with shared strings (Excel) and inline strings', async () => {
    const names = ['北欧实木餐桌', '记忆棉枕头', '不锈钢保温杯', '纯棉四件套'];
    const expected = Array.from({ length: 4000 }, (_, i) => [
      `订单${i}`,
      `${names[i % 4]}·${'评价内容很长'.repeat(i % 5)}`,
    ]);
    const shared = new ExcelJS.Workbook();
    const ws = shared.addWorksheet('评价');
    ws.addRow(['订单号', '评价内容']);
    for (const r of expected) ws.addRow(r);
    const inline = await (async () => {
      const { PassThrough } = await import('node:stream');
      const chunks: Buffer[] = [];
      const out = new PassThrough();
      out.on('data', (c: Buffer) => chunks.push(c));
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
      const s = wb.addWorksheet('评价');
      s.addRow(['订单号', '评价内容']).commit();
      for (const r of expected) s.addRow(r).commit();
      s.commit();
      await wb.commit();
      return Buffer.concat(chunks);
    })();
    for (const bytes of [Buffer.from(await shared.xlsx.writeBuffer()), inline]) {
      const t = await rowsOf(bytes);
      expect(t.format).toBe('xlsx');
      expect(t.headers).toEqual(['订单号', '评价内容']);
      expect(t.rows.map((r) => r.cells)).toEqual(expected);
      expect(t.rows[0]?.rowNumber).toBe(2);
    }
  });

  it('numbers CSV rows as the spreadsheet shows them, skipping blank lines, and refuses binary files', async () => {
    const t = await rowsOf(Buffer.from('订单号,金额\r\nA1,"1,299.00"\r\n\r\nA2,5\r\n'));
    expect(t.rows).toEqual([
      { rowNumber: 2, cells: ['A1', '1,299.00'] },
      { rowNumber: 4, cells: ['A2', '5'] },
    ]);
    expect(t.totalRows).toBe(2);
    await expect(readImportTable(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]))).rejects.toMatchObject({
      code: 'IMPORT_FILE_UNREADABLE',
    });
  });

  it('recognises the usual Chinese headers, and a saved mapping wins', () => {
    const r = resolveColumns('orders', ['订单编号', '收货人姓名', '联系手机', '实付金额(元)', '订单状态']);
    expect(r.missing).toEqual([]);
    expect(r.columns).toMatchObject({ orderNumber: 0, buyerName: 1, buyerPhone: 2, amount: 3, state: 4 });
    const m = resolveColumns('orders', ['单号', '客户', '钱', '进度'], { orderNumber: '单号' });
    expect(m.missing).toEqual(['buyerName', 'amount', 'state']);
  });
});

describe('import values', () => {
  it.each([
    ['¥1,299.00', 129_900],
    ['￥12.5', 1250],
    ['0.10元', 10],
    [1299.99, 129_999],
    ['８８', 8800],
  ])('%s yuan → %i fen', (v, fen) => {
    expect(parseYuanToFen(v)).toEqual({ ok: true, value: fen });
  });
  it.each(['一百元', '-5', '1.234', '', 'abc'])('refuses %s as an amount', (v) => {
    expect(parseYuanToFen(v).ok).toBe(false);
  });

  it('reads Beijing wall-clock times into UTC, and refuses impossible dates', () => {
    const at = (v: unknown) => (parseChinaTime(v as string) as { value: Date }).value.toISOString();
    expect(at('2026-11-20 14:03:22')).toBe('2026-11-20T06:03:22.000Z');
    expect(at('2026/11/20')).toBe('2026-11-19T16:00:00.000Z');
    expect(at('2026年11月20日 14时03分')).toBe('2026-11-20T06:03:00.000Z');
    expect(at('2026-11-20T14:03:22Z')).toBe('2026-11-20T14:03:22.000Z');
    expect(at(new Date(Date.UTC(2026, 10, 20, 14, 3)))).toBe('2026-11-20T06:03:00.000Z');
    expect(parseChinaTime('2026-02-30').ok).toBe(false);
    expect(parseChinaTime('昨天').ok).toBe(false);
  });

  it('maps order states, ratings, revised flags and phones as exports write them', () => {
    expect(parseOrderState('交易成功')).toEqual({ ok: true, value: 'completed' });
    expect(parseOrderState('卖家已发货')).toEqual({ ok: true, value: 'shipped' });
    expect(parseOrderState('退款中')).toEqual({ ok: true, value: 'refunding' });
    expect(parseOrderState('refunded')).toEqual({ ok: true, value: 'refunded' });
    expect(parseOrderState('火星').ok).toBe(false);
    expect(['1', '2星', '★★', '二星', '差评', 4].map((v) => (parseRating(v) as { value: number }).value)).toEqual([
      1, 2, 2, 2, 1, 4,
    ]);
    expect(parseRating('6').ok).toBe(false);
    expect(
      ['是', '否', '', '已追评', '追加：用了一周还是坏了'].map((v) => (parseRevised(v) as { value: boolean }).value),
    ).toEqual([true, false, false, true, true]);
    expect(parsePhone('+86 138-1234-5678')).toEqual({ ok: true, value: '13812345678' });
    expect(parsePhone('010-12345678')).toEqual({ ok: true, value: '010-12345678' });
  });

  it('a bad review is 1–2 stars, or no stars and negative text; money for a revision is refused', () => {
    expect([1, 2, 3].map((r) => isBadReview(r, null))).toEqual([true, true, false]);
    expect(isBadReview(null, true)).toBe(true);
    expect(isBadReview(null, null)).toBe(false);
    expect(offersInducement('亲，删掉差评返现20元红包')).toBe(true);
    expect(offersInducement('改成好评给您补偿10元')).toBe(true);
    expect(offersInducement('20块钱，麻烦把差评删了')).toBe(true);
    expect(offersInducement('新桌面已补发，问题解决后方便时可以更新一下评价吗？')).toBe(false);
  });
});
