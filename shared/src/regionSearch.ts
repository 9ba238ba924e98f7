/**
 * Finding a region by what people type: its own name (里坝镇), its code (511304), or its name
 * together with the names above it (嘉陵区里坝镇, 嘉陵 里坝, 清水河县城关镇, 四川 嘉陵 里坝). 86
 * townships are called 城关镇, so the county's name must be able to narrow the list.
 *
 * A region matches when the query, split at spaces into words, has every word made of pieces each
 * (of two characters or more) found, in order from province down, in the names of the region and its ancestors. Regions whose
 * own name holds a piece come first; those matched through their ancestors' names only come last
 * (typing 古冶区 lists the county, then its townships). Pure and shared: the dashboard's picker and
 * GET /api/regions/search use the same rule.
 */

export interface SearchableRegion {
  code: string;
  /** Names from the province down to the region itself (the last one is the region's own). */
  names: readonly string[];
}

export interface RegionSearchResult<T> {
  /** How many regions match in all (the matches beyond `limit` included). */
  total: number;
  /** The first `limit` of them, best first (see regionMatchTier), in the input's order within a tier. */
  matches: T[];
}

const CODE = /^[0-9]+$/;
const MIN_PIECE = 2;

/**
 * Whether `word` can be cut into pieces found in order in `names[from..]`: 2 when its last piece
 * lies in the region's own name (the last of `names`), 1 when it matches ancestors only, 0 when not.
 */
function wordMatch(word: string, names: readonly string[], from = 0): 0 | 1 | 2 {
  if (!word) return 0;
  let best: 0 | 1 | 2 = 0;
  for (let j = from; j < names.length && best < 2; j++) {
    const name = names[j];
    // Longest piece first: 嘉陵区里坝镇 cuts at 嘉陵区 | 里坝镇 before trying shorter pieces.
    // Pieces of two characters at least: single characters (区, 镇, 里) would tie names together at random.
    for (let len = Math.min(word.length, name.length); len >= MIN_PIECE && best < 2; len--) {
      if (!name.includes(word.slice(0, len))) continue;
      if (len === word.length) best = Math.max(best, j === names.length - 1 ? 2 : 1) as 0 | 1 | 2;
      else {
        const rest = wordMatch(word.slice(len), names, j + 1);
        if (rest > best) best = rest;
      }
    }
  }
  return best;
}

/**
 * 0: own name equals the query (or the code is it); 1: starts with it; 2: contains it; 3: matched
 * across names with a piece in its own; 4: matched through its ancestors' names only; -1: no match.
 */
export function regionMatchTier(query: string, region: SearchableRegion): number {
  const q = query.trim();
  if (!q) return -1;
  if (CODE.test(q)) return region.code === q ? 0 : region.code.startsWith(q) ? 1 : -1;
  const own = region.names[region.names.length - 1] ?? '';
  if (own === q) return 0;
  if (own.startsWith(q)) return 1;
  if (own.includes(q)) return 2;
  // Quick rejection (no allocation: most regions fail here): every character typed must occur in some name.
  const names = region.names;
  for (let i = 0; i < q.length; i++) {
    const ch = q[i];
    if (ch === ' ') continue;
    let found = false;
    for (let j = 0; j < names.length && !found; j++) found = names[j].includes(ch);
    if (!found) return -1;
  }
  const words = q.split(/\s+/);
  let own2 = false;
  for (const w of words) {
    const m = wordMatch(w, region.names);
    if (m === 0) return -1;
    if (m === 2) own2 = true;
  }
  return own2 ? 3 : 4;
}

/** Regions matching `query`, best first, at most `limit`, and how many match in all. Stable: ties keep the input's order. */
export function searchRegions<T extends SearchableRegion>(items: Iterable<T>, query: string, limit: number): RegionSearchResult<T> {
  const tiers: T[][] = [[], [], [], [], []];
  let total = 0;
  for (const r of items) {
    const tier = regionMatchTier(query, r);
    if (tier < 0) continue;
    total++;
    // Only the first `limit` of each tier can be shown.
    if (tiers[tier].length < limit) tiers[tier].push(r);
  }
  return { total, matches: tiers.flat().slice(0, Math.max(0, limit)) };
}
