import { fireEvent, render, screen } from '@testing-library/svelte';
import type { RegionNode } from '@nianbao/shared';
import { describe, expect, it, vi } from 'vitest';
import { indexRegions } from '../lib/regions.ts';
import { regions } from '../lib/state.svelte.ts';
import TownshipPicker from './TownshipPicker.svelte';

const n = (code: string, name: string, level: RegionNode['level'], children: RegionNode[] = []): RegionNode => ({ code, name, level, reports: [{ year: 2024, count: 1 }], children });
regions.data = indexRegions({
  years: [2024],
  provinces: [n('13', '河北省', 'province', [n('1302', '唐山市', 'city', [n('130204', '古冶区', 'county', [n('130204100', '范各庄镇', 'township'), n('130204101', '卑家店镇', 'township')])])])],
});

describe('TownshipPicker', () => {
  it('finds townships by name, leaves out those already chosen, and picks with a click', async () => {
    const onpick = vi.fn();
    render(TownshipPicker, { onpick, exclude: ['130204101'] });
    await fireEvent.input(screen.getByRole('searchbox'), { target: { value: '镇' } });
    const buttons = screen.getAllByRole('button').filter((b) => b.hasAttribute('data-code'));
    expect(buttons.map((b) => b.getAttribute('data-code'))).toEqual(['130204100']);
    expect(buttons[0].textContent).toContain('河北省 · 唐山市 · 古冶区');
    await fireEvent.click(buttons[0]);
    expect(onpick).toHaveBeenCalledWith('130204100');
    expect((screen.getByRole('searchbox') as HTMLInputElement).value).toBe('');
  });

  it('offers regions of other levels when asked (trends)', async () => {
    render(TownshipPicker, { onpick: () => {}, levels: ['county', 'township'] });
    await fireEvent.input(screen.getByRole('searchbox'), { target: { value: '古冶' } });
    // The county first, then its townships (matched through its name).
    expect(screen.getAllByRole('button').map((b) => b.getAttribute('data-code'))).toEqual(['130204', '130204100', '130204101']);
  });

  it('finds a township by county and name together, says how many more match and shows them', async () => {
    const many = Array.from({ length: 40 }, (_, i) => n(`1302051${String(i).padStart(2, '0')}`, i === 7 ? '城关镇' : `城关镇${i}`, 'township'));
    regions.data = indexRegions({
      years: [2024],
      provinces: [n('13', '河北省', 'province', [n('1302', '唐山市', 'city', [
        n('130204', '古冶区', 'county', [n('130204100', '城关镇', 'township')]),
        n('130205', '开平区', 'county', many),
      ])])],
    });
    render(TownshipPicker, { onpick: () => {} });
    const box = screen.getByRole('searchbox');
    await fireEvent.input(box, { target: { value: '古冶区城关镇' } });
    expect(screen.getAllByRole('button').map((b) => b.getAttribute('data-code'))).toEqual(['130204100']);
    await fireEvent.input(box, { target: { value: '城关镇' } });
    const codes = () => screen.getAllByRole('button').filter((b) => b.hasAttribute('data-code')).map((b) => b.getAttribute('data-code'));
    // 41 match: the two named exactly 城关镇 first, 15 shown, "还有 26 个匹配".
    expect(codes()).toHaveLength(15);
    expect(codes().slice(0, 2)).toEqual(['130204100', '130205107']);
    expect(screen.getByTestId('picker-more').textContent).toContain('还有 26 个匹配');
    await fireEvent.click(screen.getByRole('button', { name: '显示更多' }));
    expect(codes()).toHaveLength(41);
    expect(screen.queryByTestId('picker-more')).toBeNull();
    await fireEvent.input(box, { target: { value: '不存在' } });
    expect(screen.getByRole('status').textContent).toBe('没有匹配的地区');
  });
});
