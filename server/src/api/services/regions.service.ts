import { searchRegions, type RegionLevel, type RegionSearchResponse } from '@nianbao/shared';
import type { ResultCache } from '../cache.ts';
import { BadRequestError } from '../errors.ts';
import type { RegionRow, RegionsRepository } from '../repositories/regions.repository.ts';
import { byCode } from './stats.ts';

export interface RegionTreeNode {
  code: string;
  name: string;
  level: RegionLevel;
  /** Ok reports per year in this region (a township's own, or all reports below a county/city/province). */
  reports: { year: number; count: number }[];
  children: RegionTreeNode[];
}

export interface Lineage {
  township: RegionRow | null;
  county: RegionRow | null;
  city: RegionRow | null;
  province: RegionRow | null;
}

const LEVEL_RANK: Record<RegionLevel, number> = { province: 0, city: 1, county: 2, township: 3 };

/** The divisions reports point at, held in memory (a few tens of thousands of rows at most). */
export class RegionsService {
  constructor(private readonly repo: RegionsRepository, private readonly cache: ResultCache) {}

  directory(): Map<string, RegionRow> {
    return this.cache.keep('regions:directory', () => new Map(this.repo.all().map((r) => [r.code, r])));
  }

  /** A region code from a request; unknown codes are the caller's mistake, named by `parameter`. */
  require(code: string, parameter: string): RegionRow {
    const r = this.directory().get(code);
    if (!r) throw new BadRequestError(parameter, `unknown region code ${code} (no reports in that region; see GET /api/regions)`, { code: 'unknown_region' });
    return r;
  }

  /** `parent` must lie above `level` (a county contains townships, not counties). */
  requireParent(code: string, level: RegionLevel, parameter = 'parent'): RegionRow | null {
    if (code === 'all') return null;
    const r = this.require(code, parameter);
    if (LEVEL_RANK[r.level] >= LEVEL_RANK[level]) {
      throw new BadRequestError(parameter, `${code} is a ${r.level}; it cannot contain ${level} regions (use a higher region or "all")`);
    }
    return r;
  }

  lineage(codes: { townshipCode?: string | null; countyCode: string | null; cityCode: string | null; provinceCode: string | null }): Lineage {
    const d = this.directory();
    const get = (c: string | null | undefined) => (c ? (d.get(c) ?? null) : null);
    return { township: get(codes.townshipCode), county: get(codes.countyCode), city: get(codes.cityCode), province: get(codes.provinceCode) };
  }

  /**
   * Regions with reports found by name, county and name together (嘉陵区里坝镇, 嘉陵 里坝), or code:
   * the shared rule of the dashboard's picker (shared/src/regionSearch.ts).
   */
  search(query: string, levels: readonly RegionLevel[], limit: number): RegionSearchResponse {
    const all = this.cache.keep('regions:searchable', () => {
      const d = this.directory();
      const out: { code: string; names: string[]; row: RegionRow; path: RegionRow[] }[] = [];
      for (const row of [...d.values()].sort((a, b) => byCode(a.code, b.code))) {
        const path: RegionRow[] = [];
        for (let p = row.parentCode ? d.get(row.parentCode) : undefined; p; p = p.parentCode ? d.get(p.parentCode) : undefined) {
          // A municipality's placeholder city carries the province's name: said once.
          if (!path.some((q) => q.name === p!.name) && p.name !== row.name) path.unshift(p);
        }
        out.push({ code: row.code, names: [...path.map((p) => p.name), row.name], row, path });
      }
      return out;
    });
    const wanted = new Set(levels);
    const { total, matches } = searchRegions(all.filter((r) => wanted.has(r.row.level)), query, limit);
    return {
      total,
      regions: matches.map((m) => ({ code: m.code, name: m.row.name, level: m.row.level, path: m.path.map((p) => ({ code: p.code, name: p.name, level: p.level })) })),
    };
  }

  years(): number[] {
    return this.cache.get('regions:years', () => this.repo.years());
  }

  /**
   * A year asked for must be one the database has reports of: a typo (2204) or a year not yet
   * ingested gets a 400 naming the years there are, not an empty answer that reads as "all zero".
   */
  requireYear(year: number): void {
    const years = this.cache.keep('regions:years', () => this.repo.years());
    if (years.includes(year)) return;
    const list = years.length ? `years with reports: ${yearRanges(years)}` : 'the database has no reports yet';
    throw new BadRequestError('year', `no reports for ${year} (${list})`, { code: 'no_reports_for_year', year, years });
  }

  tree(): { years: number[]; provinces: RegionTreeNode[] } {
    return this.cache.get('regions:tree', () => {
      const d = this.directory();
      const nodes = new Map<string, RegionTreeNode & { counts: Map<number, number> }>();
      const node = (code: string | null) => {
        if (!code) return null;
        let n = nodes.get(code);
        if (!n) {
          const r = d.get(code);
          if (!r) return null;
          n = { code, name: r.name, level: r.level, reports: [], children: [], counts: new Map() };
          nodes.set(code, n);
        }
        return n;
      };
      for (const c of this.repo.reportCounts()) {
        for (const code of [c.townshipCode, c.countyCode, c.cityCode, c.provinceCode]) {
          const n = node(code);
          if (n) n.counts.set(c.year, (n.counts.get(c.year) ?? 0) + c.reports);
        }
      }
      const provinces: RegionTreeNode[] = [];
      for (const n of nodes.values()) {
        n.reports = [...n.counts.entries()].sort((a, b) => a[0] - b[0]).map(([year, count]) => ({ year, count }));
        const r = d.get(n.code)!;
        const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
        if (parent) parent.children.push(n);
        else if (r.level === 'province') provinces.push(n);
      }
      const strip = (n: RegionTreeNode & { counts?: unknown }): RegionTreeNode => ({
        code: n.code, name: n.name, level: n.level, reports: n.reports,
        children: n.children.sort((a, b) => byCode(a.code, b.code)).map(strip),
      });
      return { years: this.years(), provinces: provinces.sort((a, b) => byCode(a.code, b.code)).map(strip) };
    });
  }
}

/** 2012, 2019–2024: consecutive years as ranges. */
function yearRanges(years: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < years.length; i++) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j] + 1) j++;
    out.push(j > i ? `${years[i]}–${years[j]}` : String(years[i]));
    i = j;
  }
  return out.join(', ');
}
