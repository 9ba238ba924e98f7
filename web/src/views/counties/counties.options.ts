/** Counties side by side: one statistic in one mode a chart, outcomes and applicant types stacked. */
import { METRIC_BY_ID, T3_COLUMNS, T3_ROWS, type AggregateRow, type Lang } from '@nianbao/shared';
import type { EChartsCoreOption } from 'echarts/core';
import { PALETTE, chartBase, escapeHtml, valueAxis } from '../../lib/chart-common.ts';
import { t } from '../../lib/i18n.ts';
import { changeFrom, formatRelative, indexTo, relativeAxisFormatter, relativeValues, type RelativeMode } from '../../lib/relative.ts';

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

/**
 * Each county's figure in a mode, from its aggregates row in the year shown and, for an index or a
 * change, its row in the base or previous year (`other`): the value itself, the index to the base
 * year (= 100), or the change (% for counts and money, percentage points for shares).
 */
export function countyFigures(now: AggregateRow[], other: AggregateRow[] | null, mode: RelativeMode, metric: string): Map<string, number | null> {
  const before = new Map((other ?? []).map((r) => [r.code, r.value]));
  const share = METRIC_BY_ID.get(metric)?.unit === 'share';
  return new Map(now.map((r) => {
    if (mode === 'value') return [r.code, r.value];
    const b = before.get(r.code) ?? null;
    return [r.code, mode === 'index' ? (share ? null : indexTo(r.value, b)) : changeFrom(r.value, b, share)];
  }));
}

/**
 * One bar per county: one statistic (total, mean or median per township) in one mode, on its own
 * axis named with its unit — a sum and a median never share an axis (the median would vanish).
 */
export function figureOption(o: { rows: AggregateRow[]; figures: Map<string, number | null>; metric: string; lang: Lang; title: string; mode: RelativeMode; unit: string }): EChartsCoreOption {
  const fmt = (v: number | null) => formatRelative(v, o.mode, o.metric, o.lang);
  return {
    ...chartBase(o.lang, o.title, [PALETTE[0]]),
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (ps: { dataIndex: number; value: number | null }[]) => {
        const r = o.rows[ps[0].dataIndex];
        return `${escapeHtml(r.name)}<br/>${escapeHtml(o.title)} · ${escapeHtml(o.unit)}: ${fmt(ps[0].value)}<br/>${t(o.lang, 'townships')}: ${r.townships}`;
      },
    },
    xAxis: { type: 'category', data: o.rows.map((r) => r.name), axisLabel: { rotate: o.rows.length > 8 ? 40 : 0, interval: 0 } },
    yAxis: o.mode === 'value'
      ? valueAxis(o.metric, o.lang, { name: o.unit })
      : { type: 'value', name: o.unit, nameTextStyle: { align: 'left', color: '#555' }, axisLabel: { formatter: relativeAxisFormatter(o.mode, o.metric) } },
    series: [{ name: o.title, type: 'bar', data: o.rows.map((r) => o.figures.get(r.code) ?? null) }],
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
  /** The axis name: the parts' unit. */
  unit?: string;
}): EChartsCoreOption {
  return {
    ...chartBase(o.lang, o.title),
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : `${v.toLocaleString(o.lang === 'en' ? 'en-GB' : 'zh-CN')}${o.unit ? ` ${o.unit}` : ''}`) },
    xAxis: { type: 'category', data: o.counties.map((c) => c.name), axisLabel: { rotate: o.counties.length > 8 ? 40 : 0, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1, name: o.unit ?? '', nameTextStyle: { align: 'left', color: '#555' } },
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

/**
 * Each county's figure over the years shown, in a mode: the rows of the over-the-years table.
 * `byYear` holds the aggregates of every year read (the years shown, plus the base year of an
 * index and the year before the first for a change); a mode reads them all, the rows show `years`.
 */
export function countyYears(byYear: Map<number, AggregateRow[]>, counties: { code: string; name: string }[], years: number[], o: { mode: RelativeMode; metric: string; base: number | null }): { code: string; name: string; values: (number | null)[] }[] {
  const read = [...byYear.keys()].sort((a, b) => a - b);
  const value = new Map(read.map((y) => [y, new Map(byYear.get(y)!.map((r) => [r.code, r.value]))]));
  return counties.map((c) => {
    const rel = relativeValues(read, read.map((y) => value.get(y)!.get(c.code) ?? null), o);
    const at = new Map(read.map((y, i) => [y, rel[i]]));
    return { code: c.code, name: c.name, values: years.map((y) => at.get(y) ?? null) };
  });
}

/** The years the over-the-years table must read: those shown, the base year of an index, the year before the first for a change (when it has data). */
export function yearsToRead(shown: number[], all: number[], mode: RelativeMode, base: number | null): number[] {
  const need = new Set(shown);
  if (mode === 'index' && base !== null) need.add(base);
  if (mode === 'change' && shown.length) need.add(shown[0] - 1);
  return [...need].filter((y) => all.includes(y)).sort((a, b) => a - b);
}

/**
 * The years the over-the-years table shows: the range chosen, or — an end left open — from the
 * first to the last year in which some county has a figure (the database's years include years
 * with other bodies' reports only).
 */
export function yearsWithFigures(shown: number[], byYear: Map<number, AggregateRow[]>, from: number | null, to: number | null): number[] {
  const has = shown.filter((y) => byYear.get(y)?.some((r) => r.value !== null));
  if (!has.length) return from === null || to === null ? [] : shown;
  const lo = from ?? has[0];
  const hi = to ?? has[has.length - 1];
  return shown.filter((y) => y >= lo && y <= hi);
}
