/**
 * Pure helpers of the data-quality view: the link of every "failing" count in the dashboard, the
 * API query of a URL state, and how a problem row reads.
 */
import { messageIn, type Lang, type QualityQuery, type QualityRow, type QualityRuleFilter } from '@nianbao/shared';
import type { UrlState } from '../../lib/url.ts';

export const QUALITY_PAGE = 50;
/** Rows per page offered (the URL's `size` may hold any of 1–1000). */
export const PAGE_SIZES = [20, 50, 100, 200];

/**
 * The quality list behind a failing count: the reports the leagues count (townships, one per
 * township and year) in `scope` (any level, or 'all') and `year` that fail a hard rule.
 */
export function failingLink(scope: string, year: number | null): Partial<UrlState> {
  return { view: 'quality', scope, year, rule: 'failing', townships: true, page: 1, q: '', sel: [], report: null };
}

/** The API query of the quality view's URL state. */
export function qualityQuery(s: Pick<UrlState, 'scope' | 'year' | 'rule' | 'townships' | 'page' | 'size'>): QualityQuery {
  return {
    region: s.scope,
    ...(s.year !== null ? { year: s.year } : {}),
    ...(s.rule ? { rule: s.rule } : {}),
    ...(s.townships ? { townships: true } : {}),
    page: s.page,
    pageSize: s.size,
  };
}

export function pageCount(total: number, pageSize = QUALITY_PAGE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** Where a report was placed, widest first: 省 › 市 › 县 › 乡镇 (names, codes where no name). */
export function placeOf(r: QualityRow): string {
  const parts = [
    r.provinceName ?? r.provinceCode, r.cityName ?? r.cityCode, r.countyName ?? r.countyCode, r.townshipName ?? r.townshipCode,
  ].filter((x): x is string => !!x);
  // Municipalities repeat their name at city level (北京市 › 北京市): say it once.
  return parts.filter((p, i) => p !== parts[i - 1]).join(' › ');
}

const RULE_WORDS: Record<'failing' | 'file' | 'region', [string, string]> = {
  failing: ['未通过勾稽校验（任一规则）', 'Failing a consistency rule (any)'],
  file: ['无法读取的文件', 'Files that could not be read'],
  region: ['区划未能确定的报告', 'Reports whose place is not settled'],
};

/** A rule filter's name; rules 1–6 by their title (`titles`: rule → title in the language). */
export function ruleFilterLabel(rule: QualityRuleFilter | null, lang: Lang, titles: Map<number, string>): string {
  if (rule === null) return lang === 'en' ? 'Every problem' : '全部问题';
  if (rule === 'failing' || rule === 'file' || rule === 'region') return RULE_WORDS[rule][lang === 'en' ? 1 : 0];
  const n = Number(rule);
  return `${lang === 'en' ? 'Rule' : '规则'} ${n}${titles.get(n) ? `：${titles.get(n)}` : ''}`;
}

/** What is wrong with a report, in a few words: the error, the rules failed, or the unsettled place. */
export function problemOf(r: QualityRow, lang: Lang): string {
  const en = lang === 'en';
  // The error is stored in English; a Chinese page says it through the shared message catalog.
  if (r.status === 'failed') return r.error ? messageIn(lang, r.error) : en ? 'could not be read' : '无法读取';
  const out: string[] = [];
  if (r.failedRules.length) out.push(`${en ? 'rules' : '规则'} ${r.failedRules.join(', ')}`);
  if (r.regionStatus !== 'resolved') {
    const what = r.regionStatus === 'ambiguous' ? (en ? 'place ambiguous' : '区划不唯一') : en ? 'place unresolved' : '区划未识别';
    const cands = r.candidates.map((c) => `${c.name}（${c.code}）`).join('；');
    out.push(cands ? `${what}: ${cands}` : what);
  }
  return out.join(en ? '; ' : '；');
}
