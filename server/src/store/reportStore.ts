import { NUMERIC_FIELDS, type CheckResult, type FieldValue } from '@nianbao/shared';
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { ProcessedReport } from '../pipeline.ts';
import { PARSER_VERSION } from '../parse/index.ts';
import { BODY_TYPES_VERSION, classifyBody } from '../resolve/bodyType.ts';
import { divisions, lineage } from '../resolve/divisions.ts';
import { checkReport, rule5 } from '../check/rules.ts';
import { CorrectionCarrier, fieldsForChecks } from './corrections.ts';
import type { Db } from './db.ts';
import { refreshReportMetrics } from './reportMetrics.ts';
import { checks, evidence, pendingCrossYear, regions, reportFields, reports, reportSources } from './schema.ts';

/**
 * The only writer of the database: one transaction per report, so a failure leaves the database
 * as it was before that report.
 */
export interface StoredFile {
  id: number;
  contentHash: string;
  parserVersion: string;
}

export type StoreOutcome = 'added' | 'updated';

const HARD_RULES = new Set([1, 2, 3, 4, 5]);

function failedRules(list: CheckResult[]): string {
  return list
    .filter((c) => c.status === 'fail' && HARD_RULES.has(c.rule))
    .map((c) => c.rule)
    .sort()
    .join(',');
}

const REPORT_COLUMNS = [
  'sourcePath', 'fileName', 'contentHash', 'parserVersion', 'format', 'encoding', 'status', 'error', 'organ', 'year',
  'template', 'regionStatus', 'divisionCode', 'townshipCode', 'countyCode', 'cityCode', 'provinceCode',
  'regionCandidates', 'bodyKey', 'bodyType', 'singleOther', 'failedRules', 'warnings', 'uncertainFields', 'ingestedAt',
] as const;
type ReportRow = { [K in (typeof REPORT_COLUMNS)[number]]: unknown };

const placeholders = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, sql.placeholder(n)]));

/**
 * A drizzle-built statement run by better-sqlite3 directly with named values: drizzle's own
 * per-call placeholder mapping costs more than these small inserts do. Values must already be
 * in their stored form (no column mappers run).
 */
function rawStatement(db: Db, query: { toSQL(): { sql: string; params: unknown[] } }) {
  const { sql: text, params } = query.toSQL();
  const names = params.map((p) => {
    const x = p as { name?: string; value?: { name: string } };
    return x.name ?? x.value!.name;
  });
  const stmt = db.$client.prepare(text);
  const bind = (v: Record<string, unknown>) => names.map((n) => v[n]);
  return { run: (v: Record<string, unknown>) => stmt.run(bind(v)), get: (v: Record<string, unknown>) => stmt.get(bind(v)) };
}

export class ReportStore {
  // Prepared once: building and preparing a 230-column insert per report would dominate ingest.
  private readonly insertReport;
  private readonly updateReport;
  private readonly insertFields;
  private readonly insertCheck;
  private readonly insertEvidence;
  private readonly insertRegion;
  private readonly deleteFields;
  private readonly deleteChecks;
  private readonly deleteEvidence;
  private readonly deleteSources;
  /** Per parameter of the wide insert: index into NUMERIC_FIELDS, or -1 for the report id. */
  private readonly fieldsParamIndex: number[];
  private readonly deleteRule5;
  private readonly setFailedRules;
  private readonly markPending;
  private readonly putSources;
  private readonly bodyOf;
  private readonly knownRegions = new Set<string>();
  /** Editors' corrections carried across a re-ingest (store/corrections.ts). */
  private readonly carrier: CorrectionCarrier;
  /** `write` as one transaction (a savepoint inside a batch), built once: better-sqlite3 builds several functions per transaction(). */
  private readonly writeReport: (row: ReportRow, p: ProcessedReport, previous: StoredFile | undefined) => number;

