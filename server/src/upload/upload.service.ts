import type { UploadAnswer, UploadResult } from '@nianbao/shared';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { REPO_ROOT } from '../paths.ts';
import type { Db } from '../store/db.ts';
import { openWritable } from '../store/db.ts';
import { ReportStore } from '../store/reportStore.ts';
import { refreshReportMetrics } from '../store/reportMetrics.ts';
import { acquireWriterLock, ingest, IngestBusyError, storedPath } from '../ingest/ingest.ts';
import type { ProcessedReport } from '../pipeline.ts';
import { divisions, lineage } from '../resolve/divisions.ts';
import { CorrectionsRepository } from '../api/repositories/corrections.repository.ts';
import { AccountsService, type Editor } from '../api/services/accounts.service.ts';
import { HttpError, forbidden, conflict } from '../api/httpErrors.ts';
import { NotFoundError } from '../api/errors.ts';
import { ArchiveError, mib, readZip, sniff, type ArchiveLimits } from './archive.ts';
import { zhReason } from './reasons.ts';

export interface UploadLimits {
  /** Bytes of one uploaded file (or archive entry), at most. */
  maxFileBytes: number;
  /** Bytes of one upload (all its files as sent), at most. */
  maxUploadBytes: number;
  /** Files in one upload as sent, at most. */
  maxFiles: number;
  /** ZIP archives: entries, uncompressed bytes of all of them together, of one. */
  archive: ArchiveLimits;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxUploadBytes: 200 * 1024 * 1024,
  maxFiles: 2000,
  archive: { maxEntries: 5000, maxTotalBytes: 500 * 1024 * 1024, maxEntryBytes: 50 * 1024 * 1024 },
};

export interface UploadedFile {
  /** The relative path the browser sent (a folder's file: `county/township.pdf`). A hint only. */
  name: string;
  bytes: Buffer;
}

/** A file's result and the whole answer, as the API sends them (shared with the dashboard). */
export type { UploadAnswer, UploadResult } from '@nianbao/shared';

/** The database is held by an ingest (or another upload) longer than an upload waits. */
export class UploadBusyError extends Error {}

const RELEASE_EXT = /\.zip$/i;

/** A relative path as a hint: `/`-separated, no empty, `.` or `..` segments, no drive. */
export function cleanName(name: string): string {
  const parts = name.replace(/\\/g, '/').replace(/^[a-zA-Z]:/, '').split('/').filter((s) => s && s !== '.' && s !== '..');
  return parts.join('/') || 'file';
}

function blank(name: string, size: number): UploadResult {
  return { name, status: 'failed', reason: null, reasonZh: null, size, sha256: null, format: null, reportId: null, duplicateOf: null, organ: null, year: null, region: null, checks: [], failedRules: [], uncertain: [] };
}

function fail(r: UploadResult, status: UploadResult['status'], reason: string): UploadResult {
  r.status = status;
  r.reason = reason;
  r.reasonZh = zhReason(reason);
  return r;
}

interface Leaf {
  result: UploadResult;
  /** Hint path: folders and the archive's name (without .zip) count as region hints. */
  hint: string;
  bytes: Uint8Array;
  ext: string;
  file?: string;
}

/**
 * Reports uploaded from the browser, through the pipeline `pnpm ingest` runs: each file's type is
 * decided by its bytes, it is stored content-addressed (`uploads/<sha256>.<ext>` beside the
 * database), parsed by the same workers and written by the same one-writer ingest (its lock file
 * included), hinted by the path it was uploaded as. An editor limited to a region stores only the
 * reports that resolve into it; the rest are held back with the reason. Every stored report and
 * every withdrawal is in the audit log.
 */
export class UploadService {
  readonly limits: UploadLimits;
  readonly uploadsDir: string;
  constructor(
    private readonly opts: {
      dbPath: string;
      uploadsDir?: string;
      limits?: Partial<UploadLimits>;
      /** Parse threads (default: NIANBAO_WORKERS or one per core; a handful of files parse on the main thread). */
      workers?: number;
      /** How long an upload waits for a running ingest before answering busy (ms, default 5 s). */
      lockWaitMs?: number;
      overrides?: Map<string, string>;
      /** Called after every commit (drop memoised answers). */
      changed: () => void;
      /** The read connection (audit reads). */
      reader: Db;
    },
  ) {
    this.limits = { ...DEFAULT_UPLOAD_LIMITS, ...opts.limits, archive: { ...DEFAULT_UPLOAD_LIMITS.archive, ...opts.limits?.archive } };
    this.uploadsDir = opts.uploadsDir ?? join(resolve(opts.dbPath, '..'), 'uploads');
  }

