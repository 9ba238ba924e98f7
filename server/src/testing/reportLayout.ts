import { T2_ROWS_2019, T2_ROWS_2021, T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS, isSplitOtherRow } from '@nianbao/shared';
import type { ReportSpec } from './generate.ts';

/**
 * A report as an abstract document (paragraphs and tables of cells with spans), the way the
 * official template lays it out, so every format generator (HTML, DOCX, PDF, flattened text)
 * prints the same merged cells from the same known values.
 */
export interface DocCell {
  text: string;
  colspan?: number;
  rowspan?: number;
}
export type DocBlock = { kind: 'title' | 'heading' | 'para'; text: string } | { kind: 'table'; rows: DocCell[][] };

export interface LayoutOptions {
  /** How a null value is printed: a blank cell or a marker. */
  nullAs?: '' | '/' | '—';
  /** Headings numbered by Word's automatic numbering: `一、` is not in the text. */
  autoNumbered?: boolean;
}

function val(spec: ReportSpec, id: string, o: LayoutOptions): string {
  const v = spec.values[id];
  return v === null || v === undefined ? (o.nullAs ?? '') : String(v);
}

export function narrative(spec: ReportSpec): string[] {
  const approx = spec.proactive.approx ? '余' : '';
  const apps = spec.applications === 0
    ? `${spec.year}年，本单位未收到政府信息公开申请。`
    : `${spec.year}年，共收到政府信息公开申请${spec.applications}件，均已按时答复。`;
  return [
    `根据《中华人民共和国政府信息公开条例》要求，编制本报告，所列数据统计期限为${spec.year}年1月1日至${spec.year}年12月31日。`,
    `（一）主动公开。${spec.year}年，通过门户网站等渠道主动公开政府信息${spec.proactive.total}${approx}条，其中工作动态3条。`,
    `（二）依申请公开。${apps}`,
    '（三）政府信息管理。严格落实审核制度。',
  ];
}

function table2(spec: ReportSpec, o: LayoutOptions): DocCell[][] {
  const is2019 = spec.template === '2019';
  const defs = is2019 ? T2_ROWS_2019 : T2_ROWS_2021;
  const p = is2019 ? 't2_2019' : 't2';
  const groups: { item: string; rows: string[] }[] = is2019
    ? [
        { item: '第二十条第（一）项', rows: ['regulations', 'normative_docs'] },
        { item: '第二十条第（五）项', rows: ['licensing', 'other_services'] },
        { item: '第二十条第（六）项', rows: ['penalty', 'enforcement'] },
        { item: '第二十条第（八）项', rows: ['fees'] },
        { item: '第二十条第（九）项', rows: ['procurement'] },
      ]
    : [
        { item: '第二十条第（一）项', rows: ['regulations', 'normative_docs'] },
        { item: '第二十条第（五）项', rows: ['licensing'] },
        { item: '第二十条第（六）项', rows: ['penalty', 'enforcement'] },
        { item: '第二十条第（八）项', rows: ['fees'] },
      ];
  const rows: DocCell[][] = [];
  for (const g of groups) {
    const first = defs.find((d) => d.id === g.rows[0])!;
    // The 2019 fees row prints two columns; its amount is not part of the template.
    const cols = is2019 && first.id === 'fees' ? first.cols.slice(0, 2) : first.cols;
    const span = 3 / cols.length;
    rows.push([{ text: g.item, colspan: 4 }]);
    rows.push([{ text: '信息内容' }, ...cols.map((c) => ({ text: c.label, colspan: span }))]);
    for (const id of g.rows) {
      const d = defs.find((x) => x.id === id)!;
      rows.push([{ text: d.label }, ...cols.map((c) => ({ text: val(spec, `${p}.${d.id}.${c.id}`, o), colspan: span }))]);
    }
  }
  return rows;
}

const GROUPS: Record<string, string> = {
  denied: '（三）不予公开',
  unable: '（四）无法提供',
  not_processed: '（五）不予处理',
  other: '（六）其他处理',
};

