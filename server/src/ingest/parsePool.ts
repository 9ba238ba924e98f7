import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ProcessedReport } from '../pipeline.ts';
import type { ParseTask } from './parseWorker.ts';

/**
 * Worker threads that run extract → parse → resolve → check, so parsing uses the other cores
 * while the main thread writes the database (SQLite has one writer anyway).
 */
export class ParsePool {
  private readonly workers: { worker: Worker; pending: number }[] = [];
  private readonly waiting = new Map<number, { resolve: (r: ProcessedReport) => void; reject: (e: Error) => void; slot: number }>();
  private seq = 0;

  constructor(readonly size: number, overrides: Map<string, string>) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./parseWorker.mjs', import.meta.url), { workerData: { overrides: [...overrides] } });
      worker.on('message', (m: { seq: number; result: ProcessedReport }) => {
        const w = this.waiting.get(m.seq);
        if (!w) return;
        this.waiting.delete(m.seq);
        this.workers[w.slot].pending--;
        w.resolve(m.result);
      });
      worker.on('error', (e) => {
        // A crashed worker fails its tasks; the caller records them as failed files.
        for (const [seq, w] of this.waiting) if (w.slot === i) {
          this.waiting.delete(seq);
          w.reject(e);
        }
      });
      this.workers.push({ worker, pending: 0 });
    }
  }

  run(file: string, bytes: Buffer, hintPath: string): Promise<ProcessedReport> {
    let slot = 0;
    for (let i = 1; i < this.workers.length; i++) if (this.workers[i].pending < this.workers[slot].pending) slot = i;
    const seq = ++this.seq;
    const copy = new Uint8Array(bytes); // its own buffer, transferred without a second copy
    const task: ParseTask = { seq, file, hintPath, bytes: copy };
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject, slot });
      this.workers[slot].pending++;
      this.workers[slot].worker.postMessage(task, [copy.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

/** Parse workers for a CLI run: NIANBAO_WORKERS, else one per core (the writer mostly waits on them). */
export function defaultWorkers(): number {
  const env = process.env.NIANBAO_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  return availableParallelism();
}
