/**
 * Departments rank among their peers, in the browser: the real 平潭综合实验区 department reports of
 * data/reports (ingested with the rest of the e2e fixture) shown as the league of 平潭县's
 * departments, year by year, with ranks, ties, previous-year changes and the CSV. Every value is
 * computed here from the corpus's expected answers (server/fixtures/corpus/expected).
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, ROOT } from '../../scripts/build-web.ts';
import { parseCsv } from '../src/lib/csv.ts';
import { launchChromium, startE2eServer, type E2eFixture } from './fixture.ts';

const SHOTS = join(ROOT, 'test-output/web');
const EXPECTED_DIR = join(ROOT, 'server/fixtures/corpus/expected');
/** 平潭县 (the 实验区's county code in the division list). */
const PINGTAN = '350128';

interface Department {
  organ: string;
  year: number;
  proactive: number;
}
const departments: Department[] = readdirSync(EXPECTED_DIR)
  .filter((f) => f.startsWith('pingtan_'))
  .map((f) => JSON.parse(readFileSync(join(EXPECTED_DIR, f), 'utf8')).fields as Record<string, string | number>)
  .filter((f) => !String(f.organ).endsWith('人民政府'))
  .map((f) => ({ organ: f.organ as string, year: f.year as number, proactive: f['proactive.total'] as number }));
const ofYear = (year: number) => departments.filter((d) => d.year === year).sort((a, b) => b.proactive - a.proactive || a.organ.localeCompare(b.organ, 'zh-Hans-CN'));
const previousOf = (organ: string, year: number) => departments.find((d) => d.organ === organ && d.year === year - 1)?.proactive ?? null;
const competitionRanks = (values: number[]) => values.map((v) => 1 + values.filter((w) => w > v).length);

let fx: E2eFixture;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await buildWeb({ ifStale: true, quiet: true });
  fx = await startE2eServer();
  browser = await launchChromium();
  ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await fx?.close();
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const num = (s: string) => Number(s.replace(/[,\s]/g, ''));

