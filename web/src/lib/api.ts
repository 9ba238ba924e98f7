/**
 * Typed client of the HTTP API. Shapes come from @nianbao/shared (api.ts), never from server/.
 * GETs are memoised per URL for the page's life (the database changes only when the server
 * restarts); a failed request is forgotten so "retry" asks again.
 */
import type {
  AggregatesQuery, AggregatesResponse, ApiError, ApiErrorCode, BodiesQuery, BodiesResponse, CompareResponse, Lang, LeagueBodyType, LeagueQuery, LeagueResponse, LeagueRow,
  QualityQuery, QualityResponse, RegionStat, RegionsResponse, ReportDetail, ReportSourcesAnswer, TrendResponse, SessionAnswer, CorrectionRequest, ReportCorrection, CorrectionHistory,
} from '@nianbao/shared';
import { parseCsv } from './csv.ts';
import { regionsFromCsv } from './regions.ts';

/** A failed request: the API's English message, its stable code (shown in the user's words), and the way out it offers. */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly parameter?: string,
    readonly code?: ApiErrorCode,
    readonly detail: { year?: number; years?: number[] } = {},
  ) {
    super(message);
  }

  static of(res: Response, body: Partial<ApiError>): ApiFailure {
    return new ApiFailure(body.message ?? `${res.status} ${res.statusText}`, res.status, body.parameter, body.code, { year: body.year, years: body.years });
  }

  /** Whether asking again can help: the network, a busy or failing server — not a request the API rejected. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/** Query parameters: empty, null, undefined and false are left out; true is sent as 1. */
type Params = Record<string, string | number | boolean | undefined | null>;

export function apiUrl(path: string, params: Params = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) p.set(k, v === true ? '1' : String(v));
  const q = p.toString().replace(/%2C/g, ',');
  return `/api/${path}${q ? `?${q}` : ''}`;
}

let fetcher: typeof fetch = (...args) => fetch(...args);
/** Tests substitute the network. */
export function setFetch(f: typeof fetch) {
  fetcher = f;
  memo.clear();
}

/**
 * Answers memoised per URL, oldest dropped first: at most 300, of which at most 6 whole-scope CSVs
 * (a national league is a few MB of text).
 */
const memo = new Map<string, Promise<unknown>>();
const MAX_ENTRIES = 300;
const MAX_TEXTS = 6;
const texts: string[] = [];

function remember(url: string, p: Promise<unknown>, as: 'json' | 'text') {
  memo.set(url, p);
  if (as === 'text' && !url.includes('regions.csv')) {
    texts.push(url);
    while (texts.length > MAX_TEXTS) memo.delete(texts.shift()!);
  }
  while (memo.size > MAX_ENTRIES) memo.delete(memo.keys().next().value!);
}

/** Entries held (tests). */
export function memoSize(): number {
  return memo.size;
}

async function request<T>(url: string, as: 'json' | 'text' = 'json'): Promise<T> {
  let res: Response;
  try {
    res = await fetcher(url, as === 'json' ? { headers: { accept: 'application/json' }, credentials: 'same-origin' } : { credentials: 'same-origin' });
  } catch (e) {
    throw new ApiFailure(`network error: ${(e as Error).message}`, 0);
  }
  if (!res.ok) {
    let body: Partial<ApiError> = {};
    try {
      body = (await res.json()) as ApiError;
    } catch {
      /* not JSON */
    }
    throw ApiFailure.of(res, body);
  }
  return (as === 'json' ? await res.json() : await res.text()) as T;
}

export function getJson<T>(path: string, params: Params = {}, as: 'json' | 'text' = 'json'): Promise<T> {
  const url = apiUrl(path, params);
  let p = memo.get(url) as Promise<T> | undefined;
  if (!p) {
    p = request<T>(url, as);
    remember(url, p, as);
    p.catch(() => memo.delete(url));
  }
  return p;
}

