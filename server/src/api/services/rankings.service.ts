import {
  isLocalBodyType, METRIC_BY_ID, METRICS, type AggregateRow, type BodyRow, type LeagueBodyType, type LeagueRow, type MetricDef, type RegionLevel, type RegionStat, type TrendPoint,
  type TrendSeries,
} from '@nianbao/shared';
import type { ResultCache } from '../cache.ts';
import { BadRequestError } from '../errors.ts';
import type { MetricRow, MetricsRepository, ScopeLevel, TypedBodyRow } from '../repositories/metrics.repository.ts';
import type { RegionsService } from './regions.service.ts';
import { byCode, byValue, competitionRanks, pooledShare, summarize } from './stats.ts';

export type Order = 'asc' | 'desc';
export type LeagueSort = 'rank' | 'change' | 'name' | 'code';

export interface LeagueQuery {
  metric: string;
  year: number;
  level: RegionLevel;
  parent: string;
  order: Order;
  sort: LeagueSort;
  dir?: Order;
  /** Only rows with a report failing a hard rule (ranks stay those of the whole league). */
  failing?: boolean;
  /** What ranks: townships (and regions of them), or departments / governments (default township). */
  body?: LeagueBodyType;
}

/** A body other than a township that has a league. */
export type RankedBody = Exclude<LeagueBodyType, 'township'>;

/** A league row is exactly what the API sends; the type lives in shared/ for the web client. */
export type { LeagueRow };

export interface League {
  metric: string;
  year: number;
  body: LeagueBodyType;
  level: RegionLevel;
  parent: { code: string; name: string; level: RegionLevel } | null;
  order: Order;
  rows: LeagueRow[];
}

export type { AggregateRow };

/** Trend shapes are what the API sends; they live in shared/ for the web client. */
export type { TrendPoint, TrendSeries };

const LEVEL_SCOPE: Record<RegionLevel, ScopeLevel> = { province: 'province', city: 'city', county: 'county', township: 'township' };
const CODE_OF: Record<RegionLevel, (r: MetricRow) => string | null> = {
  township: (r) => r.townshipCode,
  county: (r) => r.countyCode,
  city: (r) => r.cityCode,
  province: (r) => r.provinceCode,
};

/** Rounds sums so equal money totals tie (float addition order must not break a tie). */
const tidy = (v: number | null) => (v === null ? null : Math.round(v * 1e6) / 1e6);
/** Means, medians, extremes and shares to six decimals: 0.333333, not 0.3333333333333333 (false precision, and ten bytes a cell in every answer). */
const six = tidy;

export function metricOf(id: string): MetricDef {
  const m = METRIC_BY_ID.get(id);
  if (!m) throw new BadRequestError('metric', `unknown metric ${id} (see GET /api/metrics)`);
  return m;
}

/** The metric columns a region-level figure needs: the metric, or a share's numerator and denominator. */
function columnsFor(m: MetricDef): MetricDef[] {
  return m.ratio ? [m, metricOf(m.ratio.numerator), metricOf(m.ratio.denominator)] : [m];
}

/** A region's own figure from its township reports: the sum, or the pooled share. */
function regionValue(m: MetricDef, rows: { values: (number | null)[] }[]): number | null {
  if (m.ratio) return six(pooledShare(rows.map((r) => ({ num: r.values[1], den: r.values[2] }))));
  return tidy(summarize(rows.map((r) => r.values[0])).sum);
}

/** The figure a region's `value` holds for a stat: its own figure (sum or pooled share), or the mean or median over its townships. */
function statValue(stat: RegionStat, total: number | null, s: { mean: number | null; median: number | null }): number | null {
  if (stat === 'mean') return six(s.mean);
  if (stat === 'median') return six(s.median);
  return total;
}

/** Competition ranks (1, 2, 2, 4) of rows in league order, and whether each rank is shared: a tie shows as one whichever page holds the rows. */
function assignRanks(rows: LeagueRow[]): void {
  const ranks = competitionRanks(rows.map((r) => r.value));
  const count = new Map<number, number>();
  for (const r of ranks) if (r !== null) count.set(r, (count.get(r) ?? 0) + 1);
  rows.forEach((r, i) => {
    r.rank = ranks[i];
    r.tied = ranks[i] !== null && (count.get(ranks[i]!) ?? 0) > 1;
  });
}