/** The league table's rows as [rank, name, place, value, change] texts. */
async function tableRows(): Promise<string[][]> {
  await page.locator('table.league tbody tr').first().waitFor();
  return page.locator('table.league tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 5).map((c) => (c.textContent ?? '').trim())));
}

describe('department leagues in Chromium (sample data)', () => {
  it('shows each year’s league of 平潭县’s departments: values of their reports, shared ranks for ties, the change on the same department’s year before', async () => {
    const years = [...new Set(departments.map((d) => d.year))].sort();
    expect(years.length).toBeGreaterThanOrEqual(6);
    let ties = 0;
    let changes = 0;
    for (const year of years) {
      await page.goto(`${fx.url}/league?scope=${PINGTAN}&year=${year}&body=department`);
      await page.locator(`table.league tbody tr >> nth=${ofYear(year).length - 1}`).waitFor();
      const rows = await tableRows();
      const want = ofYear(year);
      const ranks = competitionRanks(want.map((d) => d.proactive));
      ties += ranks.length - new Set(ranks).size;
      expect(rows.map((r) => [Number(r[0]), r[1], r[2], num(r[3])])).toEqual(want.map((d, i) => [ranks[i], d.organ, '平潭县', d.proactive]));
      for (const [, name, , value, change] of rows) {
        const before = previousOf(name, year);
        if (before === null) expect(change).toBe('—');
        else {
          changes++;
          const diff = num(value) - before;
          expect(change).toBe(diff === 0 ? '= 0' : `${diff > 0 ? '▲' : '▼'} ${Math.abs(diff)}`);
        }
      }
    }
    expect(ties).toBeGreaterThan(0);
    expect(changes).toBe(4);
    expect(await page.locator('[data-testid="body-picker"] [aria-pressed="true"]').innerText()).toBe('部门');
    expect(pageErrors).toEqual([]);
  });

  it('downloads the department league as a Chinese CSV with the same rows', async () => {
    await page.goto(`${fx.url}/league?scope=${PINGTAN}&year=2020&body=department`);
    await tableRows();
    const [d] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download="csv"]').click()]);
    const [head, ...rows] = parseCsv(readFileSync((await d.path())!, 'utf8').replace(/^\uFEFF/, ''));
    expect(head.slice(0, 3)).toEqual(['排名', '机关标识', '发布机关']);
    const want = ofYear(2020);
    expect(rows.map((r) => [Number(r[0]), r[2], Number(r[6])])).toEqual(want.map((w, i) => [competitionRanks(want.map((x) => x.proactive))[i], w.organ, w.proactive]));
  });

  it('leads from the body picker to the places with departments, and from a department to its report', async () => {
    await page.goto(`${fx.url}/league?year=2022`);
    await page.locator('[data-testid="body-picker"] [data-body="department"]').click();
    const place = page.locator(`[data-testid="department-places"] a[data-place="${PINGTAN}"]`);
    await place.waitFor();
    expect(await place.innerText()).toBe('平潭县');
    // 福州市 has no departments of its own in the sample: its league is empty and names 平潭县 instead.
    await page.goto(`${fx.url}/league?scope=3501&year=2022&body=department`);
    await page.locator(`[data-testid="department-places"] a[data-place="${PINGTAN}"]`).waitFor();
    expect(await page.locator('[data-testid="department-places"]').innerText()).not.toContain('请选择');
    await page.locator(`[data-testid="department-places"] a[data-place="${PINGTAN}"]`).click();
    await page.waitForURL(/scope=350128/);
    const rows = await tableRows();
    expect(rows.map((r) => r[1])).toEqual(ofYear(2022).map((d) => d.organ));
    expect(await page.locator('[data-testid="departments-note"]').innerText()).toContain('平潭县');
    // The same departments across years, under the county's total of all its departments.
    await page.locator('[data-testid="body-years"] tbody tr').nth(ofYear(2022).length).waitFor();
    const years = [...new Set(departments.map((d) => d.year))].sort();
    const matrix = await page.locator('[data-testid="body-years"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
    const values = (r: string[]) => r.slice(1).map((c) => (c === '—' ? null : num(c)));
    expect(matrix[0][0]).toBe('平潭县部门合计');
    expect(values(matrix[0])).toEqual(years.map((y) => ofYear(y).reduce((a, d) => a + d.proactive, 0)));
    expect(matrix.slice(1).map((r) => r[0])).toEqual(ofYear(2022).map((d) => d.organ));
    for (const r of matrix.slice(1)) expect(values(r)).toEqual(years.map((y) => departments.find((d) => d.organ === r[0] && d.year === y)?.proactive ?? null));
    // … and drawn as lines, one per department.
    const chart = page.locator('[data-testid="body-years"] .canvas[data-drawn="1"]');
    await chart.waitFor({ timeout: 15_000 });
    const description = (await chart.getAttribute('aria-label')) ?? '';
    for (const d of ofYear(2022)) expect(description).toContain(d.organ);
    await shot('league-departments-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('league-departments-390');
    await page.setViewportSize({ width: 1440, height: 900 });
    // A department opens its own report.
    await page.locator('table.league tbody tr th a').first().click();
    await page.waitForURL(/\/township\?.*report=\d+/);
    await page.locator('h1').first().waitFor();
    expect(await page.locator('body').innerText()).toContain(ofYear(2022)[0].organ);
    // … and leads back to its league.
    await page.locator('[data-testid="body-league"]').click();
    await page.waitForURL(/\/league\?.*body=department/);
    expect((await tableRows()).map((r) => r[1])).toEqual(ofYear(2022).map((d) => d.organ));
  });

  it('links the overview’s other bodies to their league, and speaks English', async () => {
    await page.goto(`${fx.url}/?scope=${PINGTAN}&year=2021`);
    const link = page.locator('[data-testid="other-bodies"] a[data-league="department"]').first();
    await link.waitFor();
    await link.click();
    await page.waitForURL(/\/league\?.*body=department/);
    const rows = await tableRows();
    expect(rows.map((r) => [r[1], num(r[3])])).toEqual(ofYear(2021).map((d) => [d.organ, d.proactive]));
    // Search by name within the department league.
    await page.locator('[data-testid="search"]').fill('金井');
    await page.waitForURL(/q=/);
    await page.waitForFunction(() => document.querySelectorAll('table.league tbody tr').length === 1);
    expect((await tableRows()).map((r) => r[1])).toEqual(['平潭综合实验区金井片区管理局']);
    await page.goto(`${fx.url}/league?scope=${PINGTAN}&year=2021&body=department&lang=en`);
    await tableRows();
    expect(await page.locator('[data-testid="body-picker"] [aria-pressed="true"]').innerText()).toBe('Departments');
    expect(await page.locator('table.league thead th').nth(1).innerText()).toContain('Department');
    expect(pageErrors).toEqual([]);
  });
});
