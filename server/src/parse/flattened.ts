import { T2_ROWS_2019, T2_ROWS_2021, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS, type T2RowDef } from '@nianbao/shared';
import { UNCERTAIN_CELL, normalizeLabel, splitLines } from './cells.ts';
import { chooseSplit, groupSumsCanPass, sumOfPartsCanPass, sumsTo, type CellRule, type Cells, type SplitChoice } from './digitRuns.ts';
import { isTemplate2019Table2 } from './table2.ts';

/**
 * Flattened web text: a crawler's dump of a report page where the whole body is one line and a
 * table row's cells run together (`一、本年新收政府信息公开申请数量21710000218`). This module
 * rewrites such a body into the parser's native layout (one tab-separated line per table row),
 * splitting each digit run with what the template guarantees:
 * - table 3: seven cells, the first six sum to the seventh; the next row's `2.` is its own number;
 * - table 4: three groups of five, the first four of each summing to the fifth;
 * - table 2: the row's column count only (no sums there), negatives only in 本年增/减.
 * A run with more than one admissible split becomes null cells and a warning, never a guess.
 */
export interface Unflattened {
  text: string;
  flattened: boolean;
  warnings: string[];
}

const NULL_CELL = '/';
const CRAWLER_TITLE = /^标题[:：]\s*(.+)$/m;
const CRAWLER_BODY = /^=+\s*正文\s*=+\s*$/m;
/** A table 3 first row immediately followed by its numbers: the mark of a flattened table. */
const T3_FIRST_ROW = /(?:一\s*[、.．]\s*)?本年新收[^0-9\n]{0,20}?申请数量\s*\d/;
const T3_HEADING = /三\s*[、.．]\s*收到和处理政府信息公开申请情况/;
const T2_HEADING = /二\s*[、.．]\s*主动公开政府信息(?:的)?情况/;
const T2_ROW_NAME = /(行政规范性文件|规范性文件|规章|行政许可|其他对外管理服务事项|行政处罚|行政强制|行政事业性收费|政府集中采购)\s*$/;

/** The crawler's metadata header (标题/发布时间/… ==== 正文 ====) reduced to the title line. */
function stripCrawlerHeader(text: string): string {
  const body = CRAWLER_BODY.exec(text);
  const title = CRAWLER_TITLE.exec(text);
  if (!body || !title || title.index > body.index) return text;
  return `${title[1].trim()}\n\n${text.slice(body.index + body[0].length).replace(/^\s*\n/, '')}`;
}

/** Whether a line longer than `min` contains `needle`: a cheap test before splitting the text. */
function hasLongLineWith(text: string, needle: string, min: number): boolean {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
    const start = Math.max(text.lastIndexOf('\n', at), text.lastIndexOf('\r', at)) + 1;
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (end - start > min) return true;
    at = end;
  }
  return false;
}

