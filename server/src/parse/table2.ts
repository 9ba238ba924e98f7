import { T2_2019_COMPARABLE, T2_ROWS_2019, T2_ROWS_2021, type T2RowDef } from '@nianbao/shared';
import { nfkc } from './cells.ts';
import { fitValues, matchRows, type MatchedRow } from './match.ts';
import type { Row } from './rows.ts';
import type { SourceCollector } from './sources.ts';

/** Marks of the 2019 template's table 2 (its columns and rows differ from 2021's). */
const T2_2019_MARKS = /本年新制作|本年新公开|对外公开总数|上一年项目数|其他对外管理服务|集中采购/;

export function isTemplate2019Table2(t2Text: string): boolean {
  return T2_2019_MARKS.test(nfkc(t2Text).replace(/\s+/g, ''));
}

/**
 * Unit of a money cell, from the cell itself or its column header: 万元 (the template's unit),
 * 元 (to be converted), or undefined when the report names none.
 */
function moneyUnit(m: MatchedRow, index: number): '万元' | '元' | undefined {
  const inCell = m.units[index];
  if (inCell === '万元' || inCell === '元') return inCell;
  const header = nfkc(m.context).replace(/\s+/g, '');
  if (/万元/.test(header)) return '万元';
  if (/[(（:：]元[)）]?|单位:?元|金额元/.test(header)) return '元';
  return undefined;
}

function parseRows(rows: Row[], defs: T2RowDef[], prefix: string, fields: Record<string, number | null>, warnings: string[], sources?: SourceCollector) {
  const specs = defs.map((d) => ({ id: d.id, match: d.match, width: d.cols.length }));
  const res = matchRows(rows, specs);
  warnings.push(...res.warnings);
  for (const d of defs) {
    const m = res.rows.get(d.id);
    if (!m) {
      // Undecided rather than blank when some printed values went to no row (see table3.ts).
      const undecided = res.ignored > 0;
      warnings.push(`table 2: row ${d.label} missing; its values are null${undecided ? ' (uncertain: values of unrecognised rows may be its own)' : ''}`);
      for (const c of d.cols) fields[`${prefix}.${d.id}.${c.id}`] = undecided ? Number.NaN : null;
      continue;
    }
    // A short 2019 fees row (the template prints two columns there) is normal, not a warning.
    const quiet: string[] = [];
    const v = fitValues(m, d.cols.length, `table 2 row ${d.label}`, d.id === 'fees' && prefix === 't2_2019' ? quiet : warnings);
    d.cols.forEach((c, i) => {
      let value = v[i];
      // NaN: an undecided cell (cells.ts UNCERTAIN_CELL), neither converted nor warned about here.
      if (c.kind === 'money' && value !== null && !Number.isNaN(value)) {
        const unit = moneyUnit(m, i);
        if (unit === '元') {
          warnings.push(`table 2 ${d.label}: amount ${value} stated in 元, converted to ${value / 10000} 万元`);
          value = Number((value / 10000).toFixed(6));
        } else if (unit === undefined && d.id === 'procurement') {
          warnings.push(`table 2 ${d.label}: amount ${value} has no unit in the report; kept as written (template unit 万元)`);
        }
      }
      if (c.kind === 'count' && value !== null && !Number.isNaN(value) && !Number.isInteger(value)) {
        warnings.push(`table 2 ${d.label}·${c.label}: count ${value} is not a whole number`);
      }
      fields[`${prefix}.${d.id}.${c.id}`] = value;
      sources?.cell(`${prefix}.${d.id}.${c.id}`, m, i);
    });
  }
}

/** Table 2 of the 2021 template → `t2.*`. */
export function parseTable2of2021(rows: Row[], warnings: string[], fields: Record<string, number | null> = {}, sources?: SourceCollector): Record<string, number | null> {
  parseRows(rows, T2_ROWS_2021, 't2', fields, warnings, sources);
  return fields;
}

/** Table 2 of the 2019 template → `t2_2019.*`, plus the comparable `t2.*` ids it fills. */
export function parseTable2of2019(rows: Row[], warnings: string[], fields: Record<string, number | null> = {}, sources?: SourceCollector): Record<string, number | null> {
  parseRows(rows, T2_ROWS_2019, 't2_2019', fields, warnings, sources);
  for (const [to, from] of Object.entries(T2_2019_COMPARABLE)) {
    fields[to] = fields[from] ?? null;
    const src = sources?.fields[from];
    if (src) sources!.fields[to] = src;
  }
  return fields;
}
