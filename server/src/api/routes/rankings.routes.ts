import { METRIC_BY_ID, METRIC_UNITS } from '@nianbao/shared';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { metricCsvHeader, type CsvColumn } from '../csv.ts';
import {
  AggregateLevelParam, BodyKeyListParam, BodyParam, BodyTypeEnum, Defaulted, ErrorBody, LangParam, LeagueLevelParam, MetricParam, NullableInteger, NullableNumber, NullableString, OrderParam, ParentParam,
  RegionListParam, TownshipListParam, YearParam, Nullable, RegionRef, FlagParam, flagOn,
} from '../schemas.ts';
import type { BodyRow, LeagueBodyType } from '@nianbao/shared';
import type { AggregateRow, LeagueRow, TrendPoint, TrendSeries } from '../services/rankings.service.ts';
import { queryKey, sendCsv, sendJson, type RouteContext } from './context.ts';

const LeagueFilter = {
  metric: MetricParam,
  year: YearParam,
  body: BodyParam,
  level: LeagueLevelParam,
  parent: ParentParam,
  order: OrderParam,
  sort: Defaulted(Type.Enum(['rank', 'change', 'name', 'code'], { default: 'rank', description: 'Row order of the answer (ranks are always by value in `order`)' })),
  dir: Type.Optional(Type.Enum(['asc', 'desc'], { description: 'Direction of `sort`; default asc, desc for change' })),
  failing: Type.Optional(FlagParam('Only rows with a report failing a hard consistency rule (1–5); ranks stay those of the whole league')),
};
const LeagueQuery = Type.Object({
  ...LeagueFilter,
  page: Defaulted(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Defaulted(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
});
const LeagueCsvQuery = Type.Object({ ...LeagueFilter, lang: LangParam });

const LeagueRowSchema = Type.Object({
  rank: NullableInteger,
  tied: Type.Boolean({ description: 'another row of the whole league shares this rank' }),
  code: Type.String({ description: 'Region code; for a department or government its body key (the same body across years)' }),
  name: Type.String({ description: 'Region name; for a department or government its organ as printed in the report' }),
  level: Type.String(),
  body: Type.String(),
  countyCode: NullableString, countyName: NullableString,
  cityCode: NullableString, cityName: NullableString,
  provinceCode: NullableString, provinceName: NullableString,
  value: NullableNumber,
  previous: NullableNumber,
  change: NullableNumber,
  reportId: NullableInteger,
  hasFailure: Type.Boolean(),
  reports: Type.Integer(),
  failing: Type.Integer(),
  previousReports: NullableInteger,
});

const AggregateFilter = { metric: MetricParam, year: YearParam, level: AggregateLevelParam, parent: ParentParam };
const StatParam = Type.Optional(Type.Enum(['sum', 'mean', 'median'], {
  description: 'What `value` holds: `sum` (default) the region’s own figure — the sum, or the pooled share for shares; `mean` or `median` over the townships that reported that year with a value',
}));
const AggregateRowSchema = Type.Object({
  code: Type.String(), name: Type.String(), level: Type.String(), cityName: NullableString, provinceName: NullableString,
  townships: Type.Integer(), reports: Type.Integer(), withValue: Type.Integer(),
  value: NullableNumber, total: NullableNumber, sum: NullableNumber, mean: NullableNumber, median: NullableNumber, min: NullableNumber, max: NullableNumber,
  zeroShare: NullableNumber, failingShare: NullableNumber,
});

const BodiesFilter = { metric: MetricParam, year: YearParam, parent: ParentParam };
const BodyRowSchema = Type.Object({
  reportId: Type.Integer(), organ: NullableString, code: NullableString, name: NullableString, level: NullableString, regionStatus: NullableString,
  body: Type.Union([BodyTypeEnum, Type.Null()]),
  value: NullableNumber, proactive: NullableNumber, received: NullableNumber, disputes: NullableNumber, hasFailure: Type.Boolean(),
});

const TrendFilter = {
  metric: MetricParam,
  regions: Type.Optional(RegionListParam),
  body: BodyParam,
  bodies: Type.Optional(BodyKeyListParam),
  from: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100, description: 'First year (inclusive); default the first with reports' })),
  to: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100, description: 'Last year (inclusive); default the last with reports' })),
};
/** `bodies` split into keys (a key holds no comma; each starts with its division code). */
const trendArgs = (q: { metric: string; regions?: string; body: LeagueBodyType; bodies?: string; from?: number; to?: number }) => ({
  metric: q.metric,
  regions: q.regions ? q.regions.split(',') : [],
  body: q.body,
  bodies: q.bodies ? q.bodies.split(',') : [],
  from: q.from,
  to: q.to,
});
const TrendPointSchema = Type.Object({
  year: Type.Integer(), value: NullableNumber, total: NullableNumber, median: NullableNumber, mean: NullableNumber, min: NullableNumber, max: NullableNumber,
  townships: Type.Integer(), withValue: Type.Integer(), reportId: NullableInteger,
});

