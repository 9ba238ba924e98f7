import type { RegionCandidate, RegionLevel, RegionStatus } from '@nianbao/shared';
import { COUNTY_ALIASES, divisions, fullName, lineage, type Division } from './divisions.ts';

/** What the resolver found: the spec's `region.*` fields plus the deepest code for the database. */
export interface ResolvedRegion {
  township: string | null;
  county: string | null;
  city: string | null;
  province: string | null;
  /** 9-digit township code, or null (fields.md `region.code`). */
  code: string | null;
  status: RegionStatus;
  candidates: RegionCandidate[] | null;
  /** Deepest division resolved (township, county, city or province), null when unresolved. */
  divisionCode: string | null;
  level: RegionLevel | null;
}

export interface RegionHints {
  organ: string | null;
  /** Body text: county or city names mentioned in it count as weak hints. */
  text: string;
  /** File path: folder names after a township, county or city count as strong hints. */
  path: string;
  /** User overrides, organ or township name → division code (data/region-overrides.csv). */
  overrides?: Map<string, string>;
}

/** Township names end in 镇/乡/街道/苏木; 区/处/场 endings (城区, 办事处, 农场) are weaker evidence. */
const STRONG_END = /[镇乡道木]/;
const WEAK_END = /[区处场]/;
const STRIP = /(人民政府|政府|办事处|党委|党工委|管理委员会|管委会)$/;

function short(name: string): string | null {
  const s = name.replace(/(自治县|自治旗|县|区|市|旗)$/, '');
  return s.length >= 2 && s !== name ? s : null;
}

/**
 * The township name in `organ`, and the text before it (its county/city prefix). Strong endings
 * win over weak ones, then the match nearest the end of the name (`鼎城区中河口镇` is 中河口镇, not
 * 城区), then the longest; a weak match that is the tail of a county name (`X城区`) is no township.
 */
function findTownship(organ: string): { name: string; prefix: string } | null {
  const idx = divisions();
  let best: { name: string; start: number; end: number; strong: boolean } | null = null;
  for (let end = 2; end <= organ.length; end++) {
    const last = organ[end - 1];
    const strong = STRONG_END.test(last);
    if (!strong && !WEAK_END.test(last)) continue;
    for (let start = Math.max(0, end - idx.maxTownshipName); start < end - 1; start++) {
      const name = organ.slice(start, end);
      if (!idx.townshipsByName.has(name)) continue;
      if (!strong && [...Array(start + 1).keys()].some((s0) => idx.countiesByName.has(organ.slice(s0, end)) || idx.citiesByName.has(organ.slice(s0, end)))) continue;
      const better = !best || (strong && !best.strong) || (strong === best.strong && (end > best.end || (end === best.end && start < best.start)));
      if (better) best = { name, start, end, strong };
      break; // the longest name ending here
    }
  }
  return best ? { name: best.name, prefix: organ.slice(0, best.start) } : null;
}

/** Longest name of `map` occurring in a short text (organ names are under ~40 characters). */
function findLongest(text: string, map: Map<string, Division[]>): { name: string; list: Division[]; at: number } | null {
  let best: { name: string; list: Division[]; at: number } | null = null;
  const n = Math.min(text.length, 80);
  for (let at = 0; at < n; at++) {
    for (let end = Math.min(n, at + 20); end >= at + 2; end--) {
      if (best && end - at <= best.name.length) break;
      const list = map.get(text.slice(at, end));
      if (list) {
        best = { name: text.slice(at, end), list, at };
        break;
      }
    }
  }
  return best;
}

/** Evidence that a candidate is the right one: its ancestors named in organ, path and text. */
function score(d: Division, organPrefix: string, path: string, text: string): { score: number; matchedOrgan: boolean } {
  const l = lineage(d);
  let s = 0;
  let matched = false;
  const levels: [Division | null, number, number, number][] = [
    [l.county && l.county !== d ? l.county : null, 10, 6, 2],
    [l.city, 8, 5, 1],
    [l.province, 4, 4, 1],
  ];
  for (const [anc, inOrgan, inPath, inText] of levels) {
    if (!anc || !anc.name) continue;
    const sh = short(anc.name);
    if (organPrefix.includes(anc.name) || (sh && organPrefix.includes(sh))) {
      s += inOrgan;
      matched = true;
    }
    if (path.includes(anc.name) || (sh && sh.length >= 2 && path.includes(sh))) s += inPath;
    if (text.includes(anc.name)) s += inText;
  }
  return { score: s, matchedOrgan: matched };
}

/** The organ names some county or city before the township name. */
function namesAPlace(organPrefix: string): boolean {
  if (organPrefix.length < 2) return false;
  const idx = divisions();
  return Boolean(findLongest(organPrefix, idx.countiesByName) || findLongest(organPrefix, idx.citiesByName));
}

