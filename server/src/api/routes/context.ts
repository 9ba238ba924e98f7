import { brotliCompress, constants as zlib, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
 * then served from the memo until the database changes (gzipped for clients that accept it).
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
    return new Encoded(Buffer.from(renderCsv(columns, rows, lang)));
  });
  reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', attachment(fileName));
  return sendEncoded(reply, body);
}

/**
 * An answer's bytes, and the same compressed, kept with the answer: a league CSV or an
 * aggregates table shrinks five- to tenfold, and compressing once instead of per request keeps
 * the CPU for answering. gzip is made on the first request that accepts it; brotli at its
 * highest quality (a quarter smaller again, but ~100× slower to make) is made off the main
 * thread once an answer is asked for a second time, and served once ready.
 */
export class Encoded {
  private gz: Buffer | null = null;
  private br: Buffer | null = null;
  private brStarted = false;
  private asked = 0;
  constructor(readonly body: Buffer) {}
  gzipped(): Buffer {
    // Level 1: twice as fast as the default 6 for ~10% more bytes; repeated asks get brotli anyway.
    this.gz ??= gzipSync(this.body, { level: 1 });
    return this.gz;
  }
  /** The brotli bytes if made already; otherwise null, and from the second ask on they are being made. */
  brotli(): Buffer | null {
    if (!this.brStarted && ++this.asked >= 2) {
      this.brStarted = true;
      brotliCompress(this.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: this.body.length } }, (err, out) => {
        if (!err) this.br = out;
      });
    }
    return this.br;
  }
}

/** Below this, gzip saves less than its headers and the client's work cost. */
const MIN_GZIP_BYTES = 1024;

/** Content codings the client accepts, from its accept-encoding header (`q=0` refuses one). */
function accepted(req: FastifyRequest): { gzip: boolean; br: boolean } {
  const ae = req.headers['accept-encoding'];
  const out = { gzip: false, br: false };
  if (typeof ae !== 'string') return out;
  for (const part of ae.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    if ((coding === 'gzip' || coding === 'br') && !(q && Number(q[1]) === 0)) out[coding] = true;
  }
  return out;
}

function sendEncoded(reply: FastifyReply, e: Encoded) {
  if (e.body.length < MIN_GZIP_BYTES) return reply.send(e.body);
  reply.header('vary', 'accept-encoding');
  const ok = accepted(reply.request);
  const br = ok.br ? e.brotli() : null;
  if (br) return reply.header('content-encoding', 'br').send(br);
  if (ok.gzip) return reply.header('content-encoding', 'gzip').send(e.gzipped());
  return reply.send(e.body);
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
  return sendJsonText(reply, ctx, key, () => JSON.stringify(build()));
}

/**
 * `sendJson` for an answer the service serialises itself; `longTail` answers (one of very many,
 * like a report's detail) are memoised only once asked for a second time.
 */
export function sendJsonText(reply: FastifyReply, ctx: RouteContext, key: string, build: () => string, longTail = false) {
  const make = () => new Encoded(Buffer.from(build()));
  const body = longTail ? ctx.cache.getOnSecondAsk(`json:${key}`, make) : ctx.cache.get(`json:${key}`, make);
  reply.header('content-type', 'application/json; charset=utf-8');
  return sendEncoded(reply, body);
}