const CompareFilter = { year: YearParam, townships: TownshipListParam };

const errors = { 400: ErrorBody };

const lang = (l: 'zh' | 'en', zh: string, en: string) => (l === 'zh' ? zh : en);
const metricHeader = (id: string, l: 'zh' | 'en') => {
  const m = METRIC_BY_ID.get(id)!;
  return metricCsvHeader(m, METRIC_UNITS, l);
};

/** CSV columns of a league of departments or governments: each row one body's report. */
function bodyLeagueColumns(metric: string): CsvColumn<LeagueRow>[] {
  return [
    { zh: '排名', en: 'Rank', value: (r) => r.rank },
    { zh: '机关标识', en: 'Body key', value: (r) => r.code },
    { zh: '发布机关', en: 'Issuing body', value: (r) => r.name },
    { zh: '省', en: 'Province', value: (r) => r.provinceName },
    { zh: '市', en: 'City', value: (r) => r.cityName },
    { zh: '县（区）', en: 'County', value: (r) => r.countyName },
    { zh: metricHeader(metric, 'zh'), en: metricHeader(metric, 'en'), value: (r) => r.value },
    { zh: '上年', en: 'Previous year', value: (r) => r.previous },
    { zh: '变化', en: 'Change', value: (r) => r.change },
    { zh: '报告编号', en: 'Report id', value: (r) => r.reportId },
    { zh: '未通过勾稽校验', en: 'Failed a consistency rule', value: (r) => r.hasFailure },
  ];
}

