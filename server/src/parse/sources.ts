/**
 * Provenance of table values: for each field, the row it was read from as printed (its label,
 * every value cell as printed, its line in the extracted text) and the cell's place in that row.
 * Rows are kept once however many fields point into them.
 */
export interface SourceRow {
  /** Line (1-based) of the extracted text where the row begins. */
  line: number;
  /** The row's label as printed (wrapped label lines joined). */
  label: string;
  /** The row's value cells as printed, in order. */
  cells: string[];
}

export interface TableSources {
  rows: SourceRow[];
  /** Each table's header lines as printed (its label-only lines before its first row of values): the column labels. */
  headers: Record<string, string[]>;
  /** Field id → [index into rows, index into that row's cells]. */
  fields: Record<string, [number, number]>;
}

/** The row a value came from, as the matchers and table parsers hold it. */
interface PrintedRow {
  line: number;
  printedLabel?: string;
  rawLabel?: string;
  raw: string[];
}

export class SourceCollector {
  readonly rows: SourceRow[] = [];
  readonly fields: Record<string, [number, number]> = {};
  readonly headers: Record<string, string[]> = {};
  private readonly index = new Map<PrintedRow, number>();

  /** Field `id` was read from cell `cell` of `row`. */
  cell(id: string, row: PrintedRow, cell: number): void {
    if (cell >= row.raw.length) return; // a value the report did not print (filled as null)
    let k = this.index.get(row);
    if (k === undefined) {
      k = this.rows.length;
      this.rows.push({ line: row.line, label: row.printedLabel ?? row.rawLabel ?? '', cells: row.raw });
      this.index.set(row, k);
    }
    this.fields[id] = [k, cell];
  }

  /** Table `table`'s header as printed: its lines without values before its first row with values (at most 8). */
  header(table: string, rows: { values: unknown[]; rawLabel: string }[]): void {
    const lines: string[] = [];
    for (const r of rows) {
      if (r.values.length > 0) break;
      if (r.rawLabel) lines.push(r.rawLabel.slice(0, 200));
    }
    if (lines.length) this.headers[table] = lines.slice(-8);
  }

  result(): TableSources {
    return { rows: this.rows, fields: this.fields, headers: this.headers };
  }
}
