/**
 * Overview: headline figures, top/bottom townships, distribution. Pure functions from API
 * answers to figures and ECharts options; tested without a browser.
 */
import type { AggregateRow, Lang, LeagueRow } from '@nianbao/shared';
import type { EChartsCoreOption } from 'echarts/core';
import { PALETTE, chartBase, escapeHtml, valueAxis } from '../../lib/chart-common.ts';
import { formatMetric, rankLabels } from '../../lib/format.ts';
import { metricWithUnit, t } from '../../lib/i18n.ts';

export interface Headline {
  reports: number;
  townships: number;
  proactive: number | null;
  received: number | null;
  disputes: number | null;
  failing: number;
}

/**
 * Headline figures of a scope from aggregates at the scope's own level (one row: the scope) or,
 * for the whole country, at province level (summed). `reports` is the region tree's count of ok
 * reports; `townships` and `failing` come from the aggregates (one report per township and year).
 */
export function headline(
  scope: string,
  reports: number,
  rows: { proactive: AggregateRow[]; received: AggregateRow[]; disputes: AggregateRow[] },
): Headline {
  const pick = (list: AggregateRow[]) => (scope === 'all' ? list : list.filter((r) => r.code === scope));
  const sum = (list: AggregateRow[]) => {
    const vals = pick(list).map((r) => r.value).filter((v): v is number => v !== null);
    return vals.length ? Math.round(vals.reduce((a, b) => a + b, 0) * 1e6) / 1e6 : null;
  };
  const base = pick(rows.proactive);
  return {
    reports,
    townships: base.reduce((s, r) => s + r.townships, 0),
    proactive: sum(rows.proactive),
    received: sum(rows.received),
    disputes: sum(rows.disputes),
    failing: base.reduce((s, r) => s + Math.round((r.failingShare ?? 0) * r.reports), 0),
  };
}

/** Rows tied at a cut that a list leaves out: how many, at which rank, and whether more may lie past the rows read. */
export interface TiedOut {
  n: number;
  rank: number | null;
  orMore: boolean;
}

/**
 * Top and bottom townships: the `n` highest (from a descending league) and the `n` lowest with a
 * value (ascending league); when the descending page holds the whole league (`total` rows), all
 * of them, once. Ties are kept whole: every township tied with the n-th is in the top (up to
 * `cap` rows; those left out are counted in `topTiedOut`), so a 12-way tie at rank 3 shows as
 * twelve "=3" rows, never as 8 of them.
 */
export function topBottom(desc: LeagueRow[], asc: LeagueRow[], n: number, total: number, cap = 2 * n): { top: LeagueRow[]; bottom: LeagueRow[]; topTiedOut: TiedOut | null; bottomTiedOut: TiedOut | null } {
  const ranked = desc.filter((r) => r.value !== null);
  const ascRanked = asc.filter((r) => r.value !== null);
  if (total <= desc.length && ranked.length <= cap) return { top: ranked, bottom: [], topTiedOut: null, bottomTiedOut: null };
  const { kept: top, out: topTiedOut } = keepTies(ranked, n, cap, total > desc.length);
  const seen = new Set(top.map((r) => r.code));
  const rest = ascRanked.filter((r) => !seen.has(r.code));
  const { kept, out: bottomTiedOut } = keepTies(rest, n, cap, asc.length < total);
  return { top, bottom: kept.reverse(), topTiedOut, bottomTiedOut };
}

/** The first `n` rows and every row tied with the n-th (same value), at most `cap`; the tied rows left out. */
function keepTies(rows: LeagueRow[], n: number, cap: number, pageCut: boolean): { kept: LeagueRow[]; out: TiedOut | null } {
  if (rows.length <= n) return { kept: rows, out: null };
  const cutValue = rows[n - 1].value;
  let end = n;
  while (end < rows.length && rows[end].value === cutValue) end++;
  const kept = rows.slice(0, Math.min(end, Math.max(n, cap)));
  const left = end - kept.length;
  // The page read ended inside the tie: more tied rows may follow it.
  const orMore = pageCut && end === rows.length;
  return { kept, out: left > 0 || orMore ? { n: left, rank: rows[n - 1].rank, orMore } : null };
}

/**
 * Horizontal bars, rank 1 at the top; bottom townships in a second colour below. Top rows are
 * labelled with their rank, a tied one as "=3".
 */
