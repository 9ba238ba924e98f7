/**
 * PDFs as offices make them (testing/producers.ts): LibreOffice exports of a generated Word
 * report and of the State Council's filled-in template, and Chromium printing government pages in
 * three stylesheets unlike the one formats.test.ts prints (ordinals in cells of their own, vertical
 * group labels, narrow wrapped label columns, 仿宋/宋体 faces, repeated header rows, landscape
 * table pages, titles over two lines or runs, narratives wrapped mid-phrase). Every field of every
 * report is exact, or null and listed as uncertain: never a wrong value, never a silent loss.
 * `pnpm accuracy:producers` runs the same producers at scale and prints the rates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processBytes } from '../pipeline.ts';
import { scoreReport } from '../testing/accuracy.ts';
import { PRODUCERS, PdfProducers, producerCase, type ProducedCase, type Producer } from '../testing/producers.ts';

const PER_PRODUCER: Record<Producer, number> = { 'lo-docx': 12, 'lo-template': 12, 'chromium-ordinal': 8, 'chromium-landscape': 8, 'chromium-split': 8 };
const made = new Map<Producer, { c: ProducedCase; pdf: Buffer }[]>();
const producers = new PdfProducers();

beforeAll(async () => {
  // LibreOffice converts each producer's batch in one start (a private profile); Chromium is started once.
  await Promise.all(
    PRODUCERS.filter((p) => p.startsWith('lo-')).map(async (p) => {
      const cases = Array.from({ length: PER_PRODUCER[p] }, (_, i) => producerCase(p, 1 + i));
      const pdfs = await producers.produce(p, cases);
      made.set(p, cases.map((c, i) => ({ c, pdf: pdfs[i] })));
    }),
  );
  for (const p of PRODUCERS.filter((p) => p.startsWith('chromium-'))) {
    const cases = Array.from({ length: PER_PRODUCER[p] }, (_, i) => producerCase(p, 1 + i));
    const pdfs = await producers.produce(p, cases);
    made.set(p, cases.map((c, i) => ({ c, pdf: pdfs[i] })));
  }
}, 120_000);
afterAll(() => producers.close());

describe('PDFs from the producers offices use', () => {
  for (const producer of PRODUCERS) {
    it(`${producer}: every field exact, or null and listed as uncertain`, async () => {
      let fields = 0;
      let exact = 0;
      for (const { c, pdf } of made.get(producer)!) {
        const out = (await processBytes(`${producer}-${c.seed}.pdf`, pdf)).output;
        expect(out.error, `seed ${c.seed}`).toBeNull();
        const s = scoreReport(out, c.spec, c.code);
        expect(s.wrong, `seed ${c.seed}: wrong values`).toEqual([]);
        expect(s.lost, `seed ${c.seed}: values lost without a word`).toEqual([]);
        expect(s.header, `seed ${c.seed}`).toEqual({ organ: true, year: true, region: true });
        expect(out.fields['proactive.total'], `seed ${c.seed}`).toBe(c.spec.proactive.total);
        if (s.uncertain.length) expect(out.warnings.join('\n')).toMatch(/uncertain/);
        fields += s.fields;
        exact += s.exact;
      }
      expect(exact / fields).toBeGreaterThanOrEqual(0.99);
    });
  }

  it('the rows testers lost: 部分公开 wrapped over lines in its cell, 本机关不掌握, ordinals in cells of their own are labels', async () => {
    for (const producer of ['lo-template', 'lo-docx', 'chromium-ordinal', 'chromium-landscape'] as const) {
      for (const { c, pdf } of made.get(producer)!) {
        const out = (await processBytes('r.pdf', pdf)).output;
        for (const id of ['t3.partial.total', 't3.unable.not_held.total', 't3.denied.state_secret.natural_person', 't3.denied.state_secret.total']) {
          expect(out.fields[id] === c.spec.values[id] || out.uncertain.includes(id), `${producer} seed ${c.seed} ${id}`).toBe(true);
        }
      }
    }
  });
});
