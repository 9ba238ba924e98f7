/**
 * Wide PDF tables (table 3's seven columns, table 4's fifteen) read by geometry, not by one
 * producer's layout:
 * - the columns are the x ranges of the values of the table's most common row shape (each
 *   column's values overlap one another, whether centred, left- or right-aligned);
 * - a value is put in the column its box overlaps; what stands left of the first column is label
 *   (a row number printed in a cell of its own, `1、` `1`, is never a value);
 * - rows are bands opened by a row label's first line (`一、` `（一）` `1.`, the rightmost such
 *   start on its line): the rest of a label wrapped in its cell, and values printed on other
 *   lines (a cell aligned top while the others are centred, digits wrapped in a narrow cell),
 *   belong to the band they fall in; labels of merged group cells (`（三）不予公开`) left of a
 *   sub-row's own label are left out, as the Word reader leaves out vMerge continuations;
 * - values off their row's main line can be read two ways (this row or the next, a cell of
 *   their own or the end of the cell above): the reading whose rows satisfy the template's sums
 *   (table 3: six applicant columns add up to the total; table 4: each group's four results to
 *   its total) is kept; where none or several do, the cells are uncertain (`?`) with a warning.
 *   Rows read without doubt keep their printed values, sums or not.
 */

export interface GCell {
  x: number;
  right: number;
  y: number;
  h: number;
  text: string;
  parts?: { x: number; right: number; text: string }[];
}

export interface GLine {
  y: number;
  cells: GCell[];
  /** Index of the first value cell; -1 for a line without values. */
  firstValue: number;
}

export interface WideTable {
  /** Lines consumed (labels and values). */
  used: Set<GLine>;
  /** Output rows: the line to print each at (its band's first line) and its text. */
  /** Each row's text at its topmost line (`at`); `main` is the line its values stand on. */
  out: { at: GLine; main: GLine; text: string }[];
  warnings: string[];
  /** The end of the previous page's last label (a row broken across pages): text above the first row's own label start. */
  carry: string;
}

const OPENER = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}(?:[.、．]|$))/;
const DIGITS = /^\d+$/;
const compact = (s: string) => s.replace(/\s+/g, '');

