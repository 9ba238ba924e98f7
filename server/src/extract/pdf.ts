import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { columnsByRepeatedGroups, gridOf, readWideTable, readingOrder } from './pdfGrid.ts';
import { MAX_PDF_PAGES, runPdftotext } from './pdftotextRunner.ts';
import { ExtractError, type Extracted, type Extractor } from './types.ts';

/**
 * PDF with a text layer → lines, tables as tab-separated rows. pdfjs gives positioned text runs;
 * lines are rebuilt from their y, cells from gaps in x. A table row is a line holding value cells;
 * the label fragments around it (labels wrapped in their cell, merged cells printed one character
 * per line, a group label centred on several rows) are joined to the row whose band holds them.
 */

interface Item {
  x: number;
  /** Baseline, measured from the page top. */
  y: number;
  w: number;
  h: number;
  s: string;
}

interface Line {
  y: number;
  items: Item[];
}

interface Cell {
  x: number;
  right: number;
  y: number;
  /** Font size (the smallest of its runs). */
  h: number;
  text: string;
  /** The runs glued into it (a label that runs into a value can be cut back at a run). */
  parts: { x: number; right: number; text: string }[];
}

const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));
const CMAPS = pathToFileURL(join(PDFJS_DIR, 'cmaps') + '/').href;
const FONTS = pathToFileURL(join(PDFJS_DIR, 'standard_fonts') + '/').href;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

const VALUE = /^(?:[-−]?\d[\d,]*(?:\.\d+)?(?:万元|元)?|[/／]|[-—–－]{1,2}|无)$/;
const PAGE_NUMBER = /^(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*\/\s*\d{1,3})$/;

/**
 * CJK fonts often map ideographs to their radical code points in the PDF's ToUnicode table
 * (`⼀` U+2F00 for 一, `⺠` U+2EA0 for 民). Kangxi radicals fold by NFKC; the supplement block
 * has no decomposition, so its common ones are mapped here.
 */
const RADICAL_SUPPLEMENT: Record<string, string> = {
  '⺠': '民', '⻓': '长', '⻅': '见', '⻆': '角', '⻔': '门', '⻢': '马', '⻥': '鱼', '⻋': '车', '⻚': '页', '⻛': '风',
  '⻜': '飞', '⻝': '食', '⻉': '贝', '⻄': '西', '⻩': '黄', '⻬': '齐', '⻮': '齿', '⻰': '龙', '⻳': '龟', '⺟': '母',
  '⻘': '青', '⻨': '麦', '⻭': '齿', '⺁': '厂', '⺇': '几', '⺌': '小', '⺍': '小', '⺕': '彐', '⺝': '月',
  '⺢': '水', '⺩': '王', '⺮': '竹', '⺶': '羊', '⺼': '肉', '⻊': '足', '⻌': '辶', '⻍': '辶', '⻎': '辶', '⻏': '阝',
  '⻖': '阝', '⻗': '雨', '⻙': '韦', '⻣': '骨', '⻤': '鬼', '⻦': '鸟', '⻧': '卤', '⻪': '黾', '⻯': '龙',
};
export function foldRadicals(s: string): string {
  return s.replace(/[\u2e80-\u2fdf]/g, (c) => RADICAL_SUPPLEMENT[c] ?? c.normalize('NFKC'));
}

function isValue(text: string): boolean {
  return VALUE.test(text.replace(/\s+/g, ''));
}

/**
 * Engines: `pdftotext` (poppler, a separate process run by pdftotextRunner.ts) reads a report in about a tenth of pdfjs's
 * CPU time, as pdfjs translates every embedded font program (and each glyph procedure of
 * Chromium's Type3 fonts) even for text alone. pdfjs reads when pdftotext is not installed or
 * fails on a file, and when `NIANBAO_PDF_ENGINE=pdfjs`.
 */
export type PdfEngine = 'pdftotext' | 'pdfjs';
let preferred: PdfEngine = process.env.NIANBAO_PDF_ENGINE === 'pdfjs' ? 'pdfjs' : 'pdftotext';
let pdftotextMissing = false;

/** Chooses the engine (tests run both); pdftotext still falls back to pdfjs when missing. */
export function setPdfEngine(engine: PdfEngine): void {
  preferred = engine;
}

const WORD = /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g;
const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/**
 * Words of each page through `pdftotext -bbox`; null when it is not used, missing, or cannot read
 * the file (pdfjs then reads it, and names the error: encrypted, damaged). A word's box spans
 * the font's ascent to descent: its bottom stands for the baseline, its height gives the size.
 */
