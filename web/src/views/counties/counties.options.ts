/** Counties side by side: totals and medians, outcomes and applicant types stacked. */
import { METRIC_BY_ID, T3_COLUMNS, T3_ROWS, type AggregateRow, type Lang } from '@nianbao/shared';
import type { EChartsCoreOption } from 'echarts/core';
import { PALETTE, axisFormatter, chartBase, escapeHtml } from '../../lib/chart-common.ts';
import { formatMetric } from '../../lib/format.ts';
import { metricWithUnit, t } from '../../lib/i18n.ts';

export interface Part {
  metric: string;
  label: string;
  labelEn: string;
}

const strip = (s: string) => s.replace(/^（[一二三四五六七]）/, '').replace(/数$/, '');

/** The six outcomes of table 3, labelled from the catalog: 予以公开 … 其他处理. */
export const OUTCOMES: Part[] = [
  { metric: 't3.granted.total', label: strip(T3_ROWS.find((r) => r.id === 'granted')!.label), labelEn: T3_ROWS.find((r) => r.id === 'granted')!.labelEn },
  { metric: 't3.partial.total', label: strip(T3_ROWS.find((r) => r.id === 'partial')!.label), labelEn: T3_ROWS.find((r) => r.id === 'partial')!.labelEn },
  ...['applications.denied', 'applications.unable', 'applications.not_processed', 'applications.other'].map((id) => ({
    metric: id, label: strip(METRIC_BY_ID.get(id)!.label), labelEn: METRIC_BY_ID.get(id)!.labelEn,
  })),
];

/** The six applicant columns of table 3, for new applications. */
export const APPLICANTS: Part[] = T3_COLUMNS.filter((c) => c.id !== 'total').map((c) => ({ metric: `t3.new_received.${c.id}`, label: c.label, labelEn: c.labelEn }));

/** Counties to draw: all when few, else the `max` with the largest value (nulls last), in that order. */
export function countiesToDraw(rows: AggregateRow[], max = 30): AggregateRow[] {
  const sorted = [...rows].sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || a.code.localeCompare(b.code));
  return sorted.slice(0, max);
}

export function totalsOption(o: { rows: AggregateRow[]; metric: string; lang: Lang; title: string }): EChartsCoreOption {
  const m = METRIC_BY_ID.get(o.metric);
  const fmt = axisFormatter(o.metric, o.lang);
  const isShare = m?.unit === 'share';
  return {
    ...chartBase(o.lang, o.title, [PALETTE[0], PALETTE[1]]),
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (ps: { dataIndex: number; seriesName: string; value: number | null }[]) => {
        const r = o.rows[ps[0].dataIndex];
        return `${escapeHtml(r.name)}<br/>${ps.map((p) => `${escapeHtml(p.seriesName)}: ${formatMetric(o.metric, p.value, o.lang)}`).join('<br/>')}<br/>${t(o.lang, 'townships')}: ${r.townships}`;
      },
    },
    xAxis: { type: 'category', data: o.rows.map((r) => r.name), axisLabel: { rotate: o.rows.length > 8 ? 40 : 0, interval: 0 } },
    yAxis: { type: 'value', axisLabel: { formatter: fmt } },
    series: [
      { name: isShare ? metricWithUnit(o.lang, o.metric) : t(o.lang, 'sum'), type: 'bar', data: o.rows.map((r) => r.value) },
      { name: t(o.lang, 'median'), type: 'bar', data: o.rows.map((r) => r.median) },
    ],
  };
}

/** One stacked bar per county: the parts' values (county totals of each part's metric). */
export function stackedOption(o: {
  counties: AggregateRow[];
  parts: Part[];
  /** part metric → county code → value */
  values: Map<string, Map<string, number | null>>;
  lang: Lang;
  title: string;
}): EChartsCoreOption {
  return {
    ...chartBase(o.lang, o.title),
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: o.counties.map((c) => c.name), axisLabel: { rotate: o.counties.length > 8 ? 40 : 0, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: o.parts.map((p) => ({
      name: o.lang === 'en' ? p.labelEn : p.label,
      type: 'bar',
      stack: 'parts',
      emphasis: { focus: 'series' },
      data: o.counties.map((c) => o.values.get(p.metric)?.get(c.code) ?? null),
    })),
  };
}

/** The rows a stacked chart shows, as CSV cells: one row per county, one column per part. */
export function stackedCsv(o: { counties: AggregateRow[]; parts: Part[]; values: Map<string, Map<string, number | null>>; lang: Lang; year: number }): (string | number | null)[][] {
  const head = [o.lang === 'en' ? 'Code' : '区划代码', o.lang === 'en' ? 'County' : '县（区）', o.lang === 'en' ? 'Year' : '年度', ...o.parts.map((p) => (o.lang === 'en' ? p.labelEn : p.label))];
  return [head, ...o.counties.map((c) => [c.code, c.name, o.year, ...o.parts.map((p) => o.values.get(p.metric)?.get(c.code) ?? null)])];
}
