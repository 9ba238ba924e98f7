import { describe, expect, it } from 'vitest';
import { bodyYearsOption } from './bodyYears.options.ts';

describe('bodyYearsOption', () => {
  it('draws one line per listed body over the years, without the region total, gaps where no report', () => {
    const matrix = {
      years: [2019, 2020, 2021],
      rows: [
        { code: '350128', name: '平潭县', values: [292, 434, 253] },
        { code: '350128:area:金井片区管理局', name: '金井', values: [43, 152, 118] },
        { code: '350128:area:苏平片区管理局', name: '苏平', values: [null, 141, 135] },
      ],
    };
    const o = bodyYearsOption({ matrix, skip: 1, metric: 'proactive.total', lang: 'zh', title: 't' }) as { xAxis: { data: string[] }; yAxis: { minInterval?: number }; series: { name: string; data: (number | null)[] }[] };
    expect(o.xAxis.data).toEqual(['2019', '2020', '2021']);
    expect(o.series.map((s) => [s.name, s.data])).toEqual([['金井', [43, 152, 118]], ['苏平', [null, 141, 135]]]);
    // Counts tick at whole numbers; a share's axis does not.
    expect(o.yAxis.minInterval).toBe(1);
    const share = bodyYearsOption({ matrix, skip: 1, metric: 'applications.granted_share', lang: 'zh', title: 't' }) as { yAxis: { minInterval?: number } };
    expect(share.yAxis.minInterval).toBeUndefined();
  });
});
