import { performance } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import iconv from 'iconv-lite';
import { ExcelJS } from '../src/channels/import/exceljs.ts';
import { importFile } from '../src/channels/import/import-file.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { csvField } from '../src/text/csv.ts';
import {
  addTenant,
  createBenchDb,
  envNumber,
  machine,
  revision,
  round,
  serverVersion,
  withClient,
  writeResult,
} from './support.ts';

const GOAL_SECONDS = 60;
const header = [
  '订单编号',
  '买家会员名',
  '联系手机',
  '买家实付金额',
  '订单状态',
  '订单创建时间',
  '交易完成时间',
  '宝贝标题',
  '宝贝总数量',
];
const states = ['交易成功', '卖家已发货', '买家已付款', '已签收', '退款中', '交易关闭'];
const products = ['北欧实木餐桌', '记忆棉枕头', '不锈钢保温杯', 'led台灯', '纯棉四件套', '蓝牙耳机'];

function orderRows(n: number, changedEvery = 0): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (let i = 0; i < n; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const state = states[changedEvery && i % changedEvery === 0 ? (i + 1) % states.length : i % states.length]!;
    rows.push([
      `TB${String(2026_0000_0000 + i)}`,
      `买家${i % 9973}`,
      `13${String(100_000_000 + ((i * 7919) % 900_000_000)).slice(0, 9)}`,
      `￥${(1 + (i % 2000)).toLocaleString('en')}.${String(i % 100).padStart(2, '0')}`,
      state,
      `2026-10-${day} ${String(i % 24).padStart(2, '0')}:15:00`,
      state === '交易成功' ? `2026-10-${day} 23:00:00` : '',
      products[i % products.length]!,
      1 + (i % 3),
    ]);
  }
  return rows;
}

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const ws = wb.addWorksheet('订单');
  ws.addRow(header).commit();
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

const gbkCsv = (rows: (string | number)[][]) =>
  iconv.encode(`${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`, 'gbk');

/**
 * 100,000 order rows of a seller-centre export into PostgreSQL through the same path as `kesu import` and
 * POST /imports/orders: read (XLSX streamed, CSV in GBK), validate per row, batch upsert 1,000 rows a transaction.
 */
export async function importBench() {
  const n = envNumber('BENCH_IMPORT_ROWS', 100_000);
  const bench = await createBenchDb(4);
  try {
    const { database, url } = bench;
    const platform = await addTenant(database, 'bench-plat', '基准平台', 'platform', null);
    const shop = await addTenant(database, 'bench-shop', '基准旗舰店', 'merchant', platform);
    const ctx = (): ServiceContext => ({
      db: database.db,
      actor: { userId: null, tenantId: shop, tenantKind: 'merchant', role: 'system', platformId: platform },
      now: new Date(),
      evidenceDir: '/tmp',
    });
    const rows = orderRows(n);
    let t = performance.now();
    const xlsxBytes = await xlsx(rows);
    const csvBytes = gbkCsv(orderRows(n, 10));
    const fileSeconds = (performance.now() - t) / 1000;
    await withClient(url, (c) => c.query('CHECKPOINT'));

    const run = async (label: string, bytes: Buffer, fileName: string) => {
      t = performance.now();
      const report = await importFile(ctx(), { kind: 'orders', bytes, fileName });
      const seconds = (performance.now() - t) / 1000;
      const r = {
        label,
        fileName,
        fileMb: round(bytes.length / 2 ** 20),
        seconds: round(seconds),
        rowsPerSecond: Math.round(n / seconds),
        counts: report.counts,
      };
      console.log(JSON.stringify(r));
      return r;
    };
    const first = await run('XLSX, new orders', xlsxBytes, 'orders.xlsx');
    const again = await run('same XLSX again (all unchanged)', xlsxBytes, 'orders.xlsx');
    const changed = await run('GBK CSV, every 10th state changed', csvBytes, 'orders-gbk.csv');
    const stored = await withClient(url, async (c) =>
      Number((await c.query<{ n: string }>('select count(*) as n from orders')).rows[0]?.n ?? 0),
    );
    const result = {
      bench: 'import',
      what: `${n.toLocaleString('en')} order rows (Chinese seller-centre headers, ¥ amounts, Beijing times) imported through importFile (CLI and API path) on PostgreSQL`,
      goal: { seconds: GOAL_SECONDS, rows: 100_000 },
      pass:
        n >= 100_000 && first.seconds < GOAL_SECONDS && again.seconds < GOAL_SECONDS && changed.seconds < GOAL_SECONDS,
      runs: [first, again, changed],
      ordersStored: stored,
      fileGenerationSeconds: round(fileSeconds),
      audit: 'one audit row per 1,000-row batch plus one per import, not one per order',
      postgres: await serverVersion(url),
      machine: machine(),
      revision: revision(),
      at: new Date().toISOString(),
    };
    console.log(`wrote ${writeResult('import', result)}`);
    return result;
  } finally {
    await bench.drop();
  }
}
