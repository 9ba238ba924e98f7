/**
 * Relative views of a region's figures over years: the values themselves, an index to a base year
 * (= 100), or the change on the previous year (% for counts and money, percentage points for
 * shares). Pure functions, shared by the trends and counties views and their tables.
 */
import { METRIC_BY_ID, type Lang, type RegionStat } from '@nianbao/shared';
import { formatMetric, formatPoints } from './format.ts';
import { metricWithUnit, t } from './i18n.ts';

export type RelativeMode = 'value' | 'index' | 'change';
export const RELATIVE_MODES: readonly RelativeMode[] = ['value', 'index', 'change'];

const isShare = (metric: string) => METRIC_BY_ID.get(metric)?.unit === 'share';

/** Modes a metric offers: a share is not indexed (a ratio of ratios hides the points it moved). */
export function modesFor(metric: string): RelativeMode[] {
  return isShare(metric) ? ['value', 'change'] : [...RELATIVE_MODES];
}

/** Index of `v` to `base` (= 100); null when either is missing or the base is 0. */
export function indexTo(v: number | null, base: number | null): number | null {
  if (v === null || base === null || base === 0) return null;
  return (v / base) * 100;
}

/**
 * Change from `prev` to `v`: percent for counts and money (null when `prev` is 0: no percent of
 * nothing), percentage points for shares (0.40 → 0.45 is 5).
 */
export function changeFrom(v: number | null, prev: number | null, share: boolean): number | null {
  if (v === null || prev === null) return null;
  if (share) return (v - prev) * 100;
  if (prev === 0) return null;
  return (v / prev - 1) * 100;
}

/**
 * One series in a mode. `years` ascending, `values` aligned with them. Index: each value over the
 * base year's (null where the base has no figure). Change: over the previous calendar year's
 * value (null where that year is missing, so a gap never passes for a one-year change).
 */
export function relativeValues(years: number[], values: (number | null)[], o: { mode: RelativeMode; metric: string; base?: number | null }): (number | null)[] {
  if (o.mode === 'value') return values;
  const byYear = new Map(years.map((y, i) => [y, values[i]]));
  if (o.mode === 'index') {
    if (isShare(o.metric)) return values.map(() => null);
    const base = o.base === null || o.base === undefined ? null : (byYear.get(o.base) ?? null);
    return values.map((v) => indexTo(v, base));
  }
  return years.map((y, i) => changeFrom(values[i], byYear.get(y - 1) ?? null, isShare(o.metric)));
}

/** Years from–to (inclusive) of a list; an end left null is open. */
export function yearsBetween(years: number[], from: number | null, to: number | null): number[] {
  return years.filter((y) => (from === null || y >= from) && (to === null || y <= to));
}

/** A figure in a mode as a table and tooltip show it. */
export function formatRelative(v: number | null | undefined, mode: RelativeMode, metric: string, lang: Lang): string {
  if (mode === 'value') return formatMetric(metric, v, lang);
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  const nf = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  if (mode === 'index') return nf.format(v);
  const rounded = Math.round(v * 10) / 10;
  if (rounded === 0) return lang === 'en' ? 'unchanged' : '持平';
  const abs = isShare(metric) ? formatPoints(Math.abs(rounded), lang) : `${nf.format(Math.abs(rounded))}%`;
  return `${rounded > 0 ? '▲' : '▼'} ${abs}`;
}

/** Axis tick labels of a mode. */
export function relativeAxisFormatter(mode: Exclude<RelativeMode, 'value'>, metric: string): (v: number) => string {
  if (mode === 'index') return (v) => String(Math.round(v * 10) / 10);
  return isShare(metric) ? (v) => `${Math.round(v * 10) / 10}` : (v) => `${Math.round(v * 10) / 10}%`;
}

/** The stat's name: a share's "sum" is its pooled share. */
export function statName(stat: RegionStat, metric: string, lang: Lang): string {
  if (stat === 'sum') return t(lang, isShare(metric) ? 'stat.sumShare' : 'stat.sum');
  return t(lang, stat === 'mean' ? 'stat.mean' : 'stat.median');
}

/** What the numbers of a mode are: the metric with its unit, an index to the base year, or a change. */
export function relativeUnit(mode: RelativeMode, metric: string, lang: Lang, base?: number | null): string {
  if (mode === 'value') return metricWithUnit(lang, metric);
  if (mode === 'index') return t(lang, 'indexUnit', { base: base ?? '' });
  return t(lang, isShare(metric) ? 'changePp' : 'changePct');
}

/**
 * The numbers a relative chart shows as CSV cells (index and change are computed in the page,
 * so no API CSV has them): one row per region, one column per year, headed with what they are.
 * Values to six decimals.
 */
export function relativeCsv(o: { rows: { code: string; name: string; values: (number | null)[] }[]; years: number[]; lang: Lang; what: string }): (string | number | null)[][] {
  const six = (v: number | null) => (v === null ? null : Math.round(v * 1e6) / 1e6);
  const head = [o.lang === 'en' ? 'Code' : '区划代码', o.lang === 'en' ? 'Name' : '名称', ...o.years.map((y) => `${y}: ${o.what}`)];
  return [head, ...o.rows.map((r) => [r.code, r.name, ...r.values.map(six)])];
}
