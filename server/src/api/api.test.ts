import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { openReadOnly, type Db } from '../store/db.ts';
import { buildApp } from './app.ts';
import { ResultCache } from './cache.ts';
import { MetricsRepository } from './repositories/metrics.repository.ts';
import { RegionsRepository } from './repositories/regions.repository.ts';
import { ReportsRepository } from './repositories/reports.repository.ts';
import { RegionsService } from './services/regions.service.ts';
import { ReportsService } from './services/reports.service.ts';
import { buildFixture, COUNTY_BODY_PROACTIVE, type Fixture } from './testing/fixture.ts';

let fx: Fixture;
let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  fx = await buildFixture();
  db = openReadOnly(fx.dbPath);
  app = await buildApp({ db });
});

afterAll(async () => {
  await app?.close();
  db?.$client.close();
  fx?.cleanup();
});

async function get(url: string) {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.body, json: () => res.json(), headers: res.headers };
}

function csvRows(body: string): string[][] {
  return parse(body.replace(/^\uFEFF/, ''), { relax_column_count: true });
}

describe('league table', () => {
  it('ranks a county’s townships with standard competition ranking, last year and change', async () => {
    const res = await get(`/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}`);
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.total).toBe(4);
    expect(body.rows.map((r: { value: number }) => r.value)).toEqual([50, 30, 30, 10]);
    expect(body.rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 2, 4]);
    const a = fx.countyA;
    // Ties keep code order; a1 = 50, a2 = a3 = 30, a4 = 10.
    expect(body.rows.map((r: { code: string }) => r.code)).toEqual([a[0].code, a[1].code, a[2].code, a[3].code]);
    expect(body.rows.map((r: { previous: number | null }) => r.previous)).toEqual([45, 30, 35, null]);
    expect(body.rows.map((r: { change: number | null }) => r.change)).toEqual([5, 0, -5, null]);
    expect(body.rows.map((r: { hasFailure: boolean }) => r.hasFailure)).toEqual([false, false, false, true]);
    expect(body.rows[0].countyCode).toBe(fx.countyACode);
    expect(typeof body.rows[0].reportId).toBe('number');
  });

  it('ranks ascending, pages, and sorts by change server-side', async () => {
    const asc = (await get(`/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}&order=asc&pageSize=2&page=1`)).json();
    expect(asc.rows.map((r: { value: number; rank: number }) => [r.value, r.rank])).toEqual([[10, 1], [30, 2]]);
    const page2 = (await get(`/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}&order=asc&pageSize=2&page=2`)).json();
    expect(page2.rows.map((r: { value: number; rank: number }) => [r.value, r.rank])).toEqual([[30, 2], [50, 4]]);
    const byChange = (await get(`/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}&sort=change`)).json();
    expect(byChange.rows.map((r: { change: number | null }) => r.change)).toEqual([5, 0, -5, null]);
  });

  it('ranks counties of a city by their townships’ sum, with last year’s sum', async () => {
    const body = (await get(`/api/league?metric=proactive.total&year=2024&level=county&parent=${fx.cityCode}`)).json();
    expect(body.rows.map((r: { code: string; value: number; previous: number | null; rank: number; reports: number; failing: number }) =>
      [r.code, r.value, r.previous, r.rank, r.reports, r.failing])).toEqual([
      [fx.countyACode, 120, 110, 1, 4, 1],
      [fx.countyBCode, 12, null, 2, 3, 0],
    ]);
  });

  it('derived metrics rank what the generated tables say', async () => {
    const body = (await get(`/api/league?metric=applications.received&year=2024&parent=${fx.countyBCode}&pageSize=10`)).json();
    const expected = fx.countyB.map((t) => fx.specs.get(`${t.code}|2024`)!.values['t3.new_received.total']);
    expect(body.rows.map((r: { value: number }) => r.value).sort((x: number, y: number) => x - y)).toEqual([...expected].sort((x, y) => x! - y!));
  });
});

describe('aggregates and trend', () => {
  it('gives each county’s township count, sum, mean, median, min, max, zero share and failing share', async () => {
    const body = (await get(`/api/aggregates?metric=proactive.total&year=2024&level=county&parent=${fx.provinceCode}`)).json();
    const a = body.rows.find((r: { code: string }) => r.code === fx.countyACode);
    const b = body.rows.find((r: { code: string }) => r.code === fx.countyBCode);
    expect(a).toMatchObject({ townships: 4, sum: 120, value: 120, mean: 30, median: 30, min: 10, max: 50, zeroShare: 0, failingShare: 0.25 });
    expect(b).toMatchObject({ townships: 3, sum: 12, mean: 4, median: 5, min: 0, max: 7, failingShare: 0 });
    expect(b.zeroShare).toBe(0.333333); // six decimals
  });

  it('follows a county and a township over the years', async () => {
    const t = fx.countyA[2].code;
    const body = (await get(`/api/trend?metric=proactive.total&regions=${fx.countyACode},${t}`)).json();
    expect(body.series[0].points.map((p: { year: number; value: number; median: number; townships: number }) => [p.year, p.value, p.median, p.townships]))
      .toEqual([[2023, 110, 35, 3], [2024, 120, 30, 4]]);
    expect(body.series[1].points.map((p: { year: number; value: number }) => [p.year, p.value])).toEqual([[2023, 35], [2024, 30]]);
  });
});

