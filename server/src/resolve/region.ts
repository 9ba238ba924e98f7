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
function choose(cands: Division[], prefix: string, hints: RegionHints, warnings: string[]): { pick: Division | null; scored: { d: Division; score: number }[] } {
  const scored = cands
    .map((d) => ({ d, ...score(d, prefix, hints.path, hints.text) }))
    .sort((a, b) => b.score - a.score);
  if (scored.length === 1) {
    // The organ names a county or city that is not this candidate's: a contradiction.
    if (!scored[0].matchedOrgan && namesAPlace(prefix)) {
      warnings.push(`region: "${hints.organ}" names a county or city that does not contain ${fullName(scored[0].d)}; left unresolved`);
      return { pick: null, scored };
    }
    return { pick: scored[0].d, scored };
  }
  if (scored[0].score > 0 && scored[0].score > scored[1].score) return { pick: scored[0].d, scored };
  return { pick: null, scored };
}

/**
 * Names → division codes: the township named in the organ, disambiguated by the county, city or
 * province named before it, in the file path, or in the text. Bodies above township level
 * resolve to their county or city. Ties stay `ambiguous` with their candidates.
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
  if (!organ) return unresolved(null, null);

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
  warnings.push(`region: no township, county or city of the division list found in "${hints.organ}"`);
  return unresolved(null, null);
}
