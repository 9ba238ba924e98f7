import type { BodyRow } from '@nianbao/shared';
import { fireEvent, render } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import OtherBodies from './OtherBodies.svelte';

const row = (o: Partial<BodyRow>): BodyRow => ({
  reportId: 1, organ: null, code: null, name: null, level: null, regionStatus: 'resolved', body: null,
  value: null, proactive: null, received: null, disputes: null, hasFailure: false, ...o,
});
const rows = [
  row({ reportId: 7, organ: '淮安市人民政府', code: '3208', name: '淮安市', level: 'city', value: 1234, received: 1234, proactive: 56789, disputes: 35, hasFailure: true }),
  row({ reportId: 9, organ: '<b>朱口镇人民政府</b>', regionStatus: 'ambiguous', value: 0, received: 0, proactive: 12, disputes: 0 }),
];

function setup(metric: string, lang: 'zh' | 'en' = 'zh') {
  const onopen = vi.fn();
  render(OtherBodies, { rows, metric, lang, csvUrl: '/api/bodies.csv?x', hrefOf: (r: BodyRow) => `/?view=township&report=${r.reportId}`, onopen });
  return onopen;
}

describe('OtherBodies', () => {
  it('lists each body with where it was placed, the metric, the fixed figures it does not repeat, and a failure flag', () => {
    setup('applications.received');
    const head = [...document.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
    expect(head).toEqual(['发布机关', '所在区划', '本年新收申请数（件）', '主动公开信息数（条）', '复议诉讼合计（件）', '校验']);
    const cells = [...document.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent!.trim()));
    expect(cells).toEqual([
      ['淮安市人民政府', '淮安市', '1,234', '56,789', '35', '⚠ 未通过勾稽校验'],
      ['<b>朱口镇人民政府</b>', '区划不唯一', '0', '12', '0', ''],
    ]);
    expect(document.querySelector('tbody b')).toBeNull();
    expect(document.querySelector('a[data-download]')!.getAttribute('href')).toBe('/api/bodies.csv?x');
  });

  it('does not repeat a fixed figure that is the asked metric, and opens the report on a plain click', async () => {
    const onopen = setup('proactive.total', 'en');
    expect([...document.querySelectorAll('thead th')].map((th) => th.textContent!.trim())).toEqual([
      'Issuing body', 'Placed in', 'Items disclosed proactively (items)', 'Applications received (cases)', 'Reconsiderations and suits (cases)', 'Checks',
    ]);
    const link = document.querySelector('tbody tr a') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('/?view=township&report=7');
    await fireEvent.click(link);
    expect(onopen).toHaveBeenCalledWith(rows[0]);
  });
});

describe('OtherBodies links to the leagues bodies rank in', () => {
  it('links a department to its county’s departments and a government to its peers, not a township of unsettled place', async () => {
    const dept = row({ reportId: 12, organ: '平潭综合实验区行政审批局', code: '350128', name: '平潭县', level: 'county', body: 'department', value: 364 });
    const gov = row({ reportId: 7, organ: '淮安市人民政府', code: '3208', name: '淮安市', level: 'city', body: 'city_government', value: 1 });
    const town = row({ reportId: 9, organ: '朱口镇人民政府', regionStatus: 'ambiguous', body: 'township', value: 0 });
    const onleague = vi.fn();
    render(OtherBodies, {
      rows: [dept, gov, town], metric: 'proactive.total', lang: 'zh', csvUrl: '/x', hrefOf: () => '/r', onopen: vi.fn(),
      leagueHrefOf: (r: BodyRow) => (r.body === 'township' ? null : `/league?body=${r.body}&scope=${r.code}`), onleague,
    });
    const cells = [...document.querySelectorAll('tbody tr')].map((tr) => tr.children[1].textContent!.trim());
    expect(cells).toEqual(['平潭县 · 部门排名', '淮安市 · 市级政府排名', '区划不唯一']);
    const link = document.querySelector('a[data-league="department"]') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('/league?body=department&scope=350128');
    await fireEvent.click(link);
    expect(onleague).toHaveBeenCalledWith(dept);
  });
});
