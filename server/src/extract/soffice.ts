import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, threadId, type MessagePort } from 'node:worker_threads';
import { DATA_DIR } from '../paths.ts';
import { ExtractError } from './types.ts';

/**
 * Legacy Word (.doc) and WPS (.wps) files → DOCX bytes, by LibreOffice, through one resident
 * converter per process: starting soffice costs about a second, converting a report in a running
 * one well under a tenth of that.
 *
 * - One soffice (headless, its own profile in a temporary folder, so it never forwards to or
 *   clashes with another soffice on the machine) is started by a small Python-UNO driver
 *   (`sofficeDriver.py`) on the first file that needs it and serves every later one; files are
 *   converted one at a time, in order (soffice is single-threaded; `NIANBAO_SOFFICE_INSTANCES`
 *   allows more).
 * - Parse worker threads do not start their own: `ParsePool` hands each worker a message port to
 *   the main thread's converter (`serveConverter` / `useConverterPort`).
 * - A file that takes longer than `NIANBAO_SOFFICE_TIMEOUT` seconds (default 30) gets an error and
 *   its soffice is killed (the next file starts a new one); a soffice that dies fails only the
 *   file it was converting.
 * - Results are cached by the SHA-256 of the input under `data/cache/docx/`
 *   (`NIANBAO_CACHE_DIR` relocates the cache root; `off` disables it), so a file converted once is
 *   never converted again.
 * - `closeConverter()` ends it (ingest and `pnpm parse` do at the end of a run). An idle converter
 *   does not keep Node running, and the driver stops soffice by itself once Node is gone.
 */

export const INSTALL_HINT = 'apt-get install libreoffice-writer-nogui';
const DRIVER = fileURLToPath(new URL('./sofficeDriver.py', import.meta.url));
/** soffice's start, including a fresh profile: about a second; generous for a loaded machine. */
const START_TIMEOUT_S = 60;

/** Counts since this thread's first conversion, across converters (closeConverter does not reset them). */
export interface ConverterStats {
  /** soffice processes started. */
  starts: number;
  /** Files converted by soffice (successfully or not). */
  conversions: number;
  /** Files answered from the cache. */
  cacheHits: number;
}

/** Where converted files are cached, or null when caching is off. */
export function cacheDir(): string | null {
  const env = process.env.NIANBAO_CACHE_DIR;
  if (env === 'off') return null;
  return join(env ? resolve(env) : join(DATA_DIR, 'cache'), 'docx');
}

/** An executable named by path, or found on PATH; null when there is none. */
function which(cmd: string): string | null {
  const candidates = cmd.includes('/') ? [cmd] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, cmd));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * The Python with LibreOffice's UNO bridge: `NIANBAO_SOFFICE_PYTHON`, LibreOffice's own (builds
 * from libreoffice.org ship one next to soffice), the system's (Debian's python3-uno installs the
 * module for /usr/bin/python3, which a pyenv or venv python3 on PATH does not see), then PATH's.
 */
function pythonCandidates(soffice: string): string[] {
  const out: string[] = [];
  if (process.env.NIANBAO_SOFFICE_PYTHON) out.push(process.env.NIANBAO_SOFFICE_PYTHON);
  try {
    out.push(join(dirname(realpathSync(soffice)), 'python'));
  } catch {
    // soffice is a dangling link: its start fails below with the reason
  }
  out.push('/usr/bin/python3', 'python3');
  return out.filter((p, i) => out.indexOf(p) === i && which(p) !== null);
}

interface Job {
  bytes: Buffer;
  ext: string;
  hash: string | null;
  resolve: (docx: Buffer) => void;
  reject: (e: Error) => void;
}

/** One soffice behind its driver: starts once, converts one file at a time. */
class Instance {
  private readonly child: ChildProcess;
  private readonly dir: string;
  private buffered = '';
  private job: Job | null = null;
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  private onReady: { resolve: () => void; reject: (e: Error) => void } | null = null;
  readonly ready: Promise<void>;
  dead = false;
  /** Being stopped (timed out, or soffice crashed): takes no more files. */
  private retired = false;
  stderr = '';

