import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ExtractError, type Extracted, type Extractor } from './types.ts';

/** Bytes that look like a binary file rather than text (NUL or many control bytes). */
function looksBinary(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 7 || (b > 13 && b < 27) || (b > 27 && b < 32)) control++;
  }
  return n > 0 && control / n > 0.1;
}

/**
 * UTF-16 without a byte-order mark (Windows Notepad's "Unicode"): the zero high bytes of ASCII
 * (digits, line breaks) stand at one parity of byte offsets, and hardly ever at the other.
 */
function utf16WithoutBom(bytes: Buffer): 'utf16le' | 'utf16be' | null {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 16) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  // (A CJK character such as 一, U+4E00, has a zero low byte too: rare, so the other parity is only nearly empty.)
  const enc = odd >= 0.05 * pairs && even * 10 <= odd ? 'utf16le' : even >= 0.05 * pairs && odd * 10 <= even ? 'utf16be' : null;
  if (!enc) return null;
  // Text, not binary: no control characters besides tab and line breaks, no lone surrogates.
  const sample = iconv.decode(bytes.subarray(0, n), enc);
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(sample) ? null : enc;
}

/** The text if the bytes are valid UTF-8 (checked strictly: any malformed sequence fails), else null. */
function decodeUtf8(bytes: Buffer): string | null {
  return isUtf8(bytes) ? bytes.toString('utf8') : null;
}

/**
 * Decode report bytes: BOM first, then strict UTF-8, then the detector's guess. Chinese legacy
 * encodings (GB2312/GBK) are decoded as GB18030, their superset.
 */
export function decodeText(bytes: Buffer): { text: string; encoding: string; warnings: string[] } {
  const warnings: string[] = [];
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.subarray(3).toString('utf8'), encoding: 'UTF-8', warnings };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: iconv.decode(bytes.subarray(2), 'utf16le'), encoding: 'UTF-16LE', warnings };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: iconv.decode(bytes.subarray(2), 'utf16be'), encoding: 'UTF-16BE', warnings };
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) {
    warnings.push(`file is ${utf16 === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE'} without a byte-order mark; decoded`);
    return { text: iconv.decode(bytes, utf16), encoding: utf16 === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE', warnings };
  }
  if (looksBinary(bytes)) throw new ExtractError('binary file, not text (NUL or control bytes)');
  const utf8 = decodeUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'UTF-8', warnings };

  const guess = chardet.detect(bytes) ?? 'GB18030';
  let encoding = /^(GB|Big5|EUC|ISO-2022|windows-1252|ISO-8859)/i.test(guess) ? guess : 'GB18030';
  // Latin-1 guesses on CJK bytes are the detector failing on short text; GB18030 is the usual truth.
  if (/^(windows-1252|ISO-8859)/i.test(encoding)) encoding = 'GB18030';
  if (/^(GB2312|GBK)$/i.test(encoding)) encoding = 'GB18030';
  if (!iconv.encodingExists(encoding)) encoding = 'GB18030';
  const text = iconv.decode(bytes, encoding);
  const bad = (text.match(/\uFFFD/g) ?? []).length;
  if (bad > 0) warnings.push(`decoded as ${encoding} with ${bad} undecodable byte sequence(s)`);
  else warnings.push(`file is ${encoding}, not UTF-8; decoded`);
  return { text, encoding, warnings };
}

export const textExtractor: Extractor = {
  format: 'text',
  extensions: ['.txt', '.md', '.markdown'],
  async extract(bytes: Buffer): Promise<Extracted> {
    if (bytes.length === 0) throw new ExtractError('empty file');
    const { text, encoding, warnings } = decodeText(bytes);
    if (text.trim() === '') throw new ExtractError('file has no text');
    return { text, source: encoding, warnings };
  },
};
