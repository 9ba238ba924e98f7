import { NUMERIC_FIELDS, type CheckResult } from '@nianbao/shared';
import { and, asc, count, desc, eq, inArray, lt, max, ne } from 'drizzle-orm';
import type { Db } from '../../store/db.ts';
import { refreshReportMetrics } from '../../store/reportMetrics.ts';
import { ReportStore } from '../../store/reportStore.ts';
import { auditLog, checks, corrections, evidence, reportFields, reports } from '../../store/schema.ts';

export type CorrectionRow = typeof corrections.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;

/** What a correction needs to know of its report. */
export interface ReportForWrite {
  id: number;
  status: string;
  template: string | null;
  singleOther: boolean | null;
  contentHash: string;
  bodyKey: string | null;
  divisionCode: string | null;
  townshipCode: string | null;
  countyCode: string | null;
  cityCode: string | null;
  provinceCode: string | null;
}

const HARD_RULES = new Set([1, 2, 3, 4, 5]);
const FIELD_COLUMNS = Object.fromEntries(NUMERIC_FIELDS.map((f) => [f.column, (reportFields as unknown as Record<string, never>)[f.column]]));

/**
 * Corrections, their history and the audit log. The writer (CorrectionsService, its own writable
 * connection) sets a cell and recomputes what depends on it; the reader (read-only connection)
 * lists them for the report detail, the history and GET /api/audit.
 */
export class CorrectionsRepository {
  private store: ReportStore | null = null;

  constructor(private readonly db: Db) {}

  /**
   * Runs `fn` in one write transaction, begun IMMEDIATE: it takes the write lock before reading
   * (waiting up to better-sqlite3's 5 s for an ingest batch to commit), so what it read cannot be
   * overtaken by another writer before it writes.
   */
  transaction<T>(fn: () => T): T {
    return this.db.$client.transaction(fn).immediate();
  }

  report(id: number): ReportForWrite | undefined {
    return this.db
      .select({
        id: reports.id, status: reports.status, template: reports.template, singleOther: reports.singleOther, contentHash: reports.contentHash,
        bodyKey: reports.bodyKey, divisionCode: reports.divisionCode, townshipCode: reports.townshipCode, countyCode: reports.countyCode,
        cityCode: reports.cityCode, provinceCode: reports.provinceCode,
      })
      .from(reports)
      .where(eq(reports.id, id))
      .get();
  }

  /** The report's numeric fields in NUMERIC_FIELDS order (null where empty), or null without a row. */
  fields(id: number): (number | null)[] | null {
    const row = this.db.select(FIELD_COLUMNS).from(reportFields).where(eq(reportFields.reportId, id)).get() as Record<string, number | null> | undefined;
    return row ? NUMERIC_FIELDS.map((f) => row[f.column] ?? null) : null;
  }

  /** The application count stated in the narrative (rule 6's operand). */
  narrativeCount(id: number): number | null {
    return this.db.select({ value: evidence.value }).from(evidence).where(and(eq(evidence.reportId, id), eq(evidence.fieldId, 'narrative.applications'))).get()?.value ?? null;
  }

  active(reportId: number, fieldId: string): CorrectionRow | undefined {
    return this.db.select().from(corrections).where(and(eq(corrections.reportId, reportId), eq(corrections.fieldId, fieldId), eq(corrections.status, 'active'))).get();
  }

  byId(reportId: number, id: number): CorrectionRow | undefined {
    return this.db.select().from(corrections).where(and(eq(corrections.reportId, reportId), eq(corrections.id, id))).get();
  }

  insert(c: Omit<typeof corrections.$inferInsert, 'id'>): CorrectionRow {
    return this.db.insert(corrections).values(c).returning().get();
  }

  end(id: number, status: 'superseded' | 'reverted', at: string, by: string): void {
    this.db.update(corrections).set({ status, endedAt: at, endedBy: by }).where(eq(corrections.id, id)).run();
  }

  setField(reportId: number, column: string, value: number | null): void {
    this.db.update(reportFields).set({ [column]: value } as never).where(eq(reportFields.reportId, reportId)).run();
  }

  /**
   * After a cell changed: the report's rules 1–4 and 6 are `checks` (rule 5's row stays), its
   * failed rules follow, rule 5 of its body is recomputed, and report_metrics refreshed (the
   * report is stamped as written now, which is what the incremental refresh looks for).
   */
  recheck(reportId: number, bodyKey: string | null, list: CheckResult[], at: string): void {
    const rule5 = this.db.select({ status: checks.status }).from(checks).where(and(eq(checks.reportId, reportId), eq(checks.rule, 5))).get();
    this.db.delete(checks).where(and(eq(checks.reportId, reportId), ne(checks.rule, 5))).run();
    if (list.length) this.db.insert(checks).values(list.map((c) => ({ reportId, rule: c.rule, status: c.status, detail: c.detail }))).run();
    const failed = list.filter((c) => c.status === 'fail' && HARD_RULES.has(c.rule)).map((c) => c.rule);
    if (rule5?.status === 'fail') failed.push(5);
    // Stamped later than any report: the refresh takes reports stamped after its last run.
    const last = this.db.select({ last: max(reports.ingestedAt) }).from(reports).get()?.last ?? '';
    const stamp = at > last ? at : new Date(Date.parse(last) + 1).toISOString();
    this.db.update(reports).set({ failedRules: failed.sort().join(','), ingestedAt: stamp }).where(eq(reports.id, reportId)).run();
    this.store ??= new ReportStore(this.db);
    if (bodyKey) this.store.recomputeCrossYear(new Set([bodyKey]));
    refreshReportMetrics(this.db);
  }

  audit(e: { at: string; userName: string; action: string; reportId?: number; fieldId?: string; correctionId?: number; before?: unknown; after?: unknown }): AuditRow {
    return this.db.insert(auditLog).values({
      at: e.at, userName: e.userName, action: e.action, reportId: e.reportId ?? null, fieldId: e.fieldId ?? null, correctionId: e.correctionId ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before), after: e.after === undefined ? null : JSON.stringify(e.after),
    }).returning().get();
  }

  /** Every correction of a report, oldest first. */
  history(reportId: number): CorrectionRow[] {
    return this.db.select().from(corrections).where(eq(corrections.reportId, reportId)).orderBy(asc(corrections.id)).all();
  }

  /** The report's active and needs-review corrections, for its detail. */
  current(reportId: number): CorrectionRow[] {
    return this.db.select().from(corrections).where(and(eq(corrections.reportId, reportId), inArray(corrections.status, ['active', 'needs_review']))).orderBy(asc(corrections.id)).all();
  }

  /** Audit entries, newest first, `limit` of them before id `before` (paging). */
  auditLog(opts: { limit: number; before?: number; reportId?: number }): { total: number; rows: AuditRow[] } {
    const where = and(opts.before ? lt(auditLog.id, opts.before) : undefined, opts.reportId ? eq(auditLog.reportId, opts.reportId) : undefined);
    const total = this.db.select({ n: count() }).from(auditLog).where(opts.reportId ? eq(auditLog.reportId, opts.reportId) : undefined).get()?.n ?? 0;
    return { total, rows: this.db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(opts.limit).all() };
  }
}
