import type { Lang, TrendPoint } from '@nianbao/shared';
import type { EChartsCoreOption } from 'echarts/core';
import { PALETTE, chartBase, valueAxis, withUnit } from '../../lib/chart-common.ts';
import { formatMetric } from '../../lib/format.ts';

/** A small line of one metric over a township's years; the year shown is marked. */
export function sparkOption(o: { points: TrendPoint[]; metric: string; lang: Lang; title: string; year: number | null }): EChartsCoreOption {
  const years = o.points.map((p) => String(p.year));
  return {
    ...chartBase(o.lang, o.title, [PALETTE[0]]),
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => withUnit(o.metric, formatMetric(o.metric, v, o.lang), o.lang) },
    xAxis: { type: 'category', data: years, boundaryGap: false },
    // Counts tick in whole numbers (valueAxis: minInterval 1), never 0.5 件.
    yAxis: { ...valueAxis(o.metric, o.lang), splitNumber: 3 },
    series: [{
      type: 'line',
      name: o.title,
      connectNulls: false,
      symbolSize: 7,
      data: o.points.map((p) => ({
        value: p.value,
        itemStyle: p.year === o.year ? { color: PALETTE[1] } : undefined,
        symbolSize: p.year === o.year ? 11 : 7,
      })),
      label: { show: o.points.length <= 8, position: 'top', formatter: (p: { value: number | null }) => formatMetric(o.metric, p.value, o.lang) },
    }],
  };
}
