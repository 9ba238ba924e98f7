import { divisions, lineage, type Division } from '../resolve/divisions.ts';
import type { ReportSpec } from './generate.ts';

/**
 * Real townships with a name unique in the country, for generated reports that must resolve:
 * organ `XX县YY镇` → its 9-digit code.
 */
export interface GeneratedTownship {
  code: string;
  organ: string;
  county: string;
  countyCode: string;
  city: string | null;
  province: string;
}

let unique: Division[] | null = null;

export function uniqueTownships(): Division[] {
  if (!unique) {
    unique = [...divisions().townshipsByName.values()].filter((l) => l.length === 1 && /[镇乡]$/.test(l[0].name)).map((l) => l[0]);
    unique.sort((a, b) => a.code.localeCompare(b.code));
  }
  return unique;
}

export function pickTownship(r: () => number): GeneratedTownship {
  const list = uniqueTownships();
  return describe(list[Math.floor(r() * list.length)]);
}

export function describe(d: Division): GeneratedTownship {
  const l = lineage(d);
  return { code: d.code, organ: `${l.county!.name}${d.name}`, county: l.county!.name, countyCode: l.county!.code, city: l.city?.name ?? null, province: l.province.name };
}

/**
 * Cities (in code order) with at least two counties of four or more uniquely named townships:
 * per city, its first two such counties' first four and three townships. Test fixtures pick one.
 */
/** What the API and dashboard fixtures share: two counties of one city, with the reports written for them. */
export interface TwoCountyFixture {
  countyA: GeneratedTownship[];
  countyB: GeneratedTownship[];
  countyACode: string;
  countyBCode: string;
  cityCode: string;
  provinceCode: string;
  /** `${townshipCode}|${year}` → the spec written into that report. */
  specs: Map<string, ReportSpec>;
}

export function citiesWithTwoCounties(): { city: string; a: GeneratedTownship[]; b: GeneratedTownship[] }[] {
  const byCounty = new Map<string, GeneratedTownship[]>();
  for (const d of uniqueTownships()) {
    if (!d.countyCode) continue;
    const list = byCounty.get(d.countyCode) ?? [];
    list.push(describe(d));
    byCounty.set(d.countyCode, list);
  }
  const byCity = new Map<string, GeneratedTownship[][]>();
  for (const [county, list] of byCounty) {
    const city = divisions().byCode.get(county)?.cityCode;
    if (!city || list.length < 4) continue;
    byCity.set(city, [...(byCity.get(city) ?? []), list]);
  }
  return [...byCity.keys()]
    .sort()
    .filter((c) => byCity.get(c)!.length >= 2)
    .map((city) => ({ city, a: byCity.get(city)![0].slice(0, 4), b: byCity.get(city)![1].slice(0, 3) }));
}
