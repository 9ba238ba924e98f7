import iconv from 'iconv-lite';
import { parseDocument } from 'htmlparser2';
import { decodeText } from './text.ts';
import { ExtractError, type Extracted, type Extractor } from './types.ts';

/**
 * A saved government web page → text. The report body is found among the site's navigation and
 * footers; paragraphs become lines; each data table row becomes one line of tab-separated cells.
 * Merged cells (`rowspan`, `colspan`) are written once, in the row and column where they start:
 * the parser joins a row's label cells and reads its values in order, so a label merged over
 * several rows must not be repeated into the rows below (it would change their labels).
 */

/** The DOM nodes htmlparser2 builds, as far as this module reads them. */
interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  data?: string;
  parent?: DomNode | null;
}

const SKIP = new Set(['script', 'style', 'noscript', 'iframe', 'template', 'svg', 'object', 'select', 'button', 'head']);
const CHROME = new Set(['nav', 'header', 'footer', 'aside', 'form']);
const BLOCK = new Set([
  'p', 'div', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'section', 'article', 'main', 'table', 'tr',
  'blockquote', 'pre', 'hr', 'dd', 'dt', 'dl', 'center', 'body', 'html', 'caption', 'figure',
]);
const REPORT_MARK = /本年新收|第二十条|行政复议|主动公开/;

/** Charset named by a `<meta>` tag in the first bytes, read as ASCII. */
function metaCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 4096).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  return m ? m[1].toLowerCase() : null;
}

export function decodeHtml(bytes: Buffer): { html: string; encoding: string; warnings: string[] } {
  const hasBom = bytes[0] === 0xef || bytes[0] === 0xff || bytes[0] === 0xfe;
  const declared = metaCharset(bytes);
  // A page re-saved as UTF-8 often keeps its old `charset=gb2312`: bytes that are valid UTF-8
  // with multi-byte characters are UTF-8 whatever the tag says (GB bytes almost never are).
  if (!hasBom && declared && !/^utf-?8$/.test(declared) && isMultibyteUtf8(bytes)) {
    return { html: bytes.toString('utf8'), encoding: 'UTF-8', warnings: [`page declares ${declared} but is UTF-8; decoded as UTF-8`] };
  }
  if (!hasBom && declared && !/^utf-?8$/.test(declared)) {
    // GB2312 and GBK pages often use GB18030 characters; the superset decodes them all.
    const enc = /^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn)$/.test(declared) ? 'GB18030' : declared;
    if (iconv.encodingExists(enc)) {
      const html = enc === 'GB18030' ? gb18030().decode(bytes) : iconv.decode(bytes, enc);
      const bad = (html.match(/\uFFFD/g) ?? []).length;
      const warnings = [`page is ${declared} (meta tag); decoded as ${enc}`];
      if (bad) warnings.push(`${bad} undecodable byte sequence(s) in the page`);
      return { html, encoding: enc, warnings };
    }
  }
  const { text, encoding, warnings } = decodeText(bytes);
  return { html: text, encoding, warnings };
}

let gbDecoder: TextDecoder | null = null;
/** The platform's GB18030 decoder (ICU) is several times faster than iconv-lite's. */
function gb18030(): { decode(b: Buffer): string } {
  if (!gbDecoder) {
    try {
      gbDecoder = new TextDecoder('gb18030');
    } catch {
      return { decode: (b) => iconv.decode(b, 'GB18030') }; // Node built without full ICU
    }
  }
  return gbDecoder;
}

