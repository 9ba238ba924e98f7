/**
 * The field catalog: every canonical id of shared/spec/fields.md, with its labels, table position,
 * templates, DB column name and the label variants the parser accepts. Parser, database, API,
 * CSV headers and web labels all read this one list.
 */

export type TemplateId = '2021' | '2019' | 'unknown';
export type FieldTable = 'header' | 'region' | 'proactive' | 't2' | 't2_2019' | 't3' | 't4';
export type FieldKind = 'count' | 'money' | 'text' | 'int' | 'bool' | 'json';

export interface FieldDef {
  id: string;
  /** Chinese label as a user reads it (row · column). */
  label: string;
  labelEn: string;
  table: FieldTable;
  row?: string;
  col?: string;
  kind: FieldKind;
  /** Templates whose reports carry this field (null where absent). */
  templates: TemplateId[];
  /** SQLite column name in the wide `report_fields` table (numeric fields only). */
  column: string;
}

// ---------------------------------------------------------------------------------------------
// Table 3: rows and columns

export interface RowDef {
  id: string;
  label: string;
  labelEn: string;
  /** Patterns tried against the row's normalised label (spaces and punctuation removed, NFKC). */
  match: RegExp[];
}

export const T3_COLUMNS = [
  { id: 'natural_person', label: '自然人', labelEn: 'Natural persons' },
  { id: 'commercial', label: '商业企业', labelEn: 'Commercial enterprises' },
  { id: 'research', label: '科研机构', labelEn: 'Research institutions' },
  { id: 'social_org', label: '社会公益组织', labelEn: 'Public-interest organisations' },
  { id: 'legal_service', label: '法律服务机构', labelEn: 'Legal service institutions' },
  { id: 'other_org', label: '其他', labelEn: 'Other organisations' },
  { id: 'total', label: '总计', labelEn: 'Total' },
] as const;
export type T3Column = (typeof T3_COLUMNS)[number]['id'];

/** Table 3 rows in template order. `other.total` exists only in the single-row （六）其他处理 variant. */
export const T3_ROWS: RowDef[] = [
  { id: 'new_received', label: '一、本年新收政府信息公开申请数量', labelEn: 'New applications received', match: [/本年新收/, /新收.*申请/] },
  { id: 'carried_over', label: '二、上年结转政府信息公开申请数量', labelEn: 'Carried over from last year', match: [/上年结转/] },
  { id: 'granted', label: '（一）予以公开', labelEn: 'Granted', match: [/予以公开/] },
  { id: 'partial', label: '（二）部分公开', labelEn: 'Partly granted', match: [/部分公开/] },
  { id: 'denied.state_secret', label: '（三）不予公开 1.属于国家秘密', labelEn: 'Denied: state secret', match: [/国家秘密/] },
  { id: 'denied.law_forbidden', label: '2.其他法律行政法规禁止公开', labelEn: 'Denied: forbidden by law', match: [/法律行政法规/, /其他法律行政/, /禁止公开/] },
  { id: 'denied.security_stability', label: '3.危及“三安全一稳定”', labelEn: 'Denied: security and stability', match: [/三安全一稳定/, /危及/] },
  { id: 'denied.third_party', label: '4.保护第三方合法权益', labelEn: 'Denied: third-party rights', match: [/第三方/] },
  { id: 'denied.internal_affairs', label: '5.属于三类内部事务信息', labelEn: 'Denied: internal affairs', match: [/内部事务/] },
  { id: 'denied.process_info', label: '6.属于四类过程性信息', labelEn: 'Denied: process information', match: [/过程性/] },
  { id: 'denied.enforcement_file', label: '7.属于行政执法案卷', labelEn: 'Denied: enforcement files', match: [/执法案卷/] },
  { id: 'denied.admin_query', label: '8.属于行政查询事项', labelEn: 'Denied: administrative query', match: [/行政查询/] },
  { id: 'unable.not_held', label: '（四）无法提供 1.本机关不掌握相关政府信息', labelEn: 'Unable: not held', match: [/不掌握/] },
  { id: 'unable.needs_creation', label: '2.没有现成信息需要另行制作', labelEn: 'Unable: would need creating', match: [/另行制作/, /没有现成/] },
  { id: 'unable.unclear', label: '3.补正后申请内容仍不明确', labelEn: 'Unable: still unclear', match: [/不明确/, /补正后/] },
  { id: 'not_processed.petition', label: '（五）不予处理 1.信访举报投诉类申请', labelEn: 'Not processed: petitions', match: [/信访/, /举报投诉/] },
  { id: 'not_processed.repeated', label: '2.重复申请', labelEn: 'Not processed: repeated', match: [/重复申请/] },
  { id: 'not_processed.publication', label: '3.要求提供公开出版物', labelEn: 'Not processed: publications', match: [/出版物/] },
  { id: 'not_processed.excessive', label: '4.无正当理由大量反复申请', labelEn: 'Not processed: excessive', match: [/大量反复/] },
  { id: 'not_processed.confirm', label: '5.要求行政机关确认或重新出具已获取信息', labelEn: 'Not processed: confirmation', match: [/重新出具/, /确认或/] },
  { id: 'other.no_correction', label: '（六）其他处理 1.申请人无正当理由逾期不补正', labelEn: 'Other: no correction', match: [/不补正/] },
  { id: 'other.no_fee', label: '2.申请人逾期未按收费通知要求缴纳费用', labelEn: 'Other: fee not paid', match: [/收费通知/, /缴纳费用/] },
  { id: 'other.other', label: '3.其他', labelEn: 'Other: other', match: [/^(?:\d|[(（]?3[)）]?)?其他$/] },
  { id: 'other.total', label: '（六）其他处理', labelEn: 'Other handling (single row)', match: [/其他处理$/] },
  { id: 'processed_total', label: '（七）总计', labelEn: 'Total processed', match: [/总计$/, /^[(（]?七[)）]?合计$/] },
  { id: 'carried_forward', label: '四、结转下年度继续办理', labelEn: 'Carried forward to next year', match: [/结转下年/, /下年度继续/] },
];

