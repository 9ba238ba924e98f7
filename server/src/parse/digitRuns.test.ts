import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseSplit, groupSumsCanPass, sumOfPartsCanPass, sumsTo } from './digitRuns.ts';

const rowOk = (c: (number | null)[]) => sumsTo(c, 0, 6);

describe('digit-run splits with the sum prune', () => {
  it('finds exactly the passing splits the full search finds, for table 3 rows of every size', () => {
    // Six parts (sometimes blank, shown as a space) and their total (sometimes off: a report whose
    // own sums disagree), with leading and trailing blank edges.
    const part = fc.oneof(fc.constant(null), fc.nat(9), fc.nat(99), fc.nat(9999), fc.nat(999_999));
    fc.assert(
      fc.property(fc.array(part, { minLength: 6, maxLength: 6 }), fc.integer({ min: -2, max: 2 }), fc.nat(1), fc.nat(1), (parts, off, lead, trail) => {
        const total = Math.max(0, parts.reduce<number>((s, v) => s + (v ?? 0), 0) + off);
        const run = [...parts, total].map((v) => (v === null ? ' ' : String(v))).join('').replace(/^ +| +$/g, ' ').trim();
        const edges = { lead, trail };
        const full = chooseSplit(run, 7, {}, rowOk, edges, 5);
        const pruned = chooseSplit(run, 7, { canPass: sumOfPartsCanPass(7) }, rowOk, edges, 5);
        // The prune only skips branches without a passing split, so it never runs out of budget
        // where the full search does not, and finds the same passing splits.
        if (full.capped === false) {
          expect(pruned.capped).toBe(false);
          expect(pruned.cells).toEqual(full.cells);
          expect(pruned.passing).toBe(full.passing);
          expect(pruned.examples).toEqual(full.examples);
        }
        // Where the full search gave up, the pruned one still answers soundly.
        for (const c of pruned.examples) expect(rowOk(c)).toBe(true);
      }),
      { numRuns: 200, seed: 20261122 },
    );
  });

  it('finds the same passing splits of table 4 (three groups, each summing to its last cell) with the group prune', () => {
    const group = fc.array(fc.oneof(fc.nat(3), fc.nat(40)), { minLength: 4, maxLength: 4 }).map((g) => [...g, g.reduce((a, b) => a + b, 0)]);
    fc.assert(
      fc.property(fc.array(group, { minLength: 3, maxLength: 3 }), fc.boolean(), (groups, breakOne) => {
        const cells = groups.flat();
        if (breakOne) cells[4] += 1;
        const run = cells.join('');
        const ok = (c: (number | null)[]) => [0, 1, 2].every((k) => sumsTo(c, k * 5, k * 5 + 4));
        const full = chooseSplit(run, 15, {}, ok, undefined, 5);
        const pruned = chooseSplit(run, 15, { canPass: groupSumsCanPass(5) }, ok, undefined, 5);
        if (!full.capped) {
          expect(pruned.cells).toEqual(full.cells);
          expect(pruned.passing).toBe(full.passing);
          expect(pruned.examples).toEqual(full.examples);
        }
        for (const c of pruned.examples) expect(ok(c)).toBe(true);
      }),
      { numRuns: 100, seed: 4 },
    );
  });

  it('cuts the search on long runs', () => {
    const run = [4123, 987, 12, 0, 55, 3, 5180].join('');
    const full = chooseSplit(run, 7, {}, rowOk);
    const pruned = chooseSplit(run, 7, { canPass: sumOfPartsCanPass(7) }, rowOk);
    expect(pruned.examples).toEqual(full.examples);
    expect(pruned.admissible).toBeLessThan(full.admissible / 10);
  });
});
