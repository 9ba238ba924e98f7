/**
 * Response shapes of the HTTP API (server/src/api/routes/*.routes.ts, typebox schemas), for
 * clients such as the web dashboard. Keep in step with the route schemas: the dashboard's e2e
 * test reads every endpoint it uses against a real server.
 */
import type { MetricBetter, MetricGroup, MetricUnit } from './metrics.ts';
import type { BodyType, LeagueBodyType, RegionLevel } from './types.ts';

export type Lang = 'zh' | 'en';
export type SortDir = 'asc' | 'desc';
export type LeagueSort = 'rank' | 'change' | 'name' | 'code';
export type AggregateLevel = 'county' | 'city' | 'province';

/**
 * What went wrong, stable across versions (the message is English prose for people reading the
 * API; the dashboard shows its own words for each code):
 * - `no_reports_for_year`: the year asked for has no reports (`year`; `years` lists those that do)
 * - `unknown_region`: a region code with no reports (`parameter` names it)
 * - `invalid_parameter`: a parameter the API cannot use as given (`parameter`)
 * - `not_found`, `unauthorized`, `forbidden`, `conflict`, `too_large`, `too_many_requests` (429), `bad_request`, `busy` (503, try again), `internal`
 */
export type ApiErrorCode =
  | 'no_reports_for_year' | 'unknown_region' | 'invalid_parameter' | 'not_found' | 'unauthorized' | 'forbidden' | 'conflict'
  | 'too_large' | 'too_many_requests' | 'bad_request' | 'busy' | 'internal';
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  code: ApiErrorCode;
  parameter?: string;
  /** no_reports_for_year: the year asked for, and the years with reports (ascending). */
  year?: number;
  years?: number[];
}

export interface RegionRef {
  code: string;
  name: string;
  level: RegionLevel;
}

// GET /api/metrics
export interface ApiMetric {
  id: string;
  label: string;
  labelEn: string;
  unit: MetricUnit;
  group: MetricGroup | string;
  source: 'field' | 'derived';
  templates: string[];
  formula: string;
  additive: boolean;
  ratio?: { numerator: string; denominator: string };
  better: MetricBetter;
}
export interface MetricsResponse {
  units: Record<string, { zh: string; en: string }>;
  metrics: ApiMetric[];
}

// GET /api/regions
export interface RegionNode {
  code: string;
  name: string;
  level: RegionLevel;
  /** Ok reports per year in this region. */
  reports: { year: number; count: number }[];
  children: RegionNode[];
}
export interface RegionsResponse {
  years: number[];
  provinces: RegionNode[];
}

// GET /api/regions/search
export interface RegionSearchHit {
  code: string;
  name: string;
  level: RegionLevel;
  /** Ancestors from the province down (municipalities' placeholder cities left out). */
  path: { code: string; name: string; level: RegionLevel }[];
}
export interface RegionSearchResponse {
  /** Regions matching in all; `regions` holds the first `limit` of them, best first. */
  total: number;
  regions: RegionSearchHit[];
}

// GET /api/league
export interface LeagueQuery {
  metric: string;
  year: number;
  level?: RegionLevel;
  parent?: string;
  order?: SortDir;
  sort?: LeagueSort;
  dir?: SortDir;
  page?: number;
  pageSize?: number;
  /** Only rows with a report failing a hard rule. */
  failing?: boolean;
  /**
   * What ranks (default township): `department` = the departments of the county or city `parent`;
   * `county_government` / `city_government` = the governments within `parent`. Only with level township.
   */
  body?: LeagueBodyType;
}
export interface LeagueRow {
  rank: number | null;
  /** Another row of the whole league shares this rank (shown `=2`), on whatever page it is. */
  tied: boolean;
  /** A region code; for a department or government, its body key (the same body across years). */
  code: string;
  /** A region's name; for a department or government, its organ as printed in that year's report. */
  name: string;
  level: RegionLevel;
  /** The kind of body ranked (township also for region rows, which sum townships). */
  body: LeagueBodyType;
  countyCode: string | null;
  countyName: string | null;
  cityCode: string | null;
  cityName: string | null;
  provinceCode: string | null;
  provinceName: string | null;
  value: number | null;
  /** The same region's value in year − 1, null when it has none. */
  previous: number | null;
  change: number | null;
  /** The township's (or body's) report; null for region rows. */
  reportId: number | null;
  /** Township: its report failed a hard consistency rule. Region: at least one of its reports did. */
  hasFailure: boolean;
  /** Township reports counted (1 for a township). */
  reports: number;
  /**
   * Township reports behind `previous` (null when there is no previous value). For a region it
   * may differ from `reports`: part of the change is then a change of which townships reported.
   */
  previousReports: number | null;
  /** Reports failing a hard rule. */
  failing: number;
}
export interface LeagueResponse {
  metric: string;
  year: number;
  body: LeagueBodyType;
  level: RegionLevel;
  parent: RegionRef | null;
  order: SortDir;
  total: number;
  page: number;
  pageSize: number;
  rows: LeagueRow[];
}

