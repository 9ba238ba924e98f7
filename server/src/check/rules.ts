import { T3_COLUMNS, T3_ROWS, T4_COLUMNS, T4_GROUPS, type CheckResult, type FieldValue } from '@nianbao/shared';

type Fields = Record<string, FieldValue>;

const num = (f: Fields, id: string): number | null => {
  const v = f[id];
  return typeof v === 'number' ? v : null;
};

interface Item {
  where: string;
  left: number | null;
  right: number | null;
}

/**
 * Folds per-column/per-row comparisons into one result: any fail → fail, else any null →
 * uncertain. `explain(i)` writes item i's arithmetic, called only for failing items: the checks
 * run on every report and almost all pass.
 */
function fold(rule: CheckResult['rule'], items: Item[], explain: (i: number) => string): CheckResult {
  let failed = '';
  let unknown = '';
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it.left === null || it.right === null) unknown += (unknown ? ', ' : '') + it.where;
    else if (it.left !== it.right) failed += `${failed ? '; ' : ''}${it.where}: ${explain(i)} → ${it.left} ≠ ${it.right}`;
  }
  if (failed) return { rule, status: 'fail', detail: failed };
  if (unknown) return { rule, status: 'uncertain', detail: `operand missing in ${unknown}` };
  return { rule, status: 'pass', detail: `all ${items.length} hold` };
}

const OUTCOME_ROWS = T3_ROWS.map((r) => r.id).filter((id) => /^(granted|partial|denied\.|unable\.|not_processed\.)/.test(id));
/** Field ids per column, built once: rules run on every report. */
const OUTCOME_IDS = T3_COLUMNS.map((c) => OUTCOME_ROWS.map((r) => `t3.${r}.${c.id}`));
const ROW_IDS = new Map(T3_ROWS.map((r) => [r.id, T3_COLUMNS.map((c) => `t3.${r.id}.${c.id}`)]));
const PROCESSED_IDS = ROW_IDS.get('processed_total')!;

const OTHER_TOTAL_IDS = T3_COLUMNS.map((c) => `t3.other.total.${c.id}`);
const OTHER_SPLIT_IDS = T3_COLUMNS.map((c) => ['no_correction', 'no_fee', 'other'].map((r) => `t3.other.${r}.${c.id}`));
const BALANCE_IDS = T3_COLUMNS.map((c) => ['new_received', 'carried_over', 'processed_total', 'carried_forward'].map((r) => `t3.${r}.${c.id}`));
const T4_IDS = T4_GROUPS.map((g) => T4_COLUMNS.map((c) => `t4.${g.id}.${c.id}`));

/** Sum of the fields, or null when any is null. */
function sumOf(f: Fields, ids: readonly string[], from = 0, to = ids.length): number | null {
  let s = 0;
  for (let i = from; i < to; i++) {
    const v = f[ids[i]];
    if (typeof v !== 'number') return null;
    s += v;
  }
  return Math.round(s * 1e6) / 1e6;
}

/** Σother of column i: the three sub-rows, or the single （六）其他处理 row where the report has one. */
function otherSum(f: Fields, i: number): number | null {
  const single = OTHER_TOTAL_IDS[i];
  if (single in f) return num(f, single);
  return sumOf(f, OTHER_SPLIT_IDS[i]);
}

/** Rule 1: new_received + carried_over = processed_total + carried_forward, per column. */
export function rule1(f: Fields): CheckResult {
  const items = T3_COLUMNS.map((c, i) => ({ where: c.label, left: sumOf(f, BALANCE_IDS[i], 0, 2), right: sumOf(f, BALANCE_IDS[i], 2, 4) }));
  return fold(1, items, (i) => {
    const [a, b, p, q] = BALANCE_IDS[i].map((id) => num(f, id));
    return `${a}+${b} vs ${p}+${q}`;
  });
}

/** Rule 2: processed_total = granted + partial + Σdenied + Σunable + Σnot_processed + Σother, per column. */
export function rule2(f: Fields): CheckResult {
  const items = T3_COLUMNS.map((c, i) => {
    const parts = sumOf(f, OUTCOME_IDS[i]);
    const other = otherSum(f, i);
    return { where: c.label, left: num(f, PROCESSED_IDS[i]), right: parts === null || other === null ? null : Math.round((parts + other) * 1e6) / 1e6 };
  });
  return fold(2, items, (i) => `总计 ${items[i].left} vs 各项之和`);
}

/** Rule 3: the six applicant columns sum to the total, per row. */
export function rule3(f: Fields): CheckResult {
  const single = 't3.other.total.total' in f;
  const rows = T3_ROWS.filter((r) => ROW_IDS.get(r.id)![6] in f && !(single && r.id.startsWith('other.') && r.id !== 'other.total'));
  const items = rows.map((r) => {
    const ids = ROW_IDS.get(r.id)!;
    return { where: r.label, left: sumOf(f, ids, 0, 6), right: num(f, ids[6]) };
  });
  return fold(3, items, (i) => {
    const ids = ROW_IDS.get(rows[i].id)!;
    return `${ids.slice(0, 6).map((id) => num(f, id)).join('+')} vs ${num(f, ids[6])}`;
  });
}

/** Rule 4: upheld + corrected + other + pending = total, per group of table 4. */
export function rule4(f: Fields): CheckResult {
  const items = T4_GROUPS.map((g, i) => ({ where: g.label, left: sumOf(f, T4_IDS[i], 0, 4), right: num(f, T4_IDS[i][4]) }));
  return fold(4, items, (i) => `${T4_IDS[i].slice(0, 4).map((id) => num(f, id)).join('+')} vs ${num(f, T4_IDS[i][4])}`);
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
  }));
  const exprs: string[] = items.map(() => '本年上年结转 vs 上年结转下年');
  for (const r of ['normative_docs', 'regulations']) {
    if (!(`t2.${r}.in_force` in cur) || !(`t2.${r}.in_force` in prev)) continue;
    const last = num(prev, `t2.${r}.in_force`);
    const issued = num(cur, `t2.${r}.issued`);
    const repealed = num(cur, `t2.${r}.repealed`);
    const expected = last === null || issued === null || repealed === null ? null : last + issued - repealed;
    items.push({ where: `${r === 'regulations' ? '规章' : '行政规范性文件'}现行有效`, left: num(cur, `t2.${r}.in_force`), right: expected });
    exprs.push(`${last}+${issued}−${repealed}`);
  }
  return fold(5, items, (i) => exprs[i]);
}
