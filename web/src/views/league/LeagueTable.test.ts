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