async function pdftotextPages(bytes: Buffer): Promise<Item[][] | null> {
  if (preferred !== 'pdftotext' || pdftotextMissing) return null;
  const run = await runPdftotext(bytes);
  if (run.missing) pdftotextMissing = true;
  const xhtml = run.xhtml;
  if (xhtml === null) return null;
  const pages: (Item & { vertical: boolean })[][] = [];
  let words: (Item & { vertical: boolean })[] = [];
  for (const m of xhtml.matchAll(WORD)) {
    if (m[1] !== undefined) {
      words = [];
      pages.push(words);
      continue;
    }
    const s = foldRadicals(m[7].replace(/&\w+;/g, (e) => ENTITY[e] ?? e)).trim();
    if (!s) continue;
    const [x0, y0, x1, y1] = [m[3], m[4], m[5], m[6]].map(Number);
    // A vertical word (ideographs stacked, taller than a horizontal pair even in Type3 boxes): as
    // pdfjs gives a rotated run, its size is its width and its place the first character's.
    const vertical = s.length > 1 && IDEOGRAPHS.test(s) && y1 - y0 > 1.6 * (x1 - x0);
    words.push(vertical ? { x: x0, y: y0 + (x1 - x0), w: x1 - x0, h: x1 - x0, s, vertical } : { x: x0, y: y1, w: x1 - x0, h: y1 - y0, s, vertical });
  }
  if (!pages.length) return null;
  if (pages.length > MAX_PDF_PAGES) throw new ExtractError(`PDF of more than ${MAX_PDF_PAGES} pages (a report has a few dozen): not read`);
  const sizeOf = fontSizes(pages.flat().filter((it) => !it.vertical));
  return pages.map((page) => joinRuns(page.map(({ vertical, ...it }) => (vertical ? it : { ...it, h: sizeOf(it.h) }))));
}

const IDEOGRAPHS = /^[\u4e00-\u9fff]+$/;
const NUMBER_RUN = /^[-−]?\d[\d,.]*$/;

/**
 * Font size from a word's box height. The box spans the font's ascent to descent, which depends
 * on the font (Chromium's Type3 fonts give boxes over twice the size); an ideograph is one em
 * wide, so the narrowest ideograph advance among words of a box height is that height's size.
 * A height with no such word (a Latin font) is taken as the size: such fonts' boxes are about
 * 1.1 em, and CJK fonts' ratios say nothing about them.
 */
function fontSizes(words: Item[]): (boxHeight: number) => number {
  const em = new Map<number, number>();
  for (const it of words) {
    if (!IDEOGRAPHS.test(it.s)) continue;
    const key = Math.round(it.h * 10);
    const advance = it.w / it.s.length;
    if (advance < (em.get(key) ?? Infinity)) em.set(key, advance);
  }
  return (h) => em.get(Math.round(h * 10)) ?? (h || 10);
}

/**
 * Words back into runs, as pdfjs gives them: poppler splits at every space, so `- 1 -` or
 * `2024 年` would read as separate cells. A word less than 0.6 em after the last on its line
 * (pdfjs's limit for a space in a run) continues it; a space is kept only between Latin words,
 * as poppler also splits words where the font changes (`2024` `年`).
 */
function joinRuns(words: Item[]): Item[] {
  const runs: Item[] = [];
  for (const it of words) {
    const last = runs[runs.length - 1];
    const gap = last ? it.x - (last.x + last.w) : -1;
    // A number after a gap is a run of its own (a table's narrow columns bring values close to
    // each other and to labels); cells are glued back from runs where they are one.
    const numbers = last && NUMBER_RUN.test(it.s) && gap > 0.15 * Math.min(it.h, last.h);
    if (last && !numbers && gap >= 0 && gap < 0.6 * Math.min(it.h, last.h) && Math.abs(it.y - last.y) < 0.3 * Math.min(it.h, last.h)) {
      last.s += (gap > 0.25 * it.h && /[\w.]$/.test(last.s) && /^\w/.test(it.s) ? ' ' : '') + it.s;
      last.w = it.x + it.w - last.x;
      last.h = Math.max(last.h, it.h);
    } else runs.push({ ...it });
  }
  return runs;
}

/** One pdfjs worker for all documents: setting one up per document costs more than reading it. */
let sharedWorker: InstanceType<PdfJs['PDFWorker']> | null = null;

/** Text runs of each page through pdfjs (the fallback engine: slow on embedded CJK fonts). */
async function pdfjsPages(bytes: Buffer): Promise<Item[][]> {
  const { getDocument, PDFWorker } = await loadPdfJs();
  if (!sharedWorker || sharedWorker.destroyed) sharedWorker = new PDFWorker({ verbosity: 0 });
  let doc;
  try {
    doc = await getDocument({
      worker: sharedWorker,
      data: new Uint8Array(bytes),
      cMapUrl: CMAPS,
      cMapPacked: true,
      standardFontDataUrl: FONTS,
      disableFontFace: true,
      useSystemFonts: false,
      isEvalSupported: false,
      verbosity: 0,
    }).promise;
  } catch (e) {
    const msg = (e as Error).message;
    throw new ExtractError(/password/i.test(msg) ? 'encrypted PDF: needs a password' : `cannot read PDF: ${msg}`);
  }
  const pages: Item[][] = [];
  if (doc.numPages > MAX_PDF_PAGES) {
    await doc.destroy();
    throw new ExtractError(`PDF of ${doc.numPages} pages (more than ${MAX_PDF_PAGES}; a report has a few dozen): not read`);
  }
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const height = page.getViewport({ scale: 1 }).height;
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const raw of content.items) {
        if (!('str' in raw)) continue;
        const s = foldRadicals(raw.str).replace(/\s+/g, ' ').trim();
        if (!s) continue;
        const [a, b, , d, e, f] = raw.transform as number[];
        // Rotated runs (vertical headers): their extent is along y; keep the run's top-left.
        const rotated = Math.abs(b) > Math.abs(a);
        const h = rotated ? Math.abs(a) || raw.height : Math.abs(d) || raw.height;
        items.push({ x: e, y: height - f, w: rotated ? h : raw.width, h: h || 10, s });
      }
      pages.push(items);
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

