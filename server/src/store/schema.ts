import { BODY_TYPES, METRICS, NUMERIC_FIELDS } from '@nianbao/shared';
import { blob, index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The data model. `report_fields` is wide: one REAL column per numeric field of the catalog
 * (`t3.granted.total` → `t3__granted__total`), so a league table is one indexed column scan.
 */

/** Divisions that reports point at, with their ancestors. */
export const regions = sqliteTable('regions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  level: text('level', { enum: ['province', 'city', 'county', 'township'] }).notNull(),
  parentCode: text('parent_code'),
  provinceCode: text('province_code').notNull(),
  cityCode: text('city_code'),
  countyCode: text('county_code'),
});

/** One row per source file: its identity, what was read, and whether it failed. */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourcePath: text('source_path').notNull().unique(),
    fileName: text('file_name').notNull(),
    contentHash: text('content_hash').notNull(),
    parserVersion: text('parser_version').notNull(),
    format: text('format'),
    encoding: text('encoding'),
    status: text('status', { enum: ['ok', 'failed'] }).notNull(),
    error: text('error'),
    organ: text('organ'),
    year: integer('year'),
    template: text('template'),
    regionStatus: text('region_status'),
    /** Deepest division resolved (township, county, city or province code). */
    divisionCode: text('division_code').references(() => regions.code),
    townshipCode: text('township_code'),
    countyCode: text('county_code'),
    cityCode: text('city_code'),
    provinceCode: text('province_code'),
    regionCandidates: text('region_candidates'),
    /** Same body across years (rule 5): township code, else division + organ, else organ. */
    bodyKey: text('body_key'),
    /** Kind of body (resolve/bodyType.ts): township, department, area, county_government, city_government, other. */
    bodyType: text('body_type', { enum: BODY_TYPES }),
    singleOther: integer('single_other', { mode: 'boolean' }),
    /** Hard rules (1–5) that failed, e.g. "1,4"; empty when none. Rule 6 is advisory. */
    failedRules: text('failed_rules').notNull().default(''),
    warnings: text('warnings').notNull().default('[]'),
    /** Field ids the parser could not decide (ParseOutput.uncertain), JSON array. */
    uncertainFields: text('uncertain_fields').notNull().default('[]'),
    ingestedAt: text('ingested_at').notNull(),
  },
  (t) => [
    index('reports_year_township').on(t.year, t.townshipCode),
    index('reports_year_county').on(t.year, t.countyCode),
    index('reports_year_city').on(t.year, t.cityCode),
    index('reports_year_province').on(t.year, t.provinceCode),
    index('reports_body_year').on(t.bodyKey, t.year),
    index('reports_status').on(t.status),
  ],
);

const fieldColumns = Object.fromEntries(NUMERIC_FIELDS.map((f) => [f.column, real(f.column)]));

export const reportFields = sqliteTable('report_fields', {
  reportId: integer('report_id')
    .primaryKey()
    .references(() => reports.id, { onDelete: 'cascade' }),
  ...fieldColumns,
});

export const checks = sqliteTable(
  'checks',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    rule: integer('rule').notNull(),
    status: text('status', { enum: ['pass', 'fail', 'uncertain'] }).notNull(),
    detail: text('detail').notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.rule] }), index('checks_rule_status').on(t.rule, t.status)],
);

/** Where narrative values were read from: the sentence, per field. */
export const evidence = sqliteTable(
  'evidence',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    fieldId: text('field_id').notNull(),
    value: real('value'),
    text: text('text').notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.fieldId] })],
);

const metricColumns = Object.fromEntries(METRICS.map((m) => [m.column, real(m.column)]));

/**
 * Precomputed per report for the API (refreshed at the end of ingest): every metric of the
 * metric catalog, derived ones included, with the region codes, the previous year's report of the
 * same township, and whether a hard rule failed. One row per ok report with a year.
 */
