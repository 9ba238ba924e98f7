/**
 * The county office's loop, end to end in Chromium on a fixture database served as `pnpm start`
 * serves it (reads read-only, editors' writes on their own connection): a county's failing count
 * → its quality list → a failing report → a number's source (the printed row) → sign in →
 * correct the cell → the check passes, the league and its CSV change → the unchanged file
 * ingested again keeps the correction → revert.
 */
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, ROOT } from '../../scripts/build-web.ts';
import { ingest } from '../../server/src/ingest/ingest.ts';
import { openWritable } from '../../server/src/store/db.ts';
import { launchChromium, startE2eServer, type E2eFixture } from './fixture.ts';

const SHOTS = join(ROOT, 'test-output/web');
let fx: E2eFixture;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await buildWeb({ ifStale: true, quiet: true });
  fx = await startE2eServer();
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
});
afterAll(async () => {
  await browser?.close();
  await fx?.close();
});

const num = (s: string) => Number(s.replace(/[,\s]/g, ''));
const leagueValue = async (code: string) => {
  const csv = await (await fetch(`${fx.url}/api/league.csv?metric=review.total&year=2023&parent=${fx.countyACode}&lang=en`)).text();
  const row = csv.split(/\r?\n/).find((l) => l.includes(code))!;
  return row;
};

describe('check a number at its source, correct it, keep the correction', () => {
  it('from the county’s failing count to a corrected cell, kept by a re-ingest, then reverted', async () => {
    // County A's 2023 reports each break rule 4 (review total one more than its parts).
    await page.goto(`${fx.url}/?scope=${fx.countyACode}&year=2023&metric=proactive.total`);
    const failing = page.locator('[data-testid="headline"] [data-k="failing"] a');
    await failing.waitFor();
    expect(num(await failing.innerText())).toBe(4);
    await failing.click();
    const rows = page.locator('[data-testid="quality-list"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(4);
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-county'))))).toEqual(new Set([fx.countyACode]));
    const township = (await rows.first().getAttribute('data-township'))!;
    const spec = fx.specs.get(`${township}|2023`)!;
    const parts = ['upheld', 'corrected', 'other', 'pending'].reduce((s, c) => s + (spec.values[`t4.review.${c}`] ?? 0), 0);
    const printedTotal = spec.values['t4.review.total']!;
    expect(printedTotal).toBe(parts + 1);
    await rows.first().locator('th a').click();

    // The report: rule 4 fails; the total's source is the printed row, the cell marked.
    const rule4 = page.locator('ul.checks li[data-rule="4"]');
    await rule4.waitFor();
    expect(await rule4.getAttribute('class')).toContain('fail');
    const cell = page.locator('td[data-field="t4.review.total"] button.src');
    expect(num(await cell.innerText())).toBe(printedTotal);
    await cell.click();
    const panel = page.locator('[data-source-field="t4.review.total"]');
    await panel.locator('td[data-marked="1"]').waitFor();
    expect(num(await panel.locator('td[data-marked="1"]').innerText())).toBe(printedTotal);
    expect((await panel.locator('tbody td').allInnerTexts()).length).toBe(15); // table 4's one printed row
    expect(await panel.locator('[data-testid="correct-form"]').count()).toBe(0); // not signed in: nothing to edit

    // Sign in as county A's editor.
    await page.locator('[data-testid="signin"] button').click();
    await page.locator('[data-testid="signin"] input[name="name"]').fill(fx.editor.name);
    await page.locator('[data-testid="signin"] input[name="password"]').fill(fx.editor.password);
    await page.locator('[data-testid="signin"] button[type="submit"]').click();
    await page.locator('[data-testid="editor"]').waitFor();

    // Correct the total to the sum of its parts: the cell is marked, rule 4 passes, league and CSV follow.
    const before = await leagueValue(township);
    expect(before).toContain(String(printedTotal));
    const form = panel.locator('[data-testid="correct-form"]');
    await form.locator('input[name="value"]').fill(String(parts));
    await form.locator('input[name="reason"]').fill('与原件核对：总计应为各项之和');
    await form.locator('button[type="submit"]').click();
    await page.locator('td[data-field="t4.review.total"][data-corrected="1"]').waitFor();
    expect(num(await cell.innerText())).toBe(parts);
    await page.waitForFunction(() => document.querySelector('ul.checks li[data-rule="4"]')?.classList.contains('pass'));
    expect(await panel.locator('[data-testid="correction"]').innerText()).toContain(fx.editor.name);
    await page.screenshot({ path: join(SHOTS, 'corrected.png'), fullPage: true });
    const after = await leagueValue(township);
    expect(after).not.toBe(before);
    expect(after.split(',')).toContain(String(parts));
    await page.goto(`${fx.url}/league?scope=${fx.countyACode}&year=2023&metric=review.total`);
    const leagueRow = page.locator(`tr[data-code="${township}"]`);
    await leagueRow.waitFor();
    expect(await leagueRow.innerText()).toContain(String(parts));

    // The unchanged file ingested again: the correction stays.
    const w = openWritable(fx.dbPath);
    const s = await ingest(w, [fx.reportsDir], { overrides: new Map() });
    w.$client.close();
    expect(s.added + s.updated).toBe(0);
    expect(await leagueValue(township)).toBe(after);

    // Revert it from the report's list of corrections: the printed value and the failing check return.
    await page.goBack();
    await page.locator('[data-testid="corrections"] li[data-status="active"] button').click();
    await page.waitForFunction(() => document.querySelector('ul.checks li[data-rule="4"]')?.classList.contains('fail'));
    expect(num(await page.locator('td[data-field="t4.review.total"] .v').innerText())).toBe(printedTotal);
    expect(await page.locator('[data-testid="corrections"] li[data-status="active"]').count()).toBe(0);
    const reportId = Number(new URL(page.url()).searchParams.get('report'));
    const history = (await (await fetch(`${fx.url}/api/reports/${reportId}/history`)).json()) as { corrections: { status: string; by: string; value: number }[] };
    expect(history.corrections.map((c) => [c.status, c.by, c.value])).toEqual([['reverted', fx.editor.name, parts]]);
    expect(await leagueValue(township)).toBe(before);
  });
});
