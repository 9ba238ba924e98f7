/**
 * A failure as the user reads it: in their language, with the way out it has (the years that do
 * have reports, the whole country, the overview) and a Retry only where asking again can help.
 * The API's own message is English prose for API users; the dashboard goes by its stable `code`.
 */
import type { Lang } from '@nianbao/shared';
import { ApiFailure } from './api.ts';
import { t, type StringKey } from './i18n.ts';

export interface ErrorView {
  text: string;
  /** Asking again may help (the network, a busy or failing server, a chunk that did not load). */
  retry: boolean;
  /** Years to offer instead (no_reports_for_year). */
  years: number[];
  /** Where else to go: the whole country (a region without reports) or the overview (a bad link). */
  way: 'all' | 'overview' | null;
}

const BY_CODE: Partial<Record<string, StringKey>> = {
  not_found: 'errNotFound',
  unauthorized: 'errUnauthorized',
  forbidden: 'errForbidden',
  conflict: 'errConflict',
  too_large: 'errTooLarge',
  too_many_requests: 'errTooMany',
  bad_request: 'errBadRequest',
  busy: 'errBusy',
  internal: 'errInternal',
};

/** `scopeYears`: the years the region in view has reports in (offered before the database's). */
export function describeError(lang: Lang, e: Error | string, scopeYears: number[] = []): ErrorView {
  if (typeof e === 'string') return { text: e, retry: true, years: [], way: null };
  if (!(e instanceof ApiFailure)) return { text: t(lang, 'errLoad'), retry: true, years: [], way: null };
  const view: ErrorView = { text: '', retry: e.retryable, years: [], way: null };
  if (e.status === 0) return { ...view, text: t(lang, 'errNetwork') };
  switch (e.code) {
    case 'no_reports_for_year': {
      const years = scopeYears.length ? scopeYears : (e.detail.years ?? []);
      return { ...view, text: t(lang, 'errNoReportsYear', { year: e.detail.year ?? '' }), years: years.filter((y) => y !== e.detail.year) };
    }
    case 'unknown_region': {
      const code = /\b(\d{2,9})\b/.exec(e.message)?.[1] ?? '';
      return { ...view, text: t(lang, 'errUnknownRegion', { code }), way: 'all' };
    }
    case 'invalid_parameter':
      return { ...view, text: t(lang, 'errInvalidParameter', { parameter: e.parameter ?? '' }), way: 'overview' };
    default: {
      const key = (e.code && BY_CODE[e.code]) || (e.status >= 500 ? 'errInternal' : 'errBadRequest');
      return { ...view, text: t(lang, key) };
    }
  }
}

/** One line for places that show a failure as text (a form's message). */
export function errorText(lang: Lang, e: unknown): string {
  return describeError(lang, e instanceof Error ? e : String(e)).text;
}
