import { stringify } from 'csv-stringify/sync';

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
  /** `code`: a region code, written so that Excel keeps it as text (no 5.11725E+08, no lost zeros). */
  kind?: 'code' | 'value';
  value: (row: Row) => CsvCell;
}

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
  return escapeText(v);
}

export function csvHeader<Row>(columns: CsvColumn<Row>[], lang: CsvLang): string[] {
  return columns.map((c) => (lang === 'zh' ? c.zh : c.en));
}

export function csvRecord<Row>(columns: CsvColumn<Row>[], row: Row, lang: CsvLang): string[] {
  return columns.map((c) => csvCell(c.value(row), c.kind, lang));
}

/** CRLF like Excel writes; tab-prefixed codes quoted so no tool trims the tab away as whitespace. */
export const CSV_OPTIONS = { record_delimiter: 'windows' as const, quoted_match: /^\t/ };

/** The whole document, BOM first. */
export function renderCsv<Row>(columns: CsvColumn<Row>[], rows: Iterable<Row>, lang: CsvLang): string {
  const records: string[][] = [csvHeader(columns, lang)];
  for (const r of rows) records.push(csvRecord(columns, r, lang));
  return BOM + stringify(records, CSV_OPTIONS);
}

/** `Content-Disposition` for a download; the ASCII name plus an RFC 5987 UTF-8 one. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
