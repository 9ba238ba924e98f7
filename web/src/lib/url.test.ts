import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseUrl, toUrl, withChange, type UrlState } from './url.ts';

describe('URL state', () => {
  it('parses an empty location as the defaults', () => {
    expect(parseUrl('/', '')).toEqual(DEFAULTS);
  });

  it('round-trips every kind of parameter', () => {
    const s: UrlState = {
      view: 'league', lang: 'en', scope: '511725', year: 2024, metric: 'applications.received',
      sort: 'change', dir: 'asc', order: 'asc', q: '望溪', page: 3, sel: ['511725101', '511725102'], report: 17, cells: true,
      rule: null, townships: false, failing: true, size: 50, body: 'department',
    };
    const url = toUrl(s);
    expect(url).toBe('/league?scope=511725&year=2024&metric=applications.received&sort=change&dir=asc&order=asc&q=%E6%9C%9B%E6%BA%AA&page=3&sel=511725101,511725102&report=17&cells=1&failing=1&body=department&lang=en');
    const [path, query] = url.split('?');
    expect(parseUrl(path, query)).toEqual(s);
  });

  it('leaves defaults out of the link', () => {
    expect(toUrl(DEFAULTS)).toBe('/');
    expect(toUrl({ ...DEFAULTS, view: 'quality' })).toBe('/quality');
  });

  it('falls back to defaults on invalid values instead of failing', () => {
    const s = parseUrl('/nowhere', '?scope=abc&year=20x4&metric=DROP%20TABLE&sort=evil&dir=up&page=-2&sel=1,22,x&lang=fr&report=0&cells=yes&body=other');
    expect(s).toEqual({ ...DEFAULTS, sel: ['22'] });
  });

  it('rejects a township code as scope (scopes are province, city or county)', () => {
    expect(parseUrl('/', '?scope=511725101').scope).toBe('all');
  });

  it('drops duplicate selections and caps them at 20', () => {
    const codes = Array.from({ length: 25 }, (_, i) => String(511725100 + i));
    expect(parseUrl('/compare', `?sel=${codes[0]},${codes[0]},${codes.join(',')}`).sel).toEqual(codes.slice(0, 20));
  });

  it('keeps the league’s body choice on the league only, and a new body starts at page 1', () => {
    const league = { ...DEFAULTS, view: 'league' as const, body: 'department' as const, page: 3 };
    expect(withChange(league, { view: 'overview' }).body).toBe('township');
    expect(withChange(league, { year: 2023 }).body).toBe('department');
    expect(withChange({ ...DEFAULTS, view: 'league', page: 3 }, { body: 'county_government' })).toMatchObject({ body: 'county_government', page: 1 });
  });

  it('keeps "every table cell" within the comparison only', () => {
    const s = { ...DEFAULTS, view: 'compare' as const, cells: true };
    expect(withChange(s, { lang: 'en' }).cells).toBe(true);
    expect(withChange(s, { view: 'league' }).cells).toBe(false);
  });

  it('goes back to page 1 when what is listed changes, not when the language does', () => {
    const s = { ...DEFAULTS, view: 'league' as const, page: 4 };
    expect(withChange(s, { metric: 'applications.received' }).page).toBe(1);
    expect(withChange(s, { q: '镇' }).page).toBe(1);
    expect(withChange(s, { lang: 'en' }).page).toBe(4);
    expect(withChange(s, { page: 5 }).page).toBe(5);
  });
});
