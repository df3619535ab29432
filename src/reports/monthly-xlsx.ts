import ExcelJS from 'exceljs';
import { categoryLabels, label } from './labels.ts';
import type { MonthlyData } from './monthly-data.ts';
import { escalationName, headline, rootCauseName, summaryRows } from './monthly-summary.ts';

const promiseStates: Record<string, string> = { broken: '已违约', open: '逾期未兑现' };

function sheet(wb: ExcelJS.Workbook, name: string, columns: { header: string; key: string; width?: number }[]) {
  const ws = wb.addWorksheet(name);
  ws.columns = columns.map((c) => ({ width: 16, ...c }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

/** The monthly report as a workbook: one sheet per section, Chinese headers, numbers as numbers. */
export async function monthlyXlsx(d: MonthlyData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kesu 客诉';
  wb.created = d.generatedAt;
  const s = sheet(wb, '汇总', [
    { header: '指标', key: 'label', width: 28 },
    { header: `本月（${d.month}）`, key: 'value' },
    { header: `上月（${d.previousMonth}）`, key: 'previous' },
    { header: '变化', key: 'change' },
    { header: '单位', key: 'unit', width: 8 },
  ]);
  for (const r of summaryRows(d)) s.addRow(r);
  s.addRow([]);
  for (const line of headline(d)) s.addRow([line]);
  const daily = sheet(wb, '投诉率趋势', [
    { header: '日期', key: 'period', width: 12 },
    { header: '订单数', key: 'orders' },
    { header: '投诉数', key: 'cases' },
    { header: '投诉率（每千单）', key: 'ratePer1000', width: 18 },
  ]);
  for (const r of d.daily) daily.addRow(r);
  const rc = sheet(wb, '根因帕累托', [
    { header: '根因类别', key: 'label' },
    { header: '件数', key: 'cases' },
    { header: '占比', key: 'share' },
    { header: '累计占比', key: 'cumulativeShare' },
    { header: '偶发', key: 'accidental' },
    { header: '系统性', key: 'systemic' },
    { header: '上月件数', key: 'previousCases' },
    { header: '变化', key: 'change' },
    { header: '高频词', key: 'terms', width: 40 },
  ]);
  for (const r of d.rootCauses) rc.addRow({ ...r, terms: r.topTerms.join('、') });
  rc.getColumn('share').numFmt = '0.0%';
  rc.getColumn('cumulativeShare').numFmt = '0.0%';
  const cat = sheet(wb, '投诉类别', [
    { header: '类别', key: 'label' },
    { header: '件数', key: 'cases' },
    { header: '占比', key: 'share' },
  ]);
  for (const r of d.categories) cat.addRow(r);
  cat.getColumn('share').numFmt = '0.0%';
  const sys = sheet(wb, '系统性问题', [
    { header: '投诉编号', key: 'case_number', width: 20 },
    { header: '投诉类别', key: 'category' },
    { header: '根因类别', key: 'rootCause' },
    { header: '根因说明', key: 'root_cause_text', width: 50 },
    { header: '首责人', key: 'person' },
    { header: '结案时间', key: 'closed_at', width: 20 },
  ]);
  for (const r of d.systemic)
    sys.addRow({
      ...r,
      category: label(categoryLabels, r.category),
      rootCause: rootCauseName(r.root_cause_category),
      closed_at: r.closed_at ? new Date(r.closed_at) : null,
    });
  const un = sheet(wb, '未兑现承诺', [
    { header: '投诉编号', key: 'case_number', width: 20 },
    { header: '承诺内容', key: 'description', width: 40 },
    { header: '负责人', key: 'owner' },
    { header: '到期时间', key: 'due_at', width: 20 },
    { header: '状态', key: 'state' },
  ]);
  for (const r of d.unkept) un.addRow({ ...r, due_at: new Date(r.due_at), state: promiseStates[r.state] ?? r.state });
  const ppl = sheet(wb, '人员责任', [
    { header: '首责人', key: 'name' },
    { header: '结案数', key: 'cases' },
    { header: '按时数', key: 'onTime' },
    { header: '按时率', key: 'onTimeRate' },
    { header: '满意度', key: 'satisfactionAverage' },
    { header: '未兑现承诺', key: 'unkeptPromises' },
    { header: '零投诉天数', key: 'zeroComplaintStreakDays' },
  ]);
  for (const r of d.people) ppl.addRow(r);
  ppl.getColumn('onTimeRate').numFmt = '0.0%';
  const esc = sheet(wb, '未结升级', [
    { header: '投诉编号', key: 'case_number', width: 20 },
    { header: '升级对象', key: 'target' },
    { header: '机构名称', key: 'body_name', width: 24 },
    { header: '受理编号', key: 'reference_number' },
    { header: '提交时间', key: 'submitted_at', width: 20 },
  ]);
  for (const r of d.escalations)
    esc.addRow({ ...r, target: escalationName(r.target), submitted_at: new Date(r.submitted_at) });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