export async function pdfToText(bytes: Buffer): Promise<{ text: string; pages: number; warnings: string[]; pageStarts: number[]; boxes: ((LineBox & { page: number }) | null)[] }> {
  const pages = (await pdftotextPages(bytes)) ?? (await pdfjsPages(bytes));
  const out: string[] = [];
  const state: PageState = { grid: null, warnings: [], out, lastRow: -1, pageLastRow: -1, tail: [], boxes: [] };
  const boxes: ((LineBox & { page: number }) | null)[] = [];
  let chars = 0;
  let han = 0;
  for (const items of pages) {
    for (const it of items) {
      chars += it.s.length;
      han += it.s.match(/[\u4e00-\u9fff]/g)?.length ?? 0;
    }
  }
  const lines = pages.map(cellLines);
  // The text's right margin: a page's widest paragraph line, or the pages' usual one where a
  // page holds no full line (a last page of two short paragraphs).
  const margins = lines.map(textMargin).filter((m) => m > 0).sort((a, b) => a - b);
  const usual = margins.length ? margins[Math.floor(margins.length / 2)] : 0;
  /** Index into `out` of each page's first line, for provenance (which page a line is on). */
  const pageStarts: number[] = [];
  pages.forEach((items, i) => {
    pageStarts.push(out.length);
    state.pageLastRow = -1;
    state.boxes = [];
    const page = pageLines(items, lines[i], Math.max(textMargin(lines[i]), usual), state);
    const placed = state.boxes.length === page.length;
    for (let k = 0; k < page.length; k++) boxes.push(placed && state.boxes[k] ? { ...state.boxes[k]!, page: i + 1 } : null);
    // Only a table that ends its page can continue on the next.
    state.lastRow = state.pageLastRow >= 0 && page.length - state.pageLastRow <= 2 ? out.length + state.pageLastRow : -1;
    out.push(...page);
  });
  // A scan may still carry a stamped page number or a header line: too little text is no text.
  if (chars < 20 || han < 30) throw new ExtractError(`scanned PDF: ${pages.length} page${pages.length === 1 ? '' : 's'}, no text layer (OCR not supported)`);
  return { text: out.join('\n'), pages: pages.length, warnings: state.warnings, pageStarts, boxes };
}

/** Items on one baseline; a run of a different size on the same row still joins it. */
function toLines(items: Item[]): Line[] {
  const sorted = [...items].sort((p, q) => p.y - q.y || p.x - q.x);
  const lines: Line[] = [];
  for (const it of sorted) {
    const last = lines[lines.length - 1];
    const tol = last ? Math.max(2, 0.35 * Math.min(it.h, ...last.items.map((i) => i.h))) : 0;
    if (last && Math.abs(it.y - last.y) <= tol) last.items.push(it);
    else lines.push({ y: it.y, items: [it] });
  }
  for (const l of lines) l.items.sort((p, q) => p.x - q.x);
  return lines;
}

/** A line's cells: items closer than about a character are one cell. */
function toCells(line: Line): Cell[] {
  const cells: Cell[] = [];
  for (const it of line.items) {
    const last = cells[cells.length - 1];
    const gap = last ? it.x - last.right : Infinity;
    const glue = last && gap < 0.7 * Math.min(it.h, 12) && !(isValue(it.s) && isValue(last.text) && gap > 0.15 * it.h);
    if (glue) {
      last.text += (gap > 0.25 * it.h && /[\w.]$/.test(last.text) && /^[\w]/.test(it.s) ? ' ' : '') + it.s;
      last.right = Math.max(last.right, it.x + it.w);
      last.h = Math.min(last.h, it.h);
      last.parts.push({ x: it.x, right: it.x + it.w, text: it.s });
    } else cells.push({ x: it.x, right: it.x + it.w, y: it.y, h: it.h, text: it.s, parts: [{ x: it.x, right: it.x + it.w, text: it.s }] });
  }
  return cells;
}

interface Row {
  y: number;
  cells: Cell[];
  /** Index of the first value cell; -1 for a line without values. */
  firstValue: number;
}

/** What reading one page passes to the next: the last wide table's columns (a table continues). */
interface PageState {
  grid: { lo: number; hi: number }[] | null;
  warnings: string[];
  /** The document's lines so far, and the index of the last wide-table row among them. */
  out: string[];
  lastRow: number;
  /** This page's last wide-table row, as an index into the page's own lines. */
  pageLastRow: number;
  /** The previous page's lines after its last values. */
  tail: Row[];
  /** Where each of this page's lines is printed (table rows), parallel to the lines pageLines returns. */
  boxes: (LineBox | null)[];
}

