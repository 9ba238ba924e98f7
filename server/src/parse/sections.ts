import { normalizeLabel, splitLines } from './cells.ts';

/**
 * Where the narrative and the three tables lie in a report's text. Headings vary (markdown,
 * bold, numbering styles), so each boundary has a heading pattern and a content fallback.
 */
export interface Section {
  text: string;
  /** 1-based line number of the section's first line. */
  firstLine: number;
}

export interface Sections {
  title: string;
  narrative: string;
  t2: Section | null;
  t3: Section | null;
  t4: Section | null;
}

/** Headings start (after markdown marks) with a section numeral or 存在; a cheap filter before normalising. */
const HEADING_START = /^[\s#*>]*[二三四五存]/;

function findLine(lines: string[], from: number, tests: RegExp[]): number {
  for (let i = from; i < lines.length; i++) {
    if (lines[i].length > 120 || !HEADING_START.test(lines[i])) continue;
    const n = normalizeLabel(lines[i]);
    if (n.length > 60) continue; // a heading, not a paragraph
    if (tests.some((t) => t.test(n))) return i;
  }
  return -1;
}

function findContaining(lines: string[], from: number, tests: RegExp[]): number {
  for (let i = from; i < lines.length; i++) if (tests.some((t) => t.test(lines[i]))) return i;
  return -1;
}

export function splitSections(text: string): Sections {
  const lines = splitLines(text);
  let t2 = findLine(lines, 0, [/^二主动公开政府信息/, /^二主动公开情况/]);
  if (t2 < 0) t2 = findContaining(lines, 0, [/第二十条第/]);
  let t3 = findLine(lines, Math.max(t2, 0), [/^三收到和处理/, /^三.{0,8}申请情况$/]);
  if (t3 < 0) t3 = findContaining(lines, Math.max(t2, 0), [/[勾钩]稽关系/, /本年新收/]);
  let t4 = findLine(lines, Math.max(t3, t2, 0), [/^四.{0,12}行政复议/]);
  if (t4 < 0 && t3 >= 0) {
    const carried = findContaining(lines, t3, [/结转下年/]);
    if (carried >= 0) t4 = findContaining(lines, carried, [/行政复议/]);
  }
  const after = Math.max(t4, t3, t2, 0);
  let end = findLine(lines, after + 1, [/^五/, /^存在的?主要问题/]);
  if (end < 0) end = lines.length;

  const slice = (a: number, b: number): Section | null =>
    a < 0 ? null : { text: lines.slice(a, b < 0 ? end : b).join('\n'), firstLine: a + 1 };
  const next = (a: number, ...cands: number[]) => {
    const later = cands.filter((c) => c > a);
    return later.length ? Math.min(...later) : end;
  };
  const firstTable = [t2, t3, t4].filter((i) => i >= 0);
  const narrativeEnd = firstTable.length ? Math.min(...firstTable) : lines.length;
  return {
    title: lines.slice(0, 12).join('\n'),
    narrative: lines.slice(0, narrativeEnd).join('\n'),
    t2: slice(t2, next(t2, t3, t4)),
    t3: slice(t3, next(t3, t4)),
    t4: slice(t4, end),
  };
}
