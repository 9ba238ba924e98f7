import { describe, expect, it } from 'vitest';
import { bestMarks, formatChange, formatMetric, formatNumber, formatShare, rankLabels, toneOf } from './format.ts';
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
  it('puts an arrow on changes, toned by the metric’s direction', () => {
    expect(formatChange('proactive.total', 5)).toEqual({ text: '▲ 5', dir: 'up', tone: 'good' });
    expect(formatChange('proactive.total', -5)).toEqual({ text: '▼ 5', dir: 'down', tone: 'bad' });
    expect(formatChange('applications.denied', 2)).toEqual({ text: '▲ 2', dir: 'up', tone: 'bad' });
    expect(formatChange('applications.received', 2).tone).toBe('neutral');
    expect(formatChange('proactive.total', null)).toEqual({ text: '—', dir: 'none', tone: 'neutral' });
  });
  it('shows no change as unchanged, never "▲0"', () => {
    expect(formatChange('proactive.total', 0)).toEqual({ text: '持平', dir: 'same', tone: 'neutral' });
    expect(formatChange('proactive.total', 0, 'en').text).toBe('unchanged');
    // A float residue that shows as 0 is no change either.
    expect(formatChange('fees.amount', 0.0001).text).toBe('持平');
    expect(formatChange('applications.granted_share', 0.0001, 'en').text).toBe('unchanged');
  });
  it('shows a share’s change in percentage points, not as a percent of a percent', () => {
    // 0.38 → 0.58: +20 points (a relative "52.6%" would mislead).
    const ch = formatChange('applications.granted_share', 0.58 - 0.38);
    expect(ch.text).toBe('▲ 20 个百分点');
    expect(formatChange('applications.granted_share', -0.052, 'en').text).toBe('▼ 5.2 pp');
    expect(formatChange('review.corrected_rate', -0.1).tone).toBe('good');
  });
  it('marks the best value by direction: largest, smallest or none; ties all marked', () => {
    expect(bestMarks('proactive.total', [3, 9, null, 9])).toEqual([false, true, false, true]);
    expect(bestMarks('applications.denied', [3, 9, 1])).toEqual([false, false, true]);
    expect(bestMarks('fees.amount', [3, 9])).toEqual([false, false]);
    expect(bestMarks('litigation.total', [0, 4])).toEqual([false, false]);
    expect(bestMarks('proactive.total', [5, 5])).toEqual([false, false]);
    expect(bestMarks('proactive.total', [5, null])).toEqual([false, false]);
    expect(toneOf('t3.denied.state_secret.total', 'down')).toBe('good');
  });
  it('labels tied ranks with "="', () => {
    expect(rankLabels([1, 2, 3, 3, 3, 6, null])).toEqual(['1', '2', '=3', '=3', '=3', '6', '—']);
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
