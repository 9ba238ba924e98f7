import { describe, expect, it } from 'vitest';
import { randomSpec, renderTextReport, rng } from '../testing/generate.ts';
import { pickTownship } from '../testing/townships.ts';
import { ParsePool } from './parsePool.ts';

type Internals = { slots: { worker: { terminate(): Promise<number> } }[] };

describe('parse worker pool', () => {
  it('keeps parsing on the workers left when one dies, and refuses work when none is left', async () => {
    const pool = new ParsePool(2, new Map());
    const r = rng(11);
    const reports = Array.from({ length: 6 }, () => {
      const place = pickTownship(r);
      return { place, text: Buffer.from(renderTextReport(randomSpec(r, { organ: place.organ, year: 2023 }))) };
    });
    try {
      await (pool as unknown as Internals).slots[0].worker.terminate();
      const results = await Promise.all(reports.map((x, i) => pool.run(`${i}.txt`, x.text, `${i}.txt`)));
      expect(results.map((p) => p.output.fields['region.code'])).toEqual(reports.map((x) => x.place.code));
      await (pool as unknown as Internals).slots[1].worker.terminate();
      await expect(pool.run('x.txt', reports[0].text, 'x.txt')).rejects.toThrow(/every parse worker has failed/);
    } finally {
      await pool.close();
    }
  });
});