// GET /api/bodies
export interface BodiesQuery {
  metric: string;
  year: number;
  parent?: string;
}
/**
 * A report of a body that is not a township (a county or city government, a department, a 片区
 * 管理局), or of a township whose place is not settled (ambiguous, unresolved): outside every
 * township league, listed on its own.
 */
export interface BodyRow {
  reportId: number;
  organ: string | null;
  /** The division the body was placed in (null where none). */
  code: string | null;
  name: string | null;
  level: RegionLevel | null;
  regionStatus: string | null;
  /** The kind of body (a department has a league among its county's or city's departments). */
  body: BodyType | null;
  /** The asked metric. */
  value: number | null;
  proactive: number | null;
  received: number | null;
  disputes: number | null;
  hasFailure: boolean;
}
export interface BodiesResponse {
  metric: string;
  year: number;
  parent: RegionRef | null;
  rows: BodyRow[];
}

/**
 * Which figure of a region's townships `value` holds (aggregates and trend): `sum` the region's
 * own figure (sum, or pooled share for shares); `mean` and `median` over the townships that
 * reported that year with a value.
 */
export type RegionStat = 'sum' | 'mean' | 'median';
export const REGION_STATS: readonly RegionStat[] = ['sum', 'mean', 'median'];

// GET /api/aggregates
export interface AggregatesQuery {
  metric: string;
  year: number;
  level: AggregateLevel;
  parent?: string;
  /** What `value` holds; default `sum`. */
  stat?: RegionStat;
}
export interface AggregateRow {
  code: string;
  name: string;
  level: RegionLevel;
  cityName: string | null;
  provinceName: string | null;
  /** Distinct townships with a report this year. */
  townships: number;
  reports: number;
  /** Reports where the metric has a value. */
  withValue: number;
  /** The asked stat: by default the sum for additive metrics, pooled share for shares — the region's own figure. */
  value: number | null;
  /** The region's own figure (sum, or pooled share), whatever the stat. */
  total: number | null;
  sum: number | null;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  /** Share of reports with a value where it is 0. */
  zeroShare: number | null;
  /** Share of reports failing any hard consistency rule. */
  failingShare: number | null;
}
export interface AggregatesResponse {
  metric: string;
  stat: RegionStat;
  year: number;
  level: RegionLevel;
  parent: RegionRef | null;
  rows: AggregateRow[];
}

// GET /api/trend
export interface TrendQuery {
  metric: string;
  regions: string[];
  stat?: RegionStat;
  /** First and last year (inclusive); default every year. */
  from?: number;
  to?: number;
}
export interface TrendPoint {
  year: number;
  /** The asked stat (see `RegionStat`); a township's own value whatever the stat. */
  value: number | null;
  /** The region's own figure (sum, or pooled share). */
  total: number | null;
  median: number | null;
  mean: number | null;
  min: number | null;
  max: number | null;
  townships: number;
  /** Townships whose report has a value: the count behind mean and median. */
  withValue: number;
  reportId: number | null;
}
export interface TrendSeries {
  /** A region code, or a body key (trend of one department or government). */
  code: string;
  name: string;
  level: RegionLevel;
  /** Whose reports: a region's townships (township), its departments, or one body's own (the server always says). */
  body?: LeagueBodyType;
  points: TrendPoint[];
}
export interface TrendResponse {
  metric: string;
  stat: RegionStat;
  series: TrendSeries[];
}

