/**
 * Departments rank among their peers: the real 平潭综合实验区 department reports of data/reports
 * ingested into a real SQLite file, their league, trend and CSV read through the API. Every value
 * asserted is computed here from the corpus's expected answers (server/fixtures/corpus/expected).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BodiesResponse, LeagueResponse, TrendResponse } from '@nianbao/shared';
import { ingest } from '../ingest/ingest.ts';
import { DEFAULT_REPORTS_DIR, REPO_ROOT } from '../paths.ts';
import { divisions } from '../resolve/divisions.ts';
import { openReadOnly, openWritable, type Db } from '../store/db.ts';
import { typeStoredBodies } from '../store/reportStore.ts';
import { randomSpec, renderTextReport, rng } from '../testing/generate.ts';
import { buildApp } from './app.ts';

interface Expected {
  fields: Record<string, string | number | boolean | null>;
}
const EXPECTED_DIR = resolve(REPO_ROOT, 'server/fixtures/corpus/expected');
const expected = readdirSync(EXPECTED_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ ...(JSON.parse(readFileSync(join(EXPECTED_DIR, f), 'utf8')) as Expected), file: basename(f, '.json') }));

const PINGTAN = divisions().countiesByName.get('平潭县')![0].code;
/** The 平潭 reports of bodies below the 实验区 government (its 局, 办公室 and 片区管理局). */
const departments = expected
  .filter((e) => e.file.startsWith('pingtan_') && !String(e.fields.organ).endsWith('人民政府'))
  .map((e) => ({ organ: e.fields.organ as string, year: e.fields.year as number, proactive: e.fields['proactive.total'] as number }));
const years = [...new Set(departments.map((d) => d.year))].sort();
const valueOf = (organ: string, year: number) => departments.find((d) => d.organ === organ && d.year === year)?.proactive ?? null;
/** Standard competition ranks, largest first (1, 2, 2, 4). */
const competitionRanks = (values: number[]) => values.map((v) => 1 + values.filter((w) => w > v).length);

let dir: string;
let db: Db;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-departments-'));
  const writer = openWritable(join(dir, 'sample.sqlite'));
  const summary = await ingest(writer, [DEFAULT_REPORTS_DIR], { overrides: new Map() });
  writer.$client.close();
  expect(summary.failed).toBe(0);
  db = openReadOnly(join(dir, 'sample.sqlite'));
  app = await buildApp({ db });
}, 60_000);

