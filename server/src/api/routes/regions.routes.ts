import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { RegionLevel } from '@nianbao/shared';
import { Type, type TSchema } from 'typebox';
import type { CsvColumn } from '../csv.ts';
import { Defaulted, LangParam } from '../schemas.ts';
import type { RegionTreeNode } from '../services/regions.service.ts';
import { sendCsv, sendJson, sendJsonText, type RouteContext } from './context.ts';

const ReportCounts = Type.Array(Type.Object({ year: Type.Integer(), count: Type.Integer() }));
// Four explicit levels instead of a recursive $ref: simpler OpenAPI for client generators.
const nodeOf = (children?: TSchema) =>
  Type.Object({
    code: Type.String(),
    name: Type.String(),
    level: Type.String(),
    reports: ReportCounts,
    children: children ? Type.Array(children) : Type.Array(Type.Never(), { maxItems: 0 }),
  });
const LevelName = Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('county'), Type.Literal('township')]);
const SearchAnswer = Type.Object({
  total: Type.Integer({ description: 'Regions matching in all; `regions` holds the first `limit`' }),
  regions: Type.Array(Type.Object({
    code: Type.String(),
    name: Type.String(),
    level: LevelName,
    path: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: LevelName })),
  })),
});
const Tree = Type.Object({ years: Type.Array(Type.Integer()), provinces: Type.Array(nodeOf(nodeOf(nodeOf(nodeOf())))) });

interface FlatRegion { node: RegionTreeNode; path: RegionTreeNode[] }

function flatten(nodes: RegionTreeNode[], path: RegionTreeNode[] = [], out: FlatRegion[] = []): FlatRegion[] {
  for (const n of nodes) {
    out.push({ node: n, path });
    flatten(n.children, [...path, n], out);
  }
  return out;
}

export function regionsRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/regions', {
    schema: {
      tags: ['regions'],
      summary: 'Region tree province → city → county → township, only where reports exist, with ok reports per year',
      response: { 200: Tree },
    },
  }, async (_req, reply) => sendJson(reply, ctx, 'regions', () => ctx.regions.tree()));

  app.get('/api/regions/search', {
    schema: {
      tags: ['regions'],
      summary: 'Find regions with reports by name, by county (or city, province) and name together (嘉陵区里坝镇, "嘉陵 里坝"), or by code; best first, with how many match in all',
      querystring: Type.Object({
        q: Type.String({ minLength: 1, maxLength: 60, description: 'What was typed: a name, names from the county (or province) down, space-separated words, or a code prefix' }),
        levels: Defaulted(Type.String({ pattern: '^(?:province|city|county|township)(?:,(?:province|city|county|township)){0,3}$', default: 'township', description: 'Levels searched, comma-separated' })),
        limit: Defaulted(Type.Integer({ minimum: 1, maximum: 500, default: 15 })),
      }),
      response: { 200: SearchAnswer },
    },
  }, async (req, reply) => {
    const { q, levels, limit } = req.query;
    // What people type is a long tail: memoised only when asked again.
    return sendJsonText(reply, ctx, `regions/search:${levels}:${limit}:${q}`, () => JSON.stringify(ctx.regions.search(q, levels.split(',') as RegionLevel[], limit)), true);
  });

  app.get('/api/regions.csv', {
    schema: { tags: ['regions'], summary: 'The region tree flattened: one row per region, a report-count column per year', querystring: Type.Object({ lang: LangParam }) },
  }, async (req, reply) =>
    sendCsv(reply, ctx, 'regions', 'regions.csv', req.query.lang, () => {
      const { years, provinces } = ctx.regions.tree();
      const up = (f: FlatRegion, level: string) => f.path.find((p) => p.level === level)?.name ?? null;
      const columns: CsvColumn<FlatRegion>[] = [
        { zh: '区划代码', en: 'Code', kind: 'code', value: (f) => f.node.code },
        { zh: '名称', en: 'Name', value: (f) => f.node.name },
        { zh: '层级', en: 'Level', kind: 'term', value: (f) => f.node.level },
        { zh: '省', en: 'Province', value: (f) => up(f, 'province') },
        { zh: '市', en: 'City', value: (f) => up(f, 'city') },
        { zh: '县（区）', en: 'County', value: (f) => up(f, 'county') },
        ...years.map((y): CsvColumn<FlatRegion> => ({ zh: `${y}年报告数`, en: `Reports ${y}`, value: (f) => f.node.reports.find((r) => r.year === y)?.count ?? 0 })),
      ];
      return { columns, rows: flatten(provinces) };
    }));
}
