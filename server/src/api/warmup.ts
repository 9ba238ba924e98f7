import { DEFAULT_METRIC } from '@nianbao/shared';
import type { FastifyInstance } from 'fastify';

/**
 * Computes, before the server listens, what every dashboard visit asks for first: the region tree
 * and both orderings of the default metric's national league for the latest year (seconds of
 * work at national size that would otherwise land on the first visitor). Returns the seconds spent.
 */
export async function warmUp(app: FastifyInstance): Promise<number> {
  const t0 = performance.now();
  const regions = await app.inject('/api/regions');
  await app.inject('/api/regions.csv?lang=en');
  const years: number[] = regions.statusCode === 200 ? (regions.json() as { years: number[] }).years : [];
  const latest = years.length ? Math.max(...years) : null;
  if (latest !== null) {
    for (const order of ['desc', 'asc']) {
      await app.inject(`/api/league?metric=${DEFAULT_METRIC}&year=${latest}&level=township&parent=all&order=${order}&pageSize=10`);
    }
  }
  return (performance.now() - t0) / 1000;
}
