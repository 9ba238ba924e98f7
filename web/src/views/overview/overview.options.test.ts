import { describe, expect, it } from 'vitest';
import { aggRow, leagueRow } from '../../testing.ts';
import { headline, histogram, histogramOption, topBottom, topBottomOption } from './overview.options.ts';

describe('headline', () => {
  const rows = {
    proactive: [aggRow({ code: '13', value: 100, townships: 7, reports: 7, failingShare: 1 / 7 }), aggRow({ code: '51', value: 20, townships: 5, reports: 5, failingShare: 0 })],
    received: [aggRow({ code: '13', value: 7 }), aggRow({ code: '51', value: null })],
    disputes: [aggRow({ code: '13', value: 2 }), aggRow({ code: '51', value: 1 })],
  };
  it('sums the provinces for the whole country', () => {
    expect(headline('all', 13, rows)).toEqual({ reports: 13, townships: 12, proactive: 120, received: 7, disputes: 3, failing: 1 });
  });
  it('takes the scope’s own row otherwise', () => {
    expect(headline('51', 5, rows)).toEqual({ reports: 5, townships: 5, proactive: 20, received: null, disputes: 1, failing: 0 });
  });
});

describe('top and bottom townships', () => {
  const desc = [50, 30, 30, 10].map((v, i) => leagueRow({ code: `13020410${i}`, value: v, rank: [1, 2, 2, 4][i] }));
  it('shows every township once when there are few', () => {
    const tb = topBottom(desc, [...desc].reverse(), 10, 4);
    expect(tb.top.map((r) => r.value)).toEqual([50, 30, 30, 10]);
    expect(tb.bottom).toEqual([]);
  });
  it('splits into n highest and n lowest, without nulls and duplicates', () => {
    const many = Array.from({ length: 30 }, (_, i) => leagueRow({ code: String(130204100 + i), value: i < 28 ? 100 - i : null, rank: i < 28 ? i + 1 : null }));
    const asc = [...many.filter((r) => r.value !== null)].reverse().concat(many.filter((r) => r.value === null));
    const tb = topBottom(many.slice(0, 6), asc.slice(0, 6), 3, 30);
    expect(tb.top.map((r) => r.value)).toEqual([100, 99, 98]);
    expect(tb.bottom.map((r) => r.value)).toEqual([75, 74, 73]);
    expect(tb.top).toHaveLength(3);
  });
  it('keeps a 12-way tie at rank 3 whole, labelled "=3", and counts ties it must leave out', () => {
    const values = [90, 80, ...Array(12).fill(50), 40, 30, 20, 10, 5, 4];
    const rows = values.map((v, i) => leagueRow({ code: String(130204100 + i), value: v, rank: i < 2 ? i + 1 : i < 14 ? 3 : i + 1 }));
    const asc = [...rows].reverse();
    const tb = topBottom(rows, asc.slice(0, 20), 10, 40);
    expect(tb.top).toHaveLength(14);
    expect(tb.top.filter((r) => r.value === 50)).toHaveLength(12);
    expect(tb.topTiedOut).toBeNull();
    const o = topBottomOption({ top: tb.top, bottom: [], metric: 'proactive.total', lang: 'zh', title: 't' }) as any;
    const labels = [...o.yAxis.data].reverse();
    expect(labels.slice(0, 3)).toEqual(['1 镇130204100', '2 镇130204101', '=3 镇130204102']);
    expect(labels.filter((l: string) => l.startsWith('=3 '))).toHaveLength(12);
    // A tie longer than the cap: the cap is drawn and the rest counted ("+N tied").
    const capped = topBottom(rows, asc.slice(0, 20), 10, 40, 10);
    expect(capped.top).toHaveLength(10);
    expect(capped.topTiedOut).toEqual({ n: 4, rank: 3, orMore: false });
    // A tie running past the rows read: "N or more".
    const flat = Array.from({ length: 20 }, (_, i) => leagueRow({ code: String(130204200 + i), value: 7, rank: 1 }));
    expect(topBottom(flat, flat, 10, 100).topTiedOut).toEqual({ n: 0, rank: 1, orMore: true });
  });
  it('draws rank 1 at the top with aria on and escapes names in tooltips', () => {
    const rows = [leagueRow({ code: '1', name: '<img src=x>', value: 5, rank: 1 }), leagueRow({ code: '2', name: '乙镇', value: 3, rank: 2 })];
    const o = topBottomOption({ top: rows, bottom: [], metric: 'proactive.total', lang: 'zh', title: 't' }) as any;
    expect(o.aria.enabled).toBe(true);
    expect(o.yAxis.data).toEqual(['2 乙镇', '1 <img src=x>']);
    expect(o.series[0].data).toEqual([3, 5]);
    expect(o.tooltip.formatter({ dataIndex: 1, value: 5 })).toContain('&lt;img src=x&gt;');
  });
});

describe('distribution', () => {
  it('uses one bin per whole number over a small range', () => {
    expect(histogram([0, 0, 1, 3, null], 20)).toEqual([
      { from: 0, to: 0, count: 2 }, { from: 1, to: 1, count: 1 }, { from: 2, to: 2, count: 0 }, { from: 3, to: 3, count: 1 },
    ]);
  });
  it('uses nice equal-width bins over a large range and keeps every value', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i * 7);
    const bins = histogram(values, 20);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(1000);
    expect(bins.length).toBeLessThanOrEqual(21);
    expect(bins[1].from - bins[0].from).toBe(500);
    expect(bins[0]).toEqual({ from: 0, to: 499, count: 72 });
    expect(bins[bins.length - 1].to).toBeGreaterThanOrEqual(6993);
  });
  it('labels whole-number bins with the first and last value they hold', () => {
    const bins = histogram([10, 30, 30, 50], 20);
    expect(bins[0]).toEqual({ from: 10, to: 11, count: 1 });
    const o = histogramOption({ bins, metric: 'proactive.total', lang: 'zh', title: 't', integer: true }) as any;
    expect(o.xAxis.data[0]).toBe('10–11');
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(4);
  });
  it('handles shares (non-integer) and an empty scope', () => {
    expect(histogram([0.5, 0.5], 20, false)).toEqual([{ from: 0.5, to: 0.5, count: 2 }]);
    expect(histogram([null, null])).toEqual([]);
  });
  it('labels bins in the metric’s unit', () => {
    const o = histogramOption({ bins: [{ from: 0, to: 0.1, count: 3 }], metric: 'applications.granted_share', lang: 'en', title: 't' }) as any;
    expect(o.xAxis.data).toEqual(['0%–10%']);
    expect(o.series[0].data).toEqual([3]);
  });
});
