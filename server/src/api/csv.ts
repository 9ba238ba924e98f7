import { METRIC_UNITS, messageIn } from '@nianbao/shared';

/**
 * CSV as Chinese-Windows Excel reads it: UTF-8 with a BOM (without one Excel assumes GBK and
 * garbles the text), a header of Chinese labels (English on request), region codes kept as text,
 * and text cells that Excel would run as a formula neutralised.
 */
export const BOM = '\uFEFF';

export type CsvLang = 'zh' | 'en';
export type CsvCell = string | number | boolean | null | undefined;

export interface CsvColumn<Row> {
  zh: string;
  en: string;
  /**
   * `code`: a region code, written so that Excel keeps it as text (no 5.11725E+08, no lost zeros);
   * `term`: a word the database stores in English (a status, a level), said in the CSV's language;
   * `message`: a parser warning or file error, stored in English, said in the CSV's language.
   */
  kind?: 'code' | 'value' | 'term' | 'message';
  value: (row: Row) => CsvCell;
}

/**
 * The words the database stores (report and check statuses, region matching, levels, corrections)
 * as each language's CSV says them: a Chinese CSV carries no `ok` or `resolved`. The English ones
 * are the stored words, which API users filter by.
 */
export const CSV_TERMS: Record<string, { zh: string; en: string }> = {
  ok: { zh: '成功', en: 'ok' },
  failed: { zh: '失败', en: 'failed' },
  resolved: { zh: '已匹配', en: 'resolved' },
  ambiguous: { zh: '不明确', en: 'ambiguous' },
  unresolved: { zh: '未匹配', en: 'unresolved' },
  pass: { zh: '通过', en: 'pass' },
  fail: { zh: '未通过', en: 'fail' },
  uncertain: { zh: '无法判断', en: 'uncertain' },
  province: { zh: '省', en: 'province' },
  city: { zh: '市', en: 'city' },
  county: { zh: '县（区）', en: 'county' },
  township: { zh: '乡镇（街道）', en: 'township' },
  active: { zh: '生效', en: 'active' },
  superseded: { zh: '已被替代', en: 'superseded' },
  reverted: { zh: '已撤销', en: 'reverted' },
  needs_review: { zh: '待复核', en: 'needs_review' },
  // The metric catalog's units and sources (metrics.csv).
  ...Object.fromEntries(Object.entries(METRIC_UNITS).map(([id, u]) => [`unit.${id}`, id === 'share' ? { zh: '比例（0–1）', en: 'share (0–1)' } : u])),
  'source.field': { zh: '表格字段', en: 'field' },
  'source.derived': { zh: '计算所得', en: 'derived' },
};

/** Cells starting like a formula get a leading apostrophe (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export function csvCell(v: CsvCell, kind: CsvColumn<unknown>['kind'], lang: CsvLang): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  // A leading tab makes Excel treat a digit string as text; it is our own prefix, not user data.
  if (kind === 'code') return /^\d+$/.test(v) ? `\t${v}` : escapeText(v);
  if (kind === 'term') return escapeText(CSV_TERMS[v]?.[lang] ?? v);
  if (kind === 'message') return escapeText(messageIn(lang, v));
  return escapeText(v);
}

export function csvHeader<Row>(columns: CsvColumn<Row>[], lang: CsvLang): string[] {
  return columns.map((c) => (lang === 'zh' ? c.zh : c.en));
}

export function csvRecord<Row>(columns: CsvColumn<Row>[], row: Row, lang: CsvLang): string[] {
  return columns.map((c) => csvCell(c.value(row), c.kind, lang));
}

/**
 * A metric's column header with its unit: 主动公开信息数（条）, Proactive disclosures (items); a share
 * says its scale once, 公开率…（比例，0–1）, Granted share (…) [0–1].
 */
export function metricCsvHeader(m: { label: string; labelEn: string; unit: string }, units: Record<string, { zh: string; en: string }>, lang: CsvLang): string {
  if (m.unit === 'share') return lang === 'zh' ? `${m.label}（比例，0–1）` : `${m.labelEn} [0–1]`;
  return lang === 'zh' ? `${m.label}（${units[m.unit].zh}）` : `${m.labelEn} (${units[m.unit].en})`;
}

/** csv-stringify's options for the same format (CRLF like Excel writes; tab-prefixed codes quoted so no tool trims the tab away). */
export const CSV_OPTIONS = { record_delimiter: 'windows' as const, quoted_match: /^\t/ };

/**
 * One record, CRLF-terminated, quoted when it holds a comma, a quote or any line break (RFC 4180;
 * csv-stringify leaves a lone \n or \r bare, which splits the row), or starts with the code tab.
 * As `stringify([cells], CSV_OPTIONS)` otherwise, without its per-call cost: the full export
 * writes 200,000 records of 300 cells.
 */
export function csvLine(cells: string[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (i) out += ',';
    if (c.length && (c.charCodeAt(0) === 9 || NEEDS_QUOTES.test(c))) out += `"${c.replace(/"/g, '""')}"`;
    else out += c;
  }
  return `${out}\r\n`;
}
const NEEDS_QUOTES = /[",\r\n]/;

/** The whole document, BOM first. */
export function renderCsv<Row>(columns: CsvColumn<Row>[], rows: Iterable<Row>, lang: CsvLang): string {
  let out = BOM + csvLine(csvHeader(columns, lang));
  for (const r of rows) out += csvLine(csvRecord(columns, r, lang));
  return out;
}

/** `Content-Disposition` for a download; the ASCII name plus an RFC 5987 UTF-8 one. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
