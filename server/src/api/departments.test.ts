/**
 * Departments and area offices rank among their peers: the real 平潭综合实验区 department and
 * 片区管理局 reports of data/reports ingested into a real SQLite file, their leagues, trends and
 * CSVs read through the API. Every value
 * asserted is computed here from the corpus's expected answers (server/fixtures/corpus/expected).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BodiesResponse, LeagueResponse, TrendResponse } from '@nianbao/shared';
import { ingest } from '../ingest/ingest.ts';
import { DEFAULT_REPORTS_DIR } from '../paths.ts';
import { BODY_TYPES_VERSION } from '../resolve/bodyType.ts';
import { divisions } from '../resolve/divisions.ts';
import { openReadOnly, openWritable, type Db } from '../store/db.ts';
import { typeStoredBodies } from '../store/reportStore.ts';
import { randomSpec, renderTextReport, rng } from '../testing/generate.ts';
import { buildApp } from './app.ts';
import { readExpected, serveSample } from './testing/servedSample.ts';

const expected = [...readExpected()].map(([file, e]) => ({ ...e, file }));

const PINGTAN = divisions().countiesByName.get('平潭县')![0].code;
/**
 * The 平潭 reports of bodies below the 实验区 government: its 局 and 办公室 are departments; its
 * 片区管理局 are township-level area offices (the corpus README) and rank among themselves.
 */
const bodies = expected
  .filter((e) => e.file.startsWith('pingtan_') && !String(e.fields.organ).endsWith('人民政府'))
  .map((e) => {
    const organ = e.fields.organ as string;
    return { organ, type: organ.endsWith('片区管理局') ? ('area' as const) : ('department' as const), year: e.fields.year as number, proactive: e.fields['proactive.total'] as number };
  });
type LocalType = (typeof bodies)[number]['type'];
const ofType = (type: LocalType) => bodies.filter((d) => d.type === type);
const departments = ofType('department');
const areas = ofType('area');
const years = [...new Set(bodies.map((d) => d.year))].sort();
const valueOf = (organ: string, year: number) => bodies.find((d) => d.organ === organ && d.year === year)?.proactive ?? null;
/** Standard competition ranks, largest first (1, 2, 2, 4). */
const competitionRanks = (values: number[]) => values.map((v) => 1 + values.filter((w) => w > v).length);
const keyOf = (type: LocalType, organ: string) => `${PINGTAN}:${type}:${organ.replace('平潭综合实验区', '')}`;
/** A league's expected rows: that type's reports of the year, largest first. */
const wantLeague = (type: LocalType, year: number) => ofType(type).filter((d) => d.year === year).sort((a, b) => b.proactive - a.proactive);

let dir: string;
let db: Db;
let app: FastifyInstance;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ dir, db, app, close } = await serveSample());
}, 60_000);
afterAll(async () => close?.());