/** Derived group sums, computed, never read (fields.md). */
export const T3_GROUPS = ['denied', 'unable', 'not_processed', 'other'] as const;

// ---------------------------------------------------------------------------------------------
// Table 4

export const T4_GROUPS = [
  { id: 'review', label: '行政复议', labelEn: 'Administrative reconsideration' },
  { id: 'suit_direct', label: '行政诉讼·未经复议直接起诉', labelEn: 'Suit without reconsideration' },
  { id: 'suit_after_review', label: '行政诉讼·复议后起诉', labelEn: 'Suit after reconsideration' },
] as const;
export const T4_COLUMNS = [
  { id: 'upheld', label: '结果维持', labelEn: 'Upheld' },
  { id: 'corrected', label: '结果纠正', labelEn: 'Corrected' },
  { id: 'other', label: '其他结果', labelEn: 'Other result' },
  { id: 'pending', label: '尚未审结', labelEn: 'Pending' },
  { id: 'total', label: '总计', labelEn: 'Total' },
] as const;

// ---------------------------------------------------------------------------------------------
// Table 2

export interface T2RowDef {
  id: string;
  label: string;
  labelEn: string;
  match: RegExp[];
  /** Column ids in the order the template prints them. */
  cols: { id: string; label: string; labelEn: string; kind: FieldKind }[];
}

const C_ISSUED = [
  { id: 'issued', label: '本年制发件数', labelEn: 'issued this year', kind: 'count' as const },
  { id: 'repealed', label: '本年废止件数', labelEn: 'repealed this year', kind: 'count' as const },
  { id: 'in_force', label: '现行有效件数', labelEn: 'in force', kind: 'count' as const },
];
const C_DECISIONS = [{ id: 'decisions', label: '本年处理决定数量', labelEn: 'decisions this year', kind: 'count' as const }];

/** 2021 template table 2, in print order. Regulations (规章) must be tried after 规范性文件 never matches it. */
export const T2_ROWS_2021: T2RowDef[] = [
  { id: 'regulations', label: '规章', labelEn: 'Regulations', match: [/^规章$/], cols: C_ISSUED },
  { id: 'normative_docs', label: '行政规范性文件', labelEn: 'Normative documents', match: [/规范性文件/], cols: C_ISSUED },
  { id: 'licensing', label: '行政许可', labelEn: 'Licensing', match: [/^行政许可$/], cols: C_DECISIONS },
  { id: 'penalty', label: '行政处罚', labelEn: 'Penalties', match: [/^行政处罚$/], cols: C_DECISIONS },
  { id: 'enforcement', label: '行政强制', labelEn: 'Enforcement', match: [/^行政强制$/], cols: C_DECISIONS },
  {
    id: 'fees', label: '行政事业性收费', labelEn: 'Administrative fees', match: [/事业性收费/],
    cols: [{ id: 'amount', label: '本年收费金额（万元）', labelEn: 'amount (10k yuan)', kind: 'money' }],
  },
];

