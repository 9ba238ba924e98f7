/**
 * The metric catalog: everything a user can rank, aggregate or chart by. Every numeric field of
 * the field catalog is a metric under its own id; derived metrics (applications received, granted
 * share, corrected rates …) are computed from fields by `computeMetrics`, once per report, when
 * the database's `report_metrics` table is refreshed. The web dashboard imports this file for
 * labels and units; the API validates `metric` parameters against `METRIC_IDS`.
 */
import { NUMERIC_FIELDS, T3_ROWS, isSplitOtherRow, type FieldDef, type TemplateId } from './catalog.ts';

export type MetricUnit = 'count' | 'items' | 'money' | 'share';

export const METRIC_UNITS: Record<MetricUnit, { zh: string; en: string }> = {
  count: { zh: '件', en: 'cases' },
  items: { zh: '条', en: 'items' },
  money: { zh: '万元', en: '10k yuan' },
  share: { zh: '比例', en: 'share (0–1)' },
};

/**
 * Which way is better, for marks and colours (never for ranking order, which the user picks).
 * `higher`: more proactive disclosure, a larger granted share. `lower`: denials and decisions
 * corrected on reconsideration or in court (the body's handling did not hold). `neutral`: volumes
 * that measure demand or activity (applications, licensing decisions, fees …), where neither
 * direction is an achievement.
 */
export type MetricBetter = 'higher' | 'lower' | 'neutral';

export type MetricGroup = 'applications' | 'disputes' | 'proactive' | 't2' | 't2_2019' | 't3' | 't4';

export interface MetricDef {
  id: string;
  label: string;
  labelEn: string;
  unit: MetricUnit;
  group: MetricGroup;
  /** `field`: a catalog field as read; `derived`: computed from fields (see `formula`). */
  source: 'field' | 'derived';
  /** Templates whose reports supply it. */
  templates: TemplateId[];
  /** Human-readable definition in field ids. */
  formula: string;
  /**
   * Additive metrics are summed over townships for a county/city/province. Shares are not: a
   * region's share is pooled (Σ numerator / Σ denominator over reports where the share exists).
   */
  additive: boolean;
  ratio?: { numerator: string; denominator: string };
  better: MetricBetter;
  /** Column of the `report_metrics` table. */
  column: string;
}

type Get = (fieldId: string) => number | null;

interface DerivedDef extends Omit<MetricDef, 'column' | 'source' | 'additive' | 'better'> {
  compute: (get: Get, metric: Get) => number | null;
}

/** Sum of the operands that are present; null when none is (fields.md: derived group sums). */
function sumOf(get: Get, ids: string[]): number | null {
  let total: number | null = null;
  for (const id of ids) {
    const v = get(id);
    if (v !== null) total = (total ?? 0) + v;
  }
  return total;
}

function firstOf(get: Get, ids: string[]): number | null {
  for (const id of ids) {
    const v = get(id);
    if (v !== null) return v;
  }
  return null;
}

/** A share, null when the denominator is missing or zero (no cases → no rate). */
function share(num: number | null, den: number | null): number | null {
  if (num === null || den === null || den === 0) return null;
  return num / den;
}

const T3_TOTAL = (row: string) => `t3.${row}.total`;
const rowsOf = (group: string) => T3_ROWS.filter((r) => r.id.startsWith(`${group}.`) && r.id !== 'other.total').map((r) => T3_TOTAL(r.id));
const DENIED = rowsOf('denied');
const UNABLE = rowsOf('unable');
const NOT_PROCESSED = rowsOf('not_processed');
const OTHER_SPLIT = rowsOf('other');
const BOTH: TemplateId[] = ['2021', '2019'];
const CONCLUDED = (g: string) => ['upheld', 'corrected', 'other'].map((c) => `t4.${g}.${c}`);
const SUITS = ['suit_direct', 'suit_after_review'];

