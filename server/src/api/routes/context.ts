import type { FastifyReply } from 'fastify';
import type { ResultCache } from '../cache.ts';
import { attachment, renderCsv, type CsvColumn, type CsvLang } from '../csv.ts';
import type { QualityService } from '../services/quality.service.ts';
import type { RankingsService } from '../services/rankings.service.ts';
import type { RegionsService } from '../services/regions.service.ts';
import type { ReportsService } from '../services/reports.service.ts';
import type { ExportService } from '../services/export.service.ts';

/** What route modules get from buildApp. */
export interface RouteContext {
  cache: ResultCache;
  regions: RegionsService;
  rankings: RankingsService;
  reports: ReportsService;
  quality: QualityService;
  exporter: ExportService;
}

/**
 * Sends a CSV document, rendered once per distinct request (`key` = route + validated query) and
 * then served from the memo until the database changes.
 */
export function sendCsv<Row>(
  reply: FastifyReply,
  ctx: RouteContext,
  key: string,
  fileName: string,
  lang: CsvLang,
  build: () => { columns: CsvColumn<Row>[]; rows: Iterable<Row> },
) {
  const body = ctx.cache.get(`csv:${lang}:${key}`, () => {
    const { columns, rows } = build();
    return Buffer.from(renderCsv(columns, rows, lang));
  });
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', attachment(fileName)).send(body);
}

/** Stable cache key of a validated query object. */
export function queryKey(route: string, q: object): string {
  return `${route}?${Object.entries(q).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${String(v)}`).join('&')}`;
}

/**
 * Sends a JSON answer serialised once per distinct request (`key` = route + validated query, page
 * included) and then served as bytes from the memo until the database changes. The route's
 * response schema documents the shape (OpenAPI); services build objects of exactly that shape.
 */
export function sendJson(reply: FastifyReply, ctx: RouteContext, key: string, build: () => unknown) {
  const body = ctx.cache.get(`json:${key}`, () => Buffer.from(JSON.stringify(build())));
  return reply.header('content-type', 'application/json; charset=utf-8').send(body);
}
