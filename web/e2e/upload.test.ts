/**
 * A county office uploads its townships' reports from the browser (上传报告), end to end in
 * Chromium on its own fixture server: sign in as county A's editor, upload a folder named after
 * the county holding a PDF, a DOCX, a .doc, a broken file and a Windows zip with GBK entry names;
 * see each file's result; see the new townships in the league; withdraw one and see it gone.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, ROOT } from '../../scripts/build-web.ts';
import { divisions } from '../../server/src/resolve/divisions.ts';
import { randomSpec, renderTextReport, rng, type ReportSpec } from '../../server/src/testing/generate.ts';
import { launchPdfPrinter } from '../../server/src/testing/renderPdf.ts';
import { renderDocxReport } from '../../server/src/testing/renderDocx.ts';
import { saveAsDoc } from '../../server/src/testing/saveAsDoc.ts';
import { describe as describeTownship } from '../../server/src/testing/townships.ts';
import { windowsZip } from '../../server/src/testing/windowsZip.ts';
import { launchChromium, startE2eServer, type E2eFixture } from './fixture.ts';

const SHOTS = join(ROOT, 'test-output/web');
let fx: E2eFixture;
let browser: Browser;
let page: Page;
let folder: string;
let countyName: string;
/** The five new townships of county A: pdf, docx, doc, zip entry 1, zip entry 2. */
let towns: { code: string; name: string; organ: string; proactive: number }[];

beforeAll(async () => {
  await buildWeb({ ifStale: true, quiet: true });
  fx = await startE2eServer();
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();

  const used = new Set([...fx.countyA, ...fx.countyB].map((t) => t.code));
  const fresh = [...divisions().byCode.values()].filter((d) => d.level === 'township' && d.countyCode === fx.countyACode && !used.has(d.code)).slice(0, 5);
  expect(fresh.length).toBe(5);
  countyName = divisions().byCode.get(fx.countyACode)!.name;
  const r = rng(4242);
  const specs: ReportSpec[] = fresh.map((d, i) => {
    const s = randomSpec(r, { organ: describeTownship(d).organ, year: 2024 });
    s.proactive = { total: 101 + i, approx: false };
    return s;
  });
  towns = fresh.map((d, i) => ({ code: d.code, name: d.name, organ: describeTownship(d).organ, proactive: 101 + i }));

  folder = join(mkdtempSync(join(tmpdir(), 'nianbao-upload-')), countyName);
  mkdirSync(folder);
  const printer = await launchPdfPrinter();
  try {
    writeFileSync(join(folder, `${fresh[0].name}.pdf`), await printer.print(specs[0]));
  } finally {
    await printer.close();
  }
  const docx = await renderDocxReport(specs[1]);
  writeFileSync(join(folder, `${fresh[1].name}.docx`), docx);
  const [doc] = await saveAsDoc([await renderDocxReport(specs[2])]);
  writeFileSync(join(folder, `${fresh[2].name}.doc`), doc);
  writeFileSync(join(folder, '损坏的文件.pdf'), Buffer.from('%PDF-1.4\n this file was cut off'));
  writeFileSync(join(folder, `${countyName}其他乡镇.zip`), windowsZip([
    { name: `${fresh[3].name}/2024年度报告.txt`, data: renderTextReport(specs[3]) },
    { name: `${fresh[4].name}2024年报告.txt`, data: renderTextReport(specs[4]) },
  ]));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await fx?.close();
  if (folder) rmSync(join(folder, '..'), { recursive: true, force: true });
});

const leagueNames = async () => {
  const res = await (await fetch(`${fx.url}/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}`)).json() as { rows: { code: string; value: number }[] };
  return new Map(res.rows.map((x) => [x.code, x.value]));
};