function table3(spec: ReportSpec, o: LayoutOptions): DocCell[][] {
  const rows: DocCell[][] = [
    [{ text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', colspan: 3, rowspan: 3 }, { text: '申请人情况', colspan: 7 }],
    [{ text: '自然人', rowspan: 2 }, { text: '法人或其他组织', colspan: 5 }, { text: '总计', rowspan: 2 }],
    T3_COLUMNS.slice(1, 6).map((c) => ({ text: c.label })),
  ];
  const present = T3_ROWS.filter((r) => (spec.singleOther ? !isSplitOtherRow(r.id) : r.id !== 'other.total'));
  const outcome = present.filter((r) => !['new_received', 'carried_over', 'carried_forward'].includes(r.id));
  const values = (id: string) => T3_COLUMNS.map((c) => ({ text: val(spec, `t3.${id}.${c.id}`, o) }));
  let outcomeSeen = 0;
  for (const r of present) {
    const cells: DocCell[] = [];
    if (r.id === 'new_received' || r.id === 'carried_over' || r.id === 'carried_forward') {
      rows.push([{ text: r.label, colspan: 3 }, ...values(r.id)]);
      continue;
    }
    if (outcomeSeen++ === 0) cells.push({ text: '三、本年度办理结果', rowspan: outcome.length });
    const group = r.id.includes('.') && r.id !== 'other.total' ? r.id.split('.')[0] : null;
    const sub = r.label.includes(' ') ? r.label.split(' ')[1] : r.label;
    if (group && GROUPS[group]) {
      const members = present.filter((x) => x.id.startsWith(group + '.'));
      if (members[0].id === r.id) cells.push({ text: GROUPS[group], rowspan: members.length });
      const tail = r.id === 'other.no_correction' || r.id === 'other.no_fee' ? '、行政机关不再处理其政府信息公开申请' : '';
      cells.push({ text: sub + tail });
    } else {
      const text = r.id === 'partial' ? '（二）部分公开（区分处理的，只计这一情形，不计其他情形）' : r.label;
      cells.push({ text, colspan: 2 });
    }
    rows.push([...cells, ...values(r.id)]);
  }
  return rows;
}

function table4(spec: ReportSpec, o: LayoutOptions): DocCell[][] {
  const heads = T4_COLUMNS.map((c) => ({ text: c.label }));
  return [
    [{ text: '行政复议', colspan: 5, rowspan: 2 }, { text: '行政诉讼', colspan: 10 }],
    [{ text: '未经复议直接起诉', colspan: 5 }, { text: '复议后起诉', colspan: 5 }],
    [...heads, ...heads, ...heads],
    T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => ({ text: val(spec, `t4.${g.id}.${c.id}`, o) }))),
  ];
}

export function reportBlocks(spec: ReportSpec, o: LayoutOptions = {}): DocBlock[] {
  const [intro, ...one] = narrative(spec);
  const blocks: DocBlock[] = [
    { kind: 'title', text: `${spec.organ}${spec.year}年政府信息公开工作年度报告` },
    { kind: 'para', text: intro },
    { kind: 'heading', text: '一、总体情况' },
    ...one.map((text) => ({ kind: 'para' as const, text })),
    { kind: 'heading', text: '二、主动公开政府信息情况' },
    { kind: 'table', rows: table2(spec, o) },
    { kind: 'heading', text: '三、收到和处理政府信息公开申请情况' },
    { kind: 'table', rows: table3(spec, o) },
    { kind: 'heading', text: '四、政府信息公开行政复议、行政诉讼情况' },
    { kind: 'table', rows: table4(spec, o) },
    { kind: 'heading', text: '五、存在的主要问题及改进情况' },
    { kind: 'para', text: '信息公开的及时性有待提高。' },
    { kind: 'heading', text: '六、其他需要报告的事项' },
    { kind: 'para', text: '本年度未收取信息处理费。' },
  ];
  if (!o.autoNumbered) return blocks;
  return blocks.map((b) => (b.kind === 'heading' ? { ...b, text: b.text.replace(/^[一二三四五六七]、/, '') } : b));
}
