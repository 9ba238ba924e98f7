/** The region tree of GET /api/regions, indexed: lookups by code, paths, report counts. */
import { searchRegions, type RegionLevel, type RegionNode, type RegionSearchResult, type RegionsResponse } from '@nianbao/shared';
import { parseCsv } from './csv.ts';

export interface IndexedRegion {
  node: RegionNode;
  /** Ancestors from the province down (not including the region). */
  path: RegionNode[];
}

export interface RegionIndex {
  years: number[];
  provinces: RegionNode[];
  byCode: Map<string, IndexedRegion>;
  /** Every township, in tree order. */
  townships: IndexedRegion[];
}

export function indexRegions(tree: RegionsResponse): RegionIndex {
  const byCode = new Map<string, IndexedRegion>();
  const townships: IndexedRegion[] = [];
  const walk = (nodes: RegionNode[], path: RegionNode[]) => {
    for (const n of nodes) {
      const entry = { node: n, path };
      byCode.set(n.code, entry);
      if (n.level === 'township') townships.push(entry);
      if (n.children.length) walk(n.children, [...path, n]);
    }
  };
  walk(tree.provinces, []);
  return { years: [...tree.years].sort((a, b) => a - b), provinces: tree.provinces, byCode, townships };
}

/** Ok reports in a region for a year (all regions: the sum over provinces). */
export function reportCount(idx: RegionIndex, scope: string, year: number): number {
  const nodes = scope === 'all' ? idx.provinces : [idx.byCode.get(scope)?.node].filter((n): n is RegionNode => !!n);
  return nodes.reduce((s, n) => s + (n.reports.find((r) => r.year === year)?.count ?? 0), 0);
}

/** A scope's level: from the tree, else from the code's length (the API then says it is unknown). */
export function levelOf(idx: RegionIndex, scope: string): RegionLevel | 'all' {
  if (scope === 'all') return 'all';
  const known = idx.byCode.get(scope)?.node.level;
  if (known) return known;
  return ({ 2: 'province', 4: 'city', 6: 'county', 9: 'township' } as Record<number, RegionLevel>)[scope.length] ?? 'all';
}

/** The region directly above (its parent), or 'all' for a province. */
export function parentOf(idx: RegionIndex, code: string): string {
  const e = idx.byCode.get(code);
  return e && e.path.length ? e.path[e.path.length - 1].code : 'all';
}

export function ancestorOf(idx: RegionIndex, code: string, level: RegionLevel): RegionNode | null {
  const e = idx.byCode.get(code);
  if (!e) return null;
  if (e.node.level === level) return e.node;
  return e.path.find((n) => n.level === level) ?? null;
}

/** Counties under a scope (all counties for 'all'). */
export function countiesIn(idx: RegionIndex, scope: string): RegionNode[] {
  const out: RegionNode[] = [];
  const walk = (nodes: RegionNode[]) => {
    for (const n of nodes) {
      if (n.level === 'county') out.push(n);
      else if (n.level !== 'township') walk(n.children);
    }
  };
  if (scope === 'all') walk(idx.provinces);
  else {
    const n = idx.byCode.get(scope)?.node;
    if (n) walk([n]);
  }
  return out;
}

interface SearchEntry extends IndexedRegion {
  code: string;
  names: string[];
}
const searchLists = new WeakMap<RegionIndex, Map<string, SearchEntry[]>>();

/**
 * Regions of the given levels found as people type them: by name, by county (or city, province)
 * and name together (嘉陵区里坝镇, 嘉陵 里坝), or by code — the rule of GET /api/regions/search
 * (shared/src/regionSearch.ts) — best first, at most `limit`, with how many match in all.
 */
export function searchRegionIndex(idx: RegionIndex, q: string, opts: { levels?: readonly RegionLevel[]; exclude?: readonly string[]; limit?: number } = {}): RegionSearchResult<IndexedRegion> {
  // The searchable list of each set of levels, built once per region tree (40,000 townships).
  let lists = searchLists.get(idx);
  if (!lists) searchLists.set(idx, (lists = new Map()));
  const levels = [...new Set(opts.levels ?? ['township'])].sort();
  const key = levels.join(',');
  let list = lists.get(key);
  if (!list) {
    list = [];
    for (const e of idx.byCode.values()) {
      if (!levels.includes(e.node.level)) continue;
      // A municipality's city carries the province's name: said once.
      const names = e.path.map((p) => p.name).filter((n, i, all) => n && all.indexOf(n) === i && n !== e.node.name);
      list.push({ ...e, code: e.node.code, names: [...names, e.node.name] });
    }
    lists.set(key, list);
  }
  const exclude = opts.exclude ?? [];
  return searchRegions(exclude.length ? list.filter((e) => !exclude.includes(e.code)) : list, q, opts.limit ?? 20);
}

/** "省 · 市 · 县" of a region, for showing where a name is. */
export function pathLabel(idx: RegionIndex, code: string): string {
  const e = idx.byCode.get(code);
  return e ? [...e.path, e.node].map((n) => n.name).join(' · ') : code;
}

const DEPTH: Record<string, number> = { province: 0, city: 1, county: 2, township: 3 };

/**
 * The region tree from GET /api/regions.csv?lang=en (one row per region in tree order, a report
 * count per year): the same content as GET /api/regions, but the server keeps the CSV rendered, so
 * at national size it arrives in a fraction of the JSON's time. Parents are rebuilt from the order
 * (each row follows its ancestors), so counties directly under a province keep their place.
 */
/** The years of regions.csv, from its header line alone (ascending). */
export function yearsOfRegionsCsv(text: string): number[] {
  const end = text.search(/\r?\n/);
  const head = text.slice(0, end < 0 ? undefined : end);
  return [...head.matchAll(/Reports (\d{4})/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
}

export function regionsFromCsv(text: string): RegionsResponse {
  const [head, ...rows] = parseCsv(text);
  const need = (name: string) => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`regions.csv: no "${name}" column`);
    return i;
  };
  const iCode = need('Code');
  const iName = need('Name');
  const iLevel = need('Level');
  const yearCols = head.map((h, i) => [Number(/^Reports (\d{4})$/.exec(h)?.[1]), i] as const).filter(([y]) => Number.isInteger(y) && y > 0);
  const provinces: RegionNode[] = [];
  const stack: RegionNode[] = [];
  for (const r of rows) {
    if (r.length < head.length) continue;
    const level = r[iLevel] as RegionLevel;
    const depth = DEPTH[level];
    if (depth === undefined) continue;
    let code = r[iCode];
    while (code[0] === '\t' || code[0] === "'") code = code.slice(1);
    const reports: RegionNode['reports'] = [];
    for (const [year, i] of yearCols) {
      const count = +r[i];
      if (count > 0) reports.push({ year, count });
    }
    const node: RegionNode = { code, name: r[iName], level, reports, children: [] };
    while (stack.length && DEPTH[stack[stack.length - 1].level] >= depth) stack.pop();
    if (stack.length) stack[stack.length - 1].children.push(node);
    else provinces.push(node);
    stack.push(node);
  }
  return { years: yearCols.map(([y]) => y), provinces };
}
