import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve as resolvePath } from 'node:path';
import { RULE_TITLES } from '@nianbao/shared';
import { supportedExtensions } from '../extract/index.ts';
import { closeConverter } from '../extract/soffice.ts';
import { PARSER_VERSION } from '../parse/index.ts';
import { failed, processBytes, type ProcessedReport } from '../pipeline.ts';
import { REPO_ROOT } from '../paths.ts';
import { loadOverrides } from '../resolve/overrides.ts';
import type { Db } from '../store/db.ts';
import { ReportStore, type StoreOutcome } from '../store/reportStore.ts';
import { refreshReportMetrics } from '../store/reportMetrics.ts';
import { ParsePool } from './parsePool.ts';
import { walkReports } from './walk.ts';

export interface IngestSummary {
  added: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Reports removed because their file is gone from a folder that was ingested. */
  removed: string[];
  skipped: { path: string; reason: string }[];
  errors: { path: string; error: string }[];
  /** Files held back by `IngestOptions.accept`, with its reason. */
  held: { path: string; reason: string }[];
  /** Reports whose hard rules failed: path → rule numbers. */
  ruleFailures: { path: string; rules: string }[];
  seconds: number;
  /**
   * Why the run stopped before its end (the disk is full, the database file is gone…), or null.
   * What was committed before stays, consistent; the counts above are of what was stored.
   */
  aborted: string | null;
  /** Where the time went (seconds): waiting for parsed files, writing them, rule 5, metrics refresh. */
  phases: { parse: number; write: number; crossYear: number; metrics: number };
}

export interface IngestOptions {
  /** Called after each file, for a progress bar. */
  onProgress?: (done: number, total: number, path: string) => void;
  overrides?: Map<string, string>;
  /** Worker threads for parsing (0: parse on the main thread). */
  workers?: number;
  /**
   * Region hint per file (the path as given → the path whose folder and file names count as hints),
   * for files stored under another name than the one they came with: an uploaded file is stored as
   * `uploads/<sha256>.<ext>` and hinted by the relative path it was uploaded as.
   */
  hints?: Map<string, string>;
  /**
   * Looked at before a parsed file is stored: a reason holds it back (nothing of it is written; it
   * is listed in `held`), null stores it.
   */
  accept?: (path: string, result: ProcessedReport) => string | null;
  /** Called inside the report's commit batch once it is written (e.g. to audit who stored it). */
  onSaved?: (path: string, id: number, outcome: StoreOutcome, result: ProcessedReport) => void;
}

/** Bytes of files read but not yet stored, at most (one larger file is read alone). */
const READ_AHEAD_BYTES = 128 * 1024 * 1024;

/** Path as stored: relative to the repository when inside it, so databases move with the repo. */
export function storedPath(p: string): string {
  const rel = relative(REPO_ROOT, p);
  return rel.startsWith('..') ? p : rel;
}

/**
 * Stored reports whose file was under one of the ingested paths and no longer exists: the
 * database mirrors the folders it was built from. Only paths that exist are looked under (a
 * mistyped or unmounted folder removes nothing), and a file that merely failed to be walked but is
 * still on disk is kept.
 */
function vanishedFiles(paths: string[], walked: string[], known: Iterable<string>): string[] {
  const roots: { prefix: string; exact: boolean }[] = [];
  for (const p of paths) {
    const abs = resolvePath(p);
    if (!existsSync(abs)) continue;
    const stored = storedPath(abs);
    roots.push(statSync(abs).isDirectory() ? { prefix: stored === '' ? '' : `${stored}/`, exact: false } : { prefix: stored, exact: true });
  }
  const present = new Set(walked.map(storedPath));
  const gone: string[] = [];
  for (const path of known) {
    if (present.has(path)) continue;
    if (!roots.some((r) => (r.exact ? path === r.prefix : path.startsWith(r.prefix)))) continue;
    if (!existsSync(resolvePath(REPO_ROOT, path))) gone.push(path);
  }
  return gone.sort();
}

/**
 * Parses every report under `paths` into the database. Unchanged files (same content hash and
 * parser version) are skipped; changed ones replace their old values; a failing file is recorded
 * with its error and the run goes on; reports whose file was deleted from an ingested folder are
 * removed.
 */
