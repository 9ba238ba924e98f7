/**
 * Departments and area offices rank among their peers, in the browser: the real 平潭综合实验区
 * reports of data/reports (ingested with the rest of the e2e fixture) shown as the league of
 * 平潭县's departments and, apart, of its township-level area offices (片区管理局), year by year,
 * with ranks, ties, previous-year changes and the CSV. Every value is computed here from the
 * corpus's expected answers (server/fixtures/corpus/expected).
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/build-web.ts';
import { parseCsv } from '../src/lib/csv.ts';
import { openE2ePage, type E2ePage, type E2eFixture } from './fixture.ts';

const SHOTS = join(ROOT, 'test-output/web');
const EXPECTED_DIR = join(ROOT, 'server/fixtures/corpus/expected');
/** 平潭县 (the 实验区's county code in the division list). */
const PINGTAN = '350128';

type LocalType = 'department' | 'area';
interface LocalBody {
  organ: string;
  /** The corpus README: 片区管理局 are township-level bodies, not departments. */
  type: LocalType;
  year: number;
  proactive: number;
}
const bodies: LocalBody[] = readdirSync(EXPECTED_DIR)
  .filter((f) => f.startsWith('pingtan_'))
  .map((f) => JSON.parse(readFileSync(join(EXPECTED_DIR, f), 'utf8')).fields as Record<string, string | number>)
  .filter((f) => !String(f.organ).endsWith('人民政府'))
  .map((f) => ({ organ: f.organ as string, type: String(f.organ).endsWith('片区管理局') ? 'area' : 'department', year: f.year as number, proactive: f['proactive.total'] as number }));
const ofType = (type: LocalType) => bodies.filter((d) => d.type === type);
const yearsOf = (type: LocalType) => [...new Set(ofType(type).map((d) => d.year))].sort();
const ofYear = (year: number, type: LocalType = 'department') =>
  ofType(type).filter((d) => d.year === year).sort((a, b) => b.proactive - a.proactive || a.organ.localeCompare(b.organ, 'zh-Hans-CN'));
const previousOf = (organ: string, year: number) => bodies.find((d) => d.organ === organ && d.year === year - 1)?.proactive ?? null;
const competitionRanks = (values: number[]) => values.map((v) => 1 + values.filter((w) => w > v).length);
const PICKER = { department: '部门', area: '片区（乡镇级）' } as const;

let session: E2ePage;
let fx: E2eFixture;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  session = await openE2ePage();
  ({ fx, page, pageErrors } = session);
});

afterAll(async () => session?.close());

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const num = (s: string) => Number(s.replace(/[,\s]/g, ''));