function isMultibyteUtf8(bytes: Buffer): boolean {
  if (!bytes.some((b) => b >= 0x80)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function isElement(n: DomNode): boolean {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

function hidden(n: DomNode): boolean {
  const a = n.attribs;
  if (!a) return false;
  if (a.hidden !== undefined) return true;
  return a.style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(a.style);
}

function textOf(n: DomNode): string {
  if (n.type === 'text') return n.data ?? '';
  if (!isElement(n) || SKIP.has(n.name!) || hidden(n)) return '';
  if (n.name === 'br') return ' ';
  return (n.children ?? []).map(textOf).join('');
}

function hasDescendant(n: DomNode, name: string): boolean {
  return (n.children ?? []).some((c) => isElement(c) && (c.name === name || hasDescendant(c, name)));
}

function decodeEntitiesSpaces(s: string): string {
  return s.replace(/[\u00a0\u2002\u2003\u2009\u200b\ufeff]/g, ' ');
}

function cellText(td: DomNode): string {
  return decodeEntitiesSpaces(textOf(td)).replace(/\s+/g, ' ').trim();
}

const NUMERIC = /^[-−]?\d[\d,]*(\.\d+)?(万元|元)?$/;

/** A data table: each `<tr>` one line, its own cells only (merged cells appear where they start). */
/** Where each table row line sits in the page: `第 2 个表格第 5 行`, by index into the output lines. */
interface TablePlaces {
  tables: number;
  at: Map<number, string>;
}

function renderTable(table: DomNode, out: string[], places?: TablePlaces): void {
  const rows: DomNode[] = [];
  const collect = (n: DomNode) => {
    for (const c of n.children ?? []) {
      if (!isElement(c)) continue;
      if (c.name === 'tr') rows.push(c);
      else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') collect(c);
    }
  };
  collect(table);
  const tableNo = places ? ++places.tables : 0;
  for (const [k, tr] of rows.entries()) {
    if (hidden(tr)) continue;
    const cells = (tr.children ?? []).filter((c) => isElement(c) && (c.name === 'td' || c.name === 'th') && !hidden(c)).map(cellText);
    if (cells.every((c) => c === '')) continue;
    // In a row of numbers, an empty cell after the label is a blank cell (null), not padding.
    const lastLabel = cells.reduce((k, c, i) => (c !== '' && !NUMERIC.test(c.replace(/\s/g, '')) ? i : k), -1);
    const hasNumber = cells.some((c) => NUMERIC.test(c.replace(/\s/g, '')));
    const line = cells.map((c, i) => (c === '' && hasNumber && i > lastLabel ? '/' : c));
    places?.at.set(out.length, `第 ${tableNo} 个表格第 ${k + 1} 行`);
    out.push(line.join('\t'));
  }
}

function flush(out: string[], buf: { s: string }): void {
  if (!buf.s) return;
  const s = buf.s.replace(/[ \t]+/g, ' ').trim();
  if (s) out.push(s);
  buf.s = '';
}

function render(n: DomNode, out: string[], buf: { s: string }, places?: TablePlaces): void {
  if (n.type === 'text') {
    buf.s += decodeEntitiesSpaces(n.data ?? '').replace(/\s+/g, ' ');
    return;
  }
  if (n.type !== 'tag' && n.type !== 'root') return;
  if (n.name && (SKIP.has(n.name) || hidden(n))) return;
  if (n.name === 'table' && !hasDescendant(n, 'table')) {
    flush(out, buf);
    renderTable(n, out, places);
    return;
  }
  const block = n.name ? BLOCK.has(n.name) || n.name === 'td' || n.name === 'th' : false;
  if (block) flush(out, buf);
  for (const c of n.children ?? []) render(c, out, buf, places);
  if (block) flush(out, buf);
}

interface Measure {
  /** Characters of visible text, whitespace excluded. */
  chars: number;
  /** Report tables (data tables holding report words) inside. */
  tables: number;
  /** Holds any table / report words (`报告`, `情况`, `公开`) in its text. */
  hasTable: boolean;
  words: boolean;
  /** Holds the report's first section heading (`总体情况`). */
  overview: boolean;
}

/** One bottom-up pass measuring every element, for picking the report body. */
function measureAll(root: DomNode): Map<DomNode, Measure> {
  const m = new Map<DomNode, Measure>();
  const visit = (n: DomNode): Measure => {
    const out: Measure = { chars: 0, tables: 0, hasTable: false, words: false, overview: false };
    for (const c of n.children ?? []) {
      if (c.type === 'text') {
        const t = c.data ?? '';
        out.chars += t.replace(/\s+/g, '').length;
        if (!out.words && /报告|情况|公开/.test(t)) out.words = true;
        if (!out.overview && /总体情况|总体概述/.test(t)) out.overview = true;
      } else if (isElement(c) && !SKIP.has(c.name!) && !hidden(c)) {
        const k = visit(c);
        out.chars += k.chars;
        out.tables += k.tables;
        out.hasTable ||= k.hasTable || c.name === 'table';
        out.words ||= k.words;
        out.overview ||= k.overview;
      }
    }
    if (n.name === 'table' && !out.hasTable && REPORT_MARK.test(textOf(n))) out.tables++;
    m.set(n, out);
    return out;
  };
  visit(root);
  return m;
}

/**
 * The report body: the smallest element holding all of the page's report tables and most of its
 * report text; without report tables, the element with the most paragraph text. Navigation and
 * footers (`nav`, `header`, `footer`, …) are dropped first.
 */
function findBody(root: DomNode): DomNode {
  const prune = (n: DomNode) => {
    n.children = (n.children ?? []).filter((c) => !(isElement(c) && (CHROME.has(c.name!) || SKIP.has(c.name!))));
    for (const c of n.children) prune(c);
  };
  prune(root);
  const m = measureAll(root);
  const all = m.get(root)!;
  let best = root;
  const descend = (n: DomNode) => {
    for (const c of n.children ?? []) {
      const s = m.get(c);
      if (!s || (c.name === 'table' && !s.hasTable)) continue;
      // The body keeps every report table and the narrative: the 总体情况 section where the page
      // has one (however long the site's link lists), else most of the page's text.
      const keepsTables = all.tables === 0 || s.tables === all.tables;
      const keepsNarrative = all.overview ? s.overview : s.chars >= 0.5 * all.chars;
      if (keepsTables && keepsNarrative && s.words) {
        best = c;
        descend(c);
        return;
      }
    }
  };
  descend(root);
  return best;
}

const TITLE_META = /^(articletitle|article:title|og:title|twitter:title|dc\.title|title|subject)$/i;
/** Class or id of a site's article-title element (`article_title`, `news-tit`, `bt`, `wzbt`…). */
const TITLE_CLASS = /(^|[\s_-])(title|tit|bt|biaoti|wzbt|xxbt)([\s_-]|$)|(article|detail|news|content|con|doc|info)[_-]?(title|tit)/i;
const REPORT_TITLE = /\d{4}\s*年[^。，]{0,20}(年度报告|工作报告|年报)/;

function plain(n: DomNode): string {
  return decodeEntitiesSpaces(textOf(n)).replace(/\s+/g, ' ').trim();
}

/**
 * The titles a page states for its article, best first: its article-title `meta`, `<title>`
 * (the site's name after `_` or `|` cut off), article-title elements and the first heading; a
 * title naming a year and 年度报告 before one that does not. Collected before the body is
 * chosen, as the title often sits outside it.
 */
export function pageTitles(root: DomNode): string[] {
  const metas: string[] = [];
  const heads: string[] = [];
  const elements: string[] = [];
  const headings: string[] = [];
  const visit = (n: DomNode, inList: boolean) => {
    for (const c of n.children ?? []) {
      if (!isElement(c)) continue;
      const a = c.attribs ?? {};
      if (c.name === 'meta') {
        const key = a.name ?? a.property ?? a.itemprop ?? '';
        if (TITLE_META.test(key) && a.content) metas.push(decodeEntitiesSpaces(a.content).replace(/\s+/g, ' ').trim());
        continue;
      }
      if (c.name === 'title') {
        const t = plain({ ...c, name: 'span' });
        heads.push(t.split(/\s*(?:_|\||｜|——|--)\s*/)[0].trim());
        continue;
      }
      if (c.name === 'head') {
        visit(c, true);
        continue;
      }
      if (SKIP.has(c.name!) || hidden(c)) continue;
      const list = inList || c.name === 'a' || c.name === 'li' || c.name === 'nav';
      if (!list && (TITLE_CLASS.test(a.class ?? '') || TITLE_CLASS.test(a.id ?? ''))) {
        const t = plain(c);
        if (t && t.length <= 120) elements.push(t);
      } else if (!list && /^h[1-3]$/.test(c.name!) && headings.length === 0) {
        const t = plain(c);
        if (t && t.length <= 120) headings.push(t);
      }
      visit(c, list);
    }
  };
  visit(root, false);
  const all = [...new Set([...metas, ...heads, ...elements, ...headings].filter((t) => t.length >= 4))];
  return [...all.filter((t) => REPORT_TITLE.test(t)), ...all.filter((t) => !REPORT_TITLE.test(t))].slice(0, 6);
}

/**
 * Elements nested deeper than this are read as plain text (their text in order, a line break at
 * each block): the walks below recurse, and a page of 100,000 unclosed tags would overflow the
 * stack — in a worker thread sooner than on the main one. Real report pages nest under 60 deep.
 */
export const MAX_HTML_DEPTH = 400;

function capDepth(root: DomNode, warnings: string[]): void {
  const stack: [DomNode, number][] = [[root, 0]];
  let deepest = 0;
  let capped = false;
  while (stack.length) {
    const [n, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    if (!n.children?.length) continue;
    if (depth < MAX_HTML_DEPTH) {
      for (const c of n.children) stack.push([c, depth + 1]);
      continue;
    }
    // Below the cap: the subtree's text nodes in document order, blocks as line breaks.
    const flat: DomNode[] = [];
    const todo: DomNode[] = [...n.children].reverse();
    while (todo.length) {
      const c = todo.pop()!;
      if (c.type === 'text') flat.push(c);
      else if (isElement(c) && !SKIP.has(c.name!)) {
        if (BLOCK.has(c.name!) || c.name === 'td' || c.name === 'th') flat.push({ type: 'tag', name: 'br', children: [] });
        for (let k = (c.children ?? []).length - 1; k >= 0; k--) todo.push(c.children![k]);
      }
    }
    n.children = flat;
    capped = true;
  }
  if (capped) warnings.push(`page nests elements more than ${MAX_HTML_DEPTH} deep; what lies deeper was read as plain text`);
}

/** Beyond this nesting the page is refused before parsing: htmlparser2 takes time quadratic in depth (100,000 deep: 10 s). */
export const MAX_HTML_NESTING = 5000;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements a parser closes by themselves at the next of their kind: not counted as nesting. */
const SELF_CLOSING = new Set(['p', 'li', 'td', 'th', 'tr', 'option', 'dt', 'dd']);

/** How deep the page's tags nest, counted by one linear scan of its tags (stops past `limit`). */
function tagNesting(html: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const name = m[2].toLowerCase();
    if (VOID.has(name) || SELF_CLOSING.has(name) || m[3]) continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > deepest && (deepest = depth) > limit) break;
  }
  return deepest;
}

export function htmlToText(html: string, warnings: string[] = []): { text: string; titles: string[]; places: Map<number, string> } {
  if (tagNesting(html, MAX_HTML_NESTING) > MAX_HTML_NESTING) throw new ExtractError(`page nests its elements more than ${MAX_HTML_NESTING} deep: not read (no report page does)`);
  const root = parseDocument(html, { decodeEntities: true, lowerCaseTags: true }) as unknown as DomNode;
  capDepth(root, warnings);
  const titles = pageTitles(root);
  const body = findBody(root);
  const out: string[] = [];
  const buf = { s: '' };
  const places: TablePlaces = { tables: 0, at: new Map() };
  render(body, out, buf, places);
  if (buf.s.trim()) out.push(buf.s.trim());
  return { text: out.join('\n'), titles, places: places.at };
}

export const htmlExtractor: Extractor = {
  format: 'html',
  extensions: ['.html', '.htm', '.shtml', '.xhtml'],
  async extract(bytes: Buffer): Promise<Extracted> {
    if (bytes.length === 0) throw new ExtractError('empty file');
    const { html, encoding, warnings } = decodeHtml(bytes);
    const { text, titles, places } = htmlToText(html, warnings);
    if (text.trim() === '') throw new ExtractError('page has no text');
    return { text, source: `HTML, ${encoding}`, warnings, titles, locate: (line) => places.get(line - 1) ?? null };
  },
};
