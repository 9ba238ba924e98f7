import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { serveConverter } from '../extract/soffice.ts';
import type { ProcessedReport } from '../pipeline.ts';
import type { ParseResult, ParseTask } from './parseWorker.ts';

/** Files per message: one message per file cost about as much as parsing a small report. */
const BATCH = 16;

interface Slot {
  worker: Worker;
  /** Set once the worker has failed: it gets no more files. */
  dead: boolean;
  pending: number;
  batch: ParseTask[];
  transfer: ArrayBuffer[];
}

/**
 * Worker threads that run extract → parse → resolve → check, so parsing uses the other cores
 * while the main thread writes the database (SQLite has one writer anyway). Files go to the
 * least busy worker in batches; a batch is sent when full or once the current turn of the event
 * loop ends.
 */
export class ParsePool {
  private readonly slots: Slot[] = [];
  /** Each worker's line to this thread's .doc converter (one soffice for the whole pool). */
  private readonly converterPorts: MessagePort[] = [];
  private readonly waiting = new Map<number, { resolve: (r: ProcessedReport) => void; reject: (e: Error) => void; slot: number }>();
  private seq = 0;
  private flushScheduled = false;

  constructor(readonly size: number, overrides: Map<string, string>) {
    for (let i = 0; i < size; i++) {
      const { port1, port2 } = new MessageChannel();
      serveConverter(port1);
      this.converterPorts.push(port1);
      const worker = new Worker(new URL('./parseWorker.mjs', import.meta.url), {
        workerData: { overrides: [...overrides], converterPort: port2 },
        transferList: [port2],
      });
      worker.on('message', (results: ParseResult[]) => {
        for (const m of results) {
          const w = this.waiting.get(m.seq);
          if (!w) continue;
          this.waiting.delete(m.seq);
          this.slots[w.slot].pending--;
          w.resolve(m.result);
        }
      });
      const fail = (e: Error) => {
        // A crashed worker fails its tasks (the caller records them as failed files) and gets no more.
        this.slots[i].dead = true;
        for (const [seq, w] of this.waiting) if (w.slot === i) {
          this.waiting.delete(seq);
          w.reject(e);
        }
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (!this.closing) fail(new Error(`parse worker exited (code ${code})`));
      });
      this.slots.push({ worker, dead: false, pending: 0, batch: [], transfer: [] });
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
      this.waiting.set(seq, { resolve, reject, slot });
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
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const p of this.converterPorts) p.close();
  }
}

/** Parse workers for a CLI run: NIANBAO_WORKERS, else one per core (the writer mostly waits on them). */
export function defaultWorkers(): number {
  const env = process.env.NIANBAO_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  return availableParallelism();
}
