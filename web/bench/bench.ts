/**
 * `pnpm bench:web` — the dashboard's weight and speed.
 *
 * 1. Gzipped size of the JavaScript the first page (the overview, `/`) loads: the entry chunk and
 *    its static imports (from web/dist/index.html), and every script Chromium actually fetched
 *    up to the first chart (the overview's lazily loaded chunk and its chart types included).
 * 2. Time from navigation to the first chart drawn (ECharts 'finished'), in headless Chromium,
 *    against the national-size database of `pnpm bench:api` (server/src/cli/benchDb.ts: 40,000
 *    townships × 5 years, built when missing or stale; BENCH_TOWNSHIPS=400 for CI's tiny run,
 *    and the output says which). The first load hits
 *    a cold server (answers computed); later loads, each in a fresh browser context, hit the
 *    server's memo as a second visitor would.
 *
 * 3. Time from navigation to the data-quality list's first rows: the whole country's list (the
 *    header's link) and a county's failing reports (the overview's failing count), first visit
 *    and then warm.
 *
 * 4. Time from navigation to the first chart of the other views a county office opens first: a
 *    county's overview (the county with the most townships) and trends (its province and it), first
 *    visit and then warm, each in a fresh browser context.
 *
 * Targets: ≤ 300 KB gzipped initial JavaScript; first chart ≤ 1.5 s on localhost (2 cores); first
 * rows of the quality list ≤ 1.5 s.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../e2e/fixture.ts';
import { buildApp } from '../../server/src/api/app.ts';
import { warmUp } from '../../server/src/api/warmup.ts';
import { benchDatabase } from '../../server/src/cli/benchDb.ts';
import { openReadOnly } from '../../server/src/store/db.ts';
import { buildWeb, DIST } from '../../scripts/build-web.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 6);
const KB = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;

// 1. Initial JavaScript of the built page.
await buildWeb({ ifStale: true, quiet: true });
const html = readFileSync(join(DIST, 'index.html'), 'utf8');
const entry = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((m) => m[1]);
const entryGz = entry.reduce((s, f) => s + gz(readFileSync(join(DIST, f))), 0);

// 2. Server on the benchmark database.
const dbPath = benchDatabase();
const national = process.env.BENCH_TOWNSHIPS === undefined;
const db = openReadOnly(dbPath);
const reports = (db.$client.prepare('select count(*) n from reports').get() as { n: number }).n;
/** The county with the most failing reports in the latest year: the quality list a county office opens. */
const failingCounty = db.$client.prepare(`select county_code c, year y, count(*) n from reports where failed_rules != '' and county_code is not null
  and year = (select max(year) from reports) group by county_code order by n desc limit 1`).get() as { c: string; y: number; n: number } | undefined;
/** The county with the most township reports in the latest year, and its province: a county office's first views. */
const bigCounty = db.$client.prepare(`select county_code c, province_code p, year y, count(*) n from report_metrics where county_code is not null
  and year = (select max(year) from report_metrics) group by county_code order by n desc limit 1`).get() as { c: string; p: string; y: number; n: number } | undefined;
const app = await buildApp({ db, webDist: DIST });
// As `pnpm start` serves it: the server warms the first page's answers before it listens.
const warmUpSeconds = await warmUp(app);
await app.listen({ host: '127.0.0.1', port: 0 });
const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;