const C_MADE = [
  { id: 'made', label: '本年新制作数量', labelEn: 'made this year', kind: 'count' as const },
  { id: 'published', label: '本年新公开数量', labelEn: 'published this year', kind: 'count' as const },
  { id: 'total', label: '对外公开总数量', labelEn: 'total public', kind: 'count' as const },
];
const C_ITEMS = [
  { id: 'prev_items', label: '上一年项目数量', labelEn: 'items last year', kind: 'count' as const },
  { id: 'change', label: '本年增/减', labelEn: 'change this year', kind: 'count' as const },
  { id: 'decisions', label: '处理决定数量', labelEn: 'decisions', kind: 'count' as const },
];

/** 2019 template table 2, in print order. */
export const T2_ROWS_2019: T2RowDef[] = [
  { id: 'regulations', label: '规章', labelEn: 'Regulations', match: [/^规章$/], cols: C_MADE },
  { id: 'normative_docs', label: '规范性文件', labelEn: 'Normative documents', match: [/规范性文件/], cols: C_MADE },
  { id: 'licensing', label: '行政许可', labelEn: 'Licensing', match: [/^行政许可$/], cols: C_ITEMS },
  { id: 'other_services', label: '其他对外管理服务事项', labelEn: 'Other public services', match: [/对外管理服务/], cols: C_ITEMS },
  { id: 'penalty', label: '行政处罚', labelEn: 'Penalties', match: [/^行政处罚$/], cols: C_ITEMS },
  { id: 'enforcement', label: '行政强制', labelEn: 'Enforcement', match: [/^行政强制$/], cols: C_ITEMS },
  {
    id: 'fees', label: '行政事业性收费', labelEn: 'Administrative fees', match: [/事业性收费/],
    cols: [
      C_ITEMS[0], C_ITEMS[1],
      { id: 'amount', label: '本年收费金额（万元）', labelEn: 'amount (10k yuan)', kind: 'money' },
    ],
  },
  {
    id: 'procurement', label: '政府集中采购', labelEn: 'Central procurement', match: [/集中采购/],
    cols: [
      { id: 'items', label: '采购项目数量', labelEn: 'items', kind: 'count' },
      { id: 'amount', label: '采购总金额（万元）', labelEn: 'amount (10k yuan)', kind: 'money' },
    ],
  },
];

/** 2019 values that fill the comparable 2021 ids (fields.md: "the comparable fields"). */
export const T2_2019_COMPARABLE: Record<string, string> = {
  't2.licensing.decisions': 't2_2019.licensing.decisions',
  't2.penalty.decisions': 't2_2019.penalty.decisions',
  't2.enforcement.decisions': 't2_2019.enforcement.decisions',
  't2.fees.amount': 't2_2019.fees.amount',
};

// ---------------------------------------------------------------------------------------------
// The flat list of fields

const ALL: TemplateId[] = ['2021', '2019', 'unknown'];
const TABLES: TemplateId[] = ['2021', '2019'];

function columnOf(id: string): string {
  return id.replace(/\./g, '__');
}

function def(
  id: string, label: string, labelEn: string, table: FieldTable, kind: FieldKind,
  templates: TemplateId[], row?: string, col?: string,
): FieldDef {
  return { id, label, labelEn, table, kind, templates, row, col, column: columnOf(id) };
}

