import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWeb } from '../../scripts/build-web.ts';
/**
 * The e2e tests' data: generated report texts with known values (server/src/testing) plus the
 * sample reports of data/reports/, ingested into a temp SQLite file exactly as production does,
 * then the real server (buildApp, serving web/dist) on a free 127.0.0.1 port.
 *
 *   county A (4 townships): 2022, 2023, 2024 reports; proactive.total 2024 = 50, 30, 30, 10
 *                           (a4's 2024 report breaks rule 4, and every 2022 and 2023 report does:
 *                           nine failing reports, for the quality list's pages)
 *   county B (3 townships): 2024 only; proactive.total 5, 0, 7
 *   one unreadable file;    the real samples of data/reports/
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../server/src/api/app.ts';
import { AccountsRepository } from '../../server/src/api/repositories/accounts.repository.ts';
import { AccountsService } from '../../server/src/api/services/accounts.service.ts';
import { randomBytes } from 'node:crypto';
import { ingest } from '../../server/src/ingest/ingest.ts';
import { DEFAULT_REPORTS_DIR, REPO_ROOT } from '../../server/src/paths.ts';
import { divisions } from '../../server/src/resolve/divisions.ts';
import { openReadOnly, openWritable } from '../../server/src/store/db.ts';
import { randomSpec, renderTextReport, rng, type ReportSpec } from '../../server/src/testing/generate.ts';
import { citiesWithTwoCounties, type GeneratedTownship, type TwoCountyFixture } from '../../server/src/testing/townships.ts';

export const YEARS_A = [2022, 2023, 2024];
export const PROACTIVE_A: Record<number, number[]> = { 2022: [40, 20, 25, 5], 2023: [45, 30, 35, 8], 2024: [50, 30, 30, 10] };
export const PROACTIVE_B_2024 = [5, 0, 7];

export interface E2eFixture extends TwoCountyFixture {
  url: string;
  dbPath: string;
  /** The folder the fixture's reports were ingested from (to ingest it again). */
  reportsDir: string;
  /** An editor limited to county A, and their one-time password. */
  editor: { name: string; password: string };
  close: () => Promise<void>;
}

function pickCounties(): { a: GeneratedTownship[]; b: GeneratedTownship[] } {
  // A city other than the first one the API tests use, so the two fixtures differ.
  const cities = citiesWithTwoCounties();
  return cities[Math.min(3, cities.length - 1)];
}

export async function startE2eServer(opts: { webDist?: string } = {}): Promise<E2eFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-web-e2e-'));
  const reports = join(dir, 'reports');
  mkdirSync(reports);
  const dbPath = join(dir, 'e2e.sqlite');
  const { a, b } = pickCounties();
  const r = rng(20250101);
  const specs = new Map<string, ReportSpec>();
  const write = (t: GeneratedTownship, year: number, proactive: number, chained: boolean, breakRule4 = false) => {
    const s = randomSpec(r, { organ: t.organ, year });
    s.proactive = { total: proactive, approx: false };
    // Random years do not chain (rule 5): blank the linking cells so it is uncertain, not failed.
    if (chained) for (const id of Object.keys(s.values)) if (id.startsWith('t3.carried_over.') || id.endsWith('.in_force')) s.values[id] = null;
    if (breakRule4) s.values['t4.review.total'] = (s.values['t4.review.total'] ?? 0) + 1;
    specs.set(`${t.code}|${year}`, s);
    writeFileSync(join(reports, `${t.code}_${year}.txt`), renderTextReport(s));
  };
  YEARS_A.forEach((y, yi) => a.forEach((t, i) => write(t, y, PROACTIVE_A[y][i], yi > 0, y < 2024 || i === 3)));
  b.forEach((t, i) => write(t, 2024, PROACTIVE_B_2024[i], false));
  writeFileSync(join(reports, '<b>不是报告<b>.txt'), '这不是年度报告。<script>alert(1)</script>');
  for (const f of readdirSync(DEFAULT_REPORTS_DIR)) copyFileSync(join(DEFAULT_REPORTS_DIR, f), join(reports, f));

  const w = openWritable(dbPath);
  await ingest(w, [reports], { overrides: new Map() });
  w.$client.close();

  // As `pnpm start` serves it: reads on a read-only connection, editors' writes on their own.
  const writeDb = openWritable(dbPath);
  const { password } = await new AccountsService(new AccountsRepository(writeDb)).add('county-a-editor', a[0].countyCode);
  const db = openReadOnly(dbPath);
  const app = await buildApp({ db, writeDb, auth: { secret: randomBytes(32).toString('hex') }, webDist: opts.webDist ?? resolve(REPO_ROOT, 'web/dist') });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const cityCode = divisions().byCode.get(a[0].countyCode)!.cityCode!;
  return {
    url: `http://127.0.0.1:${port}`,
    dbPath,
    reportsDir: reports,
    editor: { name: 'county-a-editor', password },
    countyA: a,
    countyB: b,
    countyACode: a[0].countyCode,
    countyBCode: b[0].countyCode,
    cityCode,
    provinceCode: divisions().byCode.get(a[0].countyCode)!.provinceCode,
    specs,
    close: async () => {
      await app.close();
      db.$client.close();
      writeDb.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a page-level e2e suite works with: the served fixture, one page, and the page's script errors. */
export interface E2ePage {
  fx: E2eFixture;
  page: Page;
  pageErrors: string[];
  close(): Promise<void>;
}

/** The web built if stale, the fixture served and one Chromium page open (downloads allowed). */
export async function openE2ePage(viewport = { width: 1440, height: 900 }): Promise<E2ePage> {
  await buildWeb({ ifStale: true, quiet: true });
  const fx = await startE2eServer();
  const browser = await launchChromium();
  const page = await (await browser.newContext({ viewport, acceptDownloads: true })).newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return {
    fx, page, pageErrors,
    async close() {
      await browser.close();
      await fx.close();
    },
  };
}

/** Debian's headless Chromium as every browser test and bench drives it (never a downloaded one). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}
