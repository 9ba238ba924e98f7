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
  return {
    label: row.label,
    cells: row.cells.map((text, i) => ({ text, marked: i === at.cell })),
    raw: at.raw,
    column: at.column,
    line: row.line,
    where: row.where,
    page: answer.format === 'pdf' ? pageOf(row.where) : null,
    flattened: answer.flattened,
  };
}

/** The sentence a narrative value was read from. */
export function narrativeSource(answer: ReportSourcesAnswer, field: string): { text: string; line: number } | null {
  return answer.narrative.find((n) => n.field === field) ?? null;
}