describe('上传报告', () => {
  it('signs in, uploads a folder (PDF, DOCX, .doc, a broken file, a GBK zip), sees each result and the new townships in the league; the same files again are duplicates', async () => {
    await page.goto(`${fx.url}/upload`);
    await page.locator('[data-testid="upload-signin"]').waitFor();
    await page.locator('[data-testid="signin"] button').first().click();
    await page.locator('[data-testid="signin"] input[name="name"]').fill(fx.editor.name);
    await page.locator('[data-testid="signin"] input[name="password"]').fill(fx.editor.password);
    await page.locator('[data-testid="signin"] button[type="submit"]').click();
    await page.locator('[data-testid="editor"]').waitFor();
    await page.locator('nav a[data-view="upload"]').waitFor();

    await page.locator('[data-testid="pick-folder"]').setInputFiles(folder);
    await page.locator('[data-testid="upload-summary"]').waitFor({ timeout: 120_000 });
    const results = await page.locator('[data-result]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-result'), e.getAttribute('data-status'), (e as HTMLElement).innerText]));
    const byName = new Map(results.map(([n, s, text]) => [n!, { status: s, text: text! }]));
    const zip = `${countyName}/${countyName}其他乡镇.zip`;
    const expected: [string, string][] = [
      [`${countyName}/${towns[0].name}.pdf`, 'stored'],
      [`${countyName}/${towns[1].name}.docx`, 'stored'],
      [`${countyName}/${towns[2].name}.doc`, 'stored'],
      [`${countyName}/损坏的文件.pdf`, 'failed'],
      [`${zip}/${towns[3].name}/2024年度报告.txt`, 'stored'],
      [`${zip}/${towns[4].name}2024年报告.txt`, 'stored'],
    ];
    for (const [name, status] of expected) expect(byName.get(name)?.status, `${name}: ${JSON.stringify(byName.get(name))}`).toBe(status);
    expect(byName.size).toBe(expected.length);
    // A stored report shows its organ, year and place; the broken file its reason in Chinese.
    expect(byName.get(`${countyName}/${towns[1].name}.docx`)!.text).toContain(towns[1].organ);
    expect(byName.get(`${countyName}/${towns[1].name}.docx`)!.text).toContain(countyName);
    expect(byName.get(`${countyName}/损坏的文件.pdf`)!.text).toMatch(/[\u4e00-\u9fff]{4}/);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'upload-results.png'), fullPage: true });

    // The report page says who uploaded it, when and as what.
    await page.locator(`[data-result="${countyName}/${towns[0].name}.pdf"] [data-testid="report-link"]`).click();
    const by = page.locator('[data-testid="uploaded-by"]');
    await by.waitFor();
    expect(await by.innerText()).toContain(fx.editor.name);
    expect(await by.innerText()).toContain(`${towns[0].name}.pdf`);

    // The new townships are in county A's league, with their values.
    const league = await leagueNames();
    for (const t of towns) expect(league.get(t.code), t.name).toBe(t.proactive);
    await page.goto(`${fx.url}/league?scope=${fx.countyACode}&year=2024&metric=proactive.total`);
    await page.locator('table.league tbody tr').first().waitFor();
    const shown = await page.locator('table.league tbody').innerText();
    for (const t of towns) expect(shown).toContain(t.name);

    // Uploading the same zip again: its entries are skipped as duplicates, with a link.
    await page.goto(`${fx.url}/upload`);
    await page.locator('[data-testid="pick-files"]').setInputFiles(join(folder, `${countyName}其他乡镇.zip`));
    await page.locator('[data-testid="upload-summary"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-result][data-status="skipped"]').count()).toBe(2);
    expect(await page.locator('[data-testid="duplicate-link"]').count()).toBe(2);

    // The whole folder again: every stored file is now a duplicate.
    await page.locator('[data-testid="pick-folder"]').setInputFiles(folder);
    await page.locator('[data-testid="upload-summary"]').waitFor({ timeout: 60_000 });
    const docxName = `${countyName}/${towns[1].name}.docx`;
    expect(await page.locator(`[data-result="${docxName}"]`).getAttribute('data-status')).toBe('skipped');
  }, 300_000);

  it('withdraws an uploaded report from its upload row; the league no longer has it', async () => {
    // Upload one more report, then withdraw it from its row.
    const r = rng(99);
    const used = new Set([...fx.countyA, ...fx.countyB].map((t) => t.code).concat(towns.map((t) => t.code)));
    const d = [...divisions().byCode.values()].find((x) => x.level === 'township' && x.countyCode === fx.countyACode && !used.has(x.code))!;
    const s = randomSpec(r, { organ: describeTownship(d).organ, year: 2024 });
    s.proactive = { total: 77, approx: false };
    const file = join(folder, '..', `${d.name}.txt`);
    writeFileSync(file, renderTextReport(s));
    await page.locator('[data-testid="pick-files"]').setInputFiles(file);
    await page.locator('[data-testid="upload-summary"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-result][data-status="stored"]').count()).toBe(1);
    expect((await leagueNames()).get(d.code)).toBe(77);
    await page.locator('[data-testid="withdraw"]').click();
    await page.locator('[data-result][data-status="withdrawn"]').waitFor();
    expect((await leagueNames()).has(d.code)).toBe(false);
    await page.goto(`${fx.url}/league?scope=${fx.countyACode}&year=2024&metric=proactive.total`);
    await page.locator('table.league tbody tr').first().waitFor();
    expect(await page.locator('table.league tbody').innerText()).not.toContain(d.name);
    // The audit log keeps the upload and the withdrawal.
    const audit = await page.evaluate(async () => (await fetch('/api/audit?limit=5')).json());
    expect((audit as { entries: { action: string }[] }).entries.slice(0, 2).map((e) => e.action)).toEqual(['report.withdraw', 'report.upload']);
  }, 120_000);

  it('takes files dropped on the drop zone', async () => {
    const r = rng(123);
    const used = new Set([...fx.countyA, ...fx.countyB].map((t) => t.code).concat(towns.map((t) => t.code)));
    const d = [...divisions().byCode.values()].find((x) => x.level === 'township' && x.countyCode === fx.countyACode && !used.has(x.code))!;
    const s = randomSpec(r, { organ: describeTownship(d).organ, year: 2023 });
    s.proactive = { total: 55, approx: false };
    await page.goto(`${fx.url}/upload`);
    await page.locator('[data-testid="dropzone"]').waitFor();
    const dt = await page.evaluateHandle(({ text, name }) => {
      const t = new DataTransfer();
      t.items.add(new File([text], name, { type: 'text/plain' }));
      return t;
    }, { text: renderTextReport(s), name: `${d.name}.txt` });
    await page.locator('[data-testid="dropzone"]').dispatchEvent('drop', { dataTransfer: dt });
    await page.locator('[data-testid="upload-summary"]').waitFor({ timeout: 60_000 });
    expect(await page.locator(`[data-result="${d.name}.txt"]`).getAttribute('data-status')).toBe('stored');
    const res = await (await fetch(`${fx.url}/api/league?metric=proactive.total&year=2023&parent=${fx.countyACode}`)).json() as { rows: { code: string; value: number }[] };
    expect(res.rows.find((x) => x.code === d.code)?.value).toBe(55);
  }, 60_000);
});
