/** Builders of API-shaped rows for unit and component tests. */
import type { AggregateRow, LeagueRow, TrendPoint } from '@nianbao/shared';

export function leagueRow(p: Partial<LeagueRow> & { code: string }): LeagueRow {
  return {
    rank: null, tied: false, name: `镇${p.code}`, level: 'township', body: 'township', countyCode: '130204', countyName: '古冶区', cityCode: '1302', cityName: '唐山市',
    provinceCode: '13', provinceName: '河北省', value: null, previous: null, change: null, reportId: 1, hasFailure: false, reports: 1, failing: 0, previousReports: null, ...p,
  };
}

export function aggRow(p: Partial<AggregateRow> & { code: string }): AggregateRow {
  return {
    name: `区${p.code}`, level: 'county', cityName: '唐山市', provinceName: '河北省', townships: 1, reports: 1, withValue: 1,
    value: null, sum: null, mean: null, median: null, min: null, max: null, zeroShare: null, failingShare: 0, ...p, total: p.total ?? p.value ?? null,
  };
}

/** A trend point of a year: `value` (and total) with a count of reporting townships. */
export function trendPoint(year: number, value: number | null, townships = 1): TrendPoint {
  return { year, value, total: value, median: null, mean: null, min: null, max: null, townships, withValue: value === null ? 0 : townships, reportId: null };
}
