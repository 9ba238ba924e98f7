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

describe('csvLine', () => {
  it('any cells read back as written; where no cell holds a line break, exactly as csv-stringify writes them', async () => {
    const fc = (await import('fast-check')).default;
    const { stringify } = await import('csv-stringify/sync');
    const { parse } = await import('csv-parse/sync');
    const { csvLine, CSV_OPTIONS } = await import('./csv.ts');
    const cell = fc.oneof(fc.string(), fc.constantFrom('', '\t511304', 'a,b', 'say "hi"', 'x\ny', 'x\r\ny', '\r', ' lead', '=1+1'), fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '\t', ' ', '中') }));
    fc.assert(fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (cells) => {
      const line = csvLine(cells);
      if (cells.some((c) => c !== '')) expect(parse(line, { relax_column_count: true })).toEqual([cells]);
      if (!cells.some((c) => /[\r\n]/.test(c))) expect(line).toBe(stringify([cells], CSV_OPTIONS));
    }), { numRuns: 2000 });
  });

  it('quotes a lone line break, which csv-stringify leaves bare (and so splits the row)', async () => {
    const { parse } = await import('csv-parse/sync');
    const { csvLine } = await import('./csv.ts');
    expect(csvLine(['a\nb', 'c'])).toBe('"a\nb",c\r\n');
    expect(parse(renderCsv([{ zh: '提示', en: 'Warning', value: (r: { w: string }) => r.w }], [{ w: '第一行\n第二行' }], 'zh').slice(1))).toEqual([['提示'], ['第一行\n第二行']]);
  });
});
