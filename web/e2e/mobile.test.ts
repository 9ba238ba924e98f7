/**
 * Every view on a phone (390 px) and a desktop (1440 px), in Chromium on the e2e fixture: the page
 * never scrolls sideways (document.documentElement.scrollWidth ≤ innerWidth), each chart's canvas
 * fits its box and the window, and wide tables scroll inside their own box. A full-page screenshot
 * of each view at each width goes to test-output/web/mobile/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, ROOT } from '../../scripts/build-web.ts';
import { launchChromium, startE2eServer, type E2eFixture } from './fixture.ts';

const SHOTS = join(ROOT, 'test-output/web/mobile');
let fx: E2eFixture;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await buildWeb({ ifStale: true, quiet: true });
  fx = await startE2eServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await fx?.close();
});

interface Layout {
  innerWidth: number;
  scrollWidth: number;
  /** Elements whose right edge passes the window's, outside any box that scrolls sideways. */
  sticking: string[];
  charts: { box: number; canvas: number; right: number }[];
  /** Tables wider than the window, and whether a box around them scrolls sideways. */
  wideTables: { width: number; scrolls: boolean }[];
}

function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const innerWidth = window.innerWidth;
    const scrollsX = (el: Element | null): boolean => {
      for (let e = el; e && e !== document.body; e = e.parentElement) {
        const o = getComputedStyle(e).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    const sticking: string[] = [];
    for (const el of document.querySelectorAll('main *, header *')) {
      const r = el.getBoundingClientRect();
      if (r.width && r.right > innerWidth + 1 && !scrollsX(el.parentElement)) {
        sticking.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(r.right)}px`);
      }
    }
    const charts = [...document.querySelectorAll('.canvas')].map((box) => {
      const canvas = box.querySelector('canvas');
      return { box: box.getBoundingClientRect().width, canvas: canvas ? canvas.getBoundingClientRect().width : 0, right: box.getBoundingClientRect().right };
    });
    // A table whose content is wider than the window: the box that scrolls it must end inside the window.
    const wideTables = [...document.querySelectorAll('main table')]
      .filter((t) => Math.max(t.scrollWidth, t.getBoundingClientRect().width) > innerWidth)
      .map((t) => {
        let box: Element | null = t;
        while (box && box !== document.body && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
        const scrolls = !!box && box !== document.body && box.getBoundingClientRect().right <= innerWidth + 1;
        return { width: Math.max(t.scrollWidth, t.getBoundingClientRect().width), scrolls };
      });
    return { innerWidth, scrollWidth: document.documentElement.scrollWidth, sticking: sticking.slice(0, 10), charts, wideTables };
  });
}

/** Waits until the view has asked for and shown its data: no request in flight and every chart drawn. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => [...document.querySelectorAll('.canvas')].every((c) => c.getAttribute('data-drawn') === '1'), null, { timeout: 15_000 });
  await page.waitForFunction(() => !document.querySelector('.status.loading'), null, { timeout: 15_000 });
  await page.waitForTimeout(150);
}

const VIEWS: { name: string; path: (fx: E2eFixture) => string; ready: string; charts?: number; editor?: boolean; open?: (p: Page) => Promise<void> }[] = [
  { name: 'overview', path: () => '/?year=2024', ready: '[data-testid="headline"]', charts: 1 },
  { name: 'county-overview', path: (f) => `/?scope=${f.countyACode}&year=2024`, ready: '[data-testid="headline"]', charts: 2 },
  { name: 'league', path: (f) => `/league?scope=${f.countyACode}&year=2024`, ready: 'table.league tbody tr' },
  { name: 'compare', path: (f) => `/compare?sel=${f.countyA.map((t) => t.code).join(',')}&year=2024`, ready: 'main table', charts: 1 },
  { name: 'trends', path: (f) => `/trends?sel=${f.countyACode},${f.countyBCode}`, ready: '.canvas', charts: 1 },
  { name: 'counties', path: (f) => `/counties?scope=${f.cityCode}&year=2024`, ready: '.canvas', charts: 1 },
  { name: 'township', path: (f) => `/township?sel=${f.countyA[0].code}&year=2024`, ready: '[data-testid="proactive"]' },
  { name: 'quality', path: () => '/quality', ready: '[data-testid="quality-list"] tbody tr' },
  {
    name: 'sign-in', path: () => '/', ready: '[data-testid="signin"]',
    open: async (p) => {
      await p.locator('[data-testid="signin"] button').first().click();
      await p.locator('[data-testid="signin"] form').waitFor();
    },
  },
  { name: 'upload', path: () => '/upload', ready: '[data-testid="pick-folder"]', editor: true },
];

describe('every view fits a phone and a desktop', () => {
  for (const width of [390, 1440]) {
    it(`at ${width} px: no sideways page scroll, charts inside the window, wide tables scroll in their own box`, async () => {
      const ctx = await browser.newContext({ viewport: { width, height: width === 390 ? 844 : 900 }, deviceScaleFactor: 1 });
      const page = await ctx.newPage();
      const errors: string[] = [];
      const problems: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        for (const v of VIEWS) {
          if (v.editor) {
            await page.goto(fx.url + '/upload');
            await page.locator('[data-testid="signin"] button').first().click();
            await page.locator('[data-testid="signin"] input[name="name"]').fill(fx.editor.name);
            await page.locator('[data-testid="signin"] input[name="password"]').fill(fx.editor.password);
            await page.locator('[data-testid="signin"] button[type="submit"]').click();
            await page.locator('[data-testid="editor"]').waitFor();
          }
          await page.goto(fx.url + v.path(fx));
          await page.locator(v.ready).first().waitFor({ timeout: 15_000 });
          await v.open?.(page);
          await settled(page);
          const l = await measure(page);
          await page.screenshot({ path: join(SHOTS, `${v.name}-${width}.png`), fullPage: true });
          const where = `${v.name} at ${width} px`;
          expect(l.innerWidth, where).toBe(width);
          if (l.scrollWidth > width) problems.push(`${where}: page ${l.scrollWidth} px wide`);
          for (const s of l.sticking) problems.push(`${where}: ${s} passes the window's edge`);
          if (l.charts.length < (v.charts ?? 0)) problems.push(`${where}: ${l.charts.length} charts`);
          for (const c of l.charts) {
            if (!(c.canvas > 0 && c.canvas <= c.box + 1 && c.right <= width)) problems.push(`${where}: chart canvas ${c.canvas} px in a ${c.box} px box ending at ${c.right}`);
          }
          for (const t of l.wideTables) if (!t.scrolls) problems.push(`${where}: a ${Math.round(t.width)} px table scrolls the page`);
        }
        expect(problems).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await ctx.close();
      }
    }, 180_000);
  }

  it('a chart follows its box: the overview drawn at 1440 px and narrowed to 390 px redraws at the new width', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    try {
      await page.goto(`${fx.url}/?scope=${fx.countyACode}&year=2024`);
      await settled(page);
      const before = await page.locator('.canvas canvas').first().evaluate((c) => c.getBoundingClientRect().width);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForFunction((w) => {
        const c = document.querySelector('.canvas canvas');
        return c && c.getBoundingClientRect().width < w && c.getBoundingClientRect().width <= window.innerWidth;
      }, before, { timeout: 5_000 });
      const l = await measure(page);
      expect(before).toBeGreaterThan(390);
      expect(l.scrollWidth).toBeLessThanOrEqual(390);
      for (const c of l.charts) expect(c.canvas).toBeLessThanOrEqual(c.box + 1);
    } finally {
      await ctx.close();
    }
  });
});

