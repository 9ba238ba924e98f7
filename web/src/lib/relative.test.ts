import { describe, expect, it } from 'vitest';
import { changeFrom, formatRelative, indexTo, modesFor, relativeUnit, relativeValues, statName, yearsBetween } from './relative.ts';

describe('relative views', () => {
  it('indexes to a base (= 100), blank without a base or from 0', () => {
    expect(indexTo(150, 100)).toBe(150);
    expect(indexTo(5, 0)).toBeNull();
    expect(indexTo(null, 10)).toBeNull();
    expect(indexTo(10, null)).toBeNull();
  });
  it('changes in % for counts, in points for shares', () => {
    expect(changeFrom(12, 10, false)).toBeCloseTo(20, 10);
    expect(changeFrom(3, 0, false)).toBeNull();
    expect(changeFrom(0.45, 0.4, true)).toBeCloseTo(5, 10);
    expect(changeFrom(0.4, 0, true)).toBeCloseTo(40, 10);
  });
  it('computes a series in each mode, across gaps honestly', () => {
    const years = [2020, 2021, 2023];
    const values = [10, 20, 30];
    expect(relativeValues(years, values, { mode: 'value', metric: 'proactive.total' })).toEqual(values);
    expect(relativeValues(years, values, { mode: 'index', metric: 'proactive.total', base: 2021 })).toEqual([50, 100, 150]);
    expect(relativeValues(years, values, { mode: 'index', metric: 'proactive.total', base: 2022 })).toEqual([null, null, null]);
    // 2023 has no 2022 before it: no change, not a two-year change passed off as one.
    expect(relativeValues(years, values, { mode: 'change', metric: 'proactive.total' })).toEqual([null, 100, null]);
    expect(modesFor('applications.granted_share')).toEqual(['value', 'change']);
    expect(modesFor('proactive.total')).toEqual(['value', 'index', 'change']);
  });
  it('takes a from–to range of years', () => {
    expect(yearsBetween([2019, 2020, 2021, 2022], 2020, 2021)).toEqual([2020, 2021]);
    expect(yearsBetween([2019, 2020], null, null)).toEqual([2019, 2020]);
  });
  it('formats each mode with its unit, an unchanged figure as such', () => {
    expect(formatRelative(1234, 'value', 'proactive.total', 'zh')).toBe('1,234');
    expect(formatRelative(104.56, 'index', 'proactive.total', 'zh')).toBe('104.6');
    expect(formatRelative(-12.34, 'change', 'proactive.total', 'en')).toBe('▼ 12.3%');
    expect(formatRelative(5.2, 'change', 'applications.granted_share', 'en')).toBe('▲ 5.2 pp');
    expect(formatRelative(5.2, 'change', 'applications.granted_share', 'zh')).toBe('▲ 5.2 个百分点');
    expect(formatRelative(0.01, 'change', 'proactive.total', 'zh')).toBe('持平');
    expect(formatRelative(null, 'index', 'proactive.total', 'zh')).toBe('—');
    expect(relativeUnit('index', 'proactive.total', 'zh', 2021)).toBe('指数，2021 年 = 100');
    expect(relativeUnit('change', 'applications.granted_share', 'en')).toBe('change on previous year (percentage points)');
    expect(relativeUnit('value', 'fees.amount', 'zh')).toBe('行政事业性收费金额（万元）');
    expect(statName('sum', 'applications.granted_share', 'zh')).toBe('合并比例');
    expect(statName('median', 'proactive.total', 'en')).toBe('Median per township');
  });
});

describe('relative CSV', () => {
  it('has the shown numbers per region and year', async () => {
    const { relativeCsv } = await import('./relative.ts');
    const rows = relativeCsv({ rows: [{ code: '130204', name: '古冶区', values: [100, 131.111111111, null] }], years: [2022, 2023, 2024], lang: 'zh', what: '指数，2022 年 = 100' });
    expect(rows).toEqual([
      ['区划代码', '名称', '2022: 指数，2022 年 = 100', '2023: 指数，2022 年 = 100', '2024: 指数，2022 年 = 100'],
      ['130204', '古冶区', 100, 131.111111, null],
    ]);
  });
});
