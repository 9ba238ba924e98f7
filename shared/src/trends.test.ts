import { describe, expect, it } from 'vitest';
import { TRENDS_DEFAULT_PROVINCES, topRegionCodes } from './trends.ts';

describe('the trends view’s default provinces', () => {
  it('are the largest figures, ties by code, counting those with a figure', () => {
    const rows = [{ code: '51', value: 5 }, { code: '12', value: null }, { code: '13', value: 9 }, { code: '11', value: 5 }];
    expect(topRegionCodes(rows, 2)).toEqual({ codes: ['13', '11'], withData: 3 });
    expect(topRegionCodes(rows, 10).codes).toEqual(['13', '11', '51']);
    expect(topRegionCodes([], 8)).toEqual({ codes: [], withData: 0 });
  });
  it('are at most as many as the trend API takes', () => {
    expect(TRENDS_DEFAULT_PROVINCES).toBeLessThanOrEqual(20);
  });
});
