import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { Db } from '../store/db.ts';
import { buildApp } from './app.ts';
import { ResultCache } from './cache.ts';
import { CSV_TERMS } from './csv.ts';
import { messageIn } from '@nianbao/shared';
import { checkDetailText } from '@nianbao/shared';
import { MetricsRepository } from './repositories/metrics.repository.ts';
import { RegionsRepository } from './repositories/regions.repository.ts';
import { ReportsRepository } from './repositories/reports.repository.ts';
import { RegionsService } from './services/regions.service.ts';
import { ReportsService } from './services/reports.service.ts';
import { COUNTY_BODY_PROACTIVE, type Fixture } from './testing/fixture.ts';
import { serveFixture } from './testing/servedFixture.ts';

let fx: Fixture;
let db: Db;
let app: FastifyInstance;

let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ fx, db, app, close } = await serveFixture());
});
afterAll(async () => close?.());

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
    // The tie at rank 2 runs over the page break: each page says its row shares the rank.
    expect(asc.rows.map((r: { tied: boolean }) => r.tied)).toEqual([false, true]);
    expect(page2.rows.map((r: { tied: boolean }) => r.tied)).toEqual([true, false]);
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
    // How many townships' reports last year's sum is of: a change may partly be a change of coverage.
    const reportedIn = (towns: { code: string }[], year: number) => towns.filter((t) => fx.specs.has(`${t.code}|${year}`)).length;
    expect(body.rows.map((r: { previousReports: number | null }) => r.previousReports)).toEqual([reportedIn(fx.countyA, 2023), null]);
    expect(reportedIn(fx.countyA, 2023)).toBeLessThan(reportedIn(fx.countyA, 2024));
    const csv = csvRows((await get(`/api/league.csv?metric=proactive.total&year=2024&level=county&parent=${fx.cityCode}`)).body);
    const col = csv[0].indexOf('上年报告数');
    expect(csv.slice(1).map((r) => r[col])).toEqual([String(reportedIn(fx.countyA, 2023)), '']);
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
    const files = (await get('/api/quality?rule=file')).json().rows;
    expect(files[0].fileName).toBe('=SUM(A1).txt');
    expect(files[0].error).toMatch(/no tables/);
    expect(body.rules.find((r: { rule: number }) => r.rule === 4).fail).toBe(1);
    expect((await get('/api/quality?rule=failing')).json().rows.map((p: { failedRules: number[] }) => p.failedRules)).toEqual([[4]]);
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
    ['/api/league?metric=proactive.total&year=2030', 'year'],
    ['/api/aggregates.csv?metric=proactive.total&year=1999&level=county', 'year'],
    ['/api/bodies?metric=proactive.total&year=2021', 'year'],
  ])('%s → 400 naming %s', async (url, parameter) => {
    const res = await get(url);
    expect(res.status).toBe(400);
    expect(res.json().parameter).toBe(parameter);
    expect(res.json().message).toContain(parameter);
  });

  it('names the years there are reports of when asked for one there are none of', async () => {
    const { years } = (await get('/api/regions')).json() as { years: number[] };
    const [first, last] = [years[0], years[years.length - 1]];
    expect(years).toEqual(Array.from({ length: last - first + 1 }, (_, i) => first + i)); // consecutive
    const res = await get(`/api/league?metric=proactive.total&year=${first - 1}`);
    expect(res.json().message).toBe(`year: no reports for ${first - 1} (years with reports: ${first}–${last})`);
    // A stable code and the years there are, for a client to say it in its own words and link to them.
    expect(res.json()).toMatchObject({ statusCode: 400, code: 'no_reports_for_year', parameter: 'year', year: first - 1, years });
    for (const y of years) expect((await get(`/api/league?metric=proactive.total&year=${y}`)).status).toBe(200);
  });
});

