/**
 * Corrections survive an ingest killed at any moment: a re-ingest of changed files carries each
 * report's corrections (kept, or marked needs_review) in that report's own transaction, so a
 * SIGKILL never leaves a parsed value where an active correction belongs, and the run after it
 * ends with exactly the database an uninterrupted run gives.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FIELD_BY_ID } from '@nianbao/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { ResultCache } from '../src/api/cache.ts';
import { CorrectionsRepository } from '../src/api/repositories/corrections.repository.ts';
import { CorrectionsService } from '../src/api/services/corrections.service.ts';
import { REPO_ROOT } from '../src/paths.ts';
import { openWritable } from '../src/store/db.ts';
import { randomSpec, renderTextReport, rng, type ReportSpec } from '../src/testing/generate.ts';
import { describe as describePlace, uniqueTownships } from '../src/testing/townships.ts';

const YEARS = [2020, 2021, 2022, 2023, 2024];
const FIELD = 't3.granted.total';
const COLUMN = FIELD_BY_ID.get(FIELD)!.column;
let reports: string;
/** The database with corrections, before the changed files are ingested. */
let base: string;
/** After an uninterrupted ingest of the changed files. */
let reference: string;
let seconds: number;
/** The latest write time in `base`: reports stamped later were rewritten by the run. */
let baseStamp: string;

/** Reports a run has rewritten (committed) so far. */
function rewritten(db: string): number {
  try {
    const sqlite = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return sqlite.prepare('select count(*) from reports where ingested_at > ?').pluck().get(baseStamp) as number;
    } finally {
      sqlite.close();
    }
  } catch {
    return 0;
  }
}

const ingestArgs = (db: string) => ({ cmd: process.execPath, args: ['--import', 'tsx', 'server/src/cli/ingest.ts', reports], env: { ...process.env, NIANBAO_DB: db, NIANBAO_WORKERS: '1' } });
function ingestCli(db: string) {
  const a = ingestArgs(db);
  const p = spawnSync(a.cmd, a.args, { cwd: REPO_ROOT, env: a.env, encoding: 'utf8' });
  return { status: p.status, out: p.stdout + p.stderr };
}

function copy(from: string, name: string): string {
  const to = join(mkdtempSync(join(tmpdir(), 'nianbao-corr-')), name);
  copyFileSync(from, to);
  return to;
}

/** Active corrections whose cell does not hold their value, or whose report's file is another than theirs. */
function misplaced(db: string): string[] {
  const sqlite = new Database(db, { readonly: true });
  try {
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    return (sqlite.prepare(`
      select c.id, c.value, f.${COLUMN} as cell, c.content_hash = r.content_hash as same
      from corrections c join reports r on r.id = c.report_id join report_fields f on f.report_id = c.report_id
      where c.status = 'active'`).all() as { id: number; value: number; cell: number; same: number }[])
      .filter((r) => r.value !== r.cell || !r.same)
      .map((r) => `correction ${r.id}: value ${r.value}, cell ${r.cell}, same file ${r.same}`);
  } finally {
    sqlite.close();
  }
}

/** What a run decides: each report's values, checks and corrections (no ids or times). */
function dump(db: string): string {
  const sqlite = new Database(db, { readonly: true });
  try {
    const rows = (q: string) => sqlite.prepare(q).all();
    return JSON.stringify({
      reports: rows('select source_path, content_hash, failed_rules from reports order by source_path'),
      fields: rows(`select r.source_path, f.${COLUMN}, f.proactive__total from report_fields f join reports r on r.id = f.report_id order by 1`),
      checks: rows('select r.source_path, c.rule, c.status, c.detail from checks c join reports r on r.id = c.report_id order by 1, 2'),
      corrections: rows('select r.source_path, c.field_id, c.value, c.parsed, c.content_hash, c.status, c.reparsed from corrections c join reports r on r.id = c.report_id order by 1, c.id'),
      metrics: rows('select r.source_path, m.has_failure, m.m_proactive__total from report_metrics m join reports r on r.id = m.report_id order by 1'),
    });
  } finally {
    sqlite.close();
  }
}

