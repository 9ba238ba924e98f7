/**
 * A count no body reports (a bit-flipped file reads `1e+23` or `Infinity`) is never stored as a
 * value: the cell is null, listed as uncertain, and a warning names what was read.
 */
import { describe, expect, it } from 'vitest';
import { PLAUSIBLE_MAX } from '@nianbao/shared';
import { processBytes } from '../pipeline.ts';
import { randomSpec, renderTextReport, rng } from '../testing/generate.ts';

const spec = randomSpec(rng(21), { organ: '渠县望溪镇', year: 2023, nullRate: 0 });

async function withCell(id: string, printed: string) {
  const t = { ...spec, values: { ...spec.values, [id]: -424242 } };
  const text = renderTextReport(t).replace('-424242', printed);
  return (await processBytes('flipped.txt', Buffer.from(text))).output;
}

describe('implausible values are uncertain, never stored', () => {
  const cases: [string, string, string][] = [
    ['t3.granted.commercial', '1'.repeat(24), 'beyond 10,000,000'],
    ['t3.new_received.natural_person', '9'.repeat(400), 'not a finite number'],
    ['t4.review.upheld', String(PLAUSIBLE_MAX.count + 1), 'beyond 10,000,000'],
    ['t2.licensing.decisions', '-3', 'negative'],
    ['t3.partial.total', '2.5', 'not a whole number'],
  ];
  for (const [id, printed, why] of cases) {
    it(`${id} printed as ${printed.length > 12 ? `${printed.length} digits` : printed}`, async () => {
      const out = await withCell(id, printed);
      expect(out.fields[id]).toBeNull();
      expect(out.uncertain).toContain(id);
      expect(out.warnings.find((w) => w.startsWith(`${id}:`))).toContain(why);
      for (const [other, v] of Object.entries(spec.values)) if (other !== id) expect(out.fields[other], other).toBe(v);
    });
  }

  it('the largest plausible count is kept', async () => {
    const out = await withCell('t2.licensing.decisions', String(PLAUSIBLE_MAX.count));
    expect(out.fields['t2.licensing.decisions']).toBe(PLAUSIBLE_MAX.count);
    expect(out.uncertain).toEqual([]);
  });
});
