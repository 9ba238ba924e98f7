import { METRICS, NUMERIC_FIELDS, computeMetrics } from '@nianbao/shared';
import { and, count, eq, gt, inArray, isNotNull, isNull, max, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from './db.ts';
import { metricsState, reportFields, reportMetrics, reports } from './schema.ts';

/**
 * Keeps `report_metrics` in step with `reports` + `report_fields`: every metric (derived ones
 * computed here, once, instead of in every API request), the previous year's report of the same
 * township, and the has-failure flag.
 *
 * Incremental: only reports ingested since the last refresh are recomputed, together with every
 * other report of the same townships/bodies (their previous-year link and rule-5 result may have
 * changed). Nothing changed → nothing done. Returns the number of rows written, or null when
 * already fresh.
 */
export function refreshReportMetrics(db: Db, opts: { force?: boolean } = {}): number | null {
  const now = readState(db);
  const stateRow = db.select().from(metricsState).where(eq(metricsState.id, 1)).get();
  const before = stateRow ? parseState(stateRow.fingerprint) : null;
  if (!opts.force && before && sameState(before, now)) return null;

  let written = 0;
  db.transaction((tx) => {
    let scope: SQL | undefined;
    // Incremental runs only add or rewrite reports (ingest forces a rebuild when it removes
    // some), so a shrinking count means something else edited the database: rebuild.
    const incremental = !opts.force && before !== null && now.n >= before.n;
    if (incremental) {
      const changed = tx
        .select({ id: reports.id, township: reports.townshipCode, body: reports.bodyKey })
        .from(reports)
        .where(gt(reports.ingestedAt, before.last))
        .all();
      const townships = [...new Set(changed.map((c) => c.township).filter((x): x is string => x !== null))];
      const bodies = [...new Set(changed.map((c) => c.body).filter((x): x is string => x !== null))];
      const ids = new Set(changed.map((c) => c.id));
      for (let i = 0; i < Math.max(townships.length, bodies.length); i += 500) {
        const tw = townships.slice(i, i + 500);
        const bo = bodies.slice(i, i + 500);
        const conds = [tw.length ? inArray(reports.townshipCode, tw) : undefined, bo.length ? inArray(reports.bodyKey, bo) : undefined].filter((c) => c !== undefined);
        if (conds.length) for (const r of tx.select({ id: reports.id }).from(reports).where(or(...conds)).all()) ids.add(r.id);
      }
      const list = [...ids];
      for (let i = 0; i < list.length; i += 500) tx.delete(reportMetrics).where(inArray(reportMetrics.reportId, list.slice(i, i + 500))).run();
      if (list.length === 0) scope = sql`0`;
      else scope = list.length <= 50_000 ? inArray(reports.id, list) : undefined;
      if (scope === undefined) tx.delete(reportMetrics).run();
    } else {
      tx.delete(reportMetrics).run();
    }
    written = writeRows(db, scope);
    const fingerprint = JSON.stringify(now);
    const refreshedAt = new Date().toISOString();
    tx.insert(metricsState).values({ id: 1, fingerprint, refreshedAt }).onConflictDoUpdate({ target: metricsState.id, set: { fingerprint, refreshedAt } }).run();
  });
  if (written > 1000) db.$client.pragma('optimize');
  return written;
}

interface State {
  n: number;
  maxId: number;
  /** Latest ingested_at: reports stamped later are new or rewritten. */
  last: string;
  /** failed_rules of all reports, hashed (rule 5 rewrites neighbours without a new stamp). */
  rules: number;
}

function parseState(text: string): State | null {
  try {
    const s = JSON.parse(text) as State;
    return typeof s.last === 'string' ? s : null;
  } catch {
    return null; // an older fingerprint format: rebuild
  }
}

function sameState(a: State, b: State): boolean {
  return a.n === b.n && a.maxId === b.maxId && a.last === b.last && a.rules === b.rules;
}

function readState(db: Db): State {
  const r = db
    .select({ n: count(), maxId: max(reports.id), last: max(reports.ingestedAt), rules: sql<string>`group_concat(${reports.failedRules}, ';')` })
    .from(reports)
    .get();
  let h = 0;
  for (const ch of r?.rules ?? '') h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return { n: r?.n ?? 0, maxId: r?.maxId ?? 0, last: r?.last ?? '', rules: h };
}

const BASE = ['id', 'year', 'townshipCode', 'countyCode', 'cityCode', 'provinceCode', 'failedRules', 'bodyType', 'bodyKey'] as const;
const FIELD_INDEX = new Map(NUMERIC_FIELDS.map((f, i) => [f.id, BASE.length + i]));

/**
 * Computes and inserts the rows of the ok reports in `scope` (all when undefined). Rows are read
 * as arrays and written through one prepared statement: object rows with ~260 keys and a query
 * builder per batch would make a national refresh take minutes instead of seconds.
 */
function writeRows(db: Db, scope: SQL | undefined): number {
  const client = db.$client;
  // Township + year → report, to link each report to the same township's previous year. With two
  // files for one township and year, the later-ingested one (higher id) is "the" report.
  const byTownshipYear = new Map<string, number>();
  const keys = db
    .select({ id: reports.id, year: reports.year, township: reports.townshipCode })
    .from(reports)
    .where(and(eq(reports.status, 'ok'), isNotNull(reports.year), isNotNull(reports.townshipCode)))
    .orderBy(reports.id)
    .values() as [number, number, string][];
  for (const [id, year, township] of keys) byTownshipYear.set(`${township}|${year}`, id);
  // Other bodies (departments, governments) by their cross-year key, the same way.
  const byBodyYear = new Map<string, number>();
  const bodyKeys = db
    .select({ id: reports.id, year: reports.year, body: reports.bodyKey })
    .from(reports)
    .where(and(eq(reports.status, 'ok'), isNotNull(reports.year), isNull(reports.townshipCode), isNotNull(reports.bodyKey)))
    .orderBy(reports.id)
    .values() as [number, number, string][];
  for (const [id, year, body] of bodyKeys) byBodyYear.set(`${body}|${year}`, id);

  const columns: Record<string, unknown> = {
    id: reports.id, year: reports.year, townshipCode: reports.townshipCode, countyCode: reports.countyCode, cityCode: reports.cityCode,
    provinceCode: reports.provinceCode, failedRules: reports.failedRules, bodyType: reports.bodyType, bodyKey: reports.bodyKey,
  };
  for (const f of NUMERIC_FIELDS) columns[f.column] = (reportFields as unknown as Record<string, unknown>)[f.column];
  // Pages by id: better-sqlite3 cannot insert while a select is being iterated on the connection.
  const page = db
    .select(columns as never)
    .from(reports)
    .innerJoin(reportFields, eq(reportFields.reportId, reports.id))
    .where(and(gt(reports.id, sql.placeholder('after')), eq(reports.status, 'ok'), isNotNull(reports.year), scope))
    .orderBy(reports.id)
    .limit(2000)
    .prepare();

  const names = ['reportId', 'year', 'townshipCode', 'countyCode', 'cityCode', 'provinceCode', 'prevReportId', 'hasFailure', 'bodyType', 'bodyKey', ...METRICS.map((m) => m.column)];
  const insertSql = db.insert(reportMetrics).values(Object.fromEntries(names.map((n) => [n, sql.placeholder(n)])) as never).toSQL();
  const order = insertSql.params.map((p) => {
    const x = p as { name?: string; value?: { name: string } };
    return x.name ?? x.value!.name;
  });
  const position = new Map(names.map((n, i) => [n, i]));
  const slots = order.map((n) => position.get(n)!);
  const insert = client.prepare(insertSql.sql);

  let written = 0;
  const values: unknown[] = new Array(names.length);
  let after = 0;
  for (;;) {
    const rows = page.values({ after }) as unknown[][];
    if (rows.length === 0) break;
    after = rows[rows.length - 1][0] as number;
    for (const r of rows) {
      const metrics = computeMetrics((id) => {
        const i = FIELD_INDEX.get(id);
        return i === undefined ? null : ((r[i] as number | null) ?? null);
      });
      const [id, year, township, county, city, province, failedRules, bodyType, bodyKey] = r as [number, number, string | null, string | null, string | null, string | null, string, string | null, string | null];
      values[0] = id;
      values[1] = year;
      values[2] = township;
      values[3] = county;
      values[4] = city;
      values[5] = province;
      values[6] = township ? (byTownshipYear.get(`${township}|${year - 1}`) ?? null) : bodyKey ? (byBodyYear.get(`${bodyKey}|${year - 1}`) ?? null) : null;
      values[7] = failedRules !== '' ? 1 : 0;
      values[8] = bodyType;
      values[9] = bodyKey;
      for (let m = 0; m < METRICS.length; m++) values[10 + m] = metrics[METRICS[m].id];
      insert.run(slots.map((s) => values[s]));
      written++;
    }
  }
  return written;
}
