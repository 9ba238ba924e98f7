import { describe, expect, it, vi } from 'vitest';
import { dropMemo, setFetch } from '../../lib/api.ts';
import { leagueRow } from '../../testing.ts';
import { TOP_N, loadTop } from './overview.data.ts';

/** A league of `values` (descending) served page by page as /api/league does. */
function serve(values: number[]) {
  const rows = values.map((v, i) => leagueRow({ code: String(130204100 + i), value: v, rank: values.indexOf(v) + 1 }));
  return vi.fn(async (url: string | URL | Request) => {
    const u = new URL(String(url), 'http://x');
    const size = Number(u.searchParams.get('pageSize'));
    return new Response(JSON.stringify({ total: rows.length, page: 1, pageSize: size, rows: rows.slice(0, size) }), { status: 200 });
  });
}

describe('loading the overview’s top townships', () => {
  it('reads one page of 2n when the n-th township’s tie ends inside it', async () => {
    dropMemo();
    const f = serve([90, 80, ...Array(12).fill(50), ...Array.from({ length: 30 }, (_, i) => 40 - i)]);
    setFetch(f as typeof fetch);
    const top = await loadTop('all', 2024, 'proactive.total');
    expect(f).toHaveBeenCalledTimes(1);
    expect(top.rows).toHaveLength(2 * TOP_N);
  });
  it('reads a longer page when the tie runs to the end of the first, so it can be counted', async () => {
    dropMemo();
    const f = serve([90, ...Array(40).fill(50), 10, 5]);
    setFetch(f as typeof fetch);
    const top = await loadTop('all', 2024, 'proactive.total');
    expect(f).toHaveBeenCalledTimes(2);
    expect(String(f.mock.calls[1][0])).toContain('pageSize=1000');
    expect(top.rows.filter((r) => r.value === 50)).toHaveLength(40);
  });
});