/** A quality filter as query parameters: defaults left out, flags as 1. */
function qualityParams(q: QualityQuery): Params {
  return { ...q, region: q.region && q.region !== 'all' ? q.region : undefined };
}

/**
 * A write (sign-in, correction): sent with the session cookie; the browser adds the Origin header
 * the server checks. Every memoised answer is dropped after it, as the figures may have changed.
 */
async function send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetcher(apiUrl(path), {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiFailure(`network error: ${(e as Error).message}`, 0);
  }
  memo.clear();
  texts.length = 0;
  const answer = (await res.json().catch(() => ({}))) as T & Partial<ApiError>;
  if (!res.ok) throw ApiFailure.of(res, answer);
  return answer;
}

/** Editors: sign-in, corrections and their history (never memoised: they change with every write). */
export const editing = {
  session: () => request<SessionAnswer>(apiUrl('session')),
  signIn: (name: string, password: string) => send<SessionAnswer>('POST', 'session', { name, password }),
  signOut: () => send<SessionAnswer>('DELETE', 'session'),
  correct: (reportId: number, c: CorrectionRequest) => send<ReportCorrection>('POST', `reports/${reportId}/corrections`, c),
  revert: (reportId: number, correctionId: number) => send<ReportCorrection>('POST', `reports/${reportId}/corrections/${correctionId}/revert`),
  history: (reportId: number) => request<CorrectionHistory>(apiUrl(`reports/${reportId}/history`)),
  withdraw: (reportId: number) => send<{ reportId: number; withdrawn: boolean; name: string }>('POST', `reports/${reportId}/withdraw`),
  uploadOf: (reportId: number) => request<{ upload: { by: string; at: string; name: string } | null }>(apiUrl(`reports/${reportId}/upload`)),
};

/** Drops every memoised answer (after a write sent outside `send`, such as an upload). */
export function dropMemo(): void {
  memo.clear();
  texts.length = 0;
}

/** The `stat` parameter as sent: none for the default sum, so the request is the one other views (and the server's warm-up) make. */
export function statParam(s: RegionStat): RegionStat | undefined {
  return s === 'sum' ? undefined : s;
}

export const api = {
  /**
   * The region tree. Read from regions.csv (English header), which the server keeps rendered: at
   * national size (40,000 townships) the JSON takes seconds to serialise on every request.
   */
  regions: (): Promise<RegionsResponse> => api.regionsText().then(regionsFromCsv),
  regionsText: (): Promise<string> => getJson<string>('regions.csv', { lang: 'en' }, 'text'),
  league: (q: LeagueQuery) => getJson<LeagueResponse>('league', { ...q }),
  aggregates: (q: AggregatesQuery) => getJson<AggregatesResponse>('aggregates', { ...q }),
  bodies: (q: BodiesQuery) => getJson<BodiesResponse>('bodies', { ...q }),
  trend: (metric: string, regions: string[], o: { stat?: RegionStat; from?: number; to?: number } = {}) =>
    getJson<TrendResponse>('trend', { metric, regions: regions.join(','), ...o }),
  /** Departments' (or governments') trend: per region their total, per body key its own values. */
  bodyTrend: (metric: string, body: LeagueBodyType, regions: string[], bodies: string[]) =>
    getJson<TrendResponse>('trend', { metric, body, ...(regions.length ? { regions: regions.join(',') } : {}), ...(bodies.length ? { bodies: bodies.join(',') } : {}) }),
  compare: (year: number, townships: string[]) => getJson<CompareResponse>('compare', { year, townships: townships.join(',') }),
  report: (id: number) => getJson<ReportDetail>(`reports/${id}`),
  /** Where each number of a report was read (its printed row and cell, line, page). */
  sources: (id: number) => getJson<ReportSourcesAnswer>(`reports/${id}/sources`),
  quality: (q: QualityQuery = {}) => getJson<QualityResponse>('quality', qualityParams(q)),

  /**
   * The values of a whole township league (for distributions), from league.csv: one request the
   * server answers from its memo, instead of one JSON page per 1,000 townships.
   */
  async leagueValues(q: Omit<LeagueQuery, 'page' | 'pageSize' | 'lang'>): Promise<(number | null)[]> {
    const text = await getJson<string>('league.csv', { ...q, lang: 'en' }, 'text');
    const [head, ...rows] = parseCsv(text);
    const col = head.indexOf('Previous year') - 1;
    if (col < 0) throw new ApiFailure('league.csv: no value column', 0);
    return rows.map((r) => (r[col] === '' || r[col] === undefined ? null : Number(r[col])));
  },

  /** Every row of a township league, from league.csv (see leagueRowsFromCsv). */
  leagueCsvText: (q: Omit<LeagueQuery, 'page' | 'pageSize' | 'lang'>) => getJson<string>('league.csv', { ...q, lang: 'en' }, 'text'),

  /** Every row of a league (pages of 1000 fetched four at a time). */
  async leagueAll(q: Omit<LeagueQuery, 'page' | 'pageSize'>): Promise<LeagueRow[]> {
    const first = await api.league({ ...q, page: 1, pageSize: 1000 });
    const pages = Math.ceil(first.total / 1000);
    const rows = [...first.rows];
    for (let start = 2; start <= pages; start += 4) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(4, pages - start + 1) }, (_, i) => api.league({ ...q, page: start + i, pageSize: 1000 })),
      );
      for (const b of batch) rows.push(...b.rows);
    }
    return rows;
  },
};

