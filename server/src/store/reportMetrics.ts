import { METRICS, NUMERIC_FIELDS, computeMetrics } from '@nianbao/shared';
import { and, asc, count, eq, gt, isNotNull, max, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { metricsState, reportFields, reportMetrics, reports } from './schema.ts';

/**
 * Rebuilds `report_metrics` from `reports` + `report_fields`: every metric (derived ones computed
 * here, once, instead of in every API request), the previous year's report of the same township,
 * and the has-failure flag. Skipped when `reports` has not changed since the last refresh.
 * Returns the number of rows written, or null when it was already fresh.
 */
export function refreshReportMetrics(db: Db, opts: { force?: boolean } = {}): number | null {
  const fingerprint = reportsFingerprint(db);
  const state = db.select().from(metricsState).where(eq(metricsState.id, 1)).get();
  if (!opts.force && state?.fingerprint === fingerprint) return null;

  // Township + year → report, to link each report to the same township's previous year. With
  // two files for one township and year, the later-ingested one (higher id) is "the" report.
  const keys = db
    .select({ id: reports.id, year: reports.year, township: reports.townshipCode })
    .from(reports)
    .where(and(eq(reports.status, 'ok'), isNotNull(reports.year), isNotNull(reports.townshipCode)))
    .orderBy(asc(reports.id))
    .all();
  const byTownshipYear = new Map<string, number>();
  for (const k of keys) byTownshipYear.set(`${k.township}|${k.year}`, k.id);

  const BATCH = 100; // 100 rows × ~260 columns stays under SQLite's bound-variable limit
  let written = 0;
  db.transaction((tx) => {
    tx.delete(reportMetrics).run();
    let lastId = 0;
    for (;;) {
      const rows = tx
        .select()
        .from(reports)
        .innerJoin(reportFields, eq(reportFields.reportId, reports.id))
        .where(and(gt(reports.id, lastId), eq(reports.status, 'ok'), isNotNull(reports.year)))
        .orderBy(asc(reports.id))
        .limit(2000)
        .all();
      if (rows.length === 0) break;
      lastId = rows[rows.length - 1].reports.id;
      const values: (typeof reportMetrics.$inferInsert)[] = [];
      for (const { reports: r, report_fields: f } of rows) {
        const stored = f as unknown as Record<string, number | null>;
        const metrics = computeMetrics((id) => {
          const def = FIELD_COLUMN.get(id);
          return def ? (stored[def] ?? null) : null;
        });
        const row: Record<string, unknown> = {
          reportId: r.id,
          year: r.year!,
          townshipCode: r.townshipCode,
          countyCode: r.countyCode,
          cityCode: r.cityCode,
          provinceCode: r.provinceCode,
          prevReportId: r.townshipCode ? (byTownshipYear.get(`${r.townshipCode}|${r.year! - 1}`) ?? null) : null,
          hasFailure: r.failedRules !== '',
        };
        for (const m of METRICS) row[m.column] = metrics[m.id];
        values.push(row as typeof reportMetrics.$inferInsert);
      }
      for (let i = 0; i < values.length; i += BATCH) tx.insert(reportMetrics).values(values.slice(i, i + BATCH)).run();
      written += values.length;
    }
    tx.insert(metricsState)
      .values({ id: 1, fingerprint, refreshedAt: new Date().toISOString() })
      .onConflictDoUpdate({ target: metricsState.id, set: { fingerprint, refreshedAt: new Date().toISOString() } })
      .run();
  });
  db.$client.pragma('optimize');
  return written;
}

/** Field id → its `report_fields` property (drizzle maps columns by their key, which is the column name). */
const FIELD_COLUMN = new Map(NUMERIC_FIELDS.map((f) => [f.id, f.column]));

/** Changes whenever ingest adds, replaces or re-checks a report (each write stamps ingested_at). */
function reportsFingerprint(db: Db): string {
  const r = db
    .select({ n: count(), maxId: max(reports.id), last: max(reports.ingestedAt), rules: sql<string>`group_concat(${reports.failedRules}, ';')` })
    .from(reports)
    .get();
  // failed_rules changes without a new ingested_at when rule 5 is recomputed for a neighbour year.
  let h = 0;
  for (const ch of r?.rules ?? '') h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return `${r?.n ?? 0}:${r?.maxId ?? 0}:${r?.last ?? ''}:${h}`;
}