function buildFields(): FieldDef[] {
  const out: FieldDef[] = [
    def('organ', '发布机关', 'Issuing body', 'header', 'text', ALL),
    def('year', '年度', 'Year', 'header', 'int', ALL),
    def('template', '模板', 'Template', 'header', 'text', ALL),
    def('region.township', '乡镇（街道）', 'Township', 'region', 'text', ALL),
    def('region.county', '县（区）', 'County', 'region', 'text', ALL),
    def('region.city', '市', 'City', 'region', 'text', ALL),
    def('region.province', '省', 'Province', 'region', 'text', ALL),
    def('region.code', '区划代码', 'Region code', 'region', 'text', ALL),
    def('region.status', '区划匹配', 'Region status', 'region', 'text', ALL),
    def('region.candidates', '候选区划', 'Region candidates', 'region', 'json', ALL),
    def('proactive.total', '主动公开信息数', 'Items disclosed proactively', 'proactive', 'count', ALL),
    def('proactive.approx', '主动公开数为约数', 'Proactive count is a bound', 'proactive', 'bool', ALL),
    def('proactive.evidence', '主动公开数出处', 'Proactive count evidence', 'proactive', 'text', ALL),
  ];
  for (const r of T2_ROWS_2021) {
    for (const c of r.cols) {
      const templates: TemplateId[] = `t2.${r.id}.${c.id}` in T2_2019_COMPARABLE ? TABLES : ['2021'];
      out.push(def(`t2.${r.id}.${c.id}`, `${r.label}·${c.label}`, `${r.labelEn}: ${c.labelEn}`, 't2', c.kind, templates, r.id, c.id));
    }
  }
  for (const r of T2_ROWS_2019) {
    for (const c of r.cols) {
      out.push(def(`t2_2019.${r.id}.${c.id}`, `${r.label}·${c.label}（2019）`, `${r.labelEn}: ${c.labelEn} (2019)`, 't2_2019', c.kind, ['2019'], r.id, c.id));
    }
  }
  for (const r of T3_ROWS) {
    for (const c of T3_COLUMNS) {
      // other.total only exists in the single-row variant; the parser adds or drops it per report.
      out.push(def(`t3.${r.id}.${c.id}`, `${r.label}·${c.label}`, `${r.labelEn}: ${c.labelEn}`, 't3', 'count', TABLES, r.id, c.id));
    }
  }
  for (const g of T4_GROUPS) {
    for (const c of T4_COLUMNS) {
      out.push(def(`t4.${g.id}.${c.id}`, `${g.label}·${c.label}`, `${g.labelEn}: ${c.labelEn}`, 't4', 'count', TABLES, g.id, c.id));
    }
  }
  return out;
}

/**
 * The largest value a report can plausibly state, per kind: no body (not even a city's government)
 * counts ten million decisions or applications a year, or collects 10¹² yuan in fees. A cell
 * beyond it (a bit-flipped file reads `1e+23`) is not stored as a value but as uncertain.
 */
export const PLAUSIBLE_MAX = { count: 10_000_000, money: 100_000_000 } as const;

/** Why a table value cannot be what the report meant, or null when it can. */
export function implausibility(def: FieldDef, value: number): string | null {
  if (!Number.isFinite(value)) return 'not a finite number';
  if (def.kind !== 'count' && def.kind !== 'money') return null;
  if (value < 0 && def.col !== 'change') return 'negative';
  if (def.kind === 'count' && !Number.isInteger(value)) return 'not a whole number';
  const max = PLAUSIBLE_MAX[def.kind];
  return Math.abs(value) > max ? `beyond ${max.toLocaleString('en')}, more than any body reports` : null;
}

export const FIELDS: readonly FieldDef[] = buildFields();
export const FIELD_BY_ID: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((f) => [f.id, f]));

/** Fields stored as numbers in the wide report_fields table. */
export const NUMERIC_FIELDS: readonly FieldDef[] = FIELDS.filter(
  (f) => f.kind === 'count' || f.kind === 'money' || f.kind === 'int' || f.kind === 'bool',
).filter((f) => f.table !== 'header');

const T3_SPLIT_OTHER = new Set(['other.no_correction', 'other.no_fee', 'other.other']);

/**
 * The ids a report of this template carries in `fields`. `singleOther` is the hybrid/2019 variant
 * with one （六）其他处理 row: it adds `t3.other.total.*` (the three sub-rows stay, as null).
 */
const idsCache = new Map<string, string[]>();

export function fieldIdsFor(template: TemplateId, singleOther: boolean): string[] {
  const key = `${template}:${singleOther}`;
  const hit = idsCache.get(key);
  if (hit) return hit;
  const ids: string[] = [];
  for (const f of FIELDS) {
    if (!f.templates.includes(template)) continue;
    if (f.id === 'region.candidates') continue; // present only for ambiguous regions
    if (f.table === 't3' && f.row === 'other.total' && !singleOther) continue;
    ids.push(f.id);
  }
  idsCache.set(key, ids);
  return ids;
}

export function isSplitOtherRow(row: string): boolean {
  return T3_SPLIT_OTHER.has(row);
}
