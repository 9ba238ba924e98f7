/**
 * Which cells of a report's tables a failed consistency rule points at. The server says which
 * rules failed (and why, as text); this re-evaluates rules 1–4 on the cells shown so the numbers
 * that disagree can be highlighted beside their labels. Only rules the server reports as failed
 * are highlighted, so the page never contradicts the database.
 */
import type { ReportTable } from '@nianbao/shared';

export interface Disagreement {
  rule: 1 | 2 | 3 | 4;
  /** Column, row or group label where the comparison fails. */
  where: string;
  whereEn: string;
  left: number;
  right: number;
  /** Field ids on each side. */
  fields: string[];
}

const sum = (xs: (number | null)[]): number | null => {
  let s = 0;
  for (const x of xs) {
    if (x === null) return null;
    s += x;
  }
  return Math.round(s * 1e6) / 1e6;
};

const OUTCOME = /^(granted|partial|denied\.|unable\.|not_processed\.)/;

export function disagreements(tables: ReportTable[], failedRules: number[]): Disagreement[] {
  const out: Disagreement[] = [];
  const failed = new Set(failedRules);
  const t3 = tables.find((t) => t.id === 't3');
  const t4 = tables.find((t) => t.id === 't4');
  if (t3) {
    const cell = new Map<string, number | null>();
    const colLabels = new Map<string, { zh: string; en: string }>();
    for (const r of t3.rows) for (const c of r.cells) {
      cell.set(c.field, c.value);
      colLabels.set(c.field.split('.').pop()!, { zh: c.label, en: c.labelEn });
    }
    const rowIds = t3.rows.map((r) => r.id);
    const singleOther = rowIds.includes('other.total');
    const outcomeRows = rowIds.filter((id) => OUTCOME.test(id) || (singleOther ? id === 'other.total' : id.startsWith('other.')));
    for (const [col, label] of colLabels) {
      const f = (row: string) => `t3.${row}.${col}`;
      const v = (row: string) => cell.get(f(row)) ?? null;
      if (failed.has(1)) {
        const l = sum([v('new_received'), v('carried_over')]);
        const r = sum([v('processed_total'), v('carried_forward')]);
        if (l !== null && r !== null && l !== r) out.push({ rule: 1, where: label.zh, whereEn: label.en, left: l, right: r, fields: ['new_received', 'carried_over', 'processed_total', 'carried_forward'].map(f) });
      }
      if (failed.has(2)) {
        const total = v('processed_total');
        const s = sum(outcomeRows.map(v));
        if (total !== null && s !== null && total !== s) out.push({ rule: 2, where: label.zh, whereEn: label.en, left: total, right: s, fields: [f('processed_total'), ...outcomeRows.map(f)] });
      }
    }
    if (failed.has(3)) {
      for (const r of t3.rows) {
        const parts = r.cells.filter((c) => !c.field.endsWith('.total')).map((c) => c.value);
        const total = r.cells.find((c) => c.field.endsWith('.total'))?.value ?? null;
        const s = sum(parts);
        if (s !== null && total !== null && s !== total) out.push({ rule: 3, where: r.label, whereEn: r.labelEn, left: s, right: total, fields: r.cells.map((c) => c.field) });
      }
    }
  }
  if (t4 && failed.has(4)) {
    for (const g of t4.rows) {
      const parts = g.cells.filter((c) => !c.field.endsWith('.total')).map((c) => c.value);
      const total = g.cells.find((c) => c.field.endsWith('.total'))?.value ?? null;
      const s = sum(parts);
      if (s !== null && total !== null && s !== total) out.push({ rule: 4, where: g.label, whereEn: g.labelEn, left: s, right: total, fields: g.cells.map((c) => c.field) });
    }
  }
  return out;
}

/** Field id → the rules whose failing comparison it takes part in. */
export function flaggedFields(ds: Disagreement[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const d of ds) for (const f of d.fields) m.set(f, [...new Set([...(m.get(f) ?? []), d.rule])]);
  return m;
}