beforeAll(async () => {
  reports = mkdtempSync(join(tmpdir(), 'nianbao-corr-reports-'));
  const r = rng(7);
  const towns = uniqueTownships();
  const specs: { file: string; spec: ReportSpec }[] = [];
  for (let i = 0; i < 80; i++) {
    const t = describePlace(towns[i * 89]);
    mkdirSync(join(reports, t.code));
    for (const year of YEARS) {
      const spec = randomSpec(r, { organ: t.organ, year, template: '2021' });
      const file = join(reports, t.code, `${year}.txt`);
      writeFileSync(file, renderTextReport(spec));
      specs.push({ file, spec });
    }
  }
  base = join(mkdtempSync(join(tmpdir(), 'nianbao-corr-base-')), 'base.sqlite');
  expect(ingestCli(base).status).toBe(0);

  // Every other report gets a correction of its granted-total cell, spread over every commit batch.
  const db = openWritable(base);
  const service = new CorrectionsService(new CorrectionsRepository(db), new CorrectionsRepository(db), new ResultCache(db, { enabled: false }));
  const ids = db.$client.prepare('select id from reports order by id').pluck().all() as number[];
  for (const id of ids.filter((_, i) => i % 2 === 0)) {
    const parsed = db.$client.prepare(`select ${COLUMN} from report_fields where report_id = ?`).pluck().get(id) as number;
    service.correct({ id: 1, name: 'test', region: null }, id, { field: FIELD, value: parsed + 1, reason: 'test' });
  }
  baseStamp = db.$client.prepare('select max(ingested_at) from reports').pluck().get() as string;
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();

  // Every file changes (its proactive count); every third also in the corrected cell.
  specs.forEach(({ file, spec }, i) => {
    spec.proactive.total += 1;
    if (i % 3 === 0) spec.values[FIELD] = (spec.values[FIELD] ?? 0) + 5;
    writeFileSync(file, renderTextReport(spec));
  });
  reference = copy(base, 'ref.sqlite');
  const t0 = performance.now();
  const run = ingestCli(reference);
  seconds = (performance.now() - t0) / 1000;
  expect(run.status, run.out).toBe(0);
}, 180_000);

describe('corrections across a killed ingest', () => {
  it('an uninterrupted run keeps or marks each correction as its file says', () => {
    const d = JSON.parse(dump(reference)) as { corrections: { status: string }[] };
    const statuses = d.corrections.map((c) => c.status);
    expect(statuses.filter((s) => s === 'active').length).toBeGreaterThan(100);
    expect(statuses.filter((s) => s === 'needs_review').length).toBeGreaterThan(50);
    expect(misplaced(reference)).toEqual([]);
  });

  // While parsing the first files (nothing committed), and after the first commit of 256 (of 400).
  for (const [name, stored] of [['before its first commit', 0], ['after its first commit', 256]] as const) {
    it(`killed ${name}: no parsed value where a correction belongs; the next run equals an uninterrupted one`, async () => {
      const db = copy(base, 'k.sqlite');
      const a = ingestArgs(db);
      const child = spawn(a.cmd, a.args, { cwd: REPO_ROOT, env: a.env, stdio: 'ignore' });
      const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
      const t0 = Date.now();
      while (child.exitCode === null) {
        if (stored > 0 ? rewritten(db) >= stored : Date.now() - t0 >= seconds * 400) {
          child.kill('SIGKILL');
          break;
        }
        await new Promise((ok) => setTimeout(ok, 5));
      }
      await exited;
      const at = rewritten(db);
      if (stored > 0) expect(at).toBeLessThan(400); // killed mid-run
      expect(misplaced(db)).toEqual([]);
      const again = ingestCli(db);
      expect(again.status, again.out).toBe(0);
      expect(misplaced(db)).toEqual([]);
      expect(dump(db)).toBe(dump(reference));
    }, 120_000);
  }
});
