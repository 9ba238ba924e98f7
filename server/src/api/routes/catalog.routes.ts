import { METRICS, METRIC_UNITS, type MetricDef } from '@nianbao/shared';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { CsvColumn } from '../csv.ts';
import { LangParam } from '../schemas.ts';
import { sendCsv, type RouteContext } from './context.ts';

const Metric = Type.Object({
  id: Type.String(),
  label: Type.String(),
  labelEn: Type.String(),
  unit: Type.Enum(['count', 'items', 'money', 'share']),
  group: Type.String(),
  source: Type.Enum(['field', 'derived']),
  templates: Type.Array(Type.String()),
  formula: Type.String(),
  additive: Type.Boolean(),
  ratio: Type.Optional(Type.Object({ numerator: Type.String(), denominator: Type.String() })),
  better: Type.Enum(['higher', 'lower', 'neutral'], { description: 'Which direction is better: marks and colours follow it; neutral metrics (volumes) get none' }),
});

const METRIC_CSV: CsvColumn<MetricDef>[] = [
  { zh: '指标', en: 'Metric id', value: (m) => m.id },
  { zh: '名称', en: 'Label (zh)', value: (m) => m.label },
  { zh: '英文名称', en: 'Label', value: (m) => m.labelEn },
  { zh: '单位', en: 'Unit', kind: 'term', value: (m) => `unit.${m.unit}` },
  { zh: '来源', en: 'Source', kind: 'term', value: (m) => `source.${m.source}` },
  { zh: '模板', en: 'Templates', value: (m) => m.templates.join(' ') },
  { zh: '计算方法', en: 'Formula', value: (m) => m.formula },
];

export function catalogRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/health', {
    schema: { tags: ['meta'], summary: 'Liveness (also the benchmark ceiling: no database work)', response: { 200: Type.Object({ ok: Type.Boolean() }) } },
  }, async () => ({ ok: true }));

  app.get('/api/metrics', {
    schema: {
      tags: ['catalog'],
      summary: 'Every metric a user can rank, aggregate or chart by, with labels, unit and templates',
      response: { 200: Type.Object({ units: Type.Record(Type.String(), Type.Object({ zh: Type.String(), en: Type.String() })), metrics: Type.Array(Metric) }) },
    },
  }, async () => ({ units: METRIC_UNITS, metrics: METRICS as MetricDef[] }));

  app.get('/api/metrics.csv', {
    schema: { tags: ['catalog'], summary: 'The metric catalog as CSV', querystring: Type.Object({ lang: LangParam }) },
  }, async (req, reply) => sendCsv(reply, ctx, 'metrics', 'metrics.csv', req.query.lang, () => ({ columns: METRIC_CSV, rows: METRICS })));
}
