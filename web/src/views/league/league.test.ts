import { describe, expect, it } from 'vitest';
import { leagueRow } from '../../testing.ts';
import type { BodyRow, ReportDetail } from '@nianbao/shared';
import { ariaSort, bodyLeagueLink, bodyScopeOk, leagueRowsFromCsv, localBodyPlaces, nextSort, pageOf, searchRows, reportLeagueLink, yearMatrix } from './league.ts';

describe('league sorting', () => {
  const base = { sort: 'rank' as const, dir: null, order: 'desc' as const };
  it('flips the ranking when the value column is clicked', () => {
    expect(nextSort(base, 'value')).toEqual({ sort: 'rank', dir: null, order: 'asc' });
    expect(ariaSort(base, 'value')).toBe('descending');
  });
  it('sorts by a column, then reverses it', () => {
    const byName = nextSort(base, 'name');
    expect(byName).toEqual({ sort: 'name', dir: null, order: 'desc' });
    expect(ariaSort(byName, 'name')).toBe('ascending');
    expect(nextSort(byName, 'name').dir).toBe('desc');
    // change defaults to largest rise first
    expect(ariaSort(nextSort(base, 'change'), 'change')).toBe('descending');
    expect(nextSort(base, 'county').sort).toBe('code');
  });
});

describe('search and pages', () => {
  const rows = ['望溪镇', '渠口乡', '望江镇'].map((name, i) => leagueRow({ code: `51172510${i}`, name }));
  it('matches township names and codes', () => {
    expect(searchRows(rows, '望').map((r) => r.name)).toEqual(['望溪镇', '望江镇']);
    expect(searchRows(rows, '511725101').map((r) => r.name)).toEqual(['渠口乡']);
    expect(searchRows(rows, '  ')).toHaveLength(3);
  });
  it('clamps the page', () => {
    expect(pageOf([1, 2, 3, 4, 5], 9, 2)).toEqual({ rows: [5], page: 3, pages: 3 });
    expect(pageOf([], 1, 50)).toEqual({ rows: [], page: 1, pages: 1 });
  });
});

describe('league from CSV', () => {
  it('reads the API’s township league CSV into table rows', () => {
    const csv = '\uFEFFRank,Code,Name,Province,City,County,Items disclosed proactively (items),Previous year,Change,Report id,Failed a consistency rule\r\n'
      + '1,"\t130204100",范各庄镇,河北省,唐山市,古冶区,50,45,5,7,no\r\n'
      + ',"\t130204101",\'=卑家店镇,河北省,唐山市,古冶区,,,,9,yes\r\n';
    const rows = leagueRowsFromCsv(csv);
    expect(rows.map((r) => r.tied)).toEqual([false, false]);
    const tiedCsv = csv.split('\r\n')[0] + '\r\n' + ['1,"\t1",A,,,,50,,,1,no', '2,"\t2",B,,,,30,,,2,no', '2,"\t3",C,,,,30,,,3,no'].join('\r\n') + '\r\n';
    expect(leagueRowsFromCsv(tiedCsv).map((r) => [r.rank, r.tied])).toEqual([[1, false], [2, true], [2, true]]);
    expect(rows.map((r) => [r.rank, r.code, r.name, r.countyName, r.value, r.previous, r.change, r.reportId, r.hasFailure])).toEqual([
      [1, '130204100', '范各庄镇', '古冶区', 50, 45, 5, 7, false],
      [null, '130204101', '=卑家店镇', '古冶区', null, null, null, 9, true],
    ]);
  });
});