// GET /api/compare
export interface CompareTownship {
  code: string;
  name: string;
  countyName: string | null;
  cityName: string | null;
  provinceName: string | null;
  reportId: number | null;
  hasFailure: boolean;
}
export interface CompareMetric {
  id: string;
  label: string;
  labelEn: string;
  unit: string;
  values: (number | null)[];
}
export interface CompareResponse {
  year: number;
  townships: CompareTownship[];
  metrics: CompareMetric[];
}

// GET /api/reports/:id
export interface ReportCell {
  field: string;
  label: string;
  labelEn: string;
  value: number | null;
}
export interface ReportTableRow {
  id: string;
  label: string;
  labelEn: string;
  cells: ReportCell[];
}
export interface ReportTable {
  id: 't2' | 't3' | 't4' | string;
  title: string;
  titleEn: string;
  rows: ReportTableRow[];
}
export interface ReportCheck {
  rule: number;
  title: string;
  titleEn: string;
  status: 'pass' | 'fail' | 'uncertain' | string;
  detail: string;
}
/** What names a report in every answer that lists or shows one. */
export interface ReportIdentity {
  id: number;
  fileName: string;
  sourcePath: string;
  status: string;
  error: string | null;
  organ: string | null;
  year: number | null;
}
export interface ReportDetail extends ReportIdentity {
  template: string | null;
  /** Kind of body (null for a failed file): a department or government ranks among its peers. */
  body: BodyType | null;
  region: {
    status: string | null;
    code: string | null;
    township: { code: string; name: string } | null;
    county: { code: string; name: string } | null;
    city: { code: string; name: string } | null;
    province: { code: string; name: string } | null;
    candidates: { code: string; name: string }[];
  };
  proactive: { total: number | null; approx: boolean | null };
  tables: ReportTable[];
  metrics: { id: string; label: string; labelEn: string; unit: string; value: number | null }[];
  failedRules: number[];
  checks: ReportCheck[];
  warnings: string[];
  /** Field ids left null because the parser could not decide their value (see warnings), unlike cells blank in the report. */
  uncertain: string[];
  evidence: { field: string; value: number | null; text: string }[];
  /** Editors' corrections: `active` ones are the values the cells hold now; `needs_review` ones are not applied (the file changed). */
  corrections: ReportCorrection[];
  /** Corrections not applied since the file changed under them (see GET /api/reports/:id/history). */
  needsReview: number;
}

// POST /api/reports/:id/corrections, GET /api/reports/:id/history
export interface ReportCorrection {
  id: number;
  field: string;
  value: number | null;
  /** The parsed value it replaces. */
  parsed: number | null;
  confirm: boolean;
  reason: string;
  by: string;
  at: string;
  /** SHA-256 of the file it applies to. */
  contentHash: string;
  status: 'active' | 'superseded' | 'reverted' | 'needs_review';
  endedAt: string | null;
  endedBy: string | null;
  /** needs_review: what the changed file reads now. */
  reparsed: number | null;
}
export interface CorrectionRequest {
  field: string;
  /** null: an empty cell. Left out with confirm. */
  value?: number | null;
  reason: string;
  /** Confirm the parsed value as is (an uncertain cell). */
  confirm?: boolean;
}
export interface CorrectionHistory {
  reportId: number;
  needsReview: number;
  corrections: ReportCorrection[];
}
// GET/POST/DELETE /api/session
export interface SessionAnswer {
  editor: { name: string; region: { code: string; name: string; level: string } | null } | null;
  private: boolean;
}
// GET /api/audit
export interface AuditEntry {
  id: number;
  at: string;
  user: string;
  action: string;
  reportId: number | null;
  field: string | null;
  correctionId: number | null;
  before: unknown;
  after: unknown;
}