/** Where a table row is printed on its page, in PDF points from the top left: the row, and its value cells where known. */
export interface LineBox {
  row: [number, number, number, number];
  cells: [number, number][] | null;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** The box around a row's cells (labels included); its value cells' x ranges where they are known. */
function boxOf(cells: Cell[], columns: [number, number][] | null): LineBox {
  let x0 = Infinity, top = Infinity, x1 = -Infinity, bottom = -Infinity;
  for (const c of cells) {
    x0 = Math.min(x0, c.x);
    x1 = Math.max(x1, c.right);
    top = Math.min(top, c.y - c.h);
    bottom = Math.max(bottom, c.y + 0.25 * c.h);
  }
  if (columns) for (const [lo, hi] of columns) (x0 = Math.min(x0, lo)), (x1 = Math.max(x1, hi));
  return { row: [r1(x0), r1(top), r1(x1), r1(bottom)], cells: columns && columns.map(([lo, hi]) => [r1(lo), r1(hi)]) };
}

/**
 * Joins values at the top of a page to the cells of the previous page's last row (digits wrapped
 * in a cell broken across the pages), each under its column; the row must then satisfy its sums
 * (rules 3 and 4), or the joined cells are uncertain.
 */
function continueCells(state: PageState, group: Row[], grid: { lo: number; hi: number }[]): boolean {
  const [label, ...cells] = state.out[state.lastRow].split('\t');
  if (cells.length !== grid.length) return false;
  const touched: number[] = [];
  for (const c of group.flatMap((r) => r.cells)) {
    const k = grid.findIndex((g) => Math.min(g.hi, c.right) - Math.max(g.lo, c.x) > 0);
    if (k < 0) return false;
    const joined = /^\d+$/.test(cells[k]) && /^\d+$/.test(c.text) ? cells[k] + c.text : null;
    cells[k] = joined === null || /^0\d/.test(joined) ? '?' : joined;
    touched.push(k);
  }
  const v = cells.map((t) => (/^\d+$/.test(t) ? Number(t) : null));
  const sums = v.length === 7 ? [[0, 6]] : v.length === 15 ? [[0, 4], [5, 9], [10, 14]] : [];
  const ok = sums.length > 0 && sums.every(([a, b]) => v.slice(a, b + 1).every((x) => x !== null) && v.slice(a, b).reduce((p, q) => p! + q!, 0) === v[b]);
  if (!ok) {
    for (const k of touched) cells[k] = '?';
    state.warnings.push(`PDF table row "${label.slice(0, 24)}": digits continued on the next page do not add up with the row; ${touched.length} cell(s) uncertain`);
  }
  state.out[state.lastRow] = [label, ...cells].join('\t');
  return true;
}

/** A page's lines of cells, page numbers left out. */
function cellLines(items: Item[]): { y: number; cells: Cell[] }[] {
  return toLines(items)
    .map((l) => ({ y: l.y, cells: toCells(l) }))
    .filter((l) => !(l.cells.length <= 3 && PAGE_NUMBER.test(l.cells.map((c) => c.text).join(' ').replace(/\s+/g, ' ').trim())));
}

/** The right edge of a page's widest line of one text cell (0 without one). */
function textMargin(lines: { cells: Cell[] }[]): number {
  let m = 0;
  for (const l of lines) if (l.cells.length === 1 && !isValue(l.cells[0].text)) m = Math.max(m, l.cells[0].right);
  return m;
}

function pageLines(items: Item[], lines: { y: number; cells: Cell[] }[], margin: number, state: PageState): string[] {
  const rows: Row[] = lines.map((l) => {
    // A value line: after its labels, only value cells (and at least one).
    let first = l.cells.length;
    while (first > 0 && isValue(l.cells[first - 1].text)) first--;
    const isRow = first < l.cells.length && (first > 0 || l.cells.length > 1 || l.cells[0].x > 150);
    return { y: l.y, cells: l.cells, firstValue: isRow ? first : -1 };
  });

  // Wide tables (tables 3 and 4) by geometry: pdfGrid.ts.
  const wideUsed = new Set<Row>();
  const wideOut = new Map<Row, string[]>();
  const wideBoxes = new Map<Row, LineBox[]>();
  let firstGroup = true;
  for (const { group, region, grid } of wideGroups(rows, state)) {
    // The page's first table continues the last one when nothing but its header stands above it.
    const continued = firstGroup && state.lastRow >= 0 && state.grid !== null && grid.length === state.grid.length;
    firstGroup = false;
    const t = readWideTable(region, group, grid, isValue, continued);
    if (!t && continued && group.every((r) => r.firstValue === 0 && r.cells.length < grid.length / 2)) {
      // Digits of the previous page's last row wrapped onto this one (a row broken across pages).
      if (continueCells(state, group, grid)) for (const r of group) wideUsed.add(r);
      continue;
    }
    if (!t) continue;
    if (t.carry && continued) {
      const [label, ...cells] = state.out[state.lastRow].split('\t');
      state.out[state.lastRow] = [label + t.carry, ...cells].join('\t');
    }
    state.grid = grid;
    state.warnings.push(...t.warnings);
    for (const l of t.used) wideUsed.add(l as Row);
    for (const o of t.out) {
      wideOut.set(o.at as Row, [...(wideOut.get(o.at as Row) ?? []), o.text]);
      // From the row's topmost line (its label's first) to the line its values stand on.
      const box = boxOf([...(o.at as Row).cells, ...(o.main as Row).cells], grid.map((g) => [g.lo, g.hi]));
      wideBoxes.set(o.at as Row, [...(wideBoxes.get(o.at as Row) ?? []), box]);
    }
  }

  const valueRows = rows.filter((r) => r.firstValue >= 0 && !wideUsed.has(r));
  // A number with label text right of it on the lines just above or below (a label wrapped around
  // its row's line) is the row's ordinal in a cell of its own, not a value.
  for (const r of valueRows) {
    const first = r.cells[r.firstValue];
    const second = r.cells[r.firstValue + 1];
    if (!second || !/^\d{1,2}$/.test(first.text.trim())) continue;
    const h = first.h;
    const beside = rows.some((o) => o.firstValue < 0 && Math.abs(o.y - r.y) < 1.6 * h && o.cells.every((c) => c.right < second.x) && o.cells.some((c) => c.x > first.right));
    if (beside) r.firstValue++;
  }
  const absorbed = new Set<Row>(wideUsed);
  const labelsOf = new Map<Row, Cell[]>();
  valueRows.forEach((r, i) => {
    const prev = valueRows[i - 1];
    const next = valueRows[i + 1];
    const gaps = [prev && r.y - prev.y, next && next.y - r.y].filter((g): g is number => Boolean(g) && (g as number) < 80);
    const half = gaps.length ? Math.min(...gaps) / 2 : 12;
    const up = prev && r.y - prev.y < 80 ? (r.y - prev.y) / 2 : half;
    const down = next && next.y - r.y < 80 ? (next.y - r.y) / 2 : half;
    const valueX = r.cells[r.firstValue].x;
    const labels = r.cells.slice(0, r.firstValue);
    // A short label on the row's own line did not wrap: the line below is another row's (a row
    // whose values are all blank, `行政强制` under `行政处罚 0`).
    const own = labels[labels.length - 1];
    const wrapped = !own || valueX - own.right < 3 * own.h;
    for (const o of rows) {
      if (o.firstValue >= 0 || absorbed.has(o)) continue;
      if (o.y < r.y - up - 0.01 || o.y >= r.y + down) continue;
      if (!wrapped && o.y > r.y + 0.3 * own.h && o.cells[0] && Math.abs(o.cells[0].x - labels[0].x) < own.h) continue;
      // Only text left of the values belongs to the row's label (headers span the value columns);
      // a table-2 group heading (`第二十条第（五）项`) is a heading of its own.
      if (!o.cells.every((c) => c.right <= valueX + 2)) continue;
      if (o.cells.length === 1 && /^第[一二三四五六七八九十\d]+条/.test(o.cells[0].text.replace(/\s+/g, ''))) continue;
      // Nor is a section heading (`三、收到和处理政府信息公开申请情况`) just under a table's last row.
      if (o.cells.length === 1 && /^[一二三四五六七八九十]+、.{4,}情况$/.test(o.cells[0].text.replace(/\s+/g, ''))) continue;
      labels.push(...o.cells);
      absorbed.add(o);
    }
    labelsOf.set(r, labels);
  });

  // Rows of one table: no heading or column header between them.
  const groupOf = new Map<Row, number>();
  valueGroups(rows).forEach((g, k) => g.forEach((r) => groupOf.set(r, k)));
  const aligned = alignColumns(valueRows, labelsOf, groupOf);
  alignToHeaders(rows.filter((r) => !wideUsed.has(r)), labelsOf, aligned);
  const out: string[] = [];
  // Narrative lines wrapped at the right margin continue the paragraph (numbers and their
  // words, `主动公开各类政` / `府信息5500余条`, must stay in one clause).
  let prevText: Row | null = null;
  for (const r of rows) {
    const wide = wideOut.get(r);
    if (wide) {
      out.push(...wide);
      for (let k = 0; k < wide.length; k++) state.boxes.push(wideBoxes.get(r)?.[k] ?? null);
      state.pageLastRow = out.length - 1;
      prevText = null;
    }
    if (absorbed.has(r)) continue;
    if (r.firstValue < 0) {
      const text = r.cells.map((c) => c.text).join('\t');
      const h = r.cells[0] ? Math.min(...r.cells.map((c) => c.h), 16) : 16;
      // Full: it reaches the margin, or the number or Latin word this line starts with did not fit
      // after it (`…主动公开政府信息` / `1136 条`).
      const lead = r.cells[0] ? /^[\w.,%-]+/.exec(r.cells[0].parts[0].text) : null;
      const leadWidth = lead && r.cells[0].parts[0] ? ((r.cells[0].parts[0].right - r.cells[0].parts[0].x) * lead[0].length) / r.cells[0].parts[0].text.length : 0;
      const full = (c: Cell) => c.right >= margin - 1.5 * h || (leadWidth > 0 && c.right + leadWidth + 0.3 * h > margin);
      const continues = prevText !== null && prevText.cells.length === 1 && r.cells.length === 1 && full(prevText.cells[0])
        && !/^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十\d]+[条章])/.test(text);
      if (continues) out[out.length - 1] += text;
      else {
        out.push(text);
        state.boxes.push(null);
      }
      prevText = r;
      continue;
    }
    prevText = null;
    // Label fragments in reading order: by column, then top to bottom.
    const labels = readingOrder(labelsOf.get(r)!);
    const label = labels.map((c) => c.text.replace(/\s+/g, '')).join('');
    let values = aligned.get(r) ?? r.cells.slice(r.firstValue).map((c) => c.text.replace(/\s+/g, ''));
    // A wide row (table 3 has seven columns, table 4 fifteen) short of values whose columns could
    // not be found: its blanks cannot be placed, and shifted values would be wrong ones.
    if (!aligned.has(r) && values.length > 10 && values.length < 15) {
      // Table 4's row without its header on the page: its three groups repeat one pattern.
      const cols = columnsByRepeatedGroups(r.cells.slice(r.firstValue).map((c) => ({ x: c.x, right: c.right, text: c.text.replace(/\s+/g, '') })));
      if (cols) {
        const placed = Array.from({ length: 15 }, () => '/');
        cols.forEach((c, i) => (placed[c] = values[i]));
        values = placed;
        aligned.set(r, placed);
      }
    }
    if (!aligned.has(r) && values.length >= 5 && values.length !== 7 && values.length !== 15) {
      state.warnings.push(`PDF table row "${label.slice(0, 24)}": ${values.length} values whose columns cannot be told (blank cells, no column header on the page); values uncertain`);
      values = Array.from({ length: values.length < 7 ? 7 : 15 }, () => '?');
    }
    out.push([label, ...values].join('\t'));
    // Value cells as printed, where each value is one of them (no blanks placed between).
    const valueCells = r.cells.slice(r.firstValue);
    const columns = !aligned.has(r) && valueCells.length === values.length ? valueCells.map((c): [number, number] => [c.x, c.right]) : null;
    state.boxes.push(boxOf([...labels, ...valueCells], columns));
  }
  // Lines after the page's last values (a table's header whose rows begin on the next page).
  let lastValue = -1;
  rows.forEach((r, i) => {
    if (r.firstValue >= 0) lastValue = i;
  });
  state.tail = rows.slice(lastValue + 1).slice(-4);
  return out;
}

