/**
 * What the trends view draws when nothing is chosen for the whole country: the provinces with the
 * largest figure in the latest year that has any. One rule for the page (which asks for their
 * trend) and the server's warm-up (which computes that answer before the first visitor asks).
 */
/** As many as the chart palette has colours: each line its own colour, solid. */
export const TRENDS_DEFAULT_PROVINCES = 8;

/** The `n` codes with the largest value (ties by code), and how many rows have a value at all. */
export function topRegionCodes(rows: readonly { code: string; value: number | null }[], n: number): { codes: string[]; withData: number } {
  const withValue = rows.filter((r): r is { code: string; value: number } => r.value !== null);
  const sorted = [...withValue].sort((a, b) => b.value - a.value || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { codes: sorted.slice(0, n).map((r) => r.code), withData: withValue.length };
}