afterAll(async () => {
  await app?.close();
  db?.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const json = async <T>(url: string): Promise<T> => {
  const res = await app.inject(url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json() as T;
};
const league = (year: number, extra = '') => json<LeagueResponse>(`/api/league?metric=proactive.total&year=${year}&body=department&parent=${PINGTAN}${extra}`);

describe('the department league of 平潭综合实验区 (sample data)', () => {
  it('has several years of departments', () => {
    expect(departments.length).toBe(19);
    expect(years).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
  });

  it('ranks each year’s departments by their reports’ values, ties shared, with the change on the same department’s year before', async () => {
    let ties = 0;
    let changes = 0;
    for (const year of years) {
      const want = departments.filter((d) => d.year === year).sort((a, b) => b.proactive - a.proactive);
      const got = await league(year);
      expect(got.body).toBe('department');
      expect(got.parent).toEqual({ code: PINGTAN, name: '平潭县', level: 'county' });
      expect(got.total).toBe(want.length);
      expect(got.rows.map((r) => r.value)).toEqual(want.map((d) => d.proactive));
      expect(new Set(got.rows.map((r) => r.name))).toEqual(new Set(want.map((d) => d.organ)));
      const ranks = competitionRanks(got.rows.map((r) => r.value!));
      expect(got.rows.map((r) => r.rank)).toEqual(ranks);
      ties += ranks.length - new Set(ranks).size;
      for (const r of got.rows) {
        const before = valueOf(r.name, year - 1);
        expect([r.name, r.previous, r.change]).toEqual([r.name, before, before === null ? null : r.value! - before]);
        if (before !== null) changes++;
        expect(r).toMatchObject({ body: 'department', level: 'county', countyCode: PINGTAN, countyName: '平潭县', cityName: '福州市', provinceName: '福建省', reports: 1 });
        expect(r.code).toBe(`${PINGTAN}:department:${r.name.replace('平潭综合实验区', '')}`);
        expect(r.reportId).toBeGreaterThan(0);
        if (year === 2022) expect((await json<{ body: string; organ: string }>(`/api/reports/${r.reportId}`))).toMatchObject({ body: 'department', organ: r.name });
      }
    }
    // The sample holds a real tie (2020: 141 and 141) and departments reporting in consecutive years.
    expect(ties).toBeGreaterThan(0);
    expect(changes).toBe(4);
  });

  it('orders by change and lists the league’s rows in its CSV, in Chinese', async () => {
    const byChange = await league(2021, '&sort=change');
    const changes = byChange.rows.map((r) => r.change!);
    expect(changes).toEqual([...changes].sort((a, b) => b - a));
    const res = await app.inject(`/api/league.csv?metric=proactive.total&year=2020&body=department&parent=${PINGTAN}&lang=zh`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/league-department-proactive\.total-2020/);
    const [head, ...rows] = parse(res.body.slice(1)) as string[][];
    expect(head).toEqual(['排名', '机关标识', '发布机关', '省', '市', '县（区）', '主动公开信息数（条）', '上年', '变化', '报告编号', '未通过勾稽校验']);
    const want = departments.filter((d) => d.year === 2020).sort((a, b) => b.proactive - a.proactive);
    expect(rows.map((r) => Number(r[6]))).toEqual(want.map((d) => d.proactive));
    expect(rows.map((r) => Number(r[0]))).toEqual(competitionRanks(want.map((d) => d.proactive)));
    for (const r of rows) expect(r[7] === '' ? null : Number(r[7])).toBe(valueOf(r[2], 2019));
  });

  it('trends the county’s departments (total, median, count) and one department’s own values', async () => {
    const key = `${PINGTAN}:department:金井片区管理局`;
    const t = await json<TrendResponse>(`/api/trend?metric=proactive.total&body=department&regions=${PINGTAN}&bodies=${encodeURIComponent(key)}`);
    const [county, jinjing] = t.series;
    expect(county.body).toBe('department');
    expect(county.points.map((p) => p.year)).toEqual(years);
    for (const p of county.points) {
      const vals = departments.filter((d) => d.year === p.year).map((d) => d.proactive).sort((a, b) => a - b);
      const mid = vals.length % 2 ? vals[(vals.length - 1) / 2] : (vals[vals.length / 2 - 1] + vals[vals.length / 2]) / 2;
      expect([p.year, p.value, p.townships, p.median, p.min, p.max]).toEqual([p.year, vals.reduce((a, b) => a + b, 0), vals.length, mid, vals[0], vals[vals.length - 1]]);
    }
    const own = departments.filter((d) => d.organ === '平潭综合实验区金井片区管理局').sort((a, b) => a.year - b.year);
    expect(jinjing).toMatchObject({ code: key, name: '平潭综合实验区金井片区管理局', level: 'county' });
    expect(jinjing.points.map((p) => [p.year, p.value])).toEqual(own.map((d) => [d.year, d.proactive]));
    expect(jinjing.points.every((p) => p.reportId !== null)).toBe(true);
  });

  it('ranks county and city governments among their peers', async () => {
    const hongze = expected.find((e) => e.file === 'hongze-district-2023')!.fields;
    const counties = await json<LeagueResponse>('/api/league?metric=proactive.total&year=2023&body=county_government');
    expect(counties.rows.map((r) => [r.rank, r.name, r.value])).toEqual([[1, hongze.organ, hongze['proactive.total']]]);
    const pingtan2012 = expected.find((e) => e.file === 'pingtan_22_2012')!.fields;
    const fujian = await json<LeagueResponse>(`/api/league?metric=proactive.total&year=2012&body=county_government&parent=${PINGTAN.slice(0, 2)}`);
    expect(fujian.rows.map((r) => [r.code, r.name, r.value])).toEqual([[`${PINGTAN}:county_government`, pingtan2012.organ, pingtan2012['proactive.total']]]);
    const huaian = expected.find((e) => e.file === 'huaian-city-2024')!.fields;
    const cities = await json<LeagueResponse>('/api/league?metric=proactive.total&year=2024&body=city_government');
    expect(cities.rows.map((r) => [r.rank, r.name, r.value, r.level])).toEqual([[1, huaian.organ, huaian['proactive.total'], 'city']]);
  });

  it('says which bodies the flat list holds, and refuses a department league without its county', async () => {
    const bodies = await json<BodiesResponse>('/api/bodies?metric=proactive.total&year=2022&parent=all');
    expect(bodies.rows.map((r) => r.body)).toEqual(['department', 'department', 'department']);
    for (const [url, parameter] of [
      ['/api/league?metric=proactive.total&year=2022&body=department', 'parent'],
      ['/api/league?metric=proactive.total&year=2022&body=department&parent=35', 'parent'],
      [`/api/league?metric=proactive.total&year=2022&body=department&parent=${PINGTAN}&level=county`, 'level'],
      ['/api/trend?metric=proactive.total&body=department', 'regions'],
      [`/api/trend?metric=proactive.total&body=department&bodies=${PINGTAN}:department:nothing`, 'bodies'],
    ]) {
      const res = await app.inject(url);
      expect([url, res.statusCode, res.json().parameter]).toEqual([url, 400, parameter]);
    }
  });
});

describe('a database written before bodies were typed', () => {
  it('gets its types, department keys and previous-year links when opened', async () => {
    const copy = join(dir, 'old.sqlite');
    copyFileSync(join(dir, 'sample.sqlite'), copy);
    const old = openWritable(copy);
    // As an older version stored them: no type, a department keyed by its organ as printed, no link.
    old.$client.exec(`UPDATE reports SET body_type = NULL, body_key = division_code || ':' || organ WHERE township_code IS NULL AND division_code IS NOT NULL`);
    old.$client.exec('UPDATE report_metrics SET body_type = NULL, body_key = NULL, prev_report_id = NULL WHERE township_code IS NULL');
    expect(typeStoredBodies(old)).toBeGreaterThan(0);
    const links = old.$client
      .prepare(`SELECT r.organ, r.year, m.body_type AS type, p.year AS prevYear FROM report_metrics m JOIN reports r ON r.id = m.report_id LEFT JOIN reports p ON p.id = m.prev_report_id WHERE r.organ LIKE '%金井%' ORDER BY r.year`)
      .all();
    expect(links).toEqual(departments.filter((d) => d.organ.includes('金井')).sort((a, b) => a.year - b.year).map((d) => ({
      organ: d.organ, year: d.year, type: 'department', prevYear: valueOf(d.organ, d.year - 1) === null ? null : d.year - 1,
    })));
    expect(old.$client.prepare('SELECT count(*) AS n FROM reports WHERE status = ? AND body_type IS NULL').get('ok')).toEqual({ n: 0 });
    // Once typed, opening again changes nothing.
    expect(typeStoredBodies(old)).toBe(0);
    old.$client.close();
  });

  it('gets them from the next ingest too, though no file changed', async () => {
    const copy = join(dir, 'old2.sqlite');
    copyFileSync(join(dir, 'sample.sqlite'), copy);
    const old = openWritable(copy);
    old.$client.exec(`UPDATE reports SET body_type = NULL, body_key = division_code || ':' || organ WHERE township_code IS NULL AND division_code IS NOT NULL`);
    old.$client.exec('UPDATE report_metrics SET body_type = NULL, body_key = NULL, prev_report_id = NULL WHERE township_code IS NULL');
    const summary = await ingest(old, [DEFAULT_REPORTS_DIR], { overrides: new Map() });
    expect([summary.added, summary.updated]).toEqual([0, 0]);
    const linked = old.$client.prepare(`SELECT count(*) AS n FROM report_metrics WHERE body_type = 'department' AND prev_report_id IS NOT NULL`).get();
    expect(linked).toEqual({ n: 4 });
    old.$client.close();
  });
});

describe('a department whose name is spelt differently from one year to the next', () => {
  it('is one body: its previous-year value, change and rule 5 pair the two reports', async () => {
    const reports = join(dir, 'renamed');
    mkdirSync(reports);
    const r = rng(12);
    // 平潭县… in 2021, 平潭综合实验区…（note） in 2022, as the 实验区's departments have written it.
    const before = randomSpec(r, { organ: '平潭县行政审批局', year: 2021 });
    before.proactive = { total: 70, approx: false };
    const after = randomSpec(r, { organ: '平潭综合实验区行政审批局（区政务服务中心）', year: 2022 });
    after.proactive = { total: 95, approx: false };
    writeFileSync(join(reports, 'shenpi_2021.txt'), renderTextReport(before));
    writeFileSync(join(reports, 'shenpi_2022.txt'), renderTextReport(after));
    // A city's own department and a department of one of its districts: each in its own league.
    const cityDept = randomSpec(r, { organ: '淮安市教育局', year: 2022 });
    cityDept.proactive = { total: 40, approx: false };
    const districtDept = randomSpec(r, { organ: '淮安市洪泽区教育局', year: 2022 });
    districtDept.proactive = { total: 30, approx: false };
    writeFileSync(join(reports, 'huaian_jyj_2022.txt'), renderTextReport(cityDept));
    writeFileSync(join(reports, 'hongze_jyj_2022.txt'), renderTextReport(districtDept));
    const path = join(dir, 'renamed.sqlite');
    const w = openWritable(path);
    expect((await ingest(w, [reports], { overrides: new Map() })).added).toBe(4);
    const stored = w.$client.prepare(`SELECT id, organ, year, body_type AS type, body_key AS key FROM reports WHERE organ LIKE '%行政审批局%' ORDER BY year`).all() as { id: number; organ: string; type: string; key: string }[];
    expect(stored.map((x) => [x.organ, x.type, x.key])).toEqual([
      ['平潭县行政审批局', 'department', `${PINGTAN}:department:行政审批局`],
      // (the parser reads full-width brackets as half-width)
      ['平潭综合实验区行政审批局(区政务服务中心)', 'department', `${PINGTAN}:department:行政审批局`],
    ]);
    // Rule 5 compared the 2022 report with the 2021 one (pass or fail: it ran).
    expect(w.$client.prepare('SELECT count(*) AS n FROM checks WHERE report_id = ? AND rule = 5').get(stored[1].id)).toEqual({ n: 1 });
    expect(w.$client.prepare('SELECT count(*) AS n FROM checks WHERE report_id = ? AND rule = 5').get(stored[0].id)).toEqual({ n: 0 });
    w.$client.close();
    const ro = openReadOnly(path);
    const api = await buildApp({ db: ro });
    const res = await api.inject(`/api/league?metric=proactive.total&year=2022&body=department&parent=${PINGTAN}`);
    expect((res.json() as LeagueResponse).rows.map((x) => [x.name, x.value, x.previous, x.change])).toEqual([['平潭综合实验区行政审批局(区政务服务中心)', 95, 70, 25]]);
    const huaian = divisions().citiesByName.get('淮安市')![0].code;
    const hongze = divisions().countiesByName.get('洪泽区')![0].code;
    const city = (await api.inject(`/api/league?metric=proactive.total&year=2022&body=department&parent=${huaian}`)).json() as LeagueResponse;
    expect([city.level, city.rows.map((x) => [x.code, x.name, x.value, x.level, x.cityName, x.countyName])]).toEqual(['city', [[`${huaian}:department:教育局`, '淮安市教育局', 40, 'city', '淮安市', null]]]);
    const district = (await api.inject(`/api/league?metric=proactive.total&year=2022&body=department&parent=${hongze}`)).json() as LeagueResponse;
    expect(district.rows.map((x) => [x.code, x.name, x.value, x.countyName])).toEqual([[`${hongze}:department:教育局`, '淮安市洪泽区教育局', 30, '洪泽区']]);
    await api.close();
    ro.$client.close();
  });
});