/**
 * Runs of value rows with no line between them that reaches into their values (a heading, a
 * column header), whose most common shape has five or more values: wide tables, with their
 * columns and the lines around them that may hold their labels (wrapped above or below the
 * first and last rows). A run too short to show its columns (a table's last rows on a new page)
 * takes the previous page's columns when its values fit them.
 */
function valueGroups(rows: Row[]): Row[][] {
  const groups: Row[][] = [];
  let cur: Row[] = [];
  let valueLeft = Infinity;
  for (const r of rows) {
    if (r.firstValue >= 0) {
      // Where its values surely are: a row number printed before them (`3`) is no value column.
      const x = r.cells[Math.max(r.firstValue, r.cells.length - 3)].x;
      cur.push(r);
      valueLeft = Math.min(valueLeft, x);
    } else if (cur.length && r.cells.some((c) => c.right > valueLeft + 2)) {
      groups.push(cur);
      cur = [];
      valueLeft = Infinity;
    }
  }
  if (cur.length) groups.push(cur);
  return groups;
}

function wideGroups(rows: Row[], state: PageState): { group: Row[]; region: Row[]; grid: { lo: number; hi: number }[] }[] {
  const out: { group: Row[]; region: Row[]; grid: { lo: number; hi: number }[] }[] = [];
  for (const group of valueGroups(rows)) {
    const span = rows.slice(rows.indexOf(group[0]), rows.indexOf(group[group.length - 1]) + 1);
    const labelRight = Math.max(...span.flatMap((r) => r.cells.filter((c) => !isValue(c.text) && !/\d/.test(c.text)).map((c) => c.right)));
    let grid = gridOf(group, labelRight);
    // Columns fewer than a row's values (the common shape had blanks): not the table's columns.
    if (grid && group.some((r) => r.cells.slice(r.firstValue).filter((c) => c.x >= labelRight - 1).length > grid!.length)) grid = null;
    if (grid && state.grid && grid.length < state.grid.length && group.length < 6) grid = null;
    if (!grid && state.grid && group.every((r) => r.cells.length - r.firstValue <= state.grid!.length && r.cells.slice(r.firstValue).every((c) => state.grid!.some((g) => Math.min(c.right, g.hi) - Math.max(c.x, g.lo) > 0)))) {
      grid = state.grid;
    }
    const first = rows.indexOf(group[0]);
    // The header's columns where the values show fewer (rows of digits wrapped in their cells).
    // A table whose header ends the previous page: nothing above its first row here but text.
    const atTop = rows.slice(0, first).every((r) => r.firstValue < 0 && r.cells.every((c) => c.right < Math.min(...group[0].cells.slice(group[0].firstValue).map((v) => v.x))));
    const byHeader = headerGrid(rows, first, group) ?? (atTop && first <= 1 ? headerGrid([...state.tail, group[0]], state.tail.length, group) : null);
    if (byHeader && (!grid || byHeader.length > grid.length)) grid = byHeader;
    if (!grid) grid = fullRowGrid(group);
    if (!grid) continue;
    const last = rows.indexOf(group[group.length - 1]);
    const left = grid[0].lo + 2;
    // Label lines left of the columns, and lines of values alone (digits wrapped in their cells,
    // `05` under `41`, which a lone number at the margin does not make a row of its own).
    const fits = (r: Row) => r.firstValue < 0 && (r.cells.every((c) => c.right <= left) || r.cells.every((c) => isValue(c.text) && c.right > left));
    let a = first;
    while (a > 0 && fits(rows[a - 1]) && rows[a].y - rows[a - 1].y < 2.2 * cellHeight(rows[a]) && first - a < 6) a--;
    let b = last;
    while (b + 1 < rows.length && fits(rows[b + 1]) && rows[b + 1].y - rows[b].y < 2.2 * cellHeight(rows[b]) && b - last < 8) b++;
    out.push({ group, region: rows.slice(a, b + 1), grid });
  }
  return out;
}

