import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { serveConverter } from '../extract/soffice.ts';
import { failed, type ProcessedReport } from '../pipeline.ts';
import type { ParseResult, ParseTask } from './parseWorker.ts';

/** Files per message: one message per file cost about as much as parsing a small report. */
const BATCH = 16;

interface Slot {
  worker: Worker;
  /** Set once the worker has failed outside any file: it gets no more files. */
  dead: boolean;
  pending: number;
  batch: ParseTask[];
  transfer: ArrayBuffer[];
  /** Written by the worker: [seq of the file it is reading (0 between files), when it started (ms since epoch)]. */
  progress: Float64Array;
  /** Its converter line (closed with the worker). */
  converter: MessagePort;
}

interface Waiting {
  resolve: (r: ProcessedReport) => void;
  reject: (e: Error) => void;
  slot: number;
  /** What to send again to a replacement worker. */
  task: { file: string; hintPath: string; bytes: Buffer };
}

/** A file whose reading takes longer than this is failed and its worker replaced (NIANBAO_FILE_TIMEOUT_MS). */
export const FILE_TIME_LIMIT_MS = Number(process.env.NIANBAO_FILE_TIMEOUT_MS ?? 60_000);
/** Heap of one parse worker: a file that needs more fails alone (ERR_WORKER_OUT_OF_MEMORY), not the run. */
const WORKER_HEAP_MB = 384;
/** Replacements per slot before it is given up (a worker that dies on every file is a bug, not a file). */
const MAX_REPLACEMENTS = 64;

export interface ParsePoolOptions {
  fileTimeoutMs?: number;
}

/**
 * Worker threads that run extract → parse → resolve → check, so parsing uses the other cores
 * while the main thread writes the database (SQLite has one writer anyway). Files go to the
 * least busy worker in batches; a batch is sent when full or once the current turn of the event
 * loop ends. A file that runs past the time limit, or takes its worker down (out of memory, a
 * crash), is failed with the reason; the worker is replaced and gets the rest of its files again.
 */
export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, Waiting>();
  private seq = 0;
  private flushScheduled = false;
  private replacements = 0;
  private readonly watchdog: NodeJS.Timeout;
  private readonly timeoutMs: number;

  constructor(readonly size: number, private readonly overrides: Map<string, string>, opts: ParsePoolOptions = {}) {
    this.timeoutMs = opts.fileTimeoutMs ?? FILE_TIME_LIMIT_MS;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(i));
    this.watchdog = setInterval(() => this.checkTimes(), Math.min(1000, Math.max(10, this.timeoutMs / 4)));
    this.watchdog.unref();
  }

  private spawn(i: number): Slot {
    const { port1, port2 } = new MessageChannel();
    // Each worker's line to this thread's .doc converter (one soffice for the whole pool).
    serveConverter(port1);
    const progress = new Float64Array(new SharedArrayBuffer(16));
    const worker = new Worker(new URL('./parseWorker.mjs', import.meta.url), {
      workerData: { overrides: [...this.overrides], converterPort: port2, progress },
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const slot: Slot = { worker, dead: false, pending: 0, batch: [], transfer: [], progress, converter: port1 };
    worker.on('message', (results: ParseResult[]) => {
      for (const m of results) {
        const w = this.waiting.get(m.seq);
        if (!w) continue;
        this.waiting.delete(m.seq);
        slot.pending--;
        w.resolve(m.result);
      }
    });
    const lost = (why: string) => {
      if (this.closing || this.slots[i] !== slot || slot.dead) return;
      this.replace(i, why);
    };
    worker.on('error', (e) => lost((e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? `out of memory: reading it needed more than ${WORKER_HEAP_MB} MB` : `the parser crashed: ${e.message}`));
    worker.on('exit', (code) => lost(`the parse worker exited (code ${code})`));
    return slot;
  }

  /**
   * The worker of slot `i` is gone or stuck: the file it was reading fails with `why`, a new
   * worker takes the slot and the slot's other files. A worker lost between files (killed from
   * outside, failed to start) is not replaced: its files fail and it gets no more.
   */
  private replace(i: number, why: string): void {
    const old = this.slots[i];
    const current = old.progress[0];
    old.dead = true;
    void old.worker.terminate();
    old.converter.close();
    const mine = [...this.waiting].filter(([, w]) => w.slot === i).sort((a, b) => a[0] - b[0]);
    const culprit = mine.find(([seq]) => seq === current);
    if (!culprit || ++this.replacements > MAX_REPLACEMENTS * this.size) {
      for (const [seq, w] of mine) {
        this.waiting.delete(seq);
        w.reject(new Error(why));
      }
      return;
    }
    this.waiting.delete(culprit[0]);
    culprit[1].resolve(failed(culprit[1].task.file, why));
    const next = this.spawn(i);
    this.slots[i] = next;
    for (const [seq, w] of mine) {
      if (seq === current) continue;
      next.pending++;
      const copy = new Uint8Array(w.task.bytes);
      next.batch.push({ seq, file: w.task.file, hintPath: w.task.hintPath, bytes: copy });
      next.transfer.push(copy.buffer);
    }
    this.send(next);
  }

  private checkTimes(): void {
    const now = Date.now();
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      if (!s.dead && s.progress[0] > 0 && now - s.progress[1] > this.timeoutMs) {
        this.replace(i, `time limit: reading it took more than ${(this.timeoutMs / 1000).toFixed(this.timeoutMs < 1000 ? 2 : 0)} s`);
      }
    }
  }

  /** Files per message, for callers sizing how many files they keep in flight. */
  get batchSize(): number {
    return BATCH;
  }

  run(file: string, bytes: Buffer, hintPath: string): Promise<ProcessedReport> {
    let slot = -1;
    for (let i = 0; i < this.slots.length; i++) if (!this.slots[i].dead && (slot < 0 || this.slots[i].pending < this.slots[slot].pending)) slot = i;
    if (slot < 0) return Promise.reject(new Error('every parse worker has failed'));
    const seq = ++this.seq;
    const copy = new Uint8Array(bytes); // its own buffer, transferred without a second copy
    const s = this.slots[slot];
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject, slot, task: { file, hintPath, bytes } });
      s.pending++;
      s.batch.push({ seq, file, hintPath, bytes: copy });
      s.transfer.push(copy.buffer);
      if (s.batch.length >= BATCH) this.send(s);
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          for (const x of this.slots) this.send(x);
        });
      }
    });
  }

  private send(s: Slot): void {
    if (s.batch.length === 0 || s.dead) return;
    s.worker.postMessage(s.batch, s.transfer);
    s.batch = [];
    s.transfer = [];
  }

  private closing = false;

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.watchdog);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const s of this.slots) s.converter.close();
  }
}

/** Parse workers for a CLI run: NIANBAO_WORKERS, else one per core (the writer mostly waits on them). */
export function defaultWorkers(): number {
  const env = process.env.NIANBAO_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  return availableParallelism();
}
