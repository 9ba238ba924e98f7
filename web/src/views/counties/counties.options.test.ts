import { describe, expect, it } from 'vitest';
import { aggRow } from '../../testing.ts';
import { APPLICANTS, OUTCOMES, countiesToDraw, countyFigures, countyYears, figureOption, stackedCsv, stackedOption, yearsToRead } from './counties.options.ts';

describe('counties', () => {
  it('labels the six outcomes and six applicant types from the catalog', () => {
    expect(OUTCOMES.map((o) => o.label)).toEqual(['予以公开', '部分公开', '不予公开', '无法提供', '不予处理', '其他处理']);
    expect(APPLICANTS.map((o) => o.label)).toEqual(['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
  });
  it('draws the largest counties first, nulls last, at most max', () => {
    const rows = [aggRow({ code: '1', value: 3 }), aggRow({ code: '2', value: null }), aggRow({ code: '3', value: 9 })];
    expect(countiesToDraw(rows, 2).map((r) => r.code)).toEqual(['3', '1']);
  });
  it('stacks each part per county, in the counties’ order', () => {
    const counties = [aggRow({ code: 'a' }), aggRow({ code: 'b' })];
    const values = new Map([[OUTCOMES[0].metric, new Map([['a', 1], ['b', 2]])], [OUTCOMES[1].metric, new Map([['b', 5]])]]);
    const o = stackedOption({ counties, parts: OUTCOMES.slice(0, 2), values, lang: 'en', title: 'x' }) as any;
    expect(o.series.map((s: any) => [s.name, s.stack, s.data])).toEqual([['Granted', 'parts', [1, 2]], ['Partly granted', 'parts', [null, 5]]]);
    expect(o.aria.enabled).toBe(true);
    expect(stackedCsv({ counties, parts: OUTCOMES.slice(0, 2), values, lang: 'zh', year: 2024 })).toEqual([
      ['区划代码', '县（区）', '年度', '予以公开', '部分公开'], ['a', '区a', 2024, 1, null], ['b', '区b', 2024, 2, 5],
    ]);
  });
  it('draws one statistic on one axis named with its unit (never a sum and a median together)', () => {
    const rows = [aggRow({ code: 'a', value: 10, median: 4 }), aggRow({ code: 'b', value: 6 })];
    const o = figureOption({ rows, figures: countyFigures(rows, null, 'value', 'proactive.total'), metric: 'proactive.total', lang: 'zh', title: 't', mode: 'value', unit: '主动公开信息数（条）' }) as any;
    expect(o.series).toHaveLength(1);
    expect(o.series[0].data).toEqual([10, 6]);
    expect(o.yAxis.name).toBe('主动公开信息数（条）');
    expect(o.yAxis.minInterval).toBe(1);
  });
  it('indexes each county to its base-year figure and changes it on the year before', () => {
    const now = [aggRow({ code: 'a', value: 30 }), aggRow({ code: 'b', value: 12 }), aggRow({ code: 'c', value: 5 })];
    const before = [aggRow({ code: 'a', value: 20 }), aggRow({ code: 'b', value: 0 })];
    expect([...countyFigures(now, before, 'index', 'proactive.total')]).toEqual([['a', 150], ['b', null], ['c', null]]);
    expect([...countyFigures(now, before, 'change', 'proactive.total')]).toEqual([['a', 50], ['b', null], ['c', null]]);
    const shares = countyFigures([aggRow({ code: 'a', value: 0.5 })], [aggRow({ code: 'a', value: 0.25 })], 'change', 'applications.granted_share');
    expect(shares.get('a')).toBe(25);
    expect(countyFigures([aggRow({ code: 'a', value: 0.5 })], [aggRow({ code: 'a', value: 0.25 })], 'index', 'applications.granted_share').get('a')).toBeNull();
  });
});

describe('counties over the years', () => {
  const byYear = new Map([
    [2021, [aggRow({ code: 'a', value: 8 })]],
    [2022, [aggRow({ code: 'a', value: 10 }), aggRow({ code: 'b', value: 4 })]],
    [2023, [aggRow({ code: 'a', value: 15 }), aggRow({ code: 'b', value: 0 })]],
    [2024, [aggRow({ code: 'a', value: 12 }), aggRow({ code: 'b', value: 6 })]],
  ]);
  const counties = [{ code: 'a', name: 'A' }, { code: 'b', name: 'B' }];
  it('reads the base year and the year before the first shown as needed', () => {
    expect(yearsToRead([2023, 2024], [2021, 2022, 2023, 2024], 'index', 2021)).toEqual([2021, 2023, 2024]);
    expect(yearsToRead([2022, 2023], [2022, 2023, 2024], 'change', null)).toEqual([2022, 2023]);
    expect(yearsToRead([2023, 2024], [2022, 2023, 2024], 'change', null)).toEqual([2022, 2023, 2024]);
  });
  it('indexes each county to its base year and changes it on the year before, over the years shown', () => {
    expect(countyYears(byYear, counties, [2022, 2023, 2024], { mode: 'index', metric: 'proactive.total', base: 2022 }).map((r) => r.values))
      .toEqual([[100, 150, 120], [100, 0, 150]]);
    // The first year shown (2022) changes on 2021, read but not shown; B has no 2021 and 0 in 2023.
    const r9 = (v: number | null) => (v === null ? null : Math.round(v * 1e9) / 1e9);
    expect(countyYears(byYear, counties, [2022, 2023, 2024], { mode: 'change', metric: 'proactive.total', base: null }).map((r) => r.values.map(r9)))
      .toEqual([[25, 50, -20], [null, -100, null]]);
    expect(countyYears(byYear, counties, [2024], { mode: 'value', metric: 'proactive.total', base: null }).map((r) => r.values)).toEqual([[12], [6]]);
  });
});

describe('years of the over-the-years table', () => {
  it('trims open ends to the years with figures, keeps a chosen range', async () => {
    const { yearsWithFigures } = await import('./counties.options.ts');
    const byYear = new Map([[2012, [aggRow({ code: 'a', value: null })]], [2022, [aggRow({ code: 'a', value: 3 })]], [2024, [aggRow({ code: 'a', value: 5 })]], [2025, []]]);
    expect(yearsWithFigures([2012, 2022, 2023, 2024, 2025], byYear, null, null)).toEqual([2022, 2023, 2024]);
    expect(yearsWithFigures([2012, 2022, 2023, 2024, 2025], byYear, 2012, null)).toEqual([2012, 2022, 2023, 2024]);
    expect(yearsWithFigures([2025], byYear, null, null)).toEqual([]);
  });
});
