/**
 * Splitting a run of digits whose cell borders were lost (`21710000218` = 217,1,0,0,0,0,218) into
 * a known number of cells. Every split that respects the cell grammar is enumerated; the caller's
 * template rule (sums) narrows them; only a unique survivor is used, never a likely one.
 * Premise: a blank cell shows in the dump as whitespace (`&nbsp;`), so the true split is always
 * among those enumerated.
 */

export type Cells = (number | null)[];

export interface CellRule {
  /** A cell at this index may be negative (2019 template 本年增/减). */
  negative?: (i: number) => boolean;
  /** A cell at this index may have decimals (money). */
  decimal?: (i: number) => boolean;
  /**
   * False when no completion of the cells placed so far can pass the caller's rule. `rest` is
   * what remains of the run when it is one unbroken string of digits and no blank cell can still
   * stand (null otherwise: then it must return true). Consulted only once two admissible splits
   * are known (the admissible count then no longer matters, only the passing ones), to cut the
   * search; it must never return false for a prefix that can pass.
   */
  canPass?: (cells: Cells, rest: string | null) => boolean;
}

/**
 * `canPass` for a row whose last cell is the sum of the others (table 3: six applicant columns
 * and their total), all non-negative integers. The total is a suffix of the rest, so for some
 * length L of it: the parts so far do not exceed it, and (without blank parts) the parts still
 * to place, written with the other digits, can make up the difference.
 */
export function sumOfPartsCanPass(width: number) {
  return (cells: Cells, rest: string | null): boolean => {
    if (cells.length >= width || rest === null) return true;
    let sum = 0;
    let blankPart = false;
    for (const v of cells) {
      if (v === null) blankPart = true;
      else sum += v;
    }
    const partsLeft = width - 1 - cells.length;
    for (let L = 1; L <= Math.min(MAX_DIGITS, rest.length - partsLeft); L++) {
      if (L > 1 && rest[rest.length - L] === '0') continue; // no leading zeros
      const total = Number(rest.slice(rest.length - L));
      if (total < sum) continue;
      if (blankPart) return true; // blank parts: the rule only asks sum ≤ total
      const digits = rest.length - L;
      if (partsLeft === 0) {
        if (digits === 0 && total === sum) return true;
        continue;
      }
      // The most partsLeft numbers can sum to from `digits` digits: one long number, the rest single digits.
      const most = 10 ** Math.min(MAX_DIGITS, digits - partsLeft + 1) + 9 * partsLeft;
      if (total - sum <= most) return true;
    }
    return false;
  };
}

export interface SplitChoice {
  /** The split used, or null where none or several remain. */
  cells: Cells | null;
  /** Splits the cell grammar admits, and those the template rule also admits. */
  admissible: number;
  passing: number;
  /** Too many splits to enumerate: undecidable. */
  capped: boolean;
  /** The remaining splits (those passing `ok`), up to `keep`; for the warning and for rules
   * across rows. Complete when `passing <= keep` and not capped. */
  examples: Cells[];
}

/** Enumeration budget (search steps) per run; beyond it the run is undecidable. */
const BUDGET = 300_000;
/** No cell of these tables reaches a hundred million (counts, or money in 万元 or 元). */
const MAX_DIGITS = 9;

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/**
 * Splits `run` into `width` cells and picks one: the only admissible split (the document's own
 * totals may disagree; that is for the rules to report), else the only one passing `ok`.
 * Whitespace inside the run is a cell border (web pages put `&nbsp;` in cells); an empty cell may
 * stand only at whitespace, at most one per blank character; `edges` says how many blanks at the
 * start and end may be empty cells. A cell is `0`, or digits without a leading zero, with `-` or
 * decimals where the rule allows.
 */