const DERIVED: DerivedDef[] = [
  {
    id: 'applications.received', label: '本年新收申请数', labelEn: 'Applications received', unit: 'count', group: 'applications', templates: BOTH,
    formula: 't3.new_received.total', compute: (get) => get('t3.new_received.total'),
  },
  {
    id: 'applications.handled', label: '本年办理申请数', labelEn: 'Applications handled', unit: 'count', group: 'applications', templates: BOTH,
    formula: 't3.processed_total.total', compute: (get) => get('t3.processed_total.total'),
  },
  {
    id: 'applications.granted_or_partial', label: '予以公开及部分公开数', labelEn: 'Granted in full or in part', unit: 'count', group: 'applications', templates: BOTH,
    formula: 't3.granted.total + t3.partial.total', compute: (get) => sumOf(get, ['t3.granted.total', 't3.partial.total']),
  },
  {
    id: 'applications.granted_share', label: '公开率（予以公开+部分公开）/办理总数', labelEn: 'Granted share ((granted + partial) / handled)', unit: 'share', group: 'applications', templates: BOTH,
    formula: '(t3.granted.total + t3.partial.total) / t3.processed_total.total',
    ratio: { numerator: 'applications.granted_or_partial', denominator: 'applications.handled' },
    compute: (_get, metric) => share(metric('applications.granted_or_partial'), metric('applications.handled')),
  },
  {
    id: 'applications.denied', label: '不予公开数', labelEn: 'Denied', unit: 'count', group: 'applications', templates: BOTH,
    formula: DENIED.join(' + '), compute: (get) => sumOf(get, DENIED),
  },
  {
    id: 'applications.unable', label: '无法提供数', labelEn: 'Unable to provide', unit: 'count', group: 'applications', templates: BOTH,
    formula: UNABLE.join(' + '), compute: (get) => sumOf(get, UNABLE),
  },
  {
    id: 'applications.not_processed', label: '不予处理数', labelEn: 'Not processed', unit: 'count', group: 'applications', templates: BOTH,
    formula: NOT_PROCESSED.join(' + '), compute: (get) => sumOf(get, NOT_PROCESSED),
  },
  {
    id: 'applications.other', label: '其他处理数', labelEn: 'Other handling', unit: 'count', group: 'applications', templates: BOTH,
    formula: `${OTHER_SPLIT.join(' + ')}, or t3.other.total`,
    compute: (get) => sumOf(get, OTHER_SPLIT) ?? get('t3.other.total.total'),
  },
  {
    id: 'review.total', label: '行政复议总数', labelEn: 'Administrative reconsiderations', unit: 'count', group: 'disputes', templates: BOTH,
    formula: 't4.review.total', compute: (get) => get('t4.review.total'),
  },
  {
    id: 'review.concluded', label: '行政复议已审结数', labelEn: 'Reconsiderations concluded', unit: 'count', group: 'disputes', templates: BOTH,
    formula: CONCLUDED('review').join(' + '), compute: (get) => sumOf(get, CONCLUDED('review')),
  },
  {
    id: 'review.corrected_rate', label: '行政复议纠正率', labelEn: 'Reconsideration corrected rate', unit: 'share', group: 'disputes', templates: BOTH,
    formula: 't4.review.corrected / (t4.review.upheld + t4.review.corrected + t4.review.other)',
    ratio: { numerator: 't4.review.corrected', denominator: 'review.concluded' },
    compute: (get, metric) => share(get('t4.review.corrected'), metric('review.concluded')),
  },
  {
    id: 'litigation.total', label: '行政诉讼总数', labelEn: 'Administrative suits', unit: 'count', group: 'disputes', templates: BOTH,
    formula: 't4.suit_direct.total + t4.suit_after_review.total', compute: (get) => sumOf(get, SUITS.map((g) => `t4.${g}.total`)),
  },
  {
    id: 'litigation.corrected', label: '行政诉讼结果纠正数', labelEn: 'Suits corrected', unit: 'count', group: 'disputes', templates: BOTH,
    formula: 't4.suit_direct.corrected + t4.suit_after_review.corrected', compute: (get) => sumOf(get, SUITS.map((g) => `t4.${g}.corrected`)),
  },
  {
    id: 'litigation.concluded', label: '行政诉讼已审结数', labelEn: 'Suits concluded', unit: 'count', group: 'disputes', templates: BOTH,
    formula: SUITS.flatMap(CONCLUDED).join(' + '), compute: (get) => sumOf(get, SUITS.flatMap(CONCLUDED)),
  },
  {
    id: 'litigation.corrected_rate', label: '行政诉讼纠正率', labelEn: 'Suit corrected rate', unit: 'share', group: 'disputes', templates: BOTH,
    formula: 'litigation.corrected / litigation.concluded',
    ratio: { numerator: 'litigation.corrected', denominator: 'litigation.concluded' },
    compute: (_get, metric) => share(metric('litigation.corrected'), metric('litigation.concluded')),
  },
  {
    id: 'disputes.total', label: '复议诉讼合计', labelEn: 'Reconsiderations and suits', unit: 'count', group: 'disputes', templates: BOTH,
    formula: 'review.total + litigation.total', compute: (_get, metric) => sumOf(metric, ['review.total', 'litigation.total']),
  },
  {
    id: 'normative_docs.issued', label: '制发行政规范性文件数', labelEn: 'Normative documents issued', unit: 'count', group: 't2', templates: BOTH,
    formula: 't2.normative_docs.issued, or t2_2019.normative_docs.made', compute: (get) => firstOf(get, ['t2.normative_docs.issued', 't2_2019.normative_docs.made']),
  },
  {
    id: 'licensing.decisions', label: '行政许可决定数', labelEn: 'Licensing decisions', unit: 'count', group: 't2', templates: BOTH,
    formula: 't2.licensing.decisions, or t2_2019.licensing.decisions', compute: (get) => firstOf(get, ['t2.licensing.decisions', 't2_2019.licensing.decisions']),
  },
  {
    id: 'penalty.decisions', label: '行政处罚决定数', labelEn: 'Penalty decisions', unit: 'count', group: 't2', templates: BOTH,
    formula: 't2.penalty.decisions, or t2_2019.penalty.decisions', compute: (get) => firstOf(get, ['t2.penalty.decisions', 't2_2019.penalty.decisions']),
  },
  {
    id: 'enforcement.decisions', label: '行政强制决定数', labelEn: 'Enforcement decisions', unit: 'count', group: 't2', templates: BOTH,
    formula: 't2.enforcement.decisions, or t2_2019.enforcement.decisions', compute: (get) => firstOf(get, ['t2.enforcement.decisions', 't2_2019.enforcement.decisions']),
  },
  {
    id: 'fees.amount', label: '行政事业性收费金额', labelEn: 'Administrative fees', unit: 'money', group: 't2', templates: BOTH,
    formula: 't2.fees.amount, or t2_2019.fees.amount', compute: (get) => firstOf(get, ['t2.fees.amount', 't2_2019.fees.amount']),
  },
];

