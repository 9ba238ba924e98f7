/**
 * The one place the dashboard's state lives: the URL. `nav` mirrors location (parsed once per
 * change); `go` changes it with history.pushState (back/forward restore views).
 */
import { api } from './api.ts';
import { indexRegions, regionsFromCsv, yearsOfRegionsCsv, type RegionIndex } from './regions.ts';
import { Resource } from './resource.svelte.ts';
import { parseUrl, toUrl, withChange, type UrlState } from './url.ts';

export const nav: UrlState = $state(parseUrl(location.pathname, location.search));

function assign(s: UrlState) {
  Object.assign(nav, s);
  document.documentElement.lang = s.lang === 'en' ? 'en' : 'zh-CN';
}

export function go(patch: Partial<UrlState>, opts: { replace?: boolean } = {}): void {
  const next = withChange($state.snapshot(nav) as UrlState, patch);
  const url = toUrl(next);
  if (url !== location.pathname + location.search) {
    if (opts.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
  }
  assign(next);
  if ('view' in patch) window.scrollTo?.(0, 0);
}

/** An href for a link (opens the same state in a new tab; plain clicks go through `go`). */
export function hrefFor(patch: Partial<UrlState>): string {
  return toUrl(withChange($state.snapshot(nav) as UrlState, patch));
}

addEventListener('popstate', () => assign(parseUrl(location.pathname, location.search)));
assign(parseUrl(location.pathname, location.search));

/** The region tree, loaded once by the app (`loadRegions`). */
export const regions = new Resource<RegionIndex>();
/** Years with reports, known from the tree's first line, before the tree itself is parsed. */
export const years: { list: number[] | null } = $state({ list: null });

export function loadRegions(): void {
  const text = api.regionsText();
  text.then(
    (t) => {
      years.list = yearsOfRegionsCsv(t);
    },
    () => {},
  );
  // Parsed after a turn of the event loop, so requests that need only the year go out first.
  regions.run(() => text.then((t) => new Promise<RegionIndex>((done) => setTimeout(() => done(indexRegions(regionsFromCsv(t))), 0))));
}

/** The year shown: the URL's, else the latest year with reports. */
export function currentYear(): number | null {
  if (nav.year !== null) return nav.year;
  const list = years.list ?? regions.data?.years ?? null;
  return list && list.length ? list[list.length - 1] : null;
}
