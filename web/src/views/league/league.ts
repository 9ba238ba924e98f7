/** League table logic: what a click on a column header does, search and client-side pages. */
import { isLocalBodyType, type BodyRow, type LeagueBodyType, type LeagueRow, type LeagueSort, type LocalBodyType, type RegionLevel, type ReportDetail, type SortDir, type TrendSeries } from '@nianbao/shared';
import type { UrlState } from '../../lib/url.ts';
import { parseCsv } from '../../lib/csv.ts';

export type LeagueColumn = 'rank' | 'name' | 'county' | 'value' | 'change';

export interface SortState {
  sort: LeagueSort;
  dir: SortDir | null;
  order: SortDir;
}

/** The API's default direction of a sort column (dir = null). */
export function effectiveDir(s: SortState): SortDir {
  return s.dir ?? (s.sort === 'change' ? 'desc' : 'asc');
}

/**
 * Clicking a header: the value column flips the ranking (largest or smallest first, rows by
 * rank); any other column sorts by itself, a second click reverses it. County sorts by code,
 * which groups townships by county.
 */
export function nextSort(s: SortState, col: LeagueColumn): SortState {
  if (col === 'value') return { sort: 'rank', dir: null, order: s.sort === 'rank' ? (s.order === 'desc' ? 'asc' : 'desc') : s.order };
  const sort: LeagueSort = col === 'county' ? 'code' : col;
  if (s.sort === sort) return { ...s, dir: effectiveDir(s) === 'asc' ? 'desc' : 'asc' };
  return { ...s, sort, dir: null };
}

/** aria-sort of a header. */
export function ariaSort(s: SortState, col: LeagueColumn): 'ascending' | 'descending' | 'none' {
  if (col === 'value') return s.sort === 'rank' ? (s.order === 'desc' ? 'descending' : 'ascending') : 'none';
  const sort = col === 'county' ? 'code' : col;
  if (s.sort !== sort) return 'none';
  // Rank order is the value order the value column already shows, unless reversed on its own.
  if (sort === 'rank' && s.dir === null) return 'none';
  return effectiveDir(s) === 'asc' ? 'ascending' : 'descending';
}

/** Rows whose township (or county) name contains the search text. */
export function searchRows(rows: LeagueRow[], q: string): LeagueRow[] {
  const s = q.trim();
  if (!s) return rows;
  return rows.filter((r) => r.name.includes(s) || (r.countyName ?? '').includes(s) || r.code.startsWith(s));
}

export function pageOf<T>(rows: T[], page: number, pageSize: number): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const p = Math.min(Math.max(1, page), pages);
  return { rows: rows.slice((p - 1) * pageSize, p * pageSize), page: p, pages };
}

/**
 * A whole township league from GET /api/league.csv?lang=en (one request the server answers from
 * its memo), as the rows the table shows. The CSV has no parent codes; the table needs none.
 */
export function leagueRowsFromCsv(text: string): LeagueRow[] {
  const [head, ...rows] = parseCsv(text);
  const col = (name: string) => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`league.csv: no "${name}" column`);
    return i;
  };
  const [iRank, iCode, iName, iProvince, iCity, iCounty, iPrev, iChange, iReport, iFail] =
    ['Rank', 'Code', 'Name', 'Province', 'City', 'County', 'Previous year', 'Change', 'Report id', 'Failed a consistency rule'].map(col);
  const iValue = iPrev - 1;
  const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));
  const text_ = (s: string | undefined) => (s ? s.replace(/^'(?=[=+\-@\t\r])/, '') : null);
  const full = rows.filter((r) => r.length >= head.length);
  // The whole league is here: a rank is tied when another row has it.
  const shared = new Map<number, number>();
  for (const r of full) if (num(r[iRank]) !== null) shared.set(num(r[iRank])!, (shared.get(num(r[iRank])!) ?? 0) + 1);
  return full.map((r) => {
    const hasFailure = r[iFail] === 'yes';
    const rank = num(r[iRank]);
    return {
      rank, tied: rank !== null && (shared.get(rank) ?? 0) > 1, code: r[iCode].replace(/^\t/, ''), name: text_(r[iName]) ?? '', level: 'township', body: 'township',
      countyCode: null, countyName: text_(r[iCounty]), cityCode: null, cityName: text_(r[iCity]), provinceCode: null, provinceName: text_(r[iProvince]),
      value: num(r[iValue]), previous: num(r[iPrev]), change: num(r[iChange]), reportId: num(r[iReport]),
      hasFailure, reports: 1, failing: hasFailure ? 1 : 0, previousReports: num(r[iPrev]) === null ? null : 1,
    };
  });
}

/**
 * The counties and cities of a flat list of bodies (GET /api/bodies) that have department (or
 * area office) reports, with how many: the places such a league can be asked for. By name.
 */
export function localBodyPlaces(rows: BodyRow[], body: LocalBodyType): { code: string; name: string; reports: number }[] {
  const byCode = new Map<string, { code: string; name: string; reports: number }>();
  for (const r of rows) {
    if (r.body !== body || !r.code) continue;
    const p = byCode.get(r.code) ?? { code: r.code, name: r.name ?? r.code, reports: 0 };
    p.reports++;
    byCode.set(r.code, p);
  }
  return [...byCode.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN') || a.code.localeCompare(b.code));
}

/**
 * Whether a league of `body` can be asked within a scope of this level: departments (area offices) within
 * their county or city, city governments within a province or the country, the others anywhere.
 */
export function bodyScopeOk(body: LeagueBodyType, level: RegionLevel | 'all'): boolean {
  if (isLocalBodyType(body)) return level === 'county' || level === 'city';
  if (body === 'city_government') return level === 'all' || level === 'province' || level === 'city';
  return true;
}

/**
 * The league a body of the flat list ranks in, as a link: a department among its county's (or
 * city's) departments, a government among its province's. Null for bodies that rank nowhere.
 */
export function bodyLeagueLink(r: BodyRow, year: number): Partial<UrlState> | null {
  if (!r.code || (!isLocalBodyType(r.body) && r.body !== 'county_government' && r.body !== 'city_government')) return null;
  const scope = isLocalBodyType(r.body) ? r.code : r.code.slice(0, 2);
  return { view: 'league', body: r.body, scope, year, q: '', sel: [], report: null, page: 1 };
}

/**
 * Trend series as a table across years: one row per series (a region's total first, as the API
 * sends it, then each body), one column per year any series has; null where a body has no report.
 */
export function yearMatrix(series: TrendSeries[]): { years: number[]; rows: { code: string; name: string; values: (number | null)[] }[] } {
  const years = [...new Set(series.flatMap((s) => s.points.map((p) => p.year)))].sort((a, b) => a - b);
  const rows = series.map((s) => {
    const byYear = new Map(s.points.map((p) => [p.year, p.value]));
    return { code: s.code, name: s.name, values: years.map((y) => byYear.get(y) ?? null) };
  });
  return { years, rows };
}

/** The league a report's body ranks in (a department among its county's or city's departments), from its detail. */
export function reportLeagueLink(r: Pick<ReportDetail, 'body' | 'year' | 'region'>): Partial<UrlState> | null {
  if (r.year === null) return null;
  const owner = isLocalBodyType(r.body) ? (r.region.county?.code ?? r.region.city?.code) : r.region.province?.code;
  if (!owner || (!isLocalBodyType(r.body) && r.body !== 'county_government' && r.body !== 'city_government')) return null;
  return { view: 'league', body: r.body, scope: owner, year: r.year, q: '', sel: [], report: null, page: 1 };
}
