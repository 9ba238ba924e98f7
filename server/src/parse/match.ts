import type { Row } from './rows.ts';

/**
 * Assigns table rows to the template's row definitions. Rows come in template order, so each is
 * tried against the definitions from the last match onwards. A label-only row is remembered and
 * joined to the next row (labels wrapped over two lines, values on the line below); a values-only
 * row continues a matched row that is short of values.
 */
export interface RowSpec {
  id: string;
  match: RegExp[];
  /** How many value cells the row has. */
  width: number;
}

export interface MatchedRow {
  id: string;
  values: (number | null)[];
  units: (string | undefined)[];
  /** The value cells as printed, parallel to `values`, and the label as printed (wrapped lines joined). */
  raw: string[];
  printedLabel: string;
  line: number;
  /** Text of the label-only rows just before it (column headers, units). */
  context: string;
}

export interface MatchResult {
  rows: Map<string, MatchedRow>;
  warnings: string[];
  /** Values printed in the table that no row took (unrecognised labels, values with no row). */
  ignored: number;
}

export function matchRows(rows: Row[], specs: RowSpec[]): MatchResult {
  const out = new Map<string, MatchedRow>();
  const warnings: string[] = [];
  let pending: string[] = [];
  let pendingRaw: string[] = [];
  let ptr = 0;
  let last: { row: MatchedRow; spec: RowSpec } | null = null;
  let ignored = 0;

  const find = (label: string): number => {
    if (!label) return -1;
    for (let j = ptr; j < specs.length; j++) if (specs[j].match.some((re) => re.test(label))) return j;
    for (let j = 0; j < ptr; j++) if (!out.has(specs[j].id) && specs[j].match.some((re) => re.test(label))) return j;
    return -1;
  };

  for (const row of rows) {
    if (row.values.length === 0) {
      pending.push(row.label);
      pendingRaw.push(row.rawLabel);
      if (pending.length > 3) {
        pending.shift();
        pendingRaw.shift();
      }
      continue;
    }
    if (row.label === '' && last && last.row.values.length < last.spec.width) {
      // Loops, not spread arguments: a broken row may hold more values than the stack takes.
      for (const v of row.values) last.row.values.push(v);
      for (const u of row.units) last.row.units.push(u);
      for (const c of row.raw) last.row.raw.push(c);
      continue;
    }
    let j = find(row.label);
    let printedLabel = row.rawLabel;
    if (j < 0) {
      j = find(pending.slice(-2).join('') + row.label);
      printedLabel = pendingRaw.slice(-2).join('') + row.rawLabel;
    }
    if (j < 0) {
      ignored += row.values.filter((v) => v !== null).length;
      if (row.label) warnings.push(`line ${row.line}: row "${row.label.slice(0, 30)}" not recognised, its ${row.values.length} value(s) ignored`);
      pending = [];
      pendingRaw = [];
      continue;
    }
    const spec = specs[j];
    if (out.has(spec.id)) {
      warnings.push(`line ${row.line}: row ${spec.id} appears twice; the first is kept`);
      ignored += row.values.filter((v) => v !== null).length;
      pending = [];
      pendingRaw = [];
      continue;
    }
    const m: MatchedRow = { id: spec.id, values: [...row.values], units: [...row.units], raw: [...row.raw], printedLabel, line: row.line, context: pending.join(' ') };
    out.set(spec.id, m);
    last = { row: m, spec };
    ptr = j + 1;
    pending = [];
    pendingRaw = [];
  }
  return { rows: out, warnings, ignored };
}

/**
 * The row's values fitted to its width: extra trailing cells are dropped with a warning, missing
 * ones become null with a warning.
 */
export function fitValues(m: MatchedRow, width: number, what: string, warnings: string[]): (number | null)[] {
  const v = m.values.slice(0, width);
  if (m.values.length > width) {
    warnings.push(`line ${m.line}: ${what} has ${m.values.length} values for ${width} columns; the first ${width} are kept`);
  }
  if (v.length < width) {
    warnings.push(`line ${m.line}: ${what} has ${v.length} values for ${width} columns; the missing ones are null`);
    while (v.length < width) v.push(null);
  }
  return v;
}
