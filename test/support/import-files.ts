import iconv from 'iconv-lite';
import { ExcelJS } from '../../src/channels/import/exceljs.ts';
import { csvField } from '../../src/text/csv.ts';
import { multipart } from './http-checks.ts';

export type Row = (string | number | Date | null)[];

/** An XLSX workbook as a shop's seller centre exports it: one sheet, a header row, then data. */
export async function xlsxFile(rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('订单列表');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** CSV text in UTF-8 (optionally with a BOM) or GBK, as Excel in China saves it. */
export function csvFile(rows: Row[], encoding: 'utf-8' | 'utf-8-bom' | 'gbk' = 'utf-8'): Buffer {
  const text = `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
  if (encoding === 'gbk') return iconv.encode(text, 'gbk');
  return Buffer.from(encoding === 'utf-8-bom' ? `\ufeff${text}` : text, 'utf8');
}

export const importUpload = (file: Buffer, filename: string, mapping?: Record<string, string>) =>
  multipart([
    ...(mapping ? [{ name: 'mapping', value: JSON.stringify(mapping) }] : []),
    {
      name: 'file',
      value: file,
      filename,
      contentType: filename.endsWith('.xlsx')
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'text/csv',
    },
  ]);

export const orderHeader: Row = [
  '订单编号',
  '买家会员名',
  '联系手机',
  '买家实付金额',
  '订单状态',
  '订单创建时间',
  '交易完成时间',
  '宝贝标题',
];
