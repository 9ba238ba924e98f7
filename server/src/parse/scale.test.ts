/**
 * Work per file grows linearly with its size: a report padded to 4 MiB takes about ten times one
 * padded to 400 KB, not a hundred (the proactive-count search once looked back to the start of
 * the text from every `N条`: 2.6 s at 400 KB, 295 s at 4 MiB).
 */
import { describe, expect, it } from 'vitest';
import { processBytes } from '../pipeline.ts';
import { randomSpec, renderTextReport, rng } from '../testing/generate.ts';

const spec = randomSpec(rng(5), { organ: '渠县望溪镇', year: 2023 });
const base = renderTextReport(spec);

/** Milliseconds to read the report with `filler` repeated to `bytes` after `where` (best of two). */
async function timeOf(where: string, filler: string, bytes: number): Promise<number> {
  const text = base.replace(where, where + filler.repeat(Math.ceil(bytes / Buffer.byteLength(filler))));
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    const out = (await processBytes('padded.txt', Buffer.from(text))).output;
    best = Math.min(best, performance.now() - t);
    expect(out.fields.year).toBe(2023);
  }
  return best;
}

describe('reading time grows linearly with the size of a report', () => {
  const shapes: [string, string, string][] = [
    ['counts without punctuation in 一（一）', '（一）主动公开。', '本镇持续推进政务公开开展培训3次发放资料120份公开信息5条其中工作动态2条'],
    ['short sentences in 一（一）', '（一）主动公开。', '本镇持续推进政务公开，公开信息5条。\n'],
    ['sub-headings in the narrative', '（一）主动公开。', '（二）公开5条（三）'],
    ['numbers after the tables', '五、存在的主要问题及改进情况', '1234567890 '],
  ];
  for (const [name, where, filler] of shapes) {
    it(name, async () => {
      const small = await timeOf(where, filler, 400_000);
      const large = await timeOf(where, filler, 4 * 1024 * 1024);
      // Ten times the bytes: linear work takes about ten times as long; allow for noise and GC.
      expect(large, `400 KB: ${small.toFixed(0)} ms, 4 MiB: ${large.toFixed(0)} ms`).toBeLessThan(Math.max(30 * small, 1500));
    }, 60_000);
  }
});
