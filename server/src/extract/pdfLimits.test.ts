import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processBytes } from '../pipeline.ts';
import { REPO_ROOT } from '../paths.ts';
import { decodeProvenance } from '../store/provenance.ts';
import { setPdfEngine } from './pdf.ts';
import { MAX_PDF_PAGES } from './pdftotextRunner.ts';

const REAL = resolve(REPO_ROOT, 'server/fixtures/corpus/real/pdf/huaian-city-2024.pdf');

/** The real report's pages repeated `copies` times in one file (poppler's pdfunite). */
function repeated(copies: number): Buffer {
  const out = join(mkdtempSync(join(tmpdir(), 'nianbao-pages-')), 'long.pdf');
  execFileSync('pdfunite', [...Array(copies).fill(REAL), out]);
  return readFileSync(out);
}

describe('where a PDF prints each value', () => {
  afterEach(() => setPdfEngine('pdftotext'));
  for (const [name, engine] of [['huaian-city-2024.pdf', 'pdftotext'], ['hongze-district-2023.pdf', 'pdftotext'], ['huaian-city-2024.pdf', 'pdfjs']] as const) {
    it(`${name} (${engine}): the text inside each value's box on its page is that value as printed`, async () => {
      setPdfEngine(engine);
      const file = resolve(REPO_ROOT, 'server/fixtures/corpus/real/pdf', name);
      const doc = decodeProvenance((await processBytes(name, readFileSync(file))).provenance!)!;
      let boxed = 0;
      for (const [id, [row, cell]] of Object.entries(doc.fields)) {
        const r = doc.rows[row];
        const x = r.box?.cells?.[cell];
        if (!r.box || !x || r.cells[cell] === '') continue;
        // poppler's own crop, in points at 72 dpi: what the page prints in the cell's box.
        const [, top, , bottom] = r.box.row;
        const args = ['-f', String(r.box.page), '-l', String(r.box.page), '-x', String(Math.floor(x[0]) - 1), '-y', String(Math.floor(top) - 1), '-W', String(Math.ceil(x[1] - x[0]) + 2), '-H', String(Math.ceil(bottom - top) + 2), file, '-'];
        const inside = execFileSync('pdftotext', args, { encoding: 'utf8' }).replace(/\s+/g, '');
        expect([id, inside]).toEqual([id, r.cells[cell]]);
        boxed++;
      }
      expect(boxed).toBeGreaterThan(40);
    });
  }
});

describe('PDF page count', () => {
  afterEach(() => setPdfEngine('pdftotext'));
  it(`a PDF of more than ${MAX_PDF_PAGES} pages is refused with the reason, by both engines`, async () => {
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [REAL], { encoding: 'utf8' }))![1]);
    const long = repeated(Math.ceil((MAX_PDF_PAGES + 1) / pages));
    const out = (await processBytes('long.pdf', long)).output;
    expect(out.error).toBe(`PDF of more than ${MAX_PDF_PAGES} pages (a report has a few dozen): not read`);
    setPdfEngine('pdfjs');
    expect((await processBytes('long.pdf', long)).output.error).toMatch(new RegExp(`^PDF of \\d+ pages \\(more than ${MAX_PDF_PAGES}; a report has a few dozen\\): not read$`));
  }, 60_000);

  it('a report names the page each table row was read on', async () => {
    const r = await processBytes('huaian.pdf', readFileSync(REAL));
    const doc = decodeProvenance(r.provenance!)!;
    expect(doc.rows.every((row) => /^第 \d+ 页$/.test(row.where ?? ''))).toBe(true);
    // In the order of the text, pages never go back.
    const numbers = [...doc.rows].sort((a, b) => a.line - b.line).map((row) => Number(/\d+/.exec(row.where!)![0]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBeGreaterThan(1);
    // And the page named is the one that prints the row: table 3's first row and table 4's values.
    for (const id of ['t3.new_received.total', 't4.review.total']) {
      const [row, cell] = doc.fields[id];
      const page = Number(/\d+/.exec(doc.rows[row].where!)![0]);
      const text = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', REAL, '-'], { encoding: 'utf8' });
      expect([id, text.includes(doc.rows[row].cells[cell])]).toEqual([id, true]);
    }
  });
});
