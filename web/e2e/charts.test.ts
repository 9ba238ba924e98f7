/**
 * Honest charts in Chromium, on the e2e fixture (web/e2e/fixture.ts): compare marks follow each
 * metric's direction, share changes are in percentage points, tied ranks show as ties, the
 * relative modes (mean / median per township, index, change) equal figures computed here from the
 * fixture's database, and PNG and SVG downloads carry the chart's title, unit, scope, years and
 * source line. Screenshots at 1440 and 390 px go to test-output/web/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_BY_ID, metricColumn } from '@nianbao/shared';
import { ROOT } from '../../scripts/build-web.ts';
import { openReadOnly } from '../../server/src/store/db.ts';
import { parseCsv } from '../src/lib/csv.ts';
import { PROACTIVE_A, openE2ePage, type E2ePage, type E2eFixture } from './fixture.ts';

const SHOTS = join(ROOT, 'test-output/web');
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

const num = (s: string) => Number(s.replace(/[,\s]/g, ''));
const SOURCE = '来源：Nianbao，据各乡镇政府信息公开工作年度报告';

async function chartsDrawn(n = 1) {
  await page.waitForFunction((k) => document.querySelectorAll('.canvas[data-drawn="1"]').length >= k, n, { timeout: 15_000 });
}
async function shots(name: string) {
  await page.screenshot({ path: join(SHOTS, `charts-${name}-1440.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `charts-${name}-390.png`), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** A metric's value of each township report of a county and year, from the database. */
