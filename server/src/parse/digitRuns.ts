/**
 * Splitting a run of digits whose cell borders were lost (`21710000218` = 217,1,0,0,0,0,218) into
 * a known number of cells. Every split that respects the cell grammar is enumerated; the caller's
 * template rule (sums) narrows them; only a unique survivor is used, never a likely one.
 */

export interface CellRule {
  /** A cell at this index may be negative (2019 template 本年增/减). */
  negative?: (i: number) => boolean;
  /** A cell at this index may have decimals (money). */
  decimal?: (i: number) => boolean;
}

export interface SplitResult {
  /** Every split into exactly `width` cells (null = empty cell at a space), capped. */
  splits: (number | null)[][];
  /** Enumeration stopped at the cap: too many splits to decide. */
  capped: boolean;
}

const CAP = 2000;

/**
 * All splits of `run` into `width` cells. Whitespace inside the run is a cell border (web pages
 * put `&nbsp;` in some cells); an empty cell may stand only at such an interior space, one per
 * space. A cell is `0`, or digits without a leading zero, with `-` or decimals where allowed.
 */
export function splitRun(run: string, width: number, rule: CellRule = {}): SplitResult {
  const segments = run.trim().split(/[\s\u3000\u00a0]+/).filter(Boolean);
  const splits: (number | null)[][] = [];
  let capped = false;
  const cur: (number | null)[] = [];

  const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
  /** End offsets of every valid cell starting at `from`. */
  const cellAt = (seg: string, from: number, i: number): number[] => {
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
      for (let q = p; isDigit(seg[q]); q++) intEnds.push(q + 1);
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

  const walk = (s: number, pos: number) => {
    if (capped) return;
    if (cur.length > width) return;
    if (s === segments.length) {
      if (cur.length === width) {
        splits.push([...cur]);
        if (splits.length >= CAP) capped = true;
      }
      return;
    }
    const seg = segments[s];
    if (pos === seg.length) {
      // Border between segments: continue, or put one empty cell there.
      if (s + 1 < segments.length) {
        walk(s + 1, 0);
        cur.push(null);
        walk(s + 1, 0);
        cur.pop();
      } else walk(s + 1, 0);
      return;
    }
    const i = cur.length;
    for (const end of cellAt(seg, pos, i)) {
      cur.push(Number(seg.slice(pos, end)));
      walk(s, end);
      cur.pop();
    }
  };
  walk(0, 0);
  return { splits, capped };
}

/** The splits whose cells pass `ok`; used only when the plain split is not already unique. */
export function narrow(res: SplitResult, ok: (cells: (number | null)[]) => boolean): (number | null)[][] {
  if (res.splits.length <= 1) return res.splits;
  return res.splits.filter(ok);
}

/** Sum of the cells `from`..`to`-1 equals cell `to` (nulls count as 0). */
export function sumsTo(cells: (number | null)[], from: number, to: number): boolean {
  let s = 0;
  for (let i = from; i < to; i++) s += cells[i] ?? 0;
  return Math.abs(s - (cells[to] ?? 0)) < 1e-9;
}