function groupBy<T>(items: T[], key: (t: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

/** One report per body and year: the latest ingested (highest id) if a body has two. */
function latestPerBodyYear(rows: TypedBodyRow[]): TypedBodyRow[] {
  const best = new Map<string, TypedBodyRow>();
  for (const r of rows) {
    const k = `${r.bodyKey}|${r.year}`;
    const cur = best.get(k);
    if (!cur || r.reportId > cur.reportId) best.set(k, r);
  }
  return [...best.values()];
}

/** The region levels a league of bodies may be asked within: a county or city's departments; governments within a larger region. */
const BODY_PARENTS: Record<RankedBody, readonly RegionLevel[]> = {
  department: ['county', 'city'],
  area: ['county', 'city'],
  county_government: ['province', 'city', 'county'],
  city_government: ['province', 'city'],
};

/** One report per township and year: the latest ingested (highest id) if a township has two. */
function latestPerTownshipYear(rows: MetricRow[]): MetricRow[] {
  const best = new Map<string, MetricRow>();
  for (const r of rows) {
    const k = `${r.townshipCode}|${r.year}`;
    const cur = best.get(k);
    if (!cur || r.reportId > cur.reportId) best.set(k, r);
  }
  return [...best.values()];
}

/** League tables, aggregates, trends and comparisons over the precomputed report metrics. */
export class RankingsService {
  constructor(
    private readonly metricsRepo: MetricsRepository,
    private readonly regions: RegionsService,
    private readonly cache: ResultCache,
  ) {}

  private scopeOf(parent: ReturnType<RegionsService['requireParent']>) {
    return parent ? { level: LEVEL_SCOPE[parent.level], code: parent.code } : undefined;
  }

  league(q: LeagueQuery): League {
    const m = metricOf(q.metric);
    const body = q.body ?? 'township';
    const parent = body === 'township' ? this.regions.requireParent(q.parent, q.level) : this.bodyParent(body, q.parent, q.level);
    const dir = q.dir ?? (q.sort === 'change' ? 'desc' : 'asc');
    const key = `league:${body}:${m.id}:${q.year}:${q.level}:${q.parent}:${q.order}:${q.sort}:${dir}:${q.failing ? 1 : 0}`;
    return this.cache.get(key, () => {
      const all = body === 'township' ? this.rankedLeague(m, q.year, q.level, parent, q.order) : this.rankedBodies(m, q.year, body, parent, q.order);
      const ranked = q.failing ? all.filter((r) => r.failing > 0) : all;
      const rows = q.sort === 'rank' && dir === 'asc' ? ranked : sortRows([...ranked], q.sort, dir);
      const level = body === 'township' ? q.level : body === 'city_government' || (isLocalBodyType(body) && parent?.level === 'city') ? 'city' : 'county';
      return { metric: m.id, year: q.year, body, level, parent: parent && { code: parent.code, name: parent.name, level: parent.level }, order: q.order, rows };
    });
  }

  /** The region a league of departments or governments is asked within (a department's county or city). */
  private bodyParent(body: RankedBody, code: string, level: RegionLevel) {
    if (level !== 'township') throw new BadRequestError('level', `level ${level} ranks regions of townships; with body=${body} leave level out`);
    if (code === 'all') {
      if (isLocalBodyType(body)) throw new BadRequestError('parent', `${body === 'area' ? 'area offices' : 'departments'} rank within their county or city: give its code as parent`);
      return null;
    }
    const r = this.regions.require(code, 'parent');
    if (!BODY_PARENTS[body].includes(r.level)) {
      throw new BadRequestError('parent', `${code} is a ${r.level}; ${body} leagues are asked within a ${BODY_PARENTS[body].join(' or ')} (or "all" for governments)`);
    }
    return r;
  }

  /** Departments or governments ranked: one row per body (its latest report of the year). */
  private rankedBodies(m: MetricDef, year: number, body: RankedBody, parent: ReturnType<RegionsService['requireParent']>, order: Order): LeagueRow[] {
    return this.cache.get(`bodies-ranked:${body}:${m.id}:${year}:${parent?.code ?? 'all'}:${order}`, () => {
      const data = latestPerBodyYear(this.metricsRepo.typedBodyRows({ type: body, metrics: [m], years: [year], scope: this.scopeOf(parent), withPrevious: true }));
      const rows = data.map((r) => this.bodyRow(body, r, r.values[0], r.previous));
      const cmp = byValue(order);
      rows.sort((a, b) => cmp(a.value, b.value) || ZH_NAMES.compare(a.name, b.name) || byCode(a.code, b.code));
      assignRanks(rows);
      return rows;
    });
  }

  /** A league row of one body's report: named as printed, placed in its county (or city). */
  private bodyRow(body: RankedBody, r: TypedBodyRow, value: number | null, previous: number | null): LeagueRow {
    const l = this.regions.lineage(r);
    return {
      rank: null,
      tied: false,
      code: r.bodyKey,
      name: r.organ ?? '',
      level: body === 'city_government' || !r.countyCode ? 'city' : 'county',
      body,
      countyCode: l.county?.code ?? null,
      countyName: l.county?.name ?? null,
      cityCode: l.city?.code ?? null,
      cityName: l.city?.name ?? null,
      provinceCode: l.province?.code ?? null,
      provinceName: l.province?.name ?? null,
      value,
      previous,
      change: value !== null && previous !== null ? tidy(value - previous) : null,
      reportId: r.reportId,
      hasFailure: r.hasFailure,
      reports: 1,
      failing: r.hasFailure ? 1 : 0,
      previousReports: previous === null ? null : 1,
    };
  }

  private rankedLeague(m: MetricDef, year: number, level: RegionLevel, parent: ReturnType<RegionsService['requireParent']>, order: Order): LeagueRow[] {
    return this.cache.get(`league-ranked:${m.id}:${year}:${level}:${parent?.code ?? 'all'}:${order}`, () => {
      // Both orders rank the same rows (the overview asks for the top and the bottom): read them once.
      const rows = this.leagueRows(m, year, level, parent).map((r) => ({ ...r }));
      const cmp = byValue(order);
      rows.sort((a, b) => cmp(a.value, b.value) || byCode(a.code, b.code));
      assignRanks(rows);
      return rows;
    });
  }

  /** A league's rows before ranking: each township's report, or each region's figure from its townships. */
  private leagueRows(m: MetricDef, year: number, level: RegionLevel, parent: ReturnType<RegionsService['requireParent']>): readonly LeagueRow[] {
    return this.cache.get(`league-rows:${m.id}:${year}:${level}:${parent?.code ?? 'all'}`, () => {
      // The whole country's rows, when already read, hold every region's: filter instead of reading again.
      const national = parent ? this.cache.peek<readonly LeagueRow[]>(`league-rows:${m.id}:${year}:${level}:all`) : undefined;
      if (parent && national) {
        const codeOf = PARENT_CODE[parent.level as Exclude<RegionLevel, 'township'>];
        return national.filter((r) => codeOf(r) === parent.code);
      }
      const scope = this.scopeOf(parent);
      if (level === 'township') {
        const data = latestPerTownshipYear(this.metricsRepo.townshipRows({ metrics: [m], years: [year], scope, withPrevious: true }));
        return data.map((r) => this.row(r.townshipCode, 'township', r, r.values[0], r.previous, r.reportId, r.hasFailure ? 1 : 0, 1, r.previous === null ? null : 1));
      }
      const data = this.metricsRepo.townshipRows({ metrics: columnsFor(m), years: [year - 1, year], scope });
      const latest = latestPerTownshipYear(data);
      const now = groupBy(latest.filter((r) => r.year === year), CODE_OF[level]);
      const before = groupBy(latest.filter((r) => r.year === year - 1), CODE_OF[level]);
      return [...now.entries()].map(([code, list]) => {
        const prevRows = before.get(code);
        const failing = list.filter((r) => r.hasFailure).length;
        const previous = prevRows ? regionValue(m, prevRows) : null;
        return this.row(code, level, list[0], regionValue(m, list), previous, null, failing, list.length, previous === null ? null : prevRows!.length);
      });
    });
  }

  private row(
    code: string, level: RegionLevel, codes: MetricRow, value: number | null, previous: number | null, reportId: number | null, failing: number, reports: number,
    previousReports: number | null,
  ): LeagueRow {
    const l = this.regions.lineage(codes);
    const self = this.regions.directory().get(code);
    const above = (lvl: RegionLevel, r: { code: string; name: string } | null) => (LEVEL_DEPTH[lvl] < LEVEL_DEPTH[level] ? r : null);
    const county = above('county', l.county);
    const city = above('city', l.city);
    const province = above('province', l.province);
    return {
      rank: null,
      tied: false,
      code,
      name: self?.name ?? '',
      level,
      body: 'township',
      countyCode: county?.code ?? null,
      countyName: county?.name ?? null,
      cityCode: city?.code ?? null,
      cityName: city?.name ?? null,
      provinceCode: province?.code ?? null,
      provinceName: province?.name ?? null,
      value,
      previous,
      change: value !== null && previous !== null ? tidy(value - previous) : null,
      reportId,
      hasFailure: failing > 0,
      reports,
      failing,
      previousReports,
    };
  }

  aggregates(q: { metric: string; year: number; level: 'county' | 'city' | 'province'; parent: string; stat?: RegionStat }): { metric: string; stat: RegionStat; year: number; level: RegionLevel; parent: League['parent']; rows: AggregateRow[] } {
    const m = metricOf(q.metric);
    const stat = q.stat ?? 'sum';
    const parent = this.regions.requireParent(q.parent, q.level);
    return this.cache.get(`aggregates:${m.id}:${stat}:${q.year}:${q.level}:${q.parent}`, () => {
      const data = latestPerTownshipYear(this.metricsRepo.townshipRows({ metrics: columnsFor(m), years: [q.year], scope: this.scopeOf(parent) }));
      const rows: AggregateRow[] = [];
      for (const [code, list] of groupBy(data, CODE_OF[q.level])) {
        const l = this.regions.lineage(list[0]);
        const s = summarize(list.map((r) => r.values[0]));
        const total = regionValue(m, list);
        rows.push({
          code,
          name: this.regions.directory().get(code)?.name ?? '',
          level: q.level,
          cityName: q.level === 'county' ? (l.city?.name ?? null) : null,
          provinceName: q.level !== 'province' ? (l.province?.name ?? null) : null,
          townships: new Set(list.map((r) => r.townshipCode)).size,
          reports: list.length,
          withValue: s.n,
          value: statValue(stat, total, s),
          total,
          sum: m.additive ? tidy(s.sum) : null,
          mean: six(s.mean),
          median: six(s.median),
          min: six(s.min),
          max: six(s.max),
          zeroShare: s.n ? six(s.zeros / s.n) : null,
          failingShare: six(list.filter((r) => r.hasFailure).length / list.length),
        });
      }
      rows.sort((a, b) => byCode(a.code, b.code));
      return { metric: m.id, stat, year: q.year, level: q.level, parent: parent && { code: parent.code, name: parent.name, level: parent.level }, rows };
    });
  }

  /**
   * Reports outside every township league in a year and region: bodies above township level
   * (county and city governments, departments) and townships not placed with certainty. Largest
   * value of the metric first, then by body.
   */
  bodies(q: { metric: string; year: number; parent: string }): { metric: string; year: number; parent: League['parent']; rows: BodyRow[] } {
    const m = metricOf(q.metric);
    const parent = this.regions.requireParent(q.parent, 'township');
    return this.cache.get(`bodies:${m.id}:${q.year}:${q.parent}`, () => {
      const data = this.metricsRepo.bodyRows({ year: q.year, metrics: [m, ...BODY_METRICS], scope: this.scopeOf(parent) });
      const rows: BodyRow[] = data.map((r) => {
        const region = r.divisionCode ? (this.regions.directory().get(r.divisionCode) ?? null) : null;
        return {
          reportId: r.reportId,
          organ: r.organ,
          code: region?.code ?? null,
          name: region?.name ?? null,
          level: region?.level ?? null,
          regionStatus: r.regionStatus,
          body: r.bodyType,
          value: r.values[0],
          proactive: r.values[1],
          received: r.values[2],
          disputes: r.values[3],
          hasFailure: r.hasFailure,
        };
      });
      const cmp = byValue('desc');
      rows.sort((a, b) => cmp(a.value, b.value) || ZH_NAMES.compare(a.organ ?? '', b.organ ?? '') || a.reportId - b.reportId);
      return { metric: m.id, year: q.year, parent: parent && { code: parent.code, name: parent.name, level: parent.level }, rows };
    });
  }

  trend(q: { metric: string; regions: string[]; body?: LeagueBodyType; bodies?: string[]; stat?: RegionStat; from?: number; to?: number }): { metric: string; stat: RegionStat; series: TrendSeries[] } {
    const m = metricOf(q.metric);
    const stat = q.stat ?? 'sum';
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw new BadRequestError('from', `from ${q.from} is after to ${q.to}`);
    const body = q.body ?? 'township';
    if (body !== 'township') return this.bodyTrend(m, body, q.regions, q.bodies ?? [], stat, { from: q.from, to: q.to });
    if (q.regions.length === 0) throw new BadRequestError('regions', 'give one or more region codes');
    const targets = q.regions.map((c) => this.regions.require(c, 'regions'));
    return this.cache.get(`trend:${m.id}:${stat}:${q.from ?? ''}-${q.to ?? ''}:${q.regions.join(',')}`, () => ({
      metric: m.id,
      stat,
      series: targets.map((region) => {
        const data = latestPerTownshipYear(this.metricsRepo.townshipRows({
          metrics: columnsFor(m), yearRange: { from: q.from, to: q.to }, scope: { level: LEVEL_SCOPE[region.level], code: region.code },
        }));
        const points = [...groupBy(data, (r) => String(r.year)).entries()]
          .map(([year, list]): TrendPoint => {
            const s = summarize(list.map((r) => r.values[0]));
            const total = region.level === 'township' ? list[0].values[0] : regionValue(m, list);
            return {
              year: Number(year),
              value: region.level === 'township' ? total : statValue(stat, total, s),
              total,
              median: six(s.median),
              mean: six(s.mean),
              min: six(s.min),
              max: six(s.max),
              townships: list.length,
              withValue: s.n,
              reportId: region.level === 'township' ? list[0].reportId : null,
            };
          })
          .sort((a, b) => a.year - b.year);
        return { code: region.code, name: region.name, level: region.level, body: 'township' as const, points };
      }),
    }));
  }

  /**
   * Trends of departments or governments: per region, its bodies' total (sum or pooled share),
   * median, mean and extremes each year; per body key, that body's own values.
   */
  private bodyTrend(m: MetricDef, body: RankedBody, regionCodes: string[], bodyKeys: string[], stat: RegionStat, range: { from?: number; to?: number }): { metric: string; stat: RegionStat; series: TrendSeries[] } {
    if (regionCodes.length === 0 && bodyKeys.length === 0) throw new BadRequestError('regions', `give region codes or body keys (bodies) for body=${body}`);
    const targets = regionCodes.map((c) => this.bodyParent(body, c, 'township')!);
    return this.cache.get(`trend:${body}:${m.id}:${stat}:${range.from ?? ''}-${range.to ?? ''}:${regionCodes.join(',')}:${bodyKeys.join(',')}`, () => {
      const pointsOf = (list: TypedBodyRow[], own: boolean): TrendPoint[] =>
        [...groupBy(list, (r) => String(r.year)).entries()]
          .map(([year, rows]): TrendPoint => {
            const s = summarize(rows.map((r) => r.values[0]));
            const total = own ? rows[0].values[0] : regionValue(m, rows);
            return {
              year: Number(year), value: own ? total : statValue(stat, total, s), total, median: six(s.median), mean: six(s.mean), min: six(s.min), max: six(s.max),
              townships: rows.length, withValue: s.n, reportId: own ? rows[0].reportId : null,
            };
          })
          .sort((a, b) => a.year - b.year);
      const series: TrendSeries[] = targets.map((region) => {
        const data = latestPerBodyYear(this.metricsRepo.typedBodyRows({ type: body, metrics: columnsFor(m), yearRange: range, scope: { level: LEVEL_SCOPE[region.level], code: region.code } }));
        return { code: region.code, name: region.name, level: region.level, body, points: pointsOf(data, false) };
      });
      if (bodyKeys.length) {
        const byBody = groupBy(latestPerBodyYear(this.metricsRepo.typedBodyRows({ type: body, metrics: [m], bodies: bodyKeys })), (r) => r.bodyKey);
        for (const key of bodyKeys) {
          const list = byBody.get(key);
          if (!list) throw new BadRequestError('bodies', `no ${body} reports of body ${key} (see the codes of GET /api/league?body=${body})`);
          const latest = list.reduce((a, b) => (b.year > a.year ? b : a));
          // Read over all years, so a body known but without reports in the range is an empty series, not an unknown key.
          const inRange = list.filter((r) => (range.from === undefined || r.year >= range.from) && (range.to === undefined || r.year <= range.to));
          series.push({ code: key, name: latest.organ ?? '', level: body === 'city_government' || !latest.countyCode ? 'city' : 'county', body, points: pointsOf(inRange, true) });
        }
      }
      return { metric: m.id, stat, series };
    });
  }

  compare(q: { year: number; townships: string[] }) {
    const targets = q.townships.map((c) => this.regions.require(c, 'townships'));
    for (const t of targets) if (t.level !== 'township') throw new BadRequestError('townships', `${t.code} is a ${t.level}, not a township`);
    return this.cache.get(`compare:${q.year}:${q.townships.join(',')}`, () => {
      const rows = latestPerTownshipYear(this.metricsRepo.townshipRows({ metrics: METRICS as MetricDef[], years: [q.year], townships: q.townships }));
      const byTownship = new Map(rows.map((r) => [r.townshipCode, r]));
      const columns = targets.map((t) => {
        const r = byTownship.get(t.code);
        const l = this.regions.lineage({ townshipCode: t.code, countyCode: t.countyCode, cityCode: t.cityCode, provinceCode: t.provinceCode });
        return {
          code: t.code, name: t.name, countyName: l.county?.name ?? null, cityName: l.city?.name ?? null, provinceName: l.province?.name ?? null,
          reportId: r?.reportId ?? null, hasFailure: r?.hasFailure ?? false,
        };
      });
      const metrics = METRICS.map((m, i) => ({
        id: m.id, label: m.label, labelEn: m.labelEn, unit: m.unit,
        values: targets.map((t) => byTownship.get(t.code)?.values[i] ?? null),
      }));
      return { year: q.year, townships: columns, metrics };
    });
  }
}

/** A league row's code of the region above it at a parent's level. */
const PARENT_CODE: Record<Exclude<RegionLevel, 'township'>, (r: LeagueRow) => string | null> = {
  province: (r) => r.provinceCode,
  city: (r) => r.cityCode,
  county: (r) => r.countyCode,
};

/** The fixed figures of a body row beside the asked metric. */
const BODY_METRICS = ['proactive.total', 'applications.received', 'disputes.total'].map((id) => METRIC_BY_ID.get(id)!);

/** Pinyin order of Chinese names (one collator: `localeCompare` with a locale builds one per call). */
const ZH_NAMES = new Intl.Collator('zh-Hans-CN');

const LEVEL_DEPTH: Record<RegionLevel, number> = { province: 0, city: 1, county: 2, township: 3 };

function sortRows(rows: LeagueRow[], sort: LeagueSort, dir: Order): LeagueRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const num = byValue(dir);
  switch (sort) {
    case 'rank':
      return rows.sort((a, b) => (a.rank === null || b.rank === null ? (a.rank === b.rank ? 0 : a.rank === null ? 1 : -1) : sign * (a.rank - b.rank)) || byCode(a.code, b.code));
    case 'change':
      return rows.sort((a, b) => num(a.change, b.change) || byCode(a.code, b.code));
    case 'name':
      return rows.sort((a, b) => sign * ZH_NAMES.compare(a.name, b.name) || byCode(a.code, b.code));
    case 'code':
      return rows.sort((a, b) => sign * byCode(a.code, b.code));
  }
}