/** Column x ranges from the rows of the most common value count; null when they do not separate. */
export function gridOf(rows: GLine[], labelRight = -Infinity): { lo: number; hi: number }[] | null {
  // Values left of any label text are row numbers in a column of their own, not values.
  const valuesOf = (r: GLine) => r.cells.slice(r.firstValue).filter((c) => c.x >= labelRight - 1);
  const counts = new Map<number, number>();
  for (const r of rows) {
    const n = valuesOf(r).length;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  let mode = 0;
  let best = 0;
  for (const [n, c] of counts) if (c > best || (c === best && n > mode)) [mode, best] = [n, c];
  if (mode < 5 || best < 2) return null;
  const spans = rows
    .filter((r) => valuesOf(r).length === mode)
    .flatMap((r) => valuesOf(r).map((c) => ({ lo: c.x, hi: c.right })))
    .sort((a, b) => a.lo - b.lo);
  const cols: { lo: number; hi: number }[] = [];
  for (const s of spans) {
    const last = cols[cols.length - 1];
    if (last && s.lo <= last.hi + 0.5) last.hi = Math.max(last.hi, s.hi);
    else cols.push({ ...s });
  }
  return cols.length === mode ? cols : null;
}

/** The column a value box belongs to: the one it overlaps most, else a near one; -1 left of the grid; null between columns. */
function columnOf(c: GCell, grid: { lo: number; hi: number }[]): number | null {
  let best = -1;
  let overlap = 0;
  grid.forEach((g, k) => {
    const o = Math.min(c.right, g.hi) - Math.max(c.x, g.lo);
    if (o > overlap) [best, overlap] = [k, o];
  });
  if (best >= 0) return best;
  if (c.right <= grid[0].lo + 0.5) return -1;
  const mid = (c.x + c.right) / 2;
  let near = -1;
  let dist = Infinity;
  grid.forEach((g, k) => {
    const d = mid < g.lo ? g.lo - mid : mid > g.hi ? mid - g.hi : 0;
    if (d < dist) [near, dist] = [k, d];
  });
  const gap = Math.min(...grid.slice(1).map((g, k) => g.lo - grid[k].hi).filter((x) => x > 0), 20);
  return dist < gap * 0.35 ? near : null;
}

/** The sums a row of `width` values must satisfy; null when none applies or a value is missing. */
function rowSums(values: (number | null)[]): boolean | null {
  if (values.some((v) => v === null)) return null;
  const v = values as number[];
  if (v.length === 7) return v[0] + v[1] + v[2] + v[3] + v[4] + v[5] === v[6];
  if (v.length === 15) return [0, 5, 10].every((k) => v[k] + v[k + 1] + v[k + 2] + v[k + 3] === v[k + 4]);
  return null;
}

interface Chain {
  cells: GCell[];
  top: number;
  bottom: number;
  x: number;
  right: number;
  /** Starts with a row number (`1.` `（一）` `一、`). */
  opener: boolean;
}

/**
 * Label fragments joined into the cells they were wrapped in: a fragment continues the one just
 * above it in the same column when that one fills its column's width (the text wrapped) and the
 * fragment is no row start; vertical labels (one character per line) chain the same way.
 */
function labelChains(frags: GCell[], onRowLine: (c: GCell) => boolean, rowLines: number[]): Chain[] {
  const sorted = [...frags].sort((a, b) => a.y - b.y || a.x - b.x);
  const index = new Map(sorted.map((c, i) => [c, i]));
  const above = (f: GCell): GCell | null => {
    // The nearest fragment above overlapping f: scanning up from f, the first one found whose line
    // is above f's (fragments of one line are adjacent in the order).
    let p: GCell | null = null;
    for (let i = index.get(f)! - 1; i >= 0; i--) {
      const q = sorted[i];
      if (q.y >= f.y - 0.3 * f.h) continue;
      if (p && q.y < p.y - 0.3 * f.h) break;
      if (Math.min(q.right, f.right) - Math.max(q.x, f.x) > 0.4 * f.h && (!p || q.y > p.y)) p = q;
      if (!p && f.y - q.y > 3 * f.h) break;
    }
    return p;
  };
  const widest = new Map<GCell, number>();
  const columnRight = (p: GCell): number => {
    let R = widest.get(p);
    if (R === undefined) {
      R = p.right;
      for (const q of frags) if (Math.abs(q.x - p.x) < 0.8 * p.h && Math.min(q.right, p.right) - Math.max(q.x, p.x) > 0 && q.right > R) R = q.right;
      widest.set(p, R);
    }
    return R;
  };
  // The line pitch inside a cell: the closest two fragments of one column stand (rows add padding).
  let pitch = Infinity;
  for (const f of sorted) {
    const p = above(f);
    if (p && f.y - p.y > 0.9 * f.h && [...compact(f.text)].length > 1 && [...compact(p.text)].length > 1) pitch = Math.min(pitch, f.y - p.y);
  }
  const chains: Chain[] = [];
  const chainOf = new Map<GCell, Chain>();
  for (const f of sorted) {
    const text = compact(f.text);
    const opener = OPENER.test(text);
    let link: Chain | null = null;
    if (!opener && !/^[（(]/.test(text)) {
      // The nearest fragment above in the same column.
      const p = above(f);
      // Two fragments each on a row's line of values are two rows' labels.
      // A fragment nearer the next row's line than to the row line it would continue is the next row's.
      const nextRow = rowLines.find((y) => y > (p?.y ?? Infinity) + 0.3 * f.h);
      // (Unless that row has a label of its own in this column on its line: then f ends the cell above.)
      const nearerNext = p !== null && onRowLine(p) && nextRow !== undefined && nextRow - f.y < f.y - p.y
        && !frags.some((q) => Math.abs(q.y - nextRow) < 0.3 * q.h && Math.min(q.right, f.right) - Math.max(q.x, f.x) > 0.4 * f.h);
      if (p && f.y - p.y <= Math.min(1.75 * Math.max(f.h, p.h), [...text].length > 1 ? 1.2 * pitch : Infinity) && !(onRowLine(p) && onRowLine(f)) && !nearerNext) {
        // Full: as wide as the widest fragment starting where it starts (the column's width).
        if (p.right >= columnRight(p) - 1.5 * p.h) link = chainOf.get(p) ?? null;
      }
    }
    if (link) {
      link.cells.push(f);
      link.bottom = f.y;
      link.x = Math.min(link.x, f.x);
      link.right = Math.max(link.right, f.right);
    } else {
      link = { cells: [f], top: f.y, bottom: f.y, x: f.x, right: f.right, opener };
      chains.push(link);
    }
    chainOf.set(f, link);
  }
  return chains;
}

export function readWideTable(region: GLine[], _group: GLine[], grid: { lo: number; hi: number }[], isValue: (t: string) => boolean, continued = false): WideTable | null {
  const width = grid.length;
  const warnings: string[] = [];
  const frags: GCell[] = [];
  const lineOf = new Map<GCell, GLine>();
  const values: { cell: GCell; col: number; line: GLine }[] = [];
  let unplaced = 0;
  for (const line of region) {
    // A label that fills its cell can run into the value after it (`…要求缴10`): the digits at
    // its end that stand in the value columns are a value.
    const split: GCell[] = [];
    for (const c of line.cells) {
      if (isValue(c.text) || c.right <= grid[0].lo + 2 || !c.parts || c.parts.length < 2) {
        split.push(c);
        continue;
      }
      // Cut at the runs: those standing in the value columns are cells of their own.
      let cut = c.parts.length;
      while (cut > 0 && isValue(c.parts[cut - 1].text) && c.parts[cut - 1].right > grid[0].lo) cut--;
      const head = c.parts.slice(0, cut);
      const tail = c.parts.slice(cut);
      if (!head.length || !tail.length || !tail.every((p) => isValue(p.text))) {
        split.push(c);
        continue;
      }
      split.push({ ...c, right: Math.max(...head.map((p) => p.right)), text: head.map((p) => p.text).join(''), parts: head });
      for (const p of tail) split.push({ ...c, x: p.x, right: p.right, text: p.text, parts: [p] });
    }
    for (const c of split) {
      lineOf.set(c, line);
      const value = isValue(c.text);
      const col = value ? columnOf(c, grid) : -1;
      if (value && col === null) {
        unplaced++;
        values.push({ cell: c, col: -2, line });
      } else if (value && col! >= 0) values.push({ cell: c, col: col!, line });
      else if (c.right <= grid[0].lo + 2) frags.push(c);
      else return null; // text inside the value columns: not this reader's table
    }
  }
  // Rows: lines holding at least half a row of values; values on other lines float between them.
  const perLine = new Map<GLine, typeof values>();
  for (const v of values) perLine.set(v.line, [...(perLine.get(v.line) ?? []), v]);
  // A line where a row label starts (`一、`) holding fewer values is a row too (a weak one): its
  // other digits are wrapped in narrow cells above and below. Its values may belong to either
  // neighbour, so they float like values off a line, and its empty cells are undecided, not blank.
  const opensRow = (l: GLine) => l.cells.some((c) => c.right <= grid[0].lo + 2 && OPENER.test(compact(c.text)) && !isValue(c.text));
  // (Not when a full row without a label start of its own stands near: that row's label began
  // on the weak line and wrapped down to it, its values centred in the taller cell.)
  const full = [...perLine.keys()].filter((l) => perLine.get(l)!.length >= Math.ceil(width / 2));
  const weak = new Set(
    [...perLine.keys()].filter((l) => {
      if (perLine.get(l)!.length >= Math.ceil(width / 2) || !opensRow(l)) return false;
      const h = Math.max(...l.cells.map((c) => c.h)) * 1.3;
      return !full.some((f) => Math.abs(f.y - l.y) < 2.5 * h && !opensRow(f));
    }),
  );
  const mains = [...perLine.keys()].filter((l) => perLine.get(l)!.length >= Math.ceil(width / 2) || weak.has(l)).sort((a, b) => a.y - b.y);
  if (!mains.length) return null;
  const lh = (c: GCell) => c.h * 1.3;
  interface Floating {
    cell: GCell;
    col: number;
    options: number[];
  }
  const placed: { cell: GCell; col: number; row: number }[] = [];
  const floating: Floating[] = [];
  const stray = new Set<number>();
  const nearestMain = (y: number) => {
    let k = 0;
    for (let i = 1; i < mains.length; i++) if (Math.abs(mains[i].y - y) < Math.abs(mains[k].y - y)) k = i;
    return k;
  };
  for (const v of values) {
    const m = mains.indexOf(v.line);
    if (v.col === -2) {
      stray.add(m >= 0 ? m : nearestMain(v.cell.y));
      continue;
    }
    if (m >= 0 && !weak.has(v.line)) {
      placed.push({ cell: v.cell, col: v.col, row: m });
      continue;
    }
    const options = mains.map((l, i) => [i, Math.abs(l.y - v.cell.y)] as const).filter(([, d]) => d < 2.5 * lh(v.cell)).sort((a, b) => a[1] - b[1]).slice(0, 2).map(([i]) => i);
    if (!options.length) {
      stray.add(nearestMain(v.cell.y));
      continue;
    }
    floating.push({ cell: v.cell, col: v.col, options });
  }
  // Labels: each wrapped cell to the row it stands beside; a merged group cell to its first row.
  const labelsOf = new Map<number, Chain[]>();
  const attached = new Set<GCell>();
  const attachedCarry = new Set<GCell>();
  const mainYs = mains.map((l) => l.y);
  const chains = labelChains(frags, (c) => mainYs.some((y) => Math.abs(y - c.y) < 0.3 * c.h), mainYs);
  // A table continued from the previous page whose first row's label starts on its line of
  // values (top-aligned cells): label text above it in the same column ends the last row before
  // the page break.
  let carry = '';
  const firstOwn = chains.find((c) => c.opener && Math.abs(c.top - mains[0].y) < 0.3 * c.cells[0].h);
  for (const ch of continued && firstOwn ? chains : []) {
    if (ch.opener || ch.bottom >= firstOwn!.top - 0.3 * ch.cells[0].h || ch.bottom < firstOwn!.top - 3 * ch.cells[0].h) continue;
    if (Math.min(ch.right, firstOwn!.right) - Math.max(ch.x, firstOwn!.x) <= 0 || Math.abs(ch.x - firstOwn!.x) > ch.cells[0].h) continue;
    carry += ch.cells.map((c) => compact(c.text)).join('');
    ch.cells.forEach((c) => attachedCarry.add(c));
  }
  for (const ch of chains) {
    if (ch.cells.some((c) => attachedCarry.has(c))) continue;
    const h = Math.max(...ch.cells.map((c) => c.h));
    const inside = mains.map((l, i) => [i, l.y] as const).filter(([, y]) => y >= ch.top - 0.75 * h * 1.3 && y <= ch.bottom + 0.75 * h * 1.3);
    let row: number;
    if (inside.length) row = inside[0][0];
    else {
      const mid = (ch.top + ch.bottom) / 2;
      const k = nearestMain(mid);
      if (Math.abs(mains[k].y - mid) > 2 * h * 1.3 || mid < mains[0].y - 1.5 * h) continue; // header text above the rows
      row = k;
    }
    labelsOf.set(row, [...(labelsOf.get(row) ?? []), ch]);
    for (const c of ch.cells) attached.add(c);
  }
  // A row numbered 2, 3, … of a group: the group's merged cell (left of its number) is not its label.
  for (const [row, chains] of labelsOf) {
    const own = chains.filter((c) => c.opener).sort((a, b) => b.x - a.x)[0];
    if (!own || !/^(?:[2-9]|1\d)(?:[.、．]|$)/.test(compact(own.cells[0].text))) continue;
    labelsOf.set(row, chains.filter((c) => c.right > own.x - 1));
  }

  const cellsFor = (choice: number[], only: typeof placed = placed): Map<number, string[][]> => {
    const m = new Map<number, { y: number; t: string }[][]>();
    const put = (row: number, col: number, cell: GCell) => {
      if (!m.has(row)) m.set(row, Array.from({ length: width }, () => []));
      m.get(row)![col].push({ y: cell.y, t: compact(cell.text) });
    };
    for (const p of only) put(p.row, p.col, p.cell);
    floating.forEach((f, i) => put(f.options[choice[i]], f.col, f.cell));
    const out = new Map<number, string[][]>();
    for (const [row, cols] of m) out.set(row, cols.map((parts) => parts.sort((a, b) => a.y - b.y).map((p) => p.t)));
    return out;
  };
  /** A cell's text from its parts; null when the parts cannot be one cell (not all digits, a leading zero). */
  const join = (parts: string[]): string | null => {
    if (parts.length <= 1) return parts[0] ?? '';
    if (!parts.every((p) => DIGITS.test(p))) return null;
    const s = parts.join('');
    return /^0\d/.test(s) ? null : s;
  };
  const numberOf = (t: string): number | null => (/^\d+(?:\.\d+)?$/.test(t) ? Number(t) : null);
  const sums = (cols: string[][]): boolean | null => {
    const texts = cols.map(join);
    if (texts.some((t) => t === null)) return false;
    return rowSums((texts as string[]).map((t) => (t === '' ? null : numberOf(t))));
  };
  const doubtful = new Set<string>(); // `${row}:${col}`
  let choice = floating.map(() => 0);
  if (floating.length) {
    const combos = floating.reduce((n, f) => n * f.options.length, 1);
    const touched = (f: Floating) => f.options.forEach((o) => doubtful.add(`${o}:${f.col}`));
    if (combos > 4096) floating.forEach(touched);
    else {
      let best: { pass: number; choices: number[][] } = { pass: -1, choices: [] };
      const cur = floating.map(() => 0);
      const rowsTouched = new Set(floating.flatMap((f) => f.options));
      const placedTouched = placed.filter((p) => rowsTouched.has(p.row));
      for (let n = 0; n < combos; n++) {
        let x = n;
        for (let i = 0; i < floating.length; i++) {
          cur[i] = x % floating[i].options.length;
          x = Math.floor(x / floating[i].options.length);
        }
        const cells = cellsFor(cur, placedTouched);
        let pass = 0;
        let valid = true;
        for (const r of rowsTouched) {
          const cols = cells.get(r);
          if (!cols) continue;
          if (cols.map(join).some((t) => t === null)) valid = false;
          else if (sums(cols) === true) pass++;
        }
        if (!valid) continue;
        if (pass > best.pass) best = { pass, choices: [[...cur]] };
        else if (pass === best.pass) best.choices.push([...cur]);
      }
      if (!best.choices.length) floating.forEach(touched);
      else {
        choice = best.choices[0];
        floating.forEach((f, i) => {
          // Readings equally good that place a value differently: its cells are in doubt.
          if (best.choices.some((c) => c[i] !== choice[i])) touched(f);
        });
        // A value read off its row's line whose row does not add up is in doubt; so is one that
        // could stand in another row, unless its row adds up (a row with a blank cannot be summed:
        // a value with one place only is kept there).
        const cells = cellsFor(choice);
        floating.forEach((f, i) => {
          const row = f.options[choice[i]];
          const ok = sums(cells.get(row)!);
          if (ok === false || (ok === null && f.options.length > 1)) doubtful.add(`${row}:${f.col}`);
        });
      }
    }
  }
  const cells = cellsFor(choice);
  const used = new Set<GLine>();
  const out: { at: GLine; main: GLine; text: string }[] = [];
  mains.forEach((line, k) => {
    const cols = cells.get(k) ?? Array.from({ length: width }, () => [] as string[]);
    const texts = cols.map((parts, col) => {
      if (stray.has(k) || doubtful.has(`${k}:${col}`) || (weak.has(line) && !parts.length)) return '?';
      const t = join(parts);
      return t === null ? '?' : t === '' ? '/' : t;
    });
    const chains = labelsOf.get(k) ?? [];
    const label = readingOrder(chains.flatMap((c) => c.cells)).map((c) => compact(c.text)).join('');
    if (texts.includes('?')) warnings.push(`PDF table row "${label.slice(0, 24)}": values off the row's line or between columns and no single reading adds up; ${texts.filter((t) => t === '?').length} cell(s) uncertain`);
    const first = [line, ...chains.flatMap((c) => c.cells).map((c) => lineOf.get(c)!)].sort((a, b) => a.y - b.y)[0];
    out.push({ at: first, main: line, text: [label, ...texts].join('\t') });
  });
  for (const v of values) used.add(v.line);
  for (const c of attached) used.add(lineOf.get(c)!);
  for (const c of attachedCarry) used.add(lineOf.get(c)!);
  if (unplaced) warnings.push(`PDF table: ${unplaced} value(s) between columns; their rows are uncertain`);
  return { used, out, warnings, carry };
}

/**
 * Label fragments in reading order: fragments whose x-ranges overlap are lines of one cell
 * (left-aligned or centred), read top to bottom; cells left to right.
 */
export function readingOrder<C extends { x: number; right: number; y: number }>(cells: C[]): C[] {
  const byX = [...cells].sort((p, q) => p.x - q.x);
  const column = new Map<C, number>();
  let col = 0;
  let right = -Infinity;
  for (const c of byX) {
    if (c.x >= right - 1) col++;
    right = Math.max(c.x >= right - 1 ? c.right : right, c.right);
    column.set(c, col);
  }
  return byX.sort((p, q) => column.get(p)! - column.get(q)! || p.y - q.y);
}

/**
 * Columns of a row of table 4 printed without its header (the header ended the previous page, laid
 * out apart from the values) and with blank cells: table 4 is three groups (行政复议, 未经复议直接
 * 起诉, 复议后起诉) of the same five columns, so the groups repeat one pattern of x positions. Each
 * way of putting the blanks is tried and kept when the values it places repeat that pattern (one
 * group pitch, one offset per column, by left edge, centre or right edge alike). A blank in the
 * first or last column repeats it shifted by a column as well as unshifted: then the template's
 * arithmetic decides (each group without a blank: four results add up to its total). Returns each
 * value's column, or null when neither decides.
 */
export function columnsByRepeatedGroups(cells: { x: number; right: number; text: string }[], groups = 3, size = 5, tolerance = 2): number[] | null {
  const width = groups * size;
  const blanks = width - cells.length;
  if (blanks < 1 || blanks > 3) return null;
  type Box = { x: number; right: number };
  const anchors = [(c: Box) => c.x, (c: Box) => (c.x + c.right) / 2, (c: Box) => c.right];
  const repeats = (xs: number[], cols: number[]): boolean => {
    // The group pitch from values in the same column of two groups; all estimates must agree.
    const at = new Map(cols.map((c, i) => [c, xs[i]]));
    const pitches: number[] = [];
    for (const [c, x] of at) for (const [d, y] of at) if (d > c && d % size === c % size) pitches.push((y - x) / ((d - c) / size));
    if (pitches.length < size - 1) return false;
    const pitch = pitches.reduce((a, b) => a + b, 0) / pitches.length;
    if (pitches.some((p) => Math.abs(p - pitch) > tolerance)) return false;
    // Each column's offset in its group agrees across groups, and offsets rise within a group.
    const offsets: number[] = [];
    for (let k = 0; k < size; k++) {
      const seen = cols.filter((c) => c % size === k).map((c) => at.get(c)! - Math.floor(c / size) * pitch);
      if (!seen.length) return false;
      if (Math.max(...seen) - Math.min(...seen) > tolerance) return false;
      offsets.push(seen[0]);
    }
    return offsets.every((o, k) => k === 0 || o > offsets[k - 1] + tolerance) && offsets[size - 1] - offsets[0] < pitch;
  };
  const fits: number[][] = [];
  const choose = (from: number, left: number, acc: number[]) => {
    if (left === 0) {
      const cols: number[] = [];
      for (let k = 0; k < width; k++) if (!acc.includes(k)) cols.push(k);
      if (anchors.some((at) => repeats(cells.map(at), cols))) fits.push(cols);
      return;
    }
    for (let k = from; k <= width - left; k++) choose(k + 1, left - 1, [...acc, k]);
  };
  choose(0, blanks, []);
  if (fits.length <= 1) return fits[0] ?? null;
  // Readings the geometry cannot tell apart: keep the one whose full groups all add up, if one.
  const adds = (cols: number[]) => {
    const byCol = new Map(cols.map((c, i) => [c, /^\d+$/.test(cells[i].text) ? Number(cells[i].text) : NaN]));
    let full = 0;
    for (let g = 0; g < groups; g++) {
      const v = Array.from({ length: size }, (_, k) => byCol.get(g * size + k));
      if (v.some((x) => x === undefined)) continue;
      full++;
      const total = v.pop()!;
      if ((v as number[]).reduce((a, b) => a + b, 0) !== total) return false;
    }
    return full > 0;
  };
  const adding = fits.filter(adds);
  return adding.length === 1 ? adding[0] : null;
}
