/** League table logic: what a click on a column header does, search and client-side pages. */
import type { LeagueRow, LeagueSort, SortDir } from '@nianbao/shared';

export type LeagueColumn = 'rank' | 'name' | 'county' | 'value' | 'change';

export interface SortState {
  sort: LeagueSort;
  dir: SortDir | null;
  order: SortDir;
}

/** The API's default direction of a sort column (dir = null). */
export function effectiveDir(s: SortState): SortDir {
  return s.dir ?? (s.sort === 'change' ? 'desc' : 'asc');
}

/**
 * Clicking a header: the value column flips the ranking (largest or smallest first, rows by
 * rank); any other column sorts by itself, a second click reverses it. County sorts by code,
 * which groups townships by county.
 */
export function nextSort(s: SortState, col: LeagueColumn): SortState {
  if (col === 'value') return { sort: 'rank', dir: null, order: s.sort === 'rank' ? (s.order === 'desc' ? 'asc' : 'desc') : s.order };
  const sort: LeagueSort = col === 'county' ? 'code' : col;
  if (s.sort === sort) return { ...s, dir: effectiveDir(s) === 'asc' ? 'desc' : 'asc' };
  return { ...s, sort, dir: null };
}

/** aria-sort of a header. */
export function ariaSort(s: SortState, col: LeagueColumn): 'ascending' | 'descending' | 'none' {
  if (col === 'value') return s.sort === 'rank' ? (s.order === 'desc' ? 'descending' : 'ascending') : 'none';
  const sort = col === 'county' ? 'code' : col;
  if (s.sort !== sort) return 'none';
  // Rank order is the value order the value column already shows, unless reversed on its own.
  if (sort === 'rank' && s.dir === null) return 'none';
  return effectiveDir(s) === 'asc' ? 'ascending' : 'descending';
}

/** Rows whose township (or county) name contains the search text. */
export function searchRows(rows: LeagueRow[], q: string): LeagueRow[] {
  const s = q.trim();
  if (!s) return rows;
  return rows.filter((r) => r.name.includes(s) || (r.countyName ?? '').includes(s) || r.code.startsWith(s));
}

export function pageOf<T>(rows: T[], page: number, pageSize: number): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const p = Math.min(Math.max(1, page), pages);
  return { rows: rows.slice((p - 1) * pageSize, p * pageSize), page: p, pages };
}
