import { topRegionCodes, type AggregateRow, type Lang, type TrendSeries } from '@nianbao/shared';
import type { EChartsCoreOption } from 'echarts/core';
import { chartBase, escapeHtml, seriesStyle, valueAxis } from '../../lib/chart-common.ts';
import { formatRelative, relativeAxisFormatter, relativeUnit, relativeValues, type RelativeMode } from '../../lib/relative.ts';

/** Every year any series has, ascending. */
export function yearsOf(series: TrendSeries[]): number[] {
  return [...new Set(series.flatMap((s) => s.points.map((p) => p.year)))].sort((a, b) => a - b);
}

export interface TrendView {
  metric: string;
  /** The years shown (a from–to range of `yearsOf`). */
  years: number[];
  mode: RelativeMode;
  /** Base year of the index mode. */
  base?: number | null;
}

/**
 * The numbers a trend shows, one row per series over `years`, in the view's mode: the chart and
 * the table under it both draw these. A mode reads every year the series has (a change in the
 * first year shown compares with the year before it, when there is one).
 */
export function trendRows(series: TrendSeries[], v: TrendView): { code: string; name: string; values: (number | null)[] }[] {
  return series.map((s) => {
    const all = s.points.map((p) => p.year);
    const rel = relativeValues(all, s.points.map((p) => p.value), { mode: v.mode, metric: v.metric, base: v.base });
    const byYear = new Map(all.map((y, i) => [y, rel[i]]));
    return { code: s.code, name: s.name, values: v.years.map((y) => byYear.get(y) ?? null) };
  });
}

/** One line per region over the years shown; a year a region has no figure is a gap. Colours, dashes and symbols from `seriesStyle`. */
export function trendOption(o: { series: TrendSeries[]; lang: Lang; title: string } & TrendView): EChartsCoreOption {
  const rows = trendRows(o.series, o);
  const unit = relativeUnit(o.mode, o.metric, o.lang, o.base);
  const yAxis = o.mode === 'value'
    ? valueAxis(o.metric, o.lang, { named: true })
    : { type: 'value', scale: o.mode === 'index', name: unit, nameTextStyle: { align: 'left', color: '#555' }, axisLabel: { formatter: relativeAxisFormatter(o.mode, o.metric) } };
  return {
    ...chartBase(o.lang, o.title, rows.map((_, i) => seriesStyle(i).color)),
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 24, top: 64, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (ps: { seriesName: string; value: number | null; marker: string; axisValue: string }[]) =>
        `${escapeHtml(ps[0]?.axisValue ?? '')} · ${escapeHtml(unit)}<br/>${ps.map((p) => `${p.marker}${escapeHtml(p.seriesName)}: ${formatRelative(p.value, o.mode, o.metric, o.lang)}`).join('<br/>')}`,
    },
    xAxis: { type: 'category', data: o.years.map(String), boundaryGap: false },
    yAxis,
    series: rows.map((r, i) => {
      const st = seriesStyle(i);
      return {
        name: r.name, type: 'line', symbol: st.symbol, symbolSize: 7, connectNulls: false,
        lineStyle: { type: st.lineType, width: 2 }, itemStyle: { color: st.color },
        data: r.values,
      };
    }),
  };
}

/**
 * Reports behind a trend: townships with a report, summed over years and regions — a region
 * inside another selected region (its code extends the other's) is not counted twice.
 */
export function reportsBehind(series: TrendSeries[], years?: number[]): number {
  const inside = (x: TrendSeries) => series.some((o) => o !== x && x.code.length > o.code.length && x.code.startsWith(o.code));
  const shown = (y: number) => !years || years.includes(y);
  return series.filter((x) => !inside(x)).reduce((s, x) => s + x.points.reduce((a, p) => a + (shown(p.year) ? p.townships : 0), 0), 0);
}

/** With nothing chosen for the whole country: the provinces drawn (shared with the server's warm-up). */
export function topProvinces(rows: AggregateRow[], n: number): { codes: string[]; withData: number } {
  return topRegionCodes(rows, n);
}
