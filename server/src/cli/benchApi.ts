/**
 * `pnpm bench:api` — a national-size database (40,000 townships × 5 years = 200,000 reports), the
 * server started on 127.0.0.1 in its own process, and autocannon (50 connections) on the
 * dashboard's heavy requests plus a trivial endpoint as the ceiling. Targets: p99 ≤ 20 ms for
 * every JSON endpoint; each endpoint ≥ 1/3 of the trivial endpoint's requests/s.
 *
 * The database is built by benchDb.ts (generated values inserted straight into the store's
 * tables), kept in data/bench/ and rebuilt whenever the code that shapes it has changed.
 * BENCH_TOWNSHIPS=400 BENCH_SECONDS=1 is the tiny run CI makes (scripts/benches.test.ts).
 *
 * Each endpoint is measured twice: with the server's result memo (the default, as `pnpm start`
 * runs) and with it disabled (NIANBAO_API_CACHE=0), which shows the cost of computing an answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createGunzip } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { REPO_ROOT } from '../paths.ts';
import { openReadOnly, type Db } from '../store/db.ts';
import { benchDatabase } from './benchDb.ts';

const PORT = Number(process.env.BENCH_PORT ?? 8791);
const DURATION = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = 50;

/** The busiest province and, in it, the busiest county; a township of that county. */
function pickTargets(db: Db) {
  const q = (sql: string, ...args: unknown[]) => db.$client.prepare(sql).get(...args) as Record<string, string | number>;
  const province = q(`select province_code c from report_metrics where year = 2024 group by province_code order by count(*) desc limit 1`).c as string;
  const county = q(`select county_code c from report_metrics where year = 2024 and province_code = ? group by county_code order by count(*) desc limit 1`, province).c as string;
  const township = q(`select township_code c from report_metrics where county_code = ? limit 1`, county).c as string;
  const townshipsInProvince = q(`select count(*) n from report_metrics where year = 2024 and province_code = ?`, province).n as number;
  const townshipsInCounty = q(`select count(*) n from report_metrics where year = 2024 and county_code = ?`, county).n as number;
  const maxId = q(`select max(id) m from reports`).m as number;
  return { province, county, township, townshipsInProvince, townshipsInCounty, maxId };
}

async function startServer(dbPath: string, cache: boolean): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(REPO_ROOT, 'server/src/cli/serve.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, NIANBAO_DB: dbPath, NIANBAO_SKIP_INGEST: '1', HOST: '127.0.0.1', PORT: String(PORT), NIANBAO_API_CACHE: cache ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('listening')) ok();
    });
  });
  return child;
}

interface Result { name: string; p50: number; p99: number; rps: number; errors: number; non2xx: number; serverCpuUs: number }

