/**
 * The dashboard's state lives in the URL (path = view, query = everything else) so a link
 * reproduces what its sender saw. Pure functions: parse a location, serialise a state, both ways
 * without loss for every valid state; invalid parameters fall back to defaults, never throw.
 */
import { DEFAULT_METRIC, LEAGUE_BODY_TYPES, METRIC_BY_ID, type Lang, type LeagueBodyType, type LeagueSort, type QualityRuleFilter, type SortDir } from '@nianbao/shared';

export const VIEWS = ['overview', 'league', 'counties', 'township', 'trends', 'compare', 'quality', 'upload'] as const;
export type ViewId = (typeof VIEWS)[number];

export interface UrlState {
  view: ViewId;
  lang: Lang;
  /** 'all' or a province (2), city (4) or county (6 digits) code; on the quality view also a township (9). */
  scope: string;
  /** null: the latest year with reports. */
  year: number | null;
  metric: string;
  /** League table: column sorted by and direction (null: the API's default for that column). */
  sort: LeagueSort;
  dir: SortDir | null;
  /** League ranking order: desc = rank 1 is the largest value. */
  order: SortDir;
  /** League search (township name). */
  q: string;
  page: number;
  /** Selected regions: the township of a profile, the regions of a trend, the townships compared. */
  sel: string[];
  /** A report opened by id (township profile of a report whatever its region). */
  report: number | null;
  /** Compare: every table cell, not only the metrics. */
  cells: boolean;
  /** Quality: which problems are listed (null: all of them). */
  rule: QualityRuleFilter | null;
  /** Quality: only the township reports the leagues count (the reports behind the dashboard's failing counts). */
  townships: boolean;
  /** League: only rows failing a consistency rule. */
  failing: boolean;
  /** League: what ranks — townships, or the departments of the county/city scope, or governments. */
  body: LeagueBodyType;
  /** Quality: rows per page (1–1000). */
  size: number;
}

export { DEFAULT_METRIC };

export const DEFAULTS: UrlState = {
  view: 'overview', lang: 'zh', scope: 'all', year: null, metric: DEFAULT_METRIC,
  sort: 'rank', dir: null, order: 'desc', q: '', page: 1, sel: [], report: null, cells: false,
  rule: null, townships: false, failing: false, size: 50, body: 'township',
};

export const QUALITY_RULES: readonly QualityRuleFilter[] = ['failing', '1', '2', '3', '4', '5', '6', 'file', 'region'];

const CODE = /^[0-9]{2}(?:[0-9]{2}(?:[0-9]{2}(?:[0-9]{3})?)?)?$/;
const SCOPE = /^[0-9]{2}(?:[0-9]{2}(?:[0-9]{2})?)?$/;
/** Views whose scope may be a township. */
const TOWNSHIP_SCOPE: readonly ViewId[] = ['quality'];
const SORTS: LeagueSort[] = ['rank', 'change', 'name', 'code'];
export const MAX_SELECTION = 20;

export function isRegionCode(s: string): boolean {
  return CODE.test(s);
}

function viewOf(pathname: string): ViewId {
  const seg = pathname.replace(/^\/+|\/+$/g, '').split('/')[0] ?? '';
  return (VIEWS as readonly string[]).includes(seg) ? (seg as ViewId) : 'overview';
}