const browser = await launchChromium();
const times: number[] = [];
const qualityTimes: { name: string; first: number; warm: number }[] = [];
const viewTimes: { name: string; first: number; warm: number }[] = [];
let loadedGz = 0;
let loadedFiles: string[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const scripts = new Set<string>();
    page.on('response', (res) => {
      if (res.url().endsWith('.js')) scripts.add(new URL(res.url()).pathname);
    });
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __firstChartMs?: number }).__firstChartMs !== undefined, null, { timeout: 60_000 });
    times.push(await page.evaluate(() => (window as unknown as { __firstChartMs: number }).__firstChartMs));
    if (process.env.BENCH_DEBUG) {
      const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, ''), Math.round(e.startTime), Math.round((e as PerformanceResourceTiming).responseEnd), (e as PerformanceResourceTiming).encodedBodySize]));
      const nav = await page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming; return [Math.round(n.responseEnd), Math.round(n.domContentLoadedEventEnd)]; });
      console.log(`run ${i}: first chart ${times[i].toFixed(0)} ms; document ${nav.join('/')}`);
      for (const e of entries) console.log('   ', e.join('  '));
    }
    if (i === 0) {
      loadedFiles = [...scripts];
      loadedGz = loadedFiles.reduce((s, p) => s + gz(readFileSync(join(DIST, p))), 0);
    }
    await ctx.close();
  }
  // 3. The quality list's first rows.
  const lists: [string, string][] = [['whole country', 'quality']];
  if (failingCounty) lists.push([`county ${failingCounty.c}, ${failingCounty.n} failing in ${failingCounty.y}`, `quality?scope=${failingCounty.c}&year=${failingCounty.y}&rule=failing&townships=1`]);
  for (const [name, path] of lists) {
    const runs: number[] = [];
    for (let i = 0; i < Math.max(3, Math.min(RUNS, 4)); i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      await page.goto(url + path);
      const h = await page.waitForFunction(() => document.querySelector('[data-testid="quality-list"] tbody tr') && performance.now(), null, { timeout: 60_000, polling: 'raf' });
      runs.push((await h.jsonValue()) as number);
      await ctx.close();
    }
    qualityTimes.push({ name, first: runs[0], warm: runs.slice(1).sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)] });
  }
  // 4. First chart of a county's overview, of trends (chosen regions, and nothing chosen: the top
  // provinces of the latest year) and of the counties of the largest province.
  const bigProvince = db.$client.prepare(`select province_code p from report_metrics where province_code is not null group by 1 order by count(*) desc limit 1`).get() as { p: string } | undefined;
  const views: [string, string][] = bigCounty
    ? [
        [`county overview (county ${bigCounty.c}, ${bigCounty.n} townships, ${bigCounty.y})`, `?scope=${bigCounty.c}&year=${bigCounty.y}`],
        [`trends (province ${bigCounty.p} and county ${bigCounty.c})`, `trends?sel=${bigCounty.p},${bigCounty.c}`],
      ]
    : [];
  views.push(['trends, nothing chosen', 'trends']);
  if (bigProvince) views.push([`counties of province ${bigProvince.p}`, `counties?scope=${bigProvince.p}`]);
  for (const [name, path] of views) {
    const runs: number[] = [];
    for (let i = 0; i < Math.max(3, Math.min(RUNS, 4)); i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      await page.goto(url + path);
      await page.waitForFunction(() => (window as unknown as { __firstChartMs?: number }).__firstChartMs !== undefined, null, { timeout: 60_000 });
      runs.push(await page.evaluate(() => (window as unknown as { __firstChartMs: number }).__firstChartMs));
      await ctx.close();
    }
    viewTimes.push({ name, first: runs[0], warm: runs.slice(1).sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)] });
  }
} finally {
  await browser.close();
  await app.close();
  db.$client.close();
}

const warm = times.slice(1).sort((a, b) => a - b);
const median = warm.length ? warm[Math.floor(warm.length / 2)] : times[0];
const ok = (v: boolean) => (v ? 'ok' : 'OVER TARGET');
console.log(`database: ${dbPath} (${reports.toLocaleString()} reports${national ? ', national size' : '; SMALLER than national (BENCH_TOWNSHIPS)'})`);
console.log(`initial JS, entry chunk + static imports: ${KB(entryGz)} gzipped (${entry.length} file${entry.length === 1 ? '' : 's'})`);
console.log(`initial JS, everything fetched up to the first chart: ${KB(loadedGz)} gzipped (${loadedFiles.length} files)  target ≤ 300 KB: ${ok(loadedGz <= 300 * 1024)}`);
console.log(`first chart drawn after navigation, server memo warm (median of ${warm.length}, fresh browser context each): ${median.toFixed(0)} ms  target ≤ 1500 ms: ${ok(median <= 1500)}`);
console.log(`first chart drawn after navigation, first visitor after start (server warmed its first-page answers in ${warmUpSeconds.toFixed(1)} s before listening; other answers computed on demand): ${times[0].toFixed(0)} ms  target ≤ 1500 ms: ${ok(times[0] <= 1500)}`);
for (const v of viewTimes) {
  console.log(`first chart, ${v.name}: ${v.first.toFixed(0)} ms on the first visit, ${v.warm.toFixed(0)} ms warm  target ≤ 1500 ms: ${ok(v.first <= 1500 && v.warm <= 1500)}`);
}
for (const q of qualityTimes) {
  console.log(`quality list, ${q.name}: first rows after navigation ${q.first.toFixed(0)} ms on the first visit, ${q.warm.toFixed(0)} ms warm  target ≤ 1500 ms: ${ok(q.first <= 1500 && q.warm <= 1500)}`);
}
