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

describe('a file that runs past the time limit', () => {
  it('is failed with the reason; its worker is replaced and the other files are read', async () => {
    const r = rng(12);
    const small = Array.from({ length: 5 }, () => {
      const place = pickTownship(r);
      return { place, text: Buffer.from(renderTextReport(randomSpec(r, { organ: place.organ, year: 2023 }))) };
    });
    // A real report padded with 15 million characters of sub-headings: read in linear time, but
    // about 5 s here, well past the limit below whatever the machine's load; a cold worker's first
    // small file (its modules and the division index loaded) stays well inside it.
    const slow = Buffer.from(small[0].text.toString().replace('（一）主动公开。', `（一）主动公开。${'（二）公开5条（三）'.repeat(1_500_000)}`));
    const pool = new ParsePool(1, new Map(), { fileTimeoutMs: 2000 });
    try {
      const files = [small[0], { place: null, text: slow }, ...small.slice(1)];
      const t = performance.now();
      const results = await Promise.all(files.map((x, i) => pool.run(`${i}.txt`, x.text, `${i}.txt`)));
      expect(performance.now() - t).toBeLessThan(20_000);
      expect(results[1].output.ok).toBe(false);
      expect(results[1].output.error).toMatch(/^time limit: reading it took more than 2 s$/);
      const others = results.filter((_, i) => i !== 1);
      expect(others.map((p) => p.output.error)).toEqual(others.map(() => null));
      expect(others.map((p) => p.output.fields['region.code'])).toEqual(small.map((x) => x.place.code));
    } finally {
      await pool.close();
    }
  }, 30_000);
});
