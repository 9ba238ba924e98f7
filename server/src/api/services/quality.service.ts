import { RULE_TITLES, type ProblemReport, type QualityResponse, type QualityRow, type QualityRule, type QualityRuleFilter, type RegionRef } from '@nianbao/shared';
import type { ResultCache } from '../cache.ts';
import type { ProblemRow, QualityRepository, QualityScope } from '../repositories/quality.repository.ts';
import type { RegionsService } from './regions.service.ts';
import { reportIdentity } from './reports.service.ts';

/** Problem and rule rows are what the API sends; the types live in shared/ for the web client. */
export type { ProblemReport, QualityRow, QualityRule, QualityRuleFilter };

export interface QualityFilter {
  /** Province, city, county or township code, or `all`. */
  region: string;
  year?: number;
  rule?: QualityRuleFilter;
  townships?: boolean;
}

/** The filter's counts without its rows: what every page of one list shares. */
type Summary = Omit<QualityResponse, 'total' | 'page' | 'pageSize' | 'rows'>;

const PICK: Record<'failing' | 'file' | 'region', (r: QualityRow) => boolean> = {
  failing: (r) => r.failedRules.length > 0,
  file: (r) => r.status === 'failed',
  region: (r) => r.status === 'ok' && r.regionStatus !== 'resolved',
};

/** Latest year first, then by place (code), then in ingest order; files with no year last. */
function listOrder(a: QualityRow, b: QualityRow): number {
  if (a.year !== b.year) return a.year === null ? 1 : b.year === null ? -1 : b.year - a.year;
  const ca = a.townshipCode ?? a.countyCode ?? a.cityCode ?? a.provinceCode ?? '';
  const cb = b.townshipCode ?? b.countyCode ?? b.cityCode ?? b.provinceCode ?? '';
  return ca < cb ? -1 : ca > cb ? 1 : a.id - b.id;
}

/**
 * What ingest could not read cleanly — failed files, unplaced regions, consistency failures —
 * within a region (any level), a year and a rule, with the same counts as the leagues where asked.
 */
export class QualityService {
  constructor(private readonly repo: QualityRepository, private readonly regions: RegionsService, private readonly cache: ResultCache) {}

  private scopeOf(f: QualityFilter): { scope: QualityScope; region: RegionRef | null; key: string } {
    const r = f.region === 'all' ? null : this.regions.require(f.region, 'region');
    const scope: QualityScope = { scope: r ? { level: r.level, code: r.code } : undefined, year: f.year, townships: f.townships ?? false };
    return { scope, region: r && { code: r.code, name: r.name, level: r.level }, key: `${f.region}:${f.year ?? 'all'}:${f.townships ? 1 : 0}` };
  }

  /** The list rows of problem reports, named from the region directory (looked up once per list). */
  private named(rows: ProblemRow[]): QualityRow[] {
    const dir = this.regions.directory();
    const name = (code: string | null) => (code ? (dir.get(code)?.name ?? null) : null);
    return rows.map((r) => this.row(r, name)).sort(listOrder);
  }

  private row(r: ProblemRow, name: (code: string | null) => string | null): QualityRow {
    return {
      ...reportIdentity(r),
      regionStatus: r.regionStatus,
      candidates: r.regionCandidates ? JSON.parse(r.regionCandidates) : [],
      failedRules: r.failedRules ? r.failedRules.split(',').map(Number) : [],
      provinceCode: r.provinceCode, provinceName: name(r.provinceCode),
      cityCode: r.cityCode, cityName: name(r.cityCode),
      countyCode: r.countyCode, countyName: name(r.countyCode),
      townshipCode: r.townshipCode, townshipName: name(r.townshipCode),
    };
  }

  /** Every problem report of the scope (failed files, unplaced regions, failed hard rules), in list order. */
  private problems(f: QualityFilter): readonly QualityRow[] {
    const { scope, key } = this.scopeOf(f);
    return this.cache.get(`quality-problems:${key}`, () => this.named(this.repo.problems(scope)));
  }

  /** The rows of one list: the filter's problems, or the reports failing one rule. */
  rows(f: QualityFilter): readonly QualityRow[] {
    const { scope, key } = this.scopeOf(f);
    const rule = f.rule;
    if (rule === undefined) return this.problems(f);
    return this.cache.get(`quality-rows:${key}:${rule}`, () => {
      if (rule === 'failing' || rule === 'file' || rule === 'region') return this.problems(f).filter(PICK[rule]);
      return this.named(this.repo.problems(scope, Number(rule)));
    });
  }

  /** Files, status and rule counts of the region, year (and townships) of `f`, with each list's length. */
  summary(f: QualityFilter): Summary {
    const { scope, region, key } = this.scopeOf(f);
    const base = this.cache.get(`quality-summary:${key}`, () => {
      const byStatus = new Map<string, number>();
      const byRegion = new Map<string, number>();
      for (const r of this.repo.countByStatus(scope)) {
        byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.n);
        if (r.status === 'ok') byRegion.set(r.regionStatus ?? 'unresolved', (byRegion.get(r.regionStatus ?? 'unresolved') ?? 0) + r.n);
      }
      const ruleCounts = this.repo.countByRule(scope);
      const rules = ([1, 2, 3, 4, 5, 6] as const).map((rule): QualityRule => {
        const n = (s: string) => ruleCounts.find((c) => c.rule === rule && c.status === s)?.n ?? 0;
        return { rule, title: RULE_TITLES[rule].zh, titleEn: RULE_TITLES[rule].en, advisory: rule === 6, pass: n('pass'), fail: n('fail'), uncertain: n('uncertain') };
      });
      const all = this.problems(f);
      const ok = byStatus.get('ok') ?? 0;
      const failed = byStatus.get('failed') ?? 0;
      return {
        files: ok + failed,
        ok,
        failed,
        regions: { resolved: byRegion.get('resolved') ?? 0, ambiguous: byRegion.get('ambiguous') ?? 0, unresolved: byRegion.get('unresolved') ?? 0 },
        rules,
        counts: { all: all.length, failing: all.filter(PICK.failing).length, file: all.filter(PICK.file).length, region: all.filter(PICK.region).length },
      };
    });
    return { region, year: f.year ?? null, rule: f.rule ?? null, townships: f.townships ?? false, ...base };
  }

  /** One page of a list with its summary: the answer of GET /api/quality. */
  page(f: QualityFilter, page: number, pageSize: number): QualityResponse {
    const rows = this.rows(f);
    const start = (page - 1) * pageSize;
    return { ...this.summary(f), total: rows.length, page, pageSize, rows: rows.slice(start, start + pageSize) };
  }
}
