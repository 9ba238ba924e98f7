import { NUMERIC_FIELDS, type CheckResult, type FieldValue } from '@nianbao/shared';
import { and, eq, inArray } from 'drizzle-orm';
import type { ProcessedReport } from '../pipeline.ts';
import { PARSER_VERSION } from '../parse/index.ts';
import { divisions, lineage } from '../resolve/divisions.ts';
import { rule5 } from '../check/rules.ts';
import type { Db } from './db.ts';
import { checks, evidence, regions, reportFields, reports } from './schema.ts';

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

export class ReportStore {
  constructor(private readonly db: Db) {}

  /** What is stored per source path, to skip unchanged files. */
  knownFiles(): Map<string, StoredFile> {
    const rows = this.db
      .select({ path: reports.sourcePath, id: reports.id, contentHash: reports.contentHash, parserVersion: reports.parserVersion })
      .from(reports)
      .all();
    return new Map(rows.map((r) => [r.path, r]));
  }

  private upsertRegions(code: string) {
    const d = divisions().byCode.get(code);
    if (!d) return;
    const l = lineage(d);
    const chain = [l.province, l.city, l.county, l.township].filter((x) => x !== null);
    let parent: string | null = null;
    for (const r of chain) {
      this.db
        .insert(regions)
        .values({ code: r.code, name: r.name, level: r.level, parentCode: parent, provinceCode: r.provinceCode, cityCode: l.city && r.level !== 'province' ? l.city.code : null, countyCode: r.level === 'township' || r.level === 'county' ? r.countyCode : null })
        .onConflictDoNothing()
        .run();
      parent = r.code;
    }
  }

  /** Writes one processed file (ok or failed), replacing what the path had. */
  save(path: string, hash: string, p: ProcessedReport, previous: StoredFile | undefined): { id: number; outcome: StoreOutcome; bodyKey: string | null } {
    const o = p.output;
    const f = o.fields;
    const region = p.region;
    const d = region?.divisionCode ? divisions().byCode.get(region.divisionCode) : undefined;
    const l = d ? lineage(d) : null;
    const organ = (f.organ as string | null) ?? null;
    const bodyKey = region?.code ?? (region?.divisionCode ? `${region.divisionCode}:${organ ?? ''}` : organ ? `organ:${organ}` : null);
    const row = {
      sourcePath: path,
      fileName: path.split(/[\\/]/).pop()!,
      contentHash: hash,
      parserVersion: PARSER_VERSION,
      format: p.format,
      encoding: p.source,
      status: o.ok ? ('ok' as const) : ('failed' as const),
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
      bodyKey: o.ok ? bodyKey : null,
      singleOther: p.parsed?.singleOther ?? null,
      failedRules: failedRules(o.checks),
      warnings: JSON.stringify(o.warnings),
      ingestedAt: new Date().toISOString(),
    };
    return this.db.transaction((tx) => {
      if (region?.divisionCode) this.upsertRegions(region.divisionCode);
      let id: number;
      if (previous) {
        id = previous.id;
        tx.update(reports).set(row).where(eq(reports.id, id)).run();
        tx.delete(reportFields).where(eq(reportFields.reportId, id)).run();
        tx.delete(checks).where(eq(checks.reportId, id)).run();
        tx.delete(evidence).where(eq(evidence.reportId, id)).run();
      } else {
        id = tx.insert(reports).values(row).returning({ id: reports.id }).get().id;
      }
      if (o.ok) {
        const values: Record<string, number | null> = { reportId: id };
        for (const def of NUMERIC_FIELDS) values[def.column] = toNumber(f[def.id]);
        tx.insert(reportFields).values(values as typeof reportFields.$inferInsert).run();
        if (o.checks.length) tx.insert(checks).values(o.checks.map((c) => ({ reportId: id, ...c }))).run();
        const ev = [];
        if (p.parsed?.proactive.evidence) ev.push({ reportId: id, fieldId: 'proactive.total', value: p.parsed.proactive.total, text: p.parsed.proactive.evidence });
        if (p.parsed?.applications.evidence) ev.push({ reportId: id, fieldId: 'narrative.applications', value: p.parsed.applications.value, text: p.parsed.applications.evidence });
        if (ev.length) tx.insert(evidence).values(ev).run();
      }
      return { id, outcome: previous ? ('updated' as const) : ('added' as const), bodyKey: row.bodyKey };
    });
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
   * Replaces the rule-5 rows of those reports and refreshes their failed-rules summary.
   */
  recomputeCrossYear(bodyKeys: Set<string>): number {
    if (bodyKeys.size === 0) return 0;
    let written = 0;
    const keys = [...bodyKeys];
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const rows = this.db
        .select()
        .from(reports)
        .innerJoin(reportFields, eq(reportFields.reportId, reports.id))
        .where(inArray(reports.bodyKey, chunk))
        .all();
      const byBody = new Map<string, typeof rows>();
      for (const r of rows) {
        if (r.reports.status !== 'ok' || r.reports.year === null || r.reports.template === 'unknown') continue;
        const list = byBody.get(r.reports.bodyKey!) ?? [];
        list.push(r);
        byBody.set(r.reports.bodyKey!, list);
      }
      this.db.transaction((tx) => {
        for (const list of byBody.values()) {
          const byYear = new Map(list.map((r) => [r.reports.year!, r]));
          for (const r of list) {
            tx.delete(checks).where(and(eq(checks.reportId, r.reports.id), eq(checks.rule, 5))).run();
            const prev = byYear.get(r.reports.year! - 1);
            const current = r.reports.failedRules.split(',').filter((x) => x && x !== '5');
            if (prev) {
              const result = rule5(fieldsOf(r.report_fields, r.reports.template!), fieldsOf(prev.report_fields, prev.reports.template!));
              tx.insert(checks).values({ reportId: r.reports.id, ...result }).run();
              written++;
              if (result.status === 'fail') current.push('5');
            }
            tx.update(reports).set({ failedRules: current.sort().join(',') }).where(eq(reports.id, r.reports.id)).run();
          }
        }
      });
    }
    return written;
  }
}

function toNumber(v: FieldValue | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/** A stored field row back to canonical ids (only the ids its template carries). */
function fieldsOf(row: Record<string, unknown>, template: string): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const def of NUMERIC_FIELDS) {
    if (!def.templates.includes(template as never)) continue;
    out[def.id] = (row[def.column] as number | null) ?? null;
  }
  return out;
}