describe('leagues within a region, taken from the whole country’s rows once those are read', () => {
  it('equal the leagues read for that region alone, at every level and in both orders', async () => {
    const cold = await buildApp({ db, cache: false });
    const warm = await buildApp({ db });
    try {
      const body = async (a: FastifyInstance, url: string) => (await a.inject(url)).json();
      const cases: [string, string][] = [
        ['township', fx.countyACode], ['township', fx.countyBCode], ['township', fx.cityCode], ['township', fx.provinceCode],
        ['county', fx.cityCode], ['county', fx.provinceCode], ['city', fx.provinceCode],
      ];
      for (const metric of ['proactive.total', 'applications.granted_share']) {
        for (const level of ['township', 'county', 'city']) await body(warm, `/api/league?metric=${metric}&year=2024&level=${level}&parent=all`);
        for (const [level, parent] of cases) {
          for (const order of ['desc', 'asc']) {
            const url = `/api/league?metric=${metric}&year=2024&level=${level}&parent=${parent}&order=${order}&pageSize=1000`;
            const expected = await body(cold, url);
            expect(expected.total).toBeGreaterThan(0);
            expect(await body(warm, url)).toEqual(expected);
          }
        }
      }
    } finally {
      await cold.close();
      await warm.close();
    }
  });
});

describe('reports outside the township leagues', () => {
  it('lists a county government’s own report with its figures, within its county and not in the township league', async () => {
    const spec = fx.specs.get(`${fx.countyACode}|2024`)!;
    const body = (await get(`/api/bodies?metric=applications.received&year=2024&parent=${fx.countyACode}`)).json();
    expect(body.parent.code).toBe(fx.countyACode);
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]).toMatchObject({
      organ: spec.organ, code: fx.countyACode, level: 'county', regionStatus: 'resolved',
      value: spec.values['t3.new_received.total'], received: spec.values['t3.new_received.total'], proactive: COUNTY_BODY_PROACTIVE, hasFailure: false,
    });
    const detail = (await get(`/api/reports/${body.rows[0].reportId}`)).json();
    expect(detail.organ).toBe(spec.organ);
    expect(detail.proactive.total).toBe(COUNTY_BODY_PROACTIVE);
    // Township leagues and aggregates count township reports only.
    const league = (await get(`/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}`)).json();
    expect(league.rows.map((r: { value: number }) => r.value)).toEqual([50, 30, 30, 10]);
    expect((await get(`/api/bodies?metric=applications.received&year=2024&parent=${fx.countyBCode}`)).json().rows).toEqual([]);
    expect((await get('/api/bodies?metric=applications.received&year=2024&parent=all')).json().rows.map((r: { reportId: number }) => r.reportId)).toEqual([body.rows[0].reportId]);
  });

  it('writes them as CSV and rejects a township as parent', async () => {
    const res = await get(`/api/bodies.csv?metric=proactive.total&year=2024&parent=${fx.provinceCode}`);
    const rows = csvRows(res.body);
    expect(res.body.charCodeAt(0)).toBe(0xfeff);
    expect(rows[0].slice(0, 3)).toEqual(['报告编号', '发布机关', '区划代码']);
    expect(rows.slice(1).map((r) => [r[1], r[2], r[5]])).toEqual([[fx.specs.get(`${fx.countyACode}|2024`)!.organ, `\t${fx.countyACode}`, String(COUNTY_BODY_PROACTIVE)]]);
    const bad = await get(`/api/bodies?metric=proactive.total&year=2024&parent=${fx.countyA[0].code}`);
    expect(bad.status).toBe(400);
    expect(bad.json().parameter).toBe('parent');
  });
});

