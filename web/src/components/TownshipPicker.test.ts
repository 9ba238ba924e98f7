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
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((b) => b.getAttribute('data-code'))).toEqual(['130204100']);
    expect(buttons[0].textContent).toContain('河北省 · 唐山市 · 古冶区');
    await fireEvent.click(buttons[0]);
    expect(onpick).toHaveBeenCalledWith('130204100');
    expect((screen.getByRole('searchbox') as HTMLInputElement).value).toBe('');
  });

  it('offers regions of other levels when asked (trends)', async () => {
    render(TownshipPicker, { onpick: () => {}, levels: ['county', 'township'] });
    await fireEvent.input(screen.getByRole('searchbox'), { target: { value: '古冶' } });
    expect(screen.getAllByRole('button').map((b) => b.getAttribute('data-code'))).toEqual(['130204']);
  });
});
