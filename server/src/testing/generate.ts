import {
  T2_ROWS_2019, T2_ROWS_2021, T2_2019_COMPARABLE, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS, fieldIdsFor, isSplitOtherRow,
} from '@nianbao/shared';

/**
 * Generates reports from known values, in every layout the text parser reads, so tests can check
 * that what is written is what is read. Values obey the template's consistency rules unless a
 * rule is broken on purpose.
 */
export interface ReportSpec {
  organ: string;
  year: number;
  template: '2021' | '2019';
  /** A single （六）其他处理 row (always for 2019; the hybrid for 2021). */
  singleOther: boolean;
  proactive: { total: number; approx: boolean };
  /** Application count stated in the narrative (section 一（二）). */
  applications: number;
  /** Every table field id of the template → value (null = blank/`/` in the document). */
  values: Record<string, number | null>;
}

export type Layout = 'tab' | 'cell-per-line' | 'pipe' | 'markdown' | 'plain';
export const LAYOUTS: Layout[] = ['tab', 'cell-per-line', 'pipe', 'markdown', 'plain'];

export interface Quirks {
  /** `规 章`, `结 果 维 持`. */
  spacedLabels?: boolean;
  /** The 部分公开 row's label wrapped over two lines. */
  wrappedLabels?: boolean;
  /** `- 3 -` lines inside the tables. */
  pageNumbers?: boolean;
  /** Full-width digits. */
  fullWidth?: boolean;
  /** `1,234`. */
  thousands?: boolean;
  /** How a null cell is printed. */
  nullMarker?: '/' | '-' | '—' | '无';
  /** The text opens with a sentence naming the year and 年度报告 (but no body) before the title. */
  openingSentence?: boolean;
}

/** Small deterministic PRNG (mulberry32), so a failing seed reproduces. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mostly zeros and small counts, sometimes large ones — like real townships. */
function count(r: () => number, max = 40): number {
  const x = r();
  if (x < 0.5) return 0;
  if (x < 0.95) return Math.floor(r() * max);
  return Math.floor(r() * 5000);
}

export interface SpecOptions {
  organ: string;
  year: number;
  template?: '2021' | '2019';
  singleOther?: boolean;
  /** Probability that a table cell is null (printed as a null marker). */
  nullRate?: number;
}

