import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';

/** What a file is, decided by its bytes (never by its name). */
export type Sniffed = { kind: 'report'; ext: '.pdf' | '.docx' | '.doc' | '.html' | '.txt' } | { kind: 'zip' } | { kind: 'unknown'; reason: string };

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** A ZIP's entry names without reading its contents (empty on a damaged archive). */
function zipNames(bytes: Uint8Array): string[] | null {
  try {
    const names: string[] = [];
    unzipSync(bytes, { filter: (f) => (names.push(f.name), false) });
    return names;
  } catch {
    return null;
  }
}

/**
 * The file's type by its magic bytes: `%PDF`, `PK` (a Word .docx package or a ZIP archive), OLE
 * (legacy Word .doc / WPS, read through LibreOffice), else text (HTML when it looks like markup)
 * unless it holds NUL or control bytes.
 */
export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return { kind: 'unknown', reason: 'empty file' };
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096));
  if (head.subarray(0, 1024).includes('%PDF-')) return { kind: 'report', ext: '.pdf' };
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) {
    const names = zipNames(bytes);
    if (!names) return { kind: 'unknown', reason: 'a damaged ZIP file' };
    if (names.includes('word/document.xml')) return { kind: 'report', ext: '.docx' };
    if (names.includes('[Content_Types].xml')) return { kind: 'unknown', reason: 'an Office file that is not a Word document (only .docx of Office packages is read)' };
    return { kind: 'zip' };
  }
  if (head.subarray(0, 8).equals(OLE)) return { kind: 'report', ext: '.doc' };
  // Text: UTF-16 by its BOM, or bytes without NUL and with few control characters.
  const bomUtf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  let control = 0;
  if (!bomUtf16) {
    for (const b of head) {
      if (b === 0) return { kind: 'unknown', reason: 'a binary file of no supported type (not PDF, Word, WPS, HTML or text)' };
      if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 0x1b) control++;
    }
    if (control > head.length / 100 + 2) return { kind: 'unknown', reason: 'a binary file of no supported type (not PDF, Word, WPS, HTML or text)' };
  }
  const start = (bomUtf16 ? iconv.decode(head, head[0] === 0xff ? 'utf-16le' : 'utf-16be') : head.toString('latin1')).replace(/^\uFEFF|^ï»¿/, '').trimStart().slice(0, 2048).toLowerCase();
  if (/^<(!doctype html|html|\?xml|head|body|meta|div|table|p[\s>])/.test(start) || /<html[\s>]|<body[\s>]|<table[\s>]/.test(start)) return { kind: 'report', ext: '.html' };
  return { kind: 'report', ext: '.txt' };
}

export interface ArchiveLimits {
  /** Entries at most (files and folders). */
  maxEntries: number;
  /** Uncompressed bytes of all entries together, at most. */
  maxTotalBytes: number;
  /** Uncompressed bytes of one entry, at most. */
  maxEntryBytes: number;
}

/** An archive refused as a whole: nothing of it is stored. */
export class ArchiveError extends Error {
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * An entry name as Windows' "send to compressed folder" writes it: UTF-8 when the entry says so
 * (flag bit 11: fflate decodes it), otherwise in the system code page, GBK/GB18030 on a Chinese
 * Windows (fflate gives those bytes as Latin-1). Bytes that are valid UTF-8 without the flag (as
 * macOS and 7-Zip write) are read as UTF-8.
 */
export function entryName(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u00ff]/.test(name) || /^[\u0000-\u007f]*$/.test(name)) return name; // UTF-8 (flagged) or ASCII
  const raw = Buffer.from(name, 'latin1');
  try {
    return utf8.decode(raw);
  } catch {
    return iconv.decode(raw, 'gb18030');
  }
}

/** A path inside an archive that would leave it: absolute (`/`, `\`, `C:`), or with a `..` segment. */
function escapes(name: string): boolean {
  const n = name.replace(/\\/g, '/');
  return n.startsWith('/') || /^[a-zA-Z]:/.test(n) || n.split('/').some((s) => s === '..');
}

export interface ArchiveEntry {
  /** Path inside the archive, `/`-separated, decoded. */
  name: string;
  bytes: Uint8Array;
}

/**
 * The files of a ZIP archive (folders dropped), checked before anything is inflated: an entry with
 * an absolute path or `..` refuses the archive (400), so do more entries or more uncompressed bytes
 * than the limits (413, a compression bomb). Sizes are those the archive declares; fflate inflates
 * no entry past its declared size.
 */
export function readZip(bytes: Uint8Array, limits: ArchiveLimits, label: string): ArchiveEntry[] {
  const listed: { raw: string; name: string; size: number }[] = [];
  let total = 0;
  try {
    unzipSync(bytes, {
      filter: (f) => {
        listed.push({ raw: f.name, name: entryName(f.name), size: f.originalSize });
        return false;
      },
    });
  } catch (e) {
    throw new ArchiveError(400, `${label}: a damaged ZIP archive (${(e as Error).message})`);
  }
  if (listed.length > limits.maxEntries) throw new ArchiveError(413, `${label}: ${listed.length} entries, more than the ${limits.maxEntries} an upload may hold`);
  for (const e of listed) {
    if (escapes(e.name)) throw new ArchiveError(400, `${label}: entry "${e.name}" points outside the archive (an absolute path or ..): the archive is refused`);
    if (e.size > limits.maxEntryBytes) throw new ArchiveError(413, `${label}: entry "${e.name}" inflates to ${mib(e.size)}, more than the ${mib(limits.maxEntryBytes)} a file may have`);
    total += e.size;
  }
  if (total > limits.maxTotalBytes) throw new ArchiveError(413, `${label}: inflates to ${mib(total)}, more than the ${mib(limits.maxTotalBytes)} an upload may hold (a compression bomb?)`);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') && f.originalSize <= limits.maxEntryBytes });
  } catch (e) {
    throw new ArchiveError(400, `${label}: a damaged ZIP archive (${(e as Error).message})`);
  }
  const out: ArchiveEntry[] = [];
  for (const e of listed) {
    const data = files[e.raw];
    if (!data || e.raw.endsWith('/')) continue;
    const name = e.name.replace(/\\/g, '/');
    // Hidden files and macOS metadata (`__MACOSX/`, `._x`) are not reports.
    if (name.split('/').some((s) => (s.startsWith('.') && s !== '.') || s === '__MACOSX')) continue;
    out.push({ name, bytes: data });
  }
  return out;
}

export function mib(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}
