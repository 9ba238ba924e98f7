/**
 * Pieces every option builder shares: aria, fonts, palette, value formatting on axes and tooltips.
 * No ECharts runtime here (type imports only), so builders stay importable without the chart code.
 */
import { METRIC_BY_ID, METRIC_UNITS, type Lang } from '@nianbao/shared';
import type { EChartsCoreOption } from 'echarts/core';
import { formatMetric, formatShare, isWholeNumber } from './format.ts';
import { metricWithUnit } from './i18n.ts';

// Single quotes: the SVG renderer writes this into a double-quoted style attribute.
export const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', system-ui, sans-serif";

/** ECharts aria: a generated text description of the chart for screen readers. */
export function aria(lang: Lang, title: string) {
  return {
    enabled: true,
    label: {
      enabled: true,
      description: undefined,
      general: { withTitle: lang === 'en' ? `This is a chart of “${title}”.` : `这是一个关于“${title}”的图表。`, withoutTitle: title },
      ...(lang === 'en' ? {} : {
        series: {
          maxCount: 10,
          single: { prefix: '', withName: '数据系列“{seriesName}”：', withoutName: '' },
          multiple: { prefix: '共 {seriesCount} 个数据系列。', withName: '数据系列“{seriesName}”：', withoutName: '', separator: { middle: '；', end: '。' } },
        },
        data: { maxCount: 20, allData: '数据为', partialData: '其中，前 {displayCnt} 项为', withName: '{name}：{value}', withoutName: '{value}', separator: { middle: '，', end: '' } },
      }),
    },
  };
}

export function axisFormatter(metric: string, lang: Lang) {
  const m = METRIC_BY_ID.get(metric);
  // Shares to one decimal of a percent: ticks of 0.2 %, 0.4 % must not all read "0%".
  return (v: number) => (m?.unit === 'share' ? formatShare(v, lang) : formatMetric(metric, v, lang));
}

/**
 * A value axis for a metric: its formatter, whole-number ticks for counts (no "0.5 件"), and the
 * axis name (the metric with its unit) when `named`.
 */
export function valueAxis(metric: string, lang: Lang, o: { named?: boolean; name?: string } = {}) {
  return {
    type: 'value' as const,
    axisLabel: { formatter: axisFormatter(metric, lang) },
    ...(isWholeNumber(metric) ? { minInterval: 1 } : {}),
    ...(o.named || o.name ? { name: o.name ?? metricWithUnit(lang, metric), nameTextStyle: { align: 'left' as const, color: '#555' } } : {}),
  };
}

export const textStyle = { fontFamily: FONT };

/** A formatted value with its unit for a tooltip: "12 件", "3.5 万元", "12 cases"; shares (already "%") and "—" as they are. */
export function withUnit(metric: string, text: string, lang: Lang): string {
  const m = METRIC_BY_ID.get(metric);
  if (!m || m.unit === 'share' || text === '—') return text;
  return `${text} ${METRIC_UNITS[m.unit][lang]}`;
}

/**
 * Line and bar colours: the Okabe–Ito colour-blind-safe set without its light yellow, orange and
 * sky blue (under 3:1 on white), with a dark goldenrod, indigo, wine and grey in their place.
 * Every colour has at least 3:1 contrast against white and every pair differs by ΔE*ab ≥ 30
 * (tested). Past eight series, lines also change dash and symbol (`seriesStyle`).
 */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#A6761D', '#332288', '#882255', '#666666'];

const DASHES = ['solid', 'dashed', 'dotted'] as const;
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond'] as const;

/** The i-th line's colour, dash and symbol: colours first, then dashes and symbols, so 20 lines stay apart. */
export function seriesStyle(i: number): { color: string; lineType: (typeof DASHES)[number]; symbol: (typeof SYMBOLS)[number] } {
  const round = Math.floor(i / PALETTE.length);
  return { color: PALETTE[i % PALETTE.length], lineType: DASHES[round % DASHES.length], symbol: SYMBOLS[round % SYMBOLS.length] };
}

