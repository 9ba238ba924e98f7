import type { LeagueRow } from '@nianbao/shared';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { leagueRow } from '../../testing.ts';
import LeagueTable from './LeagueTable.svelte';

const rows = [
  leagueRow({ code: '130204100', name: '范各庄镇', rank: 1, value: 50, change: 5 }),
  leagueRow({ code: '130204101', name: '<b>卑家店镇</b>', rank: 2, value: 30, change: -5, hasFailure: true }),
  leagueRow({ code: '130204102', name: '王辇庄乡', rank: null, value: null, change: null }),
];

function setup(lang: 'zh' | 'en' = 'zh') {
  const onsort = vi.fn();
  const onopen = vi.fn();
  render(LeagueTable, { rows, metric: 'proactive.total', lang, sort: { sort: 'rank', dir: null, order: 'desc' }, onsort, onopen, hrefOf: (r: LeagueRow) => `/township?sel=${r.code}` });
  return { onsort, onopen };
}

describe('LeagueTable', () => {
  it('shows rank, value, change arrows and a flag on failing reports', () => {
    setup();
    const body = document.querySelectorAll('tbody tr');
    expect([...body].map((tr) => [...tr.children].map((c) => c.textContent!.trim()))).toEqual([
      ['1', '范各庄镇', '古冶区', '50', '▲ 5', ''],
      ['2', '<b>卑家店镇</b>', '古冶区', '30', '▼ 5', '⚠ 未通过勾稽校验'],
      ['—', '王辇庄乡', '古冶区', '—', '—', ''],
    ]);
    // Names from report files are text, never markup.
    expect(document.querySelector('tbody b')).toBeNull();
  });

  it('shows tied ranks as ties and says what "=" means', () => {
    const tiedRows = [
      leagueRow({ code: '130204100', name: 'A镇', rank: 1, value: 50 }),
      leagueRow({ code: '130204101', name: 'B镇', rank: 2, tied: true, value: 30 }),
      leagueRow({ code: '130204102', name: 'C镇', rank: 2, tied: true, value: 30 }),
      leagueRow({ code: '130204103', name: 'D镇', rank: 4, value: 10 }),
    ];
    render(LeagueTable, { rows: tiedRows, metric: 'proactive.total', lang: 'zh', sort: { sort: 'rank', dir: null, order: 'desc' }, onsort: vi.fn(), onopen: vi.fn(), hrefOf: () => '#' });
    expect([...document.querySelectorAll('tbody tr td:first-child')].map((c) => c.textContent)).toEqual(['1', '=2', '=2', '4']);
    expect(screen.getByTestId('change-legend').textContent).toContain('并列');
  });

  it('labels the value column from the metric catalog and marks the sort', () => {
    setup('en');
    const value = screen.getByRole('button', { name: /Items disclosed proactively \(items\)/ });
    expect(value.closest('th')!.getAttribute('aria-sort')).toBe('descending');
  });

  it('reports header clicks and opens a township on a plain click', async () => {
    const { onsort, onopen } = setup();
    await fireEvent.click(screen.getByRole('button', { name: /较上年/ }));
    expect(onsort).toHaveBeenCalledWith('change');
    await fireEvent.click(screen.getByRole('link', { name: '范各庄镇' }));
    expect(onopen).toHaveBeenCalledWith(expect.objectContaining({ code: '130204100' }));
  });
});

describe('LeagueTable of departments', () => {
  it('names the body and place columns for departments, and shows a department’s county or a city’s own', () => {
    const depts = [
      leagueRow({ code: '350128:department:行政审批局', name: '平潭综合实验区行政审批局', body: 'department', level: 'county', countyName: '平潭县', rank: 1, value: 364 }),
      leagueRow({ code: '3208:department:教育局', name: '淮安市教育局', body: 'department', level: 'city', countyCode: null, countyName: null, cityName: '淮安市', rank: 2, value: 5 }),
    ];
    render(LeagueTable, { rows: depts, metric: 'proactive.total', lang: 'zh', body: 'department', sort: { sort: 'rank', dir: null, order: 'desc' }, onsort: vi.fn(), onopen: vi.fn(), hrefOf: (r: LeagueRow) => `/township?report=${r.reportId}` });
    expect([...document.querySelectorAll('thead th')].map((th) => th.textContent!.trim()).slice(0, 3)).toEqual(['排名', '部门', '所在区划']);
    expect([...document.querySelectorAll('tbody tr')].map((tr) => [...tr.children].slice(1, 4).map((c) => c.textContent!.trim()))).toEqual([
      ['平潭综合实验区行政审批局', '平潭县', '364'],
      ['淮安市教育局', '淮安市', '5'],
    ]);
  });
});