// GET /api/quality
/** `rule` of GET /api/quality: a rule number, `failing` (any hard rule, 1–5), `file` (unreadable files), `region` (unplaced regions). */
export type QualityRuleFilter = '1' | '2' | '3' | '4' | '5' | '6' | 'failing' | 'file' | 'region';
export interface QualityQuery {
  /** Province, city, county or township code, or `all` (default). */
  region?: string;
  year?: number;
  rule?: QualityRuleFilter;
  /** Only the township reports the leagues count (one per township and year), as the dashboard's failing counts do. */
  townships?: boolean;
  page?: number;
  pageSize?: number;
}
export interface ProblemReport extends ReportIdentity {
  regionStatus: string | null;
  candidates: { code: string; name: string }[];
  failedRules: number[];
}
/** A problem report with the divisions it was placed in (codes and names; null where not placed). */
export interface QualityRow extends ProblemReport {
  provinceCode: string | null;
  provinceName: string | null;
  cityCode: string | null;
  cityName: string | null;
  countyCode: string | null;
  countyName: string | null;
  townshipCode: string | null;
  townshipName: string | null;
}
export interface QualityRule {
  rule: number;
  title: string;
  titleEn: string;
  advisory: boolean;
  pass: number;
  fail: number;
  uncertain: number;
}
export interface QualityResponse {
  region: RegionRef | null;
  year: number | null;
  rule: QualityRuleFilter | null;
  townships: boolean;
  /** Counts within region, year (and townships); `rule` only picks the rows. */
  files: number;
  ok: number;
  failed: number;
  regions: { resolved: number; ambiguous: number; unresolved: number };
  rules: QualityRule[];
  /** Rows each list filter would give: every problem, a hard rule failed, unreadable files, unplaced regions. */
  counts: { all: number; failing: number; file: number; region: number };
  total: number;
  page: number;
  pageSize: number;
  rows: QualityRow[];
}

/** A table row as the report prints it (provenance). */
export interface SourceRowAnswer {
  /** Line (1-based) of the text read from the file, where the row begins. */
  line: number;
  /** Where that line sits in the file when the format says more (a PDF page: `第 3 页`). */
  where: string | null;
  /** The row's label as printed, wrapped lines joined. */
  label: string;
  /** The row's value cells as printed, in order. */
  cells: string[];
  /**
   * Where a PDF prints the row: its page, its box [x0, top, x1, bottom] and its value cells' x
   * ranges where known, in points from the page's top left (the page image is `pageDpi`/72 pixels a point).
   */
  box: { page: number; row: [number, number, number, number]; cells: [number, number][] | null } | null;
}

/** `GET /api/reports/:id/sources`: where each of a report's numbers was read. */
export interface ReportSourcesAnswer {
  reportId: number;
  fileName: string;
  format: string | null;
  /** False for a report ingested before provenance was kept (re-ingest to get it) or a failed file. */
  available: boolean;
  /** The original file is still where it was ingested (`GET /api/reports/:id/file`). */
  fileAvailable: boolean;
  /** Rows were rebuilt from a crawler's one-line text: lines are of the rebuilt text. */
  flattened: boolean;
  rows: SourceRowAnswer[];
  /** Field id → its row (index into rows), its cell there, the cell as printed, its column's label. */
  cells: Record<string, { row: number; cell: number; raw: string; column: string }>;
  /** Narrative values: the sentence each was read from and its line. */
  narrative: { field: string; text: string; line: number }[];
  /** Resolution of the page images (`/api/reports/:id/pages/:n`), to place boxes on them. */
  pageDpi: number;
  /** Each table's header lines as printed (`t2`, `t3`, `t4`): its column labels as the report gives them. */
  headers: Record<string, string[]>;
}

// POST /api/uploads
export interface UploadResult {
  /** Relative path as uploaded; archive entries as `archive.zip/entry`. */
  name: string;
  status: 'stored' | 'failed' | 'skipped' | 'held';
  reason: string | null;
  reasonZh: string | null;
  size: number;
  sha256: string | null;
  format: string | null;
  reportId: number | null;
  duplicateOf: { id: number; fileName: string; organ: string | null; year: number | null } | null;
  organ: string | null;
  year: number | null;
  region: { status: string | null; code: string | null; name: string | null; township: string | null; county: string | null; city: string | null; province: string | null } | null;
  checks: { rule: number; status: string }[];
  failedRules: number[];
  uncertain: string[];
}

export interface UploadAnswer {
  stored: number;
  failed: number;
  skipped: number;
  held: number;
  seconds: number;
  results: UploadResult[];
}
