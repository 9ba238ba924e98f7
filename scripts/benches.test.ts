/**
 * Every benchmark of the README runs here at a tiny size, from whatever this checkout is, so none
 * can break unnoticed (the full sizes are for measuring: `pnpm bench:*` without these variables).
 * The figures of a tiny run on a busy test machine mean nothing; that each one is printed does.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../server/src/paths.ts';

const run = promisify(execFile);

async function bench(script: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await run('pnpm', ['--silent', script], { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 240_000, maxBuffer: 16 << 20 });
  return stdout;
}

/** Figures printed on the line naming `what`: its numbers, which must be finite and positive. */
function figures(out: string, what: string): number[] {
  const line = out.split('\n').find((l) => l.includes(what));
  expect(line, `a line about "${what}" in:\n${out}`).toBeDefined();
  return [...line!.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
}

describe('benchmarks at a tiny size', () => {
  it('bench:api builds its database from nothing and loads every endpoint', async () => {
    const out = await bench('bench:api', { BENCH_TOWNSHIPS: '60', BENCH_SECONDS: '1', BENCH_PORT: '8795' });
    expect(out).toMatch(/built 300 reports \(60 townships × 5 years\)|using .*api-60\.sqlite/);
    for (const name of ['trivial /api/health', 'league, one county', 'county aggregates of province', 'trend (county + township)', 'report detail (one report)', 'report sources (one report)', 'CSV of province league',
      'quality list, one county (failing)', 'quality list, whole province', 'quality list, whole country']) {
      const [p50, p99, rps] = figures(out, name).slice(-6);
      expect(rps, name).toBeGreaterThan(0);
      expect(p99, name).toBeGreaterThanOrEqual(p50);
    }
    // The full export, streamed and gzipped: per year and all years, first bytes and totals printed.
    for (const name of ['one year (2024)', 'all years']) {
      expect(out).toMatch(new RegExp(`export, ${name.replace(/[()]/g, '\\$&')} +first bytes after +\\d+ ms, all [\\d,]+ rows in [\\d.]+ s; [\\d.]+ MB gzip \\([\\d.]+ MB CSV`));
    }
    // An answer other than 2xx is breakage; a request timing out on a test machine busy with other tests is not.
    expect(out).not.toMatch(/[1-9]\d* non-2xx/);
  }, 240_000);

  it('bench:ingest parses, pools and ingests generated reports and times every format and PDF producer', async () => {
    const out = await bench('bench:ingest', { BENCH_REPORTS: '200', BENCH_FORMAT_REPORTS: '10', BENCH_PDFS: '1', BENCH_DOCS: '2', BENCH_PDF_ROUNDS: '1', BENCH_PDF_WARMUP: '1' });
    expect(figures(out, 'parse only:')[0]).toBeGreaterThan(0);
    expect(out).toMatch(/ingest: +200 reports in [\d.]+ s = \d+ reports\/s with \d parse worker\(s\) \(added 200, failed 0\)/);
    for (const format of ['text', 'html (GB18030', 'docx (gridSpan', 'doc (LibreOffice', 'flattened web text', 'pdf (Chromium, TrueType font), 1 at a time', 'pdf (lo-docx)', 'pdf (lo-template)', 'pdf, real reports']) {
      const line = out.split('\n').find((l) => l.trim().startsWith(format));
      expect(line, format).toMatch(/\d+ reports\/s +\(\d+ runs, 0 failed\)/);
    }
    expect(out).toMatch(/CPU\/report: [\d.]+ ms here \+ [\d.]+ ms pdftotext = [\d.]+× pdftotext alone/);
  }, 240_000);

  it('bench:web measures the first page against the same kind of database', async () => {
    const out = await bench('bench:web', { BENCH_TOWNSHIPS: '60', BENCH_RUNS: '1' });
    expect(figures(out, 'initial JS, everything fetched up to the first chart')[0]).toBeGreaterThan(10);
    expect(figures(out, 'first chart drawn after navigation, server memo warm').at(-2)).toBeGreaterThan(0);
    expect(out).toMatch(/quality list, whole country: first rows after navigation \d+ ms on the first visit, \d+ ms warm/);
    expect(out).toMatch(/first chart, county overview \(county \d{6}, \d+ townships, \d{4}\): \d+ ms on the first visit, \d+ ms warm/);
    expect(out).toMatch(/first chart, trends \(province \d{2} and county \d{6}\): \d+ ms on the first visit, \d+ ms warm/);
    expect(out).toMatch(/first chart, trends, nothing chosen: \d+ ms on the first visit, \d+ ms warm/);
  }, 240_000);

  it('bench:upload stores generated reports from one zip through the API and from a folder through ingest, printing both rates', async () => {
    const out = await bench('bench:upload', { BENCH_UPLOAD_REPORTS: '20', BENCH_ROUNDS: '1' });
    expect(figures(out, 'pnpm ingest (folder):')[0]).toBeGreaterThan(0);
    expect(figures(out, 'upload (one zip over HTTP):')[0]).toBeGreaterThan(0);
    expect(out).toMatch(/upload \/ ingest: [\d.]+ \(target ≥ 0\.50\)/);
  }, 240_000);
});
