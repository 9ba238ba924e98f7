/**
 * Real-report quirks named in the issue, each on a small hand-written table: typos, a stray
 * trailing value, a missing row, values in 元, and a label wrapped with its values below.
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from './index.ts';

const T3_ROWS = [
  '一、本年新收政府信息公开申请数量', '二、上年结转政府信息公开申请数量', '（一）予以公开', '（二）部分公开',
  '1.属于国家秘密', '2.其他法律行政止公开', '3.危及“三安全一稳定”', '4.保护第三方合法权益', '5.属于三类内部事务信息',
  '6.属于四类过程性信息', '7.属于行政执法案卷', '8.属于行政查询事项', '1.本机关不掌握相关政府信息', '2.没有现成信息需要另行制作',
  '3.补正后申请内容仍不明确', '1.信访举报投诉类申请', '2.重复申请', '3.要求提供公开出版物', '4.无正当理由大量反复申请',
  '5.要求行政机关确认或重新出具已获取信息', '（六）其他处理', '（七）总计', '四、结转下年度继续办理',
];

function report(t2: string, t3Rows: string[][], t4 = '0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0') {
  return [
    '某县某镇2023年政府信息公开工作年度报告', '一、总体情况', '（一）主动公开。全年主动公开政府信息15条。',
    '二、主动公开政府信息情况', t2,
    '三、收到和处理政府信息公开申请情况', '（本列数据的钩稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
    ...t3Rows.map((r) => r.join('\t')),
    '四、政府信息公开行政复议、行政诉讼情况', '行政复议\t行政诉讼', t4, '五、存在的主要问题及改进情况',
  ].join('\n');
}

const zeros = (label: string) => [label, '0', '0', '0', '0', '0', '0', '0'];

describe('parser quirks', () => {
  it('reads the hybrid single （六）其他处理 row, the 钩稽 and 先行有效件数 typos, and 元 amounts', () => {
    const t2 = [
      '信息内容\t本年制发件数\t本年废止件数\t先行有效件数', '规章\t1\t0\t3', '行政规范性文件\t2\t1\t9',
      '行政许可\t5', '行政处罚\t6', '行政强制\t7', '信息内容\t本年收费金额（单位：元）', '行政事业性收费\t25000',
    ].join('\n');
    const rows = T3_ROWS.map(zeros);
    rows[0] = ['一、本年新收政府信息公开申请数量', '3', '0', '0', '0', '0', '0', '3'];
    rows[2] = ['（一）予以公开', '3', '0', '0', '0', '0', '0', '3'];
    rows[21] = ['（七）总计', '3', '0', '0', '0', '0', '0', '3'];
    const p = parseReport(report(t2, rows));
    expect(p.template).toBe('2021');
    expect(p.singleOther).toBe(true);
    expect(p.tables['t2.regulations.in_force']).toBe(3);
    expect(p.tables['t2.normative_docs.repealed']).toBe(1);
    expect(p.tables['t2.enforcement.decisions']).toBe(7);
    expect(p.tables['t2.fees.amount']).toBe(2.5);
    expect(p.warnings.join()).toMatch(/元, converted to 2.5 万元/);
    expect(p.tables['t3.denied.law_forbidden.total']).toBe(0);
    expect(p.tables['t3.other.total.total']).toBe(0);
    expect(p.tables['t3.other.no_correction.total']).toBeNull();
    expect(p.tables['t3.granted.natural_person']).toBe(3);
  });

  it('keeps 15 of 16 table-4 values with a warning, and a missing row is null with a warning', () => {
    const t2 = ['规章\t0\t0\t0', '行政规范性文件\t0\t0\t0', '行政许可\t0', '行政处罚\t0', '行政强制\t0'].join('\n');
    const t4 = '1\t2\t3\t4\t10\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0';
    const p = parseReport(report(t2, T3_ROWS.map(zeros), t4));
    expect(p.tables['t4.review.total']).toBe(10);
    expect(p.tables['t4.suit_after_review.total']).toBe(0);
    expect(p.warnings.join('|')).toMatch(/table 4 has 16 values for 15 columns; the first 15 are kept/);
    expect(p.tables['t2.fees.amount']).toBeNull();
    expect(p.warnings.join('|')).toMatch(/row 行政事业性收费 missing/);
  });

  it('joins a label wrapped over two lines and a row whose values stand on the next line', () => {
    const t2 = ['规章\t0\t0\t0', '行政规范性文件\t0\t0\t0', '行政许可\t0', '行政处罚\t0', '行政强制\t0', '行政事业性收费\t0'].join('\n');
    const rows = T3_ROWS.map(zeros);
    rows.splice(3, 1, ['（二）部分公开（区分处理的，只计这一'], ['情形，不计其他情形）', '4', '0', '0', '0', '0', '0', '4']);
    rows.splice(0, 1, ['一、本年新收政府信息公开申请数量'], ['', '4', '0', '0', '0', '0', '0', '4']);
    const p = parseReport(report(t2, rows));
    expect(p.tables['t3.partial.total']).toBe(4);
    expect(p.tables['t3.new_received.natural_person']).toBe(4);
  });

  it('a cell `-`, `/`, `—`, `无` or blank inside a row is null, a written 0 is 0', () => {
    const t2 = ['规章\t-\t/\t0', '行政规范性文件\t—\t无\t0', '行政许可\t0', '行政处罚\t0', '行政强制\t0', '行政事业性收费\t0'].join('\n');
    const rows = T3_ROWS.map(zeros);
    rows[2] = ['（一）予以公开', '1', '', '0', '0', '0', '0', '1'];
    const p = parseReport(report(t2, rows));
    expect([p.tables['t2.regulations.issued'], p.tables['t2.regulations.repealed'], p.tables['t2.regulations.in_force']]).toEqual([null, null, 0]);
    expect([p.tables['t2.normative_docs.issued'], p.tables['t2.normative_docs.repealed']]).toEqual([null, null]);
    expect([p.tables['t3.granted.natural_person'], p.tables['t3.granted.commercial'], p.tables['t3.granted.research']]).toEqual([1, null, 0]);
  });
});

describe('two reports joined in one file', () => {
  it('are read as the first, with a warning naming how many there are', async () => {
    const { randomSpec, renderTextReport, rng } = await import('../testing/generate.ts');
    const r = rng(8);
    const a = randomSpec(r, { organ: '渠县望溪镇', year: 2023 });
    const b = randomSpec(r, { organ: '渠县望溪镇', year: 2024 });
    const p = parseReport(`${renderTextReport(a)}\n${renderTextReport(b)}`);
    expect(p.year).toBe(2023);
    expect(Object.fromEntries(Object.entries(p.tables).filter(([k]) => k in a.values))).toEqual(a.values);
    expect(p.warnings).toContain("the file holds 2 reports' tables (table 3 begins 2 times); only the first report is read");
    expect(parseReport(renderTextReport(a)).warnings.join('\n')).not.toMatch(/reports' tables/);
  });
});
