/**
 * Accuracy on the real corpus: every field of every expected answer (fixtures/corpus/expected,
 * copied from shared/corpus) is reproduced exactly — seeds, PDFs and flattened web text — except
 * the ids the answer lists as uncertain, and the cells whose digits the flattened text alone
 * cannot split (AMBIGUOUS_IN_TEXT below), which must be null with a warning.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setPdfEngine, type PdfEngine } from '../extract/pdf.ts';
import { processFile } from '../pipeline.ts';
import { REPO_ROOT } from '../paths.ts';

const CORPUS = resolve(REPO_ROOT, 'server/fixtures/corpus');

interface Expected {
  file: string;
  fields: Record<string, unknown>;
  uncertain: string[];
}

/** Source file of an expected answer, inside the fixture copy of the corpus. */
function sourceOf(e: Expected): string {
  return resolve(CORPUS, e.file.replace(/^(shared\/)?corpus\//, ''));
}

const expectedFiles = readdirSync(resolve(CORPUS, 'expected')).filter((f) => f.endsWith('.json'));
const all: Expected[] = expectedFiles.map((f) => JSON.parse(readFileSync(resolve(CORPUS, 'expected', f), 'utf8')));
/** The formats read so far. */
const READABLE = /(^|\/)(seeds|real\/flattened-web-text|real\/pdf|real\/html-article)\//;
const readable = all.filter((e) => READABLE.test(e.file));

/**
 * Cells whose digits ran together in the flattened web text so that the text alone admits several
 * splits (no template sum constrains table 2); the expected answer took them from the page's HTML
 * (see each answer's notes). The parser must leave them null and say so, never pick one.
 */
const AMBIGUOUS_IN_TEXT: Record<string, string[]> = {
  'pingtan_10_2019.json': ['t2_2019.procurement.items'], // 1018703元
  'pingtan_14_2019.json': ['t2_2019.procurement.items'], // 3147230元
  'pingtan_19_2020.json': ['t2_2019.procurement.items'], // 161089059
  'pingtan_3_2020.json': [
    ...['licensing', 'penalty'].flatMap((r) => ['prev_items', 'change', 'decisions'].map((c) => `t2_2019.${r}.${c}`)), // 88-720, 26-260
    't2.licensing.decisions', 't2.penalty.decisions', 't2_2019.procurement.items', // 263042532
  ],
  'pingtan_5_2019.json': [
    ...['licensing', 'other_services', 'penalty', 'enforcement'].flatMap((r) => ['prev_items', 'change', 'decisions'].map((c) => `t2_2019.${r}.${c}`)), // 51037 60149 5340103 3100
    't2.licensing.decisions', 't2.penalty.decisions', 't2.enforcement.decisions', 't2_2019.procurement.items', // 156805947.43元
  ],
};

describe('real reports reproduce the expected answers field by field', () => {
  it('covers the seeds, the flattened web text, the real article pages and the PDFs', () => expect(readable.length).toBe(all.length));
  afterEach(() => setPdfEngine('pdftotext'));
  // PDFs are read by pdftotext when installed and by pdfjs without it: both must be exact.
  const runs = readable.flatMap((e): { e: Expected; engine: PdfEngine | null }[] => (/\/real\/pdf\//.test(e.file) ? [{ e, engine: 'pdftotext' }, { e, engine: 'pdfjs' }] : [{ e, engine: null }]));
  for (const { e, engine } of runs) {
    const name = e.file.split('/').pop()!.replace(/\.\w+$/, '.json');
    it(engine ? `${e.file} (${engine})` : e.file, async () => {
      if (engine) setPdfEngine(engine);
      const r = await processFile(sourceOf(e));
      expect(r.output.error).toBeNull();
      expect(r.output.ok).toBe(true);
      const mismatches: string[] = [];
      const ambiguous = AMBIGUOUS_IN_TEXT[name] ?? [];
      for (const id of ambiguous) {
        if (r.output.fields[id] !== null) mismatches.push(`${id}: ambiguous in the text, must be null, got ${JSON.stringify(r.output.fields[id])}`);
      }
      if (ambiguous.length) expect(r.output.warnings.some((w) => /not unique, values null/.test(w))).toBe(true);
      // Listed as uncertain, by id: every undecidable cell, and nothing the answer scores.
      expect(r.output.uncertain.filter((id) => !e.uncertain.includes(id))).toEqual([]);
      expect(ambiguous.filter((id) => !r.output.uncertain.includes(id))).toEqual([]);
      for (const [id, want] of Object.entries(e.fields)) {
        if (e.uncertain.includes(id) || ambiguous.includes(id)) continue;
        const got = r.output.fields[id];
        if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${id}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      }
      expect(mismatches).toEqual([]);
      // No id outside the report's template, and none missing.
      const extra = Object.keys(r.output.fields).filter((id) => !(id in e.fields) && id !== 'proactive.evidence');
      expect(extra).toEqual([]);
    });
  }
});

describe('what the real reports say about themselves', () => {
  it('the 2012 report predates the templates: no table fields, and the warning says why', async () => {
    const r = await processFile(resolve(CORPUS, 'real/flattened-web-text/pingtan_22_2012.txt'));
    expect(r.output.fields.template).toBe('unknown');
    expect(r.output.warnings.join('\n')).toMatch(/report for 2012 predates the national templates/);
  });

  it('a flattened dump says its rows were rebuilt, and names each run it could not split', async () => {
    const r = await processFile(resolve(CORPUS, 'real/flattened-web-text/pingtan_3_2020.txt'));
    expect(r.output.warnings).toContain('flattened web text: table cells had run together; rows rebuilt from the template');
    expect(r.output.warnings.join('\n')).toMatch(/行政许可: digits "88-720" split 2 ways \(88\/-7\/20; 88\/-72\/0\); not unique, values null/);
  });
});
