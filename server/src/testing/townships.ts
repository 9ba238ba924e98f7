import { divisions, lineage, type Division } from '../resolve/divisions.ts';

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
