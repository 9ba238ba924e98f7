import { METRIC_BY_ID, type Lang, type MetricBetter } from '@nianbao/shared';

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
  return formatNumber(v, lang, 2);
}

/** Whether a rise is good, bad or neither for a metric (its catalog direction). */
export type Tone = 'good' | 'bad' | 'neutral';

export function betterOfMetric(id: string): MetricBetter {
  return METRIC_BY_ID.get(id)?.better ?? 'neutral';
}

/** The tone of a move in `dir` for a metric: good when it goes the better way, bad when the worse. */
export function toneOf(id: string, dir: 'up' | 'down' | 'same' | 'none'): Tone {
  const b = betterOfMetric(id);
  if (b === 'neutral' || dir === 'same' || dir === 'none') return 'neutral';
  return (dir === 'up') === (b === 'higher') ? 'good' : 'bad';
}

const UNCHANGED: Record<Lang, string> = { zh: '持平', en: 'unchanged' };

/** Percentage points: "5.2 个百分点" / "5.2 pp". */
export function formatPoints(pp: number, lang: Lang = 'zh'): string {
  const n = nf(lang, 1).format(pp);
  return lang === 'en' ? `${n} pp` : `${n} 个百分点`;
}

/**
 * A change from last year with its arrow: ▲ up, ▼ down. A share's change is a difference of
 * percentages, shown in percentage points (0.40 → 0.45 is "▲5 pp", never "▲12.5%"). A change
 * that is zero, or rounds to zero as shown, is "持平"/"unchanged" (never "▲0"). `tone` says
 * whether the move is good or bad for the metric (neutral metrics: neither).
 */
export function formatChange(id: string, v: number | null | undefined, lang: Lang = 'zh'): { text: string; dir: 'up' | 'down' | 'same' | 'none'; tone: Tone } {
  if (v === null || v === undefined || Number.isNaN(v)) return { text: '—', dir: 'none', tone: 'neutral' };
  const isShare = METRIC_BY_ID.get(id)?.unit === 'share';
  const abs = isShare ? formatPoints(Math.abs(v) * 100, lang) : formatMetric(id, Math.abs(v), lang);
  if (v === 0 || /^[0.,\s]*(%| pp| 个百分点)?$/.test(abs)) return { text: UNCHANGED[lang], dir: 'same', tone: 'neutral' };
  const dir = v > 0 ? 'up' : 'down';
  return { text: `${dir === 'up' ? '▲' : '▼'} ${abs}`, dir, tone: toneOf(id, dir) };
}

/**
 * Which values are the best of a row, by the metric's direction: the largest for higher-is-better,
 * the smallest for lower-is-better, none for neutral metrics, none when all present values are
 * equal or fewer than two are present. Every value tied at the best is marked.
 */
export function bestMarks(id: string, values: (number | null)[]): boolean[] {
  const b = betterOfMetric(id);
  const nums = values.filter((v): v is number => v !== null && !Number.isNaN(v));
  if (b === 'neutral' || nums.length < 2 || nums.every((v) => v === nums[0])) return values.map(() => false);
  const best = b === 'higher' ? Math.max(...nums) : Math.min(...nums);
  return values.map((v) => v === best);
}

/**
 * Rank labels with ties shown: "=3" where more than one row holds rank 3 (competition ranks, so
 * the next rank skips), "3" otherwise, "—" for no rank.
 */
export function rankLabels(ranks: (number | null)[]): string[] {
  const count = new Map<number, number>();
  for (const r of ranks) if (r !== null) count.set(r, (count.get(r) ?? 0) + 1);
  return ranks.map((r) => (r === null ? '—' : (count.get(r) ?? 0) > 1 ? `=${r}` : String(r)));
}

/** Counts are whole numbers; money and shares are not. */
export function isWholeNumber(metric: string): boolean {
  const u = METRIC_BY_ID.get(metric)?.unit;
  return u === 'count' || u === 'items';
}