describe('reports, compare, quality, catalog, regions', () => {
  it('shows a report’s tables with labels, checks, evidence and file', async () => {
    const league = (await get(`/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}`)).json();
    const failing = league.rows[3];
    const body = (await get(`/api/reports/${failing.reportId}`)).json();
    const spec = fx.specs.get(`${fx.countyA[3].code}|2024`)!;
    expect(body.fileName).toBe(`${fx.countyA[3].code}_2024.txt`);
    expect(body.tables.map((t: { id: string }) => t.id)).toEqual(['t2', 't3', 't4']);
    const t3 = body.tables[1];
    const received = t3.rows.find((r: { id: string }) => r.id === 'new_received');
    expect(received.label).toContain('本年新收');
    expect(received.cells.find((c: { field: string }) => c.field === 't3.new_received.total').value).toBe(spec.values['t3.new_received.total']);
    expect(body.failedRules).toEqual([4]);
    expect(body.checks.find((c: { rule: number }) => c.rule === 4)).toMatchObject({ status: 'fail' });
    expect(body.evidence.find((e: { field: string }) => e.field === 'proactive.total')).toMatchObject({ value: 10 });
    expect(body.proactive.total).toBe(10);
    expect(body.metrics.find((m: { id: string }) => m.id === 'applications.received').value).toBe(spec.values['t3.new_received.total']);
  });

  it('writes every report’s JSON from its template skeleton exactly as serialising the detail object would', async () => {
    const cache = new ResultCache(db, { enabled: false });
    const service = new ReportsService(new ReportsRepository(db), new MetricsRepository(db), new RegionsService(new RegionsRepository(db), cache), cache);
    const rows = db.$client.prepare('select id, status, template, single_other s from reports order by id').all() as { id: number; status: string; template: string | null; s: number | null }[];
    expect(new Set(rows.map((r) => `${r.status}:${r.template}`))).toEqual(new Set(['ok:2021', 'failed:unknown']));
    for (const r of rows) {
      const body = (await get(`/api/reports/${r.id}`)).body;
      expect(body).toBe(JSON.stringify(service.detail(r.id)));
    }
  });

  it('404s a missing report and 400s a bad id', async () => {
    expect((await get('/api/reports/99999')).status).toBe(404);
    const bad = await get('/api/reports/abc');
    expect(bad.status).toBe(400);
    expect(bad.json().parameter).toBe('id');
  });

  it('compares townships side by side on every metric', async () => {
    const [x, y] = fx.countyA;
    const body = (await get(`/api/compare?year=2024&townships=${x.code},${y.code}`)).json();
    expect(body.townships.map((t: { code: string }) => t.code)).toEqual([x.code, y.code]);
    expect(body.metrics.find((m: { id: string }) => m.id === 'proactive.total').values).toEqual([50, 30]);
    expect(body.metrics.length).toBeGreaterThan(200);
  });

  it('lists failed files and rule failures', async () => {
    const body = (await get('/api/quality')).json();
    expect(body).toMatchObject({ files: 12, ok: 11, failed: 1 });
    expect(body.failures[0].fileName).toBe('=SUM(A1).txt');
    expect(body.failures[0].error).toMatch(/no tables/);
    expect(body.rules.find((r: { rule: number }) => r.rule === 4).fail).toBe(1);
    expect(body.ruleFailures.map((p: { failedRules: number[] }) => p.failedRules)).toEqual([[4]]);
  });

  it('serves the metric catalog and the region tree with report counts', async () => {
    const metrics = (await get('/api/metrics')).json().metrics;
    expect(metrics.find((m: { id: string }) => m.id === 'applications.granted_share')).toMatchObject({ unit: 'share', source: 'derived', additive: false });
    const tree = (await get('/api/regions')).json();
    expect(tree.years).toEqual([2023, 2024]);
    const province = tree.provinces.find((p: { code: string }) => p.code === fx.provinceCode);
    expect(province.reports).toEqual([{ year: 2023, count: 3 }, { year: 2024, count: 8 }]); // 2024: 7 townships and county A's government
  });

  it('publishes an OpenAPI document and a docs page', async () => {
    const doc = (await get('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/league', '/api/league.csv', '/api/aggregates', '/api/trend', '/api/reports/{id}', '/api/compare', '/api/quality', '/api/export.csv', '/api/metrics', '/api/regions', '/api/bodies', '/api/bodies.csv']));
    expect((await get('/api/docs')).status).toBe(200);
  });
});

describe('validation', () => {
  it.each([
    ['/api/league?metric=nope&year=2024', 'metric'],
    ['/api/league?metric=proactive.total&year=twenty', 'year'],
    ['/api/league?metric=proactive.total', 'year'],
    ['/api/league?metric=proactive.total&year=2024&parent=12345', 'parent'],
    ['/api/league?metric=proactive.total&year=2024&parent=999999', 'parent'],
    ['/api/aggregates?metric=proactive.total&year=2024&level=township', 'level'],
    ['/api/trend?metric=proactive.total&regions=1;drop table reports', 'regions'],
    ['/api/compare?year=2024&townships=11', 'townships'],
    ['/api/export.csv?region=999999', 'region'],
  ])('%s → 400 naming %s', async (url, parameter) => {
    const res = await get(url);
    expect(res.status).toBe(400);
    expect(res.json().parameter).toBe(parameter);
    expect(res.json().message).toContain(parameter);
  });
});

