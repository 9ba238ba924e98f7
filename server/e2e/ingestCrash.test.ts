/**
 * Ingest killed at any point (SIGKILL: no clean-up runs) and run again, or run twice at once,
 * leaves exactly the database one clean ingest gives, row for row; a full disk stops a run with
 * its summary and a consistent database.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatSummary, ingest } from '../src/ingest/ingest.ts';
import { REPO_ROOT } from '../src/paths.ts';
import { openWritable } from '../src/store/db.ts';
import { randomSpec, renderTextReport, rng } from '../src/testing/generate.ts';
import { describe as describePlace, uniqueTownships } from '../src/testing/townships.ts';

const YEARS = [2020, 2021, 2022, 2023, 2024];
let reports: string;
let clean: string;
/** Pages of the clean database: a full disk is set at a share of them. */
let cleanPages: number;

/** 120 townships × 5 years: rule 5 links every report to its neighbour years. */
function makeFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-crash-'));
  const r = rng(99);
  const towns = uniqueTownships();
  for (let i = 0; i < 120; i++) {
    const t = describePlace(towns[i * 97]);
    mkdirSync(join(dir, t.code));
    for (const year of YEARS) writeFileSync(join(dir, t.code, `${year}.txt`), renderTextReport(randomSpec(r, { organ: t.organ, year, template: year < 2021 ? '2019' : '2021' })));
  }
  return dir;
}

const ingestArgs = (db: string) => ({ cmd: process.execPath, args: ['--import', 'tsx', 'server/src/cli/ingest.ts', reports], env: { ...process.env, NIANBAO_DB: db, NIANBAO_WORKERS: '1' } });

function ingestCli(db: string): { status: number | null; out: string } {
  const a = ingestArgs(db);
  const p = spawnSync(a.cmd, a.args, { cwd: REPO_ROOT, env: a.env, encoding: 'utf8' });
  return { status: p.status, out: p.stdout + p.stderr };
}

/** Every stored row, by source path, without row ids and write times (which differ between runs by nature). */
function dump(db: string): string {
  const sqlite = new Database(db, { readonly: true });
  try {
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = (sql: string) => sqlite.prepare(sql).all() as Record<string, unknown>[];
    const strip = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !['id', 'report_id', 'ingested_at', 'prev_report_id'].includes(k)));
    const byPath = (table: string, order: string) =>
      rows(`select r.source_path as path, t.* from ${table} t join reports r on r.id = t.report_id order by r.source_path, ${order}`).map(strip);
    return JSON.stringify({
      reports: rows('select * from reports order by source_path').map(strip),
      fields: byPath('report_fields', 'r.source_path'),
      checks: byPath('checks', 't.rule'),
      evidence: byPath('evidence', 't.field_id'),
      metrics: byPath('report_metrics', 'r.source_path'),
      previous: rows('select r.source_path as path, p.source_path as prev from report_metrics m join reports r on r.id = m.report_id left join reports p on p.id = m.prev_report_id order by 1'),
      pending: rows('select * from pending_cross_year'),
      regions: rows('select * from regions order by code'),
    });
  } finally {
    sqlite.close();
  }
}

function count(db: string): number {
  if (!existsSync(db)) return 0;
  try {
    const sqlite = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (sqlite.prepare('select count(*) n from reports').get() as { n: number }).n;
    } finally {
      sqlite.close();
    }
  } catch {
    return 0; // not yet created
  }
}

/** Starts an ingest and SIGKILLs it once `stored` reports are committed (0: after `afterMs`). */
async function killedIngest(db: string, stored: number, afterMs = 0): Promise<void> {
  const a = ingestArgs(db);
  const child = spawn(a.cmd, a.args, { cwd: REPO_ROOT, env: a.env, stdio: 'ignore' });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const t0 = Date.now();
  while (child.exitCode === null) {
    if ((stored > 0 && count(db) >= stored) || (stored === 0 && Date.now() - t0 >= afterMs)) {
      child.kill('SIGKILL');
      break;
    }
    await new Promise((ok) => setTimeout(ok, 5));
  }
  await exited;
}

beforeAll(() => {
  reports = makeFolder();
  const db = join(mkdtempSync(join(tmpdir(), 'nianbao-clean-')), 'clean.sqlite');
  expect(ingestCli(db).status).toBe(0);
  clean = dump(db);
  const sqlite = new Database(db, { readonly: true });
  cleanPages = sqlite.pragma('page_count', { simple: true }) as number;
  sqlite.close();
}, 120_000);

describe('ingest survives being killed', () => {
  // Before the first commit, after one batch of 256, after two, and once every report is written
  // (rule 5 and the metrics may not be): each, then a second run, equals a clean ingest.
  for (const [name, stored, afterMs] of [['while parsing the first files', 0, 1500], ['after the first commit', 256, 0], ['after the second commit', 512, 0], ['once every report is written', 600, 0]] as const) {
    it(`killed ${name}, then run again: equal to a clean ingest`, async () => {
      const db = join(mkdtempSync(join(tmpdir(), 'nianbao-kill-')), 'k.sqlite');
      await killedIngest(db, stored, afterMs);
      const again = ingestCli(db);
      expect(again.status, again.out).toBe(0);
      expect(dump(db)).toBe(clean);
    }, 120_000);
  }

  it('two ingests at once: the second stops at once naming the first, and the database equals a clean ingest', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'nianbao-two-')), 't.sqlite');
    const a = ingestArgs(db);
    const first = spawn(a.cmd, a.args, { cwd: REPO_ROOT, env: a.env, stdio: 'ignore' });
    const firstDone = new Promise<number | null>((ok) => first.once('exit', (code) => ok(code)));
    while (!existsSync(`${db}.ingest-lock`) && first.exitCode === null) await new Promise((ok) => setTimeout(ok, 5));
    const second = ingestCli(db);
    expect(await firstDone).toBe(0);
    expect(second.status).toBe(75);
    expect(second.out).toContain(`another ingest is running (pid ${first.pid})`);
    expect(dump(db)).toBe(clean);
  }, 120_000);
});

describe('a full disk', () => {
  it('stops the run with its summary; what was stored is consistent, and a run with room finishes it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nianbao-full-')), 'f.sqlite');
    const db = openWritable(path);
    // The database may not grow past this many pages: SQLite then fails writes with SQLITE_FULL, as on
    // a full disk. Room for about 60 % of the reports: the first commit (256) fits, the second does not.
    const empty = db.$client.pragma('page_count', { simple: true }) as number;
    db.$client.pragma(`max_page_count = ${Math.round(empty + 0.6 * (cleanPages - empty))}`);
    const s = await ingest(db, [reports], { overrides: new Map() });
    db.$client.close();
    expect(s.aborted).toMatch(/^the disk is full \(database or disk is full\)/);
    expect(formatSummary(s)).toMatch(/STOPPED before the end: the disk is full/);
    const sqlite = new Database(path, { readonly: true });
    const ok = (sqlite.prepare("select count(*) n from reports where status = 'ok'").get() as { n: number }).n;
    sqlite.close();
    expect(ok).toBe(s.added);
    expect(s.added).toBeGreaterThan(0);
    expect(s.added).toBeLessThan(600);
    const cli = ingestCli(path);
    expect(cli.status, cli.out).toBe(0);
    expect(dump(path)).toBe(clean);
  }, 120_000);
});
