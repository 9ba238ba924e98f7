import { NUMERIC_FIELDS, fieldIdsFor, type FieldValue, type TemplateId } from '@nianbao/shared';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { auditLog, corrections } from './schema.ts';

/** Index of each numeric field id in NUMERIC_FIELDS (the wide row's order). */
export const NUMERIC_INDEX: ReadonlyMap<string, number> = new Map(NUMERIC_FIELDS.map((f, i) => [f.id, i]));

/**
 * A report's fields as the checks read them (checkReport looks at which ids a report carries):
 * the template's numeric ids, valued from the wide row (`NaN` or undefined is null).
 */
export function fieldsForChecks(template: string | null, singleOther: boolean, value: (index: number) => number | null | undefined): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  if (!template) return out;
  for (const id of fieldIdsFor(template as TemplateId, singleOther)) {
    const i = NUMERIC_INDEX.get(id);
    if (i === undefined) continue;
    const v = value(i);
    out[id] = v === undefined || v === null || v !== v ? null : v;
  }
  return out;
}

const same = (a: number | null, b: number | null) => (a === null ? b === null : b !== null && a === b);

/**
 * Corrections across a re-ingest of their report (ReportStore.write, inside the report's own
 * transaction): the same file (same content hash) keeps every active correction; a changed file
 * keeps one only where the newly parsed value still equals the value it replaced (then it applies
 * to the new hash), and the rest become `needs_review` (not applied; the parsed value stands).
 */
export class CorrectionCarrier {
  private readonly active;
  private readonly rehash;
  private readonly review;
  private readonly audit;

  constructor(db: Db) {
    const p = sql.placeholder;
    this.active = db.select({ id: corrections.id, fieldId: corrections.fieldId, value: corrections.value, parsed: corrections.parsed, contentHash: corrections.contentHash })
      .from(corrections).where(and(eq(corrections.reportId, p('reportId')), eq(corrections.status, 'active'))).prepare();
    this.rehash = db.update(corrections).set({ contentHash: p('hash') as never }).where(eq(corrections.id, p('id'))).prepare();
    this.review = db.update(corrections).set({ status: 'needs_review', endedAt: p('at') as never, endedBy: 'ingest', reparsed: p('reparsed') as never }).where(eq(corrections.id, p('id'))).prepare();
    this.audit = db.insert(auditLog).values({
      at: p('at') as never, userName: 'ingest', action: 'correction.needs_review', reportId: p('reportId') as never, fieldId: p('fieldId') as never,
      correctionId: p('id') as never, before: p('before') as never, after: p('after') as never,
    }).prepare();
  }

  /**
   * Applies the report's kept corrections to `numeric` (a copy is returned when any applies) and
   * marks the others for review. `numeric` null: the file no longer reads (failed), all need review.
   */
  carry(reportId: number, hash: string, numeric: Float64Array | null): { numeric: Float64Array | null; applied: number; review: number } {
    const rows = this.active.all({ reportId });
    if (rows.length === 0) return { numeric, applied: 0, review: 0 };
    const at = new Date().toISOString();
    let out = numeric;
    let applied = 0;
    let review = 0;
    for (const r of rows) {
      const i = NUMERIC_INDEX.get(r.fieldId);
      const raw = numeric && i !== undefined ? numeric[i] : NaN;
      const reparsed = raw !== raw ? null : raw;
      if (numeric && i !== undefined && (r.contentHash === hash || same(reparsed, r.parsed))) {
        if (out === numeric) out = Float64Array.from(numeric);
        out![i] = r.value === null ? NaN : r.value;
        if (r.contentHash !== hash) this.rehash.run({ hash, id: r.id });
        applied++;
      } else {
        this.review.run({ at, reparsed, id: r.id });
        this.audit.run({
          at, reportId, fieldId: r.fieldId, id: r.id,
          before: JSON.stringify({ status: 'active', value: r.value, parsed: r.parsed, contentHash: r.contentHash }),
          after: JSON.stringify({ status: 'needs_review', reparsed, contentHash: hash }),
        });
        review++;
      }
    }
    return { numeric: out, applied, review };
  }
}