/**
 * Columns from the header cells over a run of value rows too short to show its own (table 4's
 * single row): the header line with the most cells, completed by cells of the lines around it
 * that stand in no column yet; used when there are five or more and every value stands in one.
 */
function headerGrid(rows: Row[], first: number, group: Row[]): { lo: number; hi: number }[] | null {
  const valueCells = group.flatMap((r) => r.cells.slice(r.firstValue));
  // Header cells over the values (a table with row labels has a header over them too).
  const left = group.some((r) => r.firstValue > 0) ? Math.min(...valueCells.map((c) => c.x)) : -Infinity;
  const above: Row[] = [];
  for (let k = first - 1; k >= 0 && above.length < 4 && (rows[first].y - rows[k].y < 100 || rows[k].y > rows[first].y); k--) {
    if (rows[k].firstValue >= 0) break;
    above.push(rows[k]);
  }
  if (!above.length) return null;
  const heads = (r: Row) => r.cells.filter((c) => c.right > left - 2);
  const base = [...above].sort((p, q) => heads(q).length - heads(p).length)[0];
  const cols = heads(base).map((c) => ({ lo: c.x, hi: c.right }));
  for (const o of above) {
    if (o === base) continue;
    for (const c of heads(o)) if (!cols.some((h) => Math.min(h.hi, c.right) - Math.max(h.lo, c.x) > 0)) cols.push({ lo: c.x, hi: c.right });
  }
  cols.sort((p, q) => p.lo - q.lo);
  // Header cells glued across a narrow column's border (`结果维结果纠`) do not give columns.
  const widths = cols.map((c) => c.hi - c.lo).sort((a, b) => a - b);
  if (widths[widths.length - 1] > 2 * widths[Math.floor(widths.length / 2)] + 2) return null;
  if (cols.some((c, i) => i > 0 && c.lo < cols[i - 1].hi)) return null;
  if (cols.length < 5 || Math.max(...group.map((r) => r.cells.length - r.firstValue)) > cols.length) return null;
  // Every value under one header cell (by overlap or centre).
  const under = (c: Cell) => cols.findIndex((h) => Math.min(h.hi, c.right) - Math.max(h.lo, c.x) > 0 || ((c.x + c.right) / 2 > h.lo - 2 && (c.x + c.right) / 2 < h.hi + 2));
  return valueCells.every((c) => under(c) >= 0) ? cols : null;
}

