import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { CsvColumn } from '../csv.ts';
import { Defaulted, ErrorBody, FlagParam, flagOn, LangParam, Nullable, NullableInteger, NullableString, RegionRef, YearParam } from '../schemas.ts';
import type { QualityRow, QualityRule } from '../services/quality.service.ts';
import { queryKey, sendCsv, sendJson, type RouteContext } from './context.ts';

const CODE = '[0-9]{2}(?:[0-9]{2}(?:[0-9]{2}(?:[0-9]{3})?)?)?';
const RULES = ['1', '2', '3', '4', '5', '6', 'failing', 'file', 'region'] as const;

const QualityFilter = {
  region: Defaulted(Type.String({
    pattern: `^(?:all|${CODE})$`,
    default: 'all',
    description: 'Only reports placed in this region: a province, city, county or township code, or "all". Failed files, placed nowhere, are only in "all".',
  })),
  year: Type.Optional(YearParam),
  rule: Type.Optional(Type.Enum([...RULES], {
    description: 'Which reports to list: 1–6 = its check of that rule failed (6 is advisory); failing = any hard rule (1–5) failed; file = unreadable files; region = ok reports whose place is ambiguous or unresolved. Default: every failed file, unplaced region and failed hard rule.',
  })),
  townships: Type.Optional(FlagParam('Only the township reports the leagues count (one per township and year, the later-ingested): the reports behind the failing counts of leagues, aggregates and the overview')),
};
const QualityQuery = Type.Object({
  ...QualityFilter,
  page: Defaulted(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Defaulted(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
});
const QualityCsvQuery = Type.Object({ ...QualityFilter, lang: LangParam });

const Candidate = Type.Object({ code: Type.String(), name: Type.String() });
const Row = Type.Object({
  id: Type.Integer(), fileName: Type.String(), sourcePath: Type.String(), status: Type.String(), error: NullableString,
  organ: NullableString, year: NullableInteger, regionStatus: NullableString, candidates: Type.Array(Candidate), failedRules: Type.Array(Type.Integer()),
  provinceCode: NullableString, provinceName: NullableString, cityCode: NullableString, cityName: NullableString,
  countyCode: NullableString, countyName: NullableString, townshipCode: NullableString, townshipName: NullableString,
});
const Quality = Type.Object({
  region: Nullable(RegionRef), year: NullableInteger, rule: NullableString, townships: Type.Boolean(),
  files: Type.Integer(), ok: Type.Integer(), failed: Type.Integer(),
  regions: Type.Object({ resolved: Type.Integer(), ambiguous: Type.Integer(), unresolved: Type.Integer() }),
  rules: Type.Array(Type.Object({
    rule: Type.Integer(), title: Type.String(), titleEn: Type.String(), advisory: Type.Boolean(), pass: Type.Integer(), fail: Type.Integer(), uncertain: Type.Integer(),
  })),
  counts: Type.Object({ all: Type.Integer(), failing: Type.Integer(), file: Type.Integer(), region: Type.Integer() }),
  total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(),
  rows: Type.Array(Row),
});

const QUALITY_CSV: CsvColumn<QualityRow>[] = [
  { zh: '报告编号', en: 'Report id', value: (p) => p.id },
  { zh: '文件名', en: 'File name', value: (p) => p.fileName },
  { zh: '路径', en: 'Path', value: (p) => p.sourcePath },
  { zh: '状态', en: 'Status', kind: 'term', value: (p) => p.status },
  { zh: '错误', en: 'Error', kind: 'message', value: (p) => p.error },
  { zh: '发布机关', en: 'Issuing body', value: (p) => p.organ },
  { zh: '年度', en: 'Year', value: (p) => p.year },
  { zh: '省代码', en: 'Province code', kind: 'code', value: (p) => p.provinceCode },
  { zh: '省', en: 'Province', value: (p) => p.provinceName },
  { zh: '市代码', en: 'City code', kind: 'code', value: (p) => p.cityCode },
  { zh: '市', en: 'City', value: (p) => p.cityName },
  { zh: '县（区）代码', en: 'County code', kind: 'code', value: (p) => p.countyCode },
  { zh: '县（区）', en: 'County', value: (p) => p.countyName },
  { zh: '乡镇代码', en: 'Township code', kind: 'code', value: (p) => p.townshipCode },
  { zh: '乡镇', en: 'Township', value: (p) => p.townshipName },
  { zh: '区划匹配', en: 'Region status', kind: 'term', value: (p) => p.regionStatus },
  { zh: '候选区划', en: 'Region candidates', value: (p) => p.candidates.map((c) => `${c.code} ${c.name}`).join('; ') },
  { zh: '未通过的勾稽规则', en: 'Failed rules', value: (p) => p.failedRules.join(',') },
];

export function qualityRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/quality', {
    schema: {
      tags: ['quality'],
      summary: 'Data quality within a region, year and rule: counts of files, regions and rule outcomes, and one page of the problem reports (failed files with the error, unplaced regions with candidates, rule failures) with their region codes and names',
      querystring: QualityQuery,
      response: { 200: Quality, 400: ErrorBody },
    },
  }, async (req, reply) => sendJson(reply, ctx, queryKey('quality', req.query), () => {
    const { page, pageSize, townships, ...f } = req.query;
    return ctx.quality.page({ ...f, townships: flagOn(townships) }, page, pageSize);
  }));

  app.get('/api/quality.csv', {
    schema: {
      tags: ['quality'],
      summary: 'The problem reports of GET /api/quality (same filters, all rows) as CSV, with province/city/county/township codes and names',
      querystring: QualityCsvQuery,
      response: { 400: ErrorBody },
    },
  }, async (req, reply) => {
    const { lang, ...f } = req.query;
    const name = `quality${f.region !== 'all' ? `-${f.region}` : ''}${f.year ? `-${f.year}` : ''}${f.rule ? `-${f.rule}` : ''}.csv`;
    return sendCsv(reply, ctx, queryKey('quality', f), name, lang, () => ({ columns: QUALITY_CSV, rows: ctx.quality.rows({ ...f, townships: flagOn(f.townships) }) }));
  });

  app.get('/api/quality/rules.csv', {
    schema: {
      tags: ['quality'],
      summary: 'Reports per rule and outcome (pass, fail, uncertain) as CSV: the `rules` of GET /api/quality (same region, year, townships)',
      querystring: Type.Object({ region: QualityFilter.region, year: QualityFilter.year, townships: QualityFilter.townships, lang: LangParam }),
      response: { 400: ErrorBody },
    },
  }, async (req, reply) => {
    const { lang: l, ...f } = req.query;
    const columns: CsvColumn<QualityRule>[] = [
      { zh: '规则', en: 'Rule', value: (r) => r.rule },
      { zh: '名称', en: 'Title', value: (r) => (l === 'zh' ? r.title : r.titleEn) },
      { zh: '仅提示', en: 'Advisory', value: (r) => r.advisory },
      { zh: '通过的报告数', en: 'Reports passing', value: (r) => r.pass },
      { zh: '未通过的报告数', en: 'Reports failing', value: (r) => r.fail },
      { zh: '无法判断的报告数', en: 'Reports uncertain', value: (r) => r.uncertain },
    ];
    return sendCsv(reply, ctx, queryKey('quality-rules', f), 'quality-rules.csv', l, () => ({ columns, rows: ctx.quality.summary({ ...f, townships: flagOn(f.townships) }).rules }));
  });
}
