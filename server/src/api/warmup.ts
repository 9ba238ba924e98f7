import { DEFAULT_METRIC, TRENDS_DEFAULT_PROVINCES, topRegionCodes } from '@nianbao/shared';
import type { FastifyInstance } from 'fastify';

/** The overview's headline figures: the metrics it sums for its tiles. */
const HEADLINE_METRICS = ['proactive.total', 'applications.received', 'disputes.total'];

/**
 * The requests a first dashboard visit makes, as the overview makes them: the region tree, and for
 * the default metric and latest year the national league both ways, the headline aggregates, the
 * distribution (the league as CSV) and the bodies outside the league; and the national data-quality list. At national size each costs
 * 0.1–0.4 s of CPU that would otherwise land on the first visitor; then they are memoised.
 */
export function firstVisitRequests(latestYear: number | null): string[] {
  const urls = ['/api/regions', '/api/regions.csv?lang=en'];
  if (latestYear === null) return urls;
  const q = `year=${latestYear}&level=township&parent=all`;
  for (const order of ['desc', 'asc']) urls.push(`/api/league?metric=${DEFAULT_METRIC}&${q}&order=${order}&pageSize=20`);
  for (const m of HEADLINE_METRICS) urls.push(`/api/aggregates?metric=${m}&year=${latestYear}&level=province&parent=all`);
  urls.push(`/api/league.csv?metric=${DEFAULT_METRIC}&${q}&lang=en`);
  urls.push(`/api/bodies?metric=${DEFAULT_METRIC}&year=${latestYear}&parent=all`);
  // The header's 数据质量 link: the national list's first page.
  urls.push('/api/quality');
  return urls;
}

/** Computes the first visit's answers (before listening, and again after an ingest changed the data). Returns the seconds spent. */
export async function warmUp(app: FastifyInstance): Promise<number> {
  const t0 = performance.now();
  const regions = await app.inject('/api/regions');
  const years: number[] = regions.statusCode === 200 ? (regions.json() as { years: number[] }).years : [];
  const latest = years.length ? Math.max(...years) : null;
  for (const url of firstVisitRequests(latest)) if (url !== '/api/regions') await app.inject(url);
  const trend = await defaultTrendRequest(app, years);
  if (trend) await app.inject(trend);
  return (performance.now() - t0) / 1000;
}

/**
 * The trends view with nothing chosen asks for the trend of the provinces with the largest figure
 * of the default metric in the latest year that has one (shared/src/trends.ts): the request it
 * will make, found as it finds it (the province aggregates are among the first visit's answers).
 */
export async function defaultTrendRequest(app: FastifyInstance, years: number[]): Promise<string | null> {
  for (const year of [...years].sort((a, b) => b - a)) {
    const res = await app.inject(`/api/aggregates?metric=${DEFAULT_METRIC}&year=${year}&level=province&parent=all`);
    if (res.statusCode !== 200) return null;
    const { codes } = topRegionCodes((res.json() as { rows: { code: string; value: number | null }[] }).rows, TRENDS_DEFAULT_PROVINCES);
    if (codes.length) return `/api/trend?metric=${DEFAULT_METRIC}&regions=${codes.join(',')}`;
  }
  return null;
}
