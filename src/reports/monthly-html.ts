import { categoryChart, complaintRateChart, paretoChart } from './charts.ts';
import { categoryLabels, label } from './labels.ts';
import type { MonthlyData } from './monthly-data.ts';
import { escalationName, headline, rootCauseName, summaryRows } from './monthly-summary.ts';

const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
const fmt = (v: number | null, unit: string) =>
  v === null ? '—' : unit === '比例' ? `${(v * 100).toFixed(1)}%` : String(Math.round(v * 100) / 100);
const sh = (at: Date | string | null) =>
  at ? new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '';
const table = (head: string[], rows: unknown[][]) =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${
    rows.length
      ? rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')
      : `<tr><td colspan="${head.length}">无</td></tr>`
  }</tbody></table>`;

/** The monthly report as one printable HTML page (A4), charts inline as SVG; chromium prints it to PDF. */
export function monthlyHtml(d: MonthlyData): string {
  const summary = summaryRows(d).map((r) => [
    r.label,
    fmt(r.value, r.unit),
    fmt(r.previous, r.unit),
    r.change === null ? '—' : `${r.change > 0 ? '+' : ''}${fmt(r.change, r.unit)}`,
  ]);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(d.tenantName)} ${d.month} 投诉分析月报</title>
<style>
  @page { size: A4; margin: 14mm 12mm; }
  body { font-family: 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif; font-size: 10.5pt; color: #222; }
  h1 { font-size: 18pt; margin: 0 0 4px; } h2 { font-size: 13pt; border-bottom: 2px solid #1677ff; padding-bottom: 2px; margin-top: 18px; }
  .meta { color: #666; margin-bottom: 8px; } .lead p { margin: 3px 0; font-size: 11pt; }
  table { border-collapse: collapse; width: 100%; margin: 6px 0; page-break-inside: auto; }
  th, td { border: 1px solid #bbb; padding: 3px 5px; text-align: left; vertical-align: top; }
  th { background: #eef4ff; } tr { page-break-inside: avoid; }
  .chart { page-break-inside: avoid; text-align: center; }
</style></head><body>
<h1>${esc(d.tenantName)} · ${d.month} 投诉分析月报</h1>
<div class="meta">统计期间 ${d.window.from} 至 ${d.window.to}（北京时间）· 对比上月 ${d.previousMonth} · 生成于 ${sh(d.generatedAt)}</div>
<div class="lead">${headline(d)
    .map((l) => `<p>${esc(l)}</p>`)
    .join('')}</div>
<h2>一、核心指标（与上月对比）</h2>
${table(['指标', '本月', '上月', '变化'], summary)}
<div class="chart">${complaintRateChart(d.daily)}</div>
<h2>二、根因分析（帕累托）</h2>
<div class="chart">${paretoChart(d.rootCauses)}</div>
${table(
  ['根因类别', '件数', '占比', '累计占比', '偶发', '系统性', '上月', '变化', '高频词'],
  d.rootCauses.map((r) => [
    r.label,
    r.cases,
    `${(r.share * 100).toFixed(1)}%`,
    `${(r.cumulativeShare * 100).toFixed(1)}%`,
    r.accidental,
    r.systemic,
    r.previousCases,
    r.change > 0 ? `+${r.change}` : r.change,
    r.topTerms.join('、'),
  ]),
)}
<div class="chart">${categoryChart(d.categories)}</div>
<h2>三、系统性问题及相关投诉</h2>
${table(
  ['投诉编号', '投诉类别', '根因类别', '根因说明', '首责人', '结案时间'],
  d.systemic.map((s) => [
    s.case_number,
    label(categoryLabels, s.category),
    rootCauseName(s.root_cause_category),
    s.root_cause_text,
    s.person,
    sh(s.closed_at),
  ]),
)}
<h2>四、未兑现承诺</h2>
${table(
  ['投诉编号', '承诺内容', '负责人', '到期时间', '状态'],
  d.unkept.map((u) => [
    u.case_number,
    u.description,
    u.owner,
    sh(u.due_at),
    u.state === 'broken' ? '已违约' : '逾期未兑现',
  ]),
)}
<h2>五、人员责任表</h2>
${table(
  ['首责人', '结案数', '按时数', '按时率', '满意度', '未兑现承诺', '零投诉天数'],
  d.people.map((p) => [
    p.name,
    p.cases,
    p.onTime,
    p.onTimeRate === null ? '—' : `${(p.onTimeRate * 100).toFixed(1)}%`,
    p.satisfactionAverage ?? '—',
    p.unkeptPromises,
    p.zeroComplaintStreakDays ?? '—',
  ]),
)}
<h2>六、未结外部升级</h2>
${table(
  ['投诉编号', '升级对象', '机构名称', '受理编号', '提交时间'],
  d.escalations.map((e) => [
    e.case_number,
    escalationName(e.target),
    e.body_name,
    e.reference_number,
    sh(e.submitted_at),
  ]),
)}
</body></html>`;
}
