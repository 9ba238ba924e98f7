import { METRIC_BY_ID, type CompareResponse, type Lang } from '@nianbao/shared';
import type { EChartsCoreOption } from 'echarts/core';
import { PALETTE, chartBase, valueAxis } from '../../lib/chart-common.ts';
import { bestMarks, betterOfMetric, formatMetric } from '../../lib/format.ts';
import { metricWithUnit } from '../../lib/i18n.ts';
import { withUnit } from '../../lib/chart-common.ts';

/**
 * Rows of the comparison table: derived metrics (or every field), each with its direction and
 * the best value marked by it (the largest where higher is better, the smallest where lower is;
 * none on neutral metrics).
 */
export function compareRows(c: CompareResponse, allFields: boolean) {
  return c.metrics
    .filter((m) => allFields || METRIC_BY_ID.get(m.id)?.source === 'derived')
    .map((m) => ({ ...m, better: betterOfMetric(m.id), best: bestMarks(m.id, m.values) }));
}

/** The sign of a direction beside a metric's name: ↑ higher is better, ↓ lower is better, none for neutral. */
export function directionSign(better: 'higher' | 'lower' | 'neutral'): string {
  return better === 'higher' ? '↑' : better === 'lower' ? '↓' : '';
}

/** One bar per township for the chosen metric, on an axis named with the metric and its unit. */
export function compareOption(o: { data: CompareResponse; metric: string; lang: Lang; title: string }): EChartsCoreOption {
  const m = o.data.metrics.find((x) => x.id === o.metric);
  const name = metricWithUnit(o.lang, o.metric);
  return {
    ...chartBase(o.lang, o.title, [PALETTE[0]]),
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => withUnit(o.metric, formatMetric(o.metric, v, o.lang), o.lang) },
    xAxis: { type: 'category', data: o.data.townships.map((t) => t.name), axisLabel: { interval: 0 } },
    yAxis: valueAxis(o.metric, o.lang, { named: true }),
    series: [{ type: 'bar', name, data: m ? m.values : [], label: { show: true, position: 'top', formatter: (p: { value: number | null }) => formatMetric(o.metric, p.value, o.lang) } }],
  };
}