describe('error codes', () => {
  it('gives every error a stable code: unknown region, invalid parameter, no route', async () => {
    expect((await get('/api/league?metric=proactive.total&year=2024&parent=99')).json()).toMatchObject({ statusCode: 400, code: 'unknown_region', parameter: 'parent' });
    expect((await get('/api/league?metric=nope&year=2024')).json()).toMatchObject({ statusCode: 400, code: 'invalid_parameter', parameter: 'metric' });
    expect((await get('/api/nothing-here')).json()).toMatchObject({ statusCode: 404, code: 'not_found' });
    expect((await get('/api/reports/99999999')).json()).toMatchObject({ statusCode: 404, code: 'not_found' });
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

describe('CSV twins carry what the JSON answers carry', () => {
  const six = (v: number) => Math.round(v * 1e6) / 1e6;
  const num = (s: string) => (s === '' ? null : Number(s));

  it('trend.csv has every value of every JSON point (mean, min, max included)', async () => {
    const regions = `${fx.countyACode},${fx.countyA[2].code}`;
    const json = (await get(`/api/trend?metric=applications.granted_share&regions=${regions}`)).json();
    const rows = csvRows((await get(`/api/trend.csv?metric=applications.granted_share&regions=${regions}`)).body);
    const { units, metrics } = (await get('/api/metrics')).json();
    const m = metrics.find((x: { id: string }) => x.id === 'applications.granted_share');
    expect(units[m.unit].en).toBe('share (0–1)');
    // A share's header says its scale once (not "（比例）"): 0–1.
    expect(rows[0]).toEqual(['区划代码', '名称', '层级', '年度', `${m.label}（比例，0–1）`, '中位数', '平均', '最小', '最大', '报告乡镇数', '报告编号']);
    const points = json.series.flatMap((s: { code: string; name: string; level: string; points: Record<string, number | null>[] }) => s.points.map((p) => ({ s, p })));
    expect(rows.length).toBe(1 + points.length);
    for (const { s, p } of points) {
      const row = rows.find((r) => r[0] === `\t${s.code}` && r[3] === String(p.year))!;
      expect([row[1], row[2]]).toEqual([s.name, CSV_TERMS[s.level].zh]);
      expect([num(row[4]), num(row[5]), num(row[6]), num(row[7]), num(row[8]), num(row[9]), num(row[10])])
        .toEqual([p.value, p.median, p.mean, p.min, p.max, p.townships, p.reportId]);
    }
    // County A 2024: four townships, its mean is a real number of the JSON.
    const a2024 = rows.find((r) => r[0] === `\t${fx.countyACode}` && r[3] === '2024')!;
    expect(Number(a2024[6])).toBe(json.series[0].points.find((p: { year: number }) => p.year === 2024).mean);
    expect(a2024[9]).toBe('4');
    const en = csvRows((await get(`/api/trend.csv?metric=proactive.total&regions=${fx.countyACode}&lang=en`)).body);
    expect(en[0]).toEqual(['Code', 'Name', 'Level', 'Year', en[0][4], 'Median', 'Mean', 'Min', 'Max', 'Townships reporting', 'Report id']);
    // proactive.total of county A in 2024: 50, 30, 30, 10.
    expect(en.find((r) => r[3] === '2024')!.slice(5, 10)).toEqual(['30', '30', '10', '50', '4']);
  });

  it('quality/rules.csv gives the reports per rule and outcome of GET /api/quality', async () => {
    const json = (await get('/api/quality')).json();
    const rows = csvRows((await get('/api/quality/rules.csv')).body);
    expect(rows[0]).toEqual(['规则', '名称', '仅提示', '通过的报告数', '未通过的报告数', '无法判断的报告数']);
    expect(rows.slice(1).map((r) => [Number(r[0]), r[1], r[2], Number(r[3]), Number(r[4]), Number(r[5])])).toEqual(
      json.rules.map((r: { rule: number; title: string; advisory: boolean; pass: number; fail: number; uncertain: number }) =>
        [r.rule, r.title, r.advisory ? '是' : '否', r.pass, r.fail, r.uncertain]),
    );
    expect(rows.find((r) => r[0] === '4')![4]).toBe('1'); // township a4 breaks rule 4
    const en = csvRows((await get('/api/quality/rules.csv?lang=en')).body);
    expect(en[0][4]).toBe('Reports failing');
    expect(en[4][1]).toBe(json.rules[3].titleEn);
  });

  it('a report’s checks, warnings and evidence come as CSV', async () => {
    const league = (await get(`/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}`)).json();
    const a4 = league.rows.find((r: { code: string }) => r.code === fx.countyA[3].code).reportId;
    const detail = (await get(`/api/reports/${a4}`)).json();
    const checks = csvRows((await get(`/api/reports/${a4}/checks.csv`)).body);
    expect(checks[0]).toEqual(['规则', '名称', '结果', '说明']);
    // Statuses and the detail's fixed phrases in Chinese (csvLanguage.test.ts has the English ones).
    expect(checks.slice(1)).toEqual(detail.checks.map((c: { rule: number; title: string; status: string; detail: string }) => [String(c.rule), c.title, CSV_TERMS[c.status].zh, checkDetailText(c.detail, 'zh')]));
    const rule4 = checks.find((r) => r[0] === '4')!;
    expect(rule4[2]).toBe('未通过');
    expect(rule4[3]).toMatch(/\d/); // the numbers that do not add up

    const evidence = csvRows((await get(`/api/reports/${league.rows[0].reportId}/evidence.csv?lang=en`)).body);
    expect(evidence[0]).toEqual(['Field id', 'Value', 'Sentence']);
    const proactive = evidence.find((r) => r[0] === 'proactive.total')!;
    expect(proactive[1]).toBe('50');
    expect(proactive[2]).toContain('主动公开政府信息50条');

    const failed = (await get('/api/quality?rule=file')).json().rows[0];
    const warnings = (await get(`/api/reports/${failed.id}`)).json().warnings as string[];
    expect(warnings.length).toBeGreaterThan(0);
    const w = csvRows((await get(`/api/reports/${failed.id}/warnings.csv`)).body);
    expect(w[0]).toEqual(['序号', '提示']);
    // Said in Chinese (the message catalog); the English CSV keeps the stored sentences.
    expect(w.slice(1)).toEqual(warnings.map((text, i) => [String(i + 1), messageIn('zh', text)]));
    expect(csvRows((await get(`/api/reports/${failed.id}/warnings.csv?lang=en`)).body).slice(1)).toEqual(warnings.map((text, i) => [String(i + 1), text]));
    expect((await get('/api/reports/99999/checks.csv')).status).toBe(404);
  });

  it('export.csv lists every file: failed ones with status, error and warnings; failed rules and warnings per report', async () => {
    const quality = (await get('/api/quality')).json();
    quality.failures = (await get('/api/quality?rule=file')).json().rows;
    const rows = csvRows((await get('/api/export.csv')).body);
    const h = rows[0];
    expect(rows.length).toBe(1 + quality.files);
    const col = (name: string) => h.indexOf(name);
    const failed = rows.find((r) => r[col('状态')] === '失败')!;
    expect(Number(failed[col('报告编号')])).toBe(quality.failures[0].id);
    expect(failed[col('错误')]).toBe(messageIn('zh', quality.failures[0].error));
    const warnings = (await get(`/api/reports/${quality.failures[0].id}`)).json().warnings as string[];
    expect(failed[col('提示')]).toBe(warnings.map((t) => messageIn('zh', t)).join(' | '));
    const failedEn = csvRows((await get('/api/export.csv?lang=en')).body).find((r) => r[col('状态')] === 'failed')!;
    expect([failedEn[col('错误')], failedEn[col('提示')]]).toEqual([quality.failures[0].error, warnings.join(' | ')]);
    expect(failed[h.findIndex((x) => x.endsWith('[t3.new_received.total]'))]).toBe('');
    const a4 = rows.find((r) => r[col('乡镇（街道）代码')] === `\t${fx.countyA[3].code}` && r[col('年度')] === '2024')!;
    expect([a4[col('状态')], a4[col('未通过的勾稽规则')], a4[col('提示')]]).toEqual(['成功', '4', '']);
    expect(csvRows((await get('/api/export.csv?lang=en')).body)[0]).toEqual(expect.arrayContaining(['Status', 'Error', 'Failed rules', 'Warnings']));
  });

  it('lists the new CSVs in the OpenAPI document', async () => {
    const doc = (await get('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/trend.csv', '/api/quality.csv', '/api/quality/rules.csv', '/api/reports/{id}/checks.csv', '/api/reports/{id}/warnings.csv', '/api/reports/{id}/evidence.csv',
    ]));
  });

  it('publishes parameters with a default as optional, and still applies the default', async () => {
    const doc = (await get('/api/openapi.json')).json();
    type Param = { name: string; required: boolean; schema: { default?: unknown } };
    const params = (path: string) => new Map((doc.paths[path].get.parameters as Param[]).map((p) => [p.name, p]));
    const league = params('/api/league');
    for (const name of ['level', 'parent', 'order', 'sort', 'page', 'pageSize']) {
      expect(league.get(name)!.required, name).toBe(false);
      expect(league.get(name)!.schema.default, name).toBeDefined();
    }
    expect(league.get('pageSize')!.schema.default).toBe(50);
    expect([league.get('metric')!.required, league.get('year')!.required]).toEqual([true, true]);
    expect(params('/api/league.csv').get('lang')!.required).toBe(false);
    expect(params('/api/aggregates').get('parent')!.required).toBe(false);
    expect(params('/api/aggregates').get('level')!.required).toBe(true);

    const body = (await get('/api/league?metric=proactive.total&year=2024')).json();
    expect({ pageSize: body.pageSize, page: body.page, level: body.level, parent: body.parent, order: body.order })
      .toEqual({ pageSize: 50, page: 1, level: 'township', parent: null, order: 'desc' });
    expect(body.total).toBe(7);
    expect(body.rows[0].value).toBe(50);
    expect(csvRows((await get(`/api/league.csv?metric=proactive.total&year=2024&parent=${fx.countyACode}`)).body)[0][0]).toBe('排名');
  });

  it('rounds a share’s median, min and max to six decimals, like its mean', async () => {
    const metric = 'applications.granted_share';
    const agg = (await get(`/api/aggregates?metric=${metric}&year=2024&level=county&parent=${fx.cityCode}`)).json();
    const a = agg.rows.find((r: { code: string }) => r.code === fx.countyACode);
    const values = (await get(`/api/league?metric=${metric}&year=2024&parent=${fx.countyACode}`)).json().rows
      .map((r: { value: number | null }) => r.value).filter((v: number | null): v is number => v !== null).sort((x: number, y: number) => x - y);
    expect(values.length).toBe(4);
    expect(values.some((v: number) => v !== six(v))).toBe(true); // the fixture's shares have more than six decimals
    expect([a.min, a.max, a.median]).toEqual([six(values[0]), six(values[3]), six((values[1] + values[2]) / 2)]);
    expect(a.mean).toBe(six(values.reduce((s: number, v: number) => s + v, 0) / 4));
    const trend = (await get(`/api/trend?metric=${metric}&regions=${fx.countyACode}`)).json().series[0].points.find((p: { year: number }) => p.year === 2024);
    expect([trend.min, trend.max, trend.median]).toEqual([a.min, a.max, a.median]);
  });
});