export function chooseSplit(
  run: string,
  width: number,
  rule: CellRule = {},
  ok: (cells: Cells) => boolean = () => true,
  edges: { lead: number; trail: number } = { lead: 0, trail: 0 },
  keep = 3,
): SplitChoice {
  const parts = run.trim().split(/([\s\u3000\u00a0]+)/);
  const segments = parts.filter((_, i) => i % 2 === 0).filter(Boolean);
  const gaps = parts.filter((_, i) => i % 2 === 1).map((g) => g.length);
  let admissible = 0;
  let passing = 0;
  let firstAdmissible: Cells | null = null;
  let firstPassing: Cells | null = null;
  const examples: Cells[] = [];
  let steps = 0;
  let capped = false;
  const cur: Cells = [];
  let trailing = 0;

  /** End offsets of every valid cell starting at `from` of `seg`, for cell index `i`. */
  const cellEnds = (seg: string, from: number, i: number): number[] => {
    let p = from;
    let negative = false;
    if (seg[p] === '-') {
      if (!rule.negative?.(i)) return [];
      negative = true;
      p++;
    }
    if (!isDigit(seg[p])) return [];
    const intEnds: number[] = [];
    if (seg[p] === '0') {
      if (negative) return []; // nobody prints -0
      intEnds.push(p + 1);
    } else {
      for (let q = p; isDigit(seg[q]) && q - p < MAX_DIGITS; q++) intEnds.push(q + 1);
    }
    const ends = [...intEnds];
    if (rule.decimal?.(i)) {
      for (const e of intEnds) {
        if (seg[e] !== '.') continue;
        for (let d = e + 1; isDigit(seg[d]); d++) ends.push(d + 1);
      }
    }
    return ends;
  };

  const leaf = () => {
    const cells = [...cur, ...new Array(trailing).fill(null)];
    admissible++;
    firstAdmissible ??= cells;
    if (ok(cells)) {
      passing++;
      firstPassing ??= cells;
      if (examples.length < keep) examples.push(cells);
    }
  };

  // Two admissible and more passing splits than asked for already decide: not unique.
  const decided = () => admissible >= 2 && passing > Math.max(1, keep);
  const walk = (s: number, pos: number) => {
    if (capped || decided()) return;
    if (++steps > BUDGET) {
      capped = true;
      return;
    }
    if (cur.length + trailing > width) return;
    if (rule.canPass && admissible >= 2 && s < segments.length) {
      // A blank cell may still stand at a gap between segments, or this branch ends in blank cells.
      const unbroken = s + 1 === segments.length && trailing === 0;
      if (!rule.canPass(cur, unbroken ? segments[s].slice(pos) : null)) return;
    }
    if (s === segments.length) {
      if (cur.length + trailing === width) leaf();
      return;
    }
    const seg = segments[s];
    if (pos === seg.length) {
      if (s + 1 < segments.length) {
        const most = Math.min(gaps[s] ?? 1, width - cur.length - trailing);
        for (let k = 0; k <= most; k++) {
          for (let j = 0; j < k; j++) cur.push(null);
          walk(s + 1, 0);
          for (let j = 0; j < k; j++) cur.pop();
        }
      } else walk(s + 1, 0);
      return;
    }
    for (const end of cellEnds(seg, pos, cur.length)) {
      cur.push(Number(seg.slice(pos, end)));
      walk(s, end);
      cur.pop();
    }
  };

  for (let a = 0; a <= Math.min(edges.lead, width) && !capped && !decided(); a++) {
    for (let b = 0; b <= Math.min(edges.trail, width - a) && !capped && !decided(); b++) {
      cur.length = 0;
      for (let j = 0; j < a; j++) cur.push(null);
      trailing = b;
      if (segments.length) walk(0, 0);
    }
  }
  let cells: Cells | null = null;
  if (!capped) cells = admissible === 1 ? firstAdmissible : passing === 1 ? firstPassing : null;
  return { cells, admissible, passing, capped, examples };
}

/**
 * `canPass` for a row of groups whose last cell is the sum of the group's others (table 4: three
 * groups of four results and their total): a group whose cells are all placed must hold already.
 */
export function groupSumsCanPass(groupWidth: number) {
  return (cells: Cells): boolean => {
    for (let end = groupWidth - 1; end < cells.length; end += groupWidth) if (!sumsTo(cells, end - groupWidth + 1, end)) return false;
    return true;
  };
}

/**
 * Cells `from`..`to`-1 can sum to cell `to`: exactly when none is null; where some are null
 * (blank), when some non-negative values in the blanks would make it so.
 */
export function sumsTo(cells: Cells, from: number, to: number): boolean {
  let s = 0;
  let blank = false;
  for (let i = from; i < to; i++) {
    if (cells[i] === null) blank = true;
    else s += cells[i]!;
  }
  const total = cells[to];
  if (total === null) return true;
  return blank ? s <= total + 1e-9 : Math.abs(s - total) < 1e-9;
}
