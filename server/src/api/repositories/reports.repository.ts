import { and, asc, eq, getTableColumns, gt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../store/db.ts';
import { checks, evidence, reportFields, reports } from '../../store/schema.ts';

export type ReportRow = typeof reports.$inferSelect;
export type FieldsRow = Record<string, number | null>;

export interface ExportFilter {
  year?: number;
  scope?: { level: 'province' | 'city' | 'county' | 'township'; code: string };
}

const SCOPE = {
  province: reports.provinceCode,
  city: reports.cityCode,
  county: reports.countyCode,
  township: reports.townshipCode,
};

/** Property names of the two tables' columns, in the order drizzle's select of the join lists them. */
const REPORT_KEYS = Object.keys(getTableColumns(reports));
const FIELD_KEYS = Object.keys(getTableColumns(reportFields));

/** Reports as stored by ingest: identity, values, checks, evidence, and the data-quality tallies. */
export class ReportsRepository {
  // Prepared once: building and preparing a ~260-column select costs more than running it.
  private readonly byIdQuery;
  private readonly checksQuery;
  private readonly evidenceQuery;

  constructor(private readonly db: Db) {
    const id = sql.placeholder('id');
    // Run by better-sqlite3 directly, rows as arrays: drizzle's mapping of the ~260 columns into
    // nested objects cost four times the read itself.
    const byId = db.select().from(reports).leftJoin(reportFields, eq(reportFields.reportId, reports.id)).where(eq(reports.id, id)).toSQL();
    this.byIdQuery = db.$client.prepare(byId.sql).raw();
    // Small reads run by better-sqlite3 directly, drizzle writing the SQL: its per-call mapping
    // cost more than the reads on a report's detail.
    const raw = (q: { toSQL(): { sql: string } }) => db.$client.prepare(q.toSQL().sql);
    this.checksQuery = raw(db.select({ rule: checks.rule, status: checks.status, detail: checks.detail }).from(checks).where(eq(checks.reportId, id)).orderBy(asc(checks.rule)));
    this.evidenceQuery = raw(db.select({ fieldId: evidence.fieldId, value: evidence.value, text: evidence.text }).from(evidence).where(eq(evidence.reportId, id)));
  }

  byId(id: number): { report: ReportRow; fields: FieldsRow | null } | null {
    const row = this.byIdQuery.get(id) as unknown[] | undefined;
    if (!row) return null;
    const report = {} as Record<string, unknown>;
    REPORT_KEYS.forEach((k, i) => (report[k] = row[i]));
    report.singleOther = report.singleOther === null ? null : Boolean(report.singleOther);
    let fields: FieldsRow | null = null;
    if (row[REPORT_KEYS.length] !== null) {
      fields = {};
      for (let i = 0; i < FIELD_KEYS.length; i++) fields[FIELD_KEYS[i]] = row[REPORT_KEYS.length + i] as number | null;
    }
    return { report: report as ReportRow, fields };
  }

  checksOf(id: number): { rule: number; status: string; detail: string }[] {
    return this.checksQuery.all(id) as { rule: number; status: string; detail: string }[];
  }

  evidenceOf(id: number): { fieldId: string; value: number | null; text: string }[] {
    return (this.evidenceQuery.all(id) as { field_id: string; value: number | null; text: string }[]).map((e) => ({ fieldId: e.field_id, value: e.value, text: e.text }));
  }

  /**
   * Every report (failed files too, with no fields) with all its fields, in id order, a page at a
   * time (the full export streams this).
   */
  *exportRows(filter: ExportFilter, pageSize = 1000): Generator<{ report: ReportRow; fields: FieldsRow | null; proactiveEvidence: string | null }> {
    let lastId = 0;
    for (;;) {
      const where: SQL[] = [gt(reports.id, lastId)];
      if (filter.year !== undefined) where.push(eq(reports.year, filter.year));
      if (filter.scope) where.push(eq(SCOPE[filter.scope.level], filter.scope.code));
      const rows = this.db
        .select()
        .from(reports)
        .leftJoin(reportFields, eq(reportFields.reportId, reports.id))
        .leftJoin(evidence, and(eq(evidence.reportId, reports.id), eq(evidence.fieldId, 'proactive.total')))
        .where(and(...where))
        .orderBy(asc(reports.id))
        .limit(pageSize)
        .all();
      for (const r of rows) yield { report: r.reports, fields: r.report_fields as unknown as FieldsRow | null, proactiveEvidence: r.evidence?.text ?? null };
      if (rows.length < pageSize) return;
      lastId = rows[rows.length - 1].reports.id;
    }
  }
}
