import { classifyCell, isPageNumberLine, normalizeLabel, type CellValue, splitLines } from './cells.ts';

/**
 * Text → table rows. Reports arrive in several layouts of the same tables; each becomes a list of
 * rows of cells, and every table parser works on rows only:
 * - tab-separated rows (most converted documents),
 * - one cell per line, each cell line starting with a tab and a blank line ending the row,
 * - `|`-separated cells and markdown tables,
 * - plain lines where whitespace separates a label from its numbers.
 */
export interface Row {
  /** Label text of the row: its non-numeric cells joined, normalised. */
  label: string;
  /** Value cells after the label, in order; interior blanks are kept as null. */
  values: (number | null)[];
  /** Unit written in a value cell (`18703元`), parallel to `values`. */
  units: (string | undefined)[];
  /** Line number (1-based) of the row's first line, for warnings and provenance. */
  line: number;
  /** The label cells as printed (joined), and the value cells as printed, parallel to `values`. */
  rawLabel: string;
  raw: string[];
}

function rowFromCells(cells: string[], line: number): Row | null {
  // One pass to classify, one to collect: this runs for every table line of every report.
  const kinds: CellValue[] = new Array(cells.length);
  let lastLabel = -1;
  for (let i = 0; i < cells.length; i++) {
    const k = classifyCell(cells[i]);
    kinds[i] = k;
    if (k.kind === 'label') lastLabel = i;
  }
  let labelText = '';
  for (let i = 0; i <= lastLabel; i++) if (kinds[i].kind === 'label') labelText += cells[i];
  const label = labelText === '' ? '' : normalizeLabel(labelText);
  // Value cells: after the last label cell, without leading and trailing blanks (layout padding).
  let start = lastLabel + 1;
  let end = kinds.length;
  while (start < end && kinds[start].kind === 'blank') start++;
  while (end > start && kinds[end - 1].kind === 'blank') end--;
  const values: (number | null)[] = [];
  const units: (string | undefined)[] = [];
  const raw: string[] = [];
  for (let i = start; i < end; i++) {
    const k = kinds[i];
    values.push(k.kind === 'number' ? k.value : null);
    units.push(k.unit);
    raw.push(cells[i].trim());
  }
  if (label === '' && values.length === 0) return null;
  return { label, values, units, line, rawLabel: labelText.trim(), raw };
}

/** Splits a line without tabs or pipes on whitespace, keeping label words together. */
function splitPlainLine(line: string): string[] {
  const tokens = line.trim().split(/[\s\u3000]+/).filter(Boolean);
  const cells: string[] = [];
  let prev = 'blank';
  for (const t of tokens) {
    const k = classifyCell(t).kind;
    if (k === 'label' && prev === 'label') cells[cells.length - 1] += t;
    else cells.push(t);
    prev = k;
  }
  return cells;
}

function isMarkdownRule(line: string): boolean {
  return /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line);
}

/** True where most non-empty lines are single tab-prefixed cells (one cell per line). */
function isCellPerLine(lines: string[]): boolean {
  let cellLines = 0;
  let tabRows = 0;
  for (const l of lines) {
    if (/^\t[^\t]*$/.test(l)) cellLines++;
    else if (/\t.*\t/.test(l)) tabRows++;
  }
  return cellLines > 10 && cellLines > tabRows * 2;
}

export function toRows(text: string, firstLine = 1): Row[] {
  const lines = splitLines(text);
  const rows: Row[] = [];
  const push = (cells: string[], line: number) => {
    const r = rowFromCells(cells, line);
    if (r) rows.push(r);
  };

  if (isCellPerLine(lines)) {
    let cells: string[] = [];
    let start = firstLine;
    lines.forEach((l, i) => {
      if (isPageNumberLine(l)) return;
      if (l.trim() === '' && !l.startsWith('\t')) {
        if (cells.length) push(cells, start);
        cells = [];
        return;
      }
      if (l.startsWith('\t')) {
        if (!cells.length) start = firstLine + i;
        for (const c of l.slice(1).split('\t')) cells.push(c);
      } else if (cells.length) {
        cells[cells.length - 1] += l; // a cell wrapped over two lines
      } else {
        start = firstLine + i;
        cells.push(l);
      }
    });
    if (cells.length) push(cells, start);
    return rows;
  }

  lines.forEach((l, i) => {
    if (isPageNumberLine(l) || isMarkdownRule(l)) return;
    let cells: string[];
    if (l.includes('\t')) cells = l.split('\t');
    else if (l.includes('|')) cells = l.replace(/^\s*\|/, '').replace(/\|\s*$/, '').split('|');
    else cells = splitPlainLine(l);
    push(cells, firstLine + i);
  });
  return rows;
}