  constructor(soffice: string, python: string, private readonly onExit: (i: Instance) => void) {
    this.dir = mkdtempSync(join(tmpdir(), `nianbao-soffice-${process.pid}-${threadId}-`));
    mkdirSync(join(this.dir, 'io'));
    const pipe = `nianbao-${process.pid}-${threadId}-${randomBytes(6).toString('hex')}`;
    // Detached: the driver leads its own process group, which soffice joins; one kill ends both.
    this.child = spawn(python, [DRIVER, soffice, join(this.dir, 'profile'), pipe, String(START_TIMEOUT_S), this.dir], {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.ready = new Promise((resolve, reject) => (this.onReady = { resolve, reject }));
    this.ready.catch(() => {}); // observed by whoever waits for it
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (s: string) => this.read(s));
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (s: string) => (this.stderr = (this.stderr + s).slice(-2000)));
    this.child.stdin!.on('error', () => {}); // a dead driver shows as 'exit'
    this.child.on('error', (e) => this.die(`cannot run ${python}: ${e.message}`));
    // 'close', not 'exit': its last answer is read before the driver counts as gone.
    this.child.on('close', (code, signal) => this.die(`exit ${signal ?? code}`));
    this.busy();
    const startTimer = setTimeout(() => this.kill(), (START_TIMEOUT_S + 10) * 1000);
    this.ready.then(() => clearTimeout(startTimer), () => clearTimeout(startTimer));
  }

  get idle(): boolean {
    return !this.dead && !this.retired && this.job === null;
  }

  run(job: Job): void {
    this.job = job;
    this.busy();
    this.ready.then(
      () => {
        if (this.job !== job) return;
        const n = ++this.seq;
        const src = join(this.dir, 'io', `${n}${job.ext}`);
        writeFileSync(src, job.bytes);
        const limit = timeoutMs();
        this.timer = setTimeout(() => {
          this.retired = true;
          this.finish(new ExtractError(`LibreOffice did not convert it within ${limit / 1000} s (stopped)`));
          this.stop();
        }, limit);
        this.child.stdin!.write(`${src}\t${join(this.dir, 'io', `${n}.docx`)}\n`);
      },
      (e: Error) => this.finish(e),
    );
  }

  private read(s: string) {
    this.buffered += s;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      const [kind, ...rest] = line.split('\t');
      const detail = rest.join(' ');
      if (this.onReady) {
        if (kind === 'READY') this.onReady.resolve();
        else this.onReady.reject(startError(kind === 'FAIL' ? detail : line));
        this.onReady = null;
        if (!this.job) this.idleRef();
        continue;
      }
      const n = this.seq;
      const src = join(this.dir, 'io', `${n}${this.job?.ext ?? ''}`);
      const dst = join(this.dir, 'io', `${n}.docx`);
      if (kind === 'OK') {
        let docx: Buffer | null = null;
        try {
          docx = readFileSync(dst);
        } catch {
          // reported below
        }
        this.finish(docx ?? new ExtractError('LibreOffice wrote no .docx'));
      } else if (kind === 'DEAD') {
        this.retired = true;
        this.finish(new ExtractError(`LibreOffice stopped while converting it${detail ? ` (${detail})` : ''}`));
      } else if (kind === 'TEXT') {
        this.finish(new ExtractError('not a Word document: LibreOffice can read it only as plain text (a damaged or mislabelled file)'));
      } else {
        this.finish(new ExtractError(`LibreOffice cannot read it: ${detail || line}`));
      }
      rmSync(src, { force: true });
      rmSync(dst, { force: true });
    }
  }

  private finish(result: Buffer | Error) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const job = this.job;
    this.job = null;
    if (!this.dead) this.idleRef();
    if (!job) return;
    if (result instanceof Error) job.reject(result);
    else job.resolve(result);
  }

  private die(reason: string) {
    if (this.dead) return;
    this.dead = true;
    const detail = this.stderr.trim().split('\n').slice(-3).join(' / ');
    if (this.onReady) {
      this.onReady.reject(startError(`the converter stopped (${reason})${detail ? `: ${detail}` : ''}`));
      this.onReady = null;
    }
    if (this.job) this.finish(new ExtractError(`LibreOffice stopped while converting it (${reason})`));
    rmSync(this.dir, { recursive: true, force: true });
    this.onExit(this);
  }

  /**
   * Asks the driver to kill soffice and clean up (its pipe files in /tmp, the work folder), which
   * it does within a fraction of a second even while a conversion hangs; killed outright after 5 s.
   */
  stop() {
    try {
      writeFileSync(join(this.dir, 'stop'), '');
    } catch {
      // the folder is gone: so is the driver
    }
    setTimeout(() => this.kill(), 5000).unref();
  }

  /** Everything at once: the driver, oosplash and soffice.bin share the driver's process group. */
  kill() {
    if (this.dead) return; // its pid may belong to another process by now
    try {
      if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /** Closes the driver's input: it stops soffice, deletes the profile and exits; killed if it does not within 5 s. */
  async close(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise<void>((r) => this.child.once('close', () => r()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.kill(), 5000);
    await exited;
    clearTimeout(timer);
  }

  // An idle converter must not keep Node running; one with work (or starting) must.
  private idleRef() {
    this.child.unref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as unknown as { unref?: () => void }).unref?.();
  }

  private busy() {
    this.child.ref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as unknown as { ref?: () => void }).ref?.();
  }
}

