import { describe, expect, it } from 'vitest';
import { BOM, csvCell, renderCsv } from './csv.ts';

describe('csv', () => {
  it('neutralises text that Excel would run as a formula, but not numbers', () => {
    for (const s of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(s, 'value', 'zh')).toBe(`'${s}`);
    expect(csvCell(-3, 'value', 'zh')).toBe('-3');
    expect(csvCell('望溪镇', 'value', 'zh')).toBe('望溪镇');
  });

  it('keeps region codes as text and quotes them', () => {
    const out = renderCsv([{ zh: '代码', en: 'Code', kind: 'code', value: (r: { c: string }) => r.c }], [{ c: '511725126' }], 'zh');
    expect(out.startsWith(BOM + '代码\r\n')).toBe(true);
    expect(out).toContain('"\t511725126"');
  });

  it('writes booleans in the header language and nulls as empty', () => {
    expect(csvCell(true, 'value', 'zh')).toBe('是');
    expect(csvCell(false, 'value', 'en')).toBe('no');
    expect(csvCell(null, 'value', 'en')).toBe('');
  });
});
