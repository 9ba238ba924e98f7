import { describe, expect, it } from 'vitest';
import { EXPORT_BOTTOM, EXPORT_TOP, PALETTE, SOURCE_LINE, contrastRatio, deltaE, exportOption, exportSubtitle, seriesStyle, valueAxis } from './chart-common.ts';

describe('palette', () => {
  it('computes WCAG contrast like the standard’s examples', () => {
    expect(contrastRatio('#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#777777')).toBeCloseTo(4.48, 2);
    // Okabe–Ito's yellow, the old palette's 1.3:1 line.
    expect(contrastRatio('#F0E442')).toBeLessThan(1.4);
  });
  it('has every colour at ≥ 3:1 on white and every pair clearly apart', () => {
    for (const c of PALETTE) expect(contrastRatio(c), c).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < PALETTE.length; i++) {
      for (let j = i + 1; j < PALETTE.length; j++) expect(deltaE(PALETTE[i], PALETTE[j]), `${PALETTE[i]} ${PALETTE[j]}`).toBeGreaterThanOrEqual(30);
    }
    expect(new Set(PALETTE.map((c) => c.toLowerCase())).size).toBe(PALETTE.length);
  });
  it('gives 24 series distinct looks: colour, then dash and symbol', () => {
    const looks = Array.from({ length: 24 }, (_, i) => seriesStyle(i)).map((s) => `${s.color}${s.lineType}${s.symbol}`);
    expect(new Set(looks).size).toBe(24);
    expect(seriesStyle(8)).toEqual({ color: PALETTE[0], lineType: 'dashed', symbol: 'rect' });
  });
});

describe('axes', () => {
  it('ticks counts in whole numbers and names the axis with the unit', () => {
    expect(valueAxis('applications.received', 'zh', { named: true })).toMatchObject({ minInterval: 1, name: '本年新收申请数（件）' });
    expect(valueAxis('fees.amount', 'en')).not.toHaveProperty('minInterval');
    expect(valueAxis('applications.granted_share', 'zh').axisLabel.formatter(0.5)).toBe('50%');
    expect(valueAxis('applications.granted_share', 'zh').axisLabel.formatter(0.004)).toBe('0.4%');
  });
});

describe('chart downloads', () => {
  const screen = { grid: { top: 24, bottom: 8, left: 8 }, legend: { top: 0 }, series: [{ type: 'bar', data: [1] }] };
  it('put the title, unit · scope · year above and the source line below, moving the drawing down', () => {
    const o = exportOption(screen, { title: '主动公开信息数', unit: '条', scope: '某县', years: '2024' }, 'zh', '数据来源：4 份报告，2024 年') as any;
    expect(o.title).toMatchObject({ text: '主动公开信息数', subtext: '条 · 某县 · 2024' });
    expect(o.graphic[0].style.text).toBe(`${SOURCE_LINE.zh}。4 份报告，2024 年`);
    expect(o.grid).toEqual({ top: 24 + EXPORT_TOP, bottom: 8 + EXPORT_BOTTOM, left: 8 });
    expect(o.legend.top).toBe(EXPORT_TOP);
    expect(o.series).toBe(screen.series);
    expect(o.backgroundColor).toBe('#ffffff');
    // The screen option is left as it was.
    expect(screen.grid.top).toBe(24);
  });
  it('leave out the parts of the subtitle that are unknown', () => {
    expect(exportSubtitle({ title: 't', scope: '全国', years: '2022–2024' })).toBe('全国 · 2022–2024');
    const en = exportOption({ series: [] }, { title: 'T' }, 'en') as any;
    expect(en.graphic[0].style.text).toBe(SOURCE_LINE.en);
    expect(en.grid.top).toBeGreaterThan(EXPORT_TOP);
  });
});

describe('tooltips', () => {
  it('carry the unit of counts and money, not of shares', async () => {
    const { withUnit } = await import('./chart-common.ts');
    expect(withUnit('applications.received', '12', 'zh')).toBe('12 件');
    expect(withUnit('fees.amount', '3.5', 'en')).toBe('3.5 10k yuan');
    expect(withUnit('applications.granted_share', '50%', 'zh')).toBe('50%');
    expect(withUnit('proactive.total', '—', 'zh')).toBe('—');
  });
});

describe('the trends view’s default', () => {
  it('draws no more provinces than the palette has colours (each its own colour, solid)', async () => {
    const { TRENDS_DEFAULT_PROVINCES } = await import('@nianbao/shared');
    expect(TRENDS_DEFAULT_PROVINCES).toBeLessThanOrEqual(PALETTE.length);
  });
});
