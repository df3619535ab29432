import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfAvailable } from '../../src/reports/pdf.ts';
import { createMailer } from '../../src/services/mailer.ts';
import { mailMonthlyReports } from '../../src/services/monthly-report-mail.ts';
import { analyticsFixture } from '../support/analytics.ts';
import { testDatabases } from '../support/databases.ts';
import { onlyOn } from '../support/only-on.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { buildWorld, type World } from '../support/world.ts';

const hasPdftoppm = existsSync('/usr/bin/pdftoppm');
const browserReady = pdfAvailable() && hasPdftoppm;
if (!browserReady) {
  if (process.env.KESU_REQUIRE_BROWSER === '1')
    throw new Error('KESU_REQUIRE_BROWSER=1 but chromium or pdftoppm is missing');
  console.warn('SKIPPING the PDF report test: install chromium fonts-noto-cjk poppler-utils');
}

const download = async (w: World, token: string, url: string) => {
  const res = await w.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload, json: () => res.json() };
};

describe.each(testDatabases())('the monthly analysis report on $name', ({ name, open }) => {
  let w: World;
  let sup: string;
  beforeAll(async () => {
    w = await buildWorld(await open());
    await analyticsFixture(w);
    sup = w.tokens['merchantA:supervisor']!;
  });
  afterAll(async () => w?.close());

  it('downloads an xlsx whose cells hold the figures, in Chinese, as numbers', async () => {
    const r = await download(w, sup, '/api/v1/reports/monthly?month=2026-10&format=xlsx');
    expect(r.status).toBe(200);
    expect(String(r.headers['content-disposition'])).toContain('attachment');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.bytes as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      '汇总',
      '投诉率趋势',
      '根因帕累托',
      '投诉类别',
      '系统性问题',
      '未兑现承诺',
      '人员责任',
      '未结升级',
    ]);
    const summary = wb.getWorksheet('汇总')!;
    const byLabel = new Map<string, unknown[]>();
    summary.eachRow((row) =>
      byLabel.set(String(row.getCell(1).value), [row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]),
    );
    expect(byLabel.get('订单数')).toEqual([2000, 1000, 1000]);
    expect(byLabel.get('投诉数')).toEqual([4, 1, 3]);
    expect(byLabel.get('投诉率（每千单）')).toEqual([2, 1, 1]);
    expect(byLabel.get('解决工作时长 P90')).toEqual([20, 2, 18]);
    expect(byLabel.get('赔付金额')).toEqual([70, 0, 70]);
    expect(byLabel.get('未兑现承诺')?.[0]).toBe(2);
    const lead = [...byLabel.keys()].find((k) => k.startsWith('本月共收到投诉'));
    expect(lead).toBe('本月共收到投诉 4 件，订单 2000 单，投诉率 2‰，上月 1‰，上升 1‰。');
    expect([...byLabel.keys()].some((k) => k.includes('最主要的根因是「包装问题」，2 件'))).toBe(true);
    const pareto = wb.getWorksheet('根因帕累托')!;
    expect(pareto.getRow(1).getCell(1).value).toBe('根因类别');
    expect([
      pareto.getRow(2).getCell(1).value,
      pareto.getRow(2).getCell(2).value,
      pareto.getRow(2).getCell(6).value,
    ]).toEqual(['包装问题', 2, 1]);
    const systemic = wb.getWorksheet('系统性问题')!;
    expect(systemic.rowCount).toBe(3);
    expect([systemic.getRow(2).getCell(4).value, systemic.getRow(3).getCell(4).value]).toEqual([
      '承运商延误派送',
      '包装纸箱太薄，运输途中被压坏',
    ]);
    const unkept = wb.getWorksheet('未兑现承诺')!;
    expect([unkept.getRow(2).getCell(2).value, unkept.getRow(2).getCell(5).value]).toEqual(['次日补发配件', '已违约']);
    expect([unkept.getRow(3).getCell(2).value, unkept.getRow(3).getCell(5).value]).toEqual([
      '三天内回电说明',
      '逾期未兑现',
    ]);
    const people = wb.getWorksheet('人员责任')!;
    expect([
      people.getRow(2).getCell(1).value,
      people.getRow(2).getCell(2).value,
      people.getRow(2).getCell(4).value,
    ]).toEqual(['merchantA agent', 2, 0.5]);
    const esc = wb.getWorksheet('未结升级')!;
    expect([esc.rowCount, esc.getRow(2).getCell(2).value]).toEqual([2, '市场监管 12315']);
  });

  it('refuses agents and bad months', async () => {
    expect((await download(w, w.tokens['merchantA:agent']!, '/api/v1/reports/monthly?month=2026-10')).status).toBe(403);
    for (const m of ['2026-13', '2026-1', 'last']) {
      const r = await download(w, sup, `/api/v1/reports/monthly?month=${m}&format=xlsx`);
      expect(r.status, m).toBe(400);
    }
  });

  it('mails last month’s report to supervisors on the 1st, once per organisation and month', async () => {
    const sink = await startSmtpSink();
    const mailer = createMailer(sink.url);
    try {
      const db = w.database.db;
      expect(await mailMonthlyReports(db, mailer, new Date('2026-11-02T01:00:00Z'))).toEqual({ sent: 0 });
      const first = new Date('2026-11-01T01:00:00Z');
      expect(await mailMonthlyReports(db, mailer, first)).toEqual({ sent: 2, month: '2026-10' });
      expect(await mailMonthlyReports(db, mailer, first)).toEqual({ sent: 0, month: '2026-10' });
      expect(sink.received.map((m) => m.to)).toEqual([['supervisor@merchanta.test'], ['supervisor@platform.test']]);
      const mail = await simpleParser(sink.received[0]!.raw);
      expect(mail.subject).toBe('【Kesu 客诉】商家甲 2026-10 投诉分析月报 / Monthly complaint report');
      const xlsx = mail.attachments.find((a) => a.filename === '投诉分析月报-2026-10.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx!.content as never);
      expect(wb.getWorksheet('汇总')!.getRow(3).getCell(2).value).toBe(4);
      expect(mail.attachments.some((a) => a.contentType === 'application/pdf')).toBe(pdfAvailable());
    } finally {
      mailer.close();
      await sink.close();
    }
  });

  onlyOn(
    name,
    'pglite',
    it.skipIf(!browserReady),
  )('prints a PDF with the Chinese fonts embedded, turned into PNG pages', async () => {
    const r = await download(w, sup, '/api/v1/reports/monthly?month=2026-10&format=pdf');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'kesu-report-'));
    const pdf = join(dir, 'report.pdf');
    writeFileSync(pdf, r.bytes);
    // Chromium embeds the Noto CJK glyphs it used (as Type 3 subsets for the .ttc fonts): every font is embedded
    // and the Chinese text reads back out of the file.
    const fonts = execFileSync('pdffonts', [pdf]).toString().split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f.split(/\s+/).slice(-5)[0], f).toBe('yes');
    const text = execFileSync('pdftotext', [pdf, '-']).toString();
    expect(text).toContain('商家甲 · 2026-10 投诉分析月报');
    expect(text).toContain('最主要的根因是「包装问题」，2 件');
    expect(text).toContain('次日补发配件');
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(dir, 'page')]);
    const pages = readdirSync(dir).filter((f) => f.endsWith('.png'));
    const info = execFileSync('pdfinfo', [pdf]).toString();
    const count = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages.length).toBe(count);
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(4);
    if (process.env.KESU_REPORT_PNG_DIR) execFileSync('cp', ['-r', dir, process.env.KESU_REPORT_PNG_DIR]);
  });
});