/** CPU time (user + system, µs) the server process has used so far, from /proc (Linux). */
function cpuMicros(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in clock ticks.
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
const CLOCK_TICKS = 100;

/**
 * autocannon with two worker threads: one client thread saturates a core on answers of a few KB
 * (it concatenates every body into a string), and would then measure itself, not the server.
 */
async function load(name: string, server: ChildProcess, path: string, randomPath?: () => string): Promise<Result> {
  const before = cpuMicros(server.pid!);
  const res = await autocannon({
    url: `http://127.0.0.1:${PORT}${path}`,
    connections: CONNECTIONS,
    duration: DURATION,
    // A path drawn per request needs a function, which autocannon's worker threads cannot take.
    workers: randomPath ? undefined : CLIENT_THREADS,
    // As a browser asks: the server sends memoised answers gzipped to clients that accept it.
    headers: { 'accept-encoding': 'gzip, deflate, br' },
    requests: randomPath ? [{ setupRequest: (req) => ({ ...req, path: randomPath() }) }] : undefined,
  });
  const used = cpuMicros(server.pid!) - before;
  return { name, p50: res.latency.p50, p99: res.latency.p99, rps: res.requests.average, errors: res.errors, non2xx: res.non2xx, serverCpuUs: used / Math.max(1, res.requests.total) };
}
const CLIENT_THREADS = 2;

/** The answer exactly as the server sends it to a browser: status, headers and (compressed) body bytes. */
function rawAnswer(path: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((ok, fail) => {
    httpGet({ host: '127.0.0.1', port: PORT, path, headers: { 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const h of ['content-type', 'content-encoding', 'content-disposition', 'vary']) if (res.headers[h]) headers[h] = String(res.headers[h]);
        ok({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    }).on('error', fail);
  });
}

/** A bare node:http server, nothing else, answering every request with one fixed answer. */
const BARE_SERVER = `
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
const body = readFileSync(process.env.BODY_FILE);
const headers = { ...JSON.parse(process.env.HEADERS), 'content-length': body.length };
createServer((req, res) => { res.writeHead(200, headers); res.end(body); })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
`;

/**
 * The load generator's own ceiling for one answer: the same bytes and headers served by a bare
 * node:http server that does no work at all. autocannon appends every body to a string, and
 * decoding compressed (binary) bytes as UTF-8 costs it about 20 ns a byte, so on two cores large
 * compressed answers are bounded by the client whatever the server does.
 */
async function clientCeiling(path: string): Promise<{ rps: number; bytes: number }> {
  const answer = await rawAnswer(path);
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));
  const bodyFile = join(dir, 'body');
  writeFileSync(bodyFile, answer.body);
  const port = PORT + 1;
  const child = spawn(process.execPath, ['--input-type=module', '-e', BARE_SERVER], {
    env: { ...process.env, BODY_FILE: bodyFile, HEADERS: JSON.stringify(answer.headers), PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((ok, fail) => {
      child.once('exit', (code) => fail(new Error(`bare server exited with ${code}`)));
      child.stdout!.on('data', (b: Buffer) => b.toString().includes('listening') && ok());
    });
    const res = await autocannon({
      url: `http://127.0.0.1:${port}${path}`, connections: CONNECTIONS, duration: DURATION, workers: CLIENT_THREADS,
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    return { rps: res.requests.average, bytes: answer.body.length };
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The full export as a browser downloads it (accept-encoding: gzip): time to the first body
 * bytes, to the last, and its size compressed and as CSV. Target: first bytes ≤ 1 s.
 */
function measureExport(path: string): Promise<{ firstMs: number; totalMs: number; gzBytes: number; csvBytes: number; rows: number }> {
  return new Promise((ok, fail) => {
    const start = performance.now();
    let firstMs = NaN;
    let gzBytes = 0;
    let csvBytes = 0;
    let rows = 0;
    httpGet({ host: '127.0.0.1', port: PORT, path, headers: { 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
      if (res.headers['content-encoding'] !== 'gzip') fail(new Error(`${path}: not gzip-encoded (${res.statusCode})`));
      const gunzip = createGunzip();
      res.on('data', (c: Buffer) => {
        if (!gzBytes) firstMs = performance.now() - start;
        gzBytes += c.length;
      });
      res.pipe(gunzip);
      gunzip.on('data', (c: Buffer) => {
        csvBytes += c.length;
        for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) rows++;
      });
      gunzip.on('end', () => ok({ firstMs, totalMs: performance.now() - start, gzBytes, csvBytes, rows: rows - 1 })).on('error', fail);
    }).on('error', fail);
  });
}

async function exportFigures(dbPath: string) {
  const server = await startServer(dbPath, true);
  const MB = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  try {
    console.log('Full export (GET /api/export.csv, gzip as a browser accepts it), streamed:');
    for (const [name, path] of [['one year (2024)', '/api/export.csv?year=2024'], ['all years', '/api/export.csv']]) {
      const r = await measureExport(path);
      console.log(`export, ${name.padEnd(16)} first bytes after ${r.firstMs.toFixed(0).padStart(5)} ms, all ${r.rows.toLocaleString('en')} rows in ${(r.totalMs / 1000).toFixed(1)} s; ${MB(r.gzBytes)} gzip (${MB(r.csvBytes)} CSV, ${(r.csvBytes / r.gzBytes).toFixed(1)}×)  target first bytes ≤ 1000 ms: ${r.firstMs <= 1000 ? 'ok' : 'MISSED'}`);
    }
    console.log('');
  } finally {
    server.kill('SIGTERM');
    await new Promise((ok) => server.once('exit', ok));
  }
}

async function main() {
  const DB_PATH = benchDatabase();
  const db = openReadOnly(DB_PATH);
  const t = pickTargets(db);
  db.$client.close();
  console.log('requests carry accept-encoding: gzip, deflate, br, as browsers send it');
  console.log(`targets: province ${t.province} (${t.townshipsInProvince} townships in 2024), county ${t.county} (${t.townshipsInCounty}), township ${t.township}; ${CONNECTIONS} connections, ${DURATION} s each\n`);

  const m = 'applications.received';
  const endpoints: [string, string, (() => string)?][] = [
    ['trivial /api/health', '/api/health'],
    ['league, one county', `/api/league?metric=${m}&year=2024&parent=${t.county}`],
    ['league, whole province', `/api/league?metric=${m}&year=2024&parent=${t.province}`],
    ['county aggregates of province', `/api/aggregates?metric=${m}&year=2024&level=county&parent=${t.province}`],
    ['trend (county + township)', `/api/trend?metric=${m}&regions=${t.county},${t.township}`],
    ['report detail (one report)', `/api/reports/${Math.floor(t.maxId / 2)}`],
    ['report sources (one report)', `/api/reports/${Math.floor(t.maxId / 2)}/sources`],
    ['report detail (random of all)¹', '/api/reports/1', () => `/api/reports/${1 + Math.floor(Math.random() * t.maxId)}`],
    ['quality list, one county (failing)', `/api/quality?region=${t.county}&year=2024&rule=failing&townships=1`],
    ['quality list, whole province', `/api/quality?region=${t.province}`],
    ['quality list, whole country', '/api/quality'],
    ['CSV of province league', `/api/league.csv?metric=${m}&year=2024&parent=${t.province}`],
  ];

  // BENCH_MEMO=1 or 0 measures one mode only; BENCH_ONLY=regex picks endpoints (the trivial one always runs).
  // BENCH_EXPORT=0 leaves the full export out; BENCH_ONLY=export measures only it.
  if (process.env.BENCH_EXPORT !== '0' && (!process.env.BENCH_ONLY || /export/.test(process.env.BENCH_ONLY))) await exportFigures(DB_PATH);
  if (process.env.BENCH_ONLY === 'export') return;
  const modes = process.env.BENCH_MEMO === '1' ? [true] : process.env.BENCH_MEMO === '0' ? [false] : [true, false];
  const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
  const chosen = endpoints.filter(([name], i) => i === 0 || !only || only.test(name));
  for (const cache of modes) {
    const server = await startServer(DB_PATH, cache);
    try {
      // Warm-up: JIT, SQLite page cache.
      await autocannon({ url: `http://127.0.0.1:${PORT}/api/health`, connections: 10, duration: 1 });
      const results: Result[] = [];
      for (const [name, path, random] of chosen) results.push(await load(name, server, path, random));
      const ceiling = results[0].rps;
      if (ceiling === 0) console.log('the trivial endpoint answered nothing: the machine is too busy for meaningful figures');
      console.log(cache ? 'With the result memo (as pnpm start serves):' : 'Memo disabled (NIANBAO_API_CACHE=0): every request computes its answer:');
      console.log(`${'endpoint'.padEnd(34)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'req/s'.padStart(8)} ${'÷ trivial'.padStart(9)} ${'server µs/req'.padStart(13)}  targets (p99 ≤ 20 ms, ≥ 1/3 trivial)`);
      for (const r of results) {
        const ratio = ceiling > 0 ? r.rps / ceiling : NaN;
        const ok = r.name.startsWith('trivial') ? '' : `${r.name.startsWith('CSV') ? 'p99 n/a (not JSON)' : r.p99 <= 20 ? 'p99 ok' : 'p99 MISSED'}, ${ratio >= 1 / 3 ? 'throughput ok' : 'throughput MISSED'}`;
        const errs = r.errors || r.non2xx ? ` (${r.errors} errors, ${r.non2xx} non-2xx)` : '';
        console.log(`${r.name.padEnd(34)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${r.rps.toFixed(0).padStart(8)} ${ratio.toFixed(2).padStart(9)} ${r.serverCpuUs.toFixed(0).padStart(13)}  ${ok}${errs}`);
      }
      console.log(`server µs/req: CPU time the server process spent per answered request; the rest of the 2 cores went to the load generator (${CLIENT_THREADS} threads).`);
      console.log('¹ a report drawn at random per request, so nearly every answer is computed, not memoised; one client thread (autocannon takes no function in its worker threads).');
      console.log('');
      // For a memoised answer that missed the throughput target: how fast could any server send it to this client?
      const missed = cache ? results.filter((r, i) => i > 0 && !chosen[i][2] && r.rps < ceiling / 3) : [];
      if (missed.length) {
        console.log('Client ceiling of the answers that missed: the same bytes and headers from a bare node:http server doing no work:');
        for (const r of missed) {
          const path = chosen[results.indexOf(r)][1];
          const c = await clientCeiling(path);
          const share = r.rps / c.rps;
          console.log(`${r.name.padEnd(34)} ${String(c.bytes).padStart(7)} bytes sent  ${c.rps.toFixed(0).padStart(8)} req/s  ÷ trivial ${(c.rps / ceiling).toFixed(2)}  Nianbao reached ${(100 * share).toFixed(0)}% of it: ${share >= 0.75 ? 'target ≥ 75% met' : 'target ≥ 75% MISSED'}`);
        }
        console.log('');
      }
    } finally {
      server.kill('SIGTERM');
      await new Promise((ok) => server.once('exit', ok));
    }
  }
}

await main();