describe('CSV', () => {
  it('writes a league as UTF-8 with BOM, Chinese header, codes as text', async () => {
    const res = await get(`/api/league.csv?metric=proactive.total&year=2024&parent=${fx.countyACode}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    expect(res.body.charCodeAt(0)).toBe(0xfeff);
    const rows = csvRows(res.body);
    expect(rows[0].slice(0, 3)).toEqual(['排名', '区划代码', '名称']);
    expect(rows[0]).toContain('主动公开信息数（条）');
    expect(rows.slice(1).map((r) => r[0])).toEqual(['1', '2', '2', '4']);
    expect(rows[1][1]).toBe(`\t${fx.countyA[0].code}`);
    expect(res.body).toContain(`"\t${fx.countyA[0].code}"`);
  });

  it('gzips an answer for a client that accepts it, and sends the same bytes plain to one that does not', async () => {
    const league = (await get(`/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}`)).json();
    const url = `/api/reports/${league.rows[0].reportId}/fields.csv`;
    const plain = await app.inject({ method: 'GET', url });
    const zipped = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('accept-encoding');
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);
    // The memoised answer is served compressed again (same bytes), and JSON answers too.
    const again = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(again.rawPayload.equals(zipped.rawPayload)).toBe(true);
    const json = await app.inject({ method: 'GET', url: url.replace('/fields.csv', ''), headers: { 'accept-encoding': 'gzip' } });
    expect(json.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(json.rawPayload).toString()).year).toBe(2024);
  });

  it('serves brotli, made in the background, to a client that accepts it once an answer is asked for again', async () => {
    const league = (await get(`/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}`)).json();
    const url = `/api/reports/${league.rows[1].reportId}`;
    const plain = await app.inject({ method: 'GET', url });
    const ask = () => app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect((await ask()).headers['content-encoding']).toBe('gzip');
    let res = await ask();
    for (let i = 0; i < 100 && res.headers['content-encoding'] !== 'br'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      res = await ask();
    }
    expect(res.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(res.rawPayload).equals(plain.rawPayload)).toBe(true);
    // A coding refused with q=0 is not sent.
    const refused = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br;q=0, gzip;q=0.5' } });
    expect(refused.headers['content-encoding']).toBe('gzip');
    expect((await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity' } })).headers['content-encoding']).toBeUndefined();
  });

  it('writes an English header on request', async () => {
    const rows = csvRows((await get(`/api/league.csv?metric=proactive.total&year=2024&parent=${fx.countyACode}&lang=en`)).body);
    expect(rows[0].slice(0, 3)).toEqual(['Rank', 'Code', 'Name']);
  });

  it('escapes cells that would run as a formula', async () => {
    const rows = csvRows((await get('/api/quality.csv')).body);
    const failed = rows.find((r) => r.includes("'=SUM(A1).txt"));
    expect(failed).toBeDefined();
    expect(rows.flat().some((c) => c.startsWith('='))).toBe(false);
  });

  it('exports every report with every field', async () => {
    const res = await get('/api/export.csv?year=2024');
    const rows = csvRows(res.body);
    expect(res.body.charCodeAt(0)).toBe(0xfeff);
    expect(rows.length).toBe(1 + 8);
    const header = rows[0];
    const col = header.findIndex((h) => h.endsWith('[t3.new_received.total]'));
    expect(col).toBeGreaterThan(0);
    const codeCol = header.indexOf('乡镇（街道）代码');
    const row = rows.find((r) => r[codeCol] === `\t${fx.countyB[0].code}`)!;
    expect(Number(row[col])).toBe(fx.specs.get(`${fx.countyB[0].code}|2024`)!.values['t3.new_received.total']);
    expect(row[header.length - 1]).toContain(`主动公开政府信息${5}条`);
  });

  it('aggregates, trend and compare come as CSV too', async () => {
    const agg = csvRows((await get(`/api/aggregates.csv?metric=proactive.total&year=2024&level=county&parent=${fx.cityCode}`)).body);
    expect(agg[0]).toEqual(expect.arrayContaining(['区划代码', '中位数', '报告乡镇数']));
    expect(agg.find((r) => r[0] === `\t${fx.countyACode}`)).toBeDefined();
    const trend = csvRows((await get(`/api/trend.csv?metric=proactive.total&regions=${fx.countyACode}`)).body);
    expect(trend.length).toBe(3);
    const cmp = csvRows((await get(`/api/compare.csv?year=2024&townships=${fx.countyA[0].code}`)).body);
    expect(cmp.find((r) => r[0] === 'proactive.total')![2]).toBe('50');
  });
});