  constructor(private readonly db: Db) {
    this.insertReport = rawStatement(db, db.insert(reports).values(placeholders(REPORT_COLUMNS) as never).returning({ id: reports.id }));
    this.updateReport = rawStatement(db, db.update(reports).set(placeholders(REPORT_COLUMNS) as never).where(eq(reports.id, sql.placeholder('id'))));
    // The wide row goes straight to better-sqlite3 with drizzle's own SQL: drizzle's per-parameter
    // mapping of ~230 placeholders costs more than the insert itself.
    const fieldsInsert = db.insert(reportFields).values(placeholders(['reportId', ...NUMERIC_FIELDS.map((f) => f.column)]) as never).toSQL();
    this.insertFields = db.$client.prepare(fieldsInsert.sql);
    const columnIndex = new Map(NUMERIC_FIELDS.map((f, i) => [f.column, i]));
    this.fieldsParamIndex = fieldsInsert.params.map((p) => {
      const name = (p as { value: { name: string } }).value.name;
      return name === 'reportId' ? -1 : columnIndex.get(name)!;
    });
    this.insertCheck = rawStatement(db, db.insert(checks).values(placeholders(['reportId', 'rule', 'status', 'detail']) as never));
    this.insertEvidence = rawStatement(db, db.insert(evidence).values(placeholders(['reportId', 'fieldId', 'value', 'text']) as never));
    this.insertRegion = db
      .insert(regions)
      .values(placeholders(['code', 'name', 'level', 'parentCode', 'provinceCode', 'cityCode', 'countyCode']) as never)
      .onConflictDoNothing()
      .prepare();
    this.deleteFields = rawStatement(db, db.delete(reportFields).where(eq(reportFields.reportId, sql.placeholder('id'))));
    this.deleteChecks = rawStatement(db, db.delete(checks).where(eq(checks.reportId, sql.placeholder('id'))));
    this.deleteEvidence = rawStatement(db, db.delete(evidence).where(eq(evidence.reportId, sql.placeholder('id'))));
    this.deleteSources = rawStatement(db, db.delete(reportSources).where(eq(reportSources.reportId, sql.placeholder('id'))));
    this.writeReport = db.$client.transaction((row: ReportRow, p: ProcessedReport, previous: StoredFile | undefined) => this.write(row, p, previous));
    this.deleteRule5 = db.delete(checks).where(and(eq(checks.reportId, sql.placeholder('id')), eq(checks.rule, 5))).prepare();
    this.setFailedRules = db.update(reports).set({ failedRules: sql.placeholder('failedRules') as never }).where(eq(reports.id, sql.placeholder('id'))).prepare();
    this.putSources = db.$client.prepare(
      db.insert(reportSources).values({ reportId: sql.placeholder('id') as never, data: sql.placeholder('data') as never }).onConflictDoUpdate({ target: reportSources.reportId, set: { data: sql`excluded.data` } }).toSQL().sql,
    );
    this.markPending = rawStatement(db, db.insert(pendingCrossYear).values({ bodyKey: sql.placeholder('bodyKey') as never }).onConflictDoNothing());
    this.carrier = new CorrectionCarrier(db);
    this.bodyOf = rawStatement(db, db.select({ bodyKey: reports.bodyKey }).from(reports).where(eq(reports.id, sql.placeholder('id'))));
  }

  /** What is stored per source path, to skip unchanged files. */
  knownFiles(): Map<string, StoredFile> {
    const rows = this.db
      .select({ path: reports.sourcePath, id: reports.id, contentHash: reports.contentHash, parserVersion: reports.parserVersion })
      .from(reports)
      .all();
    return new Map(rows.map((r) => [r.path, r]));
  }

  /**
   * Deletes the reports of these source paths (their fields, checks, evidence and metrics rows go
   * with them: foreign keys cascade), in one transaction. Returns the bodies they belonged to, whose
   * cross-year rule must be looked at again.
   */
  remove(paths: string[]): Set<string> {
    const bodies = new Set<string>();
    this.db.$client.transaction(() => {
      for (let i = 0; i < paths.length; i += 500) {
        const chunk = paths.slice(i, i + 500);
        for (const r of this.db.select({ body: reports.bodyKey }).from(reports).where(inArray(reports.sourcePath, chunk)).all()) {
          if (!r.body) continue;
          bodies.add(r.body);
          this.markPending.run({ bodyKey: r.body });
        }
        this.db.delete(reports).where(inArray(reports.sourcePath, chunk)).run();
      }
    })();
    return bodies;
  }

