import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { processBytes } from '../pipeline.ts';
import { randomSpec, renderTextReport, rng } from '../testing/generate.ts';
import { pickTownship } from '../testing/townships.ts';
import { decodeText } from './text.ts';

describe('text decoding', () => {
  const sample = '平罗县渠口乡2024年政府信息公开工作年度报告\n一、总体情况';
  it('reads UTF-8 with and without BOM, and GB18030', () => {
    expect(decodeText(Buffer.from(sample)).text).toBe(sample);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample)])).text).toBe(sample);
    const gb = decodeText(iconv.encode(sample, 'gb18030'));
    expect(gb.text).toBe(sample);
    expect(gb.encoding).toBe('GB18030');
  });

  it('a GB18030 report parses to the same fields as its UTF-8 twin, with a warning', async () => {
    const r = rng(3);
    const spec = randomSpec(r, { organ: pickTownship(r).organ, year: 2024 });
    const text = renderTextReport(spec);
    const utf8 = (await processBytes('a.txt', Buffer.from(text))).output;
    const gb = (await processBytes('a.txt', iconv.encode(text, 'gb18030'))).output;
    expect(gb.fields).toEqual(utf8.fields);
    expect(gb.warnings[0]).toMatch(/GB18030/);
  });

  it('reads UTF-16 without a byte-order mark (Notepad\'s "Unicode"), either byte order, and says so', async () => {
    const r = rng(4);
    const spec = randomSpec(r, { organ: pickTownship(r).organ, year: 2024 });
    const text = renderTextReport(spec);
    const utf8 = (await processBytes('a.txt', Buffer.from(text))).output;
    for (const enc of ['utf16le', 'utf16be'] as const) {
      const out = (await processBytes('a.txt', iconv.encode(text, enc))).output;
      expect(out.fields).toEqual(utf8.fields);
      expect(out.warnings[0]).toBe(`file is ${enc === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE'} without a byte-order mark; decoded`);
    }
  });

  it('gives a per-file error, never a throw, on empty, binary and table-less input', async () => {
    expect((await processBytes('e.txt', Buffer.alloc(0))).output.error).toBe('empty file');
    expect((await processBytes('b.txt', Buffer.from([1, 2, 0, 3]))).output.error).toMatch(/binary/);
    expect((await processBytes('x.pdfx', Buffer.from('x'))).output.error).toMatch(/unsupported file type/);
    const noTables = (await processBytes('n.txt', Buffer.from('某镇2024年政府信息公开工作年度报告\n一、总体情况\n本年主动公开信息12条。'))).output;
    expect(noTables.ok).toBe(true);
    expect(noTables.fields.template).toBe('unknown');
    expect(noTables.fields['proactive.total']).toBe(12);
    expect(noTables.warnings.join(' ')).toMatch(/no table 3/);
  });
});
