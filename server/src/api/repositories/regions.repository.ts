import { count, isNotNull } from 'drizzle-orm';
import type { Db } from '../../store/db.ts';
import { regions, reportMetrics } from '../../store/schema.ts';

export type RegionRow = typeof regions.$inferSelect;

export interface ReportCountRow {
  year: number;
  townshipCode: string | null;
  countyCode: string | null;
  cityCode: string | null;
  provinceCode: string | null;
  reports: number;
}

/** Divisions that reports point at, and how many reports each has per year. */
export class RegionsRepository {
  constructor(private readonly db: Db) {}

  all(): RegionRow[] {
    return this.db.select().from(regions).all();
  }

  /** Ok reports per year and region lineage (report_metrics holds exactly the ok reports with a year). */
  reportCounts(): ReportCountRow[] {
    const m = reportMetrics;
    return this.db
      .select({ year: m.year, townshipCode: m.townshipCode, countyCode: m.countyCode, cityCode: m.cityCode, provinceCode: m.provinceCode, reports: count() })
      .from(m)
      .where(isNotNull(m.provinceCode))
      .groupBy(m.year, m.townshipCode, m.countyCode, m.cityCode, m.provinceCode)
      .all();
  }

  years(): number[] {
    return this.db
      .selectDistinct({ year: reportMetrics.year })
      .from(reportMetrics)
      .orderBy(reportMetrics.year)
      .all()
      .map((r) => r.year);
  }
}
