import { describe, expect, it } from 'vitest';
import { csvCell, parseCsv, toCsv } from './csv.ts';

describe('page-built CSV', () => {
  it('quotes, escapes formulas and writes a BOM', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(toCsv([['县', 'n'], ['古冶区', 3]])).toBe('\uFEFF县,n\r\n古冶区,3\r\n');
  });
});

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,"b,c","say ""hi"""\r\n"\t11",,x\n')).toEqual([['a', 'b,c', 'say "hi"'], ['\t11', '', 'x']]);
    expect(parseCsv('a,b')).toEqual([['a', 'b']]);
    expect(parseCsv(toCsv([['=x', 'y\nz']]))).toEqual([["'=x", 'y\nz']]);
  });
});
