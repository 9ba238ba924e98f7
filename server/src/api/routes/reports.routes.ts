import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { checkDetailText } from '@nianbao/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { createGzip } from 'node:zlib';
import { Type } from 'typebox';
import { attachment, type CsvColumn } from '../csv.ts';
import { ErrorBody, LangParam, Nullable, NullableBoolean, NullableInteger, NullableNumber, NullableString, RegionCodeParam, YearParam } from '../schemas.ts';
import type { ReportDetail as ReportDetailAnswer } from '@nianbao/shared';
import { sendCsv, sendJson, sendJsonText, type RouteContext } from './context.ts';
import { CorrectionSchema } from './corrections.routes.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'Report id' }) });
const RegionName = Nullable(Type.Object({ code: Type.String(), name: Type.String() }));
const Candidate = Type.Object({ code: Type.String(), name: Type.String() });
const Cell = Type.Object({ field: Type.String(), label: Type.String(), labelEn: Type.String(), value: NullableNumber });
const Table = Type.Object({
  id: Type.String(), title: Type.String(), titleEn: Type.String(),
  rows: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), labelEn: Type.String(), cells: Type.Array(Cell) })),
});
const ReportDetail = Type.Object({
  id: Type.Integer(), fileName: Type.String(), sourcePath: Type.String(), status: Type.String(), error: NullableString,
  organ: NullableString, year: NullableInteger, template: NullableString,
  body: { ...NullableString, description: 'Kind of body: township, department, area (a township-level 片区 / 管理区 office), county_government, city_government, other (null for a failed file)' },
  region: Type.Object({
    status: NullableString, code: NullableString, township: RegionName, county: RegionName, city: RegionName, province: RegionName,
    candidates: Type.Array(Candidate),
  }),
  proactive: Type.Object({ total: NullableNumber, approx: NullableBoolean }),
  tables: Type.Array(Table),
  metrics: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), labelEn: Type.String(), unit: Type.String(), value: NullableNumber })),
  failedRules: Type.Array(Type.Integer()),
  checks: Type.Array(Type.Object({ rule: Type.Integer(), title: Type.String(), titleEn: Type.String(), status: Type.String(), detail: Type.String() })),
  warnings: Type.Array(Type.String()),
  uncertain: Type.Array(Type.String(), { description: 'Field ids left null because the parser could not decide their value (explained in warnings), as opposed to blank in the report' }),
  evidence: Type.Array(Type.Object({ field: Type.String(), value: NullableNumber, text: Type.String() })),
  corrections: Type.Array(CorrectionSchema, { description: 'Editors’ corrections: active ones are the values the cells hold (value, the parsed value it replaced, by, at, reason); needs_review ones are not applied, the file changed under them' }),
  needsReview: Type.Integer({ description: 'Corrections needing review (GET /api/reports/:id/history)' }),
});
export function reportsRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/reports/:id', {
    schema: {
      tags: ['reports'],
      summary: 'One report: every field with its label grouped as the template’s three tables, derived metrics, checks, warnings, narrative evidence, source file',
      params: IdParams,
      response: { 200: ReportDetail, 400: ErrorBody, 404: ErrorBody },
    },
  }, async (req, reply) => sendJsonText(reply, ctx, `report:${req.params.id}`, () => ctx.reports.detailJson(req.params.id), true));

  app.get('/api/reports/:id/fields.csv', {
    schema: { tags: ['reports'], summary: 'One report’s table cells as CSV (one row per cell)', params: IdParams, querystring: Type.Object({ lang: LangParam }), response: { 400: ErrorBody, 404: ErrorBody } },
  }, async (req, reply) => {
    const detail = ctx.reports.detail(req.params.id);
    type Row = { table: string; row: string; col: string; field: string; value: number | null };
    const rows: Row[] = [];
    const zh = req.query.lang === 'zh';
    for (const t of detail.tables) {
      for (const r of t.rows) for (const c of r.cells) rows.push({ table: zh ? t.title : t.titleEn, row: zh ? r.label : r.labelEn, col: zh ? c.label : c.labelEn, field: c.field, value: c.value });
    }
    const columns: CsvColumn<Row>[] = [
      { zh: '表', en: 'Table', value: (r) => r.table },
      { zh: '行', en: 'Row', value: (r) => r.row },
      { zh: '列', en: 'Column', value: (r) => r.col },
      { zh: '字段', en: 'Field id', value: (r) => r.field },
      { zh: '数值', en: 'Value', value: (r) => r.value },
    ];
    return sendCsv(reply, ctx, `report:${detail.id}`, `report-${detail.id}.csv`, req.query.lang, () => ({ columns, rows }));
  });

  /** One of a report's lists as CSV: `/api/reports/:id/<name>.csv`. */
  const reportListCsv = <Row>(name: string, summary: string, columns: (lang: 'zh' | 'en') => CsvColumn<Row>[], rows: (d: ReportDetailAnswer) => Row[]) =>
    app.get(`/api/reports/:id/${name}.csv`, {
      schema: { tags: ['reports'], summary, params: IdParams, querystring: Type.Object({ lang: LangParam }), response: { 400: ErrorBody, 404: ErrorBody } },
    }, async (req, reply) => {
      const detail = ctx.reports.detail(req.params.id);
      const lang = req.query.lang;
      return sendCsv(reply, ctx, `report-${name}:${detail.id}`, `report-${detail.id}-${name}.csv`, lang, () => ({ columns: columns(lang), rows: rows(detail) }));
    });

  reportListCsv<ReportDetailAnswer['checks'][number]>(
    'checks', 'One report’s consistency checks as CSV: rule, title, status and the numbers behind it (detail)',
    (lang) => [
      { zh: '规则', en: 'Rule', value: (c) => c.rule },
      { zh: '名称', en: 'Title', value: (c) => (lang === 'zh' ? c.title : c.titleEn) },
      { zh: '结果', en: 'Status', kind: 'term', value: (c) => c.status },
      { zh: '说明', en: 'Detail', value: (c) => checkDetailText(c.detail, lang) },
    ],
    (d) => d.checks,
  );
  reportListCsv<{ n: number; text: string }>(
    'warnings', 'One report’s reading warnings as CSV (one row per warning; a failed file’s warnings too)',
    () => [
      { zh: '序号', en: 'No.', value: (w) => w.n },
      { zh: '提示', en: 'Warning', kind: 'message', value: (w) => w.text },
    ],
    (d) => d.warnings.map((text, i) => ({ n: i + 1, text })),
  );
  reportListCsv<ReportDetailAnswer['evidence'][number]>(
    'evidence', 'One report’s narrative evidence as CSV: each narrative value with the sentence it was read from',
    () => [
      { zh: '字段', en: 'Field id', value: (e) => e.field },
      { zh: '数值', en: 'Value', value: (e) => e.value },
      { zh: '原文', en: 'Sentence', value: (e) => e.text },
    ],
    (d) => d.evidence,
  );

  /**
   * The full export, streamed: the header leaves at once, rows follow as the client reads them.
   * Compressed with gzip as it goes: `export.csv` for a client that accepts gzip (a browser saves
   * the CSV itself), `export.csv.gz` as a gzip file whatever the client says.
   */
  const exportQuery = Type.Object({
    year: Type.Optional(YearParam),
    region: Type.Optional(RegionCodeParam),
    lang: LangParam,
  });
  const exportCsv = (gzFile: boolean, query: { year?: number; region?: string; lang: 'zh' | 'en' }, acceptEncoding: string | undefined, reply: FastifyReply) => {
    const { year, region, lang } = query;
    const scope = region ? ctx.regions.require(region, 'region') : null;
    const filter = { year, scope: scope ? { level: scope.level, code: scope.code } : undefined };
    const name = `nianbao-export${year ? `-${year}` : ''}${region ? `-${region}` : ''}.csv${gzFile ? '.gz' : ''}`;
    reply.header('content-disposition', attachment(name)).header('vary', 'accept-encoding');
    const gzip = gzFile || /\bgzip\b/.test(acceptEncoding ?? '');
    if (!gzip) return reply.header('content-type', 'text/csv; charset=utf-8').send(ctx.exporter.stream(filter, lang));
    if (gzFile) reply.header('content-type', 'application/gzip');
    else reply.header('content-type', 'text/csv; charset=utf-8').header('content-encoding', 'gzip');
    // Level 1: the CSV still shrinks about tenfold, at a fraction of level 6's CPU time.
    const z = createGzip({ level: 1 });
    // The header goes out through gzip at once; rows are read only after it is flushed.
    z.write(ctx.exporter.header(lang));
    z.flush(() => {
      const rows = ctx.exporter.rows(filter, lang);
      rows.on('error', (e) => z.destroy(e));
      rows.pipe(z);
    });
    return reply.send(z);
  };
  app.get('/api/export.csv', {
    schema: {
      tags: ['export'],
      summary: 'Full-data export: one row per report (failed files too), every numeric field (header: label [field id]); one year or all years, one region or the country; streamed, gzip-compressed for clients that accept it',
      querystring: exportQuery,
    },
  }, async (req, reply) => exportCsv(false, req.query, req.headers['accept-encoding'], reply));
  app.get('/api/export.csv.gz', {
    schema: {
      tags: ['export'],
      summary: 'The full-data export of GET /api/export.csv as a gzip file (nianbao-export[-year][-region].csv.gz), streamed',
      querystring: exportQuery,
    },
  }, async (req, reply) => exportCsv(true, req.query, req.headers['accept-encoding'], reply));
}
