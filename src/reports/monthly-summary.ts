import type { Figures } from './figures.ts';
import { escalationTargetLabels, label, rootCauseLabels } from './labels.ts';
import type { MonthlyData } from './monthly-data.ts';

export interface SummaryRow {
  label: string;
  value: number | null;
  previous: number | null;
  /** value − previous, null when either is missing. */
  change: number | null;
  unit: string;
}

const row =
  (l: string, unit: string, pick: (f: Figures) => number | null) =>
  (d: MonthlyData): SummaryRow => {
    const value = pick(d.figures);
    const previous = pick(d.previous);
    const change = value === null || previous === null ? null : Math.round((value - previous) * 10_000) / 10_000;
    return { label: l, value, previous, change, unit };
  };

/** The summary figures with last month beside them, in the order the report reads them. */
export const summaryRows = (d: MonthlyData): SummaryRow[] =>
  [
    row('订单数', '单', (f) => f.orders),
    row('投诉数', '件', (f) => f.cases),
    row('投诉率（每千单）', '‰', (f) => f.complaintRatePer1000),
    row('争议率', '比例', (f) => f.disputeRate),
    row('重复投诉率', '比例', (f) => f.repeatRate),
    row('首次响应工作时长中位数', '小时', (f) => f.firstResponseWorkingHours.median),
    row('首次响应工作时长 P90', '小时', (f) => f.firstResponseWorkingHours.p90),
    row('解决工作时长中位数', '小时', (f) => f.resolutionWorkingHours.median),
    row('解决工作时长 P90', '小时', (f) => f.resolutionWorkingHours.p90),
    row('SLA 达成率', '比例', (f) => f.slaAttainment),
    row('未兑现承诺', '项', (f) => f.unkeptPromises),
    row('赔付金额', '元', (f) => f.compensationFen.total / 100),
    row('满意度平均分', '分', (f) => f.satisfaction.average),
    row('差评数', '条', (f) => f.badReviews.total),
    row('差评已回复', '条', (f) => f.badReviews.answered),
    row('差评已修改', '条', (f) => f.badReviews.revised),
    row('外部升级（12315/消协等）', '件', (f) => f.externalEscalations),
    row('平台处罚', '次', (f) => f.sanctions),
  ].map((r) => r(d));

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The report's opening sentences: what went wrong most, who owns it, broken promises, the complaint rate. */
export function headline(d: MonthlyData): string[] {
  const f = d.figures;
  const p = d.previous;
  const lines: string[] = [];
  const rate = f.complaintRatePer1000;
  const before = p.complaintRatePer1000;
  lines.push(
    `本月共收到投诉 ${f.cases} 件，订单 ${f.orders} 单，投诉率 ${rate ?? '—'}‰` +
      (rate !== null && before !== null
        ? `，上月 ${before}‰，${rate > before ? '上升' : rate < before ? '下降' : '持平'} ${Math.abs(Math.round((rate - before) * 100) / 100)}‰。`
        : '。'),
  );
  const top = d.rootCauses[0];
  if (top)
    lines.push(
      `最主要的根因是「${top.label}」，${top.cases} 件，占已结案根因的 ${pct(top.share)}（其中系统性 ${top.systemic} 件）。`,
    );
  const owner = [...d.people].filter((x) => x.cases > 0).sort((a, b) => b.cases - a.cases)[0];
  if (owner) lines.push(`结案最多的首责人是 ${owner.name}（${owner.cases} 件，按时率 ${pct(owner.onTimeRate)}）。`);
  lines.push(
    `未兑现承诺 ${f.unkeptPromises} 项；SLA 达成率 ${pct(f.slaAttainment)}；未结外部升级 ${d.escalations.length} 件。`,
  );
  return lines;
}

export const rootCauseName = (k: string | null) => label(rootCauseLabels, k);
export const escalationName = (k: string) => label(escalationTargetLabels, k);
