import type { Lang, TrendSeries } from '@nianbao/shared';
import type { EChartsCoreOption } from 'echarts/core';
import { axisFormatter, chartBase } from '../../lib/chart-common.ts';
import { formatMetric } from '../../lib/format.ts';

/** Every year any series has, ascending. */
export function yearsOf(series: TrendSeries[]): number[] {
  return [...new Set(series.flatMap((s) => s.points.map((p) => p.year)))].sort((a, b) => a - b);
}

/** One line per region over the union of their years; a year a region has no report is a gap. */
export function trendOption(o: { series: TrendSeries[]; metric: string; lang: Lang; title: string }): EChartsCoreOption {
  const years = yearsOf(o.series);
  return {
    ...chartBase(o.lang, o.title),
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => formatMetric(o.metric, v, o.lang) },
    xAxis: { type: 'category', data: years.map(String), boundaryGap: false },
    yAxis: { type: 'value', axisLabel: { formatter: axisFormatter(o.metric, o.lang) } },
    series: o.series.map((s) => {
      const byYear = new Map(s.points.map((p) => [p.year, p.value]));
      return { name: s.name, type: 'line', symbolSize: 7, connectNulls: false, data: years.map((y) => byYear.get(y) ?? null) };
    }),
  };
}

/**
 * Reports behind a trend: townships with a report, summed over years and regions — a region
 * inside another selected region (its code extends the other's) is not counted twice.
 */
export function reportsBehind(series: TrendSeries[]): number {
  const inside = (x: TrendSeries) => series.some((o) => o !== x && x.code.length > o.code.length && x.code.startsWith(o.code));
  return series.filter((x) => !inside(x)).reduce((s, x) => s + x.points.reduce((a, p) => a + p.townships, 0), 0);
}
