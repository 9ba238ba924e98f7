import type { Lang } from '@nianbao/shared';
import type { EChartsCoreOption } from 'echarts/core';
import { axisFormatter, chartBase } from '../../lib/chart-common.ts';
import { formatMetric, isWholeNumber } from '../../lib/format.ts';
import type { yearMatrix } from './league.ts';

/**
 * Each listed body's values across years as lines (the region's total row is left to the table:
 * on one axis it would flatten every department's line). A year without a report is a gap.
 */
export function bodyYearsOption(o: { matrix: ReturnType<typeof yearMatrix>; skip: number; metric: string; lang: Lang; title: string }): EChartsCoreOption {
  return {
    ...chartBase(o.lang, o.title),
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => formatMetric(o.metric, v, o.lang) },
    xAxis: { type: 'category', data: o.matrix.years.map(String), boundaryGap: false },
    yAxis: { type: 'value', ...(isWholeNumber(o.metric) ? { minInterval: 1 } : {}), axisLabel: { formatter: axisFormatter(o.metric, o.lang) } },
    series: o.matrix.rows.slice(o.skip).map((r) => ({ name: r.name, type: 'line', symbolSize: 7, connectNulls: false, data: r.values })),
  };
}