/**
 * A run of one full row and lines of a few values each under its values (digits wrapped in their
 * cells: `48` over `92`): the full row's values are the columns.
 */
function fullRowGrid(group: Row[]): { lo: number; hi: number }[] | null {
  const full = [...group].sort((p, q) => q.cells.length - q.firstValue - (p.cells.length - p.firstValue))[0];
  const cols = full.cells.slice(full.firstValue).map((c) => ({ lo: c.x, hi: c.right }));
  if (cols.length < 5 || group.length < 2) return null;
  const others = group.filter((r) => r !== full).flatMap((r) => r.cells.slice(r.firstValue));
  const overlaps = (c: Cell) => cols.some((g) => Math.min(g.hi, c.right) - Math.max(g.lo, c.x) > 0);
  return others.length < cols.length / 2 && others.every(overlaps) ? cols : null;
}

function cellHeight(r: Row): number {
  return Math.min(...r.cells.map((c) => c.h), 16);
}

/**
 * A row with fewer value cells than the table's full rows has blank cells; each value is put under
 * its column (by centre) and the blanks before it printed as `/` (blank = null), so values do not
 * shift left. Only for wide tables (tables 3 and 4), where rows share one column grid.
 */
function alignColumns(valueRows: Row[], labelsOf: Map<Row, Cell[]>, groupOf: Map<Row, number>): Map<Row, string[]> {
  const aligned = new Map<Row, string[]>();
  const centres = (r: Row) => r.cells.slice(r.firstValue).map((c) => (c.x + c.right) / 2);
  valueRows.forEach((r, i) => {
    const mine = centres(r);
    if (mine.length < 2) return;
    // The grid is the widest of the nearby rows of the same table (a few rows either side, as
    // neighbours may have blanks too), the nearest among equals.
    // Its columns must all stand right of this row's label (table 4 is not table 3's grid).
    const labelRight = Math.max(0, ...(labelsOf.get(r) ?? []).map((c) => c.right));
    const near = valueRows.slice(Math.max(0, i - 4), i + 5)
      .filter((o) => o !== r && groupOf.get(o) === groupOf.get(r) && centres(o).length >= 5 && Math.abs(o.y - r.y) < 150 && centres(o)[0] > labelRight)
      .sort((p, q) => centres(q).length - centres(p).length || Math.abs(p.y - r.y) - Math.abs(q.y - r.y))[0];
    if (!near || centres(near).length <= mine.length) return;
    const grid = centres(near);
    const spacing = Math.min(...grid.slice(1).map((g, i) => g - grid[i]));
    const slots = mine.map((c) => {
      let best = 0;
      for (let k = 1; k < grid.length; k++) if (Math.abs(grid[k] - c) < Math.abs(grid[best] - c)) best = k;
      return Math.abs(grid[best] - c) < spacing * 0.45 ? best : -1;
    });
    if (slots.some((s, i) => s < 0 || (i > 0 && s <= slots[i - 1]))) return;
    const values = r.cells.slice(r.firstValue).map((c) => c.text.replace(/\s+/g, ''));
    const cells: string[] = [];
    let k = 0;
    slots.forEach((s, i) => {
      while (k < s) {
        cells.push('/');
        k++;
      }
      cells.push(values[i]);
      k++;
    });
    aligned.set(r, cells);
  });
  return aligned;
}