describe('errors in the user’s language, with the way out', () => {
  it('a year without reports: a Chinese (or English) message, no Retry, links to the years with reports that open them', async () => {
    const { years } = (await (await fetch(`${fx.url}/api/regions`)).json()) as { years: number[] };
    const missing = years[0] - 1;
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    try {
      await page.goto(`${fx.url}/?year=${missing}`);
      const alert = page.getByRole('alert').first();
      await alert.waitFor();
      expect(await alert.innerText()).toContain(`${missing} 年没有报告。`);
      expect(await alert.innerText()).not.toMatch(/[a-z]{3,}/);
      expect(await alert.locator('button').count()).toBe(0);
      expect(await alert.locator('[data-year]').allInnerTexts()).toEqual([...years].reverse().map(String));
      // Said once: the charts under the headline do not repeat it.
      await page.waitForLoadState('networkidle');
      expect(await page.getByText(`${missing} 年没有报告。`).count()).toBe(1);
      await page.screenshot({ path: join(SHOTS, 'error-year-390.png'), fullPage: true });
      await alert.locator(`[data-year="${years.at(-1)}"]`).click();
      await page.waitForURL(new RegExp(`year=${years.at(-1)}`));
      await page.locator('[data-testid="headline"]').waitFor();
      await page.goto(`${fx.url}/league?year=${missing}&lang=en&scope=${fx.countyACode}`);
      await page.getByRole('alert').first().waitFor();
      expect(await page.getByRole('alert').first().innerText()).toContain(`There are no reports for ${missing}.`);
    } finally {
      await ctx.close();
    }
  });

  it('an empty county overview links to the years the county has reports in', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    try {
      // County B reported for 2024 only (the fixture).
      await page.goto(`${fx.url}/?scope=${fx.countyBCode}&year=2023`);
      const box = page.locator('[data-testid="years-with-reports"]');
      await box.waitFor();
      expect(await box.locator('a').allInnerTexts()).toEqual(['2024']);
      await page.screenshot({ path: join(SHOTS, 'empty-county-390.png'), fullPage: true });
      await box.locator('a').click();
      await page.waitForURL(/year=2024/);
      await page.locator('[data-testid="headline"] [data-k="townships"]').waitFor();
      expect(await page.locator('[data-testid="headline"] [data-k="townships"]').innerText()).toContain(String(fx.countyB.length));
    } finally {
      await ctx.close();
    }
  });
});