  /** The division and its ancestors, once per store. */
  private upsertRegions(code: string) {
    if (this.knownRegions.has(code)) return;
    const d = divisions().byCode.get(code);
    if (!d) return;
    const l = lineage(d);
    const chain = [l.province, l.city, l.county, l.township].filter((x) => x !== null);
    let parent: string | null = null;
    for (const r of chain) {
      this.insertRegion.run({
        code: r.code,
        name: r.name,
        level: r.level,
        parentCode: parent,
        provinceCode: r.provinceCode,
        cityCode: l.city && r.level !== 'province' ? l.city.code : null,
        countyCode: r.level === 'township' || r.level === 'county' ? r.countyCode : null,
      });
      parent = r.code;
    }
    this.knownRegions.add(code);
  }

  /** Writes one processed file (ok or failed), replacing what the path had, in one transaction. */
  save(path: string, hash: string, p: ProcessedReport, previous: StoredFile | undefined): { id: number; outcome: StoreOutcome; bodyKey: string | null } {
    const o = p.output;
    const f = o.fields;
    const region = p.region;
    const d = region?.divisionCode ? divisions().byCode.get(region.divisionCode) : undefined;
    const l = d ? lineage(d) : null;
    const organ = (f.organ as string | null) ?? null;
    const body = classifyBody(organ, { divisionCode: region?.divisionCode ?? null, townshipCode: region?.code ?? null, townshipName: region?.code ? null : (region?.township ?? null) });
    const row: ReportRow = {
      sourcePath: path,
      fileName: path.split(/[\\/]/).pop()!,
      contentHash: hash,
      parserVersion: PARSER_VERSION,
      format: p.format,
      encoding: p.source,
      status: o.ok ? 'ok' : 'failed',
      error: o.error,
      organ,
      year: (f.year as number | null) ?? null,
      template: (f.template as string | null) ?? null,
      regionStatus: region?.status ?? null,
      divisionCode: region?.divisionCode ?? null,
      townshipCode: l?.township?.code ?? null,
      countyCode: l?.county?.code ?? null,
      cityCode: l?.city?.code ?? null,
      provinceCode: l?.province.code ?? null,
      regionCandidates: region?.candidates ? JSON.stringify(region.candidates) : null,
      bodyKey: o.ok ? body.key : null,
      bodyType: o.ok ? body.type : null,
      singleOther: p.parsed ? (p.parsed.singleOther ? 1 : 0) : null,
      failedRules: failedRules(o.checks),
      warnings: JSON.stringify(o.warnings),
      uncertainFields: JSON.stringify(o.uncertain),
      ingestedAt: new Date().toISOString(),
    };
    const id = this.writeReport(row, p, previous);
    return { id, outcome: previous ? 'updated' : 'added', bodyKey: row.bodyKey as string | null };
  }

  private write(row: ReportRow, p: ProcessedReport, previous: StoredFile | undefined): number {
    const o = p.output;
    const region = p.region;
    if (region?.divisionCode) this.upsertRegions(region.divisionCode);
    let id: number;
    // Rule 5 of this body (and of the one the report belonged to before) is owed until the run
    // recomputes it; recorded with the report, so a run killed before then leaves it owed.
    if (row.bodyKey) this.markPending.run({ bodyKey: row.bodyKey });
    let numeric = o.ok ? (p.numeric ?? numericRow(o.fields)) : null;
    if (previous) {
      id = previous.id;
      const before = (this.bodyOf.get({ id }) as { bodyKey: string | null } | undefined)?.bodyKey;
      if (before && before !== row.bodyKey) this.markPending.run({ bodyKey: before });
      // Editors' corrections, in this same transaction: kept ones replace the parsed values (and
      // the checks are those of the corrected values), the others are marked for review.
      const carried = this.carrier.carry(id, row.contentHash as string, numeric);
      if (carried.applied > 0 && carried.numeric) {
        numeric = carried.numeric;
        const values = carried.numeric;
        o.checks = checkReport(fieldsForChecks(row.template as string | null, Boolean(row.singleOther), (i) => values[i]), p.parsed?.applications?.value ?? null);
        row.failedRules = failedRules(o.checks);
      }
      this.updateReport.run({ ...row, id });
      this.deleteFields.run({ id });
      this.deleteChecks.run({ id });
      this.deleteEvidence.run({ id });
      // A file that now fails, or was read without provenance, keeps no stale sources.
      if (!o.ok || !p.provenance) this.deleteSources.run({ id });
    } else {
      id = (this.insertReport.get(row) as { id: number }).id;
    }
    if (o.ok && numeric) {
      const params = new Array(this.fieldsParamIndex.length);
      for (let i = 0; i < params.length; i++) {
        const k = this.fieldsParamIndex[i];
        const v = k < 0 ? id : numeric[k];
        params[i] = v !== v ? null : v; // NaN is null
      }
      this.insertFields.run(params);
      for (const c of o.checks) this.insertCheck.run({ reportId: id, rule: c.rule, status: c.status, detail: c.detail });
      const pr = p.parsed?.proactive;
      if (pr?.evidence) this.insertEvidence.run({ reportId: id, fieldId: 'proactive.total', value: pr.total, text: pr.evidence });
      const ap = p.parsed?.applications;
      if (ap?.evidence) this.insertEvidence.run({ reportId: id, fieldId: 'narrative.applications', value: ap.value, text: ap.evidence });
      if (p.provenance) this.putSources.run([id, Buffer.from(p.provenance.buffer, p.provenance.byteOffset, p.provenance.byteLength)]);
    }
    return id;
  }

