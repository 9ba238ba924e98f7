/**
 * The overview's requests, apart from its chart code so the app can start them (prefetch) while
 * the view's chunk and ECharts are still loading; the API client's memo hands the same answers
 * to the view.
 */
import type { AggregateLevel, AggregateRow, LeagueResponse } from '@nianbao/shared';
import { api } from '../../lib/api.ts';
import { levelOf, parentOf, reportCount, type RegionIndex } from '../../lib/regions.ts';
import { headline, type Headline } from './overview.options.ts';

export const TOP_N = 10;

export function loadHeadline(idx: RegionIndex, scope: string, year: number): Promise<Headline> {
  const level = levelOf(idx, scope);
  const aggLevel = (scope === 'all' ? 'province' : level) as AggregateLevel;
  const parent = scope === 'all' ? 'all' : parentOf(idx, scope);
  const q = (metric: string) => api.aggregates({ metric, year, level: aggLevel, parent }).then((r): AggregateRow[] => r.rows);
  return Promise.all([q('proactive.total'), q('applications.received'), q('disputes.total')]).then(([proactive, received, disputes]) =>
    headline(scope, reportCount(idx, scope, year), { proactive, received, disputes }));
}

/**
 * The top of the scope's township league (2n rows: the whole league when that small). When the
 * n-th township's tie runs to the end of those rows, a longer page (up to 1,000) is read so the
 * tie can be counted.
 */
export async function loadTop(scope: string, year: number, metric: string): Promise<LeagueResponse> {
  const first = await api.league({ metric, year, level: 'township', parent: scope, pageSize: 2 * TOP_N, order: 'desc' });
  const cut = first.rows[TOP_N - 1];
  const last = first.rows[first.rows.length - 1];
  if (cut && cut.value !== null && last.value === cut.value && first.total > first.rows.length) {
    return api.league({ metric, year, level: 'township', parent: scope, pageSize: 1000, order: 'desc' });
  }
  return first;
}

/** The bottom: the league ranked the other way (asked for only when the top page is not all of it). */
export function loadBottom(scope: string, year: number, metric: string): Promise<LeagueResponse> {
  return api.league({ metric, year, level: 'township', parent: scope, pageSize: 2 * TOP_N, order: 'asc' });
}