/** CSV links: the data a view shows, and the full data. */
export const csv = {
  league: (q: Omit<LeagueQuery, 'page' | 'pageSize'>, lang: Lang) => apiUrl('league.csv', { ...q, lang }),
  aggregates: (q: AggregatesQuery, lang: Lang) => apiUrl('aggregates.csv', { ...q, lang }),
  bodies: (q: BodiesQuery, lang: Lang) => apiUrl('bodies.csv', { ...q, lang }),
  trend: (metric: string, regions: string[], lang: Lang, range: { from?: number; to?: number } = {}) => apiUrl('trend.csv', { metric, regions: regions.join(','), ...range, lang }),
  bodyTrend: (metric: string, body: LeagueBodyType, regions: string[], bodies: string[], lang: Lang) =>
    apiUrl('trend.csv', { metric, body, ...(regions.length ? { regions: regions.join(',') } : {}), ...(bodies.length ? { bodies: bodies.join(',') } : {}), lang }),
  compare: (year: number, townships: string[], lang: Lang) => apiUrl('compare.csv', { year, townships: townships.join(','), lang }),
  reportFields: (id: number, lang: Lang) => apiUrl(`reports/${id}/fields.csv`, { lang }),
  reportChecks: (id: number, lang: Lang) => apiUrl(`reports/${id}/checks.csv`, { lang }),
  reportWarnings: (id: number, lang: Lang) => apiUrl(`reports/${id}/warnings.csv`, { lang }),
  quality: (q: Omit<QualityQuery, 'page' | 'pageSize'>, lang: Lang) => apiUrl('quality.csv', { ...qualityParams(q), lang }),
  qualityRules: (q: Omit<QualityQuery, 'page' | 'pageSize' | 'rule'>, lang: Lang) => apiUrl('quality/rules.csv', { ...qualityParams(q), lang }),
  regions: (lang: Lang) => apiUrl('regions.csv', { lang }),
  /** Every numeric field of every report in the scope (and year). */
  full: (o: { year?: number | null; region?: string | null }, lang: Lang) =>
    apiUrl('export.csv', { year: o.year ?? undefined, region: o.region && o.region !== 'all' ? o.region : undefined, lang }),
};

export function errorMessage(e: unknown): string {
  if (e instanceof ApiFailure) return e.status ? `${e.message} (HTTP ${e.status}${e.parameter ? `, ${e.parameter}` : ''})` : e.message;
  return e instanceof Error ? e.message : String(e);
}