/** Random, rule-consistent values for one report. */
export function randomSpec(r: () => number, o: SpecOptions): ReportSpec {
  const template = o.template ?? '2021';
  const singleOther = template === '2019' || Boolean(o.singleOther);
  const v: Record<string, number | null> = {};
  const rows2 = template === '2019' ? T2_ROWS_2019 : T2_ROWS_2021;
  const p2 = template === '2019' ? 't2_2019' : 't2';
  for (const row of rows2) {
    for (const c of row.cols) {
      let x: number = count(r, 30);
      if (c.kind === 'money') x = Math.round(r() * 1e6) / 100; // two decimals, in 万元
      if (c.id === 'change') x = Math.floor(r() * 20) - 10;
      v[`${p2}.${row.id}.${c.id}`] = x;
    }
  }
  if (template === '2019') {
    // The 2019 template's fees row has no amount column.
    v['t2_2019.fees.amount'] = null;
    for (const [to, from] of Object.entries(T2_2019_COMPARABLE)) v[to] = v[from];
  }

  const cols = T3_COLUMNS.slice(0, 6).map((c) => c.id);
  const outcomeRows = T3_ROWS.filter((row) => !['new_received', 'carried_over', 'processed_total', 'carried_forward'].includes(row.id))
    .filter((row) => (singleOther ? !isSplitOtherRow(row.id) : row.id !== 'other.total'));
  for (const c of cols) {
    let processed = 0;
    for (const row of outcomeRows) {
      const x = count(r, 12);
      v[`t3.${row.id}.${c}`] = x;
      processed += x;
    }
    const forward = count(r, 5);
    const over = Math.min(count(r, 5), processed + forward);
    v[`t3.processed_total.${c}`] = processed;
    v[`t3.carried_forward.${c}`] = forward;
    v[`t3.carried_over.${c}`] = over;
    v[`t3.new_received.${c}`] = processed + forward - over;
  }
  if (singleOther) for (const id of ['other.no_correction', 'other.no_fee', 'other.other']) for (const c of T3_COLUMNS) v[`t3.${id}.${c.id}`] = null;
  for (const row of T3_ROWS) {
    if (singleOther ? isSplitOtherRow(row.id) : row.id === 'other.total') continue;
    v[`t3.${row.id}.total`] = cols.reduce((s, c) => s + (v[`t3.${row.id}.${c}`] as number), 0);
  }
  for (const g of T4_GROUPS) {
    let s = 0;
    for (const c of T4_COLUMNS.slice(0, 4)) {
      const x = count(r, 6);
      v[`t4.${g.id}.${c.id}`] = x;
      s += x;
    }
    v[`t4.${g.id}.total`] = s;
  }
  // Nulls where asked (they make rules uncertain, which is what a blank cell means).
  if (o.nullRate) {
    for (const id of Object.keys(v)) if (v[id] !== null && r() < o.nullRate) v[id] = null;
    if (template === '2019') for (const [to, from] of Object.entries(T2_2019_COMPARABLE)) v[to] = v[from];
  }
  const ids = fieldIdsFor(template, singleOther).filter((id) => /^t[234]/.test(id));
  const values: Record<string, number | null> = {};
  for (const id of ids) values[id] = v[id] ?? null;
  return {
    organ: o.organ,
    year: o.year,
    template,
    singleOther,
    proactive: { total: 1 + Math.floor(r() * 3000), approx: r() < 0.2 },
    applications: (values['t3.new_received.total'] as number | null) ?? 0,
    values,
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering

const FW = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

function cell(v: number | null, q: Quirks): string {
  if (v === null) return q.nullMarker ?? '/';
  let s = q.thousands && Math.abs(v) >= 1000 && Number.isInteger(v) ? v.toLocaleString('en-US') : String(v);
  if (q.fullWidth) s = FW(s);
  return s;
}

function spaced(label: string, q: Quirks): string {
  return q.spacedLabels ? [...label].join(' ') : label;
}

/** One table: rows of cells (label cells then value cells), printed in the chosen layout. */
type TableRow = { label: string[]; values: string[]; wrap?: boolean };

function renderRows(rows: TableRow[], layout: Layout, q: Quirks): string {
  const out: string[] = [];
  rows.forEach((row, i) => {
    if (q.pageNumbers && i === Math.floor(rows.length / 2)) out.push(layout === 'cell-per-line' ? '- 3 -\n' : '- 3 -');
    const labels = row.label;
    // A wrapped label: its first half alone on a line, the rest with the values.
    if (row.wrap && layout !== 'cell-per-line') {
      const text = labels[labels.length - 1];
      const cut = Math.ceil(text.length / 2);
      const head = [...labels.slice(0, -1), text.slice(0, cut)];
      const tail = [text.slice(cut)];
      out.push(line(head, [], layout));
      out.push(line(tail, row.values, layout));
      return;
    }
    if (layout === 'cell-per-line') {
      out.push([...labels, ...row.values].map((c) => '\t' + (row.wrap ? c.replace(/(.{6})/, '$1\n') : c)).join('\n') + '\n');
      return;
    }
    out.push(line(labels, row.values, layout));
  });
  return out.join('\n');
}

function line(labels: string[], values: string[], layout: Layout): string {
  const cells = [...labels, ...values];
  switch (layout) {
    case 'tab':
      return cells.join('\t') + (values.length ? '\t' : '');
    case 'pipe':
    case 'markdown':
      return '| ' + cells.join(' | ') + ' |';
    case 'plain':
      return cells.join(' ');
    default:
      return cells.join('\t');
  }
}

function header(cells: string[], _layout: Layout): TableRow {
  return { label: cells, values: [] };
}

function table2(spec: ReportSpec, layout: Layout, q: Quirks): string {
  const rows: TableRow[] = [];
  const defs = spec.template === '2019' ? T2_ROWS_2019 : T2_ROWS_2021;
  const p = spec.template === '2019' ? 't2_2019' : 't2';
  for (const d of defs) {
    rows.push(header(['信息内容', ...d.cols.map((c) => c.label)], layout));
    const values = d.cols.map((c) => cell(spec.values[`${p}.${d.id}.${c.id}`], q));
    // The 2019 fees row prints two columns; its amount is not part of the template.
    if (spec.template === '2019' && d.id === 'fees') values.length = 2;
    rows.push({ label: [spaced(d.label, q)], values });
  }
  let s = renderRows(rows, layout, q);
  if (layout === 'markdown') s = '| 信息内容 | 数量 |\n| --- | --- |\n' + s;
  return s;
}

function table3(spec: ReportSpec, layout: Layout, q: Quirks): string {
  const rows: TableRow[] = [
    header(['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况'], layout),
    header(['自然人', '法人或其他组织', '总计'], layout),
    header(T3_COLUMNS.slice(1, 6).map((c) => c.label), layout),
  ];
  for (const r of T3_ROWS) {
    if (spec.singleOther ? isSplitOtherRow(r.id) : r.id === 'other.total') continue;
    const values = T3_COLUMNS.map((c) => cell(spec.values[`t3.${r.id}.${c.id}`], q));
    const label = r.id === 'partial' ? '（二）部分公开（区分处理的，只计这一情形，不计其他情形）' : r.label;
    rows.push({ label: [spaced(label, q)], values, wrap: q.wrappedLabels && r.id === 'partial' });
  }
  let s = renderRows(rows, layout, q);
  if (layout === 'markdown') s = '| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n' + s;
  return s;
}

function table4(spec: ReportSpec, layout: Layout, q: Quirks): string {
  const cols = T4_COLUMNS.map((c) => spaced(c.label, q));
  const rows: TableRow[] = [
    header(['行政复议', '行政诉讼'], layout),
    header([...cols, '未经复议直接起诉', '复议后起诉'], layout),
    header([...cols, ...cols], layout),
    { label: [], values: T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => cell(spec.values[`t4.${g.id}.${c.id}`], q))) },
  ];
  return renderRows(rows, layout, q);
}

