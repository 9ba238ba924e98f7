/**
 * Every CSV in the language asked for: a Chinese CSV carries no English words outside the columns
 * that hold identifiers or text as read (file paths, field and metric ids, the catalog's English
 * names); parser warnings and file errors are said in Chinese; English headers read as English.
 */
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { englishLeftIn, messageIn } from '@nianbao/shared';
import { CSV_TERMS } from './csv.ts';
import type { Fixture } from './testing/fixture.ts';
import { serveFixture } from './testing/servedFixture.ts';

let fx: Fixture;
let app: FastifyInstance;
let close: (() => Promise<void>) | undefined;
beforeAll(async () => {
  ({ fx, app, close } = await serveFixture());
});
afterAll(async () => close?.());

async function csv(url: string): Promise<string[][]> {
  const res = await app.inject({ method: 'GET', url });
  expect([url, res.statusCode]).toEqual([url, 200]);
  return parse(res.body.replace(/^\uFEFF/, ''), { relax_column_count: true });
}

/** Columns whose cells are identifiers or text as read, not words of the interface. */
const AS_READ = new Set(['文件', '路径', '文件名', '候选区划', '指标', '字段', '英文名称', '计算方法', '原文', '模板']);
/** Parser warnings and file errors: said in Chinese, keeping only ids, file names and quoted report text as written. */
const MESSAGES = new Set(['错误', '提示']);

