import { and, asc, count, eq, exists, gt, isNotNull, ne, notExists, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../store/db.ts';
import { checks, reports } from '../../store/schema.ts';
import type { ScopeLevel } from './metrics.repository.ts';

/** Which reports the data-quality figures look at. */
export interface QualityScope {
  /** Only reports placed in this region (by the codes ingest stored). */
  scope?: { level: ScopeLevel; code: string };
  year?: number;
  /** Only the township reports the leagues count: ok, placed in a township, the latest-ingested of its township and year. */
  townships?: boolean;
}

export interface ProblemRow {
  id: number;
  fileName: string;
  sourcePath: string;
  status: 'ok' | 'failed';
  error: string | null;
  organ: string | null;
  year: number | null;
  regionStatus: string | null;
  regionCandidates: string | null;
  failedRules: string;
  townshipCode: string | null;
  countyCode: string | null;
  cityCode: string | null;
  provinceCode: string | null;
}

const SCOPE_COLUMN = {
  province: reports.provinceCode,
  city: reports.cityCode,
  county: reports.countyCode,
  township: reports.townshipCode,
};

const later = alias(reports, 'later');

/** Failed files, unplaced regions and rule failures, filtered by region, year and rule (the only SQL of the quality answers). */
export class QualityRepository {
  constructor(private readonly db: Db) {}

  private where(f: QualityScope): SQL[] {
    const out: SQL[] = [];
    // The region's own index (year, code) serves both: with a year, one range; without, one per year.
    if (f.year !== undefined) out.push(eq(reports.year, f.year));
    if (f.scope) out.push(eq(SCOPE_COLUMN[f.scope.level], f.scope.code));
    if (f.townships) {
      out.push(eq(reports.status, 'ok'), isNotNull(reports.year), isNotNull(reports.townshipCode));
      // A township with two reports for a year counts the later-ingested one (as the leagues do).
      out.push(notExists(this.db.select({ one: later.id }).from(later).where(and(
        eq(later.year, reports.year), eq(later.townshipCode, reports.townshipCode), eq(later.status, 'ok'), gt(later.id, reports.id),
      ))));
    }
    return out;
  }

  /**
   * Problem reports in id order: with `rule`, those whose check of that rule failed (rule 6, advisory,
   * included); otherwise every failed file, unplaced region or failed hard rule.
   */
  problems(f: QualityScope, rule?: number): ProblemRow[] {
    const where = this.where(f);
    if (rule !== undefined) {
      where.push(exists(this.db.select({ one: checks.reportId }).from(checks).where(and(eq(checks.reportId, reports.id), eq(checks.rule, rule), eq(checks.status, 'fail')))));
    } else {
      where.push(or(eq(reports.status, 'failed'), ne(reports.regionStatus, 'resolved'), ne(reports.failedRules, ''))!);
    }
    return this.db
      .select({
        id: reports.id, fileName: reports.fileName, sourcePath: reports.sourcePath, status: reports.status, error: reports.error,
        organ: reports.organ, year: reports.year, regionStatus: reports.regionStatus, regionCandidates: reports.regionCandidates,
        failedRules: reports.failedRules, townshipCode: reports.townshipCode, countyCode: reports.countyCode, cityCode: reports.cityCode,
        provinceCode: reports.provinceCode,
      })
      .from(reports)
      .where(and(...where))
      .orderBy(asc(reports.id))
      .all();
  }

  /** Reports per status (ok, failed) and region status, in one pass. */
  countByStatus(f: QualityScope) {
    return this.db
      .select({ status: reports.status, regionStatus: reports.regionStatus, n: count() })
      .from(reports)
      .where(and(...this.where(f)))
      .groupBy(reports.status, reports.regionStatus)
      .all();
  }

  countByRule(f: QualityScope) {
    const where = this.where(f);
    if (where.length === 0) return this.db.select({ rule: checks.rule, status: checks.status, n: count() }).from(checks).groupBy(checks.rule, checks.status).all();
    return this.db
      .select({ rule: checks.rule, status: checks.status, n: count() })
      .from(reports)
      .innerJoin(checks, eq(checks.reportId, reports.id))
      .where(and(...where))
      .groupBy(checks.rule, checks.status)
      .all();
  }
}