function startError(reason: string): ExtractError {
  if (/no-uno/.test(reason)) {
    return new ExtractError(`LibreOffice's Python-UNO bridge is missing (${reason.replace(/^no-uno\s*/, '')}): apt-get install python3-uno`);
  }
  return new ExtractError(`LibreOffice did not start: ${reason}`);
}

/** The converter of this process (main thread) or of a thread without a port to it. */
class LocalConverter {
  private instances: Instance[] = [];
  private queue: Job[] = [];
  /** Set when soffice cannot start: every file of the run gets the reason at once. */
  private failure: ExtractError | null = null;

  async convert(bytes: Buffer, ext: string): Promise<Buffer> {
    const dir = cacheDir();
    const hash = dir ? createHash('sha256').update(bytes).digest('hex') : null;
    if (dir && hash) {
      try {
        const hit = readFileSync(join(dir, `${hash}.docx`));
        stats.cacheHits++;
        return hit;
      } catch {
        // not converted yet
      }
    }
    if (this.failure) throw this.failure;
    const docx = await new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ bytes, ext: /^\.[a-z0-9]{1,5}$/i.test(ext) ? ext.toLowerCase() : '.doc', hash, resolve, reject });
      this.pump();
    });
    if (dir && hash) {
      try {
        mkdirSync(dir, { recursive: true });
        const tmp = join(dir, `${hash}.docx.tmp.${process.pid}.${threadId}`);
        writeFileSync(tmp, docx);
        renameSync(tmp, join(dir, `${hash}.docx`)); // atomic: a reader never sees half a file
      } catch {
        // a cache that cannot be written costs a conversion next time, nothing else
      }
    }
    return docx;
  }

  private pump() {
    while (this.queue.length) {
      let instance = this.instances.find((i) => i.idle);
      if (!instance) {
        if (this.instances.length >= maxInstances()) return;
        try {
          instance = this.start();
        } catch (e) {
          this.failure = e as ExtractError;
          for (const j of this.queue.splice(0)) j.reject(this.failure);
          return;
        }
      }
      const job = this.queue.shift()!;
      stats.conversions++;
      const done = () => this.pump();
      instance.run({
        ...job,
        resolve: (d) => (job.resolve(d), done()),
        reject: (e) => (job.reject(e), done()),
      });
    }
  }

  private start(): Instance {
    const command = process.env.NIANBAO_SOFFICE || 'soffice';
    const soffice = which(command);
    if (!soffice) {
      throw new ExtractError(
        `LibreOffice is not installed (${command === 'soffice' ? 'no soffice on PATH' : `no executable ${command}`}); it reads .doc and .wps files: ${INSTALL_HINT}`,
      );
    }
    const python = pythonCandidates(soffice)[0];
    if (!python) throw new ExtractError('no python3 to drive LibreOffice: apt-get install python3-uno');
    const instance = new Instance(soffice, python, (i) => {
      this.instances = this.instances.filter((x) => x !== i);
      this.pump();
    });
    stats.starts++;
    instance.ready.catch((e: ExtractError) => {
      // soffice cannot start: the reason stands for the rest of the run (no retry per file).
      this.failure = e;
      for (const j of this.queue.splice(0)) j.reject(e);
      instance.stop();
    });
    this.instances.push(instance);
    return instance;
  }

  async close(): Promise<void> {
    const instances = this.instances;
    this.instances = [];
    for (const j of this.queue.splice(0)) j.reject(new ExtractError('the converter was closed'));
    await Promise.all(instances.map((i) => i.close()));
  }
}