  /** The files of an upload, archives unpacked (one level of archives inside archives). Throws ArchiveError for a refused archive. */
  private expand(files: UploadedFile[]): Leaf[] {
    const leaves: Leaf[] = [];
    let inflated = 0;
    const budget = (): ArchiveLimits => ({ ...this.limits.archive, maxTotalBytes: this.limits.archive.maxTotalBytes - inflated });
    const add = (name: string, hint: string, bytes: Uint8Array, depth: number) => {
      const result = blank(name, bytes.length);
      if (bytes.length > this.limits.maxFileBytes) {
        leaves.push({ result: fail(result, 'failed', `file too large: ${mib(bytes.length)} (the limit is ${mib(this.limits.maxFileBytes)} a file)`), hint, bytes: new Uint8Array(), ext: '' });
        return;
      }
      const s = sniff(bytes);
      if (s.kind === 'zip') {
        if (depth >= 2) {
          leaves.push({ result: fail(result, 'failed', 'a ZIP inside a ZIP inside a ZIP is not read (one level of archives inside an archive is)'), hint, bytes: new Uint8Array(), ext: '' });
          return;
        }
        const entries = readZip(bytes, budget(), name);
        if (!entries.length) {
          leaves.push({ result: fail(result, 'failed', 'an empty ZIP archive (no files in it)'), hint, bytes: new Uint8Array(), ext: '' });
          return;
        }
        for (const e of entries) inflated += e.bytes.length;
        const base = hint.replace(RELEASE_EXT, '');
        for (const e of entries) add(`${name}/${e.name}`, `${base}/${cleanName(e.name)}`, e.bytes, depth + 1);
        return;
      }
      if (s.kind === 'unknown') {
        leaves.push({ result: fail(result, 'failed', `not read: ${s.reason}`), hint, bytes: new Uint8Array(), ext: '' });
        return;
      }
      result.format = s.ext.slice(1);
      leaves.push({ result, hint, bytes, ext: s.ext });
    };
    for (const f of files) {
      const name = cleanName(f.name);
      add(name, name, f.bytes, 0);
    }
    return leaves;
  }

  /** Stores what can be stored of one upload; refuses it whole (ArchiveError) for an archive that escapes or inflates past the limits. */
  async upload(editor: Editor, files: UploadedFile[]): Promise<UploadAnswer> {
    const t0 = performance.now();
    const leaves = this.expand(files);
    const results = leaves.map((l) => l.result);
    const db = openWritable(this.opts.dbPath);
    const written: string[] = [];
    try {
      const byHash = db.$client.prepare('SELECT id, file_name AS fileName, organ, year FROM reports WHERE content_hash = ? ORDER BY id LIMIT 1');
      const seen = new Map<string, Leaf>();
      const toStore: Leaf[] = [];
      mkdirSync(this.uploadsDir, { recursive: true });
      for (const l of leaves) {
        if (l.result.status === 'failed' && l.result.reason) continue;
        const sha = createHash('sha256').update(l.bytes).digest('hex');
        l.result.sha256 = sha;
        const dup = byHash.get(sha) as UploadResult['duplicateOf'] | undefined;
        if (dup) {
          l.result.duplicateOf = dup;
          l.result.reportId = dup.id;
          fail(l.result, 'skipped', `a duplicate of report ${dup.id} (${dup.fileName}), already stored with the same content`);
          continue;
        }
        const twin = seen.get(sha);
        if (twin) {
          fail(l.result, 'skipped', `the same content as ${twin.result.name} in this upload`);
          continue;
        }
        seen.set(sha, l);
        l.file = join(this.uploadsDir, `${sha}${l.ext}`);
        if (!existsSync(l.file)) {
          writeFileSync(l.file, l.bytes);
          written.push(l.file);
        }
        toStore.push(l);
      }
      if (toStore.length) await this.store(db, editor, toStore);
      // Files not stored leave no bytes behind.
      for (const l of toStore) if (l.result.status !== 'stored' && l.file && written.includes(l.file)) rmSync(l.file, { force: true });
    } catch (e) {
      for (const f of written) rmSync(f, { force: true });
      throw e;
    } finally {
      db.$client.close();
    }
    this.opts.changed();
    const count = (s: UploadResult['status']) => results.filter((r) => r.status === s).length;
    return { stored: count('stored'), failed: count('failed'), skipped: count('skipped'), held: count('held'), seconds: (performance.now() - t0) / 1000, results };
  }

