import { T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS, type ReportTable } from '@nianbao/shared';
import { describe, expect, it } from 'vitest';
import { disagreements, flaggedFields } from './checks.ts';

/** Tables shaped like GET /api/reports/:id (split 其他处理 rows), from a value per field (default 0). */
function tables(values: Record<string, number | null>): ReportTable[] {
  const v = (f: string) => (f in values ? values[f] : 0);
  return [
    {
      id: 't3', title: '三', titleEn: 'T3',
      rows: T3_ROWS.filter((r) => r.id !== 'other.total').map((r) => ({
        id: r.id, label: r.label, labelEn: r.labelEn,
        cells: T3_COLUMNS.map((c) => ({ field: `t3.${r.id}.${c.id}`, label: c.label, labelEn: c.labelEn, value: v(`t3.${r.id}.${c.id}`) })),
      })),
    },
    {
      id: 't4', title: '四', titleEn: 'T4',
      rows: T4_GROUPS.map((g) => ({
        id: g.id, label: g.label, labelEn: g.labelEn,
        cells: T4_COLUMNS.map((c) => ({ field: `t4.${g.id}.${c.id}`, label: c.label, labelEn: c.labelEn, value: v(`t4.${g.id}.${c.id}`) })),
      })),
    },
  ];
}

describe('failed checks on the tables', () => {
  it('finds the table-4 group whose parts do not add up, and only for rules that failed', () => {
    const t = tables({ 't4.review.upheld': 3, 't4.review.corrected': 3, 't4.review.total': 7 });
    const ds = disagreements(t, [4]);
    expect(ds).toEqual([expect.objectContaining({ rule: 4, where: '行政复议', left: 6, right: 7 })]);
    expect([...flaggedFields(ds).keys()]).toEqual(T4_COLUMNS.map((c) => `t4.review.${c.id}`));
    expect(disagreements(t, [])).toEqual([]);
  });

  it('checks table 3 per column (rules 1, 2) and per row (rule 3)', () => {
    const t = tables({
      't3.new_received.natural_person': 5, 't3.new_received.total': 5,
      't3.granted.natural_person': 4, 't3.granted.total': 4,
      't3.processed_total.natural_person': 5, 't3.processed_total.total': 5,
      't3.partial.commercial': 1, // row sum 1 ≠ total 0; commercial column: 0 processed vs 1 outcome
    });
    const ds = disagreements(t, [1, 2, 3]);
    expect(ds.filter((d) => d.rule === 1)).toEqual([]);
    expect(ds.filter((d) => d.rule === 2).map((d) => [d.where, d.left, d.right])).toEqual([['自然人', 5, 4], ['商业企业', 0, 1], ['总计', 5, 4]]);
    expect(ds.filter((d) => d.rule === 3).map((d) => [d.where, d.left, d.right])).toEqual([['（二）部分公开', 1, 0]]);
  });

  it('skips comparisons with a missing operand (uncertain, not failed)', () => {
    const t = tables({ 't4.review.upheld': null, 't4.review.total': 7 });
    expect(disagreements(t, [4])).toEqual([]);
  });
});
