import type { TrendSeries } from '@nianbao/shared';
import { describe, expect, it } from 'vitest';
import { compareOption, compareRows } from '../compare/compare.options.ts';
import { sparkOption } from '../township/township.options.ts';
import { reportsBehind, trendOption, yearsOf } from './trends.options.ts';

const pt = (year: number, value: number | null, townships = 1) => ({ year, value, median: null, mean: null, min: null, max: null, townships, reportId: null });
const series: TrendSeries[] = [
  { code: '130204', name: '古冶区', level: 'county', points: [pt(2022, 10, 4), pt(2024, 12, 4)] },
  { code: '130205', name: '开平区', level: 'county', points: [pt(2023, 5, 3)] },
];

describe('trends', () => {
  it('puts every series on the union of years, gaps as null', () => {
    expect(yearsOf(series)).toEqual([2022, 2023, 2024]);
    const o = trendOption({ series, metric: 'proactive.total', lang: 'zh', title: 't' }) as any;
    expect(o.xAxis.data).toEqual(['2022', '2023', '2024']);
    expect(o.series.map((s: any) => s.data)).toEqual([[10, null, 12], [null, 5, null]]);
    expect(o.aria.enabled).toBe(true);
    expect(reportsBehind(series)).toBe(11);
    const withTownship = [...series, { code: '130204100', name: '范各庄镇', level: 'township' as const, points: [pt(2022, 1), pt(2024, 2)] }];
    expect(reportsBehind(withTownship)).toBe(11);
  });
  it('marks the year shown on a township’s line', () => {
    const o = sparkOption({ points: series[0].points, metric: 'proactive.total', lang: 'en', title: 't', year: 2024 }) as any;
    expect(o.series[0].data.map((d: any) => d.value)).toEqual([10, 12]);
    expect(o.series[0].data[1].symbolSize).toBeGreaterThan(o.series[0].data[0].symbolSize);
  });
});

describe('compare', () => {
  const data = {
    year: 2024,
    townships: [
      { code: '1', name: '甲镇', countyName: null, cityName: null, provinceName: null, reportId: 1, hasFailure: false },
      { code: '2', name: '乙镇', countyName: null, cityName: null, provinceName: null, reportId: 2, hasFailure: true },
    ],
    metrics: [
      { id: 'applications.received', label: '本年新收申请数', labelEn: 'Applications received', unit: 'count', values: [3, 7] },
      { id: 'review.total', label: '行政复议总数', labelEn: 'x', unit: 'count', values: [0, 0] },
      { id: 't3.granted.total', label: 'x', labelEn: 'x', unit: 'count', values: [1, 2] },
    ],
  };
  it('lists derived metrics unless every field is asked for, marking the largest', () => {
    const rows = compareRows(data, false);
    expect(rows.map((r) => r.id)).toEqual(['applications.received', 'review.total']);
    expect(rows[0].best).toEqual([false, true]);
    expect(rows[1].best).toEqual([false, false]);
    expect(compareRows(data, true)).toHaveLength(3);
  });
  it('draws one bar per township', () => {
    const o = compareOption({ data, metric: 'applications.received', lang: 'zh', title: 't' }) as any;
    expect(o.xAxis.data).toEqual(['甲镇', '乙镇']);
    expect(o.series[0].data).toEqual([3, 7]);
  });
});
