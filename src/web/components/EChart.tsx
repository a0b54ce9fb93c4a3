import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the pages draw (complexity: bars, product space, scatter; tracking's dashboard: bars, pie, the trend's lines): the bundle
// carries these charts, not all of echarts.
echarts.use([BarChart, GraphChart, LineChart, PieChart, ScatterChart, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** What a click on a chart item tells: the series and the item's name, data and index (a category or slice). */
export interface ChartClick {
  seriesId?: string;
  name: string;
  data: unknown;
  dataIndex: number;
}

/**
 * An ECharts chart that follows its container's width, replaces its option when it changes, and reports clicks.
 * Imported only by lazily loaded pages, so echarts stays out of the first load.
 */
export function EChart({ option, height, onClick, testId }: { option: ChartOption; height: number; onClick?: (click: ChartClick) => void; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  useEffect(() => {
    clickRef.current = onClick;
  });

  useEffect(() => {
    const el = box.current!;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => clickRef.current?.({ seriesId: params.seriesId, name: params.name, data: params.data, dataIndex: params.dataIndex }));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} data-testid={testId} />;
}
