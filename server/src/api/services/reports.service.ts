import {
  FIELD_BY_ID, METRICS, RULE_TITLES, T2_ROWS_2019, T2_ROWS_2021, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS,
  isSplitOtherRow, type RegionCandidate, type ReportCorrection, type ReportIdentity,
} from '@nianbao/shared';
import type { ResultCache } from '../cache.ts';
import { NotFoundError } from '../errors.ts';
import type { MetricsRepository } from '../repositories/metrics.repository.ts';
import type { FieldsRow, ReportRow, ReportsRepository } from '../repositories/reports.repository.ts';
import type { RegionsService } from './regions.service.ts';

export interface Cell {
  field: string;
  label: string;
  labelEn: string;
  value: number | null;
}

export interface TableRow {
  id: string;
  label: string;
  labelEn: string;
  cells: Cell[];
}

export interface ReportTable {
  id: 't2' | 't3' | 't4';
  title: string;
  titleEn: string;
  rows: TableRow[];
}

function valueOf(fields: FieldsRow | null, id: string): number | null {
  const def = FIELD_BY_ID.get(id);
  return def && fields ? (fields[def.column] ?? null) : null;
}

/** The three tables of the report's template, every cell labelled, in print order. */
export function reportTables(template: string | null, singleOther: boolean, fields: FieldsRow | null): ReportTable[] {
  // A report older than the national templates has no table fields: no empty tables to show.
  if (template === 'unknown') return [];
  const is2019 = template === '2019';
  const t2rows = is2019 ? T2_ROWS_2019 : T2_ROWS_2021;
  const prefix = is2019 ? 't2_2019' : 't2';
  const t2: ReportTable = {
    id: 't2', title: '二、主动公开政府信息情况', titleEn: 'Proactive disclosure',
    rows: t2rows.map((r) => ({
      id: r.id, label: r.label, labelEn: r.labelEn,
      cells: r.cols.map((c) => ({ field: `${prefix}.${r.id}.${c.id}`, label: c.label, labelEn: c.labelEn, value: valueOf(fields, `${prefix}.${r.id}.${c.id}`) })),
    })),
  };
  const t3: ReportTable = {
    id: 't3', title: '三、收到和处理政府信息公开申请情况', titleEn: 'Applications received and handled',
    rows: T3_ROWS.filter((r) => (singleOther ? !isSplitOtherRow(r.id) : r.id !== 'other.total')).map((r) => ({
      id: r.id, label: r.label, labelEn: r.labelEn,
      cells: T3_COLUMNS.map((c) => ({ field: `t3.${r.id}.${c.id}`, label: c.label, labelEn: c.labelEn, value: valueOf(fields, `t3.${r.id}.${c.id}`) })),
    })),
  };
  const t4: ReportTable = {
    id: 't4', title: '四、政府信息公开行政复议、行政诉讼情况', titleEn: 'Administrative reconsideration and litigation',
    rows: T4_GROUPS.map((g) => ({
      id: g.id, label: g.label, labelEn: g.labelEn,
      cells: T4_COLUMNS.map((c) => ({ field: `t4.${g.id}.${c.id}`, label: c.label, labelEn: c.labelEn, value: valueOf(fields, `t4.${g.id}.${c.id}`) })),
    })),
  };
  return [t2, t3, t4];
}

/** What names a report in every answer that lists or shows one. */
export function reportIdentity(r: Pick<ReportRow, keyof ReportIdentity>): ReportIdentity {
  return { id: r.id, fileName: r.fileName, sourcePath: r.sourcePath, status: r.status, error: r.error, organ: r.organ, year: r.year };
}