function dbValues(metric: string, where: { county?: string; townships?: string[] }, year: number): Map<string, number | null> {
  const db = openReadOnly(fx.dbPath);
  try {
    const rows = where.county
      ? db.$client.prepare(`select township_code t, ${metricColumn(metric)} v from report_metrics where township_code is not null and county_code = ? and year = ?`).all(where.county, year)
      : db.$client.prepare(`select township_code t, ${metricColumn(metric)} v from report_metrics where year = ? and township_code in (${where.townships!.map(() => '?').join(',')})`).all(year, ...where.townships!);
    return new Map((rows as { t: string; v: number | null }[]).map((r) => [r.t, r.v]));
  } finally {
    db.$client.close();
  }
}
const present = (m: Map<string, number | null>) => [...m.values()].filter((v): v is number => v !== null);
const mean = (vs: number[]) => vs.reduce((a, b) => a + b, 0) / vs.length;
function median(vs: number[]) {
  const s = [...vs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}
const oneDecimal = (v: number) => (Math.round(v * 10) / 10).toFixed(1);

/** An SVG file as a browser opens it: well-formed XML, or the parser's complaint; and its text. */
async function parseSvg(svg: string): Promise<{ error: string | null; text: string }> {
  return page.evaluate((s) => {
    const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
    const err = doc.querySelector('parsererror');
    return { error: err ? err.textContent : null, text: [...doc.querySelectorAll('text')].map((t) => t.textContent).join('\n') };
  }, svg);
}

describe('honest charts in Chromium', () => {
  it('compare: the best value is marked by each metric’s direction, never on a neutral one; units and a legend', async () => {
    const codes = fx.countyA.map((t) => t.code);
    await page.goto(`${fx.url}/compare?sel=${codes.join(',')}&year=2024&metric=proactive.total&cells=1`);
    await page.locator('[data-testid="compare-table"] tbody tr').first().waitFor();
    const marks = async (metric: string) => page.locator(`tr[data-metric="${metric}"] td.num`).evaluateAll((tds) => tds.map((td) => td.hasAttribute('data-best')));
    const order = await page.locator('[data-testid="compare-table"] thead th[data-code]').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-code')!));
    // Higher is better: the largest proactive count (50, township a1) is marked, only it.
    const proactive = dbValues('proactive.total', { townships: codes }, 2024);
    const maxP = Math.max(...present(proactive));
    expect(await marks('proactive.total')).toEqual(order.map((c) => proactive.get(c) === maxP));
    expect(maxP).toBe(PROACTIVE_A[2024][0]);
    // Lower is better: the fewest denials are marked (unless every township has the same).
    const denied = dbValues('applications.denied', { townships: codes }, 2024);
    const d = present(denied);
    const minD = Math.min(...d);
    expect(await marks('applications.denied')).toEqual(order.map((c) => d.length > 1 && !d.every((v) => v === d[0]) && denied.get(c) === minD));
    // Neutral: applications received and fees are never marked, however they differ.
    for (const m of ['applications.received', 'fees.amount', 'licensing.decisions']) expect(await marks(m)).toEqual(order.map(() => false));
    expect(METRIC_BY_ID.get('applications.received')!.better).toBe('neutral');
    // The direction sign and the unit column.
    expect(await page.locator('tr[data-metric="applications.denied"] [data-better="lower"]').count()).toBe(1);
    expect(await page.locator('tr[data-metric="applications.received"] [data-better]').count()).toBe(0);
    expect(await page.locator('tr[data-metric="applications.received"] td.unit').innerText()).toBe('件');
    expect(await page.locator('tr[data-metric="fees.amount"] td.unit').innerText()).toBe('万元');
    expect(await page.locator('[data-testid="compare-legend"]').innerText()).toContain('越大越好');
    expect(await page.locator('main h2').first().innerText()).toBe('主动公开信息数（条）');
    await chartsDrawn(1);
    await shots('compare');
  });

  it('league: a share’s change is in percentage points from the database figures, an unchanged one says so', async () => {
    const metric = 'applications.granted_share';
    await page.goto(`${fx.url}/league?scope=${fx.countyACode}&year=2024&metric=${metric}`);
    await page.locator('table.league tbody tr').first().waitFor();
    const now = dbValues(metric, { county: fx.countyACode }, 2024);
    const before = dbValues(metric, { county: fx.countyACode }, 2023);
    const rows = await page.locator('table.league tbody tr').evaluateAll((trs) => trs.map((tr) => ({ code: tr.getAttribute('data-code')!, change: (tr.children[4] as HTMLElement).innerText.trim() })));
    let compared = 0;
    for (const r of rows) {
      const a = now.get(r.code) ?? null;
      const b = before.get(r.code) ?? null;
      expect(r.change).not.toMatch(/%/);
      if (a === null || b === null) {
        expect(r.change).toBe('—');
        continue;
      }
      const pp = (a - b) * 100;
      if (oneDecimal(Math.abs(pp)) === '0.0') expect(r.change).toBe('持平');
      else expect(r.change).toBe(`${pp > 0 ? '▲' : '▼'} ${Number(oneDecimal(Math.abs(pp))).toLocaleString('zh-CN', { maximumFractionDigits: 1 })} 个百分点`);
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="change-legend"]').innerText()).toContain('百分点');
    await shots('league-share');
  });

  it('league: a change is coloured by the metric’s direction — more denials is worse, more received is neither', async () => {
    const tones = async (metric: string) => {
      await page.goto(`${fx.url}/league?scope=${fx.countyACode}&year=2024&metric=${metric}`);
      await page.locator('table.league tbody tr').first().waitFor();
      return page.locator('table.league tbody tr').evaluateAll((trs) => trs.map((tr) => [(tr.children[4] as HTMLElement).innerText.trim()[0], tr.children[4].getAttribute('data-tone')]));
    };
    const denied = await tones('applications.denied');
    expect(denied.length).toBeGreaterThan(0);
    for (const [arrow, tone] of denied) expect(tone).toBe(arrow === '▲' ? 'bad' : arrow === '▼' ? 'good' : 'neutral');
    expect(denied.some(([a]) => a === '▲' || a === '▼')).toBe(true);
    const proactive = await tones('proactive.total');
    for (const [arrow, tone] of proactive) expect(tone).toBe(arrow === '▲' ? 'good' : arrow === '▼' ? 'bad' : 'neutral');
    for (const [, tone] of await tones('applications.received')) expect(tone).toBe('neutral');
  });

  it('overview: tied townships carry "=" ranks', async () => {
    // County A 2024: 50, 30, 30, 10 — two townships tie at rank 2.
    await page.goto(`${fx.url}/?scope=${fx.countyACode}&year=2024&metric=proactive.total`);
    await chartsDrawn(1);
    const label = await page.locator('.canvas').first().getAttribute('aria-label');
    const tied = fx.countyA.filter((_, i) => PROACTIVE_A[2024][i] === 30);
    expect(tied).toHaveLength(2);
    expect((label!.match(/=2 /g) ?? []).length).toBe(2);
    expect(label).toContain('1 ');
    expect(await page.locator('[data-testid="tie-note"]').innerText()).toContain('并列');
  });

  it('trends: mean per township indexed to a base year, and the % change, equal the database figures; downloads carry the title', async () => {
    await page.goto(`${fx.url}/trends?sel=${fx.countyACode}&metric=proactive.total`);
    await page.locator('[data-testid="trend-table"]').waitFor();
    await page.selectOption('select[data-control="stat"]', 'mean');
    await page.waitForSelector('[data-testid="trend-table"][data-stat="mean"]');
    const means = new Map([2022, 2023, 2024].map((y) => [y, mean(present(dbValues('proactive.total', { county: fx.countyACode }, y)))]));
    expect(means.get(2024)).toBe(mean(PROACTIVE_A[2024]));
    const cells = () => page.locator(`[data-testid="trend-table"] tr[data-code="${fx.countyACode}"] td`).allInnerTexts();
    expect((await cells()).map(num)).toEqual([2022, 2023, 2024].map((y) => Math.round(means.get(y)! * 100) / 100));

    await page.selectOption('select[data-control="mode"]', 'index');
    await page.selectOption('select[data-control="base"]', '2022');
    await page.waitForSelector('[data-testid="trend-table"][data-mode="index"]');
    expect(await cells()).toEqual([2022, 2023, 2024].map((y) => oneDecimal((means.get(y)! / means.get(2022)!) * 100)));
    expect(await page.locator('[data-testid="trend-table"] caption').innerText()).toContain('指数，2022 年 = 100');
    // The CSV of the data shown has the same index numbers (built in the page: no API CSV has them).
    const [csvDl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download="csv"]').first().click()]);
    const csv = parseCsv(readFileSync((await csvDl.path())!, 'utf8'));
    expect(csv[0]).toEqual(['区划代码', '名称', ...[2022, 2023, 2024].map((y) => `${y}: 每乡镇平均 · 指数，2022 年 = 100`)]);
    const csvRow = csv.find((r) => r[0].replace(/^\t/, "") === fx.countyACode)!;
    expect(csvRow.slice(2).map(Number)).toEqual([2022, 2023, 2024].map((y) => Math.round((means.get(y)! / means.get(2022)!) * 100 * 1e6) / 1e6));

    await page.selectOption('select[data-control="mode"]', 'change');
    await page.waitForSelector('[data-testid="trend-table"][data-mode="change"]');
    const pct = (y: number) => ((means.get(y)! / means.get(y - 1)!) - 1) * 100;
    expect(await cells()).toEqual(['—', ...[2023, 2024].map((y) => `${pct(y) > 0 ? '▲' : '▼'} ${oneDecimal(Math.abs(pct(y)))}%`)]);

    // A year range: from 2023.
    await page.selectOption('select[data-control="from"]', '2023');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="trend-table"] thead th').length === 3);
    expect(await cells()).toEqual([2023, 2024].map((y) => `${pct(y) > 0 ? '▲' : '▼'} ${oneDecimal(Math.abs(pct(y)))}%`));

    // Back to the index over all years for the downloads.
    await page.selectOption('select[data-control="from"]', '2022');
    await page.selectOption('select[data-control="mode"]', 'index');
    await chartsDrawn(1);
    const title = '主动公开信息数 · 每乡镇平均';
    const county = fx.countyA[0].county;

    const [svgDl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download="svg"]').first().click()]);
    expect(svgDl.suggestedFilename()).toBe('trend-proactive.total-mean-index.svg');
    const svg = readFileSync((await svgDl.path())!, 'utf8');
    expect(svg).toMatch(/^<svg|^<\?xml/);
    const parsed = await parseSvg(svg);
    expect(parsed.error).toBeNull();
    for (const s of [title, '指数，2022 年 = 100', county, '2022–2024', SOURCE]) expect(parsed.text).toContain(s);

    const [pngDl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download="png"]').first().click()]);
    expect(pngDl.suggestedFilename()).toBe('trend-proactive.total-mean-index.png');
    const png = readFileSync((await pngDl.path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // IHDR: width and height at bytes 16 and 20. Twice the chart's width; its height plus title and source rows, twice.
    const width = await page.locator('.canvas').first().evaluate((el) => el.clientWidth);
    expect(png.readUInt32BE(16)).toBe(2 * width);
    expect(png.readUInt32BE(20)).toBe(2 * (400 + 64 + 36));
    expect(png.length).toBeGreaterThan(10_000);
    // Pixels: the band above the plot (title, subtitle) and the one below it (source line) hold
    // text — dark pixels on the white background — as drawn by the browser.
    const bands = await page.evaluate(async (b64) => {
      const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const c = new OffscreenCanvas(img.width, img.height);
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const dark = (y0: number, y1: number) => {
        const d = g.getImageData(0, y0, img.width, y1 - y0).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 128 && d[i] + d[i + 1] + d[i + 2] < 300) n++;
        return n;
      };
      return { title: dark(0, 2 * 64), source: dark(img.height - 2 * 36, img.height) };
    }, png.toString('base64'));
    expect(bands.title).toBeGreaterThan(500);
    expect(bands.source).toBeGreaterThan(200);
    // The option the PNG was drawn from carried the title and subtitle.
    const fig = page.locator('figure.chart').first();
    expect(await fig.getAttribute('data-export-title')).toBe(title);
    expect(await fig.getAttribute('data-export-subtitle')).toBe(`指数，2022 年 = 100 · ${county} · 2022–2024`);
    await shots('trends-index');
  });

  it('trends with nothing chosen says which provinces it shows and why', async () => {
    await page.goto(`${fx.url}/trends?metric=proactive.total`);
    const note = page.locator('[data-testid="trends-default-note"]');
    await note.waitFor();
    // The latest year with a township figure of the metric in some province (later years may hold other bodies' reports only).
    const years = (await (await fetch(`${fx.url}/api/regions.csv?lang=en`)).text()).split('\n')[0].match(/\d{4}/g)!.map(Number).sort((a, b) => b - a);
    let latest = 0;
    let withData: { code: string; value: number | null }[] = [];
    for (const y of years) {
      const rows = ((await (await fetch(`${fx.url}/api/aggregates?metric=proactive.total&year=${y}&level=province`)).json()) as { rows: { code: string; value: number | null }[] }).rows;
      withData = rows.filter((r) => r.value !== null);
      latest = y;
      if (withData.length) break;
    }
    const n = Math.min(8, withData.length);
    expect(n).toBeGreaterThan(0);
    expect(await note.innerText()).toContain(`${latest} 年数值最大的 ${n} 个省份（共 ${withData.length} 个有数据）`);
    const top = [...withData].sort((a, b) => b.value! - a.value! || (a.code < b.code ? -1 : 1)).slice(0, n).map((r) => r.code);
    await page.locator('[data-testid="trend-table"]').waitFor();
    expect(await page.locator('.chips .chip').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(top);
    expect(await page.locator('[data-testid="trend-table"] tbody tr').count()).toBe(n);
    expect(await page.locator('.chips .chip').count()).toBe(n);
  });

  it('counties: one statistic a chart — the median per township equals the database median; an index to the base year', async () => {
    await page.goto(`${fx.url}/counties?scope=${fx.cityCode}&year=2024&metric=proactive.total`);
    await page.locator('[data-testid="counties-table"] tbody tr').first().waitFor();
    await page.selectOption('select[data-control="stat"]', 'median');
    const figure = (code: string) => page.locator(`[data-testid="counties-table"] tr[data-code="${code}"] td[data-figure]`).innerText();
    const medA = median(present(dbValues('proactive.total', { county: fx.countyACode }, 2024)));
    const medB = median(present(dbValues('proactive.total', { county: fx.countyBCode }, 2024)));
    await page.waitForFunction(([sel, v]) => document.querySelector(sel)?.textContent?.trim() === v, [`tr[data-code="${fx.countyBCode}"] td[data-figure]`, String(medB)] as const);
    expect(num(await figure(fx.countyACode))).toBe(medA);
    expect(num(await figure(fx.countyBCode))).toBe(medB);
    // The total stays in its own column.
    expect(num(await page.locator(`tr[data-code="${fx.countyACode}"] td[data-value]`).innerText())).toBe(PROACTIVE_A[2024].reduce((a, b) => a + b, 0));
    expect(await page.locator('main h2').first().innerText()).toContain('每乡镇中位数');

    await page.selectOption('select[data-control="mode"]', 'index');
    await page.selectOption('select[data-control="base"]', '2022');
    const med2022 = median(present(dbValues('proactive.total', { county: fx.countyACode }, 2022)));
    const expected = oneDecimal((medA / med2022) * 100);
    await page.waitForFunction(([sel, v]) => document.querySelector(sel)?.textContent?.trim() === v, [`tr[data-code="${fx.countyACode}"] td[data-figure]`, expected] as const);
    // County B has no 2022 reports: no index.
    expect(await figure(fx.countyBCode)).toBe('—');
    // Over the years, from–to: county A's median each year over its 2022 median.
    await page.selectOption('select[data-control="from"]', '2022');
    await page.selectOption('select[data-control="to"]', '2024');
    const years = [2022, 2023, 2024];
    const medians = years.map((y) => median(present(dbValues('proactive.total', { county: fx.countyACode }, y))));
    const overYears = `[data-testid="counties-years-table"][data-mode="index"][data-stat="median"]`;
    await page.waitForFunction((sel) => document.querySelectorAll(`${sel} thead th`).length === 4, overYears);
    expect(await page.locator(`${overYears} tr[data-code="${fx.countyACode}"] td`).allInnerTexts()).toEqual(medians.map((m) => oneDecimal((m / medians[0]) * 100)));
    expect(await page.locator(`${overYears} tr[data-code="${fx.countyBCode}"] td`).allInnerTexts()).toEqual(['—', '—', '—']);
    await chartsDrawn(1);
    const [svgDl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download="svg"]').first().click()]);
    const parsed = await parseSvg(readFileSync((await svgDl.path())!, 'utf8'));
    expect(parsed.error).toBeNull();
    for (const s of ['主动公开信息数 · 每乡镇中位数', '指数，2022 年 = 100', '2022–2024', SOURCE]) expect(parsed.text).toContain(s);
    await shots('counties-index');
    expect(pageErrors).toEqual([]);
  });
});
