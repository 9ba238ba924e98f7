import { Converter } from 'opencc-js/t2cn';

/**
 * Traditional Chinese (mirror sites serve reports converted to it) → simplified, before parsing:
 * every label pattern and number word of the parser is simplified. Text is converted only when
 * it is mostly traditional, so a simplified report is never touched.
 */

/** Common characters of these reports that exist only in traditional form. */
const TRADITIONAL_MARKS = /[報資訊開數處請縣鎮鄉區辦與為於這個們對時會國關應當經過並總計機構決書條據規範許罰強費務議訴結轉實際設網際]/g;
const HAN = /[\u4e00-\u9fff]/g;

let convert: ((s: string) => string) | null = null;

export function isMostlyTraditional(text: string): boolean {
  // The title and first sections decide: a mirror site converts the whole page.
  const sample = text.length > 4000 ? text.slice(0, 4000) : text;
  const marks = sample.match(TRADITIONAL_MARKS)?.length ?? 0;
  if (marks < 5) return false;
  const han = sample.match(HAN)?.length ?? 1;
  return marks / han > 0.02;
}

export function toSimplified(text: string): { text: string; converted: boolean } {
  if (!isMostlyTraditional(text)) return { text, converted: false };
  // 'tw' covers Taiwan forms and variants; the result is mainland simplified ('cn').
  convert ??= Converter({ from: 'tw', to: 'cn' });
  return { text: convert(text), converted: true };
}