  /**
   * Reports stored before bodies were typed (migration 0006), or typed by an older classifier
   * (平潭's 片区管理局 were departments before area offices had a type): typed and keyed now from
   * their stored organ and place, as `save` would. Townships are left as stored (an unplaced
   * one may be typed by a township name read at ingest and not stored); other bodies are typed
   * from their organ and division alone, so their type is recomputed exactly. Where the key changes (a
   * department's, a government's), the old and new keys are marked as owing a rule-5 pass.
   * Returns how many reports were (re)typed and those keys.
   */
  typeUntypedBodies(): { typed: number; touched: Set<string> } {
    const touched = new Set<string>();
    // Typed by these rules already (the version is set below): only untyped reports are left to type.
    const current = this.db.$client.pragma('user_version', { simple: true }) === BODY_TYPES_VERSION;
    const stored = this.db
      .select({ id: reports.id, organ: reports.organ, divisionCode: reports.divisionCode, townshipCode: reports.townshipCode, bodyKey: reports.bodyKey, bodyType: reports.bodyType })
      .from(reports)
      .where(and(eq(reports.status, 'ok'), current ? isNull(reports.bodyType) : or(isNull(reports.bodyType), ne(reports.bodyType, 'township'))))
      .all();
    const markCurrent = () => {
      if (!current) this.db.$client.pragma(`user_version = ${BODY_TYPES_VERSION}`);
    };
    const rows = stored
      .map((r) => ({ ...r, body: classifyBody(r.organ, { divisionCode: r.divisionCode, townshipCode: r.townshipCode }) }))
      .filter((r) => r.bodyType === null || r.bodyType !== r.body.type || r.bodyKey !== r.body.key);
    if (rows.length === 0) {
      markCurrent();
      return { typed: 0, touched };
    }
    const update = rawStatement(this.db, this.db.update(reports).set(placeholders(['bodyType', 'bodyKey']) as never).where(eq(reports.id, sql.placeholder('id'))));
    this.db.$client.transaction(() => {
      for (const r of rows) {
        const body = r.body;
        update.run({ id: r.id, bodyType: body.type, bodyKey: body.key });
        if (r.bodyKey === body.key) continue;
        for (const key of [r.bodyKey, body.key]) {
          if (!key || touched.has(key)) continue;
          touched.add(key);
          this.markPending.run({ bodyKey: key });
        }
      }
    })();
    // After the commit: a run killed before it types them again (their keys are pending until rule 5 is redone).
    markCurrent();
    return { typed: rows.length, touched };
  }

  /** Bodies whose rule 5 is owed (their reports changed in this or an interrupted run). */
  pendingBodies(): Set<string> {
    return new Set(this.db.select({ bodyKey: pendingCrossYear.bodyKey }).from(pendingCrossYear).all().map((r) => r.bodyKey));
  }

  /** Rule 5 of these bodies is recomputed: no longer owed. */
  clearPending(bodyKeys: Set<string>): void {
    const keys = [...bodyKeys];
    this.db.$client.transaction(() => {
      for (let i = 0; i < keys.length; i += 500) this.db.delete(pendingCrossYear).where(inArray(pendingCrossYear.bodyKey, keys.slice(i, i + 500))).run();
    })();
  }

