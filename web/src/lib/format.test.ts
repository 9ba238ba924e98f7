import { describe, expect, it } from 'vitest';
import { formatChange, formatMetric, formatNumber, formatShare } from './format.ts';
import { STRING_KEYS, metricLabel, metricWithUnit, t, yearsCaption } from './i18n.ts';

describe('formatting', () => {
  it('groups thousands and shows missing values as a dash', () => {
    expect(formatNumber(12345)).toBe('12,345');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(1.005, 'en', 1)).toBe('1');
  });
  it('shows shares as percentages and money with decimals', () => {
    expect(formatShare(0.1234)).toBe('12.3%');
    expect(formatMetric('applications.granted_share', 0.5)).toBe('50%');
    expect(formatMetric('fees.amount', 12.345)).toBe('12.35');
    expect(formatMetric('applications.received', 7)).toBe('7');
  });
  it('puts an arrow on changes', () => {
    expect(formatChange('proactive.total', 5)).toEqual({ text: '▲ 5', dir: 'up' });
    expect(formatChange('proactive.total', -5)).toEqual({ text: '▼ 5', dir: 'down' });
    expect(formatChange('proactive.total', 0).dir).toBe('same');
    expect(formatChange('proactive.total', null).dir).toBe('none');
  });
});

describe('labels', () => {
  it('takes metric labels from the shared catalog in both languages', () => {
    expect(metricLabel('zh', 'applications.received')).toBe('本年新收申请数');
    expect(metricLabel('en', 'applications.received')).toBe('Applications received');
    expect(metricWithUnit('zh', 'proactive.total')).toBe('主动公开信息数（条）');
    expect(metricWithUnit('en', 'applications.granted_share')).toBe('Granted share ((granted + partial) / handled)');
  });
  it('names one year or a span of years in a source caption', () => {
    expect(yearsCaption('zh', 1, [2024])).toBe('数据来源：1 份报告，2024 年');
    expect(yearsCaption('en', 3, [2022, 2024, 2023])).toBe('Source: 3 reports, 2022–2024');
  });
  it('fills placeholders and has every string in both languages', () => {
    expect(t('zh', 'source', { n: 3, year: 2024 })).toBe('数据来源：3 份报告，2024 年');
    expect(t('en', 'source', { n: 3, year: 2024 })).toBe('Source: 3 reports, 2024');
    expect(t('zh', 'source', { n: 39246, year: 2024 })).toBe('数据来源：39,246 份报告，2024 年');
    for (const k of STRING_KEYS) {
      expect(t('zh', k)).not.toBe('');
      expect(t('en', k)).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