export function rankingsRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/league', {
    schema: {
      tags: ['rankings'],
      summary: 'League table: townships (or counties, cities, provinces), or the departments (or area offices) of a county or city, or county/city governments, ranked by a metric for a year within a parent region',
      description: 'Standard competition ranking (1, 2, 2, 4); rows without a value come last, unranked. County/city/province values are sums of their township reports (pooled shares for share metrics). With body=department the rows are the departments of the county or city `parent` (its own, not its counties\'), each with its report and the same department\'s value of the year before (matched by its normalised name); body=area ranks its township-level area offices (片区管理局, 管理区) the same way.',
      querystring: LeagueQuery,
      response: {
        200: Type.Object({
          metric: Type.String(), year: Type.Integer(), body: Type.String(), level: Type.String(), parent: Nullable(RegionRef), order: Type.String(),
          total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), rows: Type.Array(LeagueRowSchema),
        }),
        ...errors,
      },
    },
  }, async (req, reply) => sendJson(reply, ctx, queryKey('league', req.query), () => {
    const { page, pageSize, failing, ...q } = req.query;
    const league = ctx.rankings.league({ ...q, failing: flagOn(failing) });
    const start = (page - 1) * pageSize;
    return { ...league, total: league.rows.length, page, pageSize, rows: league.rows.slice(start, start + pageSize) };
  }));

  app.get('/api/league.csv', {
    schema: { tags: ['rankings'], summary: 'The whole league table (all pages) as CSV', querystring: LeagueCsvQuery, response: errors },
  }, async (req, reply) => {
    const { lang: l, ...q } = req.query;
    const bodyPart = q.body && q.body !== 'township' ? `${q.body}-` : '';
    return sendCsv(reply, ctx, queryKey('league', q), `league-${bodyPart}${q.metric}-${q.year}-${q.parent}.csv`, l, () => {
      const league = ctx.rankings.league({ ...q, failing: flagOn(q.failing) });
      if (league.body !== 'township') return { columns: bodyLeagueColumns(q.metric), rows: league.rows };
      const township = q.level === 'township';
      const columns: CsvColumn<LeagueRow>[] = [
        { zh: '排名', en: 'Rank', value: (r) => r.rank },
        { zh: '区划代码', en: 'Code', kind: 'code', value: (r) => r.code },
        { zh: '名称', en: 'Name', value: (r) => r.name },
        ...(township || q.level === 'city' || q.level === 'county' ? [{ zh: '省', en: 'Province', value: (r: LeagueRow) => r.provinceName }] : []),
        ...(township || q.level === 'county' ? [{ zh: '市', en: 'City', value: (r: LeagueRow) => r.cityName }] : []),
        ...(township ? [{ zh: '县（区）', en: 'County', value: (r: LeagueRow) => r.countyName }] : []),
        { zh: metricHeader(q.metric, 'zh'), en: metricHeader(q.metric, 'en'), value: (r) => r.value },
        { zh: '上年', en: 'Previous year', value: (r) => r.previous },
        { zh: '变化', en: 'Change', value: (r) => r.change },
        ...(township
          ? [
              { zh: '报告编号', en: 'Report id', value: (r: LeagueRow) => r.reportId },
              { zh: '未通过勾稽校验', en: 'Failed a consistency rule', value: (r: LeagueRow) => r.hasFailure },
            ]
          : [
              { zh: '报告数', en: 'Reports', value: (r: LeagueRow) => r.reports },
              { zh: '上年报告数', en: 'Reports previous year', value: (r: LeagueRow) => r.previousReports },
              { zh: '未通过勾稽校验的报告数', en: 'Reports failing a consistency rule', value: (r: LeagueRow) => r.failing },
            ]),
      ];
      return { columns, rows: league.rows };
    });
  });

  app.get('/api/aggregates', {
    schema: {
      tags: ['rankings'],
      summary: 'Per county/city/province for a year: townships reporting, sum, mean, median, min, max, share at zero, share failing a rule',
      querystring: Type.Object({ ...AggregateFilter, stat: StatParam }),
      response: {
        200: Type.Object({ metric: Type.String(), stat: Type.String(), year: Type.Integer(), level: Type.String(), parent: Nullable(RegionRef), rows: Type.Array(AggregateRowSchema) }),
        ...errors,
      },
    },
  }, async (req, reply) => sendJson(reply, ctx, queryKey('aggregates', req.query), () => ctx.rankings.aggregates(req.query)));

  app.get('/api/aggregates.csv', {
    schema: { tags: ['rankings'], summary: 'Aggregates as CSV', querystring: Type.Object({ ...AggregateFilter, lang: LangParam }), response: errors },
  }, async (req, reply) => {
    const { lang: l, ...q } = req.query;
    return sendCsv(reply, ctx, queryKey('aggregates', q), `aggregates-${q.metric}-${q.year}-${q.level}.csv`, l, () => {
      const unit = metricHeader(q.metric, l);
      const columns: CsvColumn<AggregateRow>[] = [
        { zh: '区划代码', en: 'Code', kind: 'code', value: (r) => r.code },
        { zh: '名称', en: 'Name', value: (r) => r.name },
        ...(q.level !== 'province' ? [{ zh: '省', en: 'Province', value: (r: AggregateRow) => r.provinceName }] : []),
        ...(q.level === 'county' ? [{ zh: '市', en: 'City', value: (r: AggregateRow) => r.cityName }] : []),
        { zh: '报告乡镇数', en: 'Townships reporting', value: (r) => r.townships },
        { zh: '有值报告数', en: 'Reports with a value', value: (r) => r.withValue },
        { zh: `合计：${unit}`, en: `Total: ${unit}`, value: (r) => r.value },
        { zh: '平均', en: 'Mean', value: (r) => r.mean },
        { zh: '中位数', en: 'Median', value: (r) => r.median },
        { zh: '最小', en: 'Min', value: (r) => r.min },
        { zh: '最大', en: 'Max', value: (r) => r.max },
        { zh: '为零比例', en: 'Share at zero', value: (r) => r.zeroShare },
        { zh: '未通过勾稽校验比例', en: 'Share failing a consistency rule', value: (r) => r.failingShare },
      ];
      return { columns, rows: ctx.rankings.aggregates(q).rows };
    });
  });

  app.get('/api/bodies', {
    schema: {
      tags: ['rankings'],
      summary: 'Reports outside the township leagues for a year and region: bodies above township level (county, city governments, departments) and townships not placed with certainty',
      description: 'Largest value of the metric first. Each row: the report, its body, the division it was placed in, the metric, proactive disclosures, applications received, reconsiderations and suits, and whether a hard consistency rule failed.',
      querystring: Type.Object(BodiesFilter),
      response: {
        200: Type.Object({ metric: Type.String(), year: Type.Integer(), parent: Nullable(RegionRef), rows: Type.Array(BodyRowSchema) }),
        ...errors,
      },
    },
  }, async (req, reply) => sendJson(reply, ctx, queryKey('bodies', req.query), () => ctx.rankings.bodies(req.query)));

  app.get('/api/bodies.csv', {
    schema: { tags: ['rankings'], summary: 'Reports outside the township leagues as CSV', querystring: Type.Object({ ...BodiesFilter, lang: LangParam }), response: errors },
  }, async (req, reply) => {
    const { lang: l, ...q } = req.query;
    return sendCsv(reply, ctx, queryKey('bodies', q), `bodies-${q.metric}-${q.year}-${q.parent}.csv`, l, () => {
      const columns: CsvColumn<BodyRow>[] = [
        { zh: '报告编号', en: 'Report id', value: (r) => r.reportId },
        { zh: '发布机关', en: 'Issuing body', value: (r) => r.organ },
        { zh: '区划代码', en: 'Code', kind: 'code', value: (r) => r.code },
        { zh: '区划', en: 'Region', value: (r) => r.name },
        { zh: '区划匹配', en: 'Region status', kind: 'term', value: (r) => r.regionStatus },
        { zh: metricHeader(q.metric, 'zh'), en: metricHeader(q.metric, 'en'), value: (r) => r.value },
        { zh: metricHeader('proactive.total', 'zh'), en: metricHeader('proactive.total', 'en'), value: (r) => r.proactive },
        { zh: metricHeader('applications.received', 'zh'), en: metricHeader('applications.received', 'en'), value: (r) => r.received },
        { zh: metricHeader('disputes.total', 'zh'), en: metricHeader('disputes.total', 'en'), value: (r) => r.disputes },
        { zh: '未通过勾稽校验', en: 'Failed a consistency rule', value: (r) => r.hasFailure },
      ];
      return { columns, rows: ctx.rankings.bodies(q).rows };
    });
  });

  app.get('/api/trend', {
    schema: {
      tags: ['rankings'],
      summary: 'A metric over the years (all, or from–to) for one or several regions: a township’s own values; a region’s total (sum or pooled share), or the mean or median over its reporting townships (`stat`), with the others beside it',
      description: 'With body=department (or area, county_government, city_government): per region in `regions`, the total, median, mean and extremes of its departments (governments) each year (`townships` then counts their reports; `stat` picks which is `value`); per key in `bodies`, that body’s own values. Give `regions`, `bodies` or both.',
      querystring: Type.Object({ ...TrendFilter, stat: StatParam }),
      response: {
        200: Type.Object({ metric: Type.String(), stat: Type.String(), series: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.String(), body: Type.String(), points: Type.Array(TrendPointSchema) })) }),
        ...errors,
      },
    },
  }, async (req, reply) => sendJson(reply, ctx, queryKey('trend', req.query), () => ctx.rankings.trend({ ...trendArgs(req.query), stat: req.query.stat })));

  app.get('/api/trend.csv', {
    schema: { tags: ['rankings'], summary: 'Trend as CSV: one row per region and year', querystring: Type.Object({ ...TrendFilter, lang: LangParam }), response: errors },
  }, async (req, reply) => {
    const { lang: l, ...q } = req.query;
    const metric = q.metric;
    return sendCsv(reply, ctx, queryKey('trend', q), `trend-${metric}.csv`, l, () => {
      const rows = ctx.rankings.trend(trendArgs(q)).series.flatMap((s) => s.points.map((p) => ({ s, p })));
      // Every value of the JSON answer's series and points, in their order.
      const columns: CsvColumn<{ s: TrendSeries; p: TrendPoint }>[] = [
        { zh: '区划代码', en: 'Code', kind: 'code', value: (r) => r.s.code },
        { zh: '名称', en: 'Name', value: (r) => r.s.name },
        { zh: '层级', en: 'Level', kind: 'term', value: (r) => r.s.level },
        { zh: '年度', en: 'Year', value: (r) => r.p.year },
        { zh: metricHeader(metric, 'zh'), en: metricHeader(metric, 'en'), value: (r) => r.p.value },
        { zh: '中位数', en: 'Median', value: (r) => r.p.median },
        { zh: '平均', en: 'Mean', value: (r) => r.p.mean },
        { zh: '最小', en: 'Min', value: (r) => r.p.min },
        { zh: '最大', en: 'Max', value: (r) => r.p.max },
        { zh: '报告乡镇数', en: 'Townships reporting', value: (r) => r.p.townships },
        { zh: '报告编号', en: 'Report id', value: (r) => r.p.reportId },
      ];
      return { columns, rows };
    });
  });

  app.get('/api/compare', {
    schema: {
      tags: ['rankings'],
      summary: 'Several townships side by side for one year, every metric',
      querystring: Type.Object(CompareFilter),
      response: {
        200: Type.Object({
          year: Type.Integer(),
          townships: Type.Array(Type.Object({
            code: Type.String(), name: Type.String(), countyName: NullableString, cityName: NullableString, provinceName: NullableString,
            reportId: NullableInteger, hasFailure: Type.Boolean(),
          })),
          metrics: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), labelEn: Type.String(), unit: Type.String(), values: Type.Array(NullableNumber) })),
        }),
        ...errors,
      },
    },
  }, async (req, reply) => sendJson(reply, ctx, queryKey('compare', req.query), () => ctx.rankings.compare({ year: req.query.year, townships: req.query.townships.split(',') })));

  app.get('/api/compare.csv', {
    schema: { tags: ['rankings'], summary: 'Compare as CSV: one row per metric, one column per township', querystring: Type.Object({ ...CompareFilter, lang: LangParam }), response: errors },
  }, async (req, reply) => {
    const { lang: l, year, townships } = req.query;
    return sendCsv(reply, ctx, queryKey('compare', { year, townships }), `compare-${year}.csv`, l, () => {
      const c = ctx.rankings.compare({ year, townships: townships.split(',') });
      type Row = (typeof c.metrics)[number];
      const columns: CsvColumn<Row>[] = [
        { zh: '指标', en: 'Metric id', value: (m) => m.id },
        { zh: '名称', en: 'Metric', value: (m) => lang(l, m.label, m.labelEn) },
        ...c.townships.map((t, i): CsvColumn<Row> => ({ zh: `${t.name}（${t.code}）`, en: `${t.name} (${t.code})`, value: (m) => m.values[i] })),
      ];
      return { columns, rows: c.metrics };
    });
  });
}