  /** Reports of these bodies whose rule 5 failed, for the ingest summary. */
  crossYearFailures(bodyKeys: Set<string>): { path: string; rules: string }[] {
    if (bodyKeys.size === 0) return [];
    const out: { path: string; rules: string }[] = [];
    const keys = [...bodyKeys];
    for (let i = 0; i < keys.length; i += 500) {
      const rows = this.db
        .select({ path: reports.sourcePath })
        .from(reports)
        .innerJoin(checks, eq(checks.reportId, reports.id))
        .where(and(inArray(reports.bodyKey, keys.slice(i, i + 500)), eq(checks.rule, 5), eq(checks.status, 'fail')))
        .all();
      for (const r of rows) out.push({ path: r.path, rules: '5' });
    }
    return out;
  }

  /**
   * Rule 5 for the bodies touched by a run: each report against the same body's previous year.
   * Replaces the rule-5 rows of those reports and refreshes their failed-rules summary. Reads only
   * the columns rule 5 compares, not the wide rows.
   */
  recomputeCrossYear(bodyKeys: Set<string>): number {
    if (bodyKeys.size === 0) return 0;
    let written = 0;
    const keys = [...bodyKeys];
    const cols = Object.fromEntries(RULE5_FIELDS.map((f) => [f.id, (reportFields as unknown as Record<string, SQLiteColumn>)[f.column]]));
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const rows = this.db
        .select({ id: reports.id, bodyKey: reports.bodyKey, year: reports.year, template: reports.template, failedRules: reports.failedRules, ...cols })
        .from(reports)
        .innerJoin(reportFields, eq(reportFields.reportId, reports.id))
        .where(and(inArray(reports.bodyKey, chunk), eq(reports.status, 'ok')))
        .all() as unknown as (Record<string, number | null> & { id: number; bodyKey: string; year: number | null; template: string; failedRules: string })[];
      const byBodyYear = new Map<string, (typeof rows)[number]>();
      for (const r of rows) if (r.year !== null && r.template !== 'unknown') byBodyYear.set(`${r.bodyKey}|${r.year}`, r);
      this.db.$client.transaction(() => {
        for (const r of rows) {
          this.deleteRule5.run({ id: r.id });
          const prev = r.year === null || r.template === 'unknown' ? undefined : byBodyYear.get(`${r.bodyKey}|${r.year - 1}`);
          const current = r.failedRules.split(',').filter((x) => x && x !== '5');
          if (prev) {
            const result = rule5(fieldsOf(r, r.template), fieldsOf(prev, prev.template));
            this.insertCheck.run({ reportId: r.id, ...result });
            written++;
            if (result.status === 'fail') current.push('5');
          }
          const next = current.sort().join(',');
          if (next !== r.failedRules) this.setFailedRules.run({ id: r.id, failedRules: next });
        }
      })();
    }
    return written;
  }
}

/** The fields rule 5 compares: carried over/forward per column, in-force counts and their changes. */
const RULE5_FIELDS = NUMERIC_FIELDS.filter((f) =>
  /^t3\.(carried_over|carried_forward)\./.test(f.id) || /^t2\.(normative_docs|regulations)\.(in_force|issued|repealed)$/.test(f.id),
);

/** The numeric fields of a report in NUMERIC_FIELDS order, as the wide row stores them (NaN for null, booleans as 0/1). */
export function numericRow(fields: Record<string, FieldValue>): Float64Array {
  const out = new Float64Array(NUMERIC_FIELDS.length);
  for (let i = 0; i < NUMERIC_FIELDS.length; i++) {
    const v = fields[NUMERIC_FIELDS[i].id];
    out[i] = typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : NaN;
  }
  return out;
}

/** Rule-5 operands of a stored report, keyed by field id (only the ids its template carries). */
function fieldsOf(row: Record<string, unknown>, template: string): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const def of RULE5_FIELDS) {
    if (!def.templates.includes(template as never)) continue;
    out[def.id] = (row[def.id] as number | null) ?? null;
  }
  return out;
}

/**
 * Types the reports of a database written before bodies were typed, and recomputes what hangs on
 * their keys (rule 5, the previous-year links of report_metrics). Returns how many reports were
 * typed; a no-op once all are.
 */
export function typeStoredBodies(db: Db): number {
  const store = new ReportStore(db);
  const { typed, touched } = store.typeUntypedBodies();
  if (typed === 0) return 0;
  store.recomputeCrossYear(touched);
  store.clearPending(touched);
  // report_metrics carries the types and keys, and previous-year links by key.
  refreshReportMetrics(db, { force: true });
  return typed;
}