describe('leagues of departments and governments', () => {
  const body = (o: Partial<BodyRow>): BodyRow => ({
    reportId: 1, organ: null, code: null, name: null, level: null, regionStatus: 'resolved', body: null, value: null, proactive: null, received: null, disputes: null, hasFailure: false, ...o,
  });

  it('lists the places with department (or area office) reports, with how many, by name', () => {
    const rows = [
      body({ reportId: 1, body: 'department', code: '350128', name: '平潭县' }),
      body({ reportId: 2, body: 'department', code: '350128', name: '平潭县' }),
      body({ reportId: 3, body: 'county_government', code: '320813', name: '洪泽区' }),
      body({ reportId: 4, body: 'department', code: '3208', name: '淮安市' }),
      body({ reportId: 5, body: 'township', code: null }),
      body({ reportId: 6, body: 'area', code: '350128', name: '平潭县' }),
    ];
    expect(localBodyPlaces(rows, 'department')).toEqual([
      { code: '3208', name: '淮安市', reports: 1 },
      { code: '350128', name: '平潭县', reports: 2 },
    ]);
    expect(localBodyPlaces(rows, 'area')).toEqual([{ code: '350128', name: '平潭县', reports: 1 }]);
  });

  it('asks for a department league only within a county or city, for a city government’s above a county', () => {
    expect((['all', 'province', 'city', 'county'] as const).map((l) => bodyScopeOk('department', l))).toEqual([false, false, true, true]);
    expect((['all', 'province', 'city', 'county'] as const).map((l) => bodyScopeOk('area', l))).toEqual([false, false, true, true]);
    expect((['all', 'province', 'city', 'county'] as const).map((l) => bodyScopeOk('city_government', l))).toEqual([true, true, true, false]);
    expect((['all', 'province', 'city', 'county'] as const).map((l) => bodyScopeOk('county_government', l))).toEqual([true, true, true, true]);
  });

  it('links a body of the flat list to its league', () => {
    expect(bodyLeagueLink(body({ body: 'department', code: '350128' }), 2022)).toMatchObject({ view: 'league', body: 'department', scope: '350128', year: 2022 });
    expect(bodyLeagueLink(body({ body: 'area', code: '350128' }), 2021)).toMatchObject({ view: 'league', body: 'area', scope: '350128', year: 2021 });
    expect(bodyLeagueLink(body({ body: 'county_government', code: '320813' }), 2023)).toMatchObject({ body: 'county_government', scope: '32' });
    expect(bodyLeagueLink(body({ body: 'other', code: '35' }), 2023)).toBeNull();
    expect(bodyLeagueLink(body({ body: 'department', code: null }), 2023)).toBeNull();
  });
});

describe('yearMatrix', () => {
  it('lays trend series out by year, null where a series has no report', () => {
    const pt = (year: number, value: number | null) => ({ year, value, total: value, median: null, mean: null, min: null, max: null, townships: 1, withValue: 1, reportId: null });
    const m = yearMatrix([
      { code: '350128', name: '平潭县', level: 'county', body: 'department', points: [pt(2019, 292), pt(2020, 434)] },
      { code: '350128:area:苏平片区管理局', name: '苏平', level: 'county', body: 'area', points: [pt(2020, 141), pt(2021, 135)] },
    ]);
    expect(m.years).toEqual([2019, 2020, 2021]);
    expect(m.rows).toEqual([
      { code: '350128', name: '平潭县', values: [292, 434, null] },
      { code: '350128:area:苏平片区管理局', name: '苏平', values: [null, 141, 135] },
    ]);
  });
});

describe('reportLeagueLink', () => {
  const region = (o: Partial<ReportDetail['region']>): ReportDetail['region'] => ({ status: 'resolved', code: null, township: null, county: null, city: null, province: null, candidates: [], ...o });
  it('leads a department’s report to its county’s (or city’s) departments in its year, a government’s to its province', () => {
    const pingtan = region({ county: { code: '350128', name: '平潭县' }, city: { code: '3501', name: '福州市' }, province: { code: '35', name: '福建省' } });
    expect(reportLeagueLink({ body: 'department', year: 2022, region: pingtan })).toMatchObject({ view: 'league', body: 'department', scope: '350128', year: 2022 });
    expect(reportLeagueLink({ body: 'department', year: 2024, region: region({ city: { code: '3208', name: '淮安市' } }) })).toMatchObject({ scope: '3208' });
    expect(reportLeagueLink({ body: 'area', year: 2021, region: pingtan })).toMatchObject({ view: 'league', body: 'area', scope: '350128', year: 2021 });
    expect(reportLeagueLink({ body: 'county_government', year: 2012, region: pingtan })).toMatchObject({ body: 'county_government', scope: '35' });
    expect(reportLeagueLink({ body: 'township', year: 2024, region: pingtan })).toBeNull();
    expect(reportLeagueLink({ body: 'department', year: null, region: pingtan })).toBeNull();
  });
});
