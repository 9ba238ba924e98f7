import { T3_COLUMNS, T3_ROWS, isSplitOtherRow } from '@nianbao/shared';
import { fitValues, matchRows } from './match.ts';
import type { Row } from './rows.ts';
import type { SourceCollector } from './sources.ts';

export interface Table3 {
  fields: Record<string, number | null>;
  /** The report prints a single （六）其他处理 row (2019 template and hybrids). */
  singleOther: boolean;
  /** Rows found at all; zero means the report has no table 3. */
  rowsFound: number;
}

const WIDTH = T3_COLUMNS.length;
const SPECS = T3_ROWS.map((r) => ({ id: r.id, match: r.match, width: WIDTH }));
const IDS = new Map(T3_ROWS.map((r) => [r.id, T3_COLUMNS.map((c) => `t3.${r.id}.${c.id}`)]));

/** Table 3 (applications received and their outcomes) → `t3.<row>.<col>`. */
export function parseTable3(rows: Row[], warnings: string[], sources?: SourceCollector): Table3 {
  const res = matchRows(rows, SPECS);
  warnings.push(...res.warnings);
  const singleOther = res.rows.has('other.total') && !T3_ROWS.some((r) => isSplitOtherRow(r.id) && res.rows.has(r.id));
  const fields: Record<string, number | null> = {};
  for (const r of T3_ROWS) {
    if (r.id === 'other.total' && !singleOther) continue;
    const m = res.rows.get(r.id);
    const skipWarn = singleOther && isSplitOtherRow(r.id);
    // A row the table should print but whose label was not found, while some printed values went
    // to no row: those may be its numbers, so its cells are undecided, not blank.
    const missing = !m && !skipWarn && res.rows.size > 0;
    const undecided = missing && res.ignored > 0;
    if (missing) warnings.push(`table 3: row ${r.label} missing; its values are null${undecided ? ' (uncertain: values of unrecognised rows may be its own)' : ''}`);
    const v = m ? fitValues(m, WIDTH, `table 3 row ${r.label}`, warnings) : new Array(WIDTH).fill(undecided ? Number.NaN : null);
    const ids = IDS.get(r.id)!;
    for (let i = 0; i < WIDTH; i++) {
      const value = v[i];
      if (value !== null && !Number.isNaN(value) && (value < 0 || !Number.isInteger(value))) {
        warnings.push(`table 3 ${r.label}·${T3_COLUMNS[i].label}: ${value} is not a count`);
      }
      fields[ids[i]] = value;
      if (m) sources?.cell(ids[i], m, i);
    }
  }
  return { fields, singleOther, rowsFound: res.rows.size };
}
