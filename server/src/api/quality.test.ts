import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import type { QualityResponse, QualityRow } from '@nianbao/shared';
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

async function get(url: string) {
  const res = await app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.body, json: () => res.json() };
}
const quality = async (qs: string): Promise<QualityResponse> => {
  const res = await get(`/api/quality?${qs}`);
  expect(res.status, res.body).toBe(200);
  return res.json();
};
const csvRows = (body: string): string[][] => parse(body.replace(/^\uFEFF/, ''), { relax_column_count: true });
/** Report ids straight from the database, in id order. */
const ids = (sql: string, ...params: unknown[]) => (db.$client.prepare(sql).all(...params) as { id: number }[]).map((r) => r.id);
const sorted = (rows: { id: number }[]) => rows.map((r) => r.id).sort((a, b) => a - b);
const PROBLEM = "(status = 'failed' or region_status != 'resolved' or failed_rules != '')";

describe('GET /api/quality filters', () => {
  it('a county’s failing reports for a year are exactly the database’s, with codes and names of every level', async () => {
    const q = await quality(`region=${fx.countyACode}&year=2024&rule=failing`);
    const expected = ids("select id from reports where county_code = ? and year = 2024 and failed_rules != '' order by id", fx.countyACode);
    expect(expected.length).toBeGreaterThan(0);
    expect(sorted(q.rows)).toEqual(expected);
    expect(q.total).toBe(expected.length);
    expect(q).toMatchObject({ region: { code: fx.countyACode, level: 'county' }, year: 2024, rule: 'failing', townships: false });
    const a4 = q.rows.find((r) => r.townshipCode === fx.countyA[3].code)!;
    expect(a4.failedRules).toContain(4);
    const name = (code: string) => (db.$client.prepare('select name from regions where code = ?').get(code) as { name: string }).name;
    expect(a4).toMatchObject({
      provinceCode: fx.provinceCode, provinceName: name(fx.provinceCode),
      cityCode: fx.cityCode, cityName: name(fx.cityCode),
      countyCode: fx.countyACode, countyName: name(fx.countyACode),
      townshipName: name(fx.countyA[3].code),
    });
  });

  it('region narrows at every level: province, city, county, township; another county has none', async () => {
    for (const [col, code] of [['province_code', fx.provinceCode], ['city_code', fx.cityCode], ['county_code', fx.countyACode], ['township_code', fx.countyA[3].code], ['county_code', fx.countyBCode]] as const) {
      const q = await quality(`region=${code}`);
      expect(sorted(q.rows), `${col} ${code}`).toEqual(ids(`select id from reports where ${col} = ? and ${PROBLEM} order by id`, code));
      expect(q.files).toBe(ids(`select id from reports where ${col} = ?`, code).length);
      expect(q.failed).toBe(0); // unreadable files are placed nowhere
    }
    expect((await quality(`region=${fx.countyBCode}&rule=failing`)).total).toBe(0);
    // The whole country: the unreadable file too.
    const all = await quality('');
    expect(sorted(all.rows)).toEqual(ids(`select id from reports where ${PROBLEM} order by id`));
    expect(all.counts.file).toBe(1);
    expect(all.counts.all).toBe(all.total);
  });

  it('year scopes rows and counts; rule picks one rule’s failures (advisory 6 included) without changing the counts', async () => {
    const y23 = await quality('year=2023');
    expect(y23.files).toBe(ids('select id from reports where year = 2023').length);
    expect(sorted(y23.rows)).toEqual(ids(`select id from reports where year = 2023 and ${PROBLEM} order by id`));
    const rule4 = (db.$client.prepare("select count(*) n from checks c join reports r on r.id = c.report_id where r.year = 2023 and c.rule = 4 and c.status = 'fail'").get() as { n: number }).n;
    expect(y23.rules.find((r) => r.rule === 4)!.fail).toBe(rule4);
    for (const rule of [1, 2, 3, 4, 5, 6]) {
      const q = await quality(`rule=${rule}&year=2024`);
      expect(sorted(q.rows), `rule ${rule}`).toEqual(ids(`select r.id from reports r join checks c on c.report_id = r.id where r.year = 2024 and c.rule = ? and c.status = 'fail' order by r.id`, rule));
      expect(q.files).toBe(ids('select id from reports where year = 2024').length);
    }
    const files = await quality('rule=file');
    expect(files.rows.map((r) => r.fileName)).toEqual(['=SUM(A1).txt']);
    expect(files.rows[0].provinceCode).toBeNull();
    expect((await quality('rule=region')).rows).toEqual([]);
  });

  it('pages: every page of one list, in order, adds up to the list; total and counts stay', async () => {
    const full = await quality('pageSize=1000');
    expect(full.total).toBeGreaterThanOrEqual(2);
    const seen: QualityRow[] = [];
    for (let page = 1; page <= full.total; page++) {
      const q = await quality(`pageSize=1&page=${page}`);
      expect(q).toMatchObject({ page, pageSize: 1, total: full.total, counts: full.counts });
      seen.push(...q.rows);
    }
    expect(seen).toEqual(full.rows);
    expect((await quality(`pageSize=1&page=${full.total + 1}`)).rows).toEqual([]);
    // Latest year first, files without a year last.
    expect(full.rows.at(-1)!.year).toBeNull();
  });

  it('townships=1 lists exactly the reports behind the league’s failing count of a county', async () => {
    const league = (await get(`/api/league?metric=proactive.total&year=2024&level=county&parent=${fx.cityCode}`)).json();
    const countyA = league.rows.find((r: { code: string }) => r.code === fx.countyACode);
    const q = await quality(`region=${fx.countyACode}&year=2024&rule=failing&townships=1`);
    expect(q.total).toBe(countyA.failing);
    expect(q.townships).toBe(true);
    expect(q.rows.every((r) => r.townshipCode !== null)).toBe(true);
  });

  it('rejects an unknown region, rule or year with the parameter named', async () => {
    for (const [qs, parameter] of [['region=99', 'region'], ['rule=7', 'rule'], ['year=2099', 'year'], ['pageSize=5000', 'pageSize']]) {
      const res = await get(`/api/quality?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(res.json().parameter ?? res.json().message, qs).toContain(parameter);
    }
  });

  it('the OpenAPI document lists the filters', async () => {
    const doc = (await get('/api/openapi.json')).json();
    const names = (path: string) => (doc.paths[path].get.parameters as { name: string }[]).map((p) => p.name);
    expect(names('/api/quality')).toEqual(expect.arrayContaining(['region', 'year', 'rule', 'townships', 'page', 'pageSize']));
    expect(names('/api/quality.csv')).toEqual(expect.arrayContaining(['region', 'year', 'rule', 'townships', 'lang']));
    expect(names('/api/league')).toContain('failing');
    expect(names('/api/league.csv')).toContain('failing');
  });
});

describe('GET /api/quality.csv', () => {
  it('lists the filter’s rows (all of them) with region codes kept as text and names', async () => {
    const rows = csvRows((await get(`/api/quality.csv?region=${fx.countyACode}&year=2024&rule=failing`)).body);
    const h = rows[0];
    expect(h).toEqual(expect.arrayContaining(['省代码', '省', '市代码', '市', '县（区）代码', '县（区）', '乡镇代码', '乡镇']));
    const json = await quality(`region=${fx.countyACode}&year=2024&rule=failing&pageSize=1000`);
    expect(rows.slice(1).map((r) => Number(r[h.indexOf('报告编号')]))).toEqual(json.rows.map((r) => r.id));
    const a4 = rows.find((r) => r[h.indexOf('乡镇代码')] === `\t${fx.countyA[3].code}`)!;
    expect(a4[h.indexOf('县（区）代码')]).toBe(`\t${fx.countyACode}`);
    expect(a4[h.indexOf('省代码')]).toBe(`\t${fx.provinceCode}`);
    expect(a4[h.indexOf('未通过的勾稽规则')]).toContain('4');
    const en = csvRows((await get('/api/quality.csv?lang=en&rule=file')).body);
    expect(en[0]).toEqual(expect.arrayContaining(['Province code', 'County code', 'Township code']));
    expect(en.length).toBe(2);
  });

  it('rules.csv takes the same region and year', async () => {
    const rows = csvRows((await get(`/api/quality/rules.csv?region=${fx.countyBCode}&year=2024`)).body);
    const q = await quality(`region=${fx.countyBCode}&year=2024`);
    expect(rows.slice(1).map((r) => Number(r[4]))).toEqual(q.rules.map((r) => r.fail));
    expect(rows.slice(1).map((r) => Number(r[3]))).toEqual(q.rules.map((r) => r.pass));
  });
});

describe('league failing filter', () => {
  it('failing=1 keeps only failing rows with their ranks in the whole league, JSON and CSV', async () => {
    const base = `/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}`;
    const all = (await get(base)).json();
    for (const flag of ['1', 'true']) {
      const only = (await get(`${base}&failing=${flag}`)).json();
      expect(only.rows).toEqual(all.rows.filter((r: { hasFailure: boolean }) => r.hasFailure));
      expect(only.total).toBe(only.rows.length);
    }
    const only = (await get(`${base}&failing=1`)).json();
    expect(only.rows.map((r: { code: string }) => r.code)).toContain(fx.countyA[3].code);
    expect((await get(`${base}&failing=0`)).json().rows).toEqual(all.rows);
    const csv = csvRows((await get(`/api/league.csv?metric=proactive.total&year=2024&parent=${fx.countyACode}&failing=1`)).body);
    expect(csv.slice(1).map((r) => r[1].trim())).toEqual(only.rows.map((r: { code: string }) => r.code));
    const counties = (await get(`/api/league?metric=proactive.total&year=2024&level=county&failing=1`)).json();
    expect(counties.rows.map((r: { code: string }) => r.code)).toEqual([fx.countyACode]);
    expect((await get(`${base}&failing=yes`)).status).toBe(400);
  });
});