export async function ingest(db: Db, paths: string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const release = acquireWriterLock(db);
  try {
    return await ingestLocked(db, paths, opts);
  } finally {
    release();
  }
}

async function ingestLocked(db: Db, paths: string[], opts: IngestOptions): Promise<IngestSummary> {
  const t0 = performance.now();
  const store = new ReportStore(db);
  const overrides = opts.overrides ?? loadOverrides();
  const walked = walkReports(paths, supportedExtensions());
  const files = [...walked.files, ...walked.failed.map((f) => f.path)];
  const unreadable = new Map(walked.failed.map((f) => [f.path, f.error]));
  const known = store.knownFiles();
  const uploadedHints = uploadHints(db);
  const removed = vanishedFiles(paths, files, known.keys());
  const summary: IngestSummary = { added: 0, updated: 0, unchanged: 0, failed: 0, removed, skipped: walked.skipped, errors: [], held: [], ruleFailures: [], seconds: 0, aborted: null, phases: { parse: 0, write: 0, crossYear: 0, metrics: 0 } };
  try {
    await storeAll();
  } catch (e) {
    // The disk is full, the file is gone: stop with what was committed, and say so.
    if (!isStorageError(e)) throw e;
    summary.aborted = storageReason(e);
  }
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;

  async function storeAll(): Promise<void> {
    const touchedBodies = new Set<string>(removed.length ? store.remove(removed) : []);
    // A database written before bodies were typed: type its reports (their keys may change).
    const retyped = store.typeUntypedBodies();
    for (const b of retyped.touched) touchedBodies.add(b);

    type Item = { path: string; unchanged?: boolean; hash?: string; result?: ProcessedReport };
    const pool = opts.workers && opts.workers > 0 ? new ParsePool(opts.workers, overrides) : null;

    // Read, hash and (if changed) parse one file; never rejects.
    const prepare = async (file: string): Promise<Item> => {
      const path = storedPath(file);
      // A file that cannot be read is stored as a failed report (no hash: the next run tries it
      // again), so it is listed on 数据质量 with its reason, not only in the console.
      const cannotRead = (error: string): Item => ({ path, hash: '', result: failed(file, error) });
      const tooLarge = unreadable.get(file);
      if (tooLarge) return cannotRead(tooLarge);
      let bytes: Buffer;
      try {
        // Synchronous on purpose: a report is small and in the page cache, and each async read
        // costs four thread-pool round trips (open, stat, read, close) on the writer's thread.
        // A name that is not UTF-8 is opened by its bytes.
        bytes = readFileSync(walked.raw.get(file) ?? file);
      } catch (e) {
        return cannotRead(`cannot open: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const hash = createHash('sha256').update(bytes).digest('hex');
      const prev = known.get(path);
      if (prev && prev.contentHash === hash && prev.parserVersion === PARSER_VERSION) return { path, unchanged: true };
      try {
        // An uploaded file (stored under its hash) keeps the path it was uploaded as for its hint.
        const hint = opts.hints?.get(file) ?? uploadedHints.get(path) ?? path;
        const result = pool ? await pool.run(file, bytes, hint) : await processBytes(file, bytes, { overrides, hintPath: hint });
        return { path, hash, result };
      } catch (e) {
        return cannotRead(`parser crashed: ${(e as Error).message}`);
      }
    };

    // Written in input order while later files are being parsed. Each report is its own (nested)
    // transaction inside a batch commit: a report that fails to store rolls back alone, and a crash
    // loses only the batch's progress (those files are not yet recorded, so the next run redoes them).
    const batch = new CommitBatch(db, 256, summary);
    let done = 0;
    const commit = (item: Item) => {
      const { path } = item;
      if (item.unchanged) {
        summary.unchanged++;
      } else {
        const p = item.result!;
        const tw = performance.now();
        const heldBack = opts.accept?.(path, p) ?? null;
        if (heldBack !== null) {
          summary.held.push({ path, reason: heldBack });
          opts.onProgress?.(++done, files.length, path);
          return;
        }
        try {
          batch.open();
          const { id, outcome, bodyKey } = store.save(path, item.hash!, p, known.get(path));
          opts.onSaved?.(path, id, outcome, p);
          if (!p.output.ok) {
            summary.failed++;
            summary.errors.push({ path, error: p.output.error ?? 'unknown error' });
          } else {
            batch.stored(outcome);
            if (bodyKey) touchedBodies.add(bodyKey);
            const rules = p.output.checks.filter((c) => c.status === 'fail' && c.rule !== 6).map((c) => c.rule);
            if (rules.length) summary.ruleFailures.push({ path, rules: rules.join(',') });
          }
          batch.saved();
        } catch (e) {
          summary.failed++;
          summary.errors.push({ path, error: `database: ${(e as Error).message}` });
          // The disk is full or the file is gone: nothing further can be stored.
          if (isStorageError(e)) throw e;
        }
        summary.phases.write += (performance.now() - tw) / 1000;
      }
      opts.onProgress?.(++done, files.length, path);
    };

    const waitFor = async (p: Promise<Item>) => {
      const tp = performance.now();
      const item = await p;
      summary.phases.parse += (performance.now() - tp) / 1000;
      return item;
    };
    // Enough files in flight to keep every worker one batch ahead of the writer.
    const depth = pool ? pool.size * pool.batchSize * 3 : 1;
    // And no more bytes read ahead than READ_AHEAD_BYTES, whatever the files' sizes: memory stays
    // bounded in a folder of 100 MiB files too.
    const inflight: { item: Promise<Item>; bytes: number }[] = [];
    let inflightBytes = 0;
    const commitNext = async () => {
      const next = inflight.shift()!;
      inflightBytes -= next.bytes;
      commit(await waitFor(next.item));
    };
    try {
      for (const file of files) {
        const bytes = walked.sizes.get(file) ?? 0;
        while (inflight.length && (inflight.length >= depth || inflightBytes + bytes > READ_AHEAD_BYTES)) await commitNext();
        inflight.push({ item: prepare(file), bytes });
        inflightBytes += bytes;
      }
      while (inflight.length) await commitNext();
      batch.close();
    } catch (e) {
      batch.rollback();
      throw e;
    } finally {
      await Promise.allSettled(inflight.map((x) => x.item));
      await pool?.close();
      await closeConverter(); // the run's soffice (if a .doc started one) ends with the run
    }
    let tp = performance.now();
    // Bodies owed a rule-5 pass: this run's, and any a killed run left (recorded with their reports).
    for (const b of store.pendingBodies()) touchedBodies.add(b);
    store.recomputeCrossYear(touchedBodies);
    store.clearPending(touchedBodies);
    for (const r of store.crossYearFailures(touchedBodies)) summary.ruleFailures.push(r);
    summary.phases.crossYear = (performance.now() - tp) / 1000;
    tp = performance.now();
    // The API reads precomputed metrics; a no-op when nothing changed. A removal is rebuilt in full:
    // other reports' previous-year links may have pointed at the removed ones.
    refreshReportMetrics(db, { force: removed.length > 0 || retyped.typed > 0 });
    summary.phases.metrics = (performance.now() - tp) / 1000;
  }
}

/**
 * Region hints of files uploaded from the browser (stored as `uploads/<sha256>.<ext>`): the path
 * each was uploaded as, from its `report.upload` audit entry, so a re-parse (a new parser version)
 * places it as its upload did.
 */
function uploadHints(db: Db): Map<string, string> {
  const out = new Map<string, string>();
  try {
    for (const row of db.$client.prepare("SELECT after FROM audit_log WHERE action = 'report.upload' ORDER BY id").iterate() as Iterable<{ after: string | null }>) {
      if (!row.after) continue;
      const a = JSON.parse(row.after) as { path?: string; hint?: string };
      if (a.path && a.hint) out.set(a.path, a.hint);
    }
  } catch {
    // A database without an audit log (older schema): no uploads.
  }
  return out;
}

/**
 * Groups report transactions into one commit of up to `size` reports: every commit writes each
 * page a report touched (rows, indexes) to the WAL again, which dominated ingest time.
 */
class CommitBatch {
  private count = 0;
  /** Outcomes of the open batch, counted in the summary once it is committed. */
  private readonly open_ = { added: 0, updated: 0 };
  constructor(private readonly db: Db, private readonly size: number, private readonly summary: IngestSummary) {}
  open() {
    if (!this.db.$client.inTransaction) this.db.$client.exec('BEGIN');
  }
  stored(outcome: StoreOutcome) {
    this.open_[outcome]++;
  }
  saved() {
    if (++this.count % this.size === 0) this.close();
  }
  close() {
    if (this.db.$client.inTransaction) this.db.$client.exec('COMMIT');
    this.summary.added += this.open_.added;
    this.summary.updated += this.open_.updated;
    this.open_.added = this.open_.updated = 0;
  }
  /** After a storage error: the open batch is undone (its reports were not stored). */
  rollback() {
    try {
      if (this.db.$client.inTransaction) this.db.$client.exec('ROLLBACK');
    } catch {
      // The connection is unusable; SQLite rolls the journal back when the file is next opened.
    }
    this.open_.added = this.open_.updated = 0;
  }
}

/** SQLite errors after which nothing more can be stored: the disk, the file or its permissions. */
export function isStorageError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(FULL|IOERR|CORRUPT|READONLY|CANTOPEN|NOTADB|PROTOCOL)/.test(code);
}

function storageReason(e: unknown): string {
  const code = String((e as { code?: unknown }).code);
  const what = /FULL/.test(code) ? 'the disk is full' : /READONLY/.test(code) ? 'the database cannot be written' : /CANTOPEN|IOERR/.test(code) ? 'the database file cannot be read or written (moved or deleted?)' : 'the database file is damaged';
  return `${what} (${(e as Error).message}); what was committed before is kept`;
}

/** Another ingest holds the database (one writer at a time). */
export class IngestBusyError extends Error {}

/**
 * One writer at a time: a lock file beside the database holding the writer's pid, created
 * exclusively. A lock whose process is gone (killed) is taken over.
 */
export function acquireWriterLock(db: Db): () => void {
  const file = db.$client.name;
  if (!file || file === ':memory:') return () => {};
  const lock = `${file}.ingest-lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let pid = 0;
    try {
      pid = Number(readFileSync(lock, 'utf8'));
    } catch {
      continue; // released meanwhile
    }
    if (pid > 0 && alive(pid)) throw new IngestBusyError(`another ingest is running (pid ${pid}); try again when it has finished`);
    rmSync(lock, { force: true }); // its writer is gone
  }
  throw new IngestBusyError(`another ingest is starting (lock ${lock})`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The summary as printed by `pnpm ingest`; its last line is the contract `added A, updated U,
 * unchanged C, failed F`. `ruleDetails: false` gives one line for the rule failures, not one per report.
 */
export function formatSummary(s: IngestSummary, opts: { ruleDetails?: boolean } = {}): string {
  const lines: string[] = [];
  for (const k of s.skipped) lines.push(`skipped ${k.path}: ${k.reason}`);
  for (const e of s.errors) lines.push(`FAILED ${e.path}: ${e.error}`);
  for (const r of s.removed) lines.push(`removed ${r}: the file is gone`);
  if (s.ruleFailures.length && opts.ruleDetails === false) {
    lines.push(`consistency rules failed in ${s.ruleFailures.length} report(s) (listed on the dashboard's 数据质量 page)`);
  } else if (s.ruleFailures.length) {
    lines.push(`consistency rules failed in ${s.ruleFailures.length} report(s):`);
    for (const r of s.ruleFailures) {
      const names = r.rules.split(',').map((n) => `${n} (${RULE_TITLES[Number(n) as 1].en})`);
      lines.push(`  ${r.path}: rule ${names.join(', rule ')}`);
    }
  }
  if (s.aborted) lines.push(`STOPPED before the end: ${s.aborted}. The counts below are of what was stored; run ingest again once fixed.`);
  lines.push(`${s.added + s.updated + s.unchanged + s.failed} file(s) in ${s.seconds.toFixed(2)} s`);
  lines.push(`added ${s.added}, updated ${s.updated}, unchanged ${s.unchanged}, failed ${s.failed}`);
  return lines.join('\n');
}
