/**
 * Worker thread of a parallel ingest: runs extract → parse → resolve → check on the files it is
 * sent, a batch per message, and posts the results back as one message; the main thread keeps
 * the database (one writer).
 */
import { FIELDS } from '@nianbao/shared';
import { parentPort, workerData } from 'node:worker_threads';
import { useConverterPort } from '../extract/soffice.ts';
import { processBytes, type ProcessedReport } from '../pipeline.ts';
import { numericRow } from '../store/reportStore.ts';

export interface ParseTask {
  seq: number;
  file: string;
  hintPath: string;
  bytes: Uint8Array;
}

export interface ParseResult {
  seq: number;
  result: ProcessedReport;
}

const overrides = new Map<string, string>(workerData?.overrides ?? []);
// .doc/.wps go to the main thread's converter: one soffice per run, not one per worker.
if (workerData?.converterPort) useConverterPort(workerData.converterPort);
/** Table fields travel in `numeric` only; header, region and narrative fields stay as keys. */
const OTHER_IDS = FIELDS.filter((f) => !/^t[234]/.test(f.table)).map((f) => f.id);

/**
 * What the store needs, cheap to clone: the numeric fields as one Float64Array instead of ~230
 * object keys, and without the narrative (it served region hints here) or the parsed tables
 * (their values are the numeric fields).
 */
function packForStore(result: ProcessedReport): ProcessedReport {
  if (result.parsed) {
    result.parsed.text = '';
    result.parsed.tables = {};
  }
  if (!result.output.ok) return result;
  const fields = result.output.fields;
  result.numeric = numericRow(fields);
  const rest: typeof fields = {};
  for (const id of OTHER_IDS) if (id in fields) rest[id] = fields[id];
  result.output.fields = rest;
  return result;
}

/** Shared with the pool's watchdog: the file being read and since when (ParsePool). */
const progress: Float64Array | undefined = workerData?.progress;

// Warm up (division index, lazy modules, JIT) before taking files, so no file's time limit pays
// for the worker's start: about 0.2 s, once per worker.
await processBytes('warm-up.txt', Buffer.from('渠县望溪镇2023年政府信息公开工作年度报告\n一、总体情况\n（一）主动公开。主动公开政府信息1条。\n'));

parentPort!.on('message', async (batch: ParseTask[]) => {
  const out: ParseResult[] = [];
  for (const task of batch) {
    const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
    if (progress) {
      progress[1] = Date.now();
      progress[0] = task.seq;
    }
    out.push({ seq: task.seq, result: packForStore(await processBytes(task.file, bytes, { overrides, hintPath: task.hintPath })) });
    if (progress) progress[0] = 0;
  }
  const transfer: ArrayBuffer[] = [];
  for (const r of out) {
    if (r.result.numeric) transfer.push(r.result.numeric.buffer as ArrayBuffer);
    // Its own buffer (zlib's output may share one), moved rather than copied.
    if (r.result.provenance) {
      r.result.provenance = new Uint8Array(r.result.provenance);
      transfer.push(r.result.provenance.buffer as ArrayBuffer);
    }
  }
  parentPort!.postMessage(out, transfer);
});
