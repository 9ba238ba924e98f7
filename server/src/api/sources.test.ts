/**
 * Provenance over HTTP: a report's numbers traced to their printed cells, its original file, a
 * PDF's page as an image — on a database ingested from real reports (a WPS-exported PDF, a seed
 * text, a real article page).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ReportDetail, ReportSourcesAnswer } from '@nianbao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../ingest/ingest.ts';
import { classifyCell } from '../parse/cells.ts';
import { REPO_ROOT } from '../paths.ts';
import { openReadOnly, openWritable, type Db } from '../store/db.ts';
import { buildApp } from './app.ts';
import type { FastifyInstance } from 'fastify';

const CORPUS = resolve(REPO_ROOT, 'server/fixtures/corpus');
const FILES = ['real/pdf/huaian-city-2024.pdf', 'seeds/000_69c037c7e9f6049d.txt', 'real/html-article/pingtan_shenpi_2022.html'];
let dir: string;
let db: Db;
let app: FastifyInstance;
const ids = new Map<string, number>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-sources-'));
  mkdirSync(join(dir, 'reports'));
  for (const f of FILES) copyFileSync(resolve(CORPUS, f), join(dir, 'reports', f.split('/').pop()!));
  const w = openWritable(join(dir, 'db.sqlite'));
  await ingest(w, [join(dir, 'reports')], { overrides: new Map() });
  for (const r of w.$client.prepare('select id, file_name from reports').all() as { id: number; file_name: string }[]) ids.set(r.file_name, r.id);
  w.$client.close();
  db = openReadOnly(join(dir, 'db.sqlite'));
  app = await buildApp({ db });
});
afterAll(async () => {
  await app.close();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async <T>(url: string) => {
  const res = await app.inject({ url });
  expect(res.statusCode, url).toBe(200);
  return res.json() as T;
};

describe('GET /api/reports/:id/sources', () => {
  for (const f of FILES) {
    const name = f.split('/').pop()!;
    it(`every number of ${name} is traced to a printed cell that reads as it`, async () => {
      const id = ids.get(name)!;
      const detail = await get<ReportDetail>(`/api/reports/${id}`);
      const src = await get<ReportSourcesAnswer>(`/api/reports/${id}/sources`);
      expect(src.available).toBe(true);
      expect(src.fileAvailable).toBe(true);
      let traced = 0;
      for (const t of detail.tables) for (const r of t.rows) for (const c of r.cells) {
        if (c.value === null) continue;
        const at = src.cells[c.field];
        expect(at, c.field).toBeDefined();
        const printed = classifyCell(at.raw);
        const read = printed.kind === 'number' ? printed.value : NaN;
        // 元 amounts are stored in 万元.
        expect([c.field, read === c.value || Math.abs(read / 10000 - c.value) < 1e-6]).toEqual([c.field, true]);
        expect(src.rows[at.row].cells[at.cell]).toBe(at.raw);
        expect(src.rows[at.row].line).toBeGreaterThan(0);
        traced++;
      }
      expect(traced).toBeGreaterThan(10);
      if (detail.proactive.total !== null) expect(src.narrative.find((n) => n.field === 'proactive.total')!.text).toContain(String(detail.proactive.total));
    });
  }

  it('a report that does not exist is a 404', async () => {
    expect((await app.inject({ url: '/api/reports/99999/sources' })).statusCode).toBe(404);
  });
});

describe('the original file', () => {
  it('is served read-only, byte for byte; a saved web page as text, never as a page', async () => {
    for (const f of FILES) {
      const name = f.split('/').pop()!;
      const res = await app.inject({ url: `/api/reports/${ids.get(name)}/file` });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(readFileSync(resolve(CORPUS, f)))).toBe(true);
      expect(res.headers['content-type']).toBe(name.endsWith('.pdf') ? 'application/pdf' : 'text/plain; charset=utf-8');
      expect(res.headers['content-security-policy']).toContain('sandbox');
    }
  });

  it('a PDF page as a PNG image', async () => {
    const res = await app.inject({ url: `/api/reports/${ids.get('huaian-city-2024.pdf')}/pages/2` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect(res.rawPayload.length).toBeGreaterThan(10_000);
    expect((await app.inject({ url: `/api/reports/${ids.get('000_69c037c7e9f6049d.txt')}/pages/1` })).statusCode).toBe(404);
  });
});
