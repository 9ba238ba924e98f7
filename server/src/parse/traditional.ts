import { Converter } from 'opencc-js/t2cn';

/**
 * Traditional Chinese (mirror sites serve reports converted to it) → simplified, before parsing:
 * every label pattern and number word of the parser is simplified. Text is converted only when
 * it is mostly traditional, so a simplified report is never touched.
 */

/** Common characters of these reports that exist only in traditional form. */
const TRADITIONAL_MARKS = '報資訊開數處請縣鎮鄉區辦與為於這個們對時會國關應當經過並總計機構決書條據規範許罰強費務議訴結轉實際設網際';

let convert: ((s: string) => string) | null = null;

/** TRADITIONAL_MARKS as a lookup table: a character loop is much cheaper than a regex on every report. */
const IS_MARK = new Uint8Array(0x10000);
for (const c of TRADITIONAL_MARKS) IS_MARK[c.charCodeAt(0)] = 1;

export function isMostlyTraditional(text: string): boolean {
  // The title and first sections decide: a mirror site converts the whole page.
  const n = Math.min(text.length, 4000);
  let marks = 0;
  let han = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    marks += IS_MARK[c];
    if (c >= 0x4e00 && c <= 0x9fff) han++;
  }
  return marks >= 5 && marks / Math.max(han, 1) > 0.02;
}

export function toSimplified(text: string): { text: string; converted: boolean } {
  if (!isMostlyTraditional(text)) return { text, converted: false };
  // 'tw' covers Taiwan forms and variants; the result is mainland simplified ('cn').
  convert ??= Converter({ from: 'tw', to: 'cn' });
  return { text: convert(text), converted: true };
}
