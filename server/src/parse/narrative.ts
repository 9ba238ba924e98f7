import { foldWidth } from './cells.ts';

export interface Proactive {
  total: number | null;
  approx: boolean | null;
  evidence: string | null;
  /** Index of the number in the narrative (for provenance), or null. */
  at: number | null;
}

export interface ApplicationCount {
  value: number | null;
  evidence: string | null;
  at: number | null;
}

const SENTENCE_REACH = 400;

const SUBHEAD = /[(（]\s*[一二三四五六七八九十]\s*[)）]/g;

/** Text of the sub-section of section 一 whose heading matches `heading`, up to the next （x）. */
function subsection(narrative: string, heading: RegExp): { start: number; end: number } | null {
  const heads = [...narrative.matchAll(SUBHEAD)].map((m) => m.index!);
  for (let k = 0; k < heads.length; k++) {
    const start = heads[k];
    const headText = narrative.slice(start, start + 24).replace(/\s+/g, '');
    if (heading.test(headText)) return { start, end: heads[k + 1] ?? narrative.length };
  }
  return null;
}

/** Every sub-section whose heading matches, in order. */
function subsections(narrative: string, heading: RegExp): { start: number; end: number }[] {
  const heads = [...narrative.matchAll(SUBHEAD)].map((m) => m.index!);
  const out: { start: number; end: number }[] = [];
  for (let k = 0; k < heads.length; k++) {
    const headText = narrative.slice(heads[k], heads[k] + 24).replace(/\s+/g, '');
    if (heading.test(headText)) out.push({ start: heads[k], end: heads[k + 1] ?? narrative.length });
  }
  return out;
}

/** The sentence holding `index`, at most SENTENCE_REACH characters either side of it. */
function sentenceAround(text: string, index: number): string {
  const before = Math.max(text.lastIndexOf('。', index), index - SENTENCE_REACH);
  const after = text.indexOf('。', index);
  return text
    .slice(before + 1, Math.min(after < 0 ? text.length : after + 1, index + SENTENCE_REACH))
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The number of items proactively disclosed, from section 一（一）: a count of 条 in a clause that
 * speaks of disclosing (`主动公开信息 68 条`, `共公开政府信息116条`, `累计 20 余条`), preferring
 * totals over breakdowns (`其中…`) and never the all-years figure (`历年累计`).
 */
export function parseProactive(narrativeRaw: string): Proactive {
  const narrative = foldWidth(narrativeRaw);
  // Each sub-section headed 主动公开 in turn (a report may have several, the first without a
  // count), then the whole narrative.
  const scopes = subsections(narrative, /主动公开/);
  scopes.push({ start: 0, end: narrative.length });
  for (const { start, end } of scopes) {
    const found = proactiveIn(narrative.slice(start, end), narrativeRaw.slice(start, end));
    if (found) return { ...found, at: found.at! + start };
  }
  return { total: null, approx: null, evidence: null, at: null };
}

/**
 * The count tied to disclosing in its own clause: `N条` after 公开/发布 (`共公开政府信息116条`), or
 * `N条/份/件/篇/项` right after 主动公开 (`其中主动公开317份`), preferring totals (`累计`, `共`). A
 * total of everything made (`全年制发公文类政府信息383条，其中主动公开54条`) yields to the count
 * tied to 主动公开.
 */
const CLAUSE_END = new Set(['。', '，', ',', '；', ';', '：', '\n']);
const MAX_CLAUSE = 120;

function proactiveIn(scope: string, original: string): Proactive | null {
  const re = /(\d[\d,]*)\s*(余|多)?\s*(条|份|件|篇|项|个)/g;
  let best: { score: number; n: number; approx: boolean; at: number } | null = null;
  // Clause starts found by one forward scan (looking back from every number made long texts
  // quadratic); a clause is read no further back than MAX_CLAUSE characters.
  let clauseStart = 0;
  let scanned = 0;
  for (const m of scope.matchAll(re)) {
    const at = m.index!;
    for (; scanned < at; scanned++) if (CLAUSE_END.has(scope[scanned])) clauseStart = scanned + 1;
    const clause = scope.slice(Math.max(clauseStart, at - MAX_CLAUSE), at);
    if (/历年|累计至今|以来累计/.test(clause)) continue;
    // 主动公开 close before the number speaks of it; further back it may be a heading's words.
    const tied = /主动公开[^，。；]{0,15}$/.test(clause);
    const discloses = /公开|发布/.test(clause);
    if (m[3] !== '条' && !tied) continue;
    // A clause that counts without disclosing (`全年制发公文类政府信息383条`, `累计20余条`) ranks
    // below one tied to 主动公开 but may still be the only total.
    let score = -1;
    if (tied && !/应主动公开[^，。；]{0,15}$/.test(clause)) score = 3; // not the category `其他应主动公开的政府信息`
    else if (discloses) score = 1;
    if (/累计|共|总计|合计|全年|全部/.test(clause)) score += 3;
    // `其中` breaks a total down, unless what it singles out is the proactive count itself
    // (`获取政府信息总数473条，其中主动公开政府信息123条`).
    if (/其中/.test(clause) && !/其中[^，。；]{0,4}主动公开/.test(clause)) score -= 4;
    // A part of the body (`县直各单位主动公开…`) is not the body's total.
    if (/各单位|各乡镇|各部门|县直|区直/.test(clause)) score -= 2;
    if (score <= 0) continue;
    const before = scope.slice(Math.max(0, at - 3), at);
    const approx = Boolean(m[2]) || /(超过|逾|近|约)\s*$/.test(before);
    if (!best || score > best.score) best = { score, n: Number(m[1].replace(/,/g, '')), approx, at };
  }
  if (!best) return null;
  return { total: best.n, approx: best.approx, evidence: sentenceAround(original, best.at), at: best.at };
}

/**
 * The application count stated in section 一（二） (rule 6): `未收到…申请` → 0,
 * `收到/受理/接到…申请 N 件` → N. Null where the text states none.
 */
export function parseApplicationCount(narrativeRaw: string): ApplicationCount {
  const narrative = foldWidth(narrativeRaw);
  const section = subsection(narrative, /依申请|申请/);
  const [from, to] = section ? [section.start, section.end] : [0, narrative.length];
  const scope = narrative.slice(from, to);
  const original = narrativeRaw.slice(from, to);
  const none = /(未|没有)(收到|受理|接到|发生)[^。；]{0,30}申请/.exec(scope);
  const count = /(收到|受理|接到|办理)[^。；]{0,40}?申请[^。；\d]{0,20}?(\d[\d,]*)\s*(件|个|条|宗|份)/.exec(scope)
    ?? /申请[^。；\d]{0,12}?(收到|受理|接到)?[^。；\d]{0,6}?(\d[\d,]*)\s*(件|宗)/.exec(scope);
  if (count && (!none || count.index < none.index)) {
    return { value: Number(count[2].replace(/,/g, '')), evidence: sentenceAround(original, count.index), at: from + count.index };
  }
  if (none) return { value: 0, evidence: sentenceAround(original, none.index), at: from + none.index };
  return { value: null, evidence: null, at: null };
}
