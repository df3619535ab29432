import * as echarts from 'echarts';
import { type CSSProperties, useEffect, useRef } from 'react';

export type ChartOption = echarts.EChartsCoreOption;

/** A small ECharts wrapper: option in, optional click handler (data of the clicked item) out. */
export function Chart(props: {
  option: ChartOption;
  onClick?: (params: echarts.ECElementEvent) => void;
  style?: CSSProperties;
  ariaLabel?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onClick = useRef(props.onClick);
  onClick.current = props.onClick;

  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => onClick.current?.(p as echarts.ECElementEvent));
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(ref.current);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...props.option }, true);
  }, [props.option]);

  return (
    <div ref={ref} role="img" aria-label={props.ariaLabel} style={{ width: '100%', height: 320, ...props.style }} />
  );
}
