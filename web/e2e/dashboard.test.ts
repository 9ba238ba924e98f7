/**
 * The dashboard end to end: web/dist built with Vite, the real server (buildApp) on a temp
 * database ingested from generated reports with known values plus data/reports/, and Debian's
 * headless Chromium driven by playwright-core. Each view is opened, its numbers checked against
 * the fixture and the API, URL state changed and restored, a CSV downloaded and read, the
 * language switched; a screenshot of each view goes to test-output/web/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricColumn } from '@nianbao/shared';
import { ROOT } from '../../scripts/build-web.ts';
import { openReadOnly } from '../../server/src/store/db.ts';
import { parseCsv } from '../src/lib/csv.ts';
import { PROACTIVE_A, PROACTIVE_B_2024, openE2ePage, type E2ePage, type E2eFixture } from './fixture.ts';

const SHOTS = join(ROOT, 'test-output/web');
let session: E2ePage;
let fx: E2eFixture;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  session = await openE2ePage({ width: 1280, height: 900 });
  ({ fx, page, pageErrors } = session);
});

afterAll(async () => session?.close());

async function open(path: string) {
  await page.goto(fx.url + path);
}
const text = (sel: string) => page.locator(sel).first().innerText();
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const num = (s: string) => Number(s.replace(/[,\s]/g, ''));
async function api<T>(path: string): Promise<T> {
  return (await fetch(fx.url + path)).json() as Promise<T>;
}
async function chartsDrawn(n = 1) {
  await page.waitForFunction((k) => document.querySelectorAll('.canvas[data-drawn="1"]').length >= k, n, { timeout: 15_000 });
}
async function download(sel: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.locator(sel).first().click()]);
  return readFileSync((await d.path())!, 'utf8').replace(/^\uFEFF/, '');
}

describe('dashboard in Chromium', () => {
  it('overview: headline figures of a county equal the reports written, charts drawn with a text alternative', async () => {
    await open(`/?scope=${fx.countyACode}&year=2024&metric=proactive.total`);
    await page.locator('[data-testid="headline"] [data-k="proactive"]').waitFor();
    expect(num(await text('[data-k="proactive"]'))).toBe(PROACTIVE_A[2024].reduce((a, b) => a + b, 0));
    expect(num(await text('[data-k="townships"]'))).toBe(4);
    expect(num(await text('[data-k="reports"]'))).toBe(4);
    expect(num(await text('[data-k="failing"] a'))).toBe(1);
    const received = fx.countyA.reduce((s, t) => s + (fx.specs.get(`${t.code}|2024`)!.values['t3.new_received.total'] ?? 0), 0);
    expect(num(await text('[data-k="received"]'))).toBe(received);
    // … and what the database holds.
    const db = openReadOnly(fx.dbPath);
    const sums = db.$client.prepare(`select sum(${metricColumn('proactive.total')}) p, sum(${metricColumn('applications.received')}) r, sum(${metricColumn('disputes.total')}) d
      from report_metrics where county_code = ? and year = 2024`).get(fx.countyACode) as { p: number; r: number; d: number };
    db.$client.close();
    expect([num(await text('[data-k="proactive"]')), num(await text('[data-k="received"]')), num(await text('[data-k="disputes"]'))]).toEqual([sums.p, sums.r, sums.d]);
    await chartsDrawn(2);
    // ECharts aria: the chart's container carries a generated description naming the townships.
    const label = await page.locator('.canvas').first().getAttribute('aria-label');
    expect(label).toContain(fx.countyA[0].organ.replace(fx.countyA[0].county, ''));
    expect(await text('figcaption .source')).toContain('4 份报告，2024 年');
    const [png] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download="png"]').first().click()]);
    expect(png.suggestedFilename()).toBe(`top-bottom-proactive.total-2024-${fx.countyACode}.png`);
    expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');
    await shot('overview');
  });

  it('overview: a county without reports that year says so; an unknown region shows the API error', async () => {
    await open(`/?scope=${fx.countyBCode}&year=2023`);
    await page.getByText('该县（区）在所选年度没有报告。').waitFor();
    // A township without a report that year offers the years it has.
    await open(`/township?sel=${fx.countyB[0].code}&year=2023`);
    await page.locator('[data-testid="no-report"] button', { hasText: '2024' }).click();
    await page.waitForURL(/year=2024/);
    await page.locator('[data-testid="proactive"]').waitFor();
    expect(num(await text('[data-testid="proactive"]'))).toBe(PROACTIVE_B_2024[0]);
    await open('/?scope=99&year=2024');
    await page.getByRole('alert').first().waitFor();
    // Said in the page's language (the API's code, not its English message), with the way out.
    expect(await page.getByRole('alert').first().innerText()).toContain('没有该地区（代码 99）的报告。');
    expect(await page.getByRole('alert').first().locator('a').innerText()).toBe('查看全国');
    await shot('overview-error');
  });

  it('league table: ranks, values, change and flag match the API; sort in the URL and back; search; CSV download', async () => {
    await open(`/league?scope=${fx.countyACode}&year=2024&metric=proactive.total`);
    await page.locator('table.league tbody tr').first().waitFor();
    const rows = async () => page.locator('table.league tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c as HTMLElement).innerText.trim())));
    const league = await api<{ rows: { rank: number; name: string; value: number; change: number | null; hasFailure: boolean }[] }>(
      `/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}`);
    const shown = await rows();
    expect(shown.map((r) => num(r[3]))).toEqual([50, 30, 30, 10]);
    expect(shown.map((r) => r[0])).toEqual(['1', '=2', '=2', '4']);
    expect(await text('[data-testid="change-legend"]')).toContain('“=3” 表示并列第 3 名');
    expect(shown.map((r) => r[1])).toEqual(league.rows.map((r) => r.name));
    expect(shown.map((r) => r[4])).toEqual(['▲ 5', '持平', '▼ 5', '▲ 2']);
    expect(shown.map((r) => r[5] !== '')).toEqual([false, false, false, true]);
    await shot('league');

    await page.locator('button[data-col="value"]').click();
    await page.waitForURL(/order=asc/);
    expect((await rows()).map((r) => num(r[3]))).toEqual([10, 30, 30, 50]);
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('order=asc'));
    expect((await rows()).map((r) => num(r[3]))).toEqual([50, 30, 30, 10]);

    const target = league.rows[0].name.slice(0, 2);
    await page.locator('[data-testid="search"]').fill(target);
    await page.waitForURL(/q=/);
    await page.waitForFunction(() => document.querySelectorAll('table.league tbody tr').length < 4);
    for (const r of await rows()) expect(r[1] + r[2]).toContain(target);
    await page.locator('[data-testid="search"]').fill('');
    await page.waitForURL((u) => !u.search.includes('q='));

    const csv = await download('a[data-download="csv"]');
    const lines = csv.trim().split(/\r?\n/).map((l) => l.split(','));
    const valueCol = lines[0].findIndex((h) => h.startsWith('主动公开信息数'));
    expect(lines.slice(1).map((l) => Number(l[valueCol]))).toEqual([50, 30, 30, 10]);
  });

  it('counties: each county’s total is the sum of its townships’ reports', async () => {
    await open(`/counties?scope=${fx.cityCode}&year=2024&metric=proactive.total`);
    await page.locator('[data-testid="counties-table"] tbody tr').first().waitFor();
    const value = async (code: string) => num(await text(`[data-testid="counties-table"] tr[data-code="${code}"] td[data-value]`));
    expect(await value(fx.countyACode)).toBe(120);
    expect(await value(fx.countyBCode)).toBe(PROACTIVE_B_2024.reduce((a, b) => a + b, 0));
    await chartsDrawn(3);
    // The outcomes chart's CSV is built in the page from six API answers: its numbers are the reports'.
    const csv = await download('section:has(h2:text("申请办理结果")) [data-download="csv"]');
    const lines = parseCsv(csv.trim());
    expect(lines[0].slice(0, 5)).toEqual(['区划代码', '县（区）', '年度', '予以公开', '部分公开']);
    // Codes as text, the way the API writes them (a tab first, so Excel keeps the leading zeros).
    const rowA = lines.find((l) => l[0] === `\t${fx.countyACode}`)!;
    const sumA = (f: string) => fx.countyA.reduce((s, t) => s + (fx.specs.get(`${t.code}|2024`)!.values[f] ?? 0), 0);
    expect(Number(rowA[3])).toBe(sumA('t3.granted.total'));
    expect(Number(rowA[4])).toBe(sumA('t3.partial.total'));
    await shot('counties');
  });

  it('overview: reports of bodies above township level (the real samples) are listed with their database figures and open their report', async () => {
    await open('/?year=2024&metric=applications.received');
    const rowsSel = '[data-testid="other-bodies"] tbody tr';
    await page.locator(rowsSel).first().waitFor();
    const db = openReadOnly(fx.dbPath);
    const expected = db.$client
      .prepare(`select r.id, r.organ, m.${metricColumn('applications.received')} v, m.${metricColumn('proactive.total')} p
        from reports r join report_metrics m on m.report_id = r.id where m.township_code is null and m.year = 2024`)
      .all() as { id: number; organ: string; v: number | null; p: number | null }[];
    db.$client.close();
    expect(expected.length).toBeGreaterThan(0);
    const shown = await page.locator(rowsSel).evaluateAll((trs) =>
      trs.map((tr) => ({ id: Number(tr.getAttribute('data-report')), organ: tr.querySelector('th')!.textContent!.trim(), v: tr.querySelector('[data-value]')!.textContent!.trim() })));
    expect(shown.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    for (const r of expected) {
      const s = shown.find((x) => x.id === r.id)!;
      expect(s.organ).toBe(r.organ);
      expect(s.v === '—' ? null : num(s.v)).toBe(r.v);
    }
    // The 淮安市 government's 2024 report (a real PDF): real, non-zero figures.
    const huaian = expected.find((r) => r.organ.includes('淮安市'))!;
    expect(huaian.v).toBeGreaterThan(0);
    await shot('overview-bodies');
    await page.locator(`${rowsSel}[data-report="${huaian.id}"] th a`).click();
    await page.waitForURL(new RegExp(`report=${huaian.id}`));
    await page.locator('[data-testid="proactive"]').waitFor();
    expect(num(await text('[data-testid="proactive"]'))).toBe(huaian.p);
    expect(await text('h1')).toMatch(/^报告详情 · 淮安市人民政府 · 2024/);
    // A number of the real PDF at its source: the printed row, and the page it is on drawn from the file.
    await page.locator('td[data-field="t3.new_received.total"] button.src').click();
    const panel = page.locator('[data-source-field="t3.new_received.total"]');
    expect(num(await panel.locator('td[data-marked="1"]').innerText())).toBe(huaian.v);
    expect(await panel.locator('[data-line]').innerText()).toMatch(/第 \d+ 页/);
    const img = panel.locator('figure img');
    await img.waitFor();
    await page.waitForFunction(() => (document.querySelector('[data-source-field] figure img') as HTMLImageElement | null)?.naturalWidth! > 500);
    // The cell's box is drawn on the page, inside the image, around where the API says the PDF prints it.
    const cellBox = panel.locator('[data-box="cell"]');
    await cellBox.waitFor();
    const [imgBox, drawn] = [(await img.boundingBox())!, (await cellBox.boundingBox())!];
    expect(drawn.x).toBeGreaterThanOrEqual(imgBox.x);
    expect(drawn.x + drawn.width).toBeLessThanOrEqual(imgBox.x + imgBox.width + 1);
    expect(drawn.y).toBeGreaterThanOrEqual(imgBox.y);
    expect(drawn.y + drawn.height).toBeLessThanOrEqual(imgBox.y + imgBox.height + 1);
    const src = await api<{ cells: Record<string, { row: number; cell: number }>; rows: { box: { row: number[]; cells: number[][] } }[] }>(`/api/reports/${huaian.id}/sources`);
    const at = src.cells['t3.new_received.total'];
    const pts = src.rows[at.row].box.cells[at.cell];
    const natural = await img.evaluate((el) => (el as HTMLImageElement).naturalWidth);
    // Points → image pixels (110 dpi) → the image's displayed size.
    expect(Math.abs(drawn.x - imgBox.x - (pts[0] * 110) / 72 * (imgBox.width / natural))).toBeLessThan(2);
    await shot('source-panel-pdf');
    await page.keyboard.press('Escape');
  });

  it('township profile: the report’s tables, the failing rule’s cells highlighted, the sentence read, rank in county', async () => {
    const a4 = fx.countyA[3];
    await open(`/township?sel=${a4.code}&year=2024&metric=proactive.total`);
    await page.locator('[data-testid="proactive"]').waitFor();
    expect(num(await text('[data-testid="proactive"]'))).toBe(10);
    expect(await text('[data-testid="rank"]')).toContain('排名第 4 / 4');
    const spec = fx.specs.get(`${a4.code}|2024`)!;
    const cell = async (f: string) => num(await text(`td[data-field="${f}"] .v`));
    expect(await cell('t3.new_received.total')).toBe(spec.values['t3.new_received.total']);
    expect(await cell('t4.review.total')).toBe(spec.values['t4.review.total']);
    expect(await page.locator('td.flag').count()).toBe(5);
    expect(await page.locator('td.flag[data-field="t4.review.total"]').count()).toBe(1);
    expect(await text('[data-testid="disagreement"]')).toContain('行政复议');
    // The failing rule's detail in the page's language (rules.ts writes `a+b vs c`).
    expect(await text('li[data-rule="4"] [data-testid="check-detail"]')).toContain('对比');
    expect(await text('li[data-rule="4"] [data-testid="check-detail"]')).not.toMatch(/[A-Za-z]{2,}/);
    expect(await text('[data-testid="evidence"]')).toContain('10');
    await chartsDrawn(6);
    await shot('township');
    // The checks as CSV: one row per rule shown, rule 4 failing.
    const checksCsv = (await download('a[data-download="checks"]')).trim().split(/\r?\n/).map((l) => l.split(','));
    expect(checksCsv.length - 1).toBe(await page.locator('ul.checks li').count());
    expect(checksCsv.find((l) => l[0] === '4')!.join(',')).toMatch(/fail|未通过/);
  });

  it('a number at its source: its printed row with the cell marked, by click and by keyboard, the original file; fits a phone', async () => {
    const a4 = fx.countyA[3];
    const spec = fx.specs.get(`${a4.code}|2024`)!;
    await open(`/township?sel=${a4.code}&year=2024&metric=proactive.total`);
    const button = page.locator('td[data-field="t3.new_received.total"] button.src');
    await button.waitFor();
    await button.click();
    const panel = page.locator('[data-source-field="t3.new_received.total"]');
    const marked = panel.locator('td[data-marked="1"]');
    await marked.waitFor();
    expect(num(await marked.innerText())).toBe(spec.values['t3.new_received.total']);
    expect(await panel.locator('tbody th').innerText()).toMatch(/本年新收政府信息公开申请数量/);
    // The table's column labels as the report prints them.
    expect(await panel.locator('[data-testid="printed-header"]').innerText()).toContain('自然人');
    // The line shown is the one the API names, and the row's other cells are the report's.
    const reportId = Number(new URL(page.url()).searchParams.get('report') ?? (await api<{ rows: { code: string; reportId: number }[] }>(`/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}`)).rows.find((r) => r.code === a4.code)!.reportId);
    const src = await api<{ cells: Record<string, { row: number }>; rows: { line: number; cells: string[] }[] }>(`/api/reports/${reportId}/sources`);
    const row = src.rows[src.cells['t3.new_received.total'].row];
    expect(Number(await panel.locator('[data-line]').getAttribute('data-line'))).toBe(row.line);
    expect((await panel.locator('tbody td').allInnerTexts()).map(num)).toEqual(row.cells.map(num));
    await shot('source-panel');
    // Escape closes and gives focus back to the number; Enter opens it again.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.closest('td')?.getAttribute('data-field'))).toBe('t3.new_received.total');
    await page.keyboard.press('Enter');
    await marked.waitFor();
    // The original file, as ingested.
    const href = await panel.locator('a[href$="/file"]').getAttribute('href');
    const res = await fetch(fx.url + href);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(a4.organ);
    // On a phone the panel stays within the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    const box = (await panel.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SHOTS, 'source-panel-390.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('trends: a county’s line is the sum of its townships each year', async () => {
    await open(`/trends?sel=${fx.countyACode},${fx.countyBCode}&metric=proactive.total`);
    await page.locator('[data-testid="trend-table"]').waitFor();
    const cells = await page.locator(`[data-testid="trend-table"] tr[data-code="${fx.countyACode}"] td`).allInnerTexts();
    expect(cells.map(num)).toEqual([2022, 2023, 2024].map((y) => PROACTIVE_A[y].reduce((a, b) => a + b, 0)));
    await chartsDrawn(1);
    await shot('trends');
  });

  it('compare: townships side by side with the values of their reports', async () => {
    const [a1, a2] = fx.countyA;
    await open(`/compare?sel=${a1.code},${a2.code}&year=2024&metric=applications.received`);
    await page.locator('[data-testid="compare-table"]').waitFor();
    const row = await page.locator('tr[data-metric="applications.received"] td.num').allInnerTexts();
    expect(row.map(num)).toEqual([a1, a2].map((t) => fx.specs.get(`${t.code}|2024`)!.values['t3.new_received.total']));
    await chartsDrawn(1);
    await shot('compare');
    // Every table cell: in the URL, so a link shows the same; the cells are the reports' values.
    const cellRow = 'tr[data-metric="t4.review.total"] td.num';
    expect(await page.locator(cellRow).count()).toBe(0);
    await page.locator('label.toggle input').check();
    await page.waitForURL(/cells=1/);
    expect((await page.locator(cellRow).allInnerTexts()).map(num)).toEqual([a1, a2].map((t) => fx.specs.get(`${t.code}|2024`)!.values['t4.review.total']));
    await page.reload();
    await page.locator(cellRow).first().waitFor();
    expect(await page.locator('label.toggle input').isChecked()).toBe(true);
  });

  it('data quality: failed files listed as text (file names are not markup), rule failures counted', async () => {
    await open('/quality');
    await page.locator('[data-testid="quality-summary"]').waitFor();
    const q = await api<{ files: number; failed: number; rules: { rule: number; fail: number }[] }>('/api/quality');
    expect(num(await text('[data-k="files"]'))).toBe(q.files);
    expect(num(await text('[data-k="failed"]'))).toBe(q.failed);
    expect(num(await text('[data-testid="quality-rules"] tr[data-rule="4"] td:nth-child(3)'))).toBe(q.rules.find((r) => r.rule === 4)!.fail);
    await shot('quality');
    // The failed-files count opens the list of failed files.
    await page.locator('[data-k="failed"] a').click();
    await page.waitForURL(/rule=file/);
    await page.locator('[data-testid="quality-list"] tbody tr[data-id]').first().waitFor();
    expect(await page.locator('[data-testid="quality-list"]').innerText()).toContain('<b>不是报告<b>.txt');
    expect(await page.locator('[data-testid="quality-list"] b').count()).toBe(0);
    // Its error, stored in English (the API's answer), is said in Chinese on the Chinese page.
    const failedRows = await api<{ rows: { id: number; error: string | null }[] }>('/api/quality?rule=file');
    const stored = failedRows.rows.find((r) => r.error?.startsWith('not a 政府信息公开工作年度报告'))!;
    const problem = await text(`[data-testid="quality-list"] tbody tr[data-id="${stored.id}"] td:last-child`);
    expect(problem).toBe('不是政府信息公开工作年度报告：未找到表格和报告年度');
    expect(await page.locator('[data-testid="quality-list"]').innerText()).not.toContain(stored.error);
    const rulesCsv = (await download('a[data-download="rules"]')).trim().split(/\r?\n/).map((l) => l.split(','));
    expect(rulesCsv.length - 1).toBe(q.rules.length);
    // A report whose place is ambiguous: its reading warning, stored in English, in Chinese on its page.
    const placeRows = await api<{ rows: { id: number; status: string }[] }>('/api/quality?rule=region');
    const ambiguous = placeRows.rows.find((r) => r.status === 'ok')!;
    const { warnings } = await api<{ warnings: string[] }>(`/api/reports/${ambiguous.id}`);
    const [, n, name] = warnings.map((w) => /^region: (\d+) townships are named (\S+) and nothing in the report decides/.exec(w)).find(Boolean)!;
    await open(`/township?report=${ambiguous.id}`);
    await page.locator('details summary').last().click();
    expect(await page.locator('[data-testid="warning"]').allInnerTexts()).toContain(`区划：有 ${n} 个乡镇名为${name}，报告中没有可区分的信息；请在 data/region-overrides.csv 中指定`);
  });

  it('data quality: a county’s failing count on its overview opens exactly its failing reports; filters in the URL; the list pages', async () => {
    const db = openReadOnly(fx.dbPath);
    const failingIds = (year: number | null) => (db.$client.prepare(`select id from reports where county_code = ? and township_code is not null and failed_rules != ''
      ${year ? 'and year = ?' : ''} order by id`).all(...(year ? [fx.countyACode, year] : [fx.countyACode])) as { id: number }[]).map((r) => r.id);
    try {
      await open(`/?scope=${fx.countyACode}&year=2024`);
      const count = num(await text('[data-k="failing"] a'));
      await page.locator('[data-k="failing"] a').click();
      await page.waitForURL((u) => u.pathname === '/quality' && u.search === `?scope=${fx.countyACode}&year=2024&rule=failing&townships=1`);
      const list = '[data-testid="quality-list"] tbody tr[data-id]';
      await page.locator(list).first().waitFor();
      const shownIds = async () => (await page.locator(list).evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-id'))))).sort((a, b) => a - b);
      expect(await shownIds()).toEqual(failingIds(2024));
      expect((await shownIds()).length).toBe(count);
      expect(await page.locator(list).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-county')))).toEqual(failingIds(2024).map(() => fx.countyACode));
      expect(await text('[data-testid="quality-list"] tbody tr[data-id] td:nth-child(4)')).toContain('4');

      // Every year: the county's nine failing reports; 4 a page (size in the URL) is three pages.
      await page.locator('[data-testid="quality-year"]').selectOption('');
      await page.waitForURL((u) => !u.search.includes('year='));
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="quality-list"] tbody tr[data-id]').length === n, failingIds(null).length);
      expect(await shownIds()).toEqual(failingIds(null));
      const csvText = await download('a[data-download="csv"]');
      const [head, ...csvRows] = parseCsv(csvText.trim());
      expect(head).toEqual(expect.arrayContaining(['县（区）代码', '乡镇代码']));
      expect(csvRows.map((r) => Number(r[0])).sort((a, b) => a - b)).toEqual(failingIds(null));
      expect(csvRows.map((r) => r[head.indexOf('县（区）代码')])).toEqual(failingIds(null).map(() => `\t${fx.countyACode}`));

      await open(`/quality?scope=${fx.countyACode}&rule=failing&townships=1&size=4`);
      await page.locator(list).first().waitFor();
      const seen: number[] = [];
      for (let p = 1; p <= 3; p++) {
        await page.waitForFunction((s) => document.querySelector('[data-testid="quality-page"]')?.textContent?.startsWith(s), `第 ${p} / 3 页，共 9 行`);
        const ids = await shownIds();
        expect(ids.length).toBe(p < 3 ? 4 : 1);
        seen.push(...ids);
        if (p < 3) await page.locator('[data-testid="quality-next"]').click();
      }
      expect(seen.sort((a, b) => a - b)).toEqual(failingIds(null));
      expect(page.url()).toContain('page=3');
      await page.goBack();
      await page.waitForFunction(() => document.querySelector('[data-testid="quality-page"]')?.textContent?.startsWith('第 2 / 3 页'));
      await page.setViewportSize({ width: 1440, height: 900 });
      await shot('quality-county-1440');
      await page.setViewportSize({ width: 390, height: 844 });
      await shot('quality-county-390');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
      db.$client.close();
    }
  });

  it('league: "failing only" keeps the failing townships; a row’s flag opens that township’s failing reports', async () => {
    await open(`/league?scope=${fx.countyACode}&year=2024&metric=proactive.total`);
    await page.locator('table.league tbody tr').first().waitFor();
    await page.locator('[data-testid="failing-only"]').check();
    await page.waitForURL(/failing=1/);
    await page.waitForFunction(() => document.querySelectorAll('table.league tbody tr').length === 1);
    const a4 = fx.countyA[3];
    expect(await page.locator('table.league tbody tr').first().getAttribute('data-code')).toBe(a4.code);
    expect(await text('table.league tbody tr td')).toBe('4'); // its rank in the whole league
    await page.locator('table.league tbody tr a[data-fail]').click();
    await page.waitForURL((u) => u.pathname === '/quality' && u.search.includes(`scope=${a4.code}`));
    await page.locator('[data-testid="quality-township"]').waitFor();
    await page.locator('[data-testid="quality-list"] tbody tr[data-id]').first().waitFor();
    const rows = await page.locator('[data-testid="quality-list"] tbody tr[data-id]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-township')));
    expect(rows).toEqual([a4.code]);
    // The counties view's failing share links to the county's list.
    await open(`/counties?scope=${fx.cityCode}&year=2024&metric=proactive.total`);
    await page.locator(`[data-testid="counties-table"] tr[data-code="${fx.countyACode}"] a[data-fail]`).click();
    await page.waitForURL((u) => u.pathname === '/quality' && u.search.includes(`scope=${fx.countyACode}&year=2024&rule=failing&townships=1`));
  });

  it('works from the keyboard: skip link, view links, sortable headers', async () => {
    await open(`/?scope=${fx.countyACode}&year=2024`);
    await page.locator('[data-testid="headline"]').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文');
    await page.locator('nav a[data-view="league"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/league/);
    await page.locator('table.league tbody tr').first().waitFor();
    await page.locator('button[data-col="name"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=name/);
    expect(await page.locator('th:has(button[data-col="name"])').getAttribute('aria-sort')).toBe('ascending');
  });

  it('switches language, keeping the view and its state in the URL', async () => {
    await open(`/league?scope=${fx.countyACode}&year=2024&metric=proactive.total`);
    await page.locator('table.league tbody tr').first().waitFor();
    await page.locator('[data-testid="lang"]').click();
    await page.waitForURL(/lang=en/);
    expect(await text('h1')).toBe('League table');
    expect(await text('button[data-col="value"]')).toContain('Items disclosed proactively (items)');
    expect(page.url()).toContain(`scope=${fx.countyACode}`);
    await shot('league-en');
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('lang=en'));
    expect(await text('h1')).toBe('排行榜');
    expect(pageErrors, pageErrors.join("\n")).toEqual([]);
  });
});