/** The league table's rows as [rank, name, place, value, change] texts. */
async function tableRows(): Promise<string[][]> {
  await page.locator('table.league tbody tr').first().waitFor();
  return page.locator('table.league tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 5).map((c) => (c.textContent ?? '').trim())));
}

/** The body-years table under a league: rows of [name, values by year]. */
async function yearsMatrix(rowsBelowTotal: number): Promise<string[][]> {
  await page.locator('[data-testid="body-years"] tbody tr').nth(rowsBelowTotal).waitFor();
  return page.locator('[data-testid="body-years"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
}
const values = (r: string[]) => r.slice(1).map((c) => (c === '—' ? null : num(c)));

describe('department and area office leagues in Chromium (sample data)', () => {
  for (const type of ['department', 'area'] as const) {
    it(`shows each year’s league of 平潭县’s ${type === 'area' ? 'area offices' : 'departments'} only: values of their reports, shared ranks for ties, the change on the same body’s year before`, async () => {
      const years = yearsOf(type);
      expect(years.length).toBeGreaterThanOrEqual(6);
      let changes = 0;
      for (const year of years) {
        await page.goto(`${fx.url}/league?scope=${PINGTAN}&year=${year}&body=${type}`);
        await page.locator(`table.league tbody tr >> nth=${ofYear(year, type).length - 1}`).waitFor();
        const rows = await tableRows();
        const want = ofYear(year, type);
        const ranks = competitionRanks(want.map((d) => d.proactive));
        expect(rows.map((r) => [Number(r[0].replace('=', '')), r[1], r[2], num(r[3])])).toEqual(want.map((d, i) => [ranks[i], d.organ, '平潭县', d.proactive]));
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
      // The departments never report in consecutive years; the 片区 do: 金井 2019→2022, 苏平 2020→2021.
      expect(changes).toBe(type === 'area' ? 4 : 0);
      expect(await page.locator('[data-testid="body-picker"] [aria-pressed="true"]').innerText()).toBe(PICKER[type]);
      expect(pageErrors).toEqual([]);
    });
  }

  it('downloads the area office and department leagues as Chinese CSVs with the same rows', async () => {
    for (const [type, year] of [['area', 2021], ['department', 2022]] as const) {
      await page.goto(`${fx.url}/league?scope=${PINGTAN}&year=${year}&body=${type}`);
      await tableRows();
      const [d] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download="csv"]').click()]);
      const [head, ...rows] = parseCsv(readFileSync((await d.path())!, 'utf8').replace(/^\uFEFF/, ''));
      expect(head.slice(0, 3)).toEqual(['排名', '机关标识', '发布机关']);
      const want = ofYear(year, type);
      const ranks = competitionRanks(want.map((x) => x.proactive));
      expect(rows.map((r) => [Number(r[0].replace('=', '')), r[2], Number(r[6]), r[7] === '' ? null : Number(r[7])])).toEqual(want.map((w, i) => [ranks[i], w.organ, w.proactive, previousOf(w.organ, year)]));
    }
  });

  it('leads from the body picker to the places with departments, and from a department to its report', async () => {
    await page.goto(`${fx.url}/league?year=2022`);
    await page.locator('[data-testid="body-picker"] [data-body="department"]').click();
    const place = page.locator(`[data-testid="department-places"] a[data-place="${PINGTAN}"]`);
    await place.waitFor();
    expect(await place.innerText()).toBe('平潭县');
    // Only the departments of 2022 count, not its 片区.
    expect(await page.locator('[data-testid="department-places"] li').innerText()).toBe(`平潭县 (${ofYear(2022).length})`);
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
    const years = yearsOf('department');
    const matrix = await yearsMatrix(ofYear(2022).length);
    expect(matrix[0][0]).toBe('平潭县部门合计');
    expect(values(matrix[0])).toEqual(years.map((y) => ofYear(y).reduce((a, d) => a + d.proactive, 0)));
    expect(matrix.slice(1).map((r) => r[0])).toEqual(ofYear(2022).map((d) => d.organ));
    for (const r of matrix.slice(1)) expect(values(r)).toEqual(years.map((y) => bodies.find((d) => d.organ === r[0] && d.year === y)?.proactive ?? null));
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

  it('leads from the body picker to the places with area offices, their league across years, and an area office’s report back to it', async () => {
    await page.goto(`${fx.url}/league?year=2021`);
    await page.locator('[data-testid="body-picker"] [data-body="area"]').click();
    await page.waitForURL(/body=area/);
    const place = page.locator(`[data-testid="department-places"] a[data-place="${PINGTAN}"]`);
    await place.waitFor();
    expect(await page.locator('[data-testid="department-places"]').innerText()).toContain('片区按所属县（区）或市排名');
    expect(await page.locator('[data-testid="department-places"] li').innerText()).toBe(`平潭县 (${ofYear(2021, 'area').length})`);
    await place.click();
    await page.waitForURL(/scope=350128/);
    const rows = await tableRows();
    expect(rows.map((r) => [r[1], num(r[3])])).toEqual(ofYear(2021, 'area').map((d) => [d.organ, d.proactive]));
    expect(await page.locator('[data-testid="departments-note"]').innerText()).toContain('乡镇级');
    expect(await page.locator('table.league thead th').nth(1).innerText()).toContain('片区');
    // The county's area offices across years: their total, then each one of this year's league.
    const years = yearsOf('area');
    const matrix = await yearsMatrix(ofYear(2021, 'area').length);
    expect(matrix[0][0]).toBe('平潭县片区（乡镇级）合计');
    expect(values(matrix[0])).toEqual(years.map((y) => ofYear(y, 'area').reduce((a, d) => a + d.proactive, 0)));
    expect(matrix.slice(1).map((r) => r[0])).toEqual(ofYear(2021, 'area').map((d) => d.organ));
    for (const r of matrix.slice(1)) expect(values(r)).toEqual(years.map((y) => bodies.find((d) => d.organ === r[0] && d.year === y)?.proactive ?? null));
    await page.locator('[data-testid="body-years"] .canvas[data-drawn="1"]').waitFor({ timeout: 15_000 });
    await shot('league-areas-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('league-areas-390');
    // The picker's five kinds wrap within the phone's width (the page's other controls are another matter).
    const right = await page.locator('[data-testid="body-picker"] button').evaluateAll((bs) => Math.max(...bs.map((x) => x.getBoundingClientRect().right)));
    expect(right).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1440, height: 900 });
    // An area office opens its own report, which names its league.
    await page.locator('table.league tbody tr th a').first().click();
    await page.waitForURL(/\/township\?.*report=\d+/);
    expect(await page.locator('[data-testid="body-league"]').innerText()).toBe('片区排名');
    await page.locator('[data-testid="body-league"]').click();
    await page.waitForURL(/\/league\?.*body=area/);
    expect((await tableRows()).map((r) => r[1])).toEqual(ofYear(2021, 'area').map((d) => d.organ));
    expect(pageErrors).toEqual([]);
  });

  it('links the overview’s other bodies to their league, and speaks English', async () => {
    await page.goto(`${fx.url}/?scope=${PINGTAN}&year=2022`);
    const link = page.locator('[data-testid="other-bodies"] a[data-league="area"]').first();
    await link.waitFor();
    expect(await page.locator('[data-testid="other-bodies"] a[data-league="department"]').count()).toBe(ofYear(2022).length);
    await link.click();
    await page.waitForURL(/\/league\?.*body=area/);
    expect((await tableRows()).map((r) => [r[1], num(r[3])])).toEqual(ofYear(2022, 'area').map((d) => [d.organ, d.proactive]));
    // Search by name within a league.
    await page.goto(`${fx.url}/league?scope=${PINGTAN}&year=2021&body=area`);
    await tableRows();
    await page.locator('[data-testid="search"]').fill('金井');
    await page.waitForURL(/q=/);
    await page.waitForFunction(() => document.querySelectorAll('table.league tbody tr').length === 1);
    expect((await tableRows()).map((r) => r[1])).toEqual(['平潭综合实验区金井片区管理局']);
    for (const [type, picker, column] of [['department', 'Departments', 'Department'], ['area', 'Area offices (township level)', 'Area office (township level)']] as const) {
      await page.goto(`${fx.url}/league?scope=${PINGTAN}&year=${type === 'area' ? 2021 : 2022}&body=${type}&lang=en`);
      await tableRows();
      expect(await page.locator('[data-testid="body-picker"] [aria-pressed="true"]').innerText()).toBe(picker);
      expect(await page.locator('table.league thead th').nth(1).innerText()).toContain(column);
    }
    expect(pageErrors).toEqual([]);
  });
});