function channel(c: number): number {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}
function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map(channel);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours (1–21). */
export function contrastRatio(a: string, b = '#ffffff'): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** CIE76 colour difference ΔE*ab (sRGB, D65): how far apart two colours look (≥ ~20 tells apart at a glance). */
export function deltaE(a: string, b: string): number {
  const lab = (hex: string) => {
    const [r, g, bl] = rgb(hex).map(channel);
    const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
    const x = f((0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047);
    const y = f(0.2126 * r + 0.7152 * g + 0.0722 * bl);
    const z = f((0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883);
    return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
  };
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/** Tooltips are HTML in ECharts: names come from report files anyone could write, so escape them. */
/** What every chart option starts with: its text alternative, font, no animation, its colours. */
export function chartBase(lang: Lang, title: string, color: string[] = PALETTE) {
  return { aria: aria(lang, title), textStyle, animation: false, color };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** What a downloaded chart says about itself: title, unit, scope (region), year or years. */
export interface ChartMeta {
  title: string;
  unit?: string;
  scope?: string;
  years?: string;
}

export const SOURCE_LINE: Record<Lang, string> = {
  zh: '来源：Nianbao，据各乡镇政府信息公开工作年度报告',
  en: 'Source: Nianbao, from township government-information-disclosure annual reports',
};

/** Space a downloaded chart adds above (title, subtitle) and below (source line) the drawing. */
export const EXPORT_TOP = 64;
export const EXPORT_BOTTOM = 36;

function shifted(v: unknown, by: number): unknown {
  return typeof v === 'number' ? v + by : v === undefined ? by : v;
}

/** The subtitle of a downloaded chart: unit · scope · years, the parts that are known. */
export function exportSubtitle(meta: ChartMeta): string {
  return [meta.unit, meta.scope, meta.years].filter((s) => s && s.trim()).join(' · ');
}

/**
 * The option a chart is downloaded with (PNG or SVG): the screen option with the title, a
 * subtitle (unit · scope · year) above it, and the source line (plus the screen caption: reports
 * behind it) below it, on white. The drawing moves down by EXPORT_TOP; the image grows by
 * EXPORT_TOP + EXPORT_BOTTOM.
 */
export function exportOption(option: EChartsCoreOption, meta: ChartMeta, lang: Lang, caption = ''): EChartsCoreOption {
  const o = option as Record<string, unknown>;
  const grid = o.grid as Record<string, unknown> | undefined;
  const legend = o.legend as Record<string, unknown> | undefined;
  // The screen caption ("数据来源：4 份报告，2024 年") joins the source line without its own "source".
  const behind = caption.replace(/^(数据来源：|Source:\s*)/, '');
  const source = behind ? `${SOURCE_LINE[lang]}${lang === 'en' ? '. ' : '。'}${behind}` : SOURCE_LINE[lang];
  return {
    ...o,
    backgroundColor: '#ffffff',
    title: { text: meta.title, subtext: exportSubtitle(meta), left: 12, top: 8, textStyle: { fontFamily: FONT, fontSize: 16, color: '#111' }, subtextStyle: { fontFamily: FONT, fontSize: 12, color: '#444' } },
    grid: grid ? { ...grid, top: shifted(grid.top, EXPORT_TOP), bottom: shifted(grid.bottom, EXPORT_BOTTOM) } : { top: EXPORT_TOP + 16, bottom: EXPORT_BOTTOM + 8, left: 8, right: 16, containLabel: true },
    ...(legend ? { legend: { ...legend, top: shifted(legend.top, EXPORT_TOP) } } : {}),
    graphic: [{ type: 'text', left: 12, bottom: 10, style: { text: source, fill: '#444', font: `12px ${FONT}` } }],
  } as EChartsCoreOption;
}
