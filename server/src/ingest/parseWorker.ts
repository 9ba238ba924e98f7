/**
 * Worker thread of a parallel ingest: runs extract → parse → resolve → check on the bytes it is
 * sent and posts the result back; the main thread keeps the database (one writer).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { processBytes } from '../pipeline.ts';

export interface ParseTask {
  seq: number;
  file: string;
  hintPath: string;
  bytes: Uint8Array;
}

const overrides = new Map<string, string>(workerData?.overrides ?? []);

parentPort!.on('message', async (task: ParseTask) => {
  const result = await processBytes(task.file, Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength), { overrides, hintPath: task.hintPath });
  // The narrative served region hints here, and the table values are in output.fields too: the
  // store needs neither, so they are not cloned back.
  if (result.parsed) {
    result.parsed.narrative = '';
    result.parsed.tables = {};
  }
  parentPort!.postMessage({ seq: task.seq, result });
});