export function metricColumn(id: string): string {
  return `m_${id.replace(/\./g, '__')}`;
}

function fieldUnit(f: FieldDef): MetricUnit {
  if (f.kind === 'money') return 'money';
  return f.id === 'proactive.total' ? 'items' : 'count';
}

/**
 * Templates whose reports print a field. Every report carries table 3's （六）其他处理 rows (null
 * where not printed), but the three sub-rows are printed only by the 2021 template; the single
 * row by the 2019 template and by 2021 reports that kept it.
 */
function supplyingTemplates(f: FieldDef): TemplateId[] {
  return f.table === 't3' && f.row !== undefined && isSplitOtherRow(f.row) ? ['2021'] : f.templates;
}

const HIGHER_IS_BETTER = new Set(['proactive.total', 'applications.granted_share']);
const LOWER_IS_BETTER = new Set(['applications.denied', 'review.corrected_rate', 'litigation.corrected', 'litigation.corrected_rate']);

/** The direction of a metric: see `MetricBetter`. Table 3's denial rows and table 4's corrected cells are lower-is-better. */
export function betterOf(id: string): MetricBetter {
  if (HIGHER_IS_BETTER.has(id)) return 'higher';
  if (LOWER_IS_BETTER.has(id) || /^t3\.denied\./.test(id) || /^t4\.[a-z_]+\.corrected$/.test(id)) return 'lower';
  return 'neutral';
}

const FIELD_METRICS: MetricDef[] = NUMERIC_FIELDS.filter((f) => f.kind === 'count' || f.kind === 'money').map((f) => ({
  id: f.id,
  label: f.label,
  labelEn: f.labelEn,
  unit: fieldUnit(f),
  group: f.table as MetricGroup,
  source: 'field',
  templates: supplyingTemplates(f),
  formula: f.id,
  additive: true,
  better: betterOf(f.id),
  column: metricColumn(f.id),
}));

const DERIVED_METRICS: MetricDef[] = DERIVED.map(({ compute: _c, ...d }) => ({
  ...d,
  source: 'derived',
  additive: d.unit !== 'share',
  better: betterOf(d.id),
  column: metricColumn(d.id),
}));

/** Derived metrics first (what users look for), then every field in catalog order. */
export const METRICS: readonly MetricDef[] = [...DERIVED_METRICS, ...FIELD_METRICS];
export const METRIC_BY_ID: ReadonlyMap<string, MetricDef> = new Map(METRICS.map((m) => [m.id, m]));
export const METRIC_IDS: readonly string[] = METRICS.map((m) => m.id);

/** Every metric of one report, from its stored field values (null where a field is absent). */
export function computeMetrics(fields: Get): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const m of FIELD_METRICS) out[m.id] = fields(m.id);
  // Derived metrics may read earlier derived ones (a share reads its numerator and denominator).
  const metric: Get = (id) => out[id] ?? null;
  for (const d of DERIVED) out[d.id] = d.compute(fields, metric);
  return out;
}

/**
 * The metric the dashboard opens with (its overview and league); the server warms its rankings.
 * Items disclosed proactively: nearly every township reports some, while most receive few or no
 * applications, so a league by applications opens as a column of ties at 0.
 */
export const DEFAULT_METRIC = 'proactive.total';