const json = async <T>(url: string, on: FastifyInstance = app): Promise<T> => {
  const res = await on.inject(url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json() as T;
};
const league = (type: LocalType, year: number, extra = '', on: FastifyInstance = app) =>
  json<LeagueResponse>(`/api/league?metric=proactive.total&year=${year}&body=${type}&parent=${PINGTAN}${extra}`, on);

describe('the department and area office leagues of 平潭综合实验区 (sample data)', () => {
  it('has several years of departments and of area offices', () => {
    expect([departments.length, areas.length]).toEqual([9, 10]);
    expect(years).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    expect(new Set(areas.map((a) => a.organ))).toEqual(new Set(['海坛', '金井', '君山', '苏平'].map((a) => `平潭综合实验区${a}片区管理局`)));
  });

  for (const type of ['department', 'area'] as const) {
    it(`ranks each year’s ${type} reports among themselves only, ties shared, with the change on the same body’s year before`, async () => {
      let changes = 0;
      for (const year of years) {
        const want = wantLeague(type, year);
        const got = await league(type, year);
        expect(got.body).toBe(type);
        expect(got.parent).toEqual({ code: PINGTAN, name: '平潭县', level: 'county' });
        expect([year, got.total]).toEqual([year, want.length]);
        expect(got.rows.map((r) => r.value)).toEqual(want.map((d) => d.proactive));
        expect(new Set(got.rows.map((r) => r.name))).toEqual(new Set(want.map((d) => d.organ)));
        expect(got.rows.map((r) => r.rank)).toEqual(competitionRanks(want.map((d) => d.proactive)));
        for (const r of got.rows) {
          // The year before of the same body, and only of a body of this type.
          const before = valueOf(r.name, year - 1);
          expect([r.name, r.previous, r.change]).toEqual([r.name, before, before === null ? null : r.value! - before]);
          if (before !== null) changes++;
          expect(r).toMatchObject({ body: type, level: 'county', countyCode: PINGTAN, countyName: '平潭县', cityName: '福州市', provinceName: '福建省', reports: 1 });
          expect(r.code).toBe(keyOf(type, r.name));
          expect(r.reportId).toBeGreaterThan(0);
          if (year === 2022) expect(await json<{ body: string; organ: string }>(`/api/reports/${r.reportId}`)).toMatchObject({ body: type, organ: r.name });
        }
      }
      // The sample's departments never report in consecutive years; its 片区 do: 金井 2019→2022, 苏平 2020→2021.
      expect(changes).toBe(type === 'area' ? 4 : 0);
    });
  }

  it('orders by change and lists the league’s rows in its CSV, in Chinese', async () => {
    const byChange = await league('area', 2021, '&sort=change');
    const changes = byChange.rows.map((r) => r.change!);
    expect(changes).toEqual(wantLeague('area', 2021).map((d) => d.proactive - valueOf(d.organ, 2020)!).sort((a, b) => b - a));
    for (const [type, year] of [['area', 2021], ['department', 2022]] as const) {
      const res = await app.inject(`/api/league.csv?metric=proactive.total&year=${year}&body=${type}&parent=${PINGTAN}&lang=zh`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain(`league-${type}-proactive.total-${year}`);
      const [head, ...rows] = parse(res.body.slice(1)) as string[][];
      expect(head).toEqual(['排名', '机关标识', '发布机关', '省', '市', '县（区）', '主动公开信息数（条）', '上年', '变化', '报告编号', '未通过勾稽校验']);
      const want = wantLeague(type, year);
      expect(rows.map((r) => [r[1], r[2], Number(r[6])])).toEqual(want.map((d) => [keyOf(type, d.organ), d.organ, d.proactive]));
      expect(rows.map((r) => Number(r[0]))).toEqual(competitionRanks(want.map((d) => d.proactive)));
      for (const r of rows) expect(r[7] === '' ? null : Number(r[7])).toBe(valueOf(r[2], year - 1));
    }
  });

  it('trends the county’s departments and its area offices (total, median, count) and one area office’s own values', async () => {
    const key = keyOf('area', '平潭综合实验区金井片区管理局');
    for (const type of ['department', 'area'] as const) {
      const t = await json<TrendResponse>(`/api/trend?metric=proactive.total&body=${type}&regions=${PINGTAN}${type === 'area' ? `&bodies=${encodeURIComponent(key)}` : ''}`);
      const county = t.series[0];
      expect(county.body).toBe(type);
      expect(county.points.map((p) => p.year)).toEqual([...new Set(ofType(type).map((d) => d.year))].sort());
      for (const p of county.points) {
        const vals = ofType(type).filter((d) => d.year === p.year).map((d) => d.proactive).sort((a, b) => a - b);
        const mid = vals.length % 2 ? vals[(vals.length - 1) / 2] : (vals[vals.length / 2 - 1] + vals[vals.length / 2]) / 2;
        expect([p.year, p.value, p.townships, p.median, p.min, p.max]).toEqual([p.year, vals.reduce((a, b) => a + b, 0), vals.length, mid, vals[0], vals[vals.length - 1]]);
      }
      if (type !== 'area') continue;
      const jinjing = t.series[1];
      const own = areas.filter((d) => d.organ === '平潭综合实验区金井片区管理局').sort((a, b) => a.year - b.year);
      expect(jinjing).toMatchObject({ code: key, name: '平潭综合实验区金井片区管理局', level: 'county', body: 'area' });
      expect(jinjing.points.map((p) => [p.year, p.value])).toEqual(own.map((d) => [d.year, d.proactive]));
      expect(jinjing.points.every((p) => p.reportId !== null)).toBe(true);
    }
  });

  it('takes the statistic and a year range for area offices as for townships', async () => {
    const key = keyOf('area', '平潭综合实验区金井片区管理局');
    const t = await json<TrendResponse>(`/api/trend?metric=proactive.total&body=area&regions=${PINGTAN}&bodies=${encodeURIComponent(key)}&stat=mean&from=2020&to=2021`);
    expect(t.stat).toBe('mean');
    expect(t.series[0].points.map((p) => p.year)).toEqual([2020, 2021]);
    for (const p of t.series[0].points) {
      const vals = areas.filter((d) => d.year === p.year).map((d) => d.proactive);
      expect([p.value, p.total, p.withValue]).toEqual([vals.reduce((a, b) => a + b, 0) / vals.length, vals.reduce((a, b) => a + b, 0), vals.length]);
    }
    // One body's own values whatever the statistic, within the range.
    const own = areas.filter((d) => d.organ === '平潭综合实验区金井片区管理局' && d.year >= 2020 && d.year <= 2021).sort((a, b) => a.year - b.year);
    expect(t.series[1].points.map((p) => [p.year, p.value])).toEqual(own.map((d) => [d.year, d.proactive]));
    // A known body without reports in the range is an empty series, not an unknown key.
    const empty = await json<TrendResponse>(`/api/trend?metric=proactive.total&body=area&bodies=${encodeURIComponent(key)}&from=2030`);
    expect(empty.series[0].points).toEqual([]);
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

  it('says which bodies the flat list holds, and refuses a department or area league without its county', async () => {
    const flat = await json<BodiesResponse>('/api/bodies?metric=proactive.total&year=2022&parent=all');
    expect(flat.rows.map((r) => [r.organ, r.body]).sort()).toEqual(bodies.filter((d) => d.year === 2022).map((d) => [d.organ, d.type]).sort());
    for (const [url, parameter] of [
      ['/api/league?metric=proactive.total&year=2022&body=department', 'parent'],
      ['/api/league?metric=proactive.total&year=2022&body=area', 'parent'],
      ['/api/league?metric=proactive.total&year=2022&body=department&parent=35', 'parent'],
      ['/api/league?metric=proactive.total&year=2022&body=area&parent=35', 'parent'],
      [`/api/league?metric=proactive.total&year=2022&body=department&parent=${PINGTAN}&level=county`, 'level'],
      ['/api/trend?metric=proactive.total&body=department', 'regions'],
      [`/api/trend?metric=proactive.total&body=department&bodies=${PINGTAN}:department:nothing`, 'bodies'],
      // An area office is not a department.
      [`/api/trend?metric=proactive.total&body=department&bodies=${encodeURIComponent(keyOf('area', '金井片区管理局'))}`, 'bodies'],
    ]) {
      const res = await app.inject(url);
      expect([url, res.statusCode, res.json().parameter]).toEqual([url, 400, parameter]);
    }
  });
});

/** A copy of the sample database, changed as an older version would have stored it. */
function olderCopy(name: string, sqls: string[]): Db {
  const copy = join(dir, name);
  copyFileSync(join(dir, 'sample.sqlite'), copy);
  const old = openWritable(copy);
  for (const q of sqls) old.$client.exec(q);
  return old;
}
/** Before bodies were typed: no type, a department keyed by its organ as printed, no link; no classifier version. */
const UNTYPED = [
  'PRAGMA user_version = 0',
  `UPDATE reports SET body_type = NULL, body_key = division_code || ':' || organ WHERE township_code IS NULL AND division_code IS NOT NULL`,
  'UPDATE report_metrics SET body_type = NULL, body_key = NULL, prev_report_id = NULL WHERE township_code IS NULL',
];
/** Typed before area offices had a type: 片区管理局 were departments; their rule-5 checks are dropped to see them recomputed. */
const AREAS_AS_DEPARTMENTS = [
  'PRAGMA user_version = 1',
  `DELETE FROM checks WHERE rule = 5 AND report_id IN (SELECT id FROM reports WHERE body_type = 'area')`,
  `UPDATE reports SET body_type = 'department', body_key = replace(body_key, ':area:', ':department:') WHERE body_type = 'area'`,
  `UPDATE report_metrics SET body_type = 'department', body_key = replace(body_key, ':area:', ':department:') WHERE body_type = 'area'`,
];
const typesAndLinks = (d: Db, like: string) =>
  d.$client
    .prepare(`SELECT r.organ, r.year, m.body_type AS type, m.body_key AS key, p.year AS prevYear FROM report_metrics m JOIN reports r ON r.id = m.report_id LEFT JOIN reports p ON p.id = m.prev_report_id WHERE r.organ LIKE ? ORDER BY r.year`)
    .all(like);
const wantLinks = (organ: string) =>
  bodies.filter((d) => d.organ === organ).sort((a, b) => a.year - b.year).map((d) => ({
    organ: d.organ, year: d.year, type: d.type, key: keyOf(d.type, d.organ), prevYear: valueOf(d.organ, d.year - 1) === null ? null : d.year - 1,
  }));
const rule5Of = (d: Db) => d.$client.prepare(`SELECT c.report_id AS id, c.status, c.detail FROM checks c JOIN reports r ON r.id = c.report_id WHERE c.rule = 5 AND r.township_code IS NULL ORDER BY c.report_id`).all();

describe('a database written before bodies were typed', () => {
  it('gets its types, department and area keys and previous-year links when opened', async () => {
    const old = olderCopy('old.sqlite', UNTYPED);
    expect(typeStoredBodies(old)).toBeGreaterThan(0);
    expect(typesAndLinks(old, '%金井%')).toEqual(wantLinks('平潭综合实验区金井片区管理局'));
    expect(typesAndLinks(old, '%交通与建设局%')).toEqual(wantLinks('平潭综合实验区交通与建设局'));
    expect(old.$client.prepare('SELECT count(*) AS n FROM reports WHERE status = ? AND body_type IS NULL').get('ok')).toEqual({ n: 0 });
    // Once typed, opening again changes nothing.
    expect(typeStoredBodies(old)).toBe(0);
    old.$client.close();
  });

  it('gets them from the next ingest too, though no file changed', async () => {
    const old = olderCopy('old2.sqlite', UNTYPED);
    const summary = await ingest(old, [DEFAULT_REPORTS_DIR], { overrides: new Map() });
    expect([summary.added, summary.updated]).toEqual([0, 0]);
    const linked = old.$client.prepare(`SELECT body_type AS type, count(*) AS n FROM report_metrics WHERE body_type IN ('department', 'area') AND prev_report_id IS NOT NULL GROUP BY body_type`).all();
    expect(linked).toEqual([{ type: 'area', n: 4 }]);
    old.$client.close();
  });
});

describe('a database typed before area offices had a type', () => {
  it('retypes its 片区管理局 as area offices when opened: keys, links, rule 5 and both leagues', async () => {
    const old = olderCopy('areas-old.sqlite', AREAS_AS_DEPARTMENTS);
    expect(old.$client.prepare(`SELECT count(*) AS n FROM reports WHERE body_type = 'area'`).get()).toEqual({ n: 0 });
    expect(typeStoredBodies(old)).toBe(areas.length);
    for (const a of ['海坛', '金井', '君山', '苏平']) expect(typesAndLinks(old, `%${a}片区%`)).toEqual(wantLinks(`平潭综合实验区${a}片区管理局`));
    expect(rule5Of(old)).toEqual(rule5Of(db));
    expect(old.$client.prepare('SELECT count(*) AS n FROM pending_cross_year').get()).toEqual({ n: 0 });
    expect(typeStoredBodies(old)).toBe(0);
    // Typed by the current rules once: the version is kept, and the next open classifies only untyped reports.
    expect(old.$client.pragma('user_version', { simple: true })).toBe(BODY_TYPES_VERSION);
    old.$client.close();
    const ro = openReadOnly(join(dir, 'areas-old.sqlite'));
    const api = await buildApp({ db: ro });
    for (const type of ['department', 'area'] as const) {
      for (const year of [2020, 2021, 2022]) {
        const got = await league(type, year, '', api);
        expect(got.rows.map((r) => [r.name, r.value, r.previous])).toEqual(wantLeague(type, year).map((d) => [d.organ, d.proactive, valueOf(d.organ, year - 1)]));
      }
    }
    await api.close();
    ro.$client.close();
  });

  it('retypes them at the next ingest too', async () => {
    const old = olderCopy('areas-old2.sqlite', AREAS_AS_DEPARTMENTS);
    const summary = await ingest(old, [DEFAULT_REPORTS_DIR], { overrides: new Map() });
    expect([summary.added, summary.updated]).toEqual([0, 0]);
    const typed = old.$client.prepare(`SELECT body_type AS type, count(*) AS n FROM report_metrics WHERE body_type IN ('department', 'area') GROUP BY body_type ORDER BY body_type`).all();
    expect(typed).toEqual([{ type: 'area', n: areas.length }, { type: 'department', n: departments.length }]);
    expect(rule5Of(old)).toEqual(rule5Of(db));
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