function fromDivision(d: Division, status: RegionStatus, candidates: RegionCandidate[] | null): ResolvedRegion {
  const l = lineage(d);
  return {
    township: l.township?.name ?? null,
    county: l.county?.name ?? null,
    city: l.city?.name ?? null,
    province: l.province.name,
    code: l.township?.code ?? null,
    status,
    candidates,
    divisionCode: d.code,
    level: d.level,
  };
}

function unresolved(township: string | null, candidates: RegionCandidate[] | null, status: RegionStatus = 'unresolved'): ResolvedRegion {
  return { township, county: null, city: null, province: null, code: null, status, candidates, divisionCode: null, level: null };
}

/** Picks the best-supported candidate, or null when the evidence does not decide. */
function choose(cands: Division[], prefix: string, hints: RegionHints, warnings: string[], source = `"${hints.organ}"`): { pick: Division | null; scored: { d: Division; score: number }[] } {
  const scored = cands
    .map((d) => ({ d, ...score(d, prefix, hints.path, hints.text) }))
    .sort((a, b) => b.score - a.score);
  if (scored.length === 1) {
    // The organ names a county or city that is not this candidate's: a contradiction.
    if (!scored[0].matchedOrgan && namesAPlace(prefix)) {
      warnings.push(`region: ${source} names a county or city that does not contain ${fullName(scored[0].d)}; left unresolved`);
      return { pick: null, scored };
    }
    return { pick: scored[0].d, scored };
  }
  if (scored[0].score > 0 && scored[0].score > scored[1].score) return { pick: scored[0].d, scored };
  return { pick: null, scored };
}

/** A township name in a path needs a strong ending and more than the ending (two townships are named just 街道). */
function pathTownship(segment: string): { name: string; prefix: string } | null {
  const t = findTownship(segment);
  if (!t || !STRONG_END.test(t.name[t.name.length - 1])) return null;
  return t.name.replace(/(街道|镇|乡|苏木)$/, '') ? t : null;
}

let pathMaps: Map<string, Division[]>[] | null = null;

/**
 * County, city and province names a folder may name: full names only (no 四川 for 四川省), no
 * two-character districts (城区, 郊区, 矿区, 东区) that are also ordinary words for a folder, and a
 * municipality (重庆市) as its province rather than as its two placeholder cities.
 */
function pathPlaceMaps(): Map<string, Division[]>[] {
  if (pathMaps) return pathMaps;
  const idx = divisions();
  const keep = (map: Map<string, Division[]>, ok: (d: Division) => boolean) =>
    new Map([...map].map(([name, list]) => [name, list.filter((d) => d.name === name && ok(d))] as const).filter(([, list]) => list.length > 0));
  const municipality = (d: Division) => d.name === idx.byCode.get(d.provinceCode)!.name;
  pathMaps = [
    keep(idx.countiesByName, (d) => d.name.length > 2 || !d.name.endsWith('区')),
    keep(idx.citiesByName, (d) => !municipality(d)),
    keep(idx.provincesByName, () => true),
  ];
  return pathMaps;
}

/** Folder names and the file name without its extension, outermost first, blanks removed. */
function pathSegments(path: string): string[] {
  const segs = path.split(/[\\/]+/).map((s) => s.replace(/\s+/g, '')).filter(Boolean);
  if (segs.length) segs[segs.length - 1] = segs[segs.length - 1].replace(/\.[^.]*$/, '');
  return segs;
}

/** The segment names one of the division's ancestors (full or short name, as `score` reads them). */
function namesAncestor(segment: string, d: Division): boolean {
  const l = lineage(d);
  return [l.county && l.county !== d ? l.county : null, l.city, l.province].some((a) => {
    if (!a || !a.name || a === d) return false;
    const sh = short(a.name);
    return segment.includes(a.name) || Boolean(sh && segment.includes(sh));
  });
}

/**
 * The region from folder and file names, for a report whose organ names no place: the deepest
 * segment naming a township (else a county, city, province), with the segments above it as its
 * prefix to disambiguate. Always warns with the segments used, so the value is traceable.
 */
