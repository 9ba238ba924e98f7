/**
 * Property tests: reports generated from known values, in every layout and with the quirks seen
 * in real reports, parse back to exactly those values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processBytes } from '../pipeline.ts';
import { LAYOUTS, randomSpec, renderTextReport, rng, type Quirks } from '../testing/generate.ts';
import { pickTownship } from '../testing/townships.ts';

const quirksArb: fc.Arbitrary<Quirks> = fc.record({
  spacedLabels: fc.boolean(),
  wrappedLabels: fc.boolean(),
  pageNumbers: fc.boolean(),
  fullWidth: fc.boolean(),
  thousands: fc.boolean(),
  nullMarker: fc.constantFrom('/' as const, '-' as const, '—' as const, '无' as const),
  openingSentence: fc.boolean(),
});

describe('generated reports parse back to their values', () => {
  it('every layout, both templates, the hybrid, nulls and quirks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.constantFrom(...LAYOUTS),
        fc.constantFrom('2021' as const, '2019' as const),
        fc.boolean(),
        quirksArb,
        async (seed, layout, template, hybrid, quirks) => {
          const r = rng(seed);
          const place = pickTownship(r);
          const spec = randomSpec(r, { organ: place.organ, year: 2019 + Math.floor(r() * 6), template, singleOther: hybrid, nullRate: r() < 0.3 ? 0.05 : 0 });
          const text = renderTextReport(spec, layout, quirks);
          const out = (await processBytes('generated.txt', Buffer.from(text))).output;
          expect(out.ok).toBe(true);
          expect(out.fields.template).toBe(template);
          expect(out.fields.year).toBe(spec.year);
          expect(out.fields.organ).toBe(spec.organ);
          expect(out.fields['region.code']).toBe(place.code);
          expect(out.fields['proactive.total']).toBe(spec.proactive.total);
          expect(out.fields['proactive.approx']).toBe(spec.proactive.approx);
          const tableFields = Object.fromEntries(Object.entries(out.fields).filter(([k]) => /^t[234]/.test(k)));
          expect(tableFields).toEqual(spec.values);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
    );
  });

  it('rule-consistent values pass rules 1-4 and 6; a broken total fails rule 2 with the numbers', async () => {
    const r = rng(7);
    const place = pickTownship(r);
    const spec = randomSpec(r, { organ: place.organ, year: 2023 });
    const good = (await processBytes('g.txt', Buffer.from(renderTextReport(spec)))).output;
    expect(good.checks.map((c) => `${c.rule}:${c.status}`)).toEqual(['1:pass', '2:pass', '3:pass', '4:pass', '6:pass']);

    spec.values['t3.processed_total.natural_person'] = (spec.values['t3.processed_total.natural_person'] as number) + 5;
    const bad = (await processBytes('b.txt', Buffer.from(renderTextReport(spec)))).output;
    const rule2 = bad.checks.find((c) => c.rule === 2)!;
    expect(rule2.status).toBe('fail');
    expect(rule2.detail).toContain('自然人');
    expect(rule2.detail).toContain(String(spec.values['t3.processed_total.natural_person']));
  });
});
