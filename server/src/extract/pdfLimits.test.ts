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
