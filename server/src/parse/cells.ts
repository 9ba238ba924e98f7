/**
 * Cell-level normalisation shared by every table parser: labels, numbers and null markers.
 */

/**
 * Full-width ASCII (０-９, （）, ，) folded to half-width, one character for one, so indices into
 * the folded text are indices into the original (evidence is quoted from the original).
 */
export function foldWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Lines of a text with any line ending; the plain split is much cheaper than the regex one. */
export function splitLines(text: string): string[] {
  return text.indexOf('\r') < 0 ? text.split('\n') : text.split(/\r\n|\r|\n/);
}

/** NFKC folds full-width digits, letters and brackets to ASCII. */
export function nfkc(s: string): string {
  // normalize() is costly on every cell; most cells hold nothing it would change.
  return COMPAT.test(s) ? s.normalize('NFKC') : s;
}
/** Characters NFKC rewrites that reports use: full-width forms, ideographic space, enclosed numbers. */
const COMPAT = /[\u00a0\u2150-\u24ff\u2e80-\u2fdf\u3000\u3200-\u33ff\uf900-\ufaff\ufe10-\ufe6f\uff00-\uffef]/;

/**
 * A label reduced to what identifies it: NFKC, no whitespace, no quotes or punctuation,
 * so `结 果 维 持`, `(一) 予以公开` and `（一）予以公开` compare equal.
 */
const LABEL_NOISE = /[\s\u3000“”"'‘’「」『』《》〈〉*#_`:：,，、.．。;；()（）\[\]【】]+/g;

const labelCache = new Map<string, string>();

export function normalizeLabel(s: string): string {
  // Reports repeat the template's labels, so most calls are cache hits; the cache is bounded.
  let n = labelCache.get(s);
  if (n === undefined) {
    n = nfkc(s).replace(LABEL_NOISE, '');
    if (labelCache.size >= 20_000) labelCache.clear();
    labelCache.set(s, n);
  }
  return n;
}

/**
 * One shape for every kind (value 0 and unit undefined where they mean nothing): rows are built
 * from millions of these, and mixed object shapes make V8's property access megamorphic.
 */
export interface CellValue {
  kind: 'number' | 'null' | 'blank' | 'label';
  value: number;
  unit: string | undefined;
}

const num = (value: number, unit?: string): CellValue => ({ kind: 'number', value, unit });

const NULL_MARKERS = new Set(['/', '-', '—', '–', '－', '－', '—', '──', '——', '无', '/', '\\', '--']);

/** Parses a table cell: a number, an explicit null marker (`/ - — 无`), blank, or label text. */
/** `0`…`999999999` without a regex: most value cells are short plain integers. */
function plainInt(s: string): number {
  const n = s.length;
  if (n === 0 || n > 9) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}
/** A cell whose first visible character cannot start a number or a null marker is a label. */
const MAY_BE_VALUE = /^[\s\u3000]*(?:[\d\-−/\\—–－／０-９无]|$)/;
const LABEL: CellValue = { kind: 'label', value: 0, unit: undefined };
const BLANK: CellValue = { kind: 'blank', value: 0, unit: undefined };
const NULL: CellValue = { kind: 'null', value: 0, unit: undefined };

/**
 * A cell the parser could not decide (a flattened digit run that splits more than one way). It
 * travels through rows and table parsers as the number NaN, so they need no extra channel, and
 * parseReport turns every NaN field into null listed in `uncertain`.
 */
export const UNCERTAIN_CELL = '?';
const UNCERTAIN: CellValue = { kind: 'number', value: NaN, unit: undefined };

export function classifyCell(raw: string): CellValue {
  if (raw === '') return BLANK;
  if (raw === UNCERTAIN_CELL) return UNCERTAIN;
  const direct = plainInt(raw);
  if (direct >= 0) return num(direct);
  // A cell whose first character is a CJK ideograph other than 无 is a label: skip the regexes.
  const c0 = raw.charCodeAt(0);
  if (c0 >= 0x4e00 && c0 <= 0x9fff && c0 !== 0x65e0) return LABEL;
  if (!MAY_BE_VALUE.test(raw)) return LABEL;
  const t = raw.trim();
  const trimmed = plainInt(t);
  if (trimmed >= 0) return num(trimmed);
  const s = nfkc(raw).replace(/[\s\u3000]+/g, '');
  if (s === '') return BLANK;
  if (NULL_MARKERS.has(s)) return NULL;
  // Thousands separators: 1,234 or 1，234 (NFKC made the latter a comma already).
  const unsep = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? s.replace(/,/g, '') : s;
  // A number may carry its unit in the cell (`18703元`, `5件`); the unit is kept for money checks.
  const m = /^([-−])?(\d+(?:\.\d+)?)(万元|元|件|条|个|次|项)?$/.exec(unsep);
  if (m) return num((m[1] ? -1 : 1) * Number(m[2]), m[3]);
  return LABEL;
}

/** Page-number lines printed inside tables: `- 3 -`, `-3-`, `— 3 —`, `第 3 页`, `3/7`. */
export function isPageNumberLine(line: string): boolean {
  if (line.length > 24 || !/[\d０-９]/.test(line)) return false;
  const s = nfkc(line).trim();
  return /^[-—–]\s*\d{1,3}\s*[-—–]$/.test(s) || /^第\s*\d{1,3}\s*页(\s*[,，/]?\s*共\s*\d{1,3}\s*页)?$/.test(s) || /^\d{1,3}\s*\/\s*\d{1,3}$/.test(s);
}