/** The whole report as text: title, narrative, the three tables, closing sections. */
export function renderTextReport(spec: ReportSpec, layout: Layout = 'tab', q: Quirks = {}): string {
  const approx = spec.proactive.approx ? '余' : '';
  const apps = spec.applications === 0
    ? `${spec.year}年，本单位未收到政府信息公开申请。`
    : `${spec.year}年，共收到政府信息公开申请${spec.applications}件，均已按时答复。`;
  return [
    ...(q.openingSentence ? [`根据《中华人民共和国政府信息公开条例》要求，结合本单位实际，编制${spec.year}年政府信息公开工作年度报告。`, ''] : []),
    `${spec.organ}${spec.year}年政府信息公开工作年度报告`,
    '',
    `根据《中华人民共和国政府信息公开条例》要求，编制本报告，所列数据统计期限为${spec.year}年1月1日至${spec.year}年12月31日。`,
    '',
    '一、总体情况',
    '',
    `（一）主动公开。${spec.year}年，通过门户网站等渠道主动公开政府信息${spec.proactive.total}${approx}条，其中工作动态3条。`,
    '',
    `（二）依申请公开。${apps}`,
    '',
    '（三）政府信息管理。严格落实审核制度。',
    '',
    '二、主动公开政府信息情况',
    '',
    table2(spec, layout, q),
    '',
    '三、收到和处理政府信息公开申请情况',
    '',
    table3(spec, layout, q),
    '',
    '四、政府信息公开行政复议、行政诉讼情况',
    '',
    table4(spec, layout, q),
    '',
    '五、存在的主要问题及改进情况',
    '',
    '信息公开的及时性有待提高。',
    '',
    '六、其他需要报告的事项',
    '',
    '本年度未收取信息处理费。',
    '',
  ].join('\n');
}
