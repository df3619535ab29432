import * as echarts from 'echarts';

/** Server-side ECharts to an SVG string (no DOM, no canvas): the PDF embeds it as vector graphics. */
function svg(option: echarts.EChartsOption, width = 720, height = 300): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: 'Noto Sans CJK SC, sans-serif' }, ...option });
  const out = chart.renderToSVGString();
  chart.dispose();
  return out;
}

export function complaintRateChart(points: { period: string; cases: number; ratePer1000: number | null }[]) {
  return svg({
    title: { text: '每日投诉数与投诉率', left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0, data: ['投诉数', '投诉率（‰）'] },
    grid: { left: 50, right: 50, top: 40, bottom: 50 },
    xAxis: { type: 'category', data: points.map((p) => p.period.slice(5)) },
    yAxis: [
      { type: 'value', name: '件' },
      { type: 'value', name: '‰' },
    ],
    series: [
      { name: '投诉数', type: 'bar', data: points.map((p) => p.cases) },
      { name: '投诉率（‰）', type: 'line', yAxisIndex: 1, data: points.map((p) => p.ratePer1000 ?? '-') },
    ],
  });
}

export function paretoChart(items: { label: string; cases: number; cumulativeShare: number }[]) {
  return svg({
    title: { text: '根因帕累托图', left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0, data: ['件数', '累计占比'] },
    grid: { left: 50, right: 50, top: 40, bottom: 50 },
    xAxis: { type: 'category', data: items.map((i) => i.label) },
    yAxis: [
      { type: 'value', name: '件' },
      { type: 'value', name: '%', max: 100 },
    ],
    series: [
      { name: '件数', type: 'bar', data: items.map((i) => i.cases) },
      {
        name: '累计占比',
        type: 'line',
        yAxisIndex: 1,
        data: items.map((i) => Math.round(i.cumulativeShare * 1000) / 10),
      },
    ],
  });
}

export function categoryChart(items: { label: string; cases: number }[]) {
  return svg(
    {
      title: { text: '投诉类别分布', left: 'center', textStyle: { fontSize: 14 } },
      series: [
        {
          type: 'pie',
          radius: ['30%', '60%'],
          data: items.map((i) => ({ name: i.label, value: i.cases })),
          label: { formatter: '{b} {c}' },
        },
      ],
    },
    720,
    280,
  );
}
