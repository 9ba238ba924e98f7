import type { ReportSpec } from './generate.ts';

/**
 * A parsed report scored against the values it was generated from. Every field is exact, or
 * uncertain (null and listed in `uncertain`: the reader said it could not decide), or lost (null
 * without saying so), or wrong (a value that is not the written one — the worst outcome).
 */
export interface FieldScore {
  fields: number;
  exact: number;
  wrong: { id: string; expected: unknown; got: unknown }[];
  uncertain: string[];
  lost: string[];
  header: { organ: boolean; year: boolean; region: boolean };
  proactive: boolean;
}

export interface ParsedLike {
  error: string | null;
  fields: Record<string, unknown>;
  uncertain: string[];
}

export function scoreReport(out: ParsedLike, spec: ReportSpec, code: string | null): FieldScore {
  const expected: Record<string, unknown> = {
    organ: spec.organ,
    year: spec.year,
    template: spec.template,
    'region.code': code,
    'proactive.total': spec.proactive.total,
    'proactive.approx': spec.proactive.approx,
    ...spec.values,
  };
  const s: FieldScore = { fields: 0, exact: 0, wrong: [], uncertain: [], lost: [], header: { organ: false, year: false, region: false }, proactive: false };
  const uncertain = new Set(out.uncertain ?? []);
  for (const [id, want] of Object.entries(expected)) {
    s.fields++;
    const got = out.error ? null : (out.fields[id] ?? null);
    if (got === want) s.exact++;
    else if (got === null && uncertain.has(id)) s.uncertain.push(id);
    else if (got === null || (id === 'proactive.approx' && got === false && out.fields['proactive.total'] === null)) s.lost.push(id);
    else s.wrong.push({ id, expected: want, got });
  }
  // A table value the report does not have is wrong too.
  if (!out.error) {
    for (const [id, got] of Object.entries(out.fields)) {
      if (/^t[234]/.test(id) && !(id in expected) && got !== null && got !== undefined) s.wrong.push({ id, expected: undefined, got });
    }
  }
  s.header = { organ: out.fields.organ === spec.organ, year: out.fields.year === spec.year, region: (out.fields['region.code'] ?? null) === code };
  s.proactive = out.fields['proactive.total'] === spec.proactive.total;
  return s;
}

/** Totals over many reports. */
export interface AccuracyTotals {
  reports: number;
  failed: number;
  fields: number;
  exact: number;
  wrong: number;
  uncertain: number;
  lost: number;
  headerFields: number;
  headerExact: number;
  proactive: number;
}

export function emptyTotals(): AccuracyTotals {
  return { reports: 0, failed: 0, fields: 0, exact: 0, wrong: 0, uncertain: 0, lost: 0, headerFields: 0, headerExact: 0, proactive: 0 };
}

export function addScore(t: AccuracyTotals, s: FieldScore, failed: boolean): void {
  t.reports++;
  if (failed) t.failed++;
  t.fields += s.fields;
  t.exact += s.exact;
  t.wrong += s.wrong.length;
  t.uncertain += s.uncertain.length;
  t.lost += s.lost.length;
  t.headerFields += 3;
  t.headerExact += Number(s.header.organ) + Number(s.header.year) + Number(s.header.region);
  t.proactive += Number(s.proactive);
}