export function unflatten(input: string): Unflattened {
  const text = stripCrawlerHeader(input);
  const warnings: string[] = [];
  if (!hasLongLineWith(text, '上年结转', 200)) return { text, flattened: false, warnings };
  const lines = splitLines(text);
  const li = lines.findIndex((l) => l.length > 200 && T3_FIRST_ROW.test(l) && /上年结转/.test(l));
  if (li < 0) return { text, flattened: false, warnings };
  const line = lines[li];

  const first = T3_FIRST_ROW.exec(line)!;
  // Start of table 3: its heading, else the 勾稽 note, else the first row's label.
  let t3Start = lastMatchBefore(line, T3_HEADING, first.index);
  if (t3Start < 0) t3Start = lastMatchBefore(line, /[（(]本列数据的?[勾钩]稽关系/, first.index);
  if (t3Start < 0) t3Start = first.index;
  // Start of table 2: the first 第二十条 row group, or the section heading just before it.
  let t2Start = line.slice(0, t3Start).search(/第二十条第/);
  if (t2Start >= 0) {
    const h = lastMatchBefore(line, T2_HEADING, t2Start);
    if (h >= 0 && t2Start - h < 40) t2Start = h;
  }
  // Table 4: from the 行政复议 heading after the last table 3 row to the end of its digit run.
  const carried = line.indexOf('结转下年', first.index);
  const review = carried >= 0 ? line.indexOf('行政复议', carried) : -1;
  let t4Start = review;
  if (review >= 0) {
    const four = line.lastIndexOf('四', review);
    if (four > carried && review - four <= 20) t4Start = four;
  }
  const t3End = t4Start >= 0 ? t4Start : line.length;

  const narrativeEnd = t2Start >= 0 ? t2Start : t3Start;
  // concat, not push(...): a dump may have more lines than a call takes arguments.
  let out: string[] = lines.slice(0, li);
  out.push(line.slice(0, narrativeEnd));
  if (t2Start >= 0) out = out.concat(table2Lines(line.slice(t2Start, t3Start), warnings));
  out = out.concat(table3Lines(line.slice(t3Start, t3End), warnings));
  let restStart = t3End;
  if (t4Start >= 0) {
    const t4 = table4Lines(line.slice(t4Start), warnings);
    out = out.concat(t4.lines);
    restStart = t4Start + t4.consumed;
  }
  const rest = line.slice(restStart);
  const five = /^\s*(五\s*[、.．][^（(，,。；0-9]{0,30}(?:情况|措施|事项))/.exec(rest) ?? /^\s*(五\s*[、.．][^（(，,。；0-9]{0,30}?问题)/.exec(rest);
  if (five) out.push(five[1].trim(), rest.slice(five[0].length));
  else out.push(rest);
  out = out.concat(lines.slice(li + 1));
  warnings.unshift('flattened web text: table cells had run together; rows rebuilt from the template');
  return { text: out.join('\n'), flattened: true, warnings };
}

/** Section headings of the report (not row labels such as `三、本年度办理结果`). */
const SECTION_HEADING = /^[二三四五六七]\s*[、.．]\s*(?:主动公开|收到和处理|政府信息公开行政复议|因政府信息公开|[^、。]{0,12}行政复议|存在的|政府信息公开工作存在|其他需要|信息处理费)/;

/**
 * The digits end right before a section heading (`四、…`) or the region's end: one blank there
 * is the page's paragraph spacing, not a cell.
 */
function beforeHeading(region: string, from: number): boolean {
  const rest = region.slice(from).replace(/^[\s\u3000\u00a0]+/, '');
  return rest === '' || SECTION_HEADING.test(rest);
}

/** Share of a table's rows that must have a blank at an edge for it to be the dump's spacing. */
const SPACING_SHARE = 0.9;

/**
 * Blanks before and after each row's digits that may be empty cells. A blank (nearly) every row
 * has is the dump's spacing: one is taken off each row, and any more may be empty cells. Where
 * fewer rows have one, each may be an empty cell or a border, so a row that reads both ways is
 * left undecided: a blank that only most rows have says nothing certain about the others.
 */
function edgeBlanks(rows: { lead: number; trail: number }[]): (x: { lead: number; trail: number }) => { lead: number; trail: number } {
  const systematic = (k: 'lead' | 'trail') => rows.length > 0 && rows.filter((x) => x[k] > 0).length >= SPACING_SHARE * rows.length;
  const lead = systematic('lead') ? 1 : 0;
  const trail = systematic('trail') ? 1 : 0;
  return (x) => ({ lead: Math.max(0, x.lead - lead), trail: Math.max(0, x.trail - trail) });
}

function blanksAtEnd(s: string): number {
  return /[\s\u3000\u00a0]*$/.exec(s)![0].length;
}
function blanksAtStart(s: string): number {
  return /^[\s\u3000\u00a0]*/.exec(s)![0].length;
}

function lastMatchBefore(s: string, re: RegExp, before: number): number {
  const g = new RegExp(re.source, 'g');
  let at = -1;
  for (const m of s.slice(0, before).matchAll(g)) at = m.index!;
  return at;
}

/** The cells of a run's only admissible split; otherwise uncertain cells (null, listed as uncertain) and a warning. */
function cellsOrNulls(choice: SplitChoice, width: number, what: string, run: string, warnings: string[]): string[] {
  if (choice.cells) return choice.cells.map((v) => (v === null ? NULL_CELL : String(v)));
  const shown = (choice.examples.length ? choice.examples : []).map((c: Cells) => c.map((v) => (v === null ? '·' : v)).join('/'));
  const digits = `digits "${run.trim()}"`;
  warnings.push(
    choice.capped
      ? `${what}: ${digits} split too many ways to decide; values null (uncertain)`
      : choice.admissible === 0
        ? `${what}: ${digits} cannot be split into ${width} cells; values null`
        : `${what}: ${digits} split ${choice.passing || choice.admissible} ways${shown.length ? ` (${shown.join('; ')}${choice.passing > 3 ? '; …' : ''})` : ''}; not unique, values null (uncertain)`,
  );
  return new Array(width).fill(UNCERTAIN_CELL);
}

// ---------------------------------------------------------------------------------------------

const T2_RUN = /-?\d[\d.]*(?:[\s\u3000\u00a0]*-?\d[\d.]*)*(?:\s*(万元|元))?/g;

function table2Lines(region: string, warnings: string[]): string[] {
  const is2019 = isTemplate2019Table2(region);
  const defs: T2RowDef[] = is2019 ? T2_ROWS_2019 : T2_ROWS_2021;
  type Entry = string | { def: T2RowDef; name: string; run: string; unit: string; lead: number; trail: number };
  const items: Entry[] = [];
  const heading = T2_HEADING.exec(region);
  let from = 0;
  if (heading && heading.index === 0) {
    items.push(heading[0]);
    from = heading[0].length;
  }
  let prose = ''; // text between rows (headers, interleaved paragraphs), kept as one line
  const base = from;
  for (const m of region.slice(base).matchAll(T2_RUN)) {
    const at = base + m.index!;
    const label = region.slice(from, at);
    from = at + m[0].length;
    const name = T2_ROW_NAME.exec(label);
    const def = name ? defs.find((d) => d.match.some((re) => re.test(normalizeLabel(name[1])))) : undefined;
    if (!name || !def) {
      prose += label + m[0];
      continue;
    }
    const head = (prose + label.slice(0, name.index)).trim();
    prose = '';
    if (head) items.push(head);
    const unit = m[1] ?? '';
    const run = unit ? m[0].slice(0, m[0].lastIndexOf(unit)) : m[0];
    const lead = blanksAtEnd(label);
    const trail = unit ? 0 : Math.max(0, blanksAtStart(region.slice(from)) - (beforeHeading(region, from) ? 1 : 0));
    items.push({ def, name: name[1], run, unit, lead, trail });
  }
  const tail = (prose + region.slice(from)).trim();
  if (tail) items.push(tail);

  const edgesOf = edgeBlanks(items.filter((x) => typeof x !== 'string'));
  const out: string[] = [];
  for (const x of items) {
    if (typeof x === 'string') {
      out.push(x);
      continue;
    }
    const { def, run, unit } = x;
    const rule: CellRule = {
      negative: (i) => def.cols[i]?.id === 'change',
      decimal: (i) => def.cols[i]?.kind === 'money',
    };
    const edges = edgesOf(x);
    // The 2019 fees row prints two columns (no amount); some reports print three.
    const widths = is2019 && def.id === 'fees' ? [2, 3] : [def.cols.length];
    let choice = chooseSplit(run, widths[0], rule, undefined, edges);
    // The printed two columns first; three only where two cannot hold the digits.
    if (widths.length > 1 && choice.admissible === 0 && !choice.capped) choice = chooseSplit(run, widths[1], rule, undefined, edges);
    const cells = cellsOrNulls(choice, widths[0], `table 2 row ${def.label}`, run, warnings);
    // The unit stays on the money cell so table 2 converts 元 and says so.
    const money = def.cols.findIndex((c) => c.kind === 'money');
    if (unit && money >= 0 && money < cells.length && cells[money] !== NULL_CELL && cells[money] !== UNCERTAIN_CELL) cells[money] += unit;
    out.push([x.name, ...cells].join('\t'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

const T3_RUN = /\d+(?:[\s\u3000\u00a0]+\d+)*/g;
const T3_WIDTH = T3_COLUMNS.length;
const T3_RULE: CellRule = { canPass: sumOfPartsCanPass(T3_WIDTH) };

function isT3Row(label: string): boolean {
  const n = normalizeLabel(label);
  return T3_ROWS.some((r) => r.match.some((re) => re.test(n)));
}

interface RawRow {
  label: string;
  run: string;
  /** Blank characters right before / after the digits. */
  lead: number;
  trail: number;
}

/**
 * Table 3's rows as label + digit run. A space before or after the digits that most rows have is
 * the dump's spacing; where only some rows have it, it may be a blank first or last cell.
 */
function table3Lines(region: string, warnings: string[]): string[] {
  const out: string[] = [];
  const heading = T3_HEADING.exec(region);
  let from = 0;
  if (heading && heading.index === 0) {
    out.push(heading[0]);
    from = heading[0].length;
  }
  const items: (RawRow | string)[] = [];
  let carry = '';
  const base = from;
  for (const m of region.slice(base).matchAll(T3_RUN)) {
    const at = base + m.index!;
    let label = carry + region.slice(from, at);
    from = at + m[0].length;
    let run = m[0];
    carry = '';
    // `…00000002.其他法律…`: the last digit before `.` numbers the next row.
    if (/^[.．][^0-9]/.test(region.slice(from, from + 2))) {
      carry = run.slice(-1);
      run = run.slice(0, -1);
    }
    if (run.trim() === '') {
      carry = label + carry;
      continue;
    }
    if (!isT3Row(label)) {
      items.push(label + run);
      continue;
    }
    label = splitOffEmptyRows(label, items);
    // The first row's label carries the table's column headers before it.
    const firstRow = /(?:一\s*[、.．]\s*)?本年新收/.exec(label);
    if (firstRow && firstRow.index > 0) {
      items.push(label.slice(0, firstRow.index).trim());
      label = label.slice(firstRow.index);
    }
    const lead = blanksAtEnd(label);
    const trail = Math.max(0, blanksAtEnd(run) + (carry === '' ? blanksAtStart(region.slice(from)) : 0) - (beforeHeading(region, from) ? 1 : 0));
    items.push({ label: label.trim(), run, lead, trail });
  }
  const rows = items.filter((x): x is RawRow => typeof x !== 'string');
  const edgesOf = edgeBlanks(rows);
  const split = (x: RawRow, keep?: number) => chooseSplit(x.run, T3_WIDTH, T3_RULE, (c) => sumsTo(c, 0, 6), edgesOf(x), keep);
  const choices = new Map<RawRow, SplitChoice>(rows.map((x) => [x, split(x)]));
  resolveByColumns(rows, choices, (x) => split(x, CANDIDATES), warnings);
  for (const x of items) {
    if (typeof x === 'string') {
      if (x) out.push(x);
      continue;
    }
    out.push([x.label, ...cellsOrNulls(choices.get(x)!, T3_WIDTH, `table 3 row ${x.label.slice(0, 24)}`, x.run, warnings)].join('\t'));
  }
  const tail = carry + region.slice(from);
  if (tail.trim()) out.push(tail.trim());
  return out;
}

/** Where a table 3 row label starts, and how deep it sits: `一、` 0, `（一）` 1, `1.` 2. */
const ROW_MARK = /[一二三四]\s*、|[（(]\s*[一二三四五六七]\s*[)）]|(?<!\d)\d\s*[.．、](?!\d)/g;
const depthOf = (mark: string) => (/^[一二三四]/.test(mark) ? 0 : /^[（(]/.test(mark) ? 1 : 2);

/**
 * A row that printed no values runs its label straight into the next one
 * (`2.申请人逾期未按收费…申请3.其他（七）总计2000002`): each row label followed by a label no deeper
 * than itself (a group label such as （三）不予公开 is followed by its deeper sub-rows) becomes a
 * row of blank cells; the label left is the one the digits belong to.
 */
function splitOffEmptyRows(label: string, items: (RawRow | string)[]): string {
  const marks = [...label.matchAll(ROW_MARK)].map((m) => ({ at: m.index!, depth: depthOf(m[0]) }));
  if (marks.length < 2) return label;
  let start = 0; // start of the text not yet emitted (headers and group labels stay with the next row)
  for (let k = 0; k < marks.length - 1; k++) {
    const own = label.slice(marks[k].at, marks[k + 1].at);
    if (marks[k + 1].depth > marks[k].depth || !isT3Row(own)) continue;
    const empty = label.slice(start, marks[k + 1].at).trim();
    items.push([empty, ...new Array(T3_WIDTH).fill(NULL_CELL)].join('\t'));
    start = marks[k + 1].at;
  }
  return label.slice(start);
}

/** Splits kept per ambiguous table 3 row for the column rules. */
const CANDIDATES = 40;
const OUTSIDE_OUTCOMES = new Set(['new_received', 'carried_over', 'processed_total', 'carried_forward']);

/**
 * Rows still ambiguous after their own sum, settled by the column rules of table 3 where every
 * other row of the equation is known without blanks: per column, 本年新收 + 上年结转 = 总计 + 结转下年
 * (rule 1) and 总计 = the sum of the outcome rows (rule 2). The equation gives the row's seven
 * values; a split is used only if it is the one candidate equal to them.
 */
function resolveByColumns(rows: RawRow[], choices: Map<RawRow, SplitChoice>, allSplits: (x: RawRow) => SplitChoice, warnings: string[]): void {
  const byId = new Map<string, RawRow>();
  for (const x of rows) {
    const n = normalizeLabel(x.label);
    const def = T3_ROWS.find((r) => !byId.has(r.id) && r.match.some((re) => re.test(n)));
    if (def) byId.set(def.id, x);
  }
  const known = (x: RawRow | undefined): Cells | null => {
    const c = x && choices.get(x)!.cells;
    return c && c.every((v) => v !== null) ? c : null;
  };
  const outcomes = [...byId.entries()].filter(([id]) => !OUTSIDE_OUTCOMES.has(id)).map(([, x]) => x);
  const equations: { plus: RawRow[]; minus: RawRow[] }[] = [];
  const [nw, co, pt, cf] = ['new_received', 'carried_over', 'processed_total', 'carried_forward'].map((id) => byId.get(id));
  if (nw && co && pt && cf) equations.push({ plus: [nw, co], minus: [pt, cf] });
  if (pt && outcomes.length) equations.push({ plus: outcomes, minus: [pt] });
  for (let changed = true; changed; ) {
    changed = false;
    for (const eq of equations) {
      const terms = [...eq.plus.map((x) => ({ x, sign: 1 })), ...eq.minus.map((x) => ({ x, sign: -1 }))];
      const open = terms.filter((t) => !known(t.x));
      if (open.length !== 1) continue;
      const { x, sign } = open[0];
      if (choices.get(x)!.cells) continue;
      const choice = allSplits(x);
      if (choice.capped || choice.passing > choice.examples.length) continue;
      // Σ sign·row = 0 per column, so this row = −sign · Σ of the others.
      const implied = Array.from({ length: T3_WIDTH }, (_, col) => -sign * terms.filter((t) => t.x !== x).reduce((s, t) => s + t.sign * known(t.x)![col]!, 0));
      const fit = choice.examples.filter((c) => c.every((v, col) => v === implied[col]));
      if (fit.length === 1) {
        choices.set(x, { ...choice, cells: fit[0] });
        changed = true;
        // Said, because rules 1 and 2 then hold for this row by construction, not by the report.
        warnings.push(`table 3 row "${x.label.trim().slice(0, 24)}": digits "${x.run.trim()}" split by rules 1–2 (the only split they allow); those rules cannot flag this row`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------

const T4_WIDTH = T4_GROUPS.length * T4_COLUMNS.length;

/** Table 4: its header text, then one digit run of fifteen cells. */
function table4Lines(region: string, warnings: string[]): { lines: string[]; consumed: number } {
  const m = /\d+(?:[\s\u3000\u00a0]+\d+)*/.exec(region);
  if (!m) return { lines: [region.trim()], consumed: region.length };
  const header = region.slice(0, m.index).trim();
  const g = T4_COLUMNS.length;
  // One row only, so no usual spacing to compare with: blanks at either end may be empty cells
  // (less the paragraph spacing before the next heading).
  const end = m.index + m[0].length;
  const edges = { lead: blanksAtEnd(region.slice(0, m.index)), trail: Math.max(0, blanksAtStart(region.slice(end)) - (beforeHeading(region, end) ? 1 : 0)) };
  const choice = chooseSplit(m[0], T4_WIDTH, { canPass: groupSumsCanPass(g) }, (c) => T4_GROUPS.every((_, k) => sumsTo(c, k * g, k * g + g - 1)), edges);
  const cells = cellsOrNulls(choice, T4_WIDTH, 'table 4', m[0], warnings);
  const lines = [...headingAndRest(header), ['', ...cells].join('\t')];
  return { lines, consumed: m.index + m[0].length };
}

function headingAndRest(header: string): string[] {
  const h = /^(四\s*[、.．]\s*[^行]{0,16}行政复议[、，]?\s*(?:提起)?行政诉讼(?:的)?情况)/.exec(header);
  return h ? [h[1], header.slice(h[0].length).trim()].filter(Boolean) : [header];
}
