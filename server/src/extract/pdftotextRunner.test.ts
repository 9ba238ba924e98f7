import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../paths.ts';
import { runPdftotext } from './pdftotextRunner.ts';

const real = resolve(REPO_ROOT, 'server/fixtures/corpus/real/pdf');
const pdf = (name: string) => readFileSync(resolve(real, name));

describe('pdftotext through long-lived shells', () => {
  it('answers files in flight together, each with its own text, a broken file with null, and leaves no temporary files', async () => {
    const huaian = pdf('huaian-city-2024.pdf');
    const hongze = pdf('hongze-district-2023.pdf');
    const broken = Buffer.from('%PDF-1.7\nnot really a pdf');
    const results = await Promise.all([huaian, broken, hongze, huaian, hongze, broken].map((b) => runPdftotext(b)));
    const words = (x: string | null) => (x?.match(/<word /g) ?? []).length;
    expect(results.map((r) => r.xhtml === null)).toEqual([false, true, false, false, false, true]);
    // The same file gives the same words whichever shell read it; different files differ.
    expect(results[0].xhtml).toBe(results[3].xhtml);
    expect(results[2].xhtml).toBe(results[4].xhtml);
    expect(words(results[0].xhtml)).toBeGreaterThan(300);
    expect(results[0].xhtml).toContain('淮安');
    expect(results[2].xhtml).toContain('洪泽');
    expect(results.some((r) => r.missing)).toBe(false);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`nianbao-pdf-${process.pid}-`))).toEqual([]);
  });
});
