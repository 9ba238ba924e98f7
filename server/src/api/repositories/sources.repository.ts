import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../store/db.ts';
import { reports, reportSources } from '../../store/schema.ts';

export interface SourceFileRow {
  id: number;
  sourcePath: string;
  fileName: string;
  format: string | null;
  contentHash: string;
  status: string;
}

/** A report's provenance document and the file it was read from. */
export class SourcesRepository {
  private readonly fileQuery;
  private readonly dataQuery;

  constructor(db: Db) {
    const id = sql.placeholder('id');
    this.fileQuery = db.$client.prepare(
      db.select({ id: reports.id, sourcePath: reports.sourcePath, fileName: reports.fileName, format: reports.format, contentHash: reports.contentHash, status: reports.status })
        .from(reports).where(eq(reports.id, id)).toSQL().sql,
    ).raw(); // arrays: drizzle's SQL names the columns as stored, not as the properties above
    this.dataQuery = db.$client.prepare(db.select({ data: reportSources.data }).from(reportSources).where(eq(reportSources.reportId, id)).toSQL().sql).pluck();
  }

  file(id: number): SourceFileRow | undefined {
    const r = this.fileQuery.get(id) as [number, string, string, string | null, string, string] | undefined;
    return r && { id: r[0], sourcePath: r[1], fileName: r[2], format: r[3], contentHash: r[4], status: r[5] };
  }

  /** The deflated provenance document, if ingest stored one (ok reports read by this version). */
  data(id: number): Buffer | undefined {
    return this.dataQuery.get(id) as Buffer | undefined;
  }
}
