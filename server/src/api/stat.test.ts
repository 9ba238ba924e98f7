/**
 * `stat=sum|mean|median` and `from`/`to` on /api/aggregates and /api/trend, against figures this
 * test computes itself from the fixture database's report_metrics rows (one report per township
 * and year), not from the service's helpers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { metricColumn } from '@nianbao/shared';
import type { Db } from '../store/db.ts';
import type { Fixture } from './testing/fixture.ts';
import { serveFixture } from './testing/servedFixture.ts';

let fx: Fixture;
let db: Db;
let app: FastifyInstance;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ fx, db, app, close } = await serveFixture());
});
afterAll(async () => close?.());

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, json: () => res.json() };
};
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Values of a metric of a county's township reports in a year, as stored (nulls dropped). */
function townshipValues(metric: string, county: string, year: number): number[] {
  const rows = db.$client.prepare(`select ${metricColumn(metric)} v from report_metrics where township_code is not null and county_code = ? and year = ?`)
    .all(county, year) as { v: number | null }[];
  return rows.map((r) => r.v).filter((v): v is number => v !== null);
}
function meanOf(vs: number[]): number | null {
  return vs.length ? round6(vs.reduce((a, b) => a + b, 0) / vs.length) : null;
}
function medianOf(vs: number[]): number | null {
  if (!vs.length) return null;
  const s = [...vs].sort((a, b) => a - b);
  const k = Math.floor(s.length / 2);
  return round6(s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2);
}

describe('stat on aggregates', () => {
  for (const metric of ['applications.received', 'proactive.total', 'applications.granted_share']) {
    it(`${metric}: value is the sum (or pooled share), the mean or the median over the townships that reported`, async () => {
      const q = `/api/aggregates?metric=${metric}&year=2024&level=county&parent=${fx.cityCode}`;
      const [sum, mean, median] = await Promise.all(['sum', 'mean', 'median'].map((s) => get(`${q}&stat=${s}`).then((r) => r.json())));
      expect([sum.stat, mean.stat, median.stat]).toEqual(['sum', 'mean', 'median']);
      for (const county of [fx.countyACode, fx.countyBCode]) {
        const vs = townshipValues(metric, county, 2024);
        expect(vs.length).toBeGreaterThan(0);
        const row = (b: { rows: { code: string }[] }) => b.rows.find((r) => r.code === county) as unknown as Record<string, number | null>;
        expect(row(mean).value).toBe(meanOf(vs));
        expect(row(median).value).toBe(medianOf(vs));
        expect(row(mean).withValue).toBe(vs.length);
        // The region's own figure stays beside the asked stat.
        expect(row(mean).total).toBe(row(sum).value);
        if (metric !== 'applications.granted_share') expect(row(sum).value).toBe(round6(vs.reduce((a, b) => a + b, 0)));
      }
    });
  }
  it('defaults to the sum and rejects an unknown stat', async () => {
    const body = (await get(`/api/aggregates?metric=proactive.total&year=2024&level=county&parent=${fx.cityCode}`)).json();
    expect(body.stat).toBe('sum');
    expect(body.rows.find((r: { code: string }) => r.code === fx.countyACode).value).toBe(50 + 30 + 30 + 10);
    expect((await get(`/api/aggregates?metric=proactive.total&year=2024&level=county&stat=max`)).status).toBe(400);
  });
});

describe('stat and year range on trend', () => {
  it('gives each year’s mean and median over the county’s reporting townships, with their count', async () => {
    const metric = 'applications.received';
    const [mean, median] = await Promise.all(['mean', 'median'].map((s) => get(`/api/trend?metric=${metric}&regions=${fx.countyACode}&stat=${s}`).then((r) => r.json())));
    const years = mean.series[0].points.map((p: { year: number }) => p.year);
    expect(years).toEqual([2023, 2024]);
    for (const [i, y] of years.entries()) {
      const vs = townshipValues(metric, fx.countyACode, y);
      expect(mean.series[0].points[i].value).toBe(meanOf(vs));
      expect(median.series[0].points[i].value).toBe(medianOf(vs));
      expect(mean.series[0].points[i].withValue).toBe(vs.length);
    }
    // County A reported with 3 townships in 2023 and 4 in 2024 (the fixture's header).
    expect(mean.series[0].points.map((p: { townships: number }) => p.townships)).toEqual([3, 4]);
  });
  it('keeps a township’s own value whatever the stat', async () => {
    const t = fx.countyA[0].code;
    const body = (await get(`/api/trend?metric=proactive.total&regions=${t}&stat=median`)).json();
    expect(body.series[0].points.map((p: { year: number; value: number }) => [p.year, p.value])).toEqual([[2023, 45], [2024, 50]]);
  });
  it('limits the years to from–to and refuses a range that runs backwards', async () => {
    const only2024 = (await get(`/api/trend?metric=proactive.total&regions=${fx.countyACode}&from=2024`)).json();
    expect(only2024.series[0].points.map((p: { year: number; total: number }) => [p.year, p.total])).toEqual([[2024, 120]]);
    const only2023 = (await get(`/api/trend?metric=proactive.total&regions=${fx.countyACode}&to=2023`)).json();
    expect(only2023.series[0].points.map((p: { year: number; value: number }) => [p.year, p.value])).toEqual([[2023, 45 + 30 + 35]]);
    expect((await get(`/api/trend?metric=proactive.total&regions=${fx.countyACode}&from=2024&to=2023`)).status).toBe(400);
  });
});

describe('direction in the metric catalog', () => {
  it('sends each metric’s better direction', async () => {
    const { metrics } = (await get('/api/metrics')).json() as { metrics: { id: string; better: string }[] };
    const by = new Map(metrics.map((m) => [m.id, m.better]));
    expect([by.get('proactive.total'), by.get('applications.denied'), by.get('applications.received')]).toEqual(['higher', 'lower', 'neutral']);
    expect(metrics.every((m) => ['higher', 'lower', 'neutral'].includes(m.better))).toBe(true);
  });
});
