import { describe, expect, it } from 'vitest';
import { byValue, competitionRanks, median, pooledShare, summarize } from './stats.ts';

describe('stats', () => {
  it('ranks ties 1, 2, 2, 4 and leaves nulls unranked', () => {
    const values = [7, null, 3, 9, 7, 1].sort(byValue('desc'));
    expect(values).toEqual([9, 7, 7, 3, 1, null]);
    expect(competitionRanks(values)).toEqual([1, 2, 2, 4, 5, null]);
    expect(competitionRanks([5, 5, 5])).toEqual([1, 1, 1]);
  });

  it('medians odd and even counts', () => {
    expect(median([1, 2, 10])).toBe(2);
    expect(median([1, 2, 4, 10])).toBe(3);
    expect(median([])).toBeNull();
  });

  it('summarises ignoring nulls, counting zeros', () => {
    expect(summarize([0, null, 4, 2])).toEqual({ n: 3, sum: 6, mean: 2, median: 2, min: 0, max: 4, zeros: 1 });
  });

  it('pools shares over reports where both parts exist', () => {
    expect(pooledShare([{ num: 1, den: 2 }, { num: 3, den: 6 }, { num: 5, den: 0 }, { num: null, den: 4 }])).toBe(0.5);
    expect(pooledShare([{ num: 1, den: 0 }])).toBeNull();
  });
});