describe('the township picker on a phone', () => {
  it('finds a township by county and name together, as GET /api/regions/search does, and adds it', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    try {
      await page.goto(`${fx.url}/compare?year=2024&sel=${fx.countyA[0].code},${fx.countyA[1].code}`);
      const box = page.locator('[data-testid="picker"]');
      await box.waitFor();
      await page.locator('main table').first().waitFor();
      const target = fx.countyB[1];
      const township = target.organ.slice(target.county.length);
      for (const q of [`${target.county}${township}`, `${target.county.slice(0, 2)} ${township.slice(0, 2)}`, target.code, township]) {
        await box.fill(q);
        const server = (await (await fetch(`${fx.url}/api/regions/search?q=${encodeURIComponent(q)}&limit=15`)).json()) as { total: number; regions: { code: string }[] };
        expect(server.regions.map((r) => r.code), q).toContain(target.code);
        await page.waitForFunction((n) => document.querySelectorAll('.picker [data-code]').length === n, server.regions.filter((r) => !fx.countyA.slice(0, 2).some((t) => t.code === r.code)).length);
        const shown = await page.locator('.picker [data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
        expect(shown, q).toEqual(server.regions.map((r) => r.code).filter((c) => !fx.countyA.slice(0, 2).some((t) => t.code === c)));
      }
      await box.fill(`${target.county}${township}`);
      await page.screenshot({ path: join(SHOTS, 'picker-390.png') });
      await page.locator(`.picker [data-code="${target.code}"]`).click();
      await page.waitForURL(new RegExp(target.code));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await ctx.close();
    }
  });
});
