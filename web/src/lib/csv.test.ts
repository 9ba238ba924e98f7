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
  it('writes codes as text the way the API does (a quoted tab first), so leading zeros survive Excel', () => {
    expect(csvCell('010101')).toBe('"\t010101"');
    expect(toCsv([['区划代码', '年度'], ['130204', 2024]])).toBe('\uFEFF区划代码,年度\r\n"\t130204",2024\r\n');
    // Read back, the tab is the only addition (as regionsFromCsv strips it from the API's CSV).
    expect(parseCsv(toCsv([['010101']]))).toEqual([['\t010101']]);
  });
  it('neutralises every formula start, also inside quotes', () => {
    for (const bad of ['=1+1', '+1', '-1+2', '@SUM(A1)', '\t=1', '\r=1']) expect(csvCell(bad).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });
});

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,"b,c","say ""hi"""\r\n"\t11",,x\n')).toEqual([['a', 'b,c', 'say "hi"'], ['\t11', '', 'x']]);
    expect(parseCsv('a,b')).toEqual([['a', 'b']]);
    expect(parseCsv(toCsv([['=x', 'y\nz']]))).toEqual([["'=x", 'y\nz']]);
  });
});
