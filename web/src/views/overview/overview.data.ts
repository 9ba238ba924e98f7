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

export function loadBars(scope: string, year: number, metric: string): Promise<{ desc: LeagueResponse; asc: LeagueResponse }> {
  const q = { metric, year, level: 'township' as const, parent: scope, pageSize: 2 * TOP_N };
  return Promise.all([api.league({ ...q, order: 'desc' }), api.league({ ...q, order: 'asc' })]).then(([desc, asc]) => ({ desc, asc }));
}