export const reportMetrics = sqliteTable(
  'report_metrics',
  {
    reportId: integer('report_id')
      .primaryKey()
      .references(() => reports.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    townshipCode: text('township_code'),
    countyCode: text('county_code'),
    cityCode: text('city_code'),
    provinceCode: text('province_code'),
    /** Kind of body and its cross-year identity (reports.body_type, reports.body_key). */
    bodyType: text('body_type', { enum: BODY_TYPES }),
    bodyKey: text('body_key'),
    /** The same body's report of year − 1 (for "last year" and "change"), if any: by township code, else by body key. */
    prevReportId: integer('prev_report_id'),
    hasFailure: integer('has_failure', { mode: 'boolean' }).notNull(),
    ...metricColumns,
  },
  (t) => [
    index('report_metrics_year_county').on(t.year, t.countyCode),
    index('report_metrics_year_city').on(t.year, t.cityCode),
    index('report_metrics_year_province').on(t.year, t.provinceCode),
    index('report_metrics_township_year').on(t.townshipCode, t.year),
    index('report_metrics_body_year').on(t.bodyType, t.year),
  ],
);

/** One row: the state of `reports` that `report_metrics` was computed from. */
export const metricsState = sqliteTable('metrics_state', {
  id: integer('id').primaryKey(),
  fingerprint: text('fingerprint').notNull(),
  refreshedAt: text('refreshed_at').notNull(),
});

/**
 * Bodies whose cross-year results (rule 5, and the metrics built on them) are not yet recomputed
 * after their reports changed. Written in the same transaction as each report, cleared once the
 * run has recomputed them: a run killed in between leaves them here for the next run to finish.
 */
export const pendingCrossYear = sqliteTable('pending_cross_year', {
  bodyKey: text('body_key').primaryKey(),
});

/**
 * Where each stored number of a report was read (provenance): per table cell the text as printed,
 * its row label as printed, the row's other cells, and the line (and page, for a PDF) of the
 * extracted text. One deflated JSON document per report (store/provenance.ts), as the same
 * labels repeat in every report and a row per cell would double the database.
 */
export const reportSources = sqliteTable('report_sources', {
  reportId: integer('report_id')
    .primaryKey()
    .references(() => reports.id, { onDelete: 'cascade' }),
  data: blob('data', { mode: 'buffer' }).notNull(),
});

/**
 * Editors: accounts added by `pnpm user add NAME [--region CODE]` (cli/user.ts). A password is
 * stored as an scrypt hash only; `region_code` (any level) limits the reports the editor may correct.
 */
export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  regionCode: text('region_code'),
  createdAt: text('created_at').notNull(),
});

/** Signed-in sessions (@fastify/session's store): removed with their user, or once expired. */
export const sessions = sqliteTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    data: text('data').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_expires').on(t.expiresAt)],
);

/**
 * Corrections of table cells by editors, beside the parsed value they replace. At most one
 * `active` correction per report and field; its value is what report_fields holds. A correction
 * applies to one content hash of the file: re-ingesting a changed file keeps it only where the
 * newly parsed value still equals `parsed`, else it becomes `needs_review` (not applied).
 */
export const corrections = sqliteTable(
  'corrections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    fieldId: text('field_id').notNull(),
    value: real('value'),
    /** The parsed value this correction replaces. */
    parsed: real('parsed'),
    /** Confirms an uncertain cell as parsed (value = parsed). */
    confirm: integer('confirm', { mode: 'boolean' }).notNull().default(false),
    reason: text('reason').notNull(),
    contentHash: text('content_hash').notNull(),
    userName: text('user_name').notNull(),
    createdAt: text('created_at').notNull(),
    status: text('status', { enum: ['active', 'superseded', 'reverted', 'needs_review'] }).notNull(),
    /** When and by whom it stopped applying (superseded, reverted, or the file changed: `ingest`). */
    endedAt: text('ended_at'),
    endedBy: text('ended_by'),
    /** For needs_review: the value the changed file now reads. */
    reparsed: real('reparsed'),
  },
  (t) => [index('corrections_report_status').on(t.reportId, t.status)],
);

/** Every accepted write: who, when, what, the state before and after (JSON). Never deleted. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    userName: text('user_name').notNull(),
    action: text('action').notNull(),
    reportId: integer('report_id'),
    fieldId: text('field_id'),
    correctionId: integer('correction_id'),
    before: text('before'),
    after: text('after'),
  },
  (t) => [index('audit_log_report').on(t.reportId)],
);
