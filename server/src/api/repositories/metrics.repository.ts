import { isLocalBodyType, type BodyType, type MetricDef } from '@nianbao/shared';
import { and, eq, getTableColumns, gte, inArray, lte, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../store/db.ts';
import { reportMetrics, reports } from '../../store/schema.ts';

/** Region columns of report_metrics a query can be scoped by. */
export type ScopeLevel = 'province' | 'city' | 'county' | 'township';

export interface MetricQuery {
  /** Metric columns to read, in order (they come from the catalog, never from the request). */
  metrics: MetricDef[];
  years?: number[];
  /** Only years in this range (inclusive; either end may be open). */
  yearRange?: { from?: number; to?: number };
  /** Only reports inside this region. */
  scope?: { level: ScopeLevel; code: string };
  /** Only reports of these townships. */
  townships?: string[];
  /** Also read metrics[0] from the same township's previous-year report. */
  withPrevious?: boolean;
}

export interface BodyMetricRow {
  reportId: number;
  organ: string | null;
  divisionCode: string | null;
  regionStatus: string | null;
  bodyType: BodyType | null;
  hasFailure: boolean;
  values: (number | null)[];
}

/** A report of a body other than a township (a department, a county or city government). */
export interface TypedBodyRow {
  reportId: number;
  year: number;
  bodyKey: string;
  organ: string | null;
  divisionCode: string | null;
  countyCode: string | null;
  cityCode: string | null;
  provinceCode: string | null;
  hasFailure: boolean;
  values: (number | null)[];
  previous: number | null;
}

export interface TypedBodyQuery {
  type: Exclude<BodyType, 'township' | 'other'>;
  metrics: MetricDef[];
  years?: number[];
  /** Only years in this range (inclusive; either end may be open). */
  yearRange?: { from?: number; to?: number };
  /**
   * The region: for departments and area offices the county or city they belong to (a city's own departments,
   * not its counties'); for governments any region containing them.
   */
  scope?: { level: ScopeLevel; code: string };
  /** Only these bodies (body keys). */
  bodies?: string[];
  withPrevious?: boolean;
}

export interface MetricRow {
  reportId: number;
  year: number;
  townshipCode: string;
  countyCode: string | null;
  cityCode: string | null;
  provinceCode: string | null;
  hasFailure: boolean;
  values: (number | null)[];
  previous: number | null;
}

const rm = reportMetrics;
const prev = alias(reportMetrics, 'prev');
const columnOf = (table: object, m: MetricDef) => (table as Record<string, SQLiteColumn>)[m.column];
const COLUMN_POSITION = new Map(Object.values(getTableColumns(reportMetrics)).map((c, i) => [c.name, i]));
const SCOPE_COLUMN: Record<ScopeLevel, SQLiteColumn> = {
  province: rm.provinceCode,
  city: rm.cityCode,
  county: rm.countyCode,
  township: rm.townshipCode,
};

/** Township reports' precomputed metrics (report_metrics); the metric picks a whitelisted column. */
/** Conditions on the report's year: one of `years`, and within `yearRange`. */
function yearConditions(q: { years?: number[]; yearRange?: { from?: number; to?: number } }): SQL[] {
  const where: SQL[] = [];
  if (q.years) where.push(q.years.length === 1 ? eq(rm.year, q.years[0]) : inArray(rm.year, q.years));
  if (q.yearRange?.from !== undefined) where.push(gte(rm.year, q.yearRange.from));
  if (q.yearRange?.to !== undefined) where.push(lte(rm.year, q.yearRange.to));
  return where;
}

/** The metrics' columns as `v0, v1, …` after the row's own fields, and metrics[0] of the previous-year report as `previous`. */
function addMetricColumns(fields: Record<string, SQLiteColumn>, metrics: MetricDef[], withPrevious?: boolean): void {
  metrics.forEach((m, i) => (fields[`v${i}`] = columnOf(rm, m)));
  if (withPrevious) fields.previous = columnOf(prev, metrics[0]);
}

export class MetricsRepository {
  private readonly oneReport;

  constructor(private readonly db: Db) {
    // Run by better-sqlite3 directly (no per-call placeholder mapping), the row as an array.
    this.oneReport = db.$client.prepare(db.select().from(rm).where(eq(rm.reportId, sql.placeholder('id'))).toSQL().sql).raw();
  }

  /** Every metric of one report, in catalog order (null when the report has no metrics row). */
  metricsOf(reportId: number, metrics: readonly MetricDef[]): (number | null)[] | null {
    // Row as an array (no 260-key object): position of each metric column in the table.
    const r = this.oneReport.get(reportId) as unknown[] | undefined;
    return r ? metrics.map((m) => (r[COLUMN_POSITION.get(m.column)!] as number | null) ?? null) : null;
  }

  townshipRows(q: MetricQuery): MetricRow[] {
    const where: SQL[] = [isNotNull(rm.townshipCode), ...yearConditions(q)];
    if (q.scope) where.push(eq(SCOPE_COLUMN[q.scope.level], q.scope.code));
    if (q.townships) where.push(inArray(rm.townshipCode, q.townships));
    const fields: Record<string, SQLiteColumn> = {
      reportId: rm.reportId,
      year: rm.year,
      townshipCode: rm.townshipCode,
      countyCode: rm.countyCode,
      cityCode: rm.cityCode,
      provinceCode: rm.provinceCode,
      hasFailure: rm.hasFailure,
    };
    addMetricColumns(fields, q.metrics, q.withPrevious);
    const query = q.withPrevious
      ? this.db.select(fields).from(rm).leftJoin(prev, eq(prev.reportId, rm.prevReportId)).where(and(...where))
      : this.db.select(fields).from(rm).where(and(...where));
    // Arrays in `fields` order: no per-row object mapping (a province is thousands of rows).
    const raw = query.values() as unknown[][];
    const n = q.metrics.length;
    return raw.map((r) => ({
      reportId: r[0] as number,
      year: r[1] as number,
      townshipCode: r[2] as string,
      countyCode: r[3] as string | null,
      cityCode: r[4] as string | null,
      provinceCode: r[5] as string | null,
      hasFailure: Boolean(r[6]),
      values: r.slice(7, 7 + n) as (number | null)[],
      previous: q.withPrevious ? ((r[7 + n] as number | null) ?? null) : null,
    }));
  }

  /**
   * Reports of a year that belong to no township: bodies above township level, and townships
   * whose place is ambiguous or unresolved. Within `scope` by the codes the body was placed in.
   */
  bodyRows(q: { year: number; metrics: MetricDef[]; scope?: { level: ScopeLevel; code: string } }): BodyMetricRow[] {
    const where: SQL[] = [isNull(rm.townshipCode), eq(rm.year, q.year)];
    if (q.scope) where.push(eq(SCOPE_COLUMN[q.scope.level], q.scope.code));
    const fields: Record<string, SQLiteColumn> = {
      reportId: rm.reportId,
      organ: reports.organ,
      divisionCode: reports.divisionCode,
      regionStatus: reports.regionStatus,
      bodyType: rm.bodyType,
      hasFailure: rm.hasFailure,
    };
    addMetricColumns(fields, q.metrics, false);
    const raw = this.db.select(fields).from(rm).innerJoin(reports, eq(reports.id, rm.reportId)).where(and(...where)).values() as unknown[][];
    return raw.map((r) => ({
      reportId: r[0] as number,
      organ: r[1] as string | null,
      divisionCode: r[2] as string | null,
      regionStatus: r[3] as string | null,
      bodyType: r[4] as BodyType | null,
      hasFailure: Boolean(r[5]),
      values: r.slice(6) as (number | null)[],
    }));
  }

  /** Reports of one type of body (not townships), with the same body's previous-year value if asked. */
  typedBodyRows(q: TypedBodyQuery): TypedBodyRow[] {
    const where: SQL[] = [eq(rm.bodyType, q.type), isNotNull(rm.bodyKey), ...yearConditions(q)];
    if (q.scope) {
      where.push(eq(SCOPE_COLUMN[q.scope.level], q.scope.code));
      // A city's departments (area offices) are its own (no county); a county's are placed in it.
      if (isLocalBodyType(q.type) && q.scope.level === 'city') where.push(isNull(rm.countyCode));
    }
    if (q.bodies) where.push(inArray(rm.bodyKey, q.bodies));
    const fields: Record<string, SQLiteColumn> = {
      reportId: rm.reportId,
      year: rm.year,
      bodyKey: rm.bodyKey,
      organ: reports.organ,
      divisionCode: reports.divisionCode,
      countyCode: rm.countyCode,
      cityCode: rm.cityCode,
      provinceCode: rm.provinceCode,
      hasFailure: rm.hasFailure,
    };
    addMetricColumns(fields, q.metrics, q.withPrevious);
    const base = this.db.select(fields).from(rm).innerJoin(reports, eq(reports.id, rm.reportId));
    const query = q.withPrevious ? base.leftJoin(prev, eq(prev.reportId, rm.prevReportId)).where(and(...where)) : base.where(and(...where));
    const raw = query.values() as unknown[][];
    const n = q.metrics.length;
    return raw.map((r) => ({
      reportId: r[0] as number,
      year: r[1] as number,
      bodyKey: r[2] as string,
      organ: r[3] as string | null,
      divisionCode: r[4] as string | null,
      countyCode: r[5] as string | null,
      cityCode: r[6] as string | null,
      provinceCode: r[7] as string | null,
      hasFailure: Boolean(r[8]),
      values: r.slice(9, 9 + n) as (number | null)[],
      previous: q.withPrevious ? ((r[9 + n] as number | null) ?? null) : null,
    }));
  }
}
