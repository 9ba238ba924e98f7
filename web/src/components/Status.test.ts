import { fireEvent, render, screen } from '@testing-library/svelte';
import type { RegionNode } from '@nianbao/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure } from '../lib/api.ts';
import { indexRegions } from '../lib/regions.ts';
import { nav, regions } from '../lib/state.svelte.ts';
import Status from './Status.svelte';

const n = (code: string, name: string, level: RegionNode['level'], years: number[], children: RegionNode[] = []): RegionNode => ({
  code, name, level, reports: years.map((year) => ({ year, count: 1 })), children,
});

afterEach(() => {
  nav.lang = 'zh';
  nav.scope = 'all';
  nav.year = null;
});

describe('Status', () => {
  it('a year without reports: said in Chinese, no Retry, links to the years that have reports (as the API lists them)', async () => {
    nav.year = 2019;
    // The API's answer to year=2019 as the server sends it (server/src/api/errors.ts).
    const e = new ApiFailure('year: no reports for 2019 (years with reports: 2022–2024)', 400, 'year', 'no_reports_for_year', { year: 2019, years: [2022, 2023, 2024] });
    render(Status, { error: e, onretry: vi.fn() });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('2019 年没有报告。');
    expect(alert.textContent).not.toMatch(/no reports|HTTP/);
    expect(screen.queryByRole('button', { name: '重试' })).toBeNull();
    const links = screen.getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual(['2024', '2023', '2022']);
    expect(links[0].getAttribute('href')).toContain('year=2024');
    await fireEvent.click(links[1]);
    expect(nav.year).toBe(2023);
  });

  it('… in English when the page is English', () => {
    nav.lang = 'en';
    render(Status, { error: new ApiFailure('x', 400, 'year', 'no_reports_for_year', { year: 2019, years: [2024] }) });
    expect(screen.getByRole('alert').textContent).toContain('There are no reports for 2019.');
    expect(screen.getByRole('link').textContent).toBe('2024');
  });

  it('an unknown region offers the whole country; a network failure offers Retry', async () => {
    const { unmount } = render(Status, { error: new ApiFailure('parent: unknown region code 99 (no reports …)', 400, 'parent', 'unknown_region') });
    expect(screen.getByRole('alert').textContent).toContain('没有该地区（代码 99）的报告。');
    expect(screen.getByRole('link').textContent).toBe('查看全国');
    unmount();
    const onretry = vi.fn();
    render(Status, { error: new ApiFailure('network error: Failed to fetch', 0), onretry });
    expect(screen.getByRole('alert').textContent).toContain('无法连接服务器');
    await fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(onretry).toHaveBeenCalled();
  });

  it('an empty scope offers the years it has reports in', () => {
    regions.data = indexRegions({ years: [2022, 2023, 2024], provinces: [n('13', '河北省', 'province', [2022, 2024], [n('1302', '唐山市', 'city', [2022, 2024], [n('130204', '古冶区', 'county', [2022, 2024])])])] });
    nav.year = 2023;
    render(Status, { empty: '该县（区）在所选年度没有报告。', yearsOf: '130204' });
    const box = screen.getByRole('status');
    expect(box.textContent).toContain('该地区有报告的年度：');
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual(['2024', '2022']);
  });

  it('says what is empty, and shows loading', () => {
    const { unmount } = render(Status, { empty: '该县（区）在所选年度没有报告。' });
    expect(screen.getByRole('status').textContent).toContain('没有报告');
    unmount();
    render(Status, { loading: true });
    expect(screen.getByRole('status').textContent).toContain('加载中');
  });
});
