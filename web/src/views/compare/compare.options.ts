import { METRIC_BY_ID, type CompareResponse, type Lang } from '@nianbao/shared';
import type { EChartsCoreOption } from 'echarts/core';
import { PALETTE, axisFormatter, chartBase } from '../../lib/chart-common.ts';
import { formatMetric } from '../../lib/format.ts';

/** Rows of the comparison table: derived metrics (or every field), with the largest value marked. */
export function compareRows(c: CompareResponse, allFields: boolean) {
  return c.metrics
    .filter((m) => allFields || METRIC_BY_ID.get(m.id)?.source === 'derived')
    .map((m) => {
      const nums = m.values.filter((v): v is number => v !== null);
      const max = nums.length > 1 ? Math.max(...nums) : null;
      const allEqual = nums.length > 1 && nums.every((v) => v === nums[0]);
      return { ...m, best: m.values.map((v) => max !== null && !allEqual && v === max) };
    });
}

/** One bar per township for the chosen metric. */
export function compareOption(o: { data: CompareResponse; metric: string; lang: Lang; title: string }): EChartsCoreOption {
  const m = o.data.metrics.find((x) => x.id === o.metric);
  return {
    ...chartBase(o.lang, o.title, [PALETTE[0]]),
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => formatMetric(o.metric, v, o.lang) },
    xAxis: { type: 'category', data: o.data.townships.map((t) => t.name), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', axisLabel: { formatter: axisFormatter(o.metric, o.lang) } },
    series: [{ type: 'bar', name: o.title, data: m ? m.values : [], label: { show: true, position: 'top', formatter: (p: { value: number | null }) => formatMetric(o.metric, p.value, o.lang) } }],
  };
}
