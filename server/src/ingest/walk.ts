import { isUtf8 } from 'node:buffer';
import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { extname, resolve, sep } from 'node:path';

/** A file larger than this is failed without being read (no report comes near it). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

export interface Walked {
  /** Report files to read, as display paths (see `raw`). */
  files: string[];
  /** Files and folders passed over, with the reason (unsupported type, hidden, not a regular file, read before). */
  skipped: { path: string; reason: string }[];
  /** Files that are reports by name but cannot be read at all (too large), with the reason. */
  failed: { path: string; error: string }[];
  /**
   * The byte paths of files whose names (or folders' names) are not UTF-8, by display path: a
   * name from a Windows zip is GBK, shown decoded as GB18030 (or with `\xNN` escapes where even
   * that fails) but opened by its bytes.
   */
  raw: Map<string, Buffer>;
  /** Size in bytes of each file in `files`, for bounding what is read ahead. */
  sizes: Map<string, number>;
}

const gb18030 = new TextDecoder('gb18030', { fatal: true });

/** A file name's bytes as text: UTF-8, else GB18030 (lossless for valid GBK), else escaped bytes. */
export function displayName(name: Buffer): { text: string; exact: boolean } {
  if (isUtf8(name)) return { text: name.toString('utf8'), exact: true };
  try {
    return { text: gb18030.decode(name), exact: false };
  } catch {
    return { text: [...name].map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join(''), exact: false };
  }
}

function isLink(p: Buffer): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Every report file under the paths (recursively). Only regular files are read (FIFOs, devices
 * and sockets would block or never end); each real folder and file is read once, however many
 * links lead to it, and under its own path (links are followed after every real entry; a link
 * loop ends where it returns); names that start with a dot (`.git`,
 * `.DS_Store`, macOS `._x.pdf` shadows) are passed over unless given as a path; a folder that
 * cannot be listed is skipped with its reason. Every entry passed over is listed.
 */
export function walkReports(paths: string[], extensions: string[]): Walked {
  const out: Walked = { files: [], skipped: [], failed: [], raw: new Map(), sizes: new Map() };
  const seen = new Map<string, string>(); // dev:ino → display path first read there
  const links: [Buffer, string, boolean][] = [];
  const visit = (bytes: Buffer, display: string, exact: boolean) => {
    let st: Stats;
    try {
      st = statSync(bytes);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      let dangling = false;
      try {
        dangling = code === 'ENOENT' && lstatSync(bytes).isSymbolicLink();
      } catch {}
      out.skipped.push({ path: display, reason: dangling ? 'a link to nothing' : code === 'ELOOP' ? 'a link that loops' : `cannot open: ${code ?? (e as Error).message}` });
      return;
    }
    const key = `${st.dev}:${st.ino}`;
    const first = seen.get(key);
    if (first !== undefined) {
      out.skipped.push({ path: display, reason: `the same ${st.isDirectory() ? 'folder' : 'file'} as ${first} (a link); read once` });
      return;
    }
    if (st.isDirectory()) {
      seen.set(key, display);
      let names: Buffer[];
      try {
        names = readdirSync(bytes, { encoding: 'buffer' });
      } catch (e) {
        out.skipped.push({ path: display, reason: `cannot list folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
        return;
      }
      const entries = names.map((n) => ({ n, ...displayName(n) })).sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
      for (const { n, text, exact: nameExact } of entries) {
        const childDisplay = display.endsWith(sep) ? display + text : display + sep + text;
        if (text.startsWith('.')) {
          out.skipped.push({ path: childDisplay, reason: 'hidden (the name starts with a dot); not read' });
          continue;
        }
        const child = Buffer.concat([bytes, Buffer.from(sep), n]);
        // Links are followed after every real entry: the file's own path is the one kept.
        if (isLink(child)) links.push([child, childDisplay, exact && nameExact]);
        else visit(child, childDisplay, exact && nameExact);
      }
      return;
    }
    if (!st.isFile()) {
      out.skipped.push({ path: display, reason: `${kindOf(st)}, not a regular file; not read` });
      return;
    }
    seen.set(key, display);
    const ext = extname(display).toLowerCase();
    if (!extensions.includes(ext)) {
      out.skipped.push({ path: display, reason: `unsupported type ${ext || '(none)'}` });
      return;
    }
    if (st.size > MAX_FILE_BYTES) {
      out.failed.push({ path: display, error: `file too large: ${(st.size / 1024 / 1024).toFixed(0)} MiB (the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB)` });
      return;
    }
    out.files.push(display);
    out.sizes.set(display, st.size);
    if (!exact) out.raw.set(display, bytes);
  };
  for (const p of paths) {
    const abs = resolve(p);
    visit(Buffer.from(abs), abs, true);
  }
  for (let k = 0; k < links.length; k++) visit(...links[k]);
  return out;
}
