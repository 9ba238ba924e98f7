import { render } from '@testing-library/svelte';
import { T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS, type ReportTable } from '@nianbao/shared';
import { describe, expect, it } from 'vitest';
import { disagreements, flaggedFields } from './checks.ts';
import ReportTables from './ReportTables.svelte';

const tables: ReportTable[] = [
  { id: 't2', title: '二、主动公开政府信息情况', titleEn: 'Proactive disclosure', rows: [{ id: 'fees', label: '行政事业性收费', labelEn: 'Administrative fees', cells: [{ field: 't2.fees.amount', label: '本年收费金额（万元）', labelEn: 'amount', value: 12.5 }] }] },
  {
    id: 't3', title: '三、收到和处理政府信息公开申请情况', titleEn: 'Applications',
    rows: T3_ROWS.filter((r) => r.id !== 'other.total').map((r) => ({
      id: r.id, label: r.label, labelEn: r.labelEn,
      cells: T3_COLUMNS.map((c) => ({ field: `t3.${r.id}.${c.id}`, label: c.label, labelEn: c.labelEn, value: r.id === 'granted' && c.id === 'total' ? 1234 : 0 })),
    })),
  },
  {
    id: 't4', title: '四、政府信息公开行政复议、行政诉讼情况', titleEn: 'Reconsideration and litigation',
    rows: T4_GROUPS.map((g) => ({
      id: g.id, label: g.label, labelEn: g.labelEn,
      cells: T4_COLUMNS.map((c) => ({ field: `t4.${g.id}.${c.id}`, label: c.label, labelEn: c.labelEn, value: g.id === 'review' ? (c.id === 'total' ? 7 : c.id === 'upheld' ? 3 : 0) : null })),
    })),
  },
];

describe('ReportTables', () => {
  it('lays out the template: every number beside its labels, failing cells marked with their rule', () => {
    const flagged = flaggedFields(disagreements(tables, [2, 3, 4]));
    const { container } = render(ReportTables, { tables, lang: 'zh', flagged });
    expect([...container.querySelectorAll('h3')].map((h) => h.textContent)).toEqual(tables.map((t) => t.title));
    expect(container.querySelector('td[data-field="t2.fees.amount"] .v')!.textContent).toBe('12.5');
    expect(container.querySelector('td[data-field="t3.granted.total"] .v')!.textContent).toBe('1,234');
    // Table 3: 25 rows (split 其他处理) × 7 applicant columns; table 4: one row of 3 × 5 cells.
    expect(container.querySelectorAll('td[data-field^="t3."]')).toHaveLength(25 * 7);
    expect(container.querySelectorAll('td[data-field^="t4."]')).toHaveLength(15);
    // Rule 4: review 3+0+0+0 ≠ 7. The granted row (rule 3: 0×6 ≠ 1234) and total column (rule 2) too.
    const flaggedFieldsShown = [...container.querySelectorAll('td.flag')].map((td) => td.getAttribute('data-field'));
    expect(flaggedFieldsShown).toContain('t4.review.total');
    expect(flaggedFieldsShown).toContain('t3.granted.natural_person');
    expect(flaggedFieldsShown).not.toContain('t4.suit_direct.total');
    expect(container.querySelector('td[data-field="t4.review.total"]')!.getAttribute('title')).toBe('规则4');
    expect(container.querySelector('td[data-field="t4.suit_direct.total"] .v')!.textContent).toBe('—');
  });

  it('shows a cell the parser could not decide as "?", distinct from a blank one, with why', () => {
    const t2 = [{ ...tables[0], rows: [{ ...tables[0].rows[0], cells: [{ ...tables[0].rows[0].cells[0], value: null }] }] }, tables[2]];
    const { container } = render(ReportTables, { tables: t2, lang: 'zh', flagged: new Map(), uncertain: new Set(['t2.fees.amount']) });
    const unsure = container.querySelector('td[data-field="t2.fees.amount"]')!;
    expect(unsure.getAttribute('data-uncertain')).toBe('1');
    expect(unsure.querySelector('.v')!.textContent).toBe('?');
    expect(unsure.getAttribute('title')).toMatch(/未能确定/);
    // A null the report itself leaves blank stays a dash.
    expect(container.querySelector('td[data-field="t4.suit_direct.total"] .v')!.textContent).toBe('—');
    expect(container.querySelectorAll('td[data-uncertain]')).toHaveLength(1);
  });
});