describe('CSV language', () => {
  it('Chinese CSVs: no English word in any cell or header (ids in brackets aside)', async () => {
    const league = (await app.inject({ url: `/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}` })).json() as { rows: { reportId: number }[] };
    const report = league.rows[league.rows.length - 1].reportId;
    const urls = [
      '/api/export.csv', `/api/league.csv?metric=proactive.total&year=2024&parent=${fx.countyACode}`, '/api/quality.csv', '/api/quality/rules.csv', '/api/regions.csv',
      '/api/aggregates.csv?metric=applications.granted_share&year=2024&level=county', `/api/bodies.csv?metric=proactive.total&year=2024&parent=${fx.countyACode}`,
      `/api/trend.csv?metric=proactive.total&regions=${fx.countyACode}`, `/api/compare.csv?year=2024&townships=${fx.countyA[0].code},${fx.countyA[1].code}`,
      `/api/reports/${report}/fields.csv`, `/api/reports/${report}/checks.csv`, `/api/reports/${report}/warnings.csv`, '/api/metrics.csv',
    ];
    const english: string[] = [];
    let termCells = 0;
    let messageCells = 0;
    for (const url of urls) {
      const [head, ...rows] = await csv(url);
      for (const h of head) if (/[A-Za-z]{2,}/.test(h.replace(/\[[^\]]*\]/g, ''))) english.push(`${url} header ${h}`);
      for (const r of rows) {
        r.forEach((cell, i) => {
          if (AS_READ.has(head[i])) return;
          if (MESSAGES.has(head[i])) {
            if (cell) messageCells++;
            for (const m of cell.split(' | ')) if (m.startsWith('原文：') || englishLeftIn(m).length) english.push(`${url} ${head[i]}: ${m.slice(0, 80)}`);
            return;
          }
          if (Object.values(CSV_TERMS).some((t) => t.zh === cell)) termCells++;
          if (/[A-Za-z]{2,}/.test(cell)) english.push(`${url} ${head[i]}: ${cell.slice(0, 60)}`);
        });
      }
    }
    expect(english.slice(0, 20)).toEqual([]);
    // The statuses, levels and check outcomes were there, said in Chinese; so were warnings and errors.
    expect(termCells).toBeGreaterThan(50);
    expect(messageCells).toBeGreaterThanOrEqual(3);
  });

  it('a report’s checks in Chinese: statuses and details translated; English keeps the stored words', async () => {
    const league = (await app.inject({ url: `/api/league?metric=proactive.total&year=2024&parent=${fx.countyACode}` })).json() as { rows: { reportId: number }[] };
    const id = league.rows[0].reportId;
    const detail = (await app.inject({ url: `/api/reports/${id}` })).json() as { checks: { rule: number; status: string; detail: string }[] };
    const zh = await csv(`/api/reports/${id}/checks.csv`);
    const en = await csv(`/api/reports/${id}/checks.csv?lang=en`);
    expect(zh[0]).toEqual(['规则', '名称', '结果', '说明']);
    expect(en[0]).toEqual(['Rule', 'Title', 'Status', 'Detail']);
    detail.checks.forEach((c, i) => {
      expect(zh[i + 1][2]).toBe(CSV_TERMS[c.status].zh);
      expect(en[i + 1][2]).toBe(c.status);
      expect(en[i + 1][3]).toBe(c.detail);
      const n = /^all (\d+) hold$/.exec(c.detail)?.[1];
      if (n) expect(zh[i + 1][3]).toBe(`全部 ${n} 项成立`);
    });
    expect(detail.checks.some((c) => /^all \d+ hold$/.test(c.detail))).toBe(true);
  });

  it('a failed file’s error and a report’s warnings in Chinese; English keeps the stored sentences', async () => {
    const quality = (await app.inject({ url: '/api/quality?rule=file' })).json() as { rows: { id: number; error: string | null }[] };
    const failedFile = quality.rows.find((r) => r.error);
    expect(failedFile?.error).toMatch(/^not a 政府信息公开工作年度报告/);
    const [head, ...rows] = await csv('/api/quality.csv');
    const [, ...rowsEn] = await csv('/api/quality.csv?lang=en');
    const errorAt = head.indexOf('错误');
    const row = rows.findIndex((r) => r[0] === String(failedFile!.id));
    expect(rows[row][errorAt]).toBe('不是政府信息公开工作年度报告：未找到表格和报告年度');
    expect(rowsEn[row][errorAt]).toBe(failedFile!.error);
    // Every report of the fixture that warns: its warnings.csv says each warning as the catalog does.
    const detail = (await app.inject({ url: `/api/reports/${failedFile!.id}` })).json() as { warnings: string[] };
    const [, ...warnings] = await csv(`/api/reports/${failedFile!.id}/warnings.csv`);
    const [, ...warningsEn] = await csv(`/api/reports/${failedFile!.id}/warnings.csv?lang=en`);
    expect(detail.warnings.length).toBeGreaterThan(0);
    expect(warnings.map((w) => w[1])).toEqual(detail.warnings.map((w) => messageIn('zh', w)));
    expect(warningsEn.map((w) => w[1])).toEqual(detail.warnings);
    expect(warnings.every((w) => /[\u4e00-\u9fff]/.test(w[1]) && !w[1].startsWith('原文'))).toBe(true);
  });

  it('English headers read well: a share says its scale once; units in English', async () => {
    const [head] = await csv('/api/aggregates.csv?metric=applications.granted_share&year=2024&level=county&lang=en');
    expect(head).toContain('Total: Granted share ((granted + partial) / handled) [0–1]');
    expect(head.join(',')).not.toMatch(/\(share \(0–1\)\)/);
    const [zhHead] = await csv('/api/aggregates.csv?metric=applications.granted_share&year=2024&level=county');
    expect(zhHead).toContain('合计：公开率（予以公开+部分公开）/办理总数（比例，0–1）');
    const [, ...metrics] = await csv('/api/metrics.csv?lang=en');
    expect(new Set(metrics.map((m) => m[3]))).toEqual(new Set(['cases', 'items', '10k yuan', 'share (0–1)']));
    const [, ...metricsZh] = await csv('/api/metrics.csv');
    expect(new Set(metricsZh.map((m) => m[3]))).toEqual(new Set(['件', '条', '万元', '比例（0–1）']));
  });

  it('a level and a region status in Chinese: regions.csv and quality.csv', async () => {
    const [head, ...rows] = await csv('/api/regions.csv');
    const level = head.indexOf('层级');
    expect(new Set(rows.map((r) => r[level]))).toEqual(new Set(['省', '市', '县（区）', '乡镇（街道）']));
    const [, ...en] = await csv('/api/regions.csv?lang=en');
    expect(new Set(en.map((r) => r[level]))).toEqual(new Set(['province', 'city', 'county', 'township']));
  });
});
