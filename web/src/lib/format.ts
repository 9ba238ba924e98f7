import { METRIC_BY_ID, type Lang } from '@nianbao/shared';

const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-GB' };
const fmtCache = new Map<string, Intl.NumberFormat>();
function nf(lang: Lang, digits: number): Intl.NumberFormat {
  const key = `${lang}:${digits}`;
  let f = fmtCache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits });
    fmtCache.set(key, f);
  }
  return f;
}

/** A plain number: grouping, at most `digits` decimals; null → "—". */
export function formatNumber(v: number | null | undefined, lang: Lang = 'zh', digits = 2): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return nf(lang, digits).format(v);
}

/** A share 0–1 as a percentage with one decimal. */
export function formatShare(v: number | null | undefined, lang: Lang = 'zh'): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return `${nf(lang, 1).format(v * 100)}%`;
}

/** A value of a metric as its unit wants it: shares as %, money with 2 decimals, counts whole. */
export function formatMetric(id: string, v: number | null | undefined, lang: Lang = 'zh'): string {
  const m = METRIC_BY_ID.get(id);
  if (m?.unit === 'share') return formatShare(v, lang);
  return formatNumber(v, lang, m?.unit === 'money' ? 2 : 2);
}

/** A change from last year with its arrow: ▲ up, ▼ down, = unchanged; null → "—". */
export function formatChange(id: string, v: number | null | undefined, lang: Lang = 'zh'): { text: string; dir: 'up' | 'down' | 'same' | 'none' } {
  if (v === null || v === undefined) return { text: '—', dir: 'none' };
  if (v === 0) return { text: '= 0', dir: 'same' };
  const abs = formatMetric(id, Math.abs(v), lang);
  return v > 0 ? { text: `▲ ${abs}`, dir: 'up' } : { text: `▼ ${abs}`, dir: 'down' };
}

/** Counts are whole numbers; money and shares are not. */
export function isWholeNumber(metric: string): boolean {
  const u = METRIC_BY_ID.get(metric)?.unit;
  return u === 'count' || u === 'items';
}
