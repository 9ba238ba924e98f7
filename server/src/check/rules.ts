import { T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS, type CheckResult, type CheckStatus, type FieldValue } from '@nianbao/shared';

type Fields = Record<string, FieldValue>;

const num = (f: Fields, id: string): number | null => {
  const v = f[id];
  return typeof v === 'number' ? v : null;
};

/** Sum of operands, or null when any is null. */
function sum(values: (number | null)[]): number | null {
  let s = 0;
  for (const v of values) {
    if (v === null) return null;
    s += v;
  }
  return Math.round(s * 1e6) / 1e6;
}

interface Item {
  where: string;
  left: number | null;
  right: number | null;
  /** Built only for failing items: string building on every report is the hot path. */
  expr: () => string;
}

/** Folds per-column/per-row comparisons into one result: any fail → fail, else any null → uncertain. */
function fold(rule: CheckResult['rule'], items: Item[]): CheckResult {
  const failed = items.filter((i) => i.left !== null && i.right !== null && i.left !== i.right);
  const unknown = items.filter((i) => i.left === null || i.right === null);
  let status: CheckStatus = 'pass';
  let detail = `all ${items.length} hold`;
  if (failed.length) {
    status = 'fail';
    detail = failed.map((i) => `${i.where}: ${i.expr()} → ${i.left} ≠ ${i.right}`).join('; ');
  } else if (unknown.length) {
    status = 'uncertain';
    detail = `operand missing in ${unknown.map((i) => i.where).join(', ')}`;
  }
  return { rule, status, detail };
}

const OUTCOME_ROWS = T3_ROWS.map((r) => r.id).filter((id) => /^(granted|partial|denied\.|unable\.|not_processed\.)/.test(id));
/** Field ids per column, built once: rules run on every report. */
const OUTCOME_IDS = new Map(T3_COLUMNS.map((c) => [c.id as string, OUTCOME_ROWS.map((r) => `t3.${r}.${c.id}`)]));
const ROW_IDS = new Map(T3_ROWS.map((r) => [r.id, T3_COLUMNS.map((c) => `t3.${r.id}.${c.id}`)]));

const OTHER_TOTAL_IDS = new Map(T3_COLUMNS.map((c) => [c.id as string, `t3.other.total.${c.id}`]));
const OTHER_SPLIT_IDS = new Map(T3_COLUMNS.map((c) => [c.id as string, ['no_correction', 'no_fee', 'other'].map((r) => `t3.other.${r}.${c.id}`)]));
const BALANCE_IDS = T3_COLUMNS.map((c) => ['new_received', 'carried_over', 'processed_total', 'carried_forward'].map((r) => `t3.${r}.${c.id}`));
const T4_IDS = T4_GROUPS.map((g) => T4_COLUMNS.map((c) => `t4.${g.id}.${c.id}`));

/** Σother: the three sub-rows, or the single （六）其他处理 row where the report has one. */
function otherSum(f: Fields, col: string): number | null {
  const single = OTHER_TOTAL_IDS.get(col)!;
  if (single in f) return num(f, single);
  return sum(OTHER_SPLIT_IDS.get(col)!.map((id) => num(f, id)));
}

/** Rule 1: new_received + carried_over = processed_total + carried_forward, per column. */
export function rule1(f: Fields): CheckResult {
  return fold(1, T3_COLUMNS.map((c, i) => {
    const [a, b, p, q] = BALANCE_IDS[i].map((id) => num(f, id));
    return { where: c.label, left: sum([a, b]), right: sum([p, q]), expr: () => `${a}+${b} vs ${p}+${q}` };
  }));
}

/** Rule 2: processed_total = granted + partial + Σdenied + Σunable + Σnot_processed + Σother, per column. */
export function rule2(f: Fields): CheckResult {
  return fold(2, T3_COLUMNS.map((c) => {
    const parts = OUTCOME_IDS.get(c.id)!.map((id) => num(f, id));
    const other = otherSum(f, c.id);
    const total = num(f, ROW_IDS.get('processed_total')![T3_COLUMNS.indexOf(c)]);
    const s = sum([...parts, other]);
    return { where: c.label, left: total, right: s, expr: () => `总计 ${total} vs 各项之和` };
  }));
}

/** Rule 3: the six applicant columns sum to the total, per row. */
export function rule3(f: Fields): CheckResult {
  const single = 't3.other.total.total' in f;
  const rows = T3_ROWS.filter((r) => ROW_IDS.get(r.id)![6] in f && !(single && r.id.startsWith('other.') && r.id !== 'other.total'));
  return fold(3, rows.map((r) => {
    const ids = ROW_IDS.get(r.id)!;
    const parts = ids.slice(0, 6).map((id) => num(f, id));
    const total = num(f, ids[6]);
    return { where: r.label, left: sum(parts), right: total, expr: () => `${parts.join('+')} vs ${total}` };
  }));
}

/** Rule 4: upheld + corrected + other + pending = total, per group of table 4. */
export function rule4(f: Fields): CheckResult {
  return fold(4, T4_GROUPS.map((g, i) => {
    const parts = T4_IDS[i].slice(0, 4).map((id) => num(f, id));
    const total = num(f, T4_IDS[i][4]);
    return { where: g.label, left: sum(parts), right: total, expr: () => `${parts.join('+')} vs ${total}` };
  }));
}

/** Rule 6 (advisory): the application count stated in section 一（二） equals t3.new_received.total. */
export function rule6(f: Fields, narrativeCount: number | null): CheckResult {
  const t = num(f, 't3.new_received.total');
  if (narrativeCount === null || t === null) {
    return { rule: 6, status: 'uncertain', detail: narrativeCount === null ? 'the narrative states no application count' : 't3.new_received.total is missing' };
  }
  return narrativeCount === t
    ? { rule: 6, status: 'pass', detail: `narrative ${narrativeCount} = table ${t}` }
    : { rule: 6, status: 'fail', detail: `narrative ${narrativeCount} ≠ t3.new_received.total ${t} (advisory: the narrative may count a different scope)` };
}

/** Rules 1–4 and 6 on one report; a report without tables has none. */
export function checkReport(f: Fields, narrativeCount: number | null): CheckResult[] {
  if (!('t3.new_received.total' in f)) return [];
  return [rule1(f), rule2(f), rule3(f), rule4(f), rule6(f, narrativeCount)];
}

/**
 * Rule 5 across years, same body: carried_over this year = carried_forward last year (per
 * column), and in_force this year = last year's + issued − repealed (normative docs, regulations).
 */
export function rule5(cur: Fields, prev: Fields): CheckResult {
  const items: Item[] = T3_COLUMNS.map((c) => ({
    where: `结转·${c.label}`,
    left: num(cur, `t3.carried_over.${c.id}`),
    right: num(prev, `t3.carried_forward.${c.id}`),
    expr: () => '本年上年结转 vs 上年结转下年',
  }));
  for (const r of ['normative_docs', 'regulations']) {
    if (!(`t2.${r}.in_force` in cur) || !(`t2.${r}.in_force` in prev)) continue;
    const last = num(prev, `t2.${r}.in_force`);
    const issued = num(cur, `t2.${r}.issued`);
    const repealed = num(cur, `t2.${r}.repealed`);
    const expected = last === null || issued === null || repealed === null ? null : last + issued - repealed;
    items.push({ where: `${r === 'regulations' ? '规章' : '行政规范性文件'}现行有效`, left: num(cur, `t2.${r}.in_force`), right: expected, expr: () => `${last}+${issued}−${repealed}` });
  }
  return fold(5, items);
}
