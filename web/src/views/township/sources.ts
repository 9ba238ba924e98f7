import type { ReportSourcesAnswer } from '@nianbao/shared';

/** What the source panel shows for one number: its printed row with the cell marked, and where it is in the file. */
export interface CellSourceView {
  /** The row's label as printed. */
  label: string;
  /** The row's cells as printed; `marked` is the one the number was read from. */
  cells: { text: string; marked: boolean }[];
  /** The cell as printed. */
  raw: string;
  /** The column's label (the template's: printed headers span merged cells). */
  column: string;
  line: number;
  /** Where the line sits in the file (`第 3 页`), if the format says. */
  where: string | null;
  /** The PDF page, for its image. */
  page: number | null;
  flattened: boolean;
  /** The header lines of the value's table as the report prints them (its column labels). */
  header: string[];
  /** Where the row, and the marked cell if its place is known, are printed on the page image (pixels). */
  boxes: { row: PixelBox; cell: PixelBox | null } | null;
}

export interface PixelBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** `第 3 页` / `page 3` → 3. */
export function pageOf(where: string | null): number | null {
  const m = where ? /(?:第\s*(\d+)\s*页|page\s*(\d+))/i.exec(where) : null;
  return m ? Number(m[1] ?? m[2]) : null;
}

/** The source of `field`, or null where the report keeps none (ingested before provenance, or a blank cell). */
export function cellSource(answer: ReportSourcesAnswer, field: string): CellSourceView | null {
  const at = answer.cells[field];
  if (!at) return null;
  const row = answer.rows[at.row];
  if (!row) return null;
  const k = answer.pageDpi / 72;
  const b = row.box;
  const px = (x0: number, y0: number, x1: number, y1: number): PixelBox => ({ x: Math.round(x0 * k), y: Math.round(y0 * k), w: Math.round((x1 - x0) * k), h: Math.round((y1 - y0) * k) });
  const cellX = b?.cells?.[at.cell];
  return {
    label: row.label,
    cells: row.cells.map((text, i) => ({ text, marked: i === at.cell })),
    raw: at.raw,
    column: at.column,
    line: row.line,
    where: row.where,
    page: answer.format === 'pdf' ? (b?.page ?? pageOf(row.where)) : null,
    flattened: answer.flattened,
    header: answer.headers[field.startsWith('t2') ? 't2' : field.slice(0, 2)] ?? [],
    boxes: b ? { row: px(...b.row), cell: cellX ? px(cellX[0], b.row[1], cellX[1], b.row[3]) : null } : null,
  };
}

/** The sentence a narrative value was read from. */
export function narrativeSource(answer: ReportSourcesAnswer, field: string): { text: string; line: number } | null {
  return answer.narrative.find((n) => n.field === field) ?? null;
}
