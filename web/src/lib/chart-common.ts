/**
 * Pieces every option builder shares: aria, fonts, palette, value formatting on axes and tooltips.
 * No ECharts runtime here (type imports only), so builders stay importable without the chart code.
 */
import { METRIC_BY_ID, type Lang } from '@nianbao/shared';
import { formatMetric } from './format.ts';

export const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

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
  return (v: number) => (m?.unit === 'share' ? `${Math.round(v * 100)}%` : formatMetric(metric, v, lang));
}

export const textStyle = { fontFamily: FONT };

/** Palette: colour-blind-safe (Okabe–Ito), in the order series take it. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000', '#999999'];

/** Tooltips are HTML in ECharts: names come from report files anyone could write, so escape them. */
/** What every chart option starts with: its text alternative, font, no animation, its colours. */
export function chartBase(lang: Lang, title: string, color: string[] = PALETTE) {
  return { aria: aria(lang, title), textStyle, animation: false, color };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