export function parseUrl(pathname: string, search: string): UrlState {
  const p = new URLSearchParams(search);
  const get = (k: string) => p.get(k) ?? '';
  const year = Number(get('year'));
  const page = Number(get('page'));
  const sel = get('sel').split(',').map((s) => s.trim()).filter(isRegionCode);
  const view = viewOf(pathname);
  return {
    view,
    lang: get('lang') === 'en' ? 'en' : 'zh',
    scope: (TOWNSHIP_SCOPE.includes(view) ? CODE : SCOPE).test(get('scope')) ? get('scope') : 'all',
    year: Number.isInteger(year) && year >= 1990 && year <= 2100 ? year : null,
    metric: METRIC_BY_ID.has(get('metric')) ? get('metric') : DEFAULT_METRIC,
    sort: (SORTS as string[]).includes(get('sort')) ? (get('sort') as LeagueSort) : 'rank',
    dir: get('dir') === 'asc' || get('dir') === 'desc' ? (get('dir') as SortDir) : null,
    order: get('order') === 'asc' ? 'asc' : 'desc',
    q: get('q').slice(0, 50),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    sel: [...new Set(sel)].slice(0, MAX_SELECTION),
    report: /^[1-9][0-9]{0,9}$/.test(get('report')) ? Number(get('report')) : null,
    cells: get('cells') === '1',
    rule: (QUALITY_RULES as string[]).includes(get('rule')) ? (get('rule') as QualityRuleFilter) : null,
    townships: get('townships') === '1',
    failing: get('failing') === '1',
    body: (LEAGUE_BODY_TYPES as readonly string[]).includes(get('body')) ? (get('body') as LeagueBodyType) : 'township',
    size: /^[1-9][0-9]{0,2}$|^1000$/.test(get('size')) ? Number(get('size')) : DEFAULTS.size,
  };
}

/** Path and query of a state; parameters at their default are left out, the rest in a fixed order. */
export function toUrl(s: UrlState): string {
  const p = new URLSearchParams();
  if (s.scope !== 'all') p.set('scope', s.scope);
  if (s.year !== null) p.set('year', String(s.year));
  if (s.metric !== DEFAULT_METRIC) p.set('metric', s.metric);
  if (s.sort !== 'rank') p.set('sort', s.sort);
  if (s.dir) p.set('dir', s.dir);
  if (s.order !== 'desc') p.set('order', s.order);
  if (s.q) p.set('q', s.q);
  if (s.page !== 1) p.set('page', String(s.page));
  if (s.sel.length) p.set('sel', s.sel.join(','));
  if (s.report !== null) p.set('report', String(s.report));
  if (s.cells) p.set('cells', '1');
  if (s.rule) p.set('rule', s.rule);
  if (s.townships) p.set('townships', '1');
  if (s.failing) p.set('failing', '1');
  if (s.body !== 'township') p.set('body', s.body);
  if (s.size !== DEFAULTS.size) p.set('size', String(s.size));
  if (s.lang !== 'zh') p.set('lang', s.lang);
  const query = p.toString().replace(/%2C/g, ',');
  return `/${s.view === 'overview' ? '' : s.view}${query ? `?${query}` : ''}`;
}

/**
 * The state after a change. Changing what is looked at (view, scope, year, metric, search,
 * ordering) goes back to page 1; a view's own selection is kept only where it means the same.
 */
export function withChange(s: UrlState, patch: Partial<UrlState>): UrlState {
  const next = { ...s, ...patch };
  const resetsPage = (['view', 'scope', 'year', 'metric', 'q', 'sort', 'dir', 'order', 'rule', 'townships', 'failing', 'size', 'body'] as const).some((k) => k in patch && patch[k] !== s[k]);
  if (resetsPage && !('page' in patch)) next.page = 1;
  // A township scope belongs to the quality list; elsewhere its county is the scope.
  if (!TOWNSHIP_SCOPE.includes(next.view) && next.scope.length === 9) next.scope = next.scope.slice(0, 6);
  // The quality list's filters and the league's "failing only" stay on their own views.
  if (next.view !== 'quality') {
    if (!('rule' in patch)) next.rule = null;
    if (!('townships' in patch)) next.townships = false;
    if (!('size' in patch)) next.size = DEFAULTS.size;
  }
  if (next.view !== 'league' && !('failing' in patch)) next.failing = false;
  // Departments and governments rank on the league only.
  if (next.view !== 'league' && !('body' in patch)) next.body = 'township';
  // "Every table cell" belongs to the comparison.
  if (next.view !== 'compare' && !('cells' in patch)) next.cells = false;
  return next;
}