function resolveFromPath(hints: RegionHints, why: string, warnings: string[]): ResolvedRegion | null {
  const idx = divisions();
  const segs = pathSegments(hints.path);
  // Segments above `at` plus the text before the name; findLongest reads only 80 characters.
  const prefixAt = (at: number, before: string) => [...segs.slice(0, at), before].join('/').slice(-80);
  const note = (at: number, cands: Division[]) => {
    const names = (s: string) => cands.some((d) => namesAncestor(s, d)) || pathPlaceMaps().some((m) => findLongest(s, m));
    const used = segs.filter((s, i) => i === at || (i < at && names(s)));
    const source = `the path "${used.join('/')}"`;
    warnings.push(`region: from ${source} (${why})`);
    return source;
  };

  for (let at = segs.length - 1; at >= 0; at--) {
    const t = pathTownship(segs[at]);
    if (!t) continue;
    const viaOverride = hints.overrides?.get(t.name);
    if (viaOverride && idx.byCode.has(viaOverride)) {
      const d = idx.byCode.get(viaOverride)!;
      note(at, [d]);
      return fromDivision(d, 'resolved', null);
    }
    const cands = idx.townshipsByName.get(t.name)!;
    const source = note(at, cands);
    const { pick, scored } = choose(cands, prefixAt(at, t.prefix), hints, warnings, source);
    if (pick) return fromDivision(pick, 'resolved', null);
    const candidates = scored.map((s) => ({ code: s.d.code, name: fullName(s.d) }));
    if (cands.length === 1) return unresolved(t.name, candidates);
    warnings.push(`region: ${cands.length} townships are named ${t.name} and nothing in the path decides; add it to data/region-overrides.csv`);
    return unresolved(t.name, candidates, 'ambiguous');
  }

  // Above township level: a county (or a known alias), then a city, then a province.
  for (let at = segs.length - 1; at >= 0; at--) {
    const alias = Object.keys(COUNTY_ALIASES).find((a) => segs[at].includes(a));
    if (alias) {
      const d = idx.byCode.get(COUNTY_ALIASES[alias])!;
      note(at, [d]);
      return fromDivision(d, 'resolved', null);
    }
  }
  for (const map of pathPlaceMaps()) {
    for (let at = segs.length - 1; at >= 0; at--) {
      const hit = findLongest(segs[at], map);
      if (!hit) continue;
      const source = note(at, hit.list);
      const { pick, scored } = choose(hit.list, prefixAt(at, segs[at].slice(0, hit.at)), hints, warnings, source);
      if (pick) return fromDivision(pick, 'resolved', null);
      return unresolved(null, scored.map((s) => ({ code: s.d.code, name: fullName(s.d) })), 'ambiguous');
    }
  }
  return null;
}

/**
 * Names → division codes: the township named in the organ, disambiguated by the county, city or
 * province named before it, in the file path, or in the text. Bodies above township level
 * resolve to their county or city. Ties stay `ambiguous` with their candidates. Only when the
 * organ is missing or names no place do folder and file names supply the region.
 */
export function resolveRegion(hints: RegionHints, warnings: string[]): ResolvedRegion {
  const idx = divisions();
  const organ = (hints.organ ?? '').replace(/\s+/g, '').replace(STRIP, '');

  const override = hints.overrides && (hints.overrides.get(hints.organ ?? '') ?? hints.overrides.get(organ));
  if (override) {
    const d = idx.byCode.get(override);
    if (d) return fromDivision(d, 'resolved', null);
    warnings.push(`region override ${override} for "${hints.organ}" is not a known division code; ignored`);
  }
  if (!organ) return resolveFromPath(hints, 'the report names no body', warnings) ?? unresolved(null, null);

  const t = findTownship(organ);
  if (t) {
    const viaOverride = hints.overrides?.get(t.name);
    if (viaOverride && idx.byCode.has(viaOverride)) return fromDivision(idx.byCode.get(viaOverride)!, 'resolved', null);
    const cands = idx.townshipsByName.get(t.name)!;
    const { pick, scored } = choose(cands, t.prefix, hints, warnings);
    if (pick) return fromDivision(pick, 'resolved', null);
    const candidates = scored.map((s) => ({ code: s.d.code, name: fullName(s.d) }));
    if (cands.length === 1) return unresolved(t.name, candidates);
    warnings.push(`region: ${cands.length} townships are named ${t.name} and nothing in the report decides; add it to data/region-overrides.csv`);
    return unresolved(t.name, candidates, 'ambiguous');
  }

  // Above township level: a county, then a city, then a province.
  for (const [alias, code] of Object.entries(COUNTY_ALIASES)) {
    if (organ.includes(alias)) return fromDivision(idx.byCode.get(code)!, 'resolved', null);
  }
  for (const map of [idx.countiesByName, idx.citiesByName, idx.provincesByName]) {
    const hit = findLongest(organ, map);
    if (!hit) continue;
    const { pick, scored } = choose(hit.list, organ.slice(0, hit.at), hints, warnings);
    if (pick) return fromDivision(pick, 'resolved', null);
    return unresolved(null, scored.map((s) => ({ code: s.d.code, name: fullName(s.d) })), 'ambiguous');
  }
  const fromPath = resolveFromPath(hints, `the body "${hints.organ}" names no place`, warnings);
  if (fromPath) return fromPath;
  warnings.push(`region: no township, county or city of the division list found in "${hints.organ}"`);
  return unresolved(null, null);
}