  private async store(db: Db, editor: Editor, leaves: Leaf[]) {
    const byPath = new Map(leaves.map((l) => [storedPath(l.file!), l]));
    const hints = new Map(leaves.map((l) => [l.file!, l.hint]));
    const audit = new CorrectionsRepository(db);
    const workers = this.opts.workers ?? (leaves.length >= 8 ? Number(process.env.NIANBAO_WORKERS) || availableParallelism() : 0);
    const describe = (l: Leaf, p: ProcessedReport) => {
      const f = p.output.fields;
      l.result.organ = (f.organ as string | null) ?? null;
      l.result.year = (f.year as number | null) ?? null;
      const rg = p.region;
      if (rg) {
        const d = rg.divisionCode ? divisions().byCode.get(rg.divisionCode) : undefined;
        l.result.region = { status: rg.status, code: rg.divisionCode, name: d?.name ?? null, township: rg.township, county: rg.county, city: rg.city, province: rg.province };
      }
      l.result.checks = p.output.checks.map((c) => ({ rule: c.rule, status: c.status }));
      l.result.failedRules = p.output.checks.filter((c) => c.status === 'fail' && c.rule !== 6).map((c) => c.rule);
      l.result.uncertain = p.output.uncertain;
    };
    const accept = (path: string, p: ProcessedReport): string | null => {
      const l = byPath.get(path);
      if (!l) return 'not part of this upload';
      describe(l, p);
      if (!p.output.ok) {
        fail(l.result, 'failed', p.output.error ?? 'cannot read');
        return p.output.error ?? 'cannot read';
      }
      if (editor.region) {
        const code = p.region?.divisionCode;
        const d = code ? divisions().byCode.get(code) : undefined;
        const line = d ? lineage(d) : null;
        const placed = { divisionCode: code ?? null, townshipCode: line?.township?.code ?? null, countyCode: line?.county?.code ?? null, cityCode: line?.city?.code ?? null, provinceCode: line?.province.code ?? null };
        if (!d || !AccountsService.mayEdit(editor, placed)) {
          const where = d ? `${d.name} (${d.code})` : p.region?.status === 'ambiguous' ? 'an ambiguous place' : 'no place the parser could decide';
          fail(l.result, 'held', `outside your region ${editor.region.code} ${editor.region.name}: the report resolves to ${where}`);
          return l.result.reason;
        }
      }
      return null;
    };
    const onSaved = (path: string, id: number, _outcome: string, p: ProcessedReport) => {
      const l = byPath.get(path)!;
      l.result.status = 'stored';
      l.result.reportId = id;
      audit.audit({
        at: new Date().toISOString(), userName: editor.name, action: 'report.upload', reportId: id,
        after: { name: l.result.name, hint: l.hint, path, sha256: l.result.sha256, size: l.result.size, format: l.result.format, organ: l.result.organ, year: l.result.year, region: p.region?.divisionCode ?? null },
      });
    };
    const deadline = Date.now() + (this.opts.lockWaitMs ?? 5000);
    for (;;) {
      try {
        const s = await ingest(db, leaves.map((l) => l.file!), { hints, accept, onSaved, workers, overrides: this.opts.overrides });
        for (const e of s.errors) {
          const l = byPath.get(e.path);
          if (l && l.result.status !== 'stored') fail(l.result, 'failed', e.error);
        }
        if (s.aborted) throw new Error(s.aborted);
        // Stored meanwhile by a concurrent upload of the same bytes (ingest found it unchanged).
        const byStoredPath = db.$client.prepare('SELECT id, file_name AS fileName, organ, year FROM reports WHERE source_path = ?');
        for (const [path, l] of byPath) {
          if (l.result.status !== 'failed' || l.result.reason) continue;
          const dup = byStoredPath.get(path) as UploadResult['duplicateOf'] | undefined;
          if (dup) {
            l.result.duplicateOf = dup;
            l.result.reportId = dup.id;
            fail(l.result, 'skipped', `a duplicate of report ${dup.id} (${dup.fileName}), already stored with the same content`);
          } else {
            fail(l.result, 'failed', 'not stored (no reason given by ingest)');
          }
        }
        return;
      } catch (e) {
        if (!(e instanceof IngestBusyError)) throw e;
        if (Date.now() > deadline) throw new UploadBusyError(e.message);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  /** Who uploaded a report, when, and as what name; null for a report ingested from a folder. */
  uploadOf(reportId: number, db: Db = this.opts.reader): { by: string; at: string; name: string; sha256: string | null } | null {
    const row = db.$client.prepare("SELECT user_name AS by, at, after FROM audit_log WHERE action = 'report.upload' AND report_id = ? ORDER BY id DESC LIMIT 1").get(reportId) as { by: string; at: string; after: string } | undefined;
    if (!row) return null;
    const after = JSON.parse(row.after) as { name: string; sha256?: string };
    return { by: row.by, at: row.at, name: after.name, sha256: after.sha256 ?? null };
  }

  /**
   * Withdraws a report its editor uploaded: the report and its values leave every view and CSV
   * (as when a file is deleted from an ingested folder), its stored file is deleted, the audit
   * log keeps the upload and records the withdrawal.
   */
  async withdraw(editor: Editor, reportId: number): Promise<{ reportId: number; withdrawn: true; name: string }> {
    const db = openWritable(this.opts.dbPath);
    let release: (() => void) | null = null;
    try {
      const deadline = Date.now() + (this.opts.lockWaitMs ?? 5000);
      while (!release) {
        try {
          release = acquireWriterLock(db);
        } catch (e) {
          if (!(e instanceof IngestBusyError)) throw e;
          if (Date.now() > deadline) throw new UploadBusyError(e.message);
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      const r = db.$client.prepare('SELECT id, source_path AS path, organ, year, content_hash AS sha FROM reports WHERE id = ?').get(reportId) as { id: number; path: string; organ: string | null; year: number | null; sha: string } | undefined;
      if (!r) throw new NotFoundError(`report ${reportId} does not exist`);
      const up = this.uploadOf(reportId, db);
      if (!up) throw conflict(`report ${reportId} was not uploaded from the browser (it was ingested from a folder): remove its file and ingest instead`);
      if (up.by !== editor.name) throw forbidden(`report ${reportId} was uploaded by ${up.by}: only they can withdraw it`);
      const store = new ReportStore(db);
      const audit = new CorrectionsRepository(db);
      db.$client.transaction(() => {
        const bodies = store.remove([r.path]);
        store.recomputeCrossYear(bodies);
        store.clearPending(bodies);
        audit.audit({ at: new Date().toISOString(), userName: editor.name, action: 'report.withdraw', reportId, before: { name: up.name, path: r.path, sha256: r.sha, organ: r.organ, year: r.year, uploadedBy: up.by, uploadedAt: up.at }, after: null });
      }).immediate();
      refreshReportMetrics(db, { force: true });
      const abs = isAbsolute(r.path) ? r.path : resolve(REPO_ROOT, r.path);
      // Only a file in the uploads folder is deleted (never a folder's file ingested from elsewhere).
      const inUploads = abs.startsWith(this.uploadsDir + sep) ? abs : null;
      if (inUploads) rmSync(inUploads, { force: true });
      return { reportId, withdrawn: true, name: up.name };
    } finally {
      release?.();
      db.$client.close();
      this.opts.changed();
    }
  }
}

export function tooLarge(message: string): HttpError {
  return new HttpError(413, 'Payload Too Large', message);
}

export { ArchiveError };
