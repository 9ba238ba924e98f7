import { NUMERIC_FIELDS } from '@nianbao/shared';
import { describe, expect, it } from 'vitest';
import { rng } from '../../testing/generate.ts';
import { reportTables, reportTablesJson } from './reports.service.ts';

describe('report tables JSON from a template skeleton', () => {
  it.each([
    ['2021', false],
    ['2021', true],
    ['2019', true],
    ['2019', false],
  ] as const)('template %s (single 其他处理 row: %s) serialises exactly as the table objects do', (template, singleOther) => {
    const r = rng(template.length + (singleOther ? 1 : 0));
    for (let k = 0; k < 20; k++) {
      // Integers, money with decimals, zeros, negatives and nulls, keyed by stored column.
      const fields: Record<string, number | null> = {};
      for (const f of NUMERIC_FIELDS) {
        const x = r();
        fields[f.column] = x < 0.1 ? null : x < 0.3 ? 0 : x < 0.4 ? -Math.floor(x * 50) : x < 0.5 ? Math.round(x * 1e6) / 1e4 : Math.floor(x * 5000);
      }
      expect(reportTablesJson(template, singleOther, fields)).toBe(JSON.stringify(reportTables(template, singleOther, fields)));
    }
    expect(reportTablesJson(template, singleOther, null)).toBe(JSON.stringify(reportTables(template, singleOther, null)));
  });
});