function timeoutMs(): number {
  const s = Number(process.env.NIANBAO_SOFFICE_TIMEOUT);
  // Half the parse pool's per-file limit (60 s), which also counts a worker's wait for the
  // converter: a file queued behind one that hangs is still converted in its time.
  return (Number.isFinite(s) && s > 0 ? s : 30) * 1000;
}

function maxInstances(): number {
  const n = Number(process.env.NIANBAO_SOFFICE_INSTANCES);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

const stats: ConverterStats = { starts: 0, conversions: 0, cacheHits: 0 };
let local: LocalConverter | null = null;
let port: MessagePort | null = null;
let portSeq = 0;
const portWaiting = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();

interface PortRequest {
  id: number;
  bytes: Uint8Array;
  ext: string;
}
interface PortAnswer {
  id: number;
  docx?: Uint8Array;
  error?: string;
}

/**
 * DOCX bytes of a .doc/.wps (`ext` is the file's extension, a hint to LibreOffice's detection).
 * Throws ExtractError with the reason when LibreOffice is missing or cannot read the file.
 */
export function convertToDocx(bytes: Buffer, ext: string): Promise<Buffer> {
  if (port) {
    const p = port;
    return new Promise((resolve, reject) => {
      const id = ++portSeq;
      portWaiting.set(id, { resolve, reject });
      if (portWaiting.size === 1) p.ref();
      p.postMessage({ id, bytes: new Uint8Array(bytes), ext } satisfies PortRequest);
    });
  }
  local ??= new LocalConverter();
  return local.convert(bytes, ext);
}

/** This thread's counts (the main thread's converter serves the parse workers too). */
export function converterStats(): ConverterStats {
  return { ...stats };
}

/** Stops this thread's soffice, if one runs, and waits until it is gone; the next file starts a new one. */
export async function closeConverter(): Promise<void> {
  const c = local;
  local = null;
  await c?.close();
}

/** Main thread: answer a worker's conversions on `p` with this thread's converter. */
export function serveConverter(p: MessagePort): void {
  p.on('message', async (m: PortRequest) => {
    let answer: PortAnswer;
    const transfer: ArrayBuffer[] = [];
    try {
      const docx = new Uint8Array(await convertToDocx(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength), m.ext));
      answer = { id: m.id, docx };
      transfer.push(docx.buffer);
    } catch (e) {
      answer = { id: m.id, error: e instanceof ExtractError ? e.message : `cannot convert: ${(e as Error).message}` };
    }
    try {
      p.postMessage(answer, transfer);
    } catch {
      // the worker is gone
    }
  });
  p.unref(); // the workers' own lifetime decides; the port must not keep a finished run alive
}

/** Worker thread: convert through the main thread's converter instead of starting a soffice here. */
export function useConverterPort(p: MessagePort): void {
  if (isMainThread) return;
  port = p;
  p.on('message', (m: PortAnswer) => {
    const w = portWaiting.get(m.id);
    if (!w) return;
    portWaiting.delete(m.id);
    if (portWaiting.size === 0) p.unref();
    if (m.docx) w.resolve(Buffer.from(m.docx.buffer, m.docx.byteOffset, m.docx.byteLength));
    else w.reject(new ExtractError(m.error ?? 'conversion failed'));
  });
  p.unref();
}
