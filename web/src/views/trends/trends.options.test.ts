import type { TrendSeries } from '@nianbao/shared';
import { describe, expect, it } from 'vitest';
import { compareOption, compareRows } from '../compare/compare.options.ts';
import { sparkOption } from '../township/township.options.ts';
import { aggRow, trendPoint as pt } from '../../testing.ts';
import { contrastRatio } from '../../lib/chart-common.ts';
import { reportsBehind, topProvinces, trendOption, trendRows, yearsOf } from './trends.options.ts';
const series: TrendSeries[] = [
  { code: '130204', name: '古冶区', level: 'county', points: [pt(2022, 10, 4), pt(2024, 12, 4)] },
  { code: '130205', name: '开平区', level: 'county', points: [pt(2023, 5, 3)] },
];

describe('trends', () => {
  it('puts every series on the union of years, gaps as null', () => {
    expect(yearsOf(series)).toEqual([2022, 2023, 2024]);
    const o = trendOption({ series, metric: 'proactive.total', lang: 'zh', title: 't', years: yearsOf(series), mode: 'value' }) as any;
    expect(o.xAxis.data).toEqual(['2022', '2023', '2024']);
    expect(o.series.map((s: any) => s.data)).toEqual([[10, null, 12], [null, 5, null]]);
    // Counts: whole-number ticks, and the axis names the metric with its unit.
    expect(o.yAxis.minInterval).toBe(1);
    expect(o.yAxis.name).toBe('主动公开信息数（条）');
    expect(o.aria.enabled).toBe(true);
    expect(reportsBehind(series)).toBe(11);
    const withTownship = [...series, { code: '130204100', name: '范各庄镇', level: 'township' as const, points: [pt(2022, 1), pt(2024, 2)] }];
    expect(reportsBehind(withTownship)).toBe(11);
  });
  it('marks the year shown on a township’s line', () => {
    const o = sparkOption({ points: series[0].points, metric: 'proactive.total', lang: 'en', title: 't', year: 2024 }) as any;
    expect(o.series[0].data.map((d: any) => d.value)).toEqual([10, 12]);
    expect(o.series[0].data[1].symbolSize).toBeGreaterThan(o.series[0].data[0].symbolSize);
    // Counts tick in whole numbers (a line from 10 to 12 must not read 10.5); money does not.
    expect(o.yAxis.minInterval).toBe(1);
    expect((sparkOption({ points: series[0].points, metric: 'fees.amount', lang: 'en', title: 't', year: 2024 }) as any).yAxis.minInterval).toBeUndefined();
    expect(o.tooltip.valueFormatter(12)).toBe('12 items');
  });
});

describe('trends in relative modes', () => {
  const s3: TrendSeries[] = [
    { code: '1', name: 'A', level: 'county', points: [pt(2021, 40), pt(2022, 50), pt(2023, 0), pt(2024, 30)] },
    { code: '2', name: 'B', level: 'county', points: [pt(2022, 8), pt(2024, 12)] },
  ];
  it('indexes each line to the base year (= 100), blank where the base year has no figure', () => {
    const years = yearsOf(s3);
    const rows = trendRows(s3, { metric: 'proactive.total', years, mode: 'index', base: 2022 });
    expect(rows.map((r) => r.values)).toEqual([[80, 100, 0, 60], [null, 100, null, 150]]);
    const o = trendOption({ series: s3, metric: 'proactive.total', lang: 'en', title: 't', years, mode: 'index', base: 2022 }) as any;
    expect(o.series.map((x: any) => x.data)).toEqual(rows.map((r) => r.values));
    expect(o.yAxis.name).toBe('index, 2022 = 100');
  });
  it('changes on the previous calendar year in %, blank across a gap or from 0; the first year shown compares with the one before it', () => {
    const rows = trendRows(s3, { metric: 'proactive.total', years: [2022, 2023, 2024], mode: 'change' });
    expect(rows[0].values).toEqual([25, -100, null]);
    expect(rows[1].values).toEqual([null, null, null]);
  });
  it('changes a share in percentage points, and offers no index of a share', () => {
    const share: TrendSeries[] = [{ code: '1', name: 'A', level: 'county', points: [pt(2023, 0.4), pt(2024, 0.45)] }];
    const ch = trendRows(share, { metric: 'applications.granted_share', years: [2023, 2024], mode: 'change' })[0].values;
    expect(ch[0]).toBeNull();
    expect(ch[1]).toBeCloseTo(5, 10);
    expect(trendRows(share, { metric: 'applications.granted_share', years: [2023, 2024], mode: 'index', base: 2023 })[0].values).toEqual([null, null]);
  });
  it('gives 20 lines distinct looks, every colour ≥ 3:1 on white', () => {
    const many: TrendSeries[] = Array.from({ length: 20 }, (_, i) => ({ code: String(i), name: `R${i}`, level: 'county', points: [pt(2024, i)] }));
    const o = trendOption({ series: many, metric: 'proactive.total', lang: 'zh', title: 't', years: [2024], mode: 'value' }) as any;
    const looks = o.series.map((x: any) => `${x.itemStyle.color}|${x.lineStyle.type}|${x.symbol}`);
    expect(new Set(looks).size).toBe(20);
    for (const x of o.series) expect(contrastRatio(x.itemStyle.color)).toBeGreaterThanOrEqual(3);
  });
  it('picks the provinces with the largest figure when nothing is chosen, and counts those with data', () => {
    const rows = [aggRow({ code: '11', value: 5 }), aggRow({ code: '12', value: null }), aggRow({ code: '13', value: 9 }), aggRow({ code: '14', value: 5 })];
    expect(topProvinces(rows, 2)).toEqual({ codes: ['13', '11'], withData: 3 });
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
  it('lists derived metrics unless every field is asked for; marks the best by the metric’s direction only', () => {
    const rows = compareRows(data, false);
    expect(rows.map((r) => r.id)).toEqual(['applications.received', 'review.total']);
    // Applications received is neutral: more is not better, nothing is marked.
    expect(rows[0].better).toBe('neutral');
    expect(rows[0].best).toEqual([false, false]);
    expect(rows[1].best).toEqual([false, false]);
    expect(compareRows(data, true)).toHaveLength(3);
    const directed = { ...data, metrics: [
      { id: 'proactive.total', label: 'x', labelEn: 'x', unit: 'items', values: [3, 7] },
      { id: 'applications.denied', label: 'x', labelEn: 'x', unit: 'count', values: [3, 7] },
      { id: 'applications.granted_share', label: 'x', labelEn: 'x', unit: 'share', values: [0.9, 0.9] },
    ] };
    const marked = compareRows(directed, true);
    expect(marked.map((r) => [r.better, r.best])).toEqual([['higher', [false, true]], ['lower', [true, false]], ['higher', [false, false]]]);
  });
  it('draws one bar per township', () => {
    const o = compareOption({ data, metric: 'applications.received', lang: 'zh', title: 't' }) as any;
    expect(o.xAxis.data).toEqual(['甲镇', '乙镇']);
    expect(o.series[0].data).toEqual([3, 7]);
    expect(o.yAxis.name).toBe('本年新收申请数（件）');
    expect(o.series[0].name).toBe('本年新收申请数（件）');
  });
});