export function topBottomOption(o: { top: LeagueRow[]; bottom: LeagueRow[]; metric: string; lang: Lang; title: string }): EChartsCoreOption {
  const rows = [...o.top, ...o.bottom];
  const ranks = rankLabels(o.top.map((r) => r.rank));
  const label = (r: LeagueRow, i: number) => (i < o.top.length ? `${ranks[i]} ${r.name}` : r.name);
  const names = rows.map(label).reverse();
  const isTop = rows.map((_, i) => i < o.top.length).reverse();
  const values = rows.map((r) => r.value).reverse();
  return {
    ...chartBase(o.lang, o.title, [PALETTE[0], PALETTE[1]]),
    grid: { left: 8, right: 56, top: 28, bottom: 8, containLabel: true },
    legend: o.bottom.length ? { top: 0, data: [t(o.lang, 'top'), t(o.lang, 'bottom')] } : undefined,
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number; value: number }) => {
        const i = rows.length - 1 - p.dataIndex;
        const r = rows[i];
        const rank = i < o.top.length ? `<br/>${t(o.lang, 'rank')}: ${ranks[i]}` : '';
        return `${escapeHtml(r.name)}${r.countyName ? ` · ${escapeHtml(r.countyName)}` : ''}<br/>${escapeHtml(metricWithUnit(o.lang, o.metric))}: ${formatMetric(o.metric, r.value, o.lang)}${rank}`;
      },
    },
    xAxis: valueAxis(o.metric, o.lang),
    yAxis: { type: 'category', data: names, axisLabel: { width: 160, overflow: 'truncate' } },
    series: [
      {
        name: t(o.lang, 'top'), type: 'bar', stack: 'v',
        data: values.map((v, i) => (isTop[i] ? v : null)),
        label: { show: true, position: 'right', formatter: (p: { value: number }) => formatMetric(o.metric, p.value, o.lang) },
      },
      ...(o.bottom.length
        ? [{
            name: t(o.lang, 'bottom'), type: 'bar', stack: 'v',
            data: values.map((v, i) => (isTop[i] ? null : v)),
            label: { show: true, position: 'right', formatter: (p: { value: number }) => formatMetric(o.metric, p.value, o.lang) },
          }]
        : []),
    ],
  };
}

export interface Bin {
  from: number;
  to: number;
  count: number;
}

/**
 * Histogram of values (nulls left out). Counts get one bin per integer while the range is small,
 * otherwise about `maxBins` bins of a "nice" whole width, `to` being the last value a bin holds.
 * Other values (money, shares) get equal-width bins [from, to), the last one including its bound.
 */
export function histogram(values: (number | null)[], maxBins = 20, integer = true): Bin[] {
  const vs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!vs.length) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const v of vs) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (integer && max - min + 1 <= maxBins) {
    const bins: Bin[] = [];
    for (let x = Math.floor(min); x <= Math.floor(max); x++) bins.push({ from: x, to: x, count: 0 });
    for (const v of vs) bins[Math.floor(v) - Math.floor(min)].count++;
    return bins;
  }
  if (min === max) return [{ from: min, to: max, count: vs.length }];
  const raw = (max - min) / maxBins;
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw)!;
  if (integer) {
    // Whole numbers: whole steps, each bin labelled with the first and last value it holds.
    step = Math.max(1, Math.ceil(step));
    const start = Math.floor(min / step) * step;
    const n = Math.floor((max - start) / step) + 1;
    const bins: Bin[] = Array.from({ length: n }, (_, i) => ({ from: start + i * step, to: start + (i + 1) * step - 1, count: 0 }));
    for (const v of vs) bins[Math.floor((v - start) / step)].count++;
    return bins;
  }
  const start = Math.floor(min / step) * step;
  const n = Math.max(1, Math.ceil((max - start) / step + 1e-9));
  const bins: Bin[] = Array.from({ length: n }, (_, i) => ({ from: start + i * step, to: start + (i + 1) * step, count: 0 }));
  for (const v of vs) bins[Math.min(n - 1, Math.floor((v - start) / step))].count++;
  return bins;
}

export function binLabel(b: Bin, metric: string, lang: Lang, integerBins: boolean): string {
  if (b.from === b.to) return formatMetric(metric, b.from, lang);
  return `${formatMetric(metric, b.from, lang)}–${formatMetric(metric, b.to, lang)}`;
}

export function histogramOption(o: { bins: Bin[]; metric: string; lang: Lang; title: string; integer?: boolean }): EChartsCoreOption {
  const integerBins = o.integer ?? o.bins.every((b) => b.from === b.to);
  return {
    ...chartBase(o.lang, o.title, [PALETTE[2]]),
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', name: metricWithUnit(o.lang, o.metric), nameLocation: 'middle', nameGap: 28, data: o.bins.map((b) => binLabel(b, o.metric, o.lang, integerBins)) },
    yAxis: { type: 'value', name: t(o.lang, 'townshipsInBin'), minInterval: 1 },
    series: [{ name: t(o.lang, 'townshipsInBin'), type: 'bar', barCategoryGap: '8%', data: o.bins.map((b) => b.count) }],
  };
}
