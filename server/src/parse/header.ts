import { nfkc, splitLines } from './cells.ts';

export interface Header {
  organ: string | null;
  year: number | null;
}

const TITLE = /(?:关于)?(\d{4})\s*年\s*(?:度)?\s*(?:的)?\s*(?:政府)?\s*(?:信息公开|政务公开)/;
const PERIOD = /统计(?:期限|时限|区间|周期)?[^。]{0,20}?(\d{4})\s*年\s*1\s*月\s*1\s*日/;

function clean(s: string): string {
  return nfkc(s)
    .replace(/[#*_`>\[\]]/g, '')
    .replace(/[\s\u3000]+/g, '')
    .replace(/(关于(?:报送|印发|公布|发布|上报|提交)?|的)$/, '') // cover letters: `X关于报送2020年度…报告的函`
    .replace(/^[《“"]|[》”"]$/g, '');
}

/** The text up to its n-th line break (the title is near the top; splitting the whole text is waste). */
function headLines(text: string, n: number): string {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = text.indexOf('\n', at + 1);
    if (at < 0) return text;
  }
  return text.slice(0, at);
}

/**
 * Words before the year that are a sentence, not a body's name: a report often opens with
 * `根据《中华人民共和国政府信息公开条例》…编制2022年政府信息公开工作年度报告`.
 */
const SENTENCE = /[，,。；;：:、《》“”]|根据|按照|依据|依照|对照|现将|编制|本报告|特此/;

/** The body named by one title candidate, or '' (year first, or the body on the line above). */
function organOf(lines: string[], i: number, line: string, m: RegExpExecArray): string {
  let before = clean(line.slice(0, m.index));
  if (!before) {
    // Year first: the body stands between the year and 政府信息公开.
    const after = /\d{4}\s*年\s*度?\s*(.+?)(?:政府|政务)?信息公开/.exec(line);
    const mid = after ? clean(after[1]).replace(/(政府|政务)$/, '') : '';
    if (mid.length >= 2 && /[省市县区镇乡街道局委办府]$/.test(mid)) before = mid;
  }
  if (!before) {
    for (let k = i - 1; k >= 0; k--) {
      const prev = clean(lines[k]);
      if (prev) {
        if (prev.length <= 40 && !SENTENCE.test(prev)) before = prev;
        break;
      }
    }
  }
  return before.length > 40 || SENTENCE.test(before) ? '' : before;
}

/**
 * The issuing body and statistics year from the report's title: the words before the year
 * (`渠县望溪镇 2024 年政府信息公开工作年度报告`), or the line above when the title is split
 * (`# 平罗县渠口乡` / `## 2024年…年度报告`), or the words after the year (`2024年XX镇政府信息…`).
 * `titles` are the titles the document states outside its text (a page's `<title>`, its
 * article-title element), tried first; a line that is a sentence never names the body.
 */
export function parseHeader(text: string, warnings: string[], titles: readonly string[] = []): Header {
  const lines = [...titles, ...splitLines(headLines(text, 40)).slice(0, 40)];
  let organ: string | null = null;
  let year: number | null = null;
  let sentenceYear: number | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = nfkc(lines[i]);
    if (!/报告/.test(line)) continue;
    const m = TITLE.exec(line);
    if (!m) continue;
    const before = i < titles.length ? organOf([], 0, line, m) : organOf(lines.slice(titles.length), i - titles.length, line, m);
    if (!before && SENTENCE.test(clean(line.slice(0, m.index)))) {
      // The year of an opening sentence is kept only if no title gives one.
      sentenceYear ??= Number(m[1]);
      continue;
    }
    // A title without a body (`<title>2023年政府信息公开工作年度报告</title>`) gives the year;
    // a later title of the same year may still name the body.
    if (year !== null && Number(m[1]) !== year) continue;
    year = Number(m[1]);
    if (before) {
      organ = before;
      break;
    }
  }
  if (year === null) {
    const p = PERIOD.exec(nfkc(text));
    if (p) {
      year = Number(p[1]);
      warnings.push(`title has no year; year ${year} taken from the statistics period`);
    } else if (sentenceYear !== null) {
      year = sentenceYear;
      warnings.push(`no title found; year ${year} taken from the opening sentence`);
    } else warnings.push('no reporting year found in the title or statistics period');
  }
  if (organ === null) warnings.push('no issuing body found in the title');
  if (year !== null && (year < 2000 || year > 2100)) {
    warnings.push(`implausible year ${year}; set to null`);
    year = null;
  }
  return { organ, year };
}
