import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Runs `pdftotext -bbox` through small long-lived shells instead of one spawn per file. Spawning
 * from Node forks the whole process first, and its cost grows with the process's memory: about
 * 1 ms for a fresh Node, 4–5 ms for an ingest holding a few hundred MB, against ~25 ms of
 * pdftotext's own work on a report. A shell of a few MB forks pdftotext for a fraction of that.
 *
 * Each shell reads one PDF path per line, runs pdftotext on it (under `timeout` where coreutils
 * has it) and ends the output with a marker carrying the exit status. Files are handed over as
 * temporary files, which the shell deletes.
 */
export interface PdftotextResult {
  /** pdftotext's XHTML (`-bbox`), or null when it failed on the file. */
  xhtml: string | null;
  /** pdftotext is not installed (exit 127). */
  missing: boolean;
}

/**
 * The end marker names the file it ends: a PDF's own text cannot forge it (the path holds a random
 * part), so one file's output is never taken for another's.
 */
const endMarker = (path: string) => Buffer.from(`\n\x1eNIANBAO-END ${path} `);
/** A PDF with more pages is no report (one has a few dozen) and is not read. */
export const MAX_PDF_PAGES = 200;

const SCRIPT = [
  'if command -v timeout >/dev/null 2>&1; then T="timeout 60"; else T=""; fi',
  'while IFS= read -r f; do',
  // One page past the limit (pdf.ts MAX_PDF_PAGES), so a longer file is known as such unread.
  `  $T pdftotext -bbox -q -l ${MAX_PDF_PAGES + 1} "$f" - 2>/dev/null`,
  '  s=$?',
  '  rm -f "$f"',
  '  printf "\\n\\036NIANBAO-END %s %d\\036\\n" "$f" "$s"',
  'done',
].join('\n');

interface Job {
  end: Buffer;
  done: (r: PdftotextResult) => void;
}

class ShellRunner {
  private readonly child: ChildProcess;
  private readonly jobs: Job[] = [];
  private chunks: Buffer[] = [];
  private dead = false;

  constructor() {
    this.child = spawn('sh', ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.child.on('error', () => this.die());
    this.child.on('exit', () => this.die());
    this.child.stdin!.on('error', () => this.die());
    this.child.stdout!.on('data', (c: Buffer) => this.read(c));
    this.idle();
  }

  get pending(): number {
    return this.dead ? Infinity : this.jobs.length;
  }

  run(path: string): Promise<PdftotextResult> {
    return new Promise((done) => {
      if (this.dead) return done({ xhtml: null, missing: false });
      this.jobs.push({ end: endMarker(path), done });
      this.busy();
      this.child.stdin!.write(`${path}\n`);
    });
  }

  private read(chunk: Buffer) {
    this.chunks.push(chunk);
    while (this.jobs.length) {
      const job = this.jobs[0];
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      this.chunks = [all];
      const at = all.indexOf(job.end);
      if (at < 0) return;
      const close = all.indexOf(0x1e, at + job.end.length);
      if (close < 0) return;
      const status = Number(all.subarray(at + job.end.length, close).toString('latin1'));
      const rest = all.subarray(close + 2); // past the marker's \x1e\n
      this.chunks = rest.length ? [rest] : [];
      this.jobs.shift();
      if (this.jobs.length === 0) this.idle();
      job.done({ xhtml: status === 0 ? all.subarray(0, at).toString('utf8') : null, missing: status === 127 });
    }
  }

  // A waiting shell must not keep the process alive; a shell with work must.
  private idle() {
    this.child.unref();
    (this.child.stdout as unknown as { unref?: () => void }).unref?.();
    (this.child.stdin as unknown as { unref?: () => void }).unref?.();
  }

  private busy() {
    this.child.ref();
    (this.child.stdout as unknown as { ref?: () => void }).ref?.();
    (this.child.stdin as unknown as { ref?: () => void }).ref?.();
  }

  private die() {
    if (this.dead) return;
    this.dead = true;
    for (const j of this.jobs.splice(0)) j.done({ xhtml: null, missing: false });
  }
}

/** Two shells: a file in flight while the next one's pdftotext runs on the other core. */
const SHELLS = 2;
let shells: ShellRunner[] = [];
let seq = 0;
/** Temporary files are named for this process and thread, and deleted by the shell once read. */
const prefix = join(tmpdir(), `nianbao-pdf-${process.pid}-${threadId}-${randomBytes(4).toString('hex')}`);

/** pdftotext on the bytes, through the least busy shell; a shell that died is replaced on the next call. */
export async function runPdftotext(bytes: Buffer): Promise<PdftotextResult> {
  shells = shells.filter((s) => s.pending !== Infinity);
  while (shells.length < SHELLS) shells.push(new ShellRunner());
  const shell = shells.reduce((a, b) => (b.pending < a.pending ? b : a));
  const path = `${prefix}-${++seq}.pdf`;
  writeFileSync(path, bytes);
  const result = await shell.run(path);
  if (result.xhtml === null) rmSync(path, { force: true }); // the shell may have died before deleting it
  return result;
}