/**
 * Narrow tables (table 2): a row with fewer values than its column header has blank cells; each
 * value goes under the header cell it overlaps, blanks before it printed as `/`. The header is the
 * nearest line above without values whose cells stand right of the row's label.
 */
function alignToHeaders(rows: Row[], labelsOf: Map<Row, Cell[]>, aligned: Map<Row, string[]>): void {
  rows.forEach((r, i) => {
    if (r.firstValue < 0 || aligned.has(r)) return;
    const labels = labelsOf.get(r) ?? [];
    const values = r.cells.slice(r.firstValue);
    let header: Cell[] | null = null;
    if (!labels.length) {
      header = headerColumns(rows, i);
      if (header && header.length > values.length) applySlots(r, values, header, aligned);
      return;
    }
    const labelRight = Math.max(...labels.map((c) => c.right));
    for (let k = i - 1, seen = 0; k >= 0 && seen < 6 && r.y - rows[k].y < 150; k--, seen++) {
      const o = rows[k];
      if (o.firstValue >= 0) continue;
      // The label column's own header (`信息内容`) is not a value column.
      const cols = o.cells.filter((c) => c.x >= labelRight - 2 && !/^(信息内容|项目|内容|类别|指标名称)$/.test(c.text.replace(/\s+/g, '')));
      if (cols.length) {
        header = cols;
        break;
      }
    }
    if (!header || header.length <= values.length) return;
    applySlots(r, values, header, aligned);
  });
}

/**
 * Column headers of a row without a label (table 4's single row of values): the header line just
 * above with the most cells, completed by cells of the next lines that stand in no column yet
 * (`总计` printed on a line of its own). Spanning headers (`行政诉讼`) overlap columns and drop out.
 */
function headerColumns(rows: Row[], i: number): Cell[] | null {
  const above: Row[] = [];
  for (let k = i - 1; k >= 0 && above.length < 3 && rows[i].y - rows[k].y < 80; k--) {
    if (rows[k].firstValue >= 0) break;
    above.push(rows[k]);
  }
  if (!above.length) return null;
  const base = [...above].sort((p, q) => q.cells.length - p.cells.length)[0];
  const cols = [...base.cells];
  for (const o of above) {
    if (o === base) continue;
    for (const c of o.cells) if (!cols.some((h) => Math.min(h.right, c.right) - Math.max(h.x, c.x) > 0)) cols.push(c);
  }
  return cols.sort((p, q) => p.x - q.x);
}

function applySlots(r: Row, values: Cell[], header: Cell[], aligned: Map<Row, string[]>): void {
  {
    // Many narrow columns: header cells glued across a border (`结果维结果纠`) are no columns.
    if (header.length >= 5) {
      const widths = header.map((c) => c.right - c.x).sort((a, b) => a - b);
      if (widths[widths.length - 1] > 2 * widths[Math.floor(widths.length / 2)] + 2) return;
    }
    const slots = values.map((v) => {
      const mid = (v.x + v.right) / 2;
      let best = -1;
      let bestScore = -Infinity;
      header!.forEach((h, k) => {
        const overlap = Math.min(v.right, h.right) - Math.max(v.x, h.x);
        const score = overlap > 0 ? overlap : -Math.abs((h.x + h.right) / 2 - mid);
        if (score > bestScore) {
          bestScore = score;
          best = k;
        }
      });
      return best;
    });
    if (slots.some((s, k) => s < 0 || (k > 0 && s <= slots[k - 1]))) return;
    const cells: string[] = [];
    let k = 0;
    slots.forEach((s, j) => {
      for (; k < s; k++) cells.push('/');
      cells.push(values[j].text.replace(/\s+/g, ''));
      k++;
    });
    aligned.set(r, cells);
  }
}

export const pdfExtractor: Extractor = {
  format: 'pdf',
  extensions: ['.pdf'],
  async extract(bytes: Buffer): Promise<Extracted> {
    if (bytes.subarray(0, 1024).indexOf('%PDF') < 0) throw new ExtractError('not a PDF file (no %PDF header)');
    const { text, pages, warnings, pageStarts, boxes } = await pdfToText(bytes);
    // Line n (1-based) is on the last page starting at or before its index n − 1.
    const locate = (line: number) => {
      let page = 0;
      while (page + 1 < pageStarts.length && pageStarts[page + 1] <= line - 1) page++;
      return `第 ${page + 1} 页`;
    };
    return { text, source: `PDF, ${pages} page(s)`, warnings, locate, box: (line) => boxes[line - 1] ?? null };
  },
};