/** One report as the detail view shows it. */
export class ReportsService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly metricsRepo: MetricsRepository,
    private readonly regions: RegionsService,
    private readonly cache: ResultCache,
    /** Editors' corrections of the report: active ones (the values its cells hold) and those needing review. */
    private readonly marks?: (id: number) => { corrections: ReportCorrection[]; needsReview: number },
  ) {}

  /** The report with its tables as objects (the fields CSV walks them). */
  detail(id: number) {
    return this.cache.getOnSecondAsk(`report:${id}`, () => {
      const { base, r, fields } = this.load(id);
      return { ...base, tables: r.status === 'ok' ? reportTables(r.template, Boolean(r.singleOther), fields) : [] };
    });
  }

  /**
   * The same report as JSON text, exactly `JSON.stringify(detail(id))`, with the tables written
   * into their template's serialised skeleton: labels are the same in every report of a template,
   * and building and serialising ~700 label objects per request was most of its cost.
   */
  detailJson(id: number): string {
    const { base, r, fields } = this.load(id);
    const json = JSON.stringify({ ...base, tables: TABLES_HOLE });
    const tables = r.status === 'ok' ? reportTablesJson(r.template, Boolean(r.singleOther), fields) : '[]';
    const at = json.indexOf(TABLES_HOLE_JSON);
    return json.slice(0, at) + tables + json.slice(at + TABLES_HOLE_JSON.length);
  }

  /** Everything of the detail but its tables, in the answer's key order. */
  private load(id: number) {
    const found = this.repo.byId(id);
    if (!found) throw new NotFoundError(`report ${id} does not exist`);
    const { report: r, fields } = found;
    const l = this.regions.lineage(r);
    const metricValues = this.metricsRepo.metricsOf(id, METRICS);
    const candidates: RegionCandidate[] = r.regionCandidates ? JSON.parse(r.regionCandidates) : [];
    const base = {
      ...reportIdentity(r),
      template: r.template,
      body: r.bodyType ?? null,
      region: {
        status: r.regionStatus,
        code: r.townshipCode ?? r.countyCode ?? r.cityCode ?? r.provinceCode,
        township: l.township && { code: l.township.code, name: l.township.name },
        county: l.county && { code: l.county.code, name: l.county.name },
        city: l.city && { code: l.city.code, name: l.city.name },
        province: l.province && { code: l.province.code, name: l.province.name },
        candidates,
      },
      proactive: { total: valueOf(fields, 'proactive.total'), approx: valueOf(fields, 'proactive.approx') === null ? null : valueOf(fields, 'proactive.approx') === 1 },
      tables: null as unknown,
      metrics: metricValues
        ? METRICS.flatMap((m, i) => (m.source === 'derived' ? [{ id: m.id, label: m.label, labelEn: m.labelEn, unit: m.unit, value: metricValues[i] }] : []))
        : [],
      failedRules: r.failedRules ? r.failedRules.split(',').map(Number) : [],
      checks: this.repo.checksOf(id).map((c) => ({
        rule: c.rule, title: RULE_TITLES[c.rule as 1].zh, titleEn: RULE_TITLES[c.rule as 1].en, status: c.status, detail: c.detail,
      })),
      warnings: JSON.parse(r.warnings) as string[],
      uncertain: JSON.parse(r.uncertainFields) as string[],
      evidence: this.repo.evidenceOf(id).map((e) => ({ field: e.fieldId, value: e.value, text: e.text })),
      ...(this.marks ? this.marks(id) : { corrections: [], needsReview: 0 }),
    };
    return { base, r, fields };
  }
}

/** Stands in for the tables while the rest is serialised (no report string can hold a NUL). */
const TABLES_HOLE = '\u0000tables';
const TABLES_HOLE_JSON = JSON.stringify(TABLES_HOLE);

/** A template variant's tables as JSON text around the value cells, and each cell's column. */
interface TablesSkeleton {
  parts: string[];
  columns: string[];
}

const skeletons = new Map<string, TablesSkeleton>();

function tablesSkeleton(template: string | null, singleOther: boolean): TablesSkeleton {
  const key = `${template}:${singleOther}`;
  let sk = skeletons.get(key);
  if (!sk) {
    const tables = reportTables(template, singleOther, null);
    const columns: string[] = [];
    for (const t of tables) {
      for (const row of t.rows) {
        for (const c of row.cells) {
          (c as { value: unknown }).value = `\u0001${columns.length}`;
          columns.push(FIELD_BY_ID.get(c.field)!.column);
        }
      }
    }
    sk = { parts: JSON.stringify(tables).split(/"\\u0001\d+"/), columns };
    skeletons.set(key, sk);
  }
  return sk;
}

/** `JSON.stringify(reportTables(template, singleOther, fields))`, written into the template's skeleton. */
export function reportTablesJson(template: string | null, singleOther: boolean, fields: FieldsRow | null): string {
  const sk = tablesSkeleton(template, singleOther);
  let out = sk.parts[0];
  for (let i = 0; i < sk.columns.length; i++) {
    const v = fields ? fields[sk.columns[i]] : null;
    out += (v === null || v === undefined ? 'null' : String(v)) + sk.parts[i + 1];
  }
  return out;
}
